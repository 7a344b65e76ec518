"""Aggregate statistics beyond CBP's monthly seizures: a UNODC-style indicator table
(docs/examples/mapping/unodc-indicators.*) loads through the real CLI and mapping loader as
validated ipas:StatisticalObservation records, breakdowns included; the row whose figure is
not a number is quarantined naming its column."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ipas.cli.main import cli
from ipas.settings import PROJECT_ROOT
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

MAPPING = PROJECT_ROOT / "docs" / "examples" / "mapping" / "unodc-indicators.yaml"
QUERY = """PREFIX ipas: <https://w3id.org/ipas/ontology#>
SELECT ?obs ?measure ?value ?sex ?age ?category ?start ?end ?area WHERE {
  ?obs a ipas:StatisticalObservation ; ipas:measure ?measure ; ipas:observedValue ?value ;
       ipas:periodStart ?start ; ipas:periodEnd ?end ; ipas:refArea ?area .
  OPTIONAL { ?obs ipas:sex ?sex } OPTIONAL { ?obs ipas:ageGroup ?age }
  OPTIONAL { ?obs ipas:category ?category }
}"""


def test_unodc_indicator_table_loads_as_statistical_observations(tmp_path: Path) -> None:
    store_dir, home = tmp_path / "store", tmp_path / "home"
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "--home", str(home), "load",
                                      str(MAPPING), "--format", "mapping", "--marking",
                                      "TLP:CLEAR", "--agency", "HSI"])
    assert result.exit_code == 1, result.output  # one row quarantined, the rest committed
    assert "VALUE" in result.output
    store = OxigraphStore(store_dir, read_only=True)
    rows = store.select(QUERY, scope=Scope.everything()).rows
    assert len(rows) == 9
    by_key = {(str(r["measure"]).rsplit("_", 1)[1], str(r["area"])[-2:], str(r.get("sex")),
               str(r.get("age")), str(r.get("category", "")).rsplit("_", 1)[-1]): r
              for r in rows}
    minors = by_key[("DetectedVictims", "GT", "female", "minor", "Sexual")]
    assert float(str(minors["value"])) == 41
    assert (str(minors["start"]), str(minors["end"])) == ("2021-01-01", "2021-12-31")
    total = by_key[("DetectedVictims", "MX", "total", "total", "")]
    assert float(str(total["value"])) == 512
