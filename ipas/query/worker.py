"""One query, run against a pyoxigraph store and serialized there: the body of a query worker.

:func:`run_job` is what a worker process does for each job (and what the in-thread executor
of memory stores does): build the dataset from the scope, run the query, cut it at the row
limit, and serialize it in the requested media type (or render SELECT rows as the REST routes
answer them, :mod:`ipas.query.rows`), so that only bytes travel back.
:func:`serve` is the worker process's loop. Errors travel back as plain data and are rebuilt
as the project's typed errors by :func:`raise_reply`; anything else is a crash, reported
without detail.
"""

from __future__ import annotations

import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox
from rdflib.term import Identifier

from ipas import errors
from ipas.errors import BadInput, IpasError
from ipas.query.formats import neutralize_csv
from ipas.query.rows import CONTENT_TYPES, Rendering, render
from ipas.store.base import QueryKind
from ipas.store.dataset import dataset_options
from ipas.store.oxigraph import syntax_error, values_clause
from ipas.store.results import rdf_format, results_format, serialize_solutions
from ipas.store.terms import to_ox


@dataclass(frozen=True)
class Job:
    """A query with its dataset already resolved from the caller's scope."""

    query: str
    media_type: str
    default_graphs: tuple[str, ...] | None  # None: the union of every graph
    named_graphs: tuple[str, ...] | None  # None: every named graph
    bindings: dict[str, Identifier] | None = None
    max_rows: int | None = None
    generation: int = 0  # the store's write generation the answer must reflect
    base_iri: str | None = None  # resolves relative IRIs in the query
    timeout_s: float | None = None  # the parent's wall-clock limit (sets the CPU backstop)
    render: Rendering | None = None  # SELECT rows as REST renders them, not ``media_type``


@dataclass(frozen=True)
class Answer:
    kind: QueryKind
    media_type: str
    body: bytes
    row_count: int | None
    truncated: bool


class SubstitutionRefused(Exception):
    """The engine could not bind a variable by substitution, and no fallback was allowed."""


def run_job(engine: ox.Store, job: Job, *, values_fallback: bool = True) -> Answer:
    """Run ``job`` on ``engine``. Without ``values_fallback``, bindings the engine cannot
    substitute raise :class:`SubstitutionRefused` instead of becoming a ``VALUES`` row (the
    lean path's bound assumes bound variables are constants in the plan).

    >>> engine = ox.Store()
    >>> engine.update("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> 1, 2, 3 } }")
    >>> job = Job("SELECT ?o { ?s ?p ?o }", "text/csv", ("urn:g",), None, max_rows=2)
    >>> answer = run_job(engine, job)
    >>> answer.row_count, answer.truncated, answer.body.count(b"\\n")
    (2, True, 3)
    """
    result = evaluate(engine, job, values_fallback)
    if isinstance(result, ox.QueryBoolean):
        fmt = results_format(job.media_type)
        body = result.serialize(format=fmt) or b""
        return Answer(QueryKind.ASK, fmt.media_type, body, None, False)
    if isinstance(result, ox.QuerySolutions) and job.render is not None:
        names = [v.value for v in result.variables]
        rows, truncated = limited(result, job.max_rows)
        return Answer(QueryKind.SELECT, CONTENT_TYPES[job.render.media],
                      render(job.render, names, rows), len(rows), truncated)
    if isinstance(result, ox.QuerySolutions):
        fmt = results_format(job.media_type)
        names = [v.value for v in result.variables]
        rows, truncated = limited(result, job.max_rows)
        body = serialize_solutions(names, rows, fmt)
        if fmt == ox.QueryResultsFormat.CSV:
            body = neutralize_csv(body)
        return Answer(QueryKind.SELECT, fmt.media_type, body, len(rows), truncated)
    rdf = rdf_format(job.media_type)
    triples, truncated = limited(result, job.max_rows)
    items: list[Any] = triples
    if rdf.supports_datasets:  # TriG / N-Quads: the triples form the default graph
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    body = ox.serialize(items, format=rdf) or b""
    return Answer(QueryKind.CONSTRUCT, rdf.media_type, body, len(triples), truncated)


def evaluate(engine: ox.Store, job: Job, values_fallback: bool = True) -> Any:
    """``job``'s query on ``engine`` over its dataset: pyoxigraph's lazy result, unserialized
    (a ``SyntaxError`` or an evaluation error becomes ``BadInput``)."""
    kwargs: dict[str, Any] = {"base_iri": job.base_iri} if job.base_iri else {}
    kwargs.update(dataset_options(engine, job.default_graphs, job.named_graphs))
    try:
        if not job.bindings:
            return engine.query(job.query, **kwargs)
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
        substitutions = {ox.Variable(k): to_ox(v) for k, v in job.bindings.items()}
        try:
            return engine.query(job.query, substitutions=substitutions, **kwargs)
        except RuntimeError:
            # Substitution binds projected variables only; the others get a VALUES row of
            # engine-serialized terms (see ipas.store.oxigraph.values_clause).
            if not values_fallback:
                raise SubstitutionRefused from None
            return engine.query(job.query + values_clause(job.bindings), **kwargs)
    except SyntaxError as err:
        raise syntax_error(err, "query") from None
    except RuntimeError as err:  # e.g. an unsupported extension function: the query's fault
        if "IO error" in str(err) or "Corruption" in str(err):
            raise  # the store, not the query: the worker reopens it
        raise BadInput(f"the query cannot be evaluated: {err}", source="query") from None


def limited(items: Any, max_rows: int | None) -> tuple[list[Any], bool]:
    """The first ``max_rows`` of ``items``, and whether there were more."""
    out: list[Any] = []
    for item in items:
        if max_rows is not None and len(out) >= max_rows:
            return out, True
        out.append(item)
    return out, False


# -- the worker process ------------------------------------------------------------------
Reply = tuple[str, Any]


def serve(jobs: Connection, replies: Connection, path: str, generation: int = -1) -> None:
    """Answer jobs from ``jobs`` until it closes, over a read-only view of the store at ``path``.

    The view is a snapshot of write ``generation``; it is reopened when a job asks for a newer
    one. ``("ready", None)`` is sent once the store is open, before the first job is read.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    engine: ox.Store | None = None
    try:
        engine = open_read_only(path)
    except (OSError, RuntimeError):
        engine = None  # reopened (or reported) when the first job arrives
    replies.send(("ready", None))
    while True:
        try:
            job: Job = jobs.recv()
        except (EOFError, OSError):
            return
        _cpu_backstop(job.timeout_s)
        reply: Reply = ("crash", None)
        for attempt in range(2):
            try:
                if engine is None or job.generation != generation:
                    engine = None
                    engine = open_read_only(path)
                    generation = job.generation
                reply = ("ok", run_job(engine, job))
            except IpasError as err:
                reply = ("error", (type(err).__name__, err.message, err.detail))
            except (OSError, RuntimeError):
                # The writer compacted away a file this view needed: reopen once and retry.
                engine = None
                if attempt == 0:
                    continue
            except Exception:  # noqa: BLE001 - reported to the parent as a crash, no detail
                reply = ("crash", None)
            break
        replies.send(reply)


def open_read_only(path: str) -> ox.Store:
    """A read-only view of the store, retried while the writer's compaction moves files."""
    for attempt in range(6):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):
            if attempt == 5:
                raise
            time.sleep(0.02 * 2**attempt)
    raise AssertionError("unreachable")


def _cpu_backstop(timeout_s: float | None) -> None:
    """Let the kernel end this worker if one job burns far more CPU than its time limit.

    The parent kills a worker at the wall-clock limit; this covers the case where the parent
    itself died (kill -9) while a runaway query was running, which would leave an orphan.
    """
    if timeout_s is None:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(used + 2 * timeout_s + 3)
    if hard == resource.RLIM_INFINITY or soft <= hard:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def raise_reply(reply: Reply) -> Answer:
    """The answer in ``reply``, or the typed error it carries."""
    status, payload = reply
    if status == "ok":
        assert isinstance(payload, Answer)
        return payload
    if status == "error":
        name, message, detail = payload
        cls = getattr(errors, name, None)
        if isinstance(cls, type) and issubclass(cls, IpasError):
            raise cls(message, **detail)
    raise IpasError("the query failed inside the engine")


def main(argv: list[str]) -> None:
    """Entry point of ``python -m ipas.query.worker JOB_FD REPLY_FD STORE_PATH GENERATION
    MEMORY_MB``: the heap limit is set before the store is opened."""
    if len(argv) > 5:
        limit = int(argv[5]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    jobs = Connection(int(argv[1]), writable=False)
    replies = Connection(int(argv[2]), readable=False)
    serve(jobs, replies, argv[3], int(argv[4]))


if __name__ == "__main__":
    import sys

    # Run the imported module, not this __main__ copy, so pickled classes keep their names.
    from ipas.query import worker

    worker.main(sys.argv)
