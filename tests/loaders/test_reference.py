"""Reference data: the shipped countries and CBP ports of entry, loaded once per store, make a
mapping's ``ref`` to those shared nodes validate in a fresh store (through ``ipas load``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipas.cli.main import cli
from loaders.reference import ReferenceLoader, currency_code
from tests.loaders.loader_run import run

MAPPING = """
source: {name: ref-demo, format: csv}
entities:
  seizure:
    class: ipas:Seizure
    key: "{case}"
    properties:
      rdfs:label: case
      ipas:date: {column: date, datatype: xsd:date}
      ipas:agency: {entity: agency}
      ipas:place: {ref: {kind: port, source: cbp, key: "{port}"}}
      ipas:commodity: {term: ipas:Commodity_Fentanyl}
      ipas:quantity: {column: kg, datatype: xsd:decimal}
      ipas:unit: {term: ipas:Unit_Kilogram}
  agency:
    class: ipas:Agency
    key: "CBP-OFO"
    properties:
      rdfs:label: {value: CBP Office of Field Operations}
  address:
    class: ipas:Address
    key: "{case}-origin"
    properties:
      ipas:fullAddress: origin
      ipas:country: {ref: {kind: country, source: iso3166, key: "{origin_cc}"}}
"""
DATA = "case,date,port,kg,origin,origin_cc\nS-1,2024-03-01,2604,3.5,\"Culiacan, Sinaloa\",MX\n"


def test_shipped_tables() -> None:
    records, rejected, _ = run("reference", ReferenceLoader.default_paths())
    assert not rejected and len(records) >= 249 + 30
    assert currency_code("mxn") == "MXN" and currency_code("Euro") == "EUR"


def test_refs_validate_in_a_fresh_store(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(MAPPING)
    (tmp_path / "s.csv").write_text(DATA)
    env = {"IPAS_STORE": str(tmp_path / "store"), "IPAS_HOME": str(tmp_path / "home")}
    runner = CliRunner()
    args = ["load", str(tmp_path / "m.yaml"), str(tmp_path / "s.csv"), "--format", "mapping",
            "--no-reason"]
    bare = runner.invoke(cli, [*args, "--no-reference", "--source", "bare"], env=env)
    assert bare.exit_code == 1  # without the reference batch the refs point at untyped nodes
    first = runner.invoke(cli, args, env=env)
    assert first.exit_code == 0, first.output
    assert "reference data loaded" in first.output
    again = runner.invoke(cli, [*args, "--source", "again"], env=env)
    assert again.exit_code == 0 and "reference data loaded" not in again.output
    listed = json.loads(runner.invoke(cli, ["batches", "list", "--json"], env=env).output)
    assert sum(b.get("source") == "ipas-reference" for b in listed) == 1, listed


@pytest.mark.parametrize("code", ["2604", "2504", "2304"])
def test_ports_carry_their_cbp_code(code: str) -> None:
    _, _, g = run("reference", ReferenceLoader.default_paths())
    from ipas.namespace import IPAS
    from loaders._iri import mint

    assert str(g.value(mint("port", "cbp", code), IPAS.cbpPortCode)) == code


def test_mapping_currency_values(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(
        "source: {name: cur, format: jsonl}\nentities:\n  t:\n    class: ipas:Transfer\n"
        "    key: '{id}'\n    properties:\n      ipas:currency: {column: cur, currency: true}\n")
    (tmp_path / "d.jsonl").write_text('{"id": "1", "cur": "US Dollar"}\n'
                                      '{"id": "2", "cur": "XYZ1"}\n')
    records, rejected, g = run("mapping", [tmp_path / "m.yaml", tmp_path / "d.jsonl"])
    from ipas.namespace import IPAS

    assert {str(o) for o in g.objects(None, IPAS.currency)} == {"USD"}
    assert len(records) == 1 and "ISO 4217" in rejected[0].reason
