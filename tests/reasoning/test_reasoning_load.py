"""Reasoning inside the load: entailments commit with their batch, retraction takes exactly
what only that batch supported, and registered derivations land in the same graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from ipas.ingest import Ingestor
from ipas.reasoning import BatchFacts, batch, hooks
from ipas.settings import Settings
from ipas.sources import LoadOptions
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore
from tests.ingest.test_ingest_streaming import DeltaLoader

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


@pytest.mark.parametrize("part", [None, 1], ids=["one-write", "written-in-parts"])
def test_entailments_are_in_the_batch_commit(
    store: OxigraphStore, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    part: int | None,
) -> None:
    if part is not None:  # a large batch's entailments go to the stage a part at a time
        monkeypatch.setattr(batch, "WRITE_PART", part)
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


def test_a_delta_redoes_earlier_inferences_in_its_own_update(
    store: OxigraphStore, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Withdrawn statements and what only they supported go in the delta's one update: no
    re-derivation runs after the commit."""
    monkeypatch.setattr("ipas.ingest.pipeline.get_loader", lambda name: DeltaLoader())
    ingestor = Ingestor(store, settings)
    options = LoadOptions(source_name="feed")
    (tmp_path / "d1.txt").write_text("+a A1\n+b B1\n+c C1\n")
    first = ingestor.ingest([tmp_path / "d1.txt"], fmt="delta", options=options)
    assert first.inferred == 6  # Org and Agent for each
    updates: list[str] = []
    real = store.update
    monkeypatch.setattr(store, "update", lambda text: (updates.append(text), real(text))[1])
    monkeypatch.setattr("ipas.ingest.pipeline.materialize", None)  # would fail if called
    (tmp_path / "d2.txt").write_text("-b\n")
    ingestor.ingest([tmp_path / "d2.txt"], fmt="delta", options=options)
    earlier = f"{first.batch.graph}/inferred"
    (delta,) = [u for u in updates if f"DELETE WHERE {{ GRAPH <{first.batch.graph}>" in u]
    assert f"INSERT DATA {{ GRAPH <{earlier}>" in delta
    assert _holds(store, [earlier], "<urn:ex:a> a <urn:ex:Agent> . <urn:ex:c> a <urn:ex:Org>")
    assert not _holds(store, [earlier], "<urn:ex:b> ?p ?o")
    (entry,) = [b for b in ingestor.catalog.batches() if b.graph == first.batch.graph]
    assert entry.inferred == 4
