"""The declarative mapping language: checks on the document, and the engine on CSV/JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal

from ipas.errors import BadInput, Refused
from ipas.namespace import IPAS
from ipas.sources import LoadOptions, Record, Rejected
from loaders._iri import mint
from loaders.mapping import MappingLoader
from loaders.mapping.spec import parse_mapping

PEOPLE = """
source: {name: demo-people, format: %s, records: data.people}
entities:
  person:
    class: ipas:Person
    key: "{id}"
    properties:
      rdfs:label: {column: name, required: true}
      ipas:alias: {column: aliases, split: ";"}
      ipas:yearOfBirth: {column: born, datatype: xsd:gYear}
      ipas:nationality: {column: nat, map: {MX: "https://w3id.org/ipas/id/country/iso3166/MX"}}
      ipas:employedBy: {ref: {kind: party, source: ofac, key: "{employer}"}}
      ipas:address: {entity: home}
      ipas:gender: {value: unknown}
  home:
    class: ipas:Address
    key: "{address.full}"
    properties:
      ipas:fullAddress: {column: address.full}
"""


def read(tmp_path: Path, fmt: str, data: str) -> list[Record | Rejected]:
    (tmp_path / "m.yaml").write_text(PEOPLE % fmt)
    (tmp_path / f"people.{fmt}").write_text(data)
    loader = MappingLoader()
    return list(loader.read([tmp_path / "m.yaml", tmp_path / f"people.{fmt}"], LoadOptions()))


def test_json_records_with_nested_columns_refs_and_splits(tmp_path: Path) -> None:
    doc = {"data": {"people": [
        {"id": "p1", "name": "Ana", "aliases": "La Jefa; AR", "born": "1970", "nat": "MX",
         "employer": "9001", "address": {"full": "Calle 1, Culiacan"}},
        {"id": "p2", "name": "Bo", "born": "nineteen", "address": {"full": "x"}},
        {"id": "p3", "name": "Cy", "nat": "ZZ", "address": {"full": "y"}},
        {"id": "p4", "name": "Di"},
        "not an object",
    ]}}
    out = read(tmp_path, "json", json.dumps(doc))
    records = [o for o in out if isinstance(o, Record)]
    rejected = {o.position.line: o.reason for o in out if isinstance(o, Rejected)}
    assert len(records) == 2  # p1, and p4 (no address: the optional entity is not made)
    assert "gYear" in rejected[2] and "column born" in rejected[2]
    assert "not in the map" in rejected[3]
    assert "not an object" in rejected[5]
    g = records[0].graph
    p1 = mint("person", "demo-people", "p1")
    assert {str(a) for a in g.objects(p1, IPAS.alias)} == {"La Jefa", "AR"}
    born = g.value(p1, IPAS.yearOfBirth)
    assert str(born) == "1970" and born.datatype.fragment == "gYear"  # type: ignore[union-attr]
    assert g.value(p1, IPAS.employedBy) == mint("party", "ofac", "9001")
    home = g.value(p1, IPAS.address)
    assert (home, RDF.type, IPAS.Address) in g and records[0].subjects == {p1, home}
    p4 = mint("person", "demo-people", "p4")
    assert records[1].graph.value(p4, IPAS.address) is None
    assert (p4, RDFS.label, Literal("Di")) in records[1].graph


def test_jsonl_lines_keep_their_numbers(tmp_path: Path) -> None:
    out = read(tmp_path, "jsonl", '{"id": "a", "name": "A"}\n\nnot json\n{"id": "b"}\n')
    assert [(type(o).__name__, o.position.line) for o in out] == [
        ("Record", 1), ("Rejected", 3), ("Rejected", 4)]
    assert "required value is missing" in out[2].reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("source: {name: x}\nentities: {}", "entities"),
        ("source: {name: Bad Name}\nentities: {a: {class: ipas:Person, key: k}}", "source.name"),
        ("source: {name: x, format: xls}\nentities: {a: {class: ipas:Person, key: k}}",
         "source.format"),
        ("source: {name: x, format: xml}\nentities: {a: {class: ipas:Person, key: k}}",
         "source.records"),
        ("source: {name: x}\nentities: {a: {class: nope:Person, key: k}}", "entities.a.class"),
        ("source: {name: x}\nentities: {a: {class: ipas:Person, key: '{unclosed'}}",
         "entities.a.key"),
        ("source: {name: x}\nentities: {a: {class: ipas:Person, key: k, properties: "
         "{rdfs:label: {column: n, value: v}}}}", "entities.a.properties.rdfs:label"),
        ("source: {name: x}\nentities: {a: {class: ipas:Person, key: k, properties: "
         "{ipas:address: {entity: missing}}}}", "entities.a"),
    ],
)
def test_bad_mappings_name_the_field(text: str, field: str) -> None:
    with pytest.raises(BadInput) as info:
        parse_mapping(text, "m.yaml")
    assert info.value.detail["field"] == field and info.value.detail["source"] == "m.yaml"


def test_yaml_errors_carry_the_line() -> None:
    with pytest.raises(BadInput) as info:
        parse_mapping("source: {name: x}\nentities:\n  a: [unclosed\n", "m.yaml")
    assert info.value.detail["line"] >= 3


def test_data_files_must_lie_beside_the_mapping(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(
        "source: {name: x, files: [../outside.csv]}\n"
        "entities: {a: {class: ipas:Person, key: '{id}'}}\n")
    with pytest.raises(Refused):
        list(MappingLoader().read([tmp_path / "m.yaml"], LoadOptions()))
    with pytest.raises(BadInput):
        list(MappingLoader().read([tmp_path / "data.csv"], LoadOptions()))  # no mapping given
