"""Every saved query on the demo: the answer demo/README.md documents, and a case that finds
nothing (a parameter that excludes everything, or a caller who sees no graph).

The expected rows are read from the README's tables at test time, so the tests follow the
demo as it is regenerated; the README itself is checked against the data by tests/demo.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from ipas.namespace import IPAS
from ipas.store.base import Scope
from tests.demo_store import scope_of
from tests.ontology.test_module_queries import MODULE_QUERIES
from tests.queries.demo_tables import DEMO, numeric, pick

BASE = "https://w3id.org/ipas/id/"
NOBODY = Scope.of([])


def iri(key: str) -> str:
    return BASE + key


def test_1_convergence(run, readme_tables) -> None:
    (table,) = readme_tables[1]
    rows = run("convergence-shared-pathways")
    assert pick(rows, "pathway", "networks", "commodities") == pick(
        table, "pathway", "networks", "commodities")
    assert run("convergence-shared-pathways", commodity=str(IPAS.Commodity_Wildlife)) == []


def test_2_facilitators_of_several_networks(run, readme_tables) -> None:
    (table,) = readme_tables[2]
    rows = run("facilitators-multiple-networks")
    assert pick(rows, "facilitator", "networks") == pick(table, "facilitator", "networks")
    assert run("facilitators-multiple-networks", min_networks=50) == []
    only_laundering = run("facilitators-multiple-networks",
                          service="ipas:Service_MoneyLaundering")
    assert {r["facilitator"] for r in only_laundering} <= {r["facilitator"] for r in table}
    # Only networks that deal in it count: on the demo only Valle Dorado moves drugs (on its
    # pathway uses; the demo states no ipas:dealsIn), so no one serves two drug networks.
    assert run("facilitators-multiple-networks", commodity="ipas:Commodity_Drugs") == []
    assert run("facilitators-multiple-networks", commodity=str(IPAS.Commodity_Wildlife)) == []


def test_3_corrupt_officials(run, readme_tables) -> None:
    (table,) = readme_tables[3]
    rows = run("corrupt-officials")
    assert pick(rows, "official", "network", "pathway") == pick(
        table, "official", "network", "pathway")
    assert run("corrupt-officials", network=iri("organization/demo/desert-iron-crew")) == []


def test_4_money_trail(run, readme_tables) -> None:
    (table,) = readme_tables[4]
    columns = ("transfer", "date", "payer", "payee", "amount", "currency", "method")
    rows = run("money-trail", actor=iri("company/demo/pacific-fresh"),
               **{"from": "2025-03-01", "to": "2025-06-30"})
    assert numeric(pick(rows, *columns)) == numeric(pick(table, *columns))
    assert run("money-trail", actor=iri("company/demo/pacific-fresh"), to="2000-01-01") == []


def test_5_bulk_cash_against_the_drug_flow(run, readme_tables) -> None:
    (table,) = readme_tables[5]
    rows = run("bulk-cash-against-drug-flow")
    shipments = [r for r in rows if r["movement"].startswith("shipment/")]
    assert pick(shipments, "movement", "date") == pick(table, "shipment", "date")
    assert {(r["cashFrom"], r["cashTo"]) for r in rows} == {("United States", "Mexico")}
    assert run("bulk-cash-against-drug-flow", **{"from": "2100-01-01"}) == []


def test_6_trade_based_laundering(run, readme_tables) -> None:
    (table,) = readme_tables[6]
    columns = ("trade", "date", "exporter", "importer", "declared", "assessed", "gapPercent")
    rows = run("trade-based-laundering")
    assert numeric(pick(rows, *columns)) == numeric(pick(table, *columns))
    assert [r["trade"] for r in rows] == [r["trade"] for r in table]  # largest gap first
    assert run("trade-based-laundering", min_gap="100") == []


def test_7_network_footprint(run, readme_tables) -> None:
    (table,) = readme_tables[7]
    rows = run("network-footprint", network=iri("organization/demo/valle-dorado"))
    assert pick(rows, "country", "kind", "count") == pick(table, "country", "kind", "count")
    assert run("network-footprint", network=iri("organization/demo/no-such-network")) == []


def test_8_seizures_by_pathway_over_time(run, readme_tables) -> None:
    (table,) = readme_tables[8]
    columns = ("pathway", "commodity", "month", "seizures", "total", "unit")
    rows = [{**r, "total": r["quantity"]} for r in run("seizures-by-pathway")]
    assert numeric(pick(rows, *columns)) == numeric(pick(table, *columns))
    drugs = run("seizures-by-pathway", commodity="ipas:Commodity_Drugs")
    assert drugs and all(r["unit"] == "ipas:Unit_Kilogram" for r in drugs)
    assert run("seizures-by-pathway", commodity=str(IPAS.Commodity_Wildlife)) == []


def test_9_pathway_ranking_inputs(run, readme_tables) -> None:
    (table,) = readme_tables[9]
    columns = ("pathway", "shipments", "seizures", "drugKgSeized", "networks",
               "corruptOfficials", "nexusNetworks")
    assert numeric(pick(run("pathway-ranking-inputs"), *columns)) == numeric(
        pick(table, *columns))
    assert run("pathway-ranking-inputs", scope=NOBODY) == []


def test_10_deconfliction(run, readme_tables) -> None:
    (table,) = readme_tables[10]
    columns = ("target", "investigation", "leadAgency")
    assert pick(run("deconfliction"), *columns) == pick(table, *columns)
    atf = run("deconfliction", agency=iri("agency/demo/atf"))
    assert {r["target"] for r in atf} == {
        r["target"] for r in table if r["leadAgency"] == "agency/demo/atf"}
    assert run("deconfliction", agency=iri("agency/demo/ofac")) == []


def test_11_links_resting_on_low_grades(run, readme_tables) -> None:
    (table,) = readme_tables[11]
    columns = ("link", "report", "reliability", "credibility")
    assert pick(run("low-grade-links"), *columns) == pick(table, *columns)
    assert run("low-grade-links", **{"class": str(IPAS.Membership)}) == []


def test_12_terrorism_nexus(run, readme_tables) -> None:
    (table,) = readme_tables[12]
    columns = ("nexus", "actor", "terroristOrganization", "report", "reliability",
               "credibility", "marking")
    assert pick(run("terrorism-nexus"), *columns) == pick(table, *columns)
    assert run("terrorism-nexus", max_reliability="A") == []


def test_13_entity_profile_with_evidence(run, readme_tables, demo_store) -> None:
    links, events, mentions = readme_tables[13]
    rows = run("entity-profile", entity=iri("person/demo/hector-ibarra"))
    relationship_types = {
        "ipas:" + str(r["c"]).split("#")[1]
        for r in demo_store.select(
            f"SELECT ?c WHERE {{ ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
            f"<{IPAS.Relationship}> }}", scope=Scope.everything()).rows}
    event_types = {r["type"] for r in events}
    via_links = [r for r in rows if r.get("viaType") in relationship_types]
    assert pick(via_links, "via", "viaType", "report", "reliability", "credibility",
                "marking") == pick(links, "link", "type", "report", "reliability",
                                   "credibility", "marking")
    by_type = Counter(t for t, _ in pick(
        [r for r in rows if r.get("viaType") in event_types], "viaType", "via"))
    assert {t: str(n) for t, n in by_type.items()} == {r["type"]: r["events"] for r in events}
    mentioned = [r for r in rows if r.get("property") == "ipas:mentions"]
    assert pick(mentioned, "via", "reliability", "credibility", "marking") == pick(
        mentions, "report", "reliability", "credibility", "marking")
    assert run("entity-profile", entity=iri("person/demo/nobody")) == []


def test_14_new_activity(run, readme_tables) -> None:
    (table,) = readme_tables[14]
    rows = run("new-activity", since="2025-09-01")
    counts = Counter(t for t, _ in pick(rows, "type", "node"))
    assert {t: str(n) for t, n in counts.items()} == {r["type"]: r["count"] for r in table}
    seizures = run("new-activity", since="2025-09-01", **{"class": "ipas:LawEnforcementAction"})
    assert {r["type"] for r in seizures} <= {r["type"] for r in table}
    assert run("new-activity", since="2100-01-01") == []


def test_15_shared_aliases_and_identifiers(run, readme_tables) -> None:
    (table,) = readme_tables[15]

    def key(value: str) -> str:
        return re.sub(r"[^\w@.+]", "", value.casefold())

    expected: dict[str, set[str]] = {}
    for r in table:
        expected.setdefault(key(r["value"]), set()).add(r["entity"])
    rows = run("shared-identifiers")
    found = {key(r["value"]): {e.removeprefix(BASE) for e in r["entityIris"].split()}
             for r in rows}
    assert found == expected
    assert run("shared-identifiers", kind="account") == []


def test_pathway_route_follows_the_cast(run) -> None:
    cast = (DEMO / "README.md").read_text(encoding="utf-8")
    legs = {m.group(1): int(m.group(2))
            for m in re.finditer(r"`(pathway/demo/[\w-]+)` \|[^\n]*\((\d+) legs", cast)}
    rows = run("pathway-route")
    assert Counter(r["pathway"] for r in rows) == legs and len(legs) == 5
    southbound = [r for r in rows if r["pathway"] == "pathway/demo/southbound-nogales"]
    assert [r["order"] for r in southbound] == ["1", "2", "3", "4", "5"]
    assert run("pathway-route", pathway=iri("pathway/demo/none")) == []


def test_every_saved_query_is_exercised_here(registry) -> None:
    tested = {"convergence-shared-pathways", "facilitators-multiple-networks",
              "corrupt-officials", "money-trail", "bulk-cash-against-drug-flow",
              "trade-based-laundering", "network-footprint", "seizures-by-pathway",
              "pathway-ranking-inputs", "deconfliction", "low-grade-links", "terrorism-nexus",
              "entity-profile", "new-activity", "shared-identifiers", "pathway-route"}
    # The domain modules' queries are exercised in tests/ontology/test_module_queries.py.
    assert set(registry.names()) == tested | MODULE_QUERIES


@pytest.mark.parametrize("name", ["facilitators-multiple-networks", "corrupt-officials",
                                  "low-grade-links", "shared-identifiers"])
def test_a_caller_who_sees_nothing_gets_nothing(run, name: str) -> None:
    assert run(name, scope=NOBODY) == []


def test_each_kind_of_caller_finds_what_the_readme_says(run, demo_answers, demo_settings,
                                                        demo_store) -> None:
    """demo/README.md's "Who sees what": the same saved queries, in the scope the
    deployment's access control gives each kind of caller, find the documented rows."""
    principals = dict(demo_answers.callers())
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- scopes -->")[1].split("<!-- /scopes -->")[0]
    lines = [ln for ln in block.strip().splitlines() if ln.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    callers = [dict(zip(header, (c.strip() for c in ln.strip("|").split("|")), strict=True))
               for ln in lines[2:]]
    assert len(callers) == 4
    questions = {
        "question 2": ("facilitators-multiple-networks", {}),
        "question 4": ("money-trail", {"actor": iri("company/demo/pacific-fresh"),
                                       "from": "2025-03-01", "to": "2025-06-30"}),
        "question 10": ("deconfliction", {}),
        "question 11": ("low-grade-links", {}),
        "question 12": ("terrorism-nexus", {}),
    }
    for caller in callers:
        scope = scope_of(demo_settings, demo_store, principals[caller["caller"]])
        for column, (name, params) in questions.items():
            assert len(run(name, scope=scope, **params)) == int(caller[column]), (
                caller["caller"], name)
