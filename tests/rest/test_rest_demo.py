"""The REST doors on the store ``ipas demo`` builds (real ontology and shapes, reasoning on),
served on loopback with real tokens: saved queries, entity search (accents, aliases),
filters, JSON-LD, neighbours with their evidence (inferred links marked, restatements
dropped), the weapons extension's classes, the asserted/inferred switch, and scope."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph, URIRef

from api.app import create_app
from ipas.namespace import IPAS
from ipas.security.markings import Marking
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.settings import Settings
from tests.api_sparql.live import serve

BASE = "https://w3id.org/ipas/id/"
ANALYST: dict[str, str] = {}
NARROW: dict[str, str] = {}


@pytest.fixture(scope="module")
def client(demo_settings: Settings) -> Iterator[httpx.Client]:
    """``ipas serve`` on the demo: an HSI analyst cleared for every marking, and a reader
    cleared for TLP:CLEAR only (who sees the geography batch and nothing else)."""
    tokens = TokenStore(demo_settings.home / "tokens.json")
    _, analyst = tokens.create("rest-analyst", Role.ANALYST, agency="HSI",
                               markings=frozenset(m.value for m in Marking))
    _, narrow = tokens.create("rest-clear", Role.READER,
                              markings=frozenset({Marking.CLEAR.value}))
    ANALYST["Authorization"] = f"Bearer {analyst}"
    NARROW["Authorization"] = f"Bearer {narrow}"
    with serve(create_app(demo_settings)) as url, httpx.Client(base_url=url,
                                                               timeout=60) as http:
        yield http


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_saved_query_over_rest_as_csv(client: httpx.Client) -> None:
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


def test_government_officials_are_people_and_filterable(client: httpx.Client) -> None:
    officials = ids(client.get("/entities/government-official", headers=ANALYST))
    assert {"person/demo/ramiro-castaneda", "person/demo/byron-aju"} <= set(officials)
    people = client.get("/entities/person", params={"limit": 500}, headers=ANALYST).json()
    assert set(officials) <= {i["id"] for i in people["items"]}
    mx = ids(client.get("/entities/person", headers=ANALYST,
                        params={"nationality": "location/demo/mx", "limit": 500}))
    assert "person/demo/hector-ibarra" in mx and "person/demo/travis-coker" not in mx


def test_transfers_by_amount_range_sorted(client: httpx.Client) -> None:
    r = client.get("/entities/transfer", headers=ANALYST,
                   params={"amount_from": "1000000", "sort": "-amount", "limit": 3})
    body = r.json()
    assert body["total"] >= 2 and len(body["items"]) <= 3
    first = client.get(f"/entities/transfer/{body['items'][0]['id']}", headers=ANALYST).json()
    second = client.get(f"/entities/transfer/{body['items'][1]['id']}", headers=ANALYST).json()
    assert first["amount"] >= second["amount"] >= 1_000_000


def test_entity_json_and_jsonld(client: httpx.Client) -> None:
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


def test_neighbours_carry_report_grades(client: httpx.Client) -> None:
    r = client.get("/entities/person/person/demo/byron-aju/neighbours", headers=ANALYST)
    links = r.json()["links"]
    role = next(x for x in links if x["other"]["id"] == "facilitation/demo/aju-centinelas")
    assert role["direction"] == "in" and role["property"] == str(IPAS.facilitator)
    assert {(e["id"], e["reliability"], e["credibility"], e["marking"])
            for e in role["evidence"]} == {("report/demo/ir-gt-001", "E", "5", "TLP:AMBER")}


def test_weapons_extension_classes_are_served(client: httpx.Client) -> None:
    firearms = client.get("/entities/firearm", headers=ANALYST,
                          params={"serialNumber": "1-al174916"}).json()
    assert firearms["total"] == 1
    (item,) = firearms["items"]
    assert item["label"].startswith("Century Arms WASR-10")


def test_scope_narrows_every_route(client: httpx.Client) -> None:
    assert ids(client.get("/entities/person", headers=NARROW)) == []
    assert client.get("/entities/person/person/demo/hector-ibarra",
                      headers=NARROW).status_code == 404
    r = client.get("/queries/facilitators-multiple-networks", headers=NARROW)
    assert r.status_code == 200 and r.json()["rows"] == []
    assert ids(client.get("/entities/country", headers=NARROW))  # geography is shared


def test_neighbours_mark_inferred_links_and_drop_restatements(client: httpx.Client) -> None:
    """Valle Dorado's cells state ``subOrganizationOf`` it; the materialized inverse
    (``hasSubOrganization``) and aligned super-properties (``org:``) are the same links again."""
    r = client.get("/entities/organization/organization/demo/valle-dorado/neighbours",
                   params={"limit": 500}, headers=ANALYST)  # pages hold 100 links by default
    assert r.status_code == 200, r.text
    links = r.json()["links"]
    pairs = [(x["direction"], x["other"]["id"]) for x in links if not x["inferred"]]
    assert ("in", "organization/demo/celula-sonora") in pairs
    by_other: dict[str, list[str]] = {}
    for x in links:
        by_other.setdefault(x["other"]["id"], []).append(x["property"])
    assert by_other["organization/demo/celula-sonora"] == [str(IPAS.subOrganizationOf)]
    assert all(x["evidence"] == [] for x in links if x["inferred"])
    member = client.get("/entities/person/person/demo/julian-mendivil/neighbours",
                        params={"limit": 500}, headers=ANALYST).json()["links"]
    props = {x["property"] for x in member}
    assert "http://www.w3.org/ns/org#organization" not in props
    asserted = client.get("/entities/organization/organization/demo/valle-dorado/"
                          "neighbours", params={"inference": "asserted", "limit": 500},
                          headers=ANALYST)
    assert not [x for x in asserted.json()["links"] if x["inferred"]]


def test_entity_marks_inferred_values(client: httpx.Client) -> None:
    body = client.get("/entities/person/person/demo/hector-ibarra", headers=ANALYST).json()
    assert isinstance(body["inferred"], dict)
    for name, values in body["inferred"].items():
        stated = body[name] if isinstance(body[name], list) else [body[name]]
        assert all(v in stated for v in values)
    asserted = client.get("/entities/person/person/demo/hector-ibarra", headers=ANALYST,
                          params={"inference": "asserted"}).json()
    assert asserted["inferred"] == {}
    bad = client.get("/entities/person", params={"inference": "maybe"}, headers=ANALYST)
    assert bad.status_code == 422
