"""Loads on Virtuoso: chunked upload through staging graphs, validated, committed in one step,
and nothing left behind (in the target or in staging) when any step fails."""

from __future__ import annotations

import pytest
from rdflib import Literal

from ipas.errors import BadInput
from ipas.store import remote_load
from ipas.store.base import Scope
from ipas.store.remote import RemoteSparqlStore
from ipas.store.remote_http import RemoteStoreError, SparqlHttp

pytestmark = pytest.mark.remote


def synthetic(n: int, graph: str | None = None) -> bytes:
    """n people, each with a name literal, a blank-node address, and a link to the next."""
    g = f" <{graph}>" if graph else ""
    lines = []
    for i in range(n):
        s = f"<https://w3id.org/ipas/id/person/t/{i}>"
        lines.append(f'{s} <urn:name> "person \\"{i}\\""{g} .')
        lines.append(f"{s} <urn:next> <https://w3id.org/ipas/id/person/t/{(i + 1) % n}>{g} .")
        lines.append(f"{s} <urn:addr> _:a{i}{g} .")
        lines.append(f'_:a{i} <urn:city> "c{i % 7}"{g} .')
    return "\n".join(lines).encode()


def count(store: RemoteSparqlStore, graph: str) -> int:
    return store.stats(scope=Scope.of([graph])).triples


@pytest.mark.parametrize("use_gsp", [True, False], ids=["gsp", "insert-data"])
def test_bulk_upload_in_chunks(remote: RemoteSparqlStore, use_gsp: bool) -> None:
    remote.use_gsp, remote.chunk_triples = use_gsp, 1_000
    remote.load(synthetic(1_500), "application/n-triples", graph="urn:g:bulk")
    assert count(remote, "urn:g:bulk") == 6_000
    # Blank nodes kept their identity across the chunks: one address per person.
    rows = remote.select(
        "SELECT (COUNT(DISTINCT ?a) AS ?n) { ?s <urn:addr> ?a . ?a <urn:city> ?c }",
        scope=Scope.of(["urn:g:bulk"])).rows
    assert int(rows[0]["n"]) == 1_500
    assert remote.staging_leftovers() == []


def test_quads_land_in_their_graphs_together(remote: RemoteSparqlStore) -> None:
    data = synthetic(10, "urn:g:batch") + b"\n" + synthetic(3, "urn:g:catalog")
    remote.load(data, "application/n-quads")
    assert (count(remote, "urn:g:batch"), count(remote, "urn:g:catalog")) == (40, 12)


def test_reload_is_idempotent(remote: RemoteSparqlStore) -> None:
    for _ in range(2):
        remote.load(synthetic(20), "application/n-triples", graph="urn:g:same")
    # Blank nodes are new nodes on each load (as on any store); IRI triples do not double.
    rows = remote.select("SELECT (COUNT(*) AS ?n) { ?s <urn:name> ?o }",
                         scope=Scope.of(["urn:g:same"])).rows
    assert int(rows[0]["n"]) == 20


class FailingHttp(SparqlHttp):
    """Lets ``ok_calls`` writes through, then fails like an unreachable server."""

    def __init__(self, inner: SparqlHttp, ok_calls: int) -> None:
        super().__init__(inner.endpoints)
        self.ok_calls = ok_calls
        self.dropped: list[str] = []

    def _tick(self) -> None:
        self.ok_calls -= 1
        if self.ok_calls < 0:
            raise RemoteStoreError("the remote store is unreachable (test)")

    def gsp_post(self, graph: str, body: bytes, content_type: str) -> None:
        self._tick()
        super().gsp_post(graph, body, content_type)

    def update(self, text: str, *, timeout_s: float | None = None) -> None:
        if text.startswith("DROP SILENT GRAPH"):
            self.dropped.append(text)
            super().update(text, timeout_s=timeout_s)
            return
        self._tick()
        super().update(text, timeout_s=timeout_s)


@pytest.mark.parametrize("ok_calls", [0, 1, 2], ids=["first-chunk", "mid-upload", "commit"])
def test_failure_leaves_no_trace(remote: RemoteSparqlStore, ok_calls: int) -> None:
    remote.load(b'<urn:old> <urn:p> "kept" .', "application/n-triples", graph="urn:g:t")
    remote.chunk_triples = 2_000
    failing = FailingHttp(remote.http, ok_calls)  # 4,000 triples: 2 chunks, then the commit
    with pytest.raises(RemoteStoreError):
        remote_load.load_batch(failing, synthetic(1_000), "application/n-triples", "urn:g:t",
                               chunk=2_000)
    assert failing.dropped  # the staging graph was dropped
    assert remote.staging_leftovers() == []
    assert count(remote, "urn:g:t") == 1  # only what was there before


def test_validation_catches_a_short_upload(remote: RemoteSparqlStore,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real_upload = remote_load.upload

    def lossy(http: SparqlHttp, staged: list, **kw: object) -> None:
        for g in staged:
            g.plain = g.plain[:-1]  # the server "lost" a triple
        real_upload(http, staged, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(remote_load, "upload", lossy)
    with pytest.raises(RemoteStoreError):
        remote.load(synthetic(5), "application/n-triples", graph="urn:g:v")
    assert remote.graphs() == [] and remote.staging_leftovers() == []


def test_syntax_error_reports_position_and_sends_nothing(remote: RemoteSparqlStore) -> None:
    with pytest.raises(BadInput) as info:
        remote.load(b'<urn:a> <urn:b> "ok" .\n<urn:a> <urn:b> oops .', "application/n-triples",
                    graph="urn:g:bad")
    assert info.value.detail.get("line") is not None
    assert remote.graphs() == []


@pytest.mark.parametrize(
    ("data", "media_type", "graph"),
    [
        (b"<urn:a> <urn:b> <urn:c> .", "application/n-triples", None),
        (b"<urn:a> <urn:b> <urn:c> .", "application/n-triples", "urn:x-ipas:staging:x:0"),
        (b"<urn:a> <urn:b> <urn:c> <urn:x-ipas:empty> .", "application/n-quads", None),
    ],
    ids=["default-graph", "reserved-graph", "reserved-quad-graph"],
)
def test_refused_targets(remote: RemoteSparqlStore, data: bytes, media_type: str,
                         graph: str | None) -> None:
    with pytest.raises(BadInput):
        remote.load(data, media_type, graph=graph)
    assert remote.graphs() == []


def test_leftover_staging_is_invisible(remote: RemoteSparqlStore) -> None:
    remote.update('INSERT DATA { GRAPH <urn:x-ipas:staging:dead:0> { <urn:a> <urn:b> "x" } }')
    assert remote.graphs() == []
    assert not remote.ask("ASK { ?s ?p ?o }", scope=Scope.everything())
    assert remote.staging_leftovers() == ["urn:x-ipas:staging:dead:0"]
    remote.drop_graph("urn:x-ipas:staging:dead:0")
    assert remote.staging_leftovers() == []


def test_update_and_drop(remote: RemoteSparqlStore) -> None:
    remote.update('INSERT DATA { GRAPH <urn:g:u> { <urn:a> <urn:b> "v" } }')
    assert remote.select("SELECT ?o { ?s ?p ?o }", scope=Scope.of(["urn:g:u"])).rows == [
        {"o": Literal("v")}]
    with pytest.raises(BadInput):
        remote.update("LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <urn:g:u>")
    remote.drop_graph("urn:g:u")
    assert remote.graphs() == []
