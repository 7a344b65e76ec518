"""The ingest pipeline runs unchanged over Virtuoso: commit, quarantine, catalog, retract."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from ipas.ingest import Ingestor
from ipas.settings import Settings
from ipas.store.base import Scope
from ipas.store.remote import RemoteSparqlStore
from tests.ingest.conftest import HEADER, ONTOLOGY, SHAPES
from tests.ingest.test_ingest_pipeline import MIXED, OPTIONS

pytestmark = pytest.mark.remote


@pytest.fixture
def ingestor(remote: RemoteSparqlStore, tmp_path: Path) -> Ingestor:
    ontology, shapes = tmp_path / "ontology", tmp_path / "shapes"
    ontology.mkdir()
    shapes.mkdir()
    (ontology / "ipas.ttl").write_text(HEADER)
    (ontology / "ex.ttl").write_text(ONTOLOGY)
    (shapes / "ex.ttl").write_text(SHAPES)
    settings = Settings(store="sparql+http://unused/sparql", home=tmp_path / "home",
                        ontology_dir=ontology, shapes_dir=shapes)
    return Ingestor(remote, settings)


def subjects(store: RemoteSparqlStore, graph: str) -> set[str]:
    rows = store.select("SELECT DISTINCT ?s { ?s ?p ?o }", scope=Scope.of([graph])).rows
    return {str(r["s"]) for r in rows if isinstance(r["s"], URIRef)}


def test_ingest_commits_valid_quarantines_invalid_and_catalogs(
    ingestor: Ingestor, remote: RemoteSparqlStore, tmp_path: Path
) -> None:
    path = tmp_path / "people.ttl"
    path.write_text(MIXED)
    result = ingestor.ingest([path], options=OPTIONS)
    assert result.created and result.records == 3
    assert subjects(remote, result.batch.graph) == {
        "urn:ex:ana", "urn:ex:centinelas", "urn:ex:eve"}
    (held,) = result.quarantined
    assert held.position.line == 6
    (entry,) = ingestor.catalog.batches()
    assert entry == result.batch and entry.triples == 10
    assert remote.staging_leftovers() == []

    again = ingestor.ingest([path], options=OPTIONS)
    assert not again.created and again.batch.id == result.batch.id

    ingestor.retract(result.batch.id)
    assert result.batch.graph not in remote.graphs()
    assert ingestor.catalog.batches() == []


def test_inferences_reach_virtuoso_blank_nodes_included(
    ingestor: Ingestor, remote: RemoteSparqlStore, tmp_path: Path
) -> None:
    """Entailments ride in the batch's load; the one about a blank node (a load there goes
    graph by graph, so the node could not be shared) is derived by the SPARQL rules after."""
    path = tmp_path / "orgs.ttl"
    path.write_text("<urn:ex:c> a <urn:ex:Cartel> .\n[] a <urn:ex:Cartel> .\n")
    result = ingestor.ingest([path], options=OPTIONS)
    inferred = ingestor.names.inferred_for(result.batch.graph)
    assert result.inferred == 2 and not ingestor.inference_errors
    rows = remote.select(
        f"SELECT ?x WHERE {{ GRAPH <{result.batch.graph}> {{ ?x a <urn:ex:Cartel> }} "
        f"GRAPH <{inferred}> {{ ?x a <urn:ex:Org> }} }}",
        scope=Scope.of([result.batch.graph, inferred])).rows
    assert len(rows) == 2  # the blank node's type is about the batch's own node
