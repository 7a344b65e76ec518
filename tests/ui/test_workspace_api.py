"""`/workspace` over HTTP on the demo store a user gets (reasoning on), as an HSI analyst
cleared for TLP:RED and as the GT-TCIU partner, whose answers must hold nothing from the
batches it may not read (demo/README.md, "Who sees what")."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.ui.conftest import Served

# The first test also pays for the session's demo store and server (slow on a busy machine).
pytestmark = pytest.mark.timeout(900)

ID = "https://w3id.org/ipas/id/"
HECTOR = f"{ID}person/demo/hector-ibarra"
RED_REPORT = "Report IR-RED-001"  # only in red.ttl (TLP:RED, HSI)
CENTINELAS = f"{ID}organization/demo/centinelas"
PARTNER_SOURCES = {"Public gazetteer and agency directory",
                   "HSI Tucson case file, Operation Quetzal Shadow",
                   "CBP and HSI enforcement and seizure records",
                   "Guatemala TCIU joint reporting"}


def _get(served: Served, token: str, path: str, **params: Any) -> httpx.Response:
    return httpx.get(f"{served.base}{path}", params=params, timeout=60,
                     headers={"Authorization": f"Bearer {token}"})


def _ok(served: Served, token: str, path: str, **params: Any) -> Any:
    response = _get(served, token, path, **params)
    assert response.status_code == 200, response.text
    return response.json()


def _facts(page: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(s["kind"], f) for s in page["sections"] for f in s["facts"]]


def test_me_names_the_caller(served: Served) -> None:
    me = _ok(served, served.analyst, "/workspace/me")
    assert (me["name"], me["role"], me["agency"]) == ("ui-analyst", "analyst", "HSI")
    assert "TLP:RED" in me["markings"]


def test_entity_page_lays_facts_out_by_kind_with_evidence(served: Served) -> None:
    page = _ok(served, served.analyst, "/workspace/entity", iri=HECTOR)
    assert page["label"] == "Héctor Ibarra Solís"
    assert [t["label"] for t in page["types"]] == ["Person"]
    kinds = {s["kind"]: s["facts"] for s in page["sections"]}
    assert {"identity", "aliases", "identifiers", "roles", "transfers"} <= set(kinds)
    assert {f["value"]["value"] for f in kinds["aliases"]} == {"El Contador", "Ing. Héctor Solís"}
    roles = {f["via"]["type_labels"][0] for f in kinds["roles"]}
    assert {"Directorship", "Facilitation", "Ownership"} <= roles
    served_networks = {v["value"].get("label") for f in kinds["roles"] for v in f["via"]["values"]
                       if v["property"]["label"] == "served network"}
    assert {"Los Centinelas del Suchiate", "Organización Valle Dorado"} <= served_networks
    for kind, fact in _facts(page):
        if kind == "inferred":
            assert fact["inferred"] is True and fact["evidence"] == []
        else:
            assert fact["inferred"] is False and fact["evidence"], fact
            for evidence in fact["evidence"]:
                assert evidence["marking"].startswith("TLP:") and len(evidence["grade"]) == 2
    # One row per statement: a materialized inverse or supertype never repeats a fact.
    keys = [(f["direction"], f["property"]["iri"], str(f.get("value") or f.get("via")))
            for _, f in _facts(page)]
    assert len(keys) == len(set(keys))


def test_partner_page_holds_only_what_the_partner_may_read(served: Served) -> None:
    analyst = _ok(served, served.analyst, "/workspace/entity", iri=HECTOR)
    partner = _ok(served, served.partner, "/workspace/entity", iri=HECTOR)
    assert "transfers" in {s["kind"] for s in analyst["sections"]}
    assert "transfers" not in {s["kind"] for s in partner["sections"]}  # finance-amber is hidden
    sources = {e["source"] for _, f in _facts(partner) for e in f["evidence"]}
    assert sources <= PARTNER_SOURCES
    assert len(_facts(partner)) < len(_facts(analyst))


def test_hidden_entities_are_absent_not_forbidden(served: Served) -> None:
    hits = _ok(served, served.analyst, "/workspace/search", q=RED_REPORT)["items"]
    report = next(h for h in hits if h["label"] == RED_REPORT)
    assert _get(served, served.analyst, "/workspace/entity", iri=report["iri"]).status_code == 200
    assert _get(served, served.partner, "/workspace/entity", iri=report["iri"]).status_code == 404
    partner_hits = _ok(served, served.partner, "/workspace/search", q=RED_REPORT)["items"]
    assert all(h["label"] != RED_REPORT for h in partner_hits)


@pytest.mark.parametrize(("q", "expected"), [
    ("Hector Ybarra", "Héctor Ibarra Solís"),        # misspelt
    ("ibarra hector", "Héctor Ibarra Solís"),        # name order swapped, no accents
    ("G000918273", "Héctor Ibarra Solís"),           # a passport number
    ("centinelas suchiate", "Los Centinelas del Suchiate"),
])
def test_search_finds_misspelt_and_reordered_names(served: Served, q: str, expected: str) -> None:
    answer = _ok(served, served.analyst, "/workspace/search", q=q)
    assert answer["items"][0]["label"] == expected, answer["items"][:3]
    assert answer["facets"] and all(f["count"] >= 1 for f in answer["facets"])


def test_search_by_alias_and_type_facet(served: Served) -> None:
    answer = _ok(served, served.analyst, "/workspace/search", q="guero")
    assert {"El Güero"} <= {h["matched"] for h in answer["items"]}
    person = next(f for f in answer["facets"] if f["label"] == "Person")
    only = _ok(served, served.analyst, "/workspace/search", q="guero", type=person["iri"])
    assert only["items"] and all(
        "Person" in [t["label"] for t in h["types"]] for h in only["items"])


def test_chart_draws_relationships_as_edges_between_parties(served: Served) -> None:
    chart = _ok(served, served.analyst, "/workspace/chart", iri=HECTOR)
    ids = {n["id"] for n in chart["nodes"]}
    assert HECTOR in ids and CENTINELAS in ids
    facilitation = [e for e in chart["edges"]
                    if e["target"] == CENTINELAS and e["label"] == "Facilitation"]
    assert facilitation and facilitation[0]["via"].startswith(f"{ID}facilitation/")
    assert facilitation[0]["grade"] == "B2" and facilitation[0]["markings"] == ["TLP:GREEN"]
    assert len({e["id"] for e in chart["edges"]}) == len(chart["edges"])
    assert not any("/ontology#" in n["id"] for n in chart["nodes"])  # no class as a party
    assert {n["group"] for n in chart["nodes"]} >= {"person", "criminal-organization"}


def test_partner_chart_has_no_hidden_edge(served: Served) -> None:
    analyst = _ok(served, served.analyst, "/workspace/chart", iri=HECTOR)
    partner = _ok(served, served.partner, "/workspace/chart", iri=HECTOR)
    assert len(partner["edges"]) < len(analyst["edges"])
    for edge in partner["edges"]:
        assert {e["source"] for e in edge["evidence"]} <= PARTNER_SOURCES


def test_geo_gives_places_legs_and_dated_events(served: Served) -> None:
    geo = _ok(served, served.analyst, "/workspace/geo")
    assert len(geo["places"]) >= 30 and len(geo["legs"]) >= 10
    assert all(-180 <= p["lon"] <= 180 and -90 <= p["lat"] <= 90 for p in geo["places"])
    dates = [e["date"] for e in geo["events"]]
    assert dates == sorted(dates, reverse=True)
    assert {"seizures", "transfers"} <= {e["kind"] for e in geo["events"]}
    window = _ok(served, served.analyst, "/workspace/geo", since="2025-01-01", until="2025-03-31")
    assert window["events"] and all("2025-01-01" <= e["date"] <= "2025-03-31"
                                    for e in window["events"])
    partner = _ok(served, served.partner, "/workspace/geo")
    assert "transfers" not in {e["kind"] for e in partner["events"]}


@pytest.mark.parametrize(("path", "params"), [
    ("/workspace/entity", {"iri": "not an iri"}),
    ("/workspace/geo", {"since": "yesterday"}),
    ("/workspace/search", {"q": "x"}),
    ("/workspace/chart", {"iri": [f"{ID}person/demo/p{i}" for i in range(51)]}),
])
def test_bad_input_is_a_clear_4xx(served: Served, path: str, params: dict[str, Any]) -> None:
    response = _get(served, served.analyst, path, **params)
    assert response.status_code in (400, 422), response.text
    assert response.status_code < 500


def test_labels_name_only_what_the_caller_may_see(served: Served) -> None:
    hits = _ok(served, served.analyst, "/workspace/search", q=RED_REPORT)["items"]
    report = next(h["iri"] for h in hits if h["label"] == RED_REPORT)
    params = {"iri": [HECTOR, report]}
    assert set(_ok(served, served.analyst, "/workspace/labels", **params)["entities"]) == {
        HECTOR, report}
    partner = _ok(served, served.partner, "/workspace/labels", **params)["entities"]
    assert partner == {HECTOR: {"label": "Héctor Ibarra Solís", "types": ["Person"]}}


def test_examples_carry_saved_query_texts_and_prefixes(served: Served) -> None:
    examples = _ok(served, served.analyst, "/workspace/examples")
    assert examples["prefixes"]["ipas"] == "https://w3id.org/ipas/ontology#"
    names = {q["name"] for q in examples["queries"]}
    assert "entity-profile" in names
    assert all("SELECT" in q["text"] or "ASK" in q["text"] or "CONSTRUCT" in q["text"]
               for q in examples["queries"])


def test_every_workspace_route_needs_a_token(served: Served) -> None:
    for path in ("/workspace/me", "/workspace/entity", "/workspace/chart", "/workspace/geo",
                 "/workspace/labels",
                 "/workspace/search", "/workspace/examples"):
        assert httpx.get(f"{served.base}{path}", timeout=30).status_code == 401


def test_resolution_decisions_are_not_facts_on_the_page(served: Served) -> None:
    """A decision naming the entity sits in its own resolution graph: the page's decisions
    panel shows it (from /resolution), its sections do not list it as a fact without
    evidence. Undone at the end so other tests see the demo as loaded."""
    other = f"{ID}person/demo/ramiro-castaneda"
    headers = {"Authorization": f"Bearer {served.analyst}"}
    made = httpx.post(f"{served.base}/resolution/decisions", headers=headers, timeout=60,
                      json={"left": HECTOR, "right": other, "decision": "negative",
                            "why": "workspace test"})
    assert made.status_code == 201, made.text
    try:
        page = _ok(served, served.analyst, "/workspace/entity", iri=HECTOR)
        named = {f["property"]["iri"] for _, f in _facts(page)}
        assert not {p for p in named if p.startswith("https://w3id.org/ipas/resolution#")}
    finally:
        undone = httpx.post(f"{served.base}/resolution/undo", headers=headers, timeout=60,
                            json={"left": HECTOR, "right": other})
        assert undone.status_code == 200, undone.text
