"""Queries run where they can be stopped: :class:`IsolatedStore` wraps any Store.

pyoxigraph can neither cancel nor time out a query, and a pathological query can crash the
process that runs it. For an on-disk store, reads therefore run in a pool of worker processes,
each holding a read-only snapshot of the store (reopened when the store's write ``generation``
moves). A query that outlives its wall-clock limit has its worker killed and replaced, and the
caller gets :class:`~ipas.errors.QueryTimeout`; a worker that dies answers a generic 500 and is
replaced. Answers are serialized in the worker, so only bytes cross the process boundary.

Queries that are bounded by their structure (:mod:`ipas.query.lean`: every pattern anchored by
a constant or a bound variable, no paths, unions, aggregates or sub-queries) skip the worker:
they run in the calling thread on a read-only snapshot opened in this process (reopened when
the write generation moves; :mod:`ipas.query.lean_reader`), without a worker round trip
(pipe, pickling, wake-up) and without taking a worker slot. They cannot be stopped, which is
why only queries whose work is bounded by the neighbourhood of their constants qualify, and
a large answer is still built by a worker; ``IPAS_LEAN_READS=false`` sends every query to
the workers.

Memory stores (tests, embedding) have no snapshot to share with another process: their
queries run in threads with the same API and the same limits, except that a timed-out query
is abandoned rather than killed and keeps its thread busy until it ends. Other backends
(remote engines) are called in threads too and enforce time limits on their side as well.

Writes always go to the wrapped store, whose single writer they share.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib.term import Identifier, Node

from ipas.errors import BadInput, IpasError, LimitExceeded, QueryTimeout
from ipas.query.fairness import Admission, current_caller
from ipas.query.formats import CSV, N_TRIPLES, SPARQL_JSON, neutralize_csv
from ipas.query.lean import is_lean
from ipas.query.lean_reader import LeanReader
from ipas.query.rows import CONTENT_TYPES, Rendering, render
from ipas.query.tokens import Kind, tokenize
from ipas.query.worker import Answer, Job, raise_reply, run_job
from ipas.settings import Settings
from ipas.store.base import (
    QueryKind,
    RawResult,
    Scope,
    SelectResult,
    Store,
    StoreStats,
)
from ipas.store.terms import from_ox

log = logging.getLogger(__name__)


class QueryAnswer(RawResult):
    """A serialized answer that also says whether the row limit cut it."""

    def __init__(self, answer: Answer, kind: QueryKind) -> None:
        super().__init__(kind, answer.media_type, answer.body, answer.row_count)
        self.truncated = answer.truncated


#: Time a new worker may take to import and open the store (not counted against queries).
STARTUP_S = 60.0


class _Worker:
    """``python -m ipas.query.worker`` with a job pipe and a reply pipe (no inherited state)."""

    def __init__(self, path: str, generation: int, memory_mb: int) -> None:
        job_r, job_w = os.pipe()
        reply_r, reply_w = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ipas.query.worker", str(job_r), str(reply_w), path,
                 str(generation), str(memory_mb)],
                pass_fds=(job_r, reply_w),
                stdin=subprocess.DEVNULL,
            )
        finally:
            os.close(job_r)
            os.close(reply_w)
        self.jobs = Connection(job_w, readable=False)
        self.replies = Connection(reply_r, writable=False)
        self.ready = False

    def wait_ready(self) -> None:
        """Wait for the worker's start-up (imports, opening the store): EOFError if it fails."""
        if self.ready:
            return
        if not self.replies.poll(STARTUP_S) or self.replies.recv() != ("ready", None):
            raise EOFError("the query worker did not start")
        self.ready = True

    def call(self, job: Job, timeout: float) -> Any:
        self.jobs.send(job)
        if not self.replies.poll(max(timeout, 0.0)):
            raise TimeoutError
        return self.replies.recv()  # EOFError when the worker died

    def stop(self, grace: float = 0.0) -> None:
        """Kill the worker (after ``grace`` seconds for one that is already ending)."""
        if grace:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=grace)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.jobs.close()
        self.replies.close()


class WorkerPool:
    """At most ``size`` worker processes over the store at ``path``, started on first use.

    ``generation`` tells new workers which write generation to open (see ``Job``).
    """

    def __init__(self, path: Path, size: int, generation: Callable[[], int],
                 memory_mb: int = 2048) -> None:
        self.path = str(path)
        self.size = size
        self.memory_mb = memory_mb
        self.generation = generation
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()
        self._closed = False
        self._workers: set[_Worker] = set()

    def run(self, job: Job, timeout_s: float) -> Answer:
        """Run ``job`` with ``timeout_s`` of engine time (waiting for a free worker is limited
        by ``timeout_s`` too; a worker's start-up is not counted)."""
        worker = self._acquire(time.monotonic() + timeout_s)
        try:
            worker.wait_ready()
            reply: Any = worker.call(job, timeout_s)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(
                f"the query ran longer than {timeout_s:g} s and was stopped; "
                "narrow it (LIMIT, more specific patterns) or ask for a higher limit",
                timeout_s=timeout_s,
            ) from None
        except (EOFError, OSError):
            self._replace(worker, grace=1.0)
            if worker.process.returncode == -signal.SIGABRT:  # an allocation failed
                raise LimitExceeded(
                    f"the query needed more than the {self.memory_mb} MB a query may use; "
                    "narrow it", memory_mb=self.memory_mb,
                ) from None
            log.error("query worker %s died (%s)", worker.process.pid, worker.process.returncode)
            raise IpasError("the query stopped the engine; it was not completed") from None
        self._idle.put(worker)
        return raise_reply(reply)

    def _acquire(self, deadline: float) -> _Worker:
        with self._lock:
            if self._closed:
                raise IpasError("the store is closed")
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                if self._started < self.size:
                    self._started += 1
                    return self._spawn()
        try:
            return self._idle.get(timeout=max(deadline - time.monotonic(), 0.0))
        except queue.Empty:
            raise QueryTimeout(
                "every query worker stayed busy for the whole time limit; try again later"
            ) from None

    def _spawn(self) -> _Worker:
        worker = _Worker(self.path, self.generation(), self.memory_mb)
        self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker, grace: float = 0.0) -> None:
        worker.stop(grace)
        with self._lock:
            self._workers.discard(worker)
            if self._closed:
                return
            self._idle.put(self._spawn())

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, set()
        for worker in workers:
            worker.stop()


class IsolatedStore(Store):
    """``inner`` with every read run in a killable worker and bounded by the settings' limits.

    ``timeout_s`` and ``max_rows`` given per call can only lower the deployment's limits.
    """

    def __init__(self, inner: Store, settings: Settings) -> None:
        self.inner = inner
        self.timeout_s = settings.query_timeout_s
        self.max_rows = settings.max_result_rows
        path: Path | None = getattr(inner, "path", None)
        self._pool = (
            WorkerPool(path, settings.query_workers, lambda: self.generation,
                       settings.query_memory_mb)
            if path is not None else None
        )
        self._admission = Admission(workers=settings.query_workers,
                                    per_caller=settings.queries_per_caller,
                                    wait_s=settings.query_queue_wait_s)
        self._flushed = -1
        self._flush_lock = threading.Lock()
        engine = getattr(inner, "engine", None)  # lean reads need a pyoxigraph store
        self._lean = (
            LeanReader(engine, str(path) if path is not None else None, self._flush)
            if settings.lean_reads and isinstance(engine, ox.Store) else None
        )
        self._threads: ThreadPoolExecutor | None = None
        if self._pool is None:
            self._threads = ThreadPoolExecutor(
                settings.query_workers, thread_name_prefix="ipas-query"
            )

    @property
    def lean_reads(self) -> bool:
        """True when lean queries may be answered in this process (see the module docstring)."""
        return self._lean is not None

    @property
    def isolated(self) -> bool:
        """True when queries run in worker processes (killed at the time limit)."""
        return self._pool is not None

    # -- the one read path -------------------------------------------------------------------
    def _job(
        self,
        query: str,
        scope: Scope,
        media_type: str,
        bindings: Mapping[str, Identifier] | None,
        max_rows: int | None,
        timeout_s: float | None,
        base_iri: str | None = None,
    ) -> Job:
        resolved = scope.resolve()
        return Job(
            query=query,
            media_type=media_type,
            default_graphs=resolved.default_graphs,
            named_graphs=resolved.named_graphs,
            bindings=dict(bindings) if bindings else None,
            max_rows=min(max_rows or self.max_rows, self.max_rows),
            generation=int(getattr(self.inner, "generation", 0)),
            base_iri=base_iri,
            timeout_s=min(timeout_s or self.timeout_s, self.timeout_s),
        )

    def _run(self, job: Job) -> Answer:
        answer = self._lean_answer(job)
        if answer is not None:
            return answer
        assert job.timeout_s is not None
        with self._admission.slot(current_caller()):  # a caller's share, a bounded queue
            return self._run_admitted(job, job.timeout_s)

    def _is_lean(self, job: Job) -> bool:
        return self._lean is not None and is_lean(job.query, job.bindings or ())

    def _lean_answer(self, job: Job) -> Answer | None:
        if self._lean is None or not self._is_lean(job):
            return None
        return self._lean.answer(job)

    def _run_admitted(self, job: Job, limit: float) -> Answer:
        if self._pool is not None:
            self._flush(job.generation)
            return self._pool.run(job, limit)
        assert self._threads is not None
        future = self._threads.submit(self._in_thread, job)
        try:
            return future.result(timeout=limit)
        except FutureTimeout:
            future.cancel()
            raise QueryTimeout(
                f"the query ran longer than {limit:g} s and was abandoned", timeout_s=limit
            ) from None

    def _flush(self, generation: int) -> None:
        """Write the engine's memtables to disk once per write generation.

        A read-only view replays the write-ahead log when it opens: after a large transactional
        load that took seconds per worker (and memory); after a flush it takes milliseconds.
        """
        if generation == self._flushed:
            return
        with self._flush_lock:
            if generation != self._flushed:
                engine = getattr(self.inner, "engine", None)
                if isinstance(engine, ox.Store):
                    engine.flush()
                self._flushed = generation

    def _in_thread(self, job: Job) -> Answer:
        engine: ox.Store | None = getattr(self.inner, "engine", None)
        if isinstance(engine, ox.Store):
            return run_job(engine, job)
        raw = self.inner.query_raw(
            job.query,
            scope=Scope(graphs=None, default_graphs=job.default_graphs,
                        named_graphs=job.named_graphs),
            media_type=job.media_type, bindings=job.bindings, max_rows=job.max_rows,
        )
        body = raw.body
        if job.render is not None and raw.kind is QueryKind.SELECT:
            solutions = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
            assert isinstance(solutions, ox.QuerySolutions)
            names = [v.value for v in solutions.variables]
            rows = list(solutions)
            return Answer(raw.kind, CONTENT_TYPES[job.render.media],
                          render(job.render, names, rows), len(rows), False)
        if raw.media_type.split(";")[0].strip() == CSV:
            body = neutralize_csv(body)  # other backends' CSV gets the same treatment
        return Answer(raw.kind, raw.media_type, body, raw.row_count, False)

    # -- reads -------------------------------------------------------------------------------
    def query_raw(self, query: str, *, scope: Scope, media_type: str,
                  bindings: Mapping[str, Identifier] | None = None,
                  max_rows: int | None = None, timeout_s: float | None = None,
                  base_iri: str | None = None) -> RawResult:
        """As the Store's, plus ``base_iri`` for relative IRIs (the protocol's endpoint URL)."""
        job = self._job(query, scope, media_type, bindings, max_rows, timeout_s, base_iri)
        return self._raw(query, self._run(job))

    def query_raw_lean(self, query: str, *, scope: Scope, media_type: str,
                       max_rows: int | None = None, timeout_s: float | None = None,
                       base_iri: str | None = None) -> RawResult | None:
        """:meth:`query_raw` when the query is lean and its answer is built in this thread,
        else None (nothing run but the lean attempt): for callers that must not wait on a
        worker, such as the server's fast routes (:mod:`api.fast`)."""
        job = self._job(query, scope, media_type, None, max_rows, timeout_s, base_iri)
        answer = self._lean_answer(job)
        return None if answer is None else self._raw(query, answer)

    @staticmethod
    def _raw(query: str, answer: Answer) -> QueryAnswer:
        kind = answer.kind
        if kind is QueryKind.CONSTRUCT and query_form(query) is QueryKind.DESCRIBE:
            kind = QueryKind.DESCRIBE
        return QueryAnswer(answer, kind)

    def select(self, query: str, *, scope: Scope,
               bindings: Mapping[str, Identifier] | None = None, max_rows: int | None = None,
               timeout_s: float | None = None) -> SelectResult:
        job = self._job(query, scope, SPARQL_JSON, bindings, max_rows, timeout_s)
        lean = self._lean_select(job)
        if lean is not None:
            return lean
        answer = self._run(job)
        if answer.kind is not QueryKind.SELECT:
            raise BadInput("expected a SELECT query", source="query")
        solutions = ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        out = SelectResult(variables=names, truncated=answer.truncated)
        for row in solutions:
            out.rows.append({n: from_ox(row[n]) for n in names if row[n] is not None})
        return out

    def select_rendered(self, query: str, *, scope: Scope, rendering: Rendering,
                        max_rows: int | None = None,
                        timeout_s: float | None = None) -> QueryAnswer:
        """A SELECT's rows rendered for REST (:mod:`ipas.query.rows`) where the query runs:
        the worker answers the final bytes, so no row is parsed back into Python terms."""
        job = replace(self._job(query, scope, SPARQL_JSON, None, max_rows, timeout_s),
                      render=rendering)
        answer = self._run(job)
        if answer.kind is not QueryKind.SELECT:
            raise BadInput("expected a SELECT query", source="query")
        return QueryAnswer(answer, QueryKind.SELECT)

    def select_lean(self, query: str, *, scope: Scope,
                    bindings: Mapping[str, Identifier] | None = None,
                    max_rows: int | None = None,
                    timeout_s: float | None = None) -> SelectResult | None:
        """:meth:`select` when the query is lean and answered in this thread, else None."""
        return self._lean_select(
            self._job(query, scope, SPARQL_JSON, bindings, max_rows, timeout_s))

    def _lean_select(self, job: Job) -> SelectResult | None:
        if self._lean is None or not self._is_lean(job):
            return None
        return self._lean.select(job)

    def ask(self, query: str, *, scope: Scope,
            bindings: Mapping[str, Identifier] | None = None,
            timeout_s: float | None = None) -> bool:
        answer = self._run(self._job(query, scope, SPARQL_JSON, bindings, None, timeout_s))
        if answer.kind is not QueryKind.ASK:
            raise BadInput("expected an ASK query", source="query")
        result = ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)
        return bool(result)

    def construct(self, query: str, *, scope: Scope,
                  bindings: Mapping[str, Identifier] | None = None,
                  max_rows: int | None = None,
                  timeout_s: float | None = None) -> list[tuple[Node, Node, Node]]:
        answer = self._run(self._job(query, scope, N_TRIPLES, bindings, max_rows, timeout_s))
        if answer.kind is not QueryKind.CONSTRUCT:
            raise BadInput("expected a CONSTRUCT or DESCRIBE query", source="query")
        return [
            (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
            for t in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
        ]

    # -- writes and inventory: the wrapped store's -------------------------------------------
    def update(self, sparql_update: str) -> None:
        self.inner.update(sparql_update)

    def load(self, data: bytes | Path, media_type: str, *, graph: str | None = None) -> None:
        self.inner.load(data, media_type, graph=graph)

    def drop_graph(self, graph: str) -> None:
        self.inner.drop_graph(graph)

    def graphs(self) -> list[str]:
        return self.inner.graphs()

    def export(self, out: BinaryIO, *, media_type: str,
               graphs: Sequence[str] | None = None) -> None:
        self.inner.export(out, media_type=media_type, graphs=graphs)

    def stats(self, *, scope: Scope) -> StoreStats:
        return self.inner.stats(scope=scope)

    @property
    def generation(self) -> int:
        return int(getattr(self.inner, "generation", 0))

    def close(self) -> None:
        """Stop the workers (the wrapped store is closed by whoever opened it)."""
        if self._lean is not None:
            self._lean.close()
        if self._pool is not None:
            self._pool.close()
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)


def query_form(text: str) -> QueryKind | None:
    """The form of a query (the first keyword after its prologue); None for anything else.

    >>> query_form("PREFIX ex: <urn:x#> DESCRIBE ex:a"), query_form("INSERT DATA {}")
    (<QueryKind.DESCRIBE: 'DESCRIBE'>, None)
    """
    skip = {"PREFIX", "BASE"}
    for token in tokenize(text):
        if token.kind is Kind.WORD and token.upper not in skip:
            return QueryKind.__members__.get(token.upper)
    return None
