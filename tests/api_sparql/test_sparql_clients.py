"""Standard clients against the server on loopback: SPARQLWrapper and rdflib's SPARQL stores."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from tests.api_sparql.conftest import NAMES
from tests.api_sparql.server import EX, GREEN, PEOPLE, Live, live_server

COUNT = f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s <{EX}name> ?name }}"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("clients")) as server:
        yield server


def wrapper(live: Live, role: str = "reader") -> SPARQLWrapper:
    sw = SPARQLWrapper(live.sparql)
    sw.addCustomHttpHeader("Authorization", live.headers[role]["Authorization"])
    return sw


def test_sparqlwrapper_json(live: Live) -> None:
    sw = wrapper(live)
    sw.setQuery(COUNT)
    sw.setReturnFormat(JSON)
    result = sw.queryAndConvert()
    assert isinstance(result, dict)
    assert result["results"]["bindings"][0]["n"]["value"] == str(PEOPLE + 1)


def test_sparqlwrapper_xml(live: Live) -> None:
    sw = wrapper(live)
    sw.setQuery(COUNT)
    sw.setReturnFormat(XML)
    doc = sw.queryAndConvert()
    literal = doc.getElementsByTagName("literal")[0]  # type: ignore[union-attr]
    assert literal.firstChild.data == str(PEOPLE + 1)


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_csv_and_tsv(live: Live, fmt: str, delimiter: str) -> None:
    sw = wrapper(live)
    sw.setQuery(f"SELECT ?s ?age WHERE {{ ?s <{EX}age> ?age }} ORDER BY ?s LIMIT 3")
    sw.setReturnFormat(fmt)
    body = sw.queryAndConvert()
    assert isinstance(body, bytes)
    rows = list(csv.reader(io.StringIO(body.decode()), delimiter=delimiter))
    assert len(rows) == 4 and rows[0][0].lstrip("?") == "s"


def test_sparqlwrapper_ask(live: Live) -> None:
    sw = wrapper(live)
    sw.setQuery(f"ASK {{ <{EX}p7> <{EX}name> 'person 7' }}")
    sw.setReturnFormat(JSON)
    assert sw.queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_sparqlwrapper_construct_as_turtle(live: Live) -> None:
    sw = wrapper(live)
    sw.setQuery(f"CONSTRUCT {{ ?s <{EX}name> ?n }} WHERE {{ ?s <{EX}name> ?n }}")
    sw.setReturnFormat(TURTLE)
    body = sw.queryAndConvert()
    assert isinstance(body, bytes)
    g = Graph().parse(data=body, format="turtle")
    assert (URIRef(f"{EX}p3"), URIRef(f"{EX}name"), Literal("person 3")) in g


@pytest.mark.parametrize("method", [POST, POSTDIRECTLY])
def test_sparqlwrapper_update_with_credentials(live: Live, method: str) -> None:
    graph = f"{EX}sw-{method.lower()}"
    sw = wrapper(live, "admin")
    sw.setMethod(POST)
    sw.setRequestMethod("urlencoded" if method == POST else "postdirectly")
    sw.setQuery(f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}a> <{EX}b> 'c' }} }}")
    sw.query()
    check = wrapper(live, "admin")
    check.setQuery(f"ASK {{ GRAPH <{graph}> {{ <{EX}a> <{EX}b> 'c' }} }}")
    check.setReturnFormat(JSON)
    assert check.queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_sparqlwrapper_update_without_the_role_fails(live: Live) -> None:
    sw = wrapper(live, "analyst")
    sw.setMethod(POST)
    sw.setQuery(f"INSERT DATA {{ GRAPH <{GREEN.graph}> {{ <{EX}a> <{EX}b> 'c' }} }}")
    with pytest.raises((SPARQLWrapperException, Exception)) as err:
        sw.query()
    assert "403" in str(err.value) or "Forbidden" in str(err.value)


def test_rdflib_sparqlstore(live: Live) -> None:
    store = SPARQLStore(live.sparql, headers=dict(live.headers["reader"]))
    g = Graph(store=store)
    rows = list(g.query(f"SELECT ?n WHERE {{ <{EX}p5> <{EX}name> ?n }}"))
    assert [str(r[0]) for r in rows] == ["person 5"]  # type: ignore[index]
    assert (URIRef(f"{EX}p5"), URIRef(f"{EX}name"), Literal("person 5")) in g


def test_rdflib_sparqlupdatestore(live: Live) -> None:
    # rdflib writes 'WITH <graph>': a dataset clause, so the graph must be one of the store's.
    graph = URIRef(f"{NAMES.base}graph/rdflib-update")
    store = SPARQLUpdateStore(live.sparql, live.sparql, headers=dict(live.headers["admin"]),
                              autocommit=True)
    g = Graph(store=store, identifier=graph)
    g.add((URIRef(f"{EX}x"), URIRef(f"{EX}y"), Literal("z")))
    assert (URIRef(f"{EX}x"), URIRef(f"{EX}y"), Literal("z")) in g
    g.remove((URIRef(f"{EX}x"), None, None))
    assert len(list(g.triples((URIRef(f"{EX}x"), None, None)))) == 0


def _token(live: Live, role: str = "reader") -> str:
    return live.headers[role]["Authorization"].split(" ", 1)[1]


def test_sparqlwrapper_with_http_basic_and_the_token_as_password(live: Live) -> None:
    """The docs/sparql.md recipe for clients that only speak Basic."""
    from SPARQLWrapper import BASIC

    sw = SPARQLWrapper(live.sparql)
    sw.setHTTPAuth(BASIC)
    sw.setCredentials("any-user", _token(live))
    sw.setQuery(COUNT)
    sw.setReturnFormat(JSON)
    rows = sw.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert int(rows[0]["n"]["value"]) > 0


def test_a_client_that_waits_for_the_challenge_gets_in(live: Live) -> None:
    """Like Jena's HttpClient, urllib's Basic handler sends credentials only after a 401 that
    carries a ``Basic`` challenge: the challenge is there and the retry is answered."""
    import urllib.parse
    import urllib.request

    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, live.url, "jena", _token(live))
    opener = urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords))
    url = live.sparql + "?" + urllib.parse.urlencode({"query": COUNT})
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with opener.open(request, timeout=30) as response:
        assert response.status == 200
        rows = list(csv.DictReader(io.StringIO(response.read().decode())))
    assert int(rows[0]["n"]) > 0
