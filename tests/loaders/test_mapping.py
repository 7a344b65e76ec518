"""The mapping language on real-source shapes: tab-separated files, transforms, one-to-many
rows, XML (the UN Security Council consolidated list example of docs/loaders.md), time-zoned
dates and single-valued properties. The TSV below imitates an export of a seizure log; the
UN file (docs/examples/mapping/un-consolidated.xml) imitates the UN's public XML format."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal

from ipas.errors import Refused
from ipas.ingest import Ingestor
from ipas.namespace import IPAS
from ipas.sources import LoadOptions
from loaders._iri import mint
from loaders.mapping import MappingLoader
from tests.loaders.loader_run import run

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "docs" / "examples" / "mapping"

TSV_MAPPING = """
source: {name: tsv-demo, format: csv, delimiter: tab}
entities:
  seizure:
    class: ipas:Seizure
    key: "{case}"
    properties:
      rdfs:label: {coalesce: [title_en, title_es]}
      ipas:date: {column: seized, date_format: ["%m/%d/%Y", "%Y-%m-%d"], datatype: xsd:date}
      ipas:commodity: {column: drug, transform: [strip, lower],
                       lookup: {fentanyl: Fentanyl, cocaine: Cocaine},
                       map: {Fentanyl: ipas:Commodity_Fentanyl, Cocaine: ipas:Commodity_Cocaine}}
      ipas:quantity: {column: kg, datatype: xsd:decimal}
      ipas:unit: {term: ipas:Unit_Kilogram}
      rdfs:comment: {column: programs, split: ";", transform: [strip, upper]}
      ipas:seizedFrom: {entity: holder}
      ipas:agency: {entity: agency}
  agency:
    class: ipas:Agency
    key: "CBP-OFO"
    properties:
      rdfs:label: {value: CBP Office of Field Operations}
  holder:
    class: ipas:Person
    each: {column: holders, split: "|"}
    key: "{case}-{index}"
    properties:
      rdfs:label: {column: item, transform: [collapse, title]}
"""
TSV = (
    "case\ttitle_en\ttitle_es\tseized\tdrug\tkg\tprograms\tholders\n"
    "C-1\t\tDecomiso uno\t03/14/2024\t Fentanyl \t2.5\tifsr; npwmd\tana  ruiz|BO DIAZ\n"
    "C-2\tSeizure two\t\t2024-03-15\tcocaine\t1\t\t\n"
    "C-3\tSeizure three\t\t2024-03-16\tkhat\t1\t\t\n"
)


@pytest.fixture()
def tsv(tmp_path: Path) -> list[Path]:
    (tmp_path / "m.yaml").write_text(TSV_MAPPING)
    (tmp_path / "log.tsv").write_text(TSV)
    return [tmp_path / "m.yaml", tmp_path / "log.tsv"]


def test_tab_file_with_transforms_and_one_to_many(tsv: list[Path]) -> None:
    records, rejected, g = run("mapping", tsv)
    seizure = mint("seizure", "tsv-demo", "C-1")
    assert g.value(seizure, RDFS.label) == Literal("Decomiso uno")  # coalesce
    assert str(g.value(seizure, IPAS.date)) == "2024-03-14"  # MM/DD/YYYY
    assert g.value(seizure, IPAS.commodity) == IPAS.Commodity_Fentanyl  # strip, lower, lookup
    assert set(map(str, g.objects(seizure, RDFS.comment))) == {"IFSR", "NPWMD"}  # split, upper
    holders = set(g.objects(seizure, IPAS.seizedFrom))
    assert {str(g.value(h, RDFS.label)) for h in holders} == {"Ana Ruiz", "Bo Diaz"}
    assert len(records) == 2
    [bad] = rejected
    assert bad.position.line == 4 and "not in the lookup table" in bad.reason
    assert "column drug" in bad.reason


def test_tab_file_through_pipeline(pipeline: Ingestor, tsv: list[Path]) -> None:
    result = pipeline.ingest(tsv, fmt="mapping", options=LoadOptions())
    assert (result.records, len(result.quarantined)) == (2, 1)


def test_time_zoned_date_and_single_valued_property(tmp_path: Path, pipeline: Ingestor) -> None:
    (tmp_path / "m.yaml").write_text("""
source: {name: tz-demo, format: jsonl}
entities:
  seizure:
    class: ipas:Event
    kind: seizure
    key: "{id}"
    properties:
      rdfs:label: id
      ipas:date: {column: dates, datatype: xsd:date}
""")
    (tmp_path / "d.jsonl").write_text('{"id": "a", "dates": ["2024-03-01-05:00"]}\n'
                                      '{"id": "b", "dates": ["2024-03-01", "2024-03-02"]}\n')
    _, rejected, g = run("mapping", [tmp_path / "m.yaml", tmp_path / "d.jsonl"])
    assert str(g.value(mint("seizure", "tz-demo", "a"), IPAS.date)) == "2024-03-01-05:00"
    [bad] = rejected
    assert "ipas:date allows one value (sh:maxCount 1); this row gives 2" in bad.reason
    assert "xsd:date" not in bad.reason  # not the datatype's message
    result = pipeline.ingest([tmp_path / "m.yaml", tmp_path / "d.jsonl"], fmt="mapping",
                             options=LoadOptions())
    assert result.records == 1  # the time-zoned date validates


def test_un_consolidated_list_example(pipeline: Ingestor) -> None:
    mapping = EXAMPLES / "un-consolidated.yaml"
    records, rejected, g = run("mapping", [mapping])
    assert (len(records), rejected) == (3, [])
    person = mint("party", "unsc", "QDi.901")
    assert (person, RDF.type, IPAS.Person) in g
    assert {str(c).rsplit("/", 1)[-1] for c in g.objects(person, IPAS.nationality)} == {"IQ", "SY"}
    assert len(set(g.objects(person, IPAS.address))) == 2  # one node per INDIVIDUAL_ADDRESS
    assert len(set(g.objects(person, IPAS.hasIdentityDocument))) == 1  # passports only
    assert (mint("party", "unsc", "KPe.903"), RDF.type, IPAS.Organization) in g
    assert records[0].position.line == 7  # the line the INDIVIDUAL element starts on
    result = pipeline.ingest([mapping], fmt="mapping", options=LoadOptions())
    assert (result.records, len(result.quarantined)) == (3, 0)


def test_xml_declarations_refused(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(
        "source: {name: x, format: xml, records: L/I}\n"
        "entities: {p: {class: ipas:Person, key: '{N}', properties: {rdfs:label: N}}}\n")
    (tmp_path / "x.xml").write_text('<!DOCTYPE L [<!ENTITY a "a">]><L><I><N>&a;</N></I></L>')
    with pytest.raises(Refused):
        list(MappingLoader().read([tmp_path / "m.yaml", tmp_path / "x.xml"], LoadOptions()))


def test_unknown_transform_is_refused() -> None:
    from ipas.errors import BadInput
    from loaders.mapping.spec import parse_mapping

    with pytest.raises(BadInput) as err:
        parse_mapping("source: {name: x}\nentities: {p: {class: ipas:Person, key: '{a}', "
                      "properties: {rdfs:label: {column: a, transform: shout}}}}", "m.yaml")
    assert "unknown transform" in err.value.message
