"""Materialized inferences: the right triples, in the batch's own inferred graph only."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipas.graphs import GraphNames
from ipas.reasoning import materialize
from ipas.reasoning.batch import read_facts
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

NAMES = GraphNames("urn:x/")
TBOX = b"""@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:p> owl:inverseOf <urn:q> . <urn:s> a owl:SymmetricProperty .
<urn:t> a owl:TransitiveProperty . <urn:narrow> rdfs:subPropertyOf <urn:broad> .
<urn:C> rdfs:subClassOf <urn:D> . <urn:D> rdfs:subClassOf <urn:E> ."""


@pytest.fixture
def store(tmp_path: Path) -> OxigraphStore:
    store = OxigraphStore(tmp_path / "store")
    store.load(TBOX, "text/turtle", graph=NAMES.ontology)
    return store


def _triples(store: OxigraphStore, graph: str) -> set[tuple[str, str, str]]:
    rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
                        scope=Scope(graphs=frozenset({graph}), default_graphs=(graph,))).rows
    return {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows}


def test_rules_reach_a_fixpoint_in_the_inferred_graph(store: OxigraphStore) -> None:
    batch = NAMES.batch("b1")
    store.load(b"""<urn:a> <urn:p> <urn:b> ; a <urn:C> ; <urn:s> <urn:c> ;
                   <urn:narrow> <urn:d> .
                   <urn:1> <urn:t> <urn:2> . <urn:2> <urn:t> <urn:3> . <urn:3> <urn:t> <urn:4> .""",
               "text/turtle", graph=batch)
    result = materialize(store, NAMES, batch)
    inferred = _triples(store, NAMES.inferred_for(batch))
    assert inferred == {
        ("urn:b", "urn:q", "urn:a"),
        ("urn:c", "urn:s", "urn:a"),
        ("urn:a", "urn:broad", "urn:d"),
        ("urn:a", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "urn:D"),
        ("urn:a", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "urn:E"),
        ("urn:1", "urn:t", "urn:3"), ("urn:2", "urn:t", "urn:4"), ("urn:1", "urn:t", "urn:4"),
    }
    assert result.triples == len(inferred)
    # Asserted triples stay where they were; nothing inferred leaks into the batch graph.
    assert ("urn:b", "urn:q", "urn:a") not in _triples(store, batch)


def test_premises_never_cross_batches(store: OxigraphStore) -> None:
    one, two = NAMES.batch("one"), NAMES.batch("two")
    store.load(b"<urn:1> <urn:t> <urn:2> .", "text/turtle", graph=one)
    store.load(b"<urn:2> <urn:t> <urn:3> .", "text/turtle", graph=two)
    materialize(store, NAMES, one)
    materialize(store, NAMES, two)
    assert _triples(store, NAMES.inferred_for(one)) == set()
    assert _triples(store, NAMES.inferred_for(two)) == set()


def test_rerun_adds_nothing(store: OxigraphStore) -> None:
    batch = NAMES.batch("b1")
    store.load(b"<urn:a> <urn:p> <urn:b> .", "text/turtle", graph=batch)
    first = materialize(store, NAMES, batch)
    second = materialize(store, NAMES, batch)
    assert first.triples == second.triples == 1
    assert second.rounds == 0  # no blank node: no SPARQL round was needed


def test_blank_nodes_take_the_sparql_rules(store: OxigraphStore) -> None:
    """A blank node in the store cannot be named by a later load: those entailments come
    from the SPARQL rules, and point at the same node as the batch's triple."""
    batch = NAMES.batch("b1")
    store.load(b"[] <urn:p> <urn:b> ; a <urn:C> .", "text/turtle", graph=batch)
    result = materialize(store, NAMES, batch)
    assert result.rounds >= 1 and result.triples == 3
    rows = store.select(
        "SELECT ?x WHERE { GRAPH ?b { ?x <urn:p> <urn:b> } GRAPH ?i { <urn:b> <urn:q> ?x . "
        "?x a <urn:E> } }", scope=Scope.of([batch, NAMES.inferred_for(batch)])).rows
    assert len(rows) == 1


def test_stage_lines_written_another_way_read_the_same(tmp_path: Path) -> None:
    """The stage is split as canonical N-Quads text; other spacing, comments and quads of
    another graph are parsed or skipped, never misread."""
    graph = "urn:x/graph/batch/b1"
    canonical = (f'<urn:a> <urn:p> <urn:b> <{graph}> .\n'
                 f'<urn:a> <urn:p> "x y" <{graph}> .\n'
                 f'<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> <{graph}> .\n')
    odd = (f'#@ [[3, "f", 1, null]]\n<urn:a>  <urn:p> <urn:b>  <{graph}> .\n'
           f'<urn:a>\t<urn:p>\t"x y"\t<{graph}> .\n'
           f'<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>   <urn:C> <{graph}> .\n'
           f'<urn:z> <urn:p> <urn:b> <urn:other> .\n<urn:a> <urn:unused> <urn:b> <{graph}> .\n')
    wanted = frozenset({"<urn:p>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"})
    found = []
    for name, text in (("canonical.nq", canonical), ("odd.nq", odd)):
        (tmp_path / name).write_text(text)
        found.append(read_facts(tmp_path / name, graph, wanted, frozenset({"<urn:C>"})))
    assert found[0] == found[1] == {
        ("<urn:a>", "<urn:p>", "<urn:b>"),
        ("<urn:a>", "<urn:p>", '"x y"'),
        ("<urn:a>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<urn:C>"),
    }
