"""REST for saved queries: catalogue, GET/POST with typed parameters, media types, errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ipas.store.oxigraph import OxigraphStore

ANALYST = {"Authorization": "Bearer analyst-token"}
NARROW = {"Authorization": "Bearer narrow-token"}

DATA = b"""@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:a> <urn:p> 1 ; <urn:name> "=HYPERLINK(\\"http://x\\")" .
<urn:b> <urn:p> 5 ; <urn:name> "Bob" .
"""
QUERY = """#+ summary: Things with a value at least min
#+ tags: test
#+ param: min integer optional -- smallest value
#+ param: kind enum values=any|big default=any -- which things
SELECT ?s ?v ?name WHERE {
  ?s <urn:p> ?v ; <urn:name> ?name .
  FILTER(COALESCE(?v >= ?_min, true))
  FILTER(?_kind = "any" || ?v > 3)
} ORDER BY ?s
"""


@pytest.fixture
def client(tmp_path: Path, make_client) -> TestClient:
    qdir = tmp_path / "queries"
    qdir.mkdir()
    (qdir / "things.rq").write_text(QUERY)
    store = OxigraphStore()
    store.load(DATA, "text/turtle", graph="urn:g:1")
    # No shapes: the ontology-driven routes are tested elsewhere; this keeps the app small.
    return make_client(store, narrow=["urn:g:none"], queries_dir=qdir,
                       ontology_dir=tmp_path / "none", shapes_dir=tmp_path / "none")


def test_catalogue_lists_parameter_schemas(client: TestClient) -> None:
    r = client.get("/queries", headers=ANALYST)
    assert r.status_code == 200
    (entry,) = r.json()
    assert entry["name"] == "things" and entry["kind"] == "SELECT"
    assert entry["parameters"][0] == {
        "name": "min", "type": "integer", "required": False, "optional": True, "default": None,
        "values": [], "description": "smallest value",
        "schema": {"type": "integer", "description": "smallest value"}}
    assert entry["parameters"][1]["schema"]["enum"] == ["any", "big"]


def test_get_and_post_bind_typed_parameters(client: TestClient) -> None:
    r = client.get("/queries/things", params={"min": "2"}, headers=ANALYST)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["s", "v", "name"]
    assert body["rows"] == [{"s": "urn:b", "v": 5, "name": "Bob"}]
    r = client.post("/queries/things", json={"kind": "big"}, headers=ANALYST)
    assert [row["s"] for row in r.json()["rows"]] == ["urn:b"]
    r = client.post("/queries/things", json={"min": 100}, headers=ANALYST)
    assert r.json()["rows"] == []


def test_csv_neutralizes_formulas_and_jsonld_has_context(client: TestClient) -> None:
    r = client.get("/queries/things", headers={**ANALYST, "Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["s", "v", "name"]
    assert rows[1] == ["urn:a", "1", "'=HYPERLINK(\"http://x\")"]
    r = client.get("/queries/things", headers={**ANALYST, "Accept": "application/ld+json"})
    doc = r.json()
    assert doc["@context"]["@vocab"].endswith("query/things#")
    assert doc["@graph"][1]["s"] == {"@id": "urn:b"}


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"min": "two"}, "parameter 'min': expected an integer"),
        ({"kind": "small"}, "parameter 'kind': expected one of any, big"),
        ({"color": "red"}, "unknown parameter 'color'"),
    ],
)
def test_bad_parameters_are_422_with_a_clear_message(client, params, needle) -> None:
    for r in (client.get("/queries/things", params=params, headers=ANALYST),
              client.post("/queries/things", json=params, headers=ANALYST)):
        assert r.status_code == 422
        assert needle in r.json()["message"]
        assert r.json()["error"] == "invalid_parameter"


def test_non_object_body_is_422(client: TestClient) -> None:
    r = client.post("/queries/things", content=b"[1]", headers=ANALYST)
    assert r.status_code == 422


def test_unknown_query_is_404_and_no_token_is_401(client: TestClient) -> None:
    assert client.get("/queries/nope", headers=ANALYST).status_code == 404
    assert client.post("/queries/nope", json={}, headers=ANALYST).status_code == 404
    assert client.get("/queries/things").status_code == 401


def test_unacceptable_media_type_is_406(client: TestClient) -> None:
    r = client.get("/queries/things", headers={**ANALYST, "Accept": "image/png"})
    assert r.status_code == 406


def test_saved_queries_see_only_the_callers_scope(client: TestClient) -> None:
    r = client.get("/queries/things", headers=NARROW)
    assert r.status_code == 200 and r.json()["rows"] == []


def test_openapi_documents_each_querys_parameters(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    op = doc["paths"]["/queries/things"]["get"]
    query = [p for p in op["parameters"] if p["in"] == "query"]
    assert [(p["name"], p["schema"]["type"]) for p in query] == [
        ("min", "integer"), ("kind", "string"), ("inference", "string"),
        ("resolved", "boolean")]  # the switches last
    # ... and the conditional GET's headers (its ETag answers 304).
    assert {p["name"] for p in op["parameters"] if p["in"] == "header"} == {
        "If-None-Match", "If-Modified-Since"}
    assert "304" in op["responses"] and "ETag" in op["responses"]["200"]["headers"]
    assert "/queries/{name}" not in doc["paths"]


def test_saved_query_runs_are_audited(client: TestClient, tmp_path: Path) -> None:
    import json

    client.get("/queries/things", params={"min": "2"}, headers=ANALYST)
    entries = [json.loads(line) for line in
               (tmp_path / "home" / "audit.jsonl").read_text().splitlines()]
    entry = next(e for e in entries if e.get("action") == "saved_query")
    assert entry["query"] == "things" and entry["result_count"] == 1
    assert entry["parameters"] == ["min"]
