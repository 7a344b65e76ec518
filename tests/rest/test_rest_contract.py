"""The HTTP contract every door shares: one problem+json error shape, challenges on 401, Allow
on 405, security schemes in OpenAPI, HEAD, and conditional GETs (ETag / If-None-Match)."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient

from ipas.store.oxigraph import OxigraphStore
from tests.rest.test_rest_entities import BASE, DATA

ANALYST = {"Authorization": "Bearer analyst-token"}
PROBLEM = "application/problem+json"


@pytest.fixture
def store() -> OxigraphStore:
    s = OxigraphStore()
    s.load(DATA.encode(), "text/turtle", graph=BASE + "graph/batch/b1")
    return s


@pytest.fixture
def client(make_client, store, dirs, tmp_path) -> TestClient:
    (tmp_path / "queries").mkdir()
    return make_client(store, ontology_dir=dirs[0], shapes_dir=dirs[1],
                       queries_dir=tmp_path / "queries")


def assert_problem(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status and body["error"] == code and body["detail"]
    assert body["type"].endswith(code) and body["title"] and body["message"] == body["detail"]
    return body


def test_unknown_route_wrong_method_and_validation_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/no/such/route", headers=ANALYST), 404, "not_found")
    r = client.delete("/sparql", headers=ANALYST)
    body = assert_problem(r, 405, "method_not_allowed")
    assert set(r.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert body["allowed"] == ["GET", "HEAD", "POST"]
    body = assert_problem(client.get("/entities/person", params={"limit": "x"}, headers=ANALYST),
                          422, "invalid_parameter")
    assert body["parameter"] == "limit" and "limit" in body["message"]
    body = assert_problem(client.get("/entities/person/search", headers=ANALYST),
                          422, "invalid_parameter")
    assert body["parameter"] == "q"
    assert_problem(client.get("/entities/person/person/t/nobody", headers=ANALYST),
                   404, "not_found")
    body = assert_problem(client.get("/sparql", params={"query": "SELECT ?x WHERE {"},
                                     headers=ANALYST), 400, "bad_input")
    assert body["line"] == 1 and body["column"] > 1


def test_every_401_challenges_and_basic_carries_the_token(client: TestClient) -> None:
    for r in (client.get("/entities/person"), client.get("/sparql", params={"query": "ASK{}"}),
              client.get("/entities/person", headers={"Authorization": "Bearer wrong"})):
        assert_problem(r, 401, "unauthorized")
        # One field, Basic first (Jena 4 reads only a field's first scheme, and fails on one
        # it does not know); urllib's Basic handler finds it there too (test_sparql_clients).
        assert r.headers.get_list("www-authenticate") == [
            'Basic realm="IPAS-KG", charset="UTF-8", Bearer realm="IPAS-KG"']
    # A browser's script gets no Basic challenge: it would open a password dialog over the UI.
    browser = client.get("/entities/person", headers={"Sec-Fetch-Mode": "cors"})
    assert browser.headers.get_list("www-authenticate") == ['Bearer realm="IPAS-KG"']
    basic = "Basic " + base64.b64encode(b"anyone:analyst-token").decode()
    r = client.get("/entities/person", headers={"Authorization": basic})
    assert r.status_code == 200 and r.json()["total"] == 2
    bad = "Basic " + base64.b64encode(b"anyone:wrong").decode()
    assert client.get("/entities/person", headers={"Authorization": bad}).status_code == 401


def test_openapi_declares_security_and_problems_everywhere(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert doc["security"] == [{"bearerAuth": []}, {"basicAuth": []}]
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    codes = doc["components"]["schemas"]["Problem"]["properties"]["error"]["description"]
    assert all(code in codes for code in ("not_found", "method_not_allowed", "unauthorized",
                                          "invalid_parameter", "validation_failed"))
    titles = [s.get("title") for s in doc["components"]["schemas"].values()]
    assert len(titles) == len(set(titles))
    operations = [(path, op) for path, item in doc["paths"].items() for op in item.values()]
    assert len(operations) > 20
    for path, op in operations:
        default = op["responses"]["default"]["content"]
        assert default == {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for status, response in op["responses"].items():
            if status[0] in "45":
                assert list(response["content"]) == [PROBLEM], (path, status)
        if path.startswith(("/health", "/ontology")):
            assert op["security"] == []
        else:
            assert "security" not in op and "401" in op["responses"], path


def test_head_and_conditional_get(client: TestClient, store: OxigraphStore) -> None:
    url = "/entities/person"
    first = client.get(url, headers=ANALYST)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('W/"') and "Accept" in first.headers["vary"]
    head = client.head(url, headers=ANALYST)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == etag
    assert client.head("/sparql", headers=ANALYST).status_code == 200
    again = client.get(url, headers={**ANALYST, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    since = client.get(url, headers={**ANALYST, "If-Modified-Since": modified})
    assert since.status_code == 304
    # Another caller's scope, another Accept, or a write: a new tag.
    other = client.get(url, headers={"Authorization": "Bearer narrow-token"})
    assert other.headers["etag"] != etag
    store.load(b'<urn:x> <urn:y> "z" .', "application/n-triples", graph=BASE + "graph/batch/b9")
    changed = client.get(url, headers={**ANALYST, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values"])
def test_text_results_name_their_charset_once(client: TestClient, accept: str) -> None:
    r = client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 1"},
                   headers={**ANALYST, "Accept": accept})
    assert r.status_code == 200 and r.headers.get_list("content-type") == [
        f"{accept}; charset=utf-8"]
    assert "Accept" in r.headers["vary"]


def test_text_that_is_neither_query_nor_update_is_a_400_at_its_position(
        client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "PREFIX a: <urn:a#>\nSELEC ?x WHERE {}"},
                   headers=ANALYST)
    body = assert_problem(r, 400, "bad_input")
    assert (body["line"], body["column"]) == (2, 1) and "SELEC" in body["message"]
    update = client.get("/sparql", params={"query": "CLEAR ALL"}, headers=ANALYST)
    assert "update, not a query" in update.json()["message"]
