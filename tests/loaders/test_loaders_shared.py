"""Every loader on the real public files in ../shared/data: counts the files imply, spot
checks of entities with their aliases, identifiers and links, and corrupted-row reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from ipas.namespace import IPAS
from ipas.sources import LoadOptions, Record, Rejected, get_loader
from loaders._iri import mint
from tests.loaders.loader_run import run

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def ofac_full() -> tuple[list[Record], list[Rejected], dict[str, Record]]:
    from tests.conftest import SHARED_DIR

    folder = SHARED_DIR / "data" / "ofac-watchman"
    if not folder.is_dir():
        pytest.skip(f"../shared is absent ({folder})")
    records: list[Record] = []
    rejected: list[Rejected] = []
    for item in get_loader("ofac").read([folder], LoadOptions()):
        (records if isinstance(item, Record) else rejected).append(item)  # type: ignore[arg-type]
    return records, rejected, {r.position.record_id or "": r for r in records}


def party(ent_num: str) -> URIRef:
    return mint("party", "ofac", ent_num)


def test_ofac_full_set_counts(ofac_full: tuple[list[Record], list[Rejected], dict]) -> None:
    records, rejected, _ = ofac_full
    # 7,379 SDN + 442 consolidated entries; the comments file is newer than sdn.csv, so ten
    # of its rows continue entries this sdn.csv does not have: reported, line by line.
    assert len(records) == 7379 + 442
    assert sorted((r.position.source, r.position.line) for r in rejected) == [
        ("sdn_comments.csv", n) for n in range(4, 14)
    ]
    assert all("no primary row" in r.reason for r in rejected)


def test_ofac_full_values_fit_the_shapes_patterns(
    ofac_full: tuple[list[Record], list[Rejected], dict]
) -> None:
    # Found by loading the whole list: "CAATSA - RUSSIA" and two five-digit "IMO" numbers.
    records, _, _ = ofac_full
    codes = {str(o) for r in records for o in r.graph.objects(None, IPAS.programmeCode)}
    assert "CAATSA-RUSSIA" in codes
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", c) for c in codes)
    imos = [str(o) for r in records for o in r.graph.objects(None, IPAS.imoNumber)]
    assert len(imos) > 300 and all(re.fullmatch(r"[0-9]{7}", i) for i in imos)


def test_ofac_full_spot_checks(ofac_full: tuple[list[Record], list[Rejected], dict]) -> None:
    _, _, by_id = ofac_full
    logan = by_id["10278"]
    g = logan.graph
    assert logan.position.source == "sdn.csv" and logan.position.line == 1661
    person = party("10278")
    assert (person, RDF.type, IPAS.Person) in g
    assert (person, IPAS.alias, Literal("BURTON BURGESS")) in g
    assert str(g.value(person, IPAS.dateOfBirth)) == "1963-07-28"
    doc = g.value(person, IPAS.hasIdentityDocument)
    assert str(g.value(doc, IPAS.identifierValue)) == "P0017003"
    assert g.value(doc, IPAS.issuingCountry) == mint("country", "iso3166", "BZ")
    idents = {str(g.value(i, IPAS.identifierValue)) for i in g.objects(person, IPAS.hasIdentifier)}
    assert {"561-77-9011", "10278"} <= idents  # SSN and the OFAC entity number
    programme = mint("programme", "ofac", "SDNT")
    assert (mint("sanction", "ofac", "10278-SDNT"), IPAS.programme, programme) in g
    cartel = by_id["11440"].graph
    assert (party("11440"), RDF.type, IPAS.Cartel) in cartel
    assert (party("11440"), IPAS.alias, Literal("FEDERATION")) in cartel
    # Linked To: resolved against the list's names -> an association of the two entries.
    g = by_id["26235"].graph
    assoc = mint("association", "ofac", "26234-26235")
    assert set(g.objects(assoc, IPAS.party)) == {party("26234"), party("26235")}
    assert by_id["26235"].position.line == 7379  # the last line, before the DOS EOF byte
    # The comments file's continuation is appended to the right entry's remarks.
    g = by_id["12300"].graph
    remarks = " ".join(str(c) for c in g.objects(party("12300"), RDFS.comment))
    assert "PROMO RAIZ S.A.S." in remarks


def test_ofac_mini_reports_rows_of_absent_entries(shared_dir: Path) -> None:
    records, rejected, g = run("ofac", [shared_dir / "data" / "ofac-watchman" / "mini"])
    assert len(records) == 17
    assert sorted((r.position.source, r.position.line) for r in rejected) == [
        ("add.csv", 12), ("add.csv", 17), ("add.csv", 24), ("add.csv", 26),
        ("alt.csv", 1), ("alt.csv", 6), ("alt.csv", 10), ("alt.csv", 11), ("alt.csv", 15),
    ]
    iran = party("11195")
    codes = {str(g.value(g.value(s, IPAS.programme), IPAS.programmeCode))
             for s in g.subjects(IPAS.sanctionedEntity, iran)}
    assert codes == {"NPWMD", "IFSR", "IRAN-CON-ARMS-EO"}
    assert (iran, IPAS.alias, Literal("HESA")) in g


def test_ofac_invalid_folder_rejects_junk_and_loads_the_rest(shared_dir: Path) -> None:
    records, rejected, g = run("ofac", [shared_dir / "data" / "ofac-watchman" / "invalid"])
    assert sorted((r.position.source, r.position.line) for r in rejected) == [
        ("csl.csv", 2), ("csl.csv", 4), ("csl.csv", 5), ("csl.csv", 9), ("sdn_comments.csv", 4),
    ]
    assert all("columns" in r.reason for r in rejected)
    # Two CSL entries and three comment rows that extend entries by their stable IRI.
    assert len(records) == 5
    assert (party("20298"), RDFS.label, Literal("GAZPROMBANK UPRAVLENIE AKTIVAMI")) in g
    assert (party("20298"), IPAS.alias, Literal("GAZPROMBANK ASSET MANAGEMENT ZAO")) in g


def test_ftm_files(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "opensanctions-ftm"
    records, rejected, g = run("ftm", [folder / "t1.entities.ftm.json"])
    assert len(records) == 7 and not rejected
    records, rejected, g = run("ftm", [folder / "zala.entities.ftm.json"])
    assert len(records) == 91 and not rejected
    types = [o for r in records for o in r.graph.objects(next(iter(
        s for s in r.subjects if "/entity/" in s)), RDF.type)]
    assert types.count(IPAS.Sanction) == 41 and types.count(IPAS.Ownership) == 14
    assert types.count(IPAS.FamilyRelationship) == 4 and types.count(IPAS.Directorship) == 3
    owner = mint("entity", "ftm", "NK-aU5ybkbRFJucf8YMwsJvDw")
    assert len(set(g.subjects(IPAS.owner, owner))) == 10
    assert len(set(g.subjects(IPAS.relative, owner))) == 4


def test_ftm_delta_stream(shared_dir: Path) -> None:
    records, rejected, g = run("ftm", [shared_dir / "data" / "opensanctions-ftm" / "t2-deltas"])
    assert [r.position.record_id for r in rejected] == ["20240527134702-zbn"]
    by_id = {r.position.record_id: r for r in records}
    assert set(by_id) == {"NK-2T3S8Hu29ktYnKSTgQp2wL", "NK-2sJaJRaPJcWUfMbHjTtWcL",
                          "NK-500Poltergeist", "Q4365364"}
    modified = mint("entity", "ftm", "NK-2T3S8Hu29ktYnKSTgQp2wL")
    assert by_id["NK-2T3S8Hu29ktYnKSTgQp2wL"].retractions == (modified,)
    assert (modified, RDFS.label, Literal("Foobar Foobargroup")) in g
    deleted = by_id["NK-500Poltergeist"]
    assert len(deleted.graph) == 0 and deleted.retractions
    assert not by_id["Q4365364"].retractions


def test_icij_files(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "icij-offshoreleaks"
    records, rejected, g = run("icij", [folder / "panama-2016-mini-EDITED"])
    assert len(records) == 13 + 31 + 32 + 69 and not rejected
    served = mint("node", "icij", "10000001")
    roles = set(g.subjects(IPAS.client, served))
    assert len(roles) == 6 and all((r, RDF.type, IPAS.Representation) in g for r in roles)
    assert (mint("node", "icij", "11000002"), RDFS.label, Literal("CORFIDUCIA ANSTALT")) in g
    records, rejected, g = run("icij", [folder / "Addresses_small.csv"])
    assert len(records) == 999 and not rejected
    first = mint("node", "icij", "14000001")
    assert str(g.value(first, IPAS.fullAddress)).startswith("- 27 ROSEWOOD DRIVE")
    assert g.value(first, IPAS.country) == mint("country", "iso3166", "SG")


def test_stix_files(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "stix21"
    records, rejected, g = run("stix", [folder])
    # 260 objects in 8 files: all load but the TLP:RED campaign below (tests/loaders/
    # test_stix_cyber.py checks each file's counts through `ipas load`)
    assert (len(records), len(rejected)) == (259, 1)
    assert all(r.position.line for r in rejected)
    report = mint("report", "stix", "report--e33ffe07-2f4c-48d8-b0af-ee2619d765cf")
    assert (report, RDF.type, IPAS.IntelligenceReport) in g
    assert str(g.value(report, IPAS.date)) == "2013-02-19"
    apt1 = mint("intrusion-set", "stix", "intrusion-set--da1065ce-972c-4605-8755-9cd1074e3b5a")
    assert (report, IPAS.mentions, apt1) in g and (apt1, IPAS.alias, Literal("Comment Crew")) in g
    # A bare campaign (not a bundle) marked TLP:RED: held back from a load marked AMBER (the
    # default), whose batch AMBER readers see; loaded when the load is marked RED.
    interop = folder / "interop-objectmarking-test.json"
    records, rejected, g = run("stix", [interop])
    assert not records and "marked TLP:RED" in rejected[0].reason
    items = list(get_loader("stix").read([interop], LoadOptions(marking="TLP:RED")))
    assert len(items) == 1 and isinstance(items[0], Record)
    campaign = mint("campaign", "stix", "campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061")
    assert (campaign, RDFS.comment, Literal("marking TLP_RED")) in items[0].graph


def test_cbp_file(shared_dir: Path) -> None:
    path = shared_dir / "data" / "cbp-seizures" / "nationwide-drugs-fy19-fy22.csv"
    records, rejected, g = run("cbp-seizures", [path])
    assert len(records) == 10092 and not rejected
    stats = set(g.subjects(RDF.type, IPAS.SeizureStatistic))
    assert len(stats) == 10092  # one per row: every key is distinct
    khat = next(r for r in records if r.position.line == 3)
    s = next(x for x in khat.subjects if (x, RDF.type, IPAS.SeizureStatistic) in khat.graph)
    assert khat.graph.value(s, IPAS.commodity) == IPAS.Commodity_Khat
    assert str(khat.graph.value(s, IPAS.quantity)) == "1394.42380715"
    assert int(khat.graph.value(s, IPAS.eventCount)) == 4
    other = {g.value(x, IPAS.commodity) for x in stats}
    assert IPAS.Commodity_OtherDrugs in other and len(other) == 10
