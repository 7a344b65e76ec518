"""The guard: what it refuses, what it lets through, and that escapes cannot hide anything."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.routes.sparql import check_write_scope
from ipas.errors import BadInput, Forbidden, LimitExceeded, Refused
from ipas.graphs import GraphNames
from ipas.query.formats import RESULT_TYPES, negotiate, neutralize_csv
from ipas.query.guard import Guard
from ipas.query.tokens import Kind, tokenize
from ipas.security.principal import Principal, Role
from ipas.store.base import QueryKind, Scope

BASE = "https://w3id.org/ipas/id/"
GUARD = Guard(graph_base=BASE, max_chars=10_000, max_depth=32)
NAMES = GraphNames(BASE)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "select * { service silent ?svc { ?s ?p ?o } }",
        r"SELECT * { \u0053ERVICE <http://x/> { ?s ?p ?o } }",
        r'SELECT * { ?s ?p "a\u0022 . SERVICE <http://x/> { ?s ?p ?o } # " }',
        "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/remote.ttl> { ?s ?p ?o }",
        r"SELECT * FROM <\u0066ile:///etc/passwd> { ?s ?p ?o }",
        "BASE <file:///etc/> SELECT * FROM <passwd> { ?s ?p ?o }",
        "PREFIX f: <file:///etc/> SELECT * FROM f:passwd { ?s ?p ?o }",
        "SELECT * FROM <relative.ttl> { ?s ?p ?o }",
        "SELECT * FROM undeclared:g { ?s ?p ?o }",
    ],
)
def test_refused_queries(query: str) -> None:
    with pytest.raises(Refused):
        GUARD.check_query(query)


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://127.0.0.1:1/data.ttl>",
        "load silent <file:///etc/passwd> into graph <urn:g>",
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } USING <file:///x> WHERE { ?s ?p ?o }",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    ],
)
def test_refused_updates(update: str) -> None:
    with pytest.raises(Refused):
        GUARD.check_update(update)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE <http://x/> { }" }',
        "SELECT * { ?s ?p ?o } # SERVICE <http://x/>",
        "SELECT ?service ?load { ?service <urn:LOAD> ?load }",
        "PREFIX service: <urn:s#> SELECT * { ?s service:load ?o }",
        f"SELECT * FROM <{BASE}graph/batch/b1> FROM NAMED <{BASE}graph/ontology> {{ ?s ?p ?o }}",
        "SELECT * { ?s ?p '''multi\nline SERVICE''' }",
        "SELECT * { FILTER(?a<3 && ?b>1) }",
    ],
)
def test_allowed_queries(query: str) -> None:
    assert GUARD.check_query(query).form is QueryKind.SELECT


def test_from_clauses_are_reported_for_the_dataset() -> None:
    checked = GUARD.check_query(
        f"PREFIX g: <{BASE}graph/> SELECT * FROM g:ontology FROM NAMED <{BASE}graph/batch/x> "
        "{ ?s ?p ?o }"
    )
    assert checked.from_graphs == [f"{BASE}graph/ontology"]
    assert checked.from_named_graphs == [f"{BASE}graph/batch/x"]


def test_limits_before_parsing() -> None:
    with pytest.raises(LimitExceeded):
        GUARD.check_query("ASK {}" + " " * 10_000)
    with pytest.raises(BadInput) as err:
        GUARD.check_query("SELECT * WHERE " + "{" * 100 + "}" * 100)
    assert err.value.detail["column"] == 16 + 32
    with pytest.raises(BadInput):
        GUARD.check_query("ASK { FILTER(" + "(" * 40 + "1" + ")" * 40 + ") }")
    with pytest.raises(BadInput):
        GUARD.check_query("ASK { " + "[ <urn:p> " * 40 + "] " * 40 + "}")
    # escaped braces count too
    with pytest.raises(BadInput):
        GUARD.check_query("SELECT * WHERE " + r"\u007B" * 40)


def test_query_and_update_are_told_apart() -> None:
    with pytest.raises(BadInput):
        GUARD.check_query("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    with pytest.raises(BadInput):
        GUARD.check_update("PREFIX a: <urn:a#> SELECT * {}")
    assert GUARD.check_query("PREFIX a: <urn:a#> describe a:x").form is QueryKind.DESCRIBE
    with pytest.raises(BadInput):
        GUARD.check_query("   # only a comment")


def test_update_graphs_and_write_scope() -> None:
    batch = NAMES.batch("b1")
    checked = GUARD.check_update(f"INSERT DATA {{ GRAPH <{batch}> {{ <urn:a> <urn:b> 1 }} }}")
    assert checked.graphs == {batch} and not checked.unscoped
    writer = Principal("w", Role.LOADER)
    check_write_scope(checked, writer, Scope.of([batch]), NAMES)
    with pytest.raises(Forbidden):
        check_write_scope(checked, writer, Scope.of([NAMES.batch("other")]), NAMES)
    for text in ("DROP ALL", "CLEAR NAMED",
                 "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
                 f"COPY <{batch}> TO DEFAULT"):
        unscoped = GUARD.check_update(text)
        assert unscoped.unscoped, text
        with pytest.raises(Forbidden):
            check_write_scope(unscoped, writer, Scope.of([batch]), NAMES)
    ontology = GUARD.check_update(f"CLEAR GRAPH <{NAMES.ontology}>")
    with pytest.raises(Forbidden):
        check_write_scope(ontology, writer, Scope.of([NAMES.ontology]), NAMES)
    check_write_scope(ontology, Principal("root", Role.ADMIN), Scope.of([]), NAMES)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_checked_without_crashing(text: str) -> None:
    try:
        GUARD.check_query(text)
    except (BadInput, Refused, LimitExceeded):
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_characters='"\\\n\r'), max_size=80))
def test_literal_content_is_never_a_keyword(content: str) -> None:
    tokens = list(tokenize(f'SELECT * {{ ?s ?p "{content}" }}'))
    strings = [t for t in tokens if t.kind is Kind.STRING]
    assert [t.value for t in strings] == [f'"{content}"']


def test_negotiation_and_csv() -> None:
    assert negotiate("text/*;q=0.9, */*;q=0.1", RESULT_TYPES) == "text/csv"
    assert negotiate("application/sparql-results+json;q=0.2, text/tab-separated-values",
                     RESULT_TYPES) == "text/tab-separated-values"
    assert neutralize_csv(b"a\r\n@SUM(1)\r\n+1\r\n-2.5\r\n") == b"a\r\n'@SUM(1)\r\n+1\r\n-2.5\r\n"
