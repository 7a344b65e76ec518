"""Scoping on Virtuoso: a graph outside the scope stays invisible however the query names it.

The first test pins down why the store strips dataset clauses: Virtuoso itself adds a query's
FROM to the protocol's default-graph-uri instead of letting the protocol win.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from ipas.errors import BadInput, Refused
from ipas.store.base import Scope
from ipas.store.remote import RemoteSparqlStore
from tests.virtuoso import VirtuosoServer

pytestmark = pytest.mark.remote

DATA = b"""
<urn:s1> <urn:p> "visible" <urn:g:open> .
<urn:s1> <urn:knows> <urn:s3> <urn:g:open> .
<urn:s2> <urn:p> "hidden" <urn:g:hidden> .
<urn:s3> <urn:knows> <urn:s2> <urn:g:hidden> .
"""
OPEN = Scope.of(["urn:g:open"])


@pytest.fixture
def loaded(remote: RemoteSparqlStore) -> RemoteSparqlStore:
    remote.load(DATA, "application/n-quads")
    return remote


def objects(store: RemoteSparqlStore, query: str, scope: Scope = OPEN) -> set[str]:
    return {str(v) for row in store.select(query, scope=scope).rows for v in row.values()}


def test_virtuoso_itself_adds_from_to_the_protocol_dataset(
    loaded: RemoteSparqlStore, virtuoso: VirtuosoServer
) -> None:
    form = urllib.parse.urlencode({
        "query": "SELECT ?o FROM <urn:g:hidden> { ?s <urn:p> ?o }",
        "default-graph-uri": "urn:g:open",
    }).encode()
    request = urllib.request.Request(
        virtuoso.query_url, data=form, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    # Raw Virtuoso leaks: this is what the remote store must (and does, below) prevent.
    assert {r["o"]["value"] for r in rows} == {"visible", "hidden"}


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?o FROM <urn:g:hidden> { ?s ?p ?o }",
        "SELECT ?o FROM <urn:g:hidden> FROM NAMED <urn:g:hidden> { GRAPH ?g { ?s ?p ?o } }",
        "PREFIX h: <urn:g:> SELECT ?o FROM h:hidden { ?s ?p ?o }",
        "select ?o from\n<urn:g:hidden> # comment FROM <urn:x>\n{ ?s ?p ?o }",
        "SELECT ?o FROM# a comment between\n<urn:g:hidden> { ?s ?p ?o }",
        "SELECT (?o AS ?x)FROM<urn:g:hidden>WHERE{?s ?p ?o}",
        "SELECT (?o < ?s && ?s > ?o AS ?x) ?o FROM<urn:g:hidden> { ?s ?p ?o }",
        "SELECT ?o { GRAPH <urn:g:hidden> { ?s ?p ?o } }",
        "SELECT ?o { VALUES ?g { <urn:g:hidden> } GRAPH ?g { ?s ?p ?o } }",
        "SELECT ?o { GRAPH ?g { ?s ?p ?o } }",
        "SELECT ?o { { SELECT ?o { GRAPH ?g { ?s ?p ?o } } } }",
        "SELECT ?o { ?x ?y ?z FILTER EXISTS { GRAPH <urn:g:hidden> { ?s ?p ?o } } BIND(?z AS ?o) }",
        "SELECT ?o { <urn:s1> <urn:knows>/<urn:knows> ?o }",
        "SELECT ?o { GRAPH ?g { <urn:s3> <urn:knows> ?o } }",
    ],
)
def test_hidden_graph_unreachable(loaded: RemoteSparqlStore, query: str) -> None:
    seen = objects(loaded, query)
    assert "hidden" not in seen and "urn:s2" not in seen


def test_default_graph_is_union_of_scope_and_everything_sees_all(
    loaded: RemoteSparqlStore,
) -> None:
    assert objects(loaded, "SELECT ?o { ?s <urn:p> ?o }") == {"visible"}
    assert objects(loaded, "SELECT ?o { ?s <urn:p> ?o }", Scope.everything()) == {
        "visible", "hidden"}


def test_empty_scope_sees_nothing(loaded: RemoteSparqlStore) -> None:
    empty = Scope.of([])
    assert objects(loaded, "SELECT ?o { ?s ?p ?o }", empty) == set()
    assert objects(loaded, "SELECT ?g { GRAPH ?g { ?s ?p ?o } }", empty) == set()
    assert not loaded.ask("ASK { GRAPH ?g { ?s ?p ?o } }", scope=empty)


def test_ask_answers_within_scope(loaded: RemoteSparqlStore) -> None:
    assert loaded.ask('ASK { ?s ?p "visible" }', scope=OPEN)
    assert not loaded.ask('ASK { ?s ?p "hidden" }', scope=OPEN)
    assert loaded.ask('ASK { ?s ?p "hidden" }', scope=Scope.everything())


def test_string_mentioning_from_is_not_touched(loaded: RemoteSparqlStore) -> None:
    rows = loaded.select('SELECT ?x { BIND("FROM <urn:g:hidden>" AS ?x) }', scope=OPEN).rows
    assert [str(r["x"]) for r in rows] == ["FROM <urn:g:hidden>"]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("DEFINE input:default-graph-uri <urn:g:hidden> SELECT ?o { ?s ?p ?o }", BadInput),
        ("SELECT (bif:file_to_string('/etc/hostname') AS ?o) {}", BadInput),
        ("PREFIX b: <bif:> SELECT (b:file_to_string('/etc/hostname') AS ?o) {}", Refused),
        ("SELECT ?o { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", Refused),
        ("SELECT ?o { ?s ?p ?o } OPTION (QUIETCAST)", BadInput),
    ],
)
def test_vendor_extensions_and_service_refused(
    loaded: RemoteSparqlStore, query: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        loaded.select(query, scope=OPEN)


def test_stats_and_graphs_hide_system_graphs(loaded: RemoteSparqlStore) -> None:
    assert loaded.graphs() == ["urn:g:hidden", "urn:g:open"]
    stats = loaded.stats(scope=OPEN)
    assert (stats.triples, stats.graphs) == (2, 1)
