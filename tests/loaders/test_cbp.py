"""The ``cbp-seizures`` loader on a later layout of CBP's table (an invented excerpt,
``tests/data/loaders/cbp/drugs-fy25.csv``): "Fiscal Year" header, a partial year, thousands
separators, "-" cells, a drug type the scheme lacks (Xylazine, published since FY2023: each
row was quarantined), subtotal rows and a column the loader does not read."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, Literal

from ipas.namespace import IPAS
from tests.loaders.conftest import DATA
from tests.loaders.loader_run import run

FY25 = DATA / "cbp" / "drugs-fy25.csv"


def test_later_layout() -> None:
    records, rejected, g = run("cbp-seizures", [FY25])
    assert [r.position.line for r in records] == [2, 4]
    why = {r.position.line: r.reason for r in rejected}
    assert "Count of Event '-'" in why[3]
    assert "subtotal" in why[5] and "subtotal" in why[6]
    stats = {str(g.value(s, RDFS.label)): s for s in g.subjects(RDF.type, IPAS.SeizureStatistic)}
    fentanyl = stats["CBP Fentanyl seizures, SAN DIEGO FIELD OFFICE, FY2025 OCT"]
    assert g.value(fentanyl, IPAS.eventCount) == Literal(1204)
    assert g.value(fentanyl, IPAS.quantity).toPython() == Decimal("2345.67")
    comments = {str(c) for c in g.objects(fentanyl, RDFS.comment)}
    assert {"Data Source: SEACATS", "FY2025 is fiscal-year-to-date (a partial year)"} <= comments
    xylazine = stats["CBP Xylazine seizures, AMO, FY2025 NOV"]
    assert g.value(xylazine, IPAS.commodity) == IPAS.Commodity_OtherDrugs
    assert any("Xylazine" in str(c) for c in g.objects(xylazine, RDFS.comment))
