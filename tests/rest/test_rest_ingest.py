"""POST /ingest and GET /ingest/{batch_id} through the real pipeline, on a tiny ontology."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ipas.facade.search_index import refresh_after_write
from ipas.ingest import Ingestor
from ipas.store.oxigraph import OxigraphStore

LOADER = {"Authorization": "Bearer loader-token"}
ANALYST = {"Authorization": "Bearer analyst-token"}
GOOD = b"""@prefix t: <http://example.org/t#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ipas/id/org/t/x> a t:Organization ; rdfs:label "X" ; t:size 3 .
"""
BAD = b"""@prefix t: <http://example.org/t#> .
<https://w3id.org/ipas/id/org/t/nolabel> a t:Organization ; t:size 3 .
"""


@pytest.fixture
def store() -> OxigraphStore:
    return OxigraphStore()


@pytest.fixture
def client(make_client, store, dirs, tmp_path: Path) -> TestClient:
    return make_client(store, ontology_dir=dirs[0], shapes_dir=dirs[1], queries_dir=tmp_path,
                       max_body_bytes=10_000)


def test_turtle_is_committed_as_a_batch_with_its_grading(client: TestClient, store) -> None:
    r = client.post("/ingest", content=GOOD, headers={**LOADER, "Content-Type": "text/turtle"},
                    params={"marking": "TLP:GREEN", "reliability": "B", "credibility": "2",
                            "agency": "HSI", "source": "unit test",
                            "shared_with": ["CBP", "GT-TCIU"]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] is True and body["triples"] == 3 and body["quarantined"] == 0
    assert body["graph"] in store.graphs()
    status = client.get(f"/ingest/{body['batch_id']}", headers=LOADER).json()
    assert (status["marking"], status["reliability"], status["credibility"]) == (
        "TLP:GREEN", "B", "2")
    assert status["agency"] == "HSI" and status["status"] == "committed"
    assert sorted(status["shared_with"]) == ["CBP", "GT-TCIU"]
    again = client.post("/ingest", content=GOOD,
                        headers={**LOADER, "Content-Type": "text/turtle"},
                        params={"marking": "TLP:GREEN", "reliability": "B", "credibility": "2",
                                "agency": "HSI", "source": "unit test",
                                "shared_with": ["CBP", "GT-TCIU"]})
    assert again.status_code == 200 and again.json()["batch_id"] == body["batch_id"]


def test_jsonld_body(client: TestClient) -> None:
    doc = {"@id": "https://w3id.org/ipas/id/org/t/j", "@type": "http://example.org/t#Organization",
           "http://www.w3.org/2000/01/rdf-schema#label": "J"}
    r = client.post("/ingest", json=doc, headers={**LOADER, "Content-Type": "application/ld+json"})
    assert r.status_code == 201, r.text


def test_format_names_the_syntax_of_a_raw_body(client: TestClient) -> None:
    # What generated clients send: application/octet-stream, the syntax named by format.
    raw = {**LOADER, "Content-Type": "application/octet-stream"}
    r = client.post("/ingest", content=GOOD, headers=raw, params={"format": "turtle"})
    assert r.status_code == 201, r.text
    assert client.post("/ingest", content=GOOD, headers=raw).status_code == 415  # no format
    unknown = client.post("/ingest", content=GOOD, headers=raw, params={"format": "ttl"})
    assert unknown.status_code == 400 and unknown.json()["parameter"] == "format"
    assert "turtle" in unknown.json()["message"] and "stix" in unknown.json()["message"]
    spec = client.get("/openapi.json").json()["paths"]["/ingest"]["post"]
    assert list(spec["requestBody"]["content"]) == ["application/octet-stream"]


def test_a_search_right_after_a_201_finds_the_record_the_commit_indexed(
        client: TestClient, store) -> None:
    def found(q: str) -> list[str]:
        r = client.get("/entities/organization/search", params={"q": q}, headers=LOADER)
        assert r.status_code == 200, r.text
        return [item["id"] for item in r.json()["items"]]

    assert found("zacatecas") == []  # the first search builds the index
    body = GOOD.replace(b'"X"', "\"Cártel de Zacatecas\"".encode())
    r = client.post("/ingest", content=body, headers={**LOADER, "Content-Type": "text/turtle"})
    assert r.status_code == 201, r.text
    # The commit brought the index up to date before answering: nothing is left to re-read.
    assert refresh_after_write(store) == 0
    assert found("cartel zacatecs") == ["org/t/x"]  # accent-free, one letter off
    Ingestor(store, client.app.state.settings).retract(r.json()["batch_id"])
    assert refresh_after_write(store) == 0  # the retraction dropped its names at once
    assert found("zacatecas") == []


def test_nothing_committed_answers_422_with_the_report(client: TestClient) -> None:
    r = client.post("/ingest", content=BAD, headers={**LOADER, "Content-Type": "text/turtle"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["error"] == "validation_failed" and body["quarantined"] == 1
    assert body["records"] == 0
    reasons = body["report"][0]["reasons"]
    assert any("label" in str(reason) for reason in reasons)


def test_partial_commit_is_201_with_the_quarantine_link(client: TestClient) -> None:
    r = client.post("/ingest", content=GOOD + BAD.split(b"\n", 1)[1],
                    params={"marking": "amber"},
                    headers={**LOADER, "Content-Type": "text/turtle"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["records"], body["quarantined"]) == (1, 1)
    assert r.headers["location"] == body["links"]["self"] == f"/ingest/{body['batch_id']}"
    status = client.get(body["links"]["self"], headers=LOADER).json()
    assert (status["records"], status["quarantined"], status["marking"]) == (1, 1, "TLP:AMBER")
    assert status["links"]["quarantine"] == body["links"]["quarantine"]
    assert "nolabel" in str(status["report"])
    held = client.get(body["links"]["quarantine"], headers=LOADER).json()
    assert held["quarantined"] == 1 and "nolabel" in str(held["records"])


@pytest.mark.parametrize("marking", ["amber", "TLP:AMBER", "tlp_amber", "Amber"])
def test_markings_read_as_the_cli_reads_them(client: TestClient, marking: str) -> None:
    r = client.post("/ingest", content=GOOD, params={"marking": marking},
                    headers={**LOADER, "Content-Type": "text/turtle"})
    assert r.status_code == 201, r.text
    status = client.get(r.headers["location"], headers=LOADER).json()
    assert status["marking"] == "TLP:AMBER"


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"content": b"<a> <b> .", "headers": {"Content-Type": "text/turtle"}}, 400),
        ({"content": GOOD, "headers": {"Content-Type": "image/png"}}, 415),
        ({"content": GOOD, "headers": {"Content-Type": "text/turtle"},
          "params": {"reliability": "Z"}}, 422),
        ({"content": GOOD, "headers": {"Content-Type": "text/turtle"},
          "params": {"marking": "TLP:PURPLE"}}, 422),
        ({"content": GOOD, "headers": {"Content-Type": "text/turtle"},
          "params": {"format": "nope"}}, 400),
        ({"content": b"#" * 20_000, "headers": {"Content-Type": "text/turtle"}}, 413),
        ({"content": b"", "headers": {"Content-Type": "text/turtle"}}, 400),
        ({"content": GOOD, "headers": {"Content-Type": "text/turtle"},
          "params": {"shared_with": "<script>"}}, 400),
    ],
)
def test_bad_ingest_requests(client: TestClient, store, kwargs, status) -> None:
    headers = {**LOADER, **kwargs.pop("headers")}
    r = client.post("/ingest", headers=headers, **kwargs)
    assert r.status_code == status, r.text
    assert [g for g in store.graphs() if "/batch/" in g] == []


def test_ingest_needs_the_ingest_role(client: TestClient) -> None:
    r = client.post("/ingest", content=GOOD, headers={**ANALYST, "Content-Type": "text/turtle"})
    assert r.status_code == 403
    assert client.post("/ingest", content=GOOD).status_code == 401


def test_unknown_batch_is_404(client: TestClient) -> None:
    assert client.get("/ingest/nope", headers=LOADER).status_code == 404
    assert client.get("/ingest/a.b", headers=LOADER).status_code == 422


def test_neighbours_carry_the_batch_grades_from_the_catalog(client: TestClient) -> None:
    first = client.post("/ingest", content=GOOD, headers={**LOADER, "Content-Type": "text/turtle"})
    person = (b'<https://w3id.org/ipas/id/person/t/p> a <http://example.org/t#Person> ; '
              b'<http://www.w3.org/2000/01/rdf-schema#label> "P" ; '
              b'<http://example.org/t#memberOf> <https://w3id.org/ipas/id/org/t/x> .')
    second = client.post("/ingest", content=person, params={"reliability": "E", "credibility": "5",
                                                            "marking": "TLP:RED"},
                         headers={**LOADER, "Content-Type": "text/turtle"})
    assert first.status_code == 201 and second.status_code == 201, second.text
    r = client.get("/entities/organization/org/t/x/neighbours", headers=LOADER)
    (link,) = r.json()["links"]
    (batch,) = link["batches"]
    assert batch["batch"] == second.json()["batch_id"]
    assert (batch["reliability"], batch["credibility"], batch["marking"]) == ("E", "5", "TLP:RED")


def test_loader_formats_through_the_registry(make_client, tmp_path: Path) -> None:
    """A STIX 2.1 bundle, named by ``format``, against the real ontology and shapes."""
    from ipas.settings import PROJECT_ROOT

    bundle = (PROJECT_ROOT / "tests" / "data" / "loaders" / "stix" / "bundle.json").read_bytes()
    client = make_client(OxigraphStore(), queries_dir=tmp_path)
    r = client.post("/ingest", content=bundle, params={"format": "stix", "source": "bundle.json"},
                    headers={**LOADER, "Content-Type": "application/json"})
    # The fixture holds one record the loader rejects (an invalid indicator): the valid
    # seven commit (its malware too, since the cyber extension models it), the answer is
    # 201 with the report, and the batch id names what was committed.
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["records"], body["quarantined"]) == (7, 1) and body["triples"] > 0
    assert any("invalid STIX 2.1 indicator" in str(q["reasons"]) for q in body["report"])
    status = client.get(f"/ingest/{body['batch_id']}", headers=LOADER).json()
    assert status["records"] == body["records"] and status["loader"] == "stix"
    # As a generated client sends it: raw bytes, no file name, the loader named by format.
    raw = client.post("/ingest", content=bundle, params={"format": "stix"},
                      headers={**LOADER, "Content-Type": "application/octet-stream"})
    assert raw.status_code == 201, raw.text
    assert (raw.json()["records"], raw.json()["quarantined"]) == (7, 1)


def test_loader_body_in_a_legacy_encoding(make_client, tmp_path: Path) -> None:
    """``encoding`` names a legacy body's encoding; without it a byte that does not decode
    quarantines its own record (here the one OFAC row written in Windows-1252)."""
    body = ('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
            '8196,"ÉAL-UBAYDI, Intissar","individual","IRAQ2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
            '"DOB 1974."\r\n').encode("cp1252")
    client = make_client(OxigraphStore(), queries_dir=tmp_path)
    params = {"format": "ofac", "source": "sdn.csv"}
    plain = client.post("/ingest", content=body, params=params,
                        headers={**LOADER, "Content-Type": "text/csv"})
    # The valid row commits (201); the undecodable one is quarantined with its reason.
    assert plain.status_code == 201 and plain.json()["quarantined"] == 1, plain.text
    assert "not valid UTF-8" in str(plain.json()["report"])
    legacy = client.post("/ingest", content=body, params={**params, "encoding": "cp1252"},
                         headers={**LOADER, "Content-Type": "text/csv"})
    assert legacy.status_code == 201, legacy.text
    assert legacy.json()["records"] == 2
    bad = client.post("/ingest", content=body, params={**params, "encoding": "no such"},
                      headers={**LOADER, "Content-Type": "text/csv"})
    assert bad.status_code in (400, 422)
