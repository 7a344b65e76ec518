"""Validation in the engine (shapes compiled to SPARQL) commits and quarantines exactly what
pyshacl does, chunk by chunk.

Both load the same file (the demo's core and geography as N-Triples, with records broken on
purpose) into fresh on-disk stores with the project's ontology and shapes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef

from ipas.ingest import Ingestor, ensure_ontology, fast
from ipas.namespace import IPAS
from ipas.settings import PROJECT_ROOT, Settings
from ipas.shacl.validator import CompiledValidator
from ipas.sources import LoadOptions
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore
from loaders import rdf as rdf_loader

DEMO = PROJECT_ROOT / "demo"


@pytest.fixture(scope="module")
def broken_nt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    graph = Graph()
    for name in ("geography.ttl", "core.ttl"):
        graph.parse(DEMO / name)
    people = sorted(graph.subjects(RDF.type, IPAS.Person))[:3]
    for person in people:
        graph.set((person, IPAS.dateOfBirth, Literal("unknown")))  # not an xsd:date
    officials = sorted(graph.subjects(RDF.type, IPAS.Facilitation))[:2]
    for node in officials:
        graph.set((node, IPAS.startDate, Literal("sometime")))  # not an xsd:date
    path = tmp_path_factory.mktemp("fast") / "demo.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    return path, {str(n) for n in (*people, *officials)}


def _load(tmp: Path, data: Path, *, use_fast: bool,
          monkeypatch: pytest.MonkeyPatch) -> tuple[set[tuple[str, str, str]], set[str]]:
    settings = Settings(store=str(tmp / "store"), home=tmp / "home")
    store = OxigraphStore(tmp / "store")
    ensure_ontology(store, settings)
    if not use_fast:  # every chunk through pyshacl, the reference
        monkeypatch.setattr(CompiledValidator, "fully_compiled", property(lambda self: False))
    result = Ingestor(store, settings, reason=False).ingest(
        [data], options=LoadOptions(source_name="demo", marking="TLP:GREEN"))
    rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
                        scope=Scope.of([result.batch.graph])).rows
    store.close()
    # Blank nodes are renamed on every parse: compare the named part of the graphs.
    triples = {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows
               if isinstance(r["s"], URIRef) and not isinstance(r["o"], BNode)}
    held = {str(q.position.record_id) for q in result.quarantined}
    return triples, held


def test_engine_and_pyshacl_agree(tmp_path: Path, broken_nt: tuple[Path, set[str]],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    data, broken = broken_nt
    fast_triples, fast_held = _load(tmp_path / "fast", data, use_fast=True,
                                    monkeypatch=monkeypatch)
    slow_triples, slow_held = _load(tmp_path / "slow", data, use_fast=False,
                                    monkeypatch=monkeypatch)
    assert broken <= fast_held
    assert fast_held == slow_held
    assert fast_triples == slow_triples


def test_quarantined_records_carry_their_line(tmp_path: Path,
                                              broken_nt: tuple[Path, set[str]]) -> None:
    data, broken = broken_nt
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = OxigraphStore(tmp_path / "store")
    ensure_ontology(store, settings)
    result = Ingestor(store, settings).ingest([data], options=LoadOptions(source_name="d"))
    lines = data.read_text().splitlines()
    assert {q.position.record_id for q in result.quarantined} >= broken
    for record in result.quarantined:
        assert record.position.source == "demo.nt" and record.position.line is not None
        assert f"<{record.position.record_id}>" in lines[record.position.line - 1]
        assert record.reasons and record.triples


def test_chunked_file_validates_like_one_chunk(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Records cut at chunk edges and nodes typed in a later chunk do not fail validation."""
    graph = Graph()
    for name in ("geography.ttl", "core.ttl"):
        graph.parse(DEMO / name)
    lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode().splitlines())
    # Reverse the subjects' order so that links mostly point forward, into later chunks.
    data = tmp_path / "demo.nt"
    data.write_text("\n".join(reversed(lines)) + "\n")
    monkeypatch.setattr(fast, "CHUNK_TRIPLES", 50)
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = OxigraphStore(tmp_path / "store")
    ensure_ontology(store, settings)
    result = Ingestor(store, settings, reason=False).ingest([data])
    assert result.quarantined == []
    assert result.triples == len(lines)


def test_a_node_stated_on_both_sides_of_a_chunk_edge_is_judged_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A node whose statements are not contiguous (a document, its holder, the document
    again: how a loader's record comes out as N-Triples) with a chunk edge between its two
    runs: the later run alone lacks the document number, the batch has it. Whole-batch
    validation accepts it, so the chunked path must too (at 1M replicated OFAC triples as
    N-Quads, three records were quarantined this way)."""
    rdf_type, label = f"<{RDF.type}>", "<http://www.w3.org/2000/01/rdf-schema#label>"
    doc, person, country = "<urn:x:doc>", "<urn:x:person>", "<urn:x:country>"
    lines = [f"{person} {rdf_type} <{IPAS.Person}> .",
             f'{person} {label} "Ana" .',
             f"{doc} {rdf_type} <{IPAS.Passport}> .",
             f'{doc} <{IPAS.identifierValue}> "P123" .',
             f"{doc} <{IPAS.documentHolder}> {person} .",  # the holder's type: from the index
             f"{person} <{IPAS.hasIdentityDocument}> {doc} .",
             # Past the chunk edge: the document's last statement, a run of its own.
             f"{doc} <{IPAS.issuingCountry}> {country} .",
             f"{country} {rdf_type} <{IPAS.Country}> .",
             f'{country} {label} "Panama" .',
             f'{country} <{IPAS.countryCode}> "PA" .']
    data = tmp_path / "split.nt"
    data.write_text("\n".join(lines) + "\n")
    # Blocks and chunks of five lines: within a block the engine's serialization would put
    # the document's statements together again; at 1M the two runs fell on a block edge.
    monkeypatch.setattr(rdf_loader, "CHUNK_LINES", 5)
    monkeypatch.setattr(fast, "CHUNK_TRIPLES", 5)
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = OxigraphStore(tmp_path / "store")
    ensure_ontology(store, settings)
    result = Ingestor(store, settings, reason=False).ingest([data])
    assert [r.reasons for r in result.quarantined] == []
    assert result.triples == len(lines)
