"""#16.5 over HTTP: what POST /ingest and GET /ingest/BATCH report as committed is what a
SPARQL count over the batch's graph and its inferred graph returns."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

LOADER = {"Authorization": "Bearer loader-token"}
# Two records restate the same triple about a shared node: the store keeps it once.
BODY = b"""@prefix t: <http://example.org/t#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ipas/id/org/t/a> a t:Organization ; rdfs:label "A" ; t:size 3 .
<https://w3id.org/ipas/id/org/t/b> a t:Organization ; rdfs:label "B" ; t:size 4 .
<https://w3id.org/ipas/id/org/t/a> rdfs:label "A" .
"""


@pytest.fixture
def store() -> OxigraphStore:
    return OxigraphStore()


def count(store: OxigraphStore, graph: str) -> int:
    return store.stats(scope=Scope.of([graph])).triples


def test_reported_counts_are_sparql_counts(make_client, store, dirs, tmp_path: Path) -> None:
    client: TestClient = make_client(store, ontology_dir=dirs[0], shapes_dir=dirs[1],
                                     queries_dir=tmp_path)
    r = client.post("/ingest", content=BODY, headers={**LOADER, "Content-Type": "text/turtle"})
    assert r.status_code == 201, r.text
    body = r.json()
    graph = body["graph"]
    assert body["triples"] == count(store, graph) == 6
    assert body["inferred"] == count(store, graph + "/inferred") > 0  # a and b are Agents
    status = client.get(f"/ingest/{body['batch_id']}", headers=LOADER).json()
    assert (status["triples"], status["inferred"]) == (body["triples"], body["inferred"])
