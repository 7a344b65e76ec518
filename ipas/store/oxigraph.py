"""The embedded store: Oxigraph through pyoxigraph, on disk (a directory) or in memory.

Reads run against a dataset built from the caller's :class:`~ipas.store.base.Scope` and handed
to the engine (``default_graph`` / ``named_graphs``), which wins over the query's own ``FROM``
and ``FROM NAMED``. Writes are serialized: a thread lock inside the process and, for a store on
disk, an exclusive lock file beside it (``<dir>.lock``), so a second writing process fails at
open with a clear message instead of an engine lock error. Every committed write bumps a
generation counter kept in ``<dir>.generation``; readers that hold
``pyoxigraph.Store.read_only`` snapshots (the API's killable query workers) reopen when it moves.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from pathlib import Path
from typing import IO, Any, BinaryIO

import pyoxigraph as ox
from rdflib.term import Identifier, Node

from ipas.errors import BadInput, Conflict, LimitExceeded, QueryTimeout, UnsupportedMediaType
from ipas.store.base import QueryKind, RawResult, Scope, SelectResult, Store, StoreStats
from ipas.store.dataset import dataset_options
from ipas.store.results import rdf_format, results_format, serialize_solutions
from ipas.store.terms import from_ox, graph_node, to_ox

#: Files larger than this load through ``bulk_load`` (streamed, still all-or-nothing).
BULK_LOAD_BYTES = 32 * 1024 * 1024
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def generation_path(path: Path) -> Path:
    """The sibling file holding a disk store's write generation.

    >>> generation_path(Path("var/store")).name
    'store.generation'
    """
    return path.parent / f"{path.name}.generation"


def read_generation(path: Path) -> int:
    """The committed-write counter of the store at ``path`` (0 before the first write)."""
    try:
        return int(generation_path(path).read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def load_format(media_type: str) -> ox.RdfFormat:
    """The RDF format the engine parses for a media type, or an unsupported-media-type error."""
    fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
    if fmt is None or fmt == ox.RdfFormat.N3:
        raise UnsupportedMediaType(
            f"cannot load {media_type!r}",
            supported=[
                f.media_type for f in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES,
                                       ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG,
                                       ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD)
            ],
        )
    return fmt


def syntax_error(err: SyntaxError, source: str | None = None) -> BadInput:
    """A pyoxigraph ``SyntaxError`` as ``BadInput``, with line and column when known."""
    message = str(err.msg) if err.msg else str(err)
    line, column = err.lineno, err.offset
    found = _POSITION.search(message)
    if found:  # "error at 1:10: ..." (queries), "Parser error at line 3 column 5: ..." (data)
        line = line if line is not None else int(found["line"] or found["line2"])
        column = column if column is not None else int(found["column"] or found["column2"])
        message = message[found.end():].strip() or message
    return BadInput(message, source=source, line=line, column=column)


_POSITION = re.compile(
    r"error at (?:(?P<line>\d+):(?P<column>\d+)|line (?P<line2>\d+) "
    r"(?:column|between columns) (?P<column2>\d+)(?: and \d+)?):?"
)


class OxigraphStore(Store):
    """Oxigraph on disk (``path``) or in memory (``path=None``).

    >>> s = OxigraphStore()
    >>> s.load(b"<urn:s> <urn:p> <urn:o> .", "application/n-triples", graph="urn:g")
    >>> q = "ASK { ?s ?p ?o }"
    >>> s.ask(q, scope=Scope.of(["urn:g"])), s.ask(q, scope=Scope.of([]))
    (True, False)
    >>> s.generation
    1
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self._path = Path(path) if path is not None else None
        self._read_only = read_only
        self._write_lock = threading.Lock()
        self._lock_file: IO[str] | None = None
        self._generation = 0
        if self._path is None:
            self._store: ox.Store | None = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(self._path))
            self._generation = read_generation(self._path)
        else:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._lock_file = _exclusive_lock(self._path)
            try:
                self._store = ox.Store(str(self._path))
            except OSError:
                self._release_lock()
                raise
            self._generation = read_generation(self._path)

    # -- identity ----------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        """The store directory (``None`` in memory)."""
        return self._path

    @property
    def generation(self) -> int:
        """Committed writes so far; persisted beside a disk store as ``<dir>.generation``."""
        return self._generation

    @property
    def engine(self) -> ox.Store:
        if self._store is None:
            raise Conflict("the store is closed")
        return self._store

    # -- reads -------------------------------------------------------------------------------
    def _query(
        self, query: str, scope: Scope, bindings: Mapping[str, Identifier] | None
    ) -> Any:
        resolved = scope.resolve()
        kwargs = dataset_options(self.engine, resolved.default_graphs, resolved.named_graphs)
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
        try:
            try:
                return self.engine.query(query, **kwargs)
            except RuntimeError:
                # SEP-0007 substitution only binds projected variables; bind the others with a
                # trailing VALUES block of engine-serialized terms (never the caller's text).
                if not bindings:
                    raise
                del kwargs["substitutions"]
                return self.engine.query(query + values_clause(bindings), **kwargs)
        except SyntaxError as err:
            raise syntax_error(err, "query") from None

    @staticmethod
    def _limited(items: Iterator[Any], max_rows: int | None, deadline: float | None,
                 ) -> tuple[list[Any], bool]:
        """At most ``max_rows`` items, and whether more were left; stops at the deadline."""
        out: list[Any] = []
        for item in items:
            if max_rows is not None and len(out) >= max_rows:
                return out, True
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeout("the query ran past its time limit")
            out.append(item)
        return out, False

    @staticmethod
    def _deadline(timeout_s: float | None) -> float | None:
        # In-process queries cannot be interrupted inside the engine; the deadline is checked
        # between result rows. The API runs queries in killable workers for a hard limit.
        return None if timeout_s is None else time.monotonic() + timeout_s

    def select(self, query: str, *, scope: Scope, bindings: Mapping[str, Identifier] | None = None,
               max_rows: int | None = None, timeout_s: float | None = None) -> SelectResult:
        deadline = self._deadline(timeout_s)
        result = self._query(query, scope, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise BadInput("expected a SELECT query", source="query")
        names = [v.value for v in result.variables]
        rows, truncated = self._limited(result, max_rows, deadline)
        out = SelectResult(variables=names, truncated=truncated)
        for row in rows:
            out.rows.append({n: from_ox(row[n]) for n in names if row[n] is not None})
        return out

    def ask(self, query: str, *, scope: Scope, bindings: Mapping[str, Identifier] | None = None,
            timeout_s: float | None = None) -> bool:
        result = self._query(query, scope, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise BadInput("expected an ASK query", source="query")
        return bool(result)

    def construct(self, query: str, *, scope: Scope,
                  bindings: Mapping[str, Identifier] | None = None, max_rows: int | None = None,
                  timeout_s: float | None = None) -> list[tuple[Node, Node, Node]]:
        deadline = self._deadline(timeout_s)
        result = self._query(query, scope, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise BadInput("expected a CONSTRUCT or DESCRIBE query", source="query")
        triples, _ = self._limited(result, max_rows, deadline)
        return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in triples]

    def query_raw(self, query: str, *, scope: Scope, media_type: str,
                  bindings: Mapping[str, Identifier] | None = None, max_rows: int | None = None,
                  timeout_s: float | None = None) -> RawResult:
        deadline = self._deadline(timeout_s)
        result = self._query(query, scope, bindings)
        if isinstance(result, ox.QueryBoolean):
            fmt = results_format(media_type)
            body = result.serialize(format=fmt)
            return RawResult(QueryKind.ASK, fmt.media_type, body or b"")
        if isinstance(result, ox.QuerySolutions):
            fmt = results_format(media_type)
            names = [v.value for v in result.variables]
            rows, _ = self._limited(result, max_rows, deadline)
            body = serialize_solutions(names, rows, fmt)
            return RawResult(QueryKind.SELECT, fmt.media_type, body, row_count=len(rows))
        rfmt = rdf_format(media_type)
        if rfmt.supports_datasets:  # CONSTRUCT yields triples: quad formats add nothing
            rfmt = ox.RdfFormat.N_TRIPLES if rfmt == ox.RdfFormat.N_QUADS else ox.RdfFormat.TURTLE
        triples, _ = self._limited(result, max_rows, deadline)
        body = ox.serialize(triples, format=rfmt) or b""
        kind = QueryKind.DESCRIBE if _is_describe(query) else QueryKind.CONSTRUCT
        return RawResult(kind, rfmt.media_type, body, row_count=len(triples))

    # -- writes ------------------------------------------------------------------------------
    def _writable(self) -> ox.Store:
        if self._read_only:
            raise Conflict("the store is open read-only")
        return self.engine

    def _committed(self) -> None:
        self._generation += 1
        if self._path is not None:
            target = generation_path(self._path)
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            tmp.write_text(str(self._generation))
            os.replace(tmp, target)

    def update(self, sparql_update: str) -> None:
        with self._write_lock:
            try:
                self._writable().update(sparql_update)
            except SyntaxError as err:
                raise syntax_error(err, "update") from None
            self._committed()

    def load(self, data: bytes | Path, media_type: str, *, graph: str | None = None) -> None:
        fmt = load_format(media_type)
        to_graph = graph_node(graph) if graph is not None else None
        with self._write_lock:
            store = self._writable()
            try:
                if isinstance(data, Path):
                    if data.stat().st_size > BULK_LOAD_BYTES:
                        store.bulk_load(path=str(data), format=fmt, to_graph=to_graph)
                    else:
                        store.load(path=str(data), format=fmt, to_graph=to_graph)
                else:
                    store.load(data, fmt, to_graph=to_graph)
            except SyntaxError as err:
                source = data.name if isinstance(data, Path) else None
                raise syntax_error(err, source) from None
            except MemoryError:  # "Reached the buffer maximal size": one term over 16 MiB
                raise LimitExceeded("a term (literal or IRI) is longer than the store's 16 MiB "
                                    "parser buffer", limit="max_term_bytes") from None
            self._committed()

    def drop_graph(self, graph: str) -> None:
        with self._write_lock:
            store = self._writable()
            node = graph_node(graph)
            if store.contains_named_graph(node):
                store.remove_graph(node)
                self._committed()

    # -- inventory ---------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.engine.named_graphs() if isinstance(g, ox.NamedNode))

    def export(self, out: BinaryIO, *, media_type: str,
               graphs: Sequence[str] | None = None) -> None:
        fmt = rdf_format(media_type)
        store = self.engine
        if graphs is None and fmt.supports_datasets:
            store.dump(out, fmt)
        elif graphs is not None and len(graphs) == 1 and not fmt.supports_datasets:
            store.dump(out, fmt, from_graph=graph_node(graphs[0]))
        elif graphs is not None and fmt.supports_datasets:
            quads = chain.from_iterable(
                store.quads_for_pattern(None, None, None, graph_node(g)) for g in graphs
            )
            ox.serialize(quads, out, fmt)
        else:
            raise BadInput(
                f"{fmt.name} holds one graph: name exactly one graph, or use N-Quads or TriG",
                field="format",
            )

    def stats(self, *, scope: Scope) -> StoreStats:
        present = set(self.graphs())
        visible = present if scope.graphs is None else present & scope.graphs
        per_graph: dict[str, int] = {}
        for g in sorted(visible):
            result = self.engine.query(_COUNT, default_graph=[graph_node(g)])
            assert isinstance(result, ox.QuerySolutions)
            per_graph[g] = int(next(iter(result))["n"].value)
        return StoreStats(triples=sum(per_graph.values()), graphs=len(per_graph),
                          triples_per_graph=per_graph)

    def close(self) -> None:
        self._store = None
        self._release_lock()

    def _release_lock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None


_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def values_clause(bindings: Mapping[str, Identifier]) -> str:
    r"""A trailing ``VALUES`` row binding ``bindings``; terms are serialized by pyoxigraph.

    >>> from rdflib import Literal
    >>> print(values_clause({"x": Literal('a" } #')}).strip())
    VALUES (?x) { ("a\" } #") }
    """
    names = list(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise BadInput(f"invalid variable name {name!r}", field="bindings")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(str(to_ox(bindings[n])) for n in names)
    return f"\nVALUES ({head}) {{ ({row}) }}"


def _exclusive_lock(path: Path) -> IO[str]:
    """Hold ``<dir>.lock`` for the life of a writer; a second writer process fails clearly."""
    handle = open(path.parent / f"{path.name}.lock", "a+")  # held until close
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise Conflict(
            f"the store {path.name!r} is open for writing by {holder}; stop that process "
            "(for example `ipas serve`) or send the data to its /ingest endpoint",
            field="store",
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"process {os.getpid()}")
    handle.flush()
    return handle


def _is_describe(query: str) -> bool:
    """Whether a CONSTRUCT-shaped answer came from DESCRIBE (for the RawResult kind only)."""
    text = " ".join(line.split("#", 1)[0] for line in query.splitlines()).upper()
    return "DESCRIBE" in text and ("CONSTRUCT" not in text or
                                   text.index("DESCRIBE") < text.index("CONSTRUCT"))
