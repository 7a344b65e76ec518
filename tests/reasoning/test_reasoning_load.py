"""Reasoning inside the load: entailments commit with their batch, retraction takes exactly
what only that batch supported, and registered derivations land in the same graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from ipas.ingest import Ingestor
from ipas.reasoning import BatchFacts, hooks
from ipas.settings import Settings
from ipas.sources import LoadOptions
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

ONTOLOGY = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ipas/ontology> a owl:Ontology .
<urn:ex:Cartel> rdfs:subClassOf <urn:ex:Org> . <urn:ex:Org> rdfs:subClassOf <urn:ex:Agent> .
<urn:ex:in> a owl:TransitiveProperty . <urn:ex:member> owl:inverseOf <urn:ex:hasMember> .
"""
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    ontology, shapes = tmp_path / "ontology", tmp_path / "shapes"
    ontology.mkdir()
    shapes.mkdir()
    (ontology / "ipas.ttl").write_text(ONTOLOGY)
    (shapes / "none.ttl").write_text("")
    return Settings(store=str(tmp_path / "store"), home=tmp_path / "home",
                    ontology_dir=ontology, shapes_dir=shapes)


@pytest.fixture
def store(settings: Settings) -> Iterator[OxigraphStore]:
    store = OxigraphStore(Path(settings.store))
    yield store
    store.close()


def _load(ingestor: Ingestor, tmp_path: Path, name: str, text: str) -> Any:
    path = tmp_path / name
    path.write_text(text)
    return ingestor.ingest([path], options=LoadOptions(source_name=name))


def _holds(store: OxigraphStore, graphs: list[str], triple: str) -> bool:
    return store.ask(f"ASK {{ {triple} }}", scope=Scope.of(graphs))


def test_entailments_are_in_the_batch_commit(
    store: OxigraphStore, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[set[str]] = []
    real = store.load

    def spy(data: Any, media_type: str, **kwargs: Any) -> None:
        if isinstance(data, Path):  # the stage: which graphs does the one commit carry?
            loads.append({str(q.graph_name) for q in ox.parse(path=str(data),
                                                              format=ox.RdfFormat.N_QUADS)})
        real(data, media_type, **kwargs)

    monkeypatch.setattr(store, "load", spy)
    result = _load(Ingestor(store, settings), tmp_path, "a.ttl",
                   "<urn:ex:c> a <urn:ex:Cartel> ; <urn:ex:in> <urn:ex:city> .\n"
                   "<urn:ex:city> <urn:ex:in> <urn:ex:country> .\n"
                   "<urn:ex:p> <urn:ex:member> <urn:ex:c> .\n")
    inferred = f"{result.batch.graph}/inferred"
    (commit,) = loads  # one load: the batch, its inferences and its catalog entry together
    assert {f"<{result.batch.graph}>", f"<{inferred}>"} < commit
    assert result.inferred == 4 == store.stats(scope=Scope.of([inferred])).triples
    for triple in ("<urn:ex:c> a <urn:ex:Org>", "<urn:ex:c> a <urn:ex:Agent>",
                   "<urn:ex:c> <urn:ex:in> <urn:ex:country>",
                   "<urn:ex:c> <urn:ex:hasMember> <urn:ex:p>"):
        assert _holds(store, [inferred], triple), triple
    assert not _holds(store, [inferred], "<urn:ex:c> a <urn:ex:Cartel>")  # asserted only


def test_retraction_removes_what_only_its_batch_supported(
    store: OxigraphStore, settings: Settings, tmp_path: Path
) -> None:
    ingestor = Ingestor(store, settings)
    one = _load(ingestor, tmp_path, "one.ttl",
                "<urn:ex:x> a <urn:ex:Cartel> . <urn:ex:y> a <urn:ex:Cartel> .")
    two = _load(ingestor, tmp_path, "two.ttl", "<urn:ex:x> a <urn:ex:Cartel> .")
    everything = [g for g in store.graphs() if g.startswith(ingestor.names.batch_prefix)]
    assert _holds(store, everything, "<urn:ex:x> a <urn:ex:Org> . <urn:ex:y> a <urn:ex:Org>")
    ingestor.retract(one.batch.id)
    left = [g for g in store.graphs() if g.startswith(ingestor.names.batch_prefix)]
    assert sorted(left) == sorted([two.batch.graph, f"{two.batch.graph}/inferred"])
    assert _holds(store, left, "<urn:ex:x> a <urn:ex:Agent>")  # batch two supports it too
    assert not _holds(store, left, "<urn:ex:y> a ?anything")  # only batch one did


def test_a_registered_derivation_writes_into_the_inferred_graph(
    store: OxigraphStore, settings: Settings, tmp_path: Path
) -> None:
    def top(facts: BatchFacts) -> list[tuple[str, str, str]]:  # every Agent, tagged
        return [(s, "<urn:ex:tag>", '"agent"') for s, _, o in facts.triples(TYPE)
                if o == "<urn:ex:Agent>"]

    hooks.register("test-tag", top, [TYPE])
    try:
        result = _load(Ingestor(store, settings), tmp_path, "a.ttl",
                       "<urn:ex:c> a <urn:ex:Cartel> .")
    finally:
        hooks.unregister("test-tag")
    inferred = f"{result.batch.graph}/inferred"
    assert _holds(store, [inferred], '<urn:ex:c> <urn:ex:tag> "agent"')
    assert result.inferred == 3
