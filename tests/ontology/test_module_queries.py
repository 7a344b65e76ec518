"""The saved queries of the domain modules answer the questions they were written for, on the
store ``ipas demo`` builds (validation and reasoning on; tests/demo_store.py), and find
nothing when a parameter excludes everything."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ipas.query.registry import QueryRegistry
from ipas.settings import PROJECT_ROOT, Settings
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore
from tests.demo_store import open_demo

BASE = "https://w3id.org/ipas/id/"
Run = Callable[..., list[dict[str, str]]]
#: The saved queries this module exercises (tests/queries covers the others).
MODULE_QUERIES = frozenset({
    "stash-houses-shared", "violence-along-pathways", "smuggling-fees", "trafficking-indicators",
    "converted-totals", "supply-chains", "ipr-seizures-by-rights-holder",
    "counterfeit-consignments", "ransom-trail", "crypto-convergence", "laundering-typologies",
    "funnel-accounts", "export-diversion", "controlled-exports-by-route"})


def iri(key: str) -> str:
    return BASE + key


@pytest.fixture(scope="module")
def run(demo_settings: Settings) -> Run:
    registry = QueryRegistry.load(PROJECT_ROOT / "queries")
    store: OxigraphStore = open_demo(demo_settings)

    def go(name: str, **params: Any) -> list[dict[str, str]]:
        answer = registry.run(store, name, params, scope=Scope.everything())
        assert answer.select is not None
        return [{k: str(v) for k, v in row.items() if v is not None}
                for row in answer.select.rows]

    return go


def test_stash_houses_shared_by_two_networks(run: Run) -> None:
    rows = run("stash-houses-shared")
    assert {r["facility"] for r in rows} == {iri("facility/demo/bodega-la-sierra"),
                                            iri("facility/demo/calle-ocotillo")}
    assert all(r["networks"] == "2" and iri("pathway/demo/pacific-nogales") in r["pathways"]
               for r in rows)
    assert len(run("stash-houses-shared", min_networks=1)) == 3  # the Tapachula safe house too
    assert run("stash-houses-shared", min_networks=3) == []


def test_violence_along_pathways(run: Run) -> None:
    rows = {r["pathway"]: r for r in run("violence-along-pathways")}
    pacific = rows[iri("pathway/demo/pacific-nogales")]
    assert (pacific["incidents"], pacific["victims"], pacific["fatalities"]) == ("4", "32", "3")
    assert set(pacific["attributedTo"].split(" | ")) == {iri("organization/demo/valle-dorado"),
                                                    iri("organization/demo/centinelas")}
    # The Culiacán clash is placed at a town on three pathways' legs.
    assert rows[iri("pathway/demo/southbound-nogales")]["incidents"] == "1"
    only = run("violence-along-pathways", pathway=iri("pathway/demo/baja-san-ysidro"))
    assert [r["incidents"] for r in only] == ["2"]
    assert run("violence-along-pathways", since="2030-01-01") == []


def test_smuggling_fees_are_converted_at_dated_rates(run: Run) -> None:
    (row,) = run("smuggling-fees")
    assert row["fees"] == "5" and row["unconverted"] == "0" and row["paidInFull"] == "3"
    assert set(row["currencies"].split(" | ")) == {"USD", "GTQ", "MXN"}
    # GTQ 65000 on 2024-09-14 at the 2024-09-02 rate (0.1292), GTQ 90000 on 2025-02-11 at the
    # 2024-12-02 rate (0.1297), MXN 150000 on 2025-01-20 at 0.0490, and USD 8500 + 12000.
    expected = (65000 * Decimal("0.1292") + 90000 * Decimal("0.1297")
                + 150000 * Decimal("0.0490") + 8500 + 12000)
    assert Decimal(row["totalUsd"]) == expected.quantize(Decimal("1"))
    assert "converted" in row["basis"]
    assert run("smuggling-fees", pathway=iri("pathway/demo/air-courier")) == []


def test_smuggling_fees_count_each_fee_once_when_a_day_has_several_rates(
        demo_settings: Settings, tmp_path: Path) -> None:
    """Two more records of the 2024-09-02 GTQ rate (the same figure from another source, and a
    higher one): each fee still counts once, at the mean of the day's records. (Before, a fee was
    joined to every record of its rate: at 1M generated triples, where reference data is
    repeated per network, pathways showed 419 fees for 5.) The records are written straight
    into a copy of the demo store: the query's arithmetic is under test, not the ingest."""
    shutil.copytree(demo_settings.store, tmp_path / "store")
    store = OxigraphStore(tmp_path / "store")
    try:
        rate = "https://w3id.org/ipas/id/exchange-rate/test/"
        store.update(f"""PREFIX ipas: <https://w3id.org/ipas/ontology#>
            PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
            INSERT DATA {{ GRAPH <https://w3id.org/ipas/graph/test-rates> {{
              <{rate}same> a ipas:ExchangeRate ; ipas:baseCurrency "GTQ" ;
                ipas:quoteCurrency "USD" ; ipas:rate "0.1292"^^xsd:decimal ;
                ipas:date "2024-09-02"^^xsd:date .
              <{rate}higher> a ipas:ExchangeRate ; ipas:baseCurrency "GTQ" ;
                ipas:quoteCurrency "USD" ; ipas:rate "0.5"^^xsd:decimal ;
                ipas:date "2024-09-02"^^xsd:date . }} }}""")
        answer = QueryRegistry.load(PROJECT_ROOT / "queries").run(
            store, "smuggling-fees", {}, scope=Scope.everything())
        assert answer.select is not None
        (row,) = [{k: str(v) for k, v in r.items()} for r in answer.select.rows]
    finally:
        store.close()
    assert row["fees"] == "5" and row["paidInFull"] == "3"
    day_rate = (Decimal("0.1292") * 2 + Decimal("0.5")) / 3
    expected = (65000 * day_rate + 90000 * Decimal("0.1297")
                + 150000 * Decimal("0.0490") + 8500 + 12000)
    assert Decimal(row["totalUsd"]) == expected.quantize(Decimal("1"))


def test_trafficking_victims_with_indicators(run: Run) -> None:
    rows = run("trafficking-indicators")
    assert {r["victim"] for r in rows} == {iri("person/demo/maria-tzoc"),
                                          iri("person/demo/kevin-xitumul")}
    for row in rows:
        assert row["indicators"] == "4" and "Forced labour" in row["exploitation"]
        assert row["recruitedBy"] == iri("person/demo/walter-cux")
        assert row["debt"] == "USD 15000"
    assert run("trafficking-indicators", exploiter=iri("organization/demo/valle-dorado")) == []


def test_converted_totals_per_network_and_currency(run: Run) -> None:
    rows = {(r["network"], r["currency"]): r for r in run("converted-totals")}
    vd = iri("organization/demo/valle-dorado")
    assert rows[(vd, "MXN")]["totalUsd"] == str(round(1850000 * Decimal("0.0487")))
    assert rows[(vd, "BTC")]["convertedEvents"] == "1"
    assert rows[(vd, "USD")]["convertedEvents"] == "0"
    assert all(r["unconverted"] == "0" for r in rows.values())
    assert run("converted-totals", network=vd, to="2000-01-01") == []


def test_supply_chains_link_the_gun_ring_to_the_cartel(run: Run) -> None:
    rows = run("supply-chains", actor=iri("organization/demo/valle-dorado"))
    assert [(r["supplier"], r["link"]) for r in rows] == [
        (iri("organization/demo/desert-iron-crew"), "supply relationship")]
    consigned = [r for r in run("supply-chains") if r["link"] == "consigned shipment"]
    assert {r["customer"] for r in consigned} == {iri("company/demo/lumen-imports"),
                                                 iri("company/demo/quetzal-tech-trading")}


def test_intellectual_property_queries(run: Run) -> None:
    rows = {r["holder"]: r for r in run("ipr-seizures-by-rights-holder")}
    assert rows[iri("company/demo/cronos")]["msrpUsd"] == "5974000"
    assert rows[iri("company/demo/medisur")]["seizures"] == "1"  # two rights, one seizure
    (row,) = run("counterfeit-consignments")
    assert (row["seizures"], row["msrpUsd"]) == ("3", "6586000")
    assert row["onBehalfOf"] == iri("organization/demo/valle-dorado")
    assert run("ipr-seizures-by-rights-holder", since="2030-01-01") == []


def test_cyber_queries_follow_the_ransom(run: Run) -> None:
    rows = run("ransom-trail")
    assert [r["transfer"].rsplit("/", 1)[1] for r in rows] == [
        "btc-ransom", "btc-peel-1", "btc-to-broker", "btc-broker-vd"]
    assert rows[-1]["onBehalfOf"] == iri("organization/demo/valle-dorado")
    (row,) = run("crypto-convergence")
    assert row["holder"] == iri("person/demo/ramon-quintero")
    assert run("ransom-trail", incident=iri("incident/demo/pig-butchering-phoenix")) == []


def test_money_laundering_queries(run: Run) -> None:
    rows = {r["typology"].rsplit("#", 1)[1]: r for r in run("laundering-typologies")}
    assert set(rows) >= {"Typology_TradeBased", "Typology_BulkCash", "Typology_FunnelAccount",
                         "Typology_MoneyServicesBusiness", "Typology_VirtualAssets"}
    assert rows["Typology_FunnelAccount"]["valueUsd"] == "46500"
    narrower = run("laundering-typologies", typology="ipas:Typology_FunnelAccount")
    assert {r["typology"].rsplit("#", 1)[1] for r in narrower} == {
        "Typology_FunnelAccount", "Typology_Structuring"}
    funnels = {r["account"]: r for r in run("funnel-accounts")}
    assert funnels[iri("account/demo/funnel-sonoran")]["places"] == "3"
    assert run("funnel-accounts", min_places=4) == []


def test_counter_proliferation_queries(run: Run) -> None:
    rows = run("export-diversion")
    assert len(rows) == 3
    criminal = {r["export"] for r in rows if r["criminalEndUser"] == "yes"}
    assert criminal == {iri("shipment/demo/export-drone-kits"),
                        iri("shipment/demo/export-rf-modules")}
    only_ccl = run("export-diversion", classification="ipas:Control_MunitionsList")
    assert only_ccl == []
    routes = run("controlled-exports-by-route")
    assert {r["code"] for r in routes} == {"9A012", "3A001", "3A090"}
    assert run("controlled-exports-by-route", since="2030-01-01") == []


def test_every_module_query_is_exercised_here() -> None:
    source = Path(__file__).read_text(encoding="utf-8").split("MODULE_QUERIES = ")[1]
    body = source.split("def test_every_module_query_is_exercised_here")[0]
    assert all(f'run("{name}"' in body for name in MODULE_QUERIES)
    assert MODULE_QUERIES <= set(QueryRegistry.load(PROJECT_ROOT / "queries").names())
