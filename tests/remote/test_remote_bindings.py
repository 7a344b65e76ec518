"""Bindings reach Virtuoso as a VALUES row of Term.n3() terms: hostile values stay values."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ipas.errors import BadInput
from ipas.store.base import Scope
from ipas.store.remote import RemoteSparqlStore

pytestmark = pytest.mark.remote

HOSTILE = [
    'x" } UNION { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    'tri"""ple """ quotes',
    "back\\slash \\u0022 } escaped",
    "new\nline\r\ttab",
    "unicode \u00e9\u4e2d\U0001f600",
    "> . } DROP ALL ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
]
G = "urn:g:bind"
SCOPE = Scope.of([G])


@pytest.fixture
def loaded(remote: RemoteSparqlStore) -> RemoteSparqlStore:
    g = Graph()
    for i, text in enumerate(HOSTILE):
        g.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(text)))
    g.add((URIRef("urn:n"), URIRef("urn:p"), Literal("7", datatype=XSD.integer)))
    remote.load(g.serialize(format="nt").encode(), "application/n-triples", graph=G)
    return remote


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_literal_matches_exactly_its_row(loaded: RemoteSparqlStore, index: int) -> None:
    rows = loaded.select("SELECT ?s { ?s ?p ?o }", scope=SCOPE,
                         bindings={"o": Literal(HOSTILE[index])}).rows
    assert [str(r["s"]) for r in rows] == [f"urn:s{index}"]
    assert loaded.graphs() == [G]  # nothing was dropped or inserted


def test_iri_binding_and_round_trip_of_values(loaded: RemoteSparqlStore) -> None:
    rows = loaded.select("SELECT ?o { ?s ?p ?o }", scope=SCOPE,
                         bindings={"s": URIRef("urn:s4")}).rows
    assert [r["o"] for r in rows] == [Literal(HOSTILE[4])]
    typed = loaded.select("SELECT ?s { ?s ?p ?o }", scope=SCOPE,
                          bindings={"o": Literal("7", datatype=XSD.integer)}).rows
    assert [str(r["s"]) for r in typed] == ["urn:n"]


def test_bindings_in_ask_and_construct(loaded: RemoteSparqlStore) -> None:
    assert loaded.ask("ASK { ?s ?p ?o }", scope=SCOPE, bindings={"o": Literal(HOSTILE[0])})
    assert not loaded.ask("ASK { ?s ?p ?o }", scope=SCOPE, bindings={"o": Literal("nope")})
    triples = loaded.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", scope=SCOPE,
                               bindings={"s": URIRef("urn:s1")})
    assert triples == [(URIRef("urn:s1"), URIRef("urn:p"), Literal(HOSTILE[1]))]


@pytest.mark.parametrize(
    "bindings",
    [
        {"s": URIRef("urn:x> } UNION { ?s ?p ?o } #")},
        {"s": URIRef("urn:x y")},
        {"o": Literal("1", datatype=URIRef("urn:t> } #"))},
        {"s) { } #": URIRef("urn:x")},
        {"s": BNode()},
    ],
)
def test_unwritable_bindings_refused(loaded: RemoteSparqlStore, bindings: dict) -> None:
    with pytest.raises(BadInput):
        loaded.select("SELECT ?o { ?s ?p ?o }", scope=SCOPE, bindings=bindings)
