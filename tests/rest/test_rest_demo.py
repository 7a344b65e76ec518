"""The REST doors on the demo with the real ontology and shapes: saved queries, entity
search (accents, aliases), filters, JSON-LD, neighbours with their evidence, the weapons
extension's classes, and scope."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from api.app import create_app
from ipas.namespace import IPAS
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.queries.demo_tables import load_demo
from tests.rest.conftest import FixedAccess

BASE = "https://w3id.org/ipas/id/"
ANALYST = {"Authorization": "Bearer analyst-token"}
NARROW = {"Authorization": "Bearer narrow-token"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = OxigraphStore()
    graphs = load_demo(store)
    home: Path = tmp_path_factory.mktemp("home")
    access = FixedAccess(store.graphs, {"nora": [graphs["geography"]]})
    app = create_app(Settings(store="memory", home=home), store=store, access=access)
    yield TestClient(app)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_saved_query_over_rest_as_csv(client: TestClient) -> None:
    r = client.get("/queries/money-trail", headers={**ANALYST, "Accept": "text/csv"},
                   params={"actor": BASE + "company/demo/pacific-fresh",
                           "from": "2025-03-01", "to": "2025-06-30"})
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 6 and rows[0]["payerLabel"] == "Pacific Fresh Produce LLC"
    catalogue = client.get("/queries", headers=ANALYST).json()
    assert len(catalogue) >= 15
    assert {p["name"] for p in next(q for q in catalogue if q["name"] == "money-trail")[
        "parameters"]} == {"actor", "from", "to"}


@pytest.mark.parametrize("q", ["hector ibarra", "HÉCTOR", "ibarra solis", "el contador",
                               "Ing. Hector"])
def test_search_by_label_and_alias_ignores_case_and_accents(client, q: str) -> None:
    r = client.get("/entities/person/search", params={"q": q}, headers=ANALYST)
    assert "person/demo/hector-ibarra" in ids(r)


def test_government_officials_are_people_and_filterable(client: TestClient) -> None:
    officials = ids(client.get("/entities/government-official", headers=ANALYST))
    assert {"person/demo/ramiro-castaneda", "person/demo/byron-aju"} <= set(officials)
    people = client.get("/entities/person", params={"limit": 500}, headers=ANALYST).json()
    assert set(officials) <= {i["id"] for i in people["items"]}
    mx = ids(client.get("/entities/person", headers=ANALYST,
                        params={"nationality": "location/demo/mx", "limit": 500}))
    assert "person/demo/hector-ibarra" in mx and "person/demo/travis-coker" not in mx


def test_transfers_by_amount_range_sorted(client: TestClient) -> None:
    r = client.get("/entities/transfer", headers=ANALYST,
                   params={"amount_from": "1000000", "sort": "-amount", "limit": 3})
    body = r.json()
    assert body["total"] >= 2 and len(body["items"]) <= 3
    first = client.get(f"/entities/transfer/{body['items'][0]['id']}", headers=ANALYST).json()
    second = client.get(f"/entities/transfer/{body['items'][1]['id']}", headers=ANALYST).json()
    assert first["amount"] >= second["amount"] >= 1_000_000


def test_entity_json_and_jsonld(client: TestClient) -> None:
    r = client.get("/entities/person/person/demo/hector-ibarra", headers=ANALYST)
    body = r.json()
    assert body["label"] == "Héctor Ibarra Solís"
    assert set(body["alias"]) == {"El Contador", "Ing. Héctor Solís"}
    assert body["dateOfBirth"] == ["1972-07-19"]  # the shape sets no maxCount
    assert {"id": "location/demo/mx", "iri": BASE + "location/demo/mx",
            "label": "Mexico"} in body["nationality"]
    r = client.get("/entities/person/person/demo/hector-ibarra",
                   headers={**ANALYST, "Accept": "application/ld+json"})
    graph = Graph().parse(data=r.text, format="json-ld")
    assert (URIRef(BASE + "person/demo/hector-ibarra"), IPAS.nationality,
            URIRef(BASE + "location/demo/mx")) in graph


def test_neighbours_carry_report_grades(client: TestClient) -> None:
    r = client.get("/entities/person/person/demo/byron-aju/neighbours", headers=ANALYST)
    links = r.json()["links"]
    role = next(x for x in links if x["other"]["id"] == "facilitation/demo/aju-centinelas")
    assert role["direction"] == "in" and role["property"] == str(IPAS.facilitator)
    assert {(e["id"], e["reliability"], e["credibility"], e["marking"])
            for e in role["evidence"]} == {("report/demo/ir-gt-001", "E", "5", "TLP:AMBER")}


def test_weapons_extension_classes_are_served(client: TestClient) -> None:
    firearms = client.get("/entities/firearm", headers=ANALYST,
                          params={"serialNumber": "1-al174916"}).json()
    assert firearms["total"] == 1
    (item,) = firearms["items"]
    assert item["label"].startswith("Century Arms WASR-10")


def test_scope_narrows_every_route(client: TestClient) -> None:
    assert ids(client.get("/entities/person", headers=NARROW)) == []
    assert client.get("/entities/person/person/demo/hector-ibarra",
                      headers=NARROW).status_code == 404
    r = client.get("/queries/facilitators-multiple-networks", headers=NARROW)
    assert r.status_code == 200 and r.json()["rows"] == []
    assert ids(client.get("/entities/country", headers=NARROW))  # geography is shared
