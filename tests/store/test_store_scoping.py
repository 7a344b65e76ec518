"""A graph outside the scope is invisible however the query names it."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from ipas.store.base import Scope, Store

DATA = b"""
<urn:s1> <urn:p> "visible" <urn:g:open> .
<urn:s2> <urn:p> "hidden" <urn:g:hidden> .
"""
OPEN = Scope.of(["urn:g:open"])


@pytest.fixture
def loaded(store: Store) -> Store:
    store.load(DATA, "application/n-quads")
    return store


def values(store: Store, query: str, scope: Scope = OPEN) -> set[str]:
    return {str(row["o"]) for row in store.select(query, scope=scope).rows}


def test_default_graph_is_union_of_scope(loaded: Store) -> None:
    assert values(loaded, "SELECT ?o { ?s ?p ?o }") == {"visible"}


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?o FROM <urn:g:hidden> { ?s ?p ?o }",
        "SELECT ?o FROM NAMED <urn:g:hidden> { GRAPH <urn:g:hidden> { ?s ?p ?o } }",
        "SELECT ?o { GRAPH <urn:g:hidden> { ?s ?p ?o } }",
        "SELECT ?o { VALUES ?g { <urn:g:hidden> } GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_hidden_graph_unreachable(loaded: Store, query: str) -> None:
    assert "hidden" not in values(loaded, query)


def test_graph_variable_ranges_over_scope_only(loaded: Store) -> None:
    rows = loaded.select("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", scope=OPEN).rows
    assert [str(r["g"]) for r in rows] == ["urn:g:open"]


def test_empty_scope_reads_nothing(loaded: Store) -> None:
    empty = Scope.of([])
    assert values(loaded, "SELECT ?o { ?s ?p ?o }", empty) == set()
    assert values(loaded, "SELECT ?o FROM <urn:g:open> { ?s ?p ?o }", empty) == set()
    assert not loaded.ask("ASK { GRAPH ?g { ?s ?p ?o } }", scope=empty)


def test_protocol_narrowing_cannot_widen(loaded: Store) -> None:
    scope = Scope(graphs=frozenset({"urn:g:open"}), default_graphs=("urn:g:hidden",))
    assert values(loaded, "SELECT ?o { ?s ?p ?o }", scope) == set()


def test_everything_sees_all(loaded: Store) -> None:
    assert values(loaded, "SELECT ?o { ?s ?p ?o }", Scope.everything()) == {"visible", "hidden"}


def test_bindings_substituted_by_engine(loaded: Store) -> None:
    tricky = Literal('x" } UNION { ?s ?p ?o } #')
    rows = loaded.select(
        "SELECT ?s { ?s ?p ?o }", scope=Scope.everything(), bindings={"o": tricky}
    ).rows
    assert rows == []
    rows = loaded.select(
        "SELECT ?o { ?s ?p ?o }", scope=Scope.everything(), bindings={"s": URIRef("urn:s2")}
    ).rows
    assert [str(r["o"]) for r in rows] == ["hidden"]


def test_stats_count_only_visible_graphs(loaded: Store) -> None:
    stats = loaded.stats(scope=OPEN)
    assert (stats.triples, stats.graphs) == (1, 1)
    assert dict(stats.triples_per_graph) == {"urn:g:open": 1}
    assert loaded.stats(scope=Scope.everything()).triples == 2
