"""Loading a batch into a remote server as close to all-or-nothing as SPARQL allows.

1. Parse locally with pyoxigraph (bad data fails before anything is sent) and give every
   target graph a fresh staging graph ``urn:x-ipas:staging:<uuid>:<n>``.
2. Upload to the staging graphs in chunks: Graph Store Protocol POST when the server offers it,
   else ``INSERT DATA`` batches. Triples with blank nodes go in one request per graph, since a
   blank node label only means the same node within one request.
3. Validate: each staging graph holds exactly the distinct triples parsed.
4. Commit with ONE update operation, ``INSERT { GRAPH ?t {...} } WHERE { VALUES (?st ?t) {...}
   GRAPH ?st {...} }``, which Virtuoso runs as one transaction: every target graph receives
   its triples, or none does. (Several operations in one request are NOT atomic on Virtuoso:
   verified, an earlier ``INSERT DATA`` stayed when a later ``CREATE GRAPH`` failed.)
5. Drop the staging graphs, on success and on any failure (best effort; leftovers are never in
   a caller's scope and :func:`drop_leftover_staging` removes them).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ipas.errors import BadInput, UnsupportedMediaType
from ipas.store.remote_http import RemoteStoreError, SparqlHttp
from ipas.store.remote_results import parse_select
from ipas.store.remote_text import check_iri, tokens

log = logging.getLogger(__name__)
RESERVED_PREFIX = "urn:x-ipas:"
STAGING_PREFIX = f"{RESERVED_PREFIX}staging:"
CHUNK_TRIPLES = 20_000
BNODE_TEMPLATE_TRIPLES = 500


@dataclass
class StagedGraph:
    target: str
    staging: str
    plain: list[str] = field(default_factory=list)  # N-Triples lines without blank nodes
    with_bnodes: list[str] = field(default_factory=list)
    distinct: set[str] = field(default_factory=set)

    def add(self, triple: ox.Triple) -> None:
        line = f"{triple} ."
        if line in self.distinct:
            return
        self.distinct.add(line)
        has_bnode = isinstance(triple.subject, ox.BlankNode) or isinstance(
            triple.object, ox.BlankNode)
        (self.with_bnodes if has_bnode else self.plain).append(line)


def _format(media_type: str) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
    if fmt is None or fmt == ox.RdfFormat.N3:
        raise UnsupportedMediaType(f"cannot load {media_type!r}")
    return fmt


def stage(data: bytes | Path, media_type: str, graph: str | None) -> list[StagedGraph]:
    """Parse ``data`` and group its triples by target graph, each with a staging name."""
    fmt = _format(media_type)
    if graph is not None:
        check_iri(graph, "graph")
        if graph.startswith(RESERVED_PREFIX):
            raise BadInput("graph names under urn:x-ipas: are reserved", field="graph")
    run = uuid.uuid4().hex
    staged: dict[str, StagedGraph] = {}
    source = data.name if isinstance(data, Path) else None
    try:
        quads = (ox.parse(path=str(data), format=fmt) if isinstance(data, Path)
                 else ox.parse(data, fmt))
        for quad in quads:
            if graph is not None:
                target = graph
            elif isinstance(quad.graph_name, ox.NamedNode):
                target = quad.graph_name.value
            else:
                raise BadInput("the remote store keeps triples only in named graphs: "
                               "name a graph", field="graph", source=source)
            if target not in staged:
                if target.startswith(RESERVED_PREFIX):
                    raise BadInput("graph names under urn:x-ipas: are reserved", field="graph")
                staged[target] = StagedGraph(target, f"{STAGING_PREFIX}{run}:{len(staged)}")
            staged[target].add(quad.triple)
    except SyntaxError as err:
        raise BadInput(str(err.msg or err), source=source, line=err.lineno,
                       column=err.offset) from None
    return list(staged.values())


def _chunks(lines: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(lines), size):
        yield lines[i : i + size]


def bnode_groups(lines: list[str], limit: int) -> list[list[str]]:
    """Triples with blank nodes packed into requests of at most ``limit`` triples, never
    splitting a set of triples joined by a shared blank node (label scope is one request).

    >>> bnode_groups(["_:a <urn:p> _:b .", "_:b <urn:p> 1 .", "_:c <urn:p> 2 ."], 2)
    [['_:a <urn:p> _:b .', '_:b <urn:p> 1 .'], ['_:c <urn:p> 2 .']]
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    labels = [[t.text for t in tokens(line) if t.text.startswith("_:")] for line in lines]
    for found in labels:
        for other in found[1:]:
            parent[find(found[0])] = find(other)
    components: dict[str, list[str]] = {}
    for line, found in zip(lines, labels, strict=True):
        components.setdefault(find(found[0]), []).append(line)
    out: list[list[str]] = []
    for comp in components.values():
        if len(comp) > limit:
            raise BadInput(f"a blank-node structure of {len(comp)} triples is too large to "
                           "upload without the Graph Store Protocol", field="data")
        if not out or len(out[-1]) + len(comp) > limit:
            out.append([])
        out[-1].extend(comp)
    return out


def upload(http: SparqlHttp, staged: list[StagedGraph], *, chunk: int = CHUNK_TRIPLES,
           use_gsp: bool = True) -> None:
    """Send every staged graph's triples to its staging graph."""
    gsp = use_gsp and http.endpoints.gsp_url is not None
    for g in staged:
        for piece in _chunks(g.plain, chunk):
            body = "\n".join(piece) + "\n"
            if gsp:
                http.gsp_post(g.staging, body.encode(), "application/n-triples")
            else:
                http.update(f"INSERT DATA {{ GRAPH <{g.staging}> {{\n{body}}} }}")
        if not g.with_bnodes:
            continue
        if gsp:  # one request: blank node labels mean the same node only within a request
            body = "\n".join(g.with_bnodes) + "\n"
            http.gsp_post(g.staging, body.encode(), "application/n-triples")
            continue
        # INSERT DATA may not hold blank nodes on Virtuoso, and a big INSERT template
        # overflows its compiler: small requests, each holding whole blank-node structures.
        for piece in bnode_groups(g.with_bnodes, BNODE_TEMPLATE_TRIPLES):
            body = "\n".join(piece) + "\n"
            http.update(f"INSERT {{ GRAPH <{g.staging}> {{\n{body}}} }} WHERE {{}}")


def validate(http: SparqlHttp, staged: list[StagedGraph]) -> None:
    """Each staging graph must hold exactly what was parsed, or the batch is not committed."""
    counts = graph_counts(http, [g.staging for g in staged])
    for g in staged:
        if counts.get(g.staging, 0) != len(g.distinct):
            raise RemoteStoreError(
                "the remote store did not take the whole batch",
                expected=len(g.distinct), stored=counts.get(g.staging, 0),
            )


def graph_counts(http: SparqlHttp, graphs: list[str]) -> dict[str, int]:
    """Triples per named graph, for the graphs listed."""
    if not graphs:
        return {}
    query = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    body, _ = http.query(query, accept="application/sparql-results+json",
                         default_graphs=None, named_graphs=graphs)
    _, rows = parse_select(body)
    return {str(r["g"]): int(str(r["n"])) for r in rows if "g" in r and "n" in r}


def commit(http: SparqlHttp, staged: list[StagedGraph]) -> None:
    """Copy every staging graph into its target in one update operation."""
    # Graph names here were checked as IRIs by pyoxigraph or check_iri: no user text is spliced.
    if len(staged) == 1:  # Virtuoso 7.2 fails on a one-row VALUES feeding a GRAPH template
        http.update(f"ADD <{staged[0].staging}> TO <{staged[0].target}>")
        return
    pairs = " ".join(f"(<{g.staging}> <{g.target}>)" for g in staged)
    http.update(
        "INSERT { GRAPH ?t { ?s ?p ?o } } WHERE { VALUES (?st ?t) { "  # noqa: S608
        f"{pairs} }} GRAPH ?st {{ ?s ?p ?o }} }}"
    )


def drop_staging(http: SparqlHttp, staged: list[StagedGraph]) -> None:
    for g in staged:
        try:
            http.update(f"DROP SILENT GRAPH <{g.staging}>")
        except RemoteStoreError:
            log.warning("could not drop staging graph %s; drop_leftover_staging() will", g.staging)


def load_batch(http: SparqlHttp, data: bytes | Path, media_type: str, graph: str | None, *,
               chunk: int = CHUNK_TRIPLES, use_gsp: bool = True) -> int:
    """Stage, validate, commit, clean up (module docstring); the number of triples loaded."""
    staged = stage(data, media_type, graph)
    if not staged:
        return 0
    try:
        upload(http, staged, chunk=chunk, use_gsp=use_gsp)
        validate(http, staged)
        commit(http, staged)
    finally:
        drop_staging(http, staged)
    return sum(len(g.distinct) for g in staged)


def drop_leftover_staging(http: SparqlHttp, graphs: Iterable[str]) -> list[str]:
    """Drop staging graphs a crashed load left behind; the names dropped."""
    dropped = [g for g in graphs if g.startswith(STAGING_PREFIX)]
    for g in dropped:
        http.update(f"DROP SILENT GRAPH <{g}>")
    return dropped
