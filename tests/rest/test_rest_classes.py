"""Every ontology class over REST, on the store ``ipas demo`` builds (reasoning on): classes
without a shape of their own, subtype filters, asserted types on list items, paged and filtered
neighbours with Link headers, bulk reads, and ranked fuzzy search that stays within scope."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from ipas.catalog import Catalog
from ipas.namespace import IPAS
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.rest.conftest import FixedAccess

ANALYST = {"Authorization": "Bearer analyst-token"}
NARROW = {"Authorization": "Bearer narrow-token"}


@pytest.fixture(scope="module")
def client(demo_settings: Settings, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[TestClient]:
    # A copy of the demo store, opened for writing as `ipas serve` opens it (query workers
    # flush it); the session's demo store stays untouched for the other tests.
    copy = tmp_path_factory.mktemp("demo-copy") / "store"
    shutil.copytree(demo_settings.store, copy)
    store = OxigraphStore(copy)
    geography = [e.graph for e in Catalog(store, demo_settings).batches()
                 if e.source.startswith("Public gazetteer")]
    assert geography, "the demo has a geography batch"
    access = FixedAccess(store.graphs, {"nora": geography})
    settings = Settings(store="memory", home=tmp_path_factory.mktemp("home"))
    yield TestClient(create_app(settings, store=store, access=access))


def items(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_classes_without_a_shape_of_their_own_are_served(client: TestClient) -> None:
    served = {c["slug"]: c for c in client.get("/entities", headers=ANALYST).json()}
    for slug in ("criminal-organization", "cartel", "smuggling-ring", "company", "agency"):
        assert slug in served, slug
    # Their properties come from their superclasses' shapes.
    assert not served["cartel"]["shaped"]
    assert "label" in {p["name"] for p in served["criminal-organization"]["properties"]} or \
        served["criminal-organization"]["properties"]
    doc = client.get("/openapi.json").json()
    assert "/entities/criminal-organization/{entity_id}/neighbours" in doc["paths"]
    assert "CriminalOrganization" in doc["components"]["schemas"]
    # Generated clients name a function per operationId: a class's routes (get_batch for
    # the ontology's Batch) must not take another route's id.
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_superclass_lists_carry_asserted_types_and_filter_by_subtype(
        client: TestClient) -> None:
    every = client.get("/entities/criminal-organization", params={"limit": 500},
                       headers=ANALYST)
    found = items(every)
    cartels = items(client.get("/entities/criminal-organization", headers=ANALYST,
                               params={"type": "cartel", "limit": 500}))
    assert cartels and len(cartels) < len(found)
    assert all(str(IPAS.Cartel) in c["types"] for c in cartels)
    # Asserted types only: the inferred superclass is not listed on a cartel.
    assert all(str(IPAS.CriminalOrganization) not in c["types"] for c in cartels)
    bad = client.get("/entities/criminal-organization", params={"type": "person"},
                     headers=ANALYST)
    assert bad.status_code == 422 and bad.json()["parameter"] == "type"


def test_pages_link_to_each_other(client: TestClient) -> None:
    first = client.get("/entities/person", params={"limit": 5}, headers=ANALYST)
    total = first.json()["total"]
    assert total > 10 and first.headers["x-total-count"] == str(total)
    assert 'rel="next"' in first.headers["link"] and 'rel="prev"' not in first.headers["link"]
    next_url = first.headers["link"].split(";")[0].strip("<>")
    second = client.get(next_url, headers=ANALYST)
    assert second.json()["offset"] == 5 and 'rel="prev"' in second.headers["link"]
    assert {i["id"] for i in items(first)}.isdisjoint(i["id"] for i in items(second))


def test_neighbours_are_paged_and_filtered(client: TestClient) -> None:
    url = "/entities/cartel/organization/demo/valle-dorado/neighbours"
    whole = client.get(url, params={"limit": 500}, headers=ANALYST).json()
    assert whole["total"] == len(whole["links"]) > 5
    page = client.get(url, params={"limit": 3, "offset": 3}, headers=ANALYST)
    assert page.json()["links"] == whole["links"][3:6] and 'rel="next"' in page.headers["link"]
    incoming = client.get(url, params={"direction": "in", "limit": 500}, headers=ANALYST)
    assert {x["direction"] for x in incoming.json()["links"]} == {"in"}
    prop = whole["links"][0]["property"]
    by_name = client.get(url, params={"relation": prop.rsplit("#", 1)[-1], "limit": 500},
                         headers=ANALYST).json()
    assert by_name["total"] >= 1 and {x["property"] for x in by_name["links"]} == {prop}


def test_bulk_get(client: TestClient) -> None:
    r = client.post("/entities/get", headers=ANALYST, json={"ids": [
        "person/demo/hector-ibarra", "organization/demo/valle-dorado", "person/demo/nobody"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(i["class"], i["id"]) for i in body["items"]] == [
        ("person", "person/demo/hector-ibarra"), ("cartel", "organization/demo/valle-dorado")]
    assert body["missing"] == ["person/demo/nobody"]
    assert client.post("/entities/get", headers=ANALYST, json={"ids": []}).status_code == 422
    hidden = client.post("/entities/get", headers=NARROW,
                         json={"ids": ["person/demo/hector-ibarra"]}).json()
    assert hidden == {"items": [], "missing": ["person/demo/hector-ibarra"]}


@pytest.mark.parametrize("q", ["guero", "El Guero", "güero", "GUERRO", "el gureo"])
def test_search_is_fuzzy_and_ranked(client: TestClient, q: str) -> None:
    found = items(client.get("/entities/person/search", params={"q": q}, headers=ANALYST))
    assert found[0]["id"] == "person/demo/julian-mendivil", found[:3]
    assert "Güero" in found[0]["matched"]
    # A name that merely contains the letters ("Figueroa") is not a hit for "guero".
    assert all("Figueroa" not in i["matched"] for i in found)
    scores = [i["score"] for i in found]
    assert scores == sorted(scores, reverse=True)


def test_search_finds_identifiers_and_stays_in_scope(client: TestClient) -> None:
    serial = items(client.get("/entities/firearm/search", params={"q": "1-al174916"},
                              headers=ANALYST))
    assert serial and serial[0]["label"].startswith("Century Arms WASR-10")
    assert items(client.get("/entities/person/search", params={"q": "guero"},
                            headers=NARROW)) == []
    assert items(client.get("/entities/country/search", params={"q": "mexico"},
                            headers=NARROW))
