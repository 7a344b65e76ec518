"""The saved query registry: header parsing, startup checks, typed values written into the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import XSD, Literal, URIRef

from ipas.errors import BadInput, InvalidParameter, NotFound
from ipas.query.registry import QueryRegistry, parse_file
from ipas.store.base import QueryKind, Scope
from ipas.store.oxigraph import OxigraphStore

DATA = b"""@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:a> <urn:p> 1 ; <urn:when> "2024-05-01"^^xsd:date ; <urn:name> "Jos\xc3\xa9" .
<urn:b> <urn:p> 5 ; <urn:when> "2025-02-01"^^xsd:date ; <urn:name> "x\\"}#" .
"""

QUERY = """#+ summary: Things by value
#+ tags: test, values
#+ param: min integer optional -- smallest value
#+ param: since xsd:date optional -- on or after
#+ param: thing IRI optional -- one thing
#+ param: name string optional -- exact name
SELECT ?s ?v WHERE {
  ?s <urn:p> ?v ; <urn:when> ?d ; <urn:name> ?n .
  FILTER(?v >= ?_min)
  FILTER(?d >= ?_since)
  FILTER(?s = ?_thing)
  FILTER(?n = ?_name)
} ORDER BY ?s
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def store() -> OxigraphStore:
    s = OxigraphStore()
    s.load(DATA, "text/turtle", graph="urn:g:1")
    return s


@pytest.fixture
def registry(tmp_path: Path) -> QueryRegistry:
    write(tmp_path, "things", QUERY)
    return QueryRegistry.load(tmp_path)


def run(registry: QueryRegistry, store: OxigraphStore, **params: object) -> list[str]:
    answer = registry.run(store, "things", params, scope=Scope.of(["urn:g:1"]))
    assert answer.select is not None
    return [str(r["s"]) for r in answer.select.rows]


def test_header_is_read(registry: QueryRegistry) -> None:
    q = registry.get("things")
    assert q.summary == "Things by value" and q.tags == ("test", "values")
    assert [(p.name, p.type, p.optional) for p in q.params] == [
        ("min", "integer", True), ("since", "date", True), ("thing", "iri", True),
        ("name", "string", True)]
    assert q.kind is QueryKind.SELECT
    entry = registry.catalogue()[0]
    assert entry["parameters"][1]["schema"] == {
        "type": "string", "format": "date", "description": "on or after"}


def test_absent_optional_params_drop_their_filters(registry, store) -> None:
    answer = registry.run(store, "things", {}, scope=Scope.of(["urn:g:1"]))
    assert answer.select is not None
    assert answer.select.variables == ["s", "v"]
    assert [str(r["s"]) for r in answer.select.rows] == ["urn:a", "urn:b"]


def test_values_become_constants_and_absent_filters_go(registry) -> None:
    text = registry.get("things").instantiate({"min": 2, "thing": "urn:a"})
    assert 'FILTER(?v >= "2"^^<http://www.w3.org/2001/XMLSchema#integer>)' in text
    assert "FILTER(?s = <urn:a>)" in text
    assert "?_since" not in text and "?_name" not in text and "?_" not in text


def test_each_type_binds_through_the_engine(registry, store) -> None:
    assert run(registry, store, min="2") == ["urn:b"]
    assert run(registry, store, min=2) == ["urn:b"]
    assert run(registry, store, since="2025-01-01") == ["urn:b"]
    assert run(registry, store, thing="urn:a") == ["urn:a"]
    assert run(registry, store, name="José") == ["urn:a"]
    assert run(registry, store, min="99") == []  # a parameter that excludes everything


@pytest.mark.parametrize("value", ['x"}#', 'x\\u0022 } #', '" } ; DROP ALL #', "}"])
def test_hostile_strings_are_values_not_syntax(registry, store, value: str) -> None:
    expected = ["urn:b"] if value == 'x"}#' else []
    assert run(registry, store, name=value) == expected
    assert run(registry, store) == ["urn:a", "urn:b"]  # the store is untouched


def test_scope_limits_what_a_saved_query_sees(registry, store) -> None:
    answer = registry.run(store, "things", {}, scope=Scope.of(["urn:g:other"]))
    assert answer.select is not None and answer.select.rows == []


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"min": "two"}, "parameter 'min': expected an integer, got 'two'"),
        ({"min": 1.5}, "parameter 'min': expected an integer"),
        ({"min": True}, "parameter 'min': expected an integer"),
        ({"since": "2024-13-01"}, "parameter 'since': expected a date as YYYY-MM-DD"),
        ({"thing": "not an iri"}, "parameter 'thing': expected an absolute IRI"),
        ({"thing": "urn:x> } <urn:y"}, "parameter 'thing': expected an absolute IRI"),
        ({"name": "a" * 2000}, "parameter 'name': expected a string"),
        ({"nope": "1"}, "unknown parameter 'nope' for query 'things'"),
    ],
)
def test_bad_parameters_name_the_parameter_and_type(registry, store, params, needle) -> None:
    with pytest.raises(InvalidParameter) as err:
        registry.run(store, "things", params, scope=Scope.of(["urn:g:1"]))
    assert needle in str(err.value)
    assert err.value.status_code == 422


def test_required_default_and_enum(tmp_path: Path, store) -> None:
    write(tmp_path, "req", "#+ summary: r\n#+ param: v integer -- needed\n"
          "#+ param: grade enum values=A|B|C default=B\n"
          "#+ param: amount decimal optional\n"
          "SELECT * WHERE { FILTER(?_v + ?_amount > 0 && ?_grade != 'x') }\n")
    q = QueryRegistry.load(tmp_path).get("req")
    with pytest.raises(InvalidParameter, match="parameter 'v' is required"):
        q.bindings({})
    b = q.bindings({"v": "3", "amount": "12.50"})
    assert b["_grade"] == Literal("B") and b["_v"] == Literal("3", datatype=XSD.integer)
    assert b["_amount"] == Literal("12.50", datatype=XSD.decimal)
    with pytest.raises(InvalidParameter, match="one of A, B, C"):
        q.bindings({"v": 1, "grade": "Z"})
    with pytest.raises(InvalidParameter, match="'amount': expected a decimal"):
        q.bindings({"v": 1, "amount": "NaN"})


def test_iri_params_accept_the_querys_prefixes(tmp_path: Path) -> None:
    write(tmp_path, "pfx", "#+ summary: p\n#+ param: x IRI\nPREFIX ex: <http://ex.org/>\n"
          "SELECT * WHERE { ?s ?p ?_x }\n")
    q = QueryRegistry.load(tmp_path).get("pfx")
    assert q.bindings({"x": "ex:thing"}) == {"_x": URIRef("http://ex.org/thing")}


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o }\n", "needs '#+ summary"),
        ("#+ summary: s\nSELECT ?s WHERE { ?s ?p }\n", "SPARQL syntax error"),
        ("#+ summary: s\n#+ param: x integer\nSELECT ?s WHERE { ?s ?p ?o }\n",
         "not used as ?_NAME: x"),
        ("#+ summary: s\nSELECT ?s ?_y WHERE { ?s ?p ?_y }\n", "?_y look like parameters"),
        ("#+ summary: s\n#+ param: x integer\nSELECT ?s ?_x WHERE { ?s ?p ?_x }\n",
         "must not be projected"),
        ("#+ summary: s\n#+ param: a integer optional\n#+ param: b integer optional\n"
         "SELECT ?s WHERE { ?s ?p ?o FILTER(?o > ?_a && ?o < ?_b) }\n",
         "write one FILTER per optional parameter"),
        ("#+ summary: s\n#+ param: x float\nSELECT * WHERE { ?s ?p ?_x }\n",
         "unknown type 'float'"),
        ("#+ summary: s\n#+ param: x integer default=abc\nSELECT * WHERE { ?s ?p ?_x }\n",
         "expected an integer"),
        ("#+ summary: s\n#+ owner: me\nSELECT * WHERE {}\n", "unknown header key"),
        ("#+ summary: s\nSELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }\n",
         "may not use SERVICE"),
        ("#+ summary: s\nSELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }\n",
         "may not use FROM"),
    ],
)
def test_broken_queries_fail_at_load(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, "broken", text)
    with pytest.raises(BadInput) as err:
        parse_file(path)
    assert needle in str(err.value)
    assert err.value.detail["source"] == "broken.rq"


def test_syntax_error_carries_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad", "#+ summary: s\nSELECT ?s\nWHERE { ?s ?p }\n")
    with pytest.raises(BadInput) as err:
        parse_file(path)
    assert err.value.detail.get("line", 0) >= 3


def test_prefixed_names_and_variables_are_not_keywords(tmp_path: Path) -> None:
    path = write(tmp_path, "kw", "#+ summary: s\n#+ param: from xsd:date optional\n"
                 "PREFIX ex: <urn:ex:>\nSELECT ?s WHERE { ?s ex:service ex:load ; "
                 "ex:from ?_from }\n")
    assert [p.name for p in parse_file(path).params] == ["from"]


def test_strings_and_iris_do_not_count_as_variables(tmp_path: Path) -> None:
    path = write(tmp_path, "noise", '#+ summary: s\nSELECT ?s WHERE { ?s <urn:x#?_a> '
                 '"?_b # SERVICE" }  # ?_c in a comment\n')
    assert parse_file(path).params == ()


def test_unknown_query_is_not_found(registry) -> None:
    with pytest.raises(NotFound):
        registry.get("nope")
