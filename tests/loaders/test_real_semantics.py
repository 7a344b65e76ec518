"""Real-data semantics (#16.3): the shared real files loaded together, the way ``ipas load``
does (reasoning on), and which saved queries answer on them.

Each query listed in ANSWERS must return rows, because the sources hold the facts it asks
about; queries/README.md ("Which sources feed each query") says the same per query. The OFAC
part is a real slice: every TCO and FTO entry of the 2019 SDN list and every entry "Linked
To" one, with all their address, alias and comment rows (the whole list takes minutes to
reason over). The CBP part is one month of the statistics (January 2022, every area), loaded
with the demo's gazetteer (`demo/geography.ttl`: its pathways cross the Nogales, San Ysidro and
LAX ports of entry), because no real source here states pathways.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipas.ingest import Ingestor
from ipas.query.registry import QueryRegistry
from ipas.settings import PROJECT_ROOT, Settings
from ipas.sources import LoadOptions
from ipas.store import open_store
from ipas.store.base import Scope
from loaders._iri import mint

pytestmark = [pytest.mark.shared, pytest.mark.slow]

#: Saved query -> parameters; each must answer with rows on the real files.
ANSWERS: dict[str, dict[str, str]] = {
    "facilitators-multiple-networks": {},  # OFAC associates linked to two or more networks
    "network-footprint": {"network": str(mint("party", "ofac", "18247"))},  # Khanani MLO
    "entity-profile": {"entity": str(mint("party", "ofac", "19733"))},  # an associate of it
    "shared-identifiers": {},  # OFAC, ICIJ and FtM identifiers, aliases, phones
    "low-grade-links": {},  # STIX relationships supported only by ungraded (F/6) reports
    "new-activity": {"since": "2010-01-01"},  # dated STIX reports and indicators, FtM sanctions
    "terrorism-nexus": {},  # OFAC entries "Linked To" an FTO-listed organization
    # CBP figures of the field offices whose ports the demo's pathways cross
    "seizures-by-pathway": {"commodity": "https://w3id.org/ipas/ontology#Commodity_Drugs",
                            "from": "2022-01-01", "to": "2022-01-31"},
}
CBP_MONTH = "2022,JAN,"


def _ofac_slice(folder: Path, out: Path) -> list[Path]:
    """TCO and FTO entries and the entries linked to them, with their secondary rows."""
    text = (folder / "sdn.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    tco = [r for r in rows if len(r) == 12 and re.search(r"\b(TCO|FTO)\b", r[3])]
    names = {r[1].upper() for r in tco}
    linked = [r for r in rows if len(r) == 12 and any(
        f"LINKED TO: {n}" in r[11].upper() for n in names)]
    keep = {r[0] for r in tco + linked}
    out.mkdir()
    lines = text.splitlines(keepends=True)
    (out / "sdn.csv").write_text("".join(ln for ln in lines if ln.split(",", 1)[0] in keep))
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        src = (folder / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (out / name).write_text("".join(ln for ln in src if ln.split(",", 1)[0] in keep))
    return sorted(out.glob("*.csv"))


def _cbp_month(source: Path, out: Path) -> Path:
    """The header and one month's rows of CBP's statistics."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join([lines[0], *(ln for ln in lines[1:] if ln.startswith(CBP_MONTH))]))
    return out


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingestor]:
    from tests.conftest import SHARED_DIR as shared_dir

    if not shared_dir.is_dir():
        pytest.skip(f"../shared is absent ({shared_dir}): the real files are needed")
    root = tmp_path_factory.mktemp("real")
    settings = Settings(store=str(root / "store"), home=root / "home")
    store = open_store(settings)
    ingestor = Ingestor(store, settings)  # reasoning on, as `ipas load` runs
    data = shared_dir / "data"
    loads = [
        ("ofac", _ofac_slice(data / "ofac-watchman", root / "ofac"), "ofac"),
        ("icij", sorted((data / "icij-offshoreleaks" / "panama-2016-mini-EDITED").glob("*.csv")),
         "icij"),
        ("ftm", [data / "opensanctions-ftm" / "zala.entities.ftm.json"], "ftm"),
        ("stix", [data / "stix21" / "threat-reports" / "apt1.json"], "stix"),
        ("rdf", [PROJECT_ROOT / "demo" / "geography.ttl"], "demo gazetteer"),
        ("cbp-seizures", [_cbp_month(data / "cbp-seizures" / "nationwide-drugs-fy19-fy22.csv",
                                     root / "cbp.csv")], "cbp"),
    ]
    for fmt, paths, source in loads:
        result = ingestor.ingest(paths, fmt=fmt, options=LoadOptions(source_name=source))
        assert result.records > 0, (fmt, result.quarantined[:3])
    yield ingestor
    store.close()


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_saved_query_answers_on_real_files(real_store: Ingestor, name: str) -> None:
    registry = QueryRegistry.load(PROJECT_ROOT / "queries")
    answer = registry.run(real_store.store, name, ANSWERS[name],
                          scope=Scope.of(real_store.store.graphs()))
    assert answer.select is not None and answer.select.rows, name


def test_associates_are_not_members(real_store: Ingestor) -> None:
    """OFAC "Linked To" a network: an associate (Facilitation), never a Membership."""
    found = real_store.store.select(
        "PREFIX ipas: <https://w3id.org/ipas/ontology#> SELECT (COUNT(*) AS ?n) WHERE { "
        "GRAPH ?g { ?r ipas:roleTitle \"associate\" ; ipas:servedNetwork ?net } }",
        scope=Scope.of(real_store.store.graphs()))
    assert int(found.rows[0]["n"]) > 10
    members = real_store.store.ask(
        "PREFIX ipas: <https://w3id.org/ipas/ontology#> ASK { GRAPH ?g { "
        "?m ipas:memberOrganization ?o ; ipas:relationshipKind \"Linked To (OFAC)\" } }",
        scope=Scope.of(real_store.store.graphs()))
    assert not members


def test_cbp_statistics_reach_pathways_through_their_ports(real_store: Ingestor) -> None:
    """A field office's monthly figure appears beside each pathway with a leg at one of its
    ports (Nogales, port 2604: Tucson Field Office), with CBP's count and weight unchanged."""
    from tests.conftest import SHARED_DIR

    source = SHARED_DIR / "data" / "cbp-seizures" / "nationwide-drugs-fy19-fy22.csv"
    cbp = [r for r in csv.reader(io.StringIO(source.read_text(encoding="utf-8")))
           if r[:2] == ["2022", "JAN"] and r[5] == "TUCSON FIELD OFFICE" and r[6] == "Fentanyl"]
    registry = QueryRegistry.load(PROJECT_ROOT / "queries")
    rows = registry.run(real_store.store, "seizures-by-pathway",
                        ANSWERS["seizures-by-pathway"],
                        scope=Scope.of(real_store.store.graphs())).select
    assert rows is not None
    fentanyl = {str(r["pathway"]).rsplit("/", 1)[1]: r for r in rows.rows
                if str(r["commodity"]).endswith("Commodity_Fentanyl")
                and str(r["statisticsArea"]).endswith("tucson-field-office")}
    assert sorted(fentanyl) == ["pacific-nogales", "southbound-nogales"]
    for row in fentanyl.values():
        assert str(row["month"]) == "2022-01"  # FY2022 January
        assert int(str(row["seizures"])) == sum(int(r[7]) for r in cbp)
        assert abs(float(str(row["quantity"])) - sum(float(r[8]) for r in cbp)) < 1e-6
    areas = {str(r["statisticsArea"]).rsplit("/", 1)[1] for r in rows.rows}
    assert areas == {"tucson-field-office", "san-diego-field-office", "los-angeles-field-office"}



def test_narcotics_networks_deal_in_drugs(real_store: Ingestor) -> None:
    """OFAC's narcotics programmes (SDNTK) make a network deal in drugs (ipas:dealsIn), which
    facilitators-multiple-networks reads for its commodity parameter (tests/queries checks the
    parameter on data where two such networks share a facilitator: the slice holds none)."""
    found = real_store.store.select(
        "PREFIX ipas: <https://w3id.org/ipas/ontology#> SELECT DISTINCT ?n WHERE { "
        "?n ipas:dealsIn ipas:Commodity_Drugs }", scope=Scope.of(real_store.store.graphs()))
    networks = {str(r["n"]) for r in found.rows}
    assert {str(mint("party", "ofac", n)) for n in ("11438", "4711")} <= networks  # ZETAS, FARC
    assert str(mint("party", "ofac", "18247")) not in networks  # Khanani MLO: TCO only
