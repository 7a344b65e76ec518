"""The remote store: any SPARQL 1.1 Query/Update server behind the :class:`Store` interface.

Chosen by ``IPAS_STORE=sparql+http://host:port/sparql``; tested against Virtuoso 7.

What scoping guarantees here (docs/scaling.md has the per-server detail):

- Every scoped query carries the caller's dataset as ``default-graph-uri`` / ``named-graph-uri``
  (an empty list becomes one reserved graph that never holds data, since an absent parameter
  means "every graph" to most servers).
- The query's own ``FROM`` / ``FROM NAMED`` are removed before it is sent, so the protocol
  dataset alone decides, as on the embedded store (Virtuoso would otherwise add them to it).
- The text must parse as standard SPARQL 1.1 (no vendor pragmas), and may not use ``SERVICE``
  or vendor built-ins (``bif:``, ``sql:``); see :mod:`ipas.store.remote_text`.
- Reads go to the anonymous, read-only endpoint; writes to the authenticated one.

Writes are serialized by a lock in this process only: one writing process per deployment.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib.term import Identifier, Node

from ipas.errors import BadInput, LimitExceeded, QueryTimeout
from ipas.settings import Settings
from ipas.store.base import QueryKind, RawResult, Scope, SelectResult, Store, StoreStats
from ipas.store.remote_http import Endpoints, RemoteStoreError, SparqlHttp
from ipas.store.remote_load import RESERVED_PREFIX, graph_counts, load_batch
from ipas.store.remote_results import (
    parse_ask,
    parse_select,
    parse_triples,
    write_ask,
    write_select,
    write_triples,
)
from ipas.store.remote_text import (
    check_iri,
    check_query,
    check_update,
    strip_dataset_clauses,
    with_bindings,
)
from ipas.store.results import rdf_format

#: A graph name that never holds data: the dataset of a caller who may see nothing.
EMPTY_GRAPH = f"{RESERVED_PREFIX}empty"
#: Graphs Virtuoso creates for itself; never listed, exported or counted.
SYSTEM_GRAPHS = frozenset({
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
})
SYSTEM_PREFIXES = ("http://www.openlinksw.com/", RESERVED_PREFIX)
_JSON = "application/sparql-results+json"
_NT = "application/n-triples"


@lru_cache(maxsize=512)
def checked_query(text: str) -> QueryKind:
    """:func:`check_query` with no dataset clause left, cached: rdflib's parser takes ~0.1 s
    on a long saved query, and saved queries repeat."""
    return check_query(text, dataset_clauses=False)


def is_system_graph(iri: str) -> bool:
    """Whether a graph belongs to the server or to this backend's staging, not to users.

    >>> is_system_graph("http://www.openlinksw.com/schemas/virtrdf#"), is_system_graph("urn:g")
    (True, False)
    """
    return iri in SYSTEM_GRAPHS or iri.startswith(SYSTEM_PREFIXES)


class RemoteSparqlStore(Store):
    """A SPARQL 1.1 server reached over HTTP (see the module docstring for the guarantees)."""

    load_shares_blank_nodes = False  # blank-node triples go in one request per graph

    def __init__(self, endpoints: Endpoints, *, use_gsp: bool = True,
                 chunk_triples: int = 20_000) -> None:
        self.http = SparqlHttp(endpoints)
        self.use_gsp = use_gsp
        self.chunk_triples = chunk_triples
        self._write_lock = threading.Lock()

    # -- reads -------------------------------------------------------------------------------
    def _dataset(self, scope: Scope) -> tuple[list[str], list[str]]:
        resolved = scope.resolve()
        everything = self.graphs() if None in (resolved.default_graphs,
                                               resolved.named_graphs) else []
        default = list(everything if resolved.default_graphs is None
                       else resolved.default_graphs)
        named = list(everything if resolved.named_graphs is None else resolved.named_graphs)
        return default or [EMPTY_GRAPH], named or [EMPTY_GRAPH]

    def _run(self, query: str, scope: Scope, bindings: Mapping[str, Identifier] | None,
             accept: str, timeout_s: float | None) -> tuple[QueryKind, bytes]:
        text, _named = strip_dataset_clauses(query)
        try:
            kind = checked_query(text)
        except BadInput:
            if text != query:
                check_query(query)  # report positions in the caller's text
            raise
        if bindings:  # terms are checked and written with n3(): the text stays what was checked
            text = with_bindings(text, bindings)
        default, named = self._dataset(scope)
        if kind in (QueryKind.CONSTRUCT, QueryKind.DESCRIBE):
            accept = _NT
        elif accept == _NT:
            accept = _JSON
        body, headers = self.http.query(text, accept=accept, default_graphs=default,
                                        named_graphs=named, timeout_s=timeout_s)
        state = headers.get("x-sql-state")  # Virtuoso's "anytime" partial answer: never passed on
        if state == "S1TAT":
            raise QueryTimeout("the query ran past its time limit")
        if state:
            raise LimitExceeded("the remote store cut the answer short (its own limits)")
        return kind, body

    def select(self, query: str, *, scope: Scope, bindings: Mapping[str, Identifier] | None = None,
               max_rows: int | None = None, timeout_s: float | None = None) -> SelectResult:
        kind, body = self._run(query, scope, bindings, _JSON, timeout_s)
        if kind != QueryKind.SELECT:
            raise BadInput("expected a SELECT query", source="query")
        names, rows = parse_select(body)
        truncated = max_rows is not None and len(rows) > max_rows
        return SelectResult(names, rows[:max_rows] if truncated else rows, truncated)

    def ask(self, query: str, *, scope: Scope, bindings: Mapping[str, Identifier] | None = None,
            timeout_s: float | None = None) -> bool:
        kind, body = self._run(query, scope, bindings, _JSON, timeout_s)
        if kind != QueryKind.ASK:
            raise BadInput("expected an ASK query", source="query")
        return parse_ask(body)

    def construct(self, query: str, *, scope: Scope,
                  bindings: Mapping[str, Identifier] | None = None, max_rows: int | None = None,
                  timeout_s: float | None = None) -> list[tuple[Node, Node, Node]]:
        kind, body = self._run(query, scope, bindings, _NT, timeout_s)
        if kind not in (QueryKind.CONSTRUCT, QueryKind.DESCRIBE):
            raise BadInput("expected a CONSTRUCT or DESCRIBE query", source="query")
        triples = parse_triples(body)
        return triples[:max_rows] if max_rows is not None else triples

    def query_raw(self, query: str, *, scope: Scope, media_type: str,
                  bindings: Mapping[str, Identifier] | None = None, max_rows: int | None = None,
                  timeout_s: float | None = None) -> RawResult:
        kind, body = self._run(query, scope, bindings, _JSON, timeout_s)
        if kind == QueryKind.ASK:
            mt, out = write_ask(parse_ask(body), media_type)
            return RawResult(kind, mt, out)
        if kind == QueryKind.SELECT:
            names, rows = parse_select(body)
            rows = rows[:max_rows] if max_rows is not None else rows
            mt, out = write_select(names, rows, media_type)
            return RawResult(kind, mt, out, row_count=len(rows))
        fmt = rdf_format(media_type)
        if fmt.supports_datasets:  # CONSTRUCT yields triples: quad formats add nothing
            fmt = ox.RdfFormat.N_TRIPLES if fmt == ox.RdfFormat.N_QUADS else ox.RdfFormat.TURTLE
        triples = parse_triples(body)
        triples = triples[:max_rows] if max_rows is not None else triples
        return RawResult(kind, fmt.media_type, write_triples(triples, fmt),
                         row_count=len(triples))

    # -- writes ------------------------------------------------------------------------------
    def update(self, sparql_update: str) -> None:
        """Send an update. Each operation is atomic on Virtuoso; a multi-operation request is
        not (an earlier operation stays if a later one fails)."""
        check_update(sparql_update)
        with self._write_lock:
            self.http.update(sparql_update)

    def load(self, data: bytes | Path, media_type: str, *, graph: str | None = None) -> None:
        """Stage, validate, then commit in one operation (:mod:`ipas.store.remote_load`)."""
        with self._write_lock:
            load_batch(self.http, data, media_type, graph, chunk=self.chunk_triples,
                       use_gsp=self.use_gsp)

    def drop_graph(self, graph: str) -> None:
        check_iri(graph, "graph")
        with self._write_lock:
            self.http.update(f"DROP SILENT GRAPH <{graph}>")

    # -- inventory ---------------------------------------------------------------------------
    def _all_graphs(self) -> list[str]:
        # GROUP BY, not DISTINCT: Virtuoso answers it from its graph index (1M triples: 0.05 s
        # against 3 s, and past a minute right after a large commit).
        body, _ = self.http.query("SELECT ?g { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                                  accept=_JSON, default_graphs=None, named_graphs=None)
        _, rows = parse_select(body)
        return sorted(str(r["g"]) for r in rows if "g" in r)

    def graphs(self) -> list[str]:
        return [g for g in self._all_graphs() if not is_system_graph(g)]

    def staging_leftovers(self) -> list[str]:
        """Staging graphs a crashed load left behind (drop them with ``drop_graph``)."""
        from ipas.store.remote_load import STAGING_PREFIX

        return [g for g in self._all_graphs() if g.startswith(STAGING_PREFIX)]

    def export(self, out: BinaryIO, *, media_type: str,
               graphs: Sequence[str] | None = None) -> None:
        fmt = rdf_format(media_type)
        chosen = list(graphs) if graphs is not None else self.graphs()
        if not fmt.supports_datasets and len(chosen) != 1:
            raise BadInput(
                f"{fmt.name} holds one graph: name exactly one graph, or use N-Quads or TriG",
                field="format",
            )
        expected = graph_counts(self.http, chosen)
        quads: list[ox.Quad] = []
        for g in chosen:
            check_iri(g, "graph")
            body, _ = self.http.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept=_NT,
                default_graphs=[g], named_graphs=[EMPTY_GRAPH])
            triples = list(ox.parse(body, ox.RdfFormat.N_TRIPLES))
            if len(triples) != expected.get(g, 0):
                raise RemoteStoreError("the remote store cut the export short (result limit)",
                                       graph=g)
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                         for t in triples)
        if fmt.supports_datasets:
            ox.serialize(quads, out, fmt)
        else:
            ox.serialize([q.triple for q in quads], out, fmt)

    def stats(self, *, scope: Scope) -> StoreStats:
        present = set(self.graphs())
        visible = sorted(present if scope.graphs is None else present & scope.graphs)
        counts = graph_counts(self.http, visible)
        per_graph = {g: counts.get(g, 0) for g in visible}
        return StoreStats(triples=sum(per_graph.values()), graphs=len(per_graph),
                          triples_per_graph=per_graph)


def endpoints_from_settings(settings: Settings) -> Endpoints:
    """The server's endpoints and credentials from ``IPAS_STORE`` and ``IPAS_STORE_*``.

    >>> e = endpoints_from_settings(Settings(store="sparql+http://127.0.0.1:8890/sparql"))
    >>> e.query_url, e.update_url, e.gsp_url
    ('http://127.0.0.1:8890/sparql', 'http://127.0.0.1:8890/sparql', None)
    """
    if not settings.store.startswith("sparql+"):
        raise BadInput("a remote store is named 'sparql+http(s)://...'", field="store")
    password: str | None = None
    if settings.store_password is not None:
        password = settings.store_password.get_secret_value()
    elif settings.store_password_file is not None:
        try:
            password = settings.store_password_file.read_text().strip()
        except OSError:
            raise BadInput("cannot read the store password file",
                           field="store_password_file") from None
    return Endpoints.for_virtuoso(
        settings.store.removeprefix("sparql+"), user=settings.store_user, password=password,
        update_url=settings.store_update_url, gsp_url=settings.store_gsp_url,
        timeout_s=settings.query_timeout_s,
    )


def open_remote_store(settings: Settings) -> RemoteSparqlStore:
    """The remote store named by ``settings`` (called by :func:`ipas.store.open_store`)."""
    return RemoteSparqlStore(endpoints_from_settings(settings))
