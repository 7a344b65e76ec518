"""Each loader on small fixtures we wrote (tests/data/loaders): classes, links, rejections."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Literal, URIRef

from ipas.namespace import IPAS
from ipas.sources import available
from loaders._iri import mint
from tests.loaders.loader_run import run

DATA = Path(__file__).resolve().parent.parent / "data" / "loaders"


def test_registry_lists_every_format() -> None:
    assert set(available()) >= {"rdf", "ofac", "ftm", "icij", "stix", "cbp-seizures", "mapping"}


def test_ofac_fixture_maps_entries() -> None:
    records, rejected, g = run("ofac", [DATA / "ofac"])
    assert len(records) == 5 and len(rejected) == 3
    party = {n: mint("party", "ofac", n) for n in ("9001", "9002", "9003", "9004", "9005")}
    assert (party["9001"], RDF.type, IPAS.Cartel) in g
    assert (party["9005"], RDF.type, IPAS.CriminalOrganization) in g  # TCO, "CLAN"
    assert (party["9003"], RDF.type, IPAS.FrontCompany) in g  # SDNTK, legal form
    assert (party["9004"], RDF.type, IPAS.Vessel) in g
    person = party["9002"]
    assert (person, RDF.type, IPAS.Person) in g
    assert (person, IPAS.familyName, Literal("RAMOS VEGA")) in g
    assert (person, IPAS.alias, Literal("RAMOS, Julio")) in g
    assert str(g.value(person, IPAS.dateOfBirth)) == "1971-02-03"
    assert str(g.value(person, IPAS.yearOfBirth)) == "1972"
    passport = g.value(person, IPAS.hasIdentityDocument)
    assert (passport, RDF.type, IPAS.Passport) in g
    assert str(g.value(passport, IPAS.identifierValue)) == "G1234567"
    assert str(g.value(passport, IPAS.expiryDate)) == "2025-01-01"
    assert g.value(passport, IPAS.issuingCountry) == mint("country", "iso3166", "MX")
    # Two designations, one per programme, with the programme code.
    sanctions = set(g.subjects(IPAS.sanctionedEntity, person))
    codes = {str(g.value(g.value(s, IPAS.programme), IPAS.programmeCode)) for s in sanctions}
    assert codes == {"SDNTK", "ILLICIT-DRUGS-EO14059"}
    # Linked To resolved by name (both directions give one association), the rest kept as text;
    # a link to a criminal network makes the entry its associate (a role, not membership).
    assocs = set(g.subjects(IPAS.party, person))
    linked = {p for a in assocs for p in g.objects(a, IPAS.party)} - {person}
    assert linked == {party["9003"]}
    [role] = g.subjects(IPAS.facilitator, person)
    assert g.value(role, IPAS.servedNetwork) == party["9001"]
    assert str(g.value(role, IPAS.roleTitle)) == "associate"
    assert (party["9003"], RDFS.comment, Literal("Linked To: SOMEONE NOT ON THIS LIST")) in g
    # The comments file continued 9003's remarks with one more alias.
    assert (party["9003"], IPAS.alias, Literal("ARENA AZUL")) in g
    assert (party["9003"], IPAS.previousName, Literal("ARENA AZUL INMOBILIARIA")) in g
    vessel = party["9004"]
    assert str(g.value(vessel, IPAS.imoNumber)) == "9999999"
    assert g.value(vessel, IPAS.flag) == mint("country", "iso3166", "PA")
    assert str(g.value(vessel, IPAS.tonnage)) == "1200"
    lines = sorted((r.position.source, r.position.line) for r in rejected)
    assert lines == [("add.csv", 3), ("add.csv", 4), ("sdn.csv", 5)]


def test_ofac_secondary_file_alone_extends_entries() -> None:
    records, rejected, g = run("ofac", [DATA / "ofac" / "alt.csv"])
    assert not rejected and len(records) == 2
    assert (mint("party", "ofac", "9002"), IPAS.alias, Literal("RAMOS, Julio")) in g
    assert not list(g.subjects(RDF.type, IPAS.Person))  # type comes from sdn.csv only


def test_ftm_delta_stream_collapses_to_latest_state() -> None:
    records, rejected, g = run("ftm", [DATA / "ftm-deltas"])
    assert [r.position.record_id for r in rejected] == ["r0"]  # listed, not downloaded
    org, person = (mint("entity", "ftm", i) for i in ("demo-org-1", "demo-person-1"))
    by_subject = {r.position.record_id: r for r in records}
    assert set(by_subject) == {"demo-org-1", "demo-person-1"}
    assert by_subject["demo-org-1"].retractions == (org,)
    assert (org, RDFS.label, Literal("Centinelas del Sur (ficticio)")) in g
    assert (org, RDF.type, IPAS.CriminalOrganization) in g  # FTM topic crime.traffick.*
    deleted = by_subject["demo-person-1"]
    assert deleted.retractions == (person,) and len(deleted.graph) == 0
    assert deleted.position.source == "r3/entities.delta.json"


def test_ftm_release_alone_adds_without_retracting() -> None:
    records, _, g = run("ftm", [DATA / "ftm-deltas" / "r1" / "entities.delta.json"])
    person = mint("entity", "ftm", "demo-person-1")
    assert all(not r.retractions for r in records)
    assert (person, IPAS.alias, Literal("El Contador Ficticio")) in g
    assert str(g.value(person, IPAS.dateOfBirth)) == "1970-02-03"
    assert g.value(person, IPAS.nationality) == mint("country", "iso3166", "MX")


def test_ftm_finance_fixture() -> None:
    records, rejected, g = run("ftm", [DATA / "ftm" / "finance.ftm.json"])
    assert len(records) == 15 and not rejected  # line 13, a Position: an ipas:PublicOffice
    assert (mint("entity", "ftm", "demo-post"), RDF.type, IPAS.PublicOffice) in g
    e = {k: mint("entity", "ftm", f"demo-{k}") for k in (
        "payment-1", "front", "launderer", "account-1", "account-2", "bank", "wallet",
        "official", "id-1", "vessel", "associate", "ministry", "job", "link")}
    pay = e["payment-1"]
    assert (pay, RDF.type, IPAS.Transfer) in g
    assert g.value(pay, IPAS.payer) == e["front"] and g.value(pay, IPAS.payee) == e["launderer"]
    assert g.value(pay, IPAS.fromAccount) == e["account-1"]
    assert str(g.value(pay, IPAS.amount)) == "250000" and str(g.value(pay, IPAS.currency)) == "USD"
    assert g.value(e["account-1"], IPAS.institution) == e["bank"]
    assert (e["bank"], RDF.type, IPAS.FinancialInstitution) in g  # the bank end of the link
    assert str(g.value(e["wallet"], IPAS.accountNumber)) == "1FictitiousWalletAddress"
    assert g.value(e["wallet"], IPAS.holder) == e["launderer"]
    assert (e["launderer"], RDF.type, IPAS.Person) in g
    assert (e["official"], RDF.type, IPAS.GovernmentOfficial) in g  # FTM topic role.pep
    assert g.value(e["id-1"], IPAS.documentHolder) == e["official"]
    assert str(g.value(e["vessel"], IPAS.tonnage)) == "1500"
    assert set(g.objects(e["associate"], IPAS.party)) == {e["launderer"], e["official"]}
    assert (e["ministry"], RDF.type, IPAS.Organization) in g
    assert (e["job"], RDF.type, IPAS.Membership) in g  # Employment, as docs/ontology.md says
    assert g.value(e["job"], IPAS.memberOrganization) == e["ministry"]
    assert set(g.objects(e["link"], IPAS.party)) == {e["launderer"], e["front"]}
    front = e["front"]
    assert str(g.value(front, IPAS.incorporationDate)) == "2015-06-01"  # one value kept
    assert (front, RDFS.comment, Literal("also incorporationDate: 2016-01-01")) in g


def test_icij_fixture() -> None:
    records, rejected, g = run("icij", [DATA / "icij"])
    assert len(records) == 5
    reasons = {(r.position.source, r.position.line): r.reason for r in rejected}
    assert "expected 8 columns" in reasons[("nodes-officers.csv", 3)]
    assert "resolution hint" in reasons[("relationships.csv", 4)]
    ent, inter, officer = (mint("node", "icij", n) for n in ("900001", "900002", "900003"))
    assert (ent, RDF.type, IPAS.Company) in g and (inter, RDF.type, IPAS.Company) in g
    assert (officer, RDF.type, IPAS.Person) in g
    assert str(g.value(ent, IPAS.incorporationDate)) == "2006-03-23"
    assert (ent, IPAS.previousName, Literal("OLD FICTICIA LTD")) in g
    role = g.value(None, IPAS.representative, inter)
    assert (role, RDF.type, IPAS.Representation) in g and g.value(role, IPAS.client) == ent
    share = g.value(None, IPAS.owner, officer)
    assert g.value(share, IPAS.ownedAsset) == ent
    assert str(g.value(share, IPAS.startDate)) == "2010-01-01"


def test_stix_fixture_bundle_and_bare_object() -> None:
    records, rejected, g = run("stix", [DATA / "stix" / "bundle.json"])
    actor = mint("threat-actor", "stix", "threat-actor--2b3c4d5e-0000-4000-8000-000000000004")
    indicator = mint("indicator", "stix", "indicator--3c4d5e6f-0000-4000-8000-000000000005")
    report = mint("report", "stix", "report--708192a3-0000-4000-8000-000000000009")
    assert (actor, RDF.type, IPAS.CriminalOrganization) in g
    assert (indicator, IPAS.indicates, actor) in g
    assert g.value(indicator, IPAS.marking) == IPAS.TLP_GREEN  # from the bundle's definition
    assert (report, RDF.type, IPAS.IntelligenceReport) in g
    assert g.value(report, IPAS.marking) == IPAS.TLP_AMBER  # the well-known TLP 2.0 AMBER id
    assert (report, IPAS.mentions, actor) in g and (report, IPAS.supports, indicator) in g
    assert str(g.value(report, IPAS.sourceReliability)) == "F"
    assert g.value(report, IPAS.originator) == mint(
        "identity", "stix", "identity--1a2b3c4d-0000-4000-8000-000000000003"
    )
    by_id = {r.position.record_id: r for r in rejected}
    malware = mint("malware", "stix", "malware--5e6f7081-0000-4000-8000-000000000007")
    assert (malware, RDF.type, IPAS.Malware) in g  # the cyber extension models it
    bad = by_id["indicator--6f708192-0000-4000-8000-000000000008"]
    assert bad.reason.startswith("invalid STIX 2.1 indicator") and bad.position.line == 49
    assert len(records) == 7 and len(rejected) == 1
    bare, rej, g2 = run("stix", [DATA / "stix" / "bare-identity.json"])
    person = mint("identity", "stix", "identity--8192a3b4-0000-4000-8000-00000000000a")
    assert len(bare) == 1 and not rej and (person, RDF.type, IPAS.Person) in g2
    assert (person, IPAS.emailAddress, Literal("persona@example.invalid")) in g2


def test_cbp_fixture_statistics() -> None:
    records, rejected, g = run("cbp-seizures", [DATA / "cbp" / "drugs.csv"])
    assert len(records) == 3
    reasons = {r.position.line: r.reason for r in rejected}
    assert set(reasons) == {4, 6}
    assert reasons[4].startswith("subtotal row")
    assert "not a whole number" in reasons[6]
    stats = list(g.subjects(RDF.type, IPAS.SeizureStatistic))
    # A drug type the scheme lacks is counted under Other drugs, as CBP counts minor drugs.
    [kratom] = [s for s in stats if "Kratom" in str(g.value(s, RDFS.label))]
    assert g.value(kratom, IPAS.commodity) == IPAS.Commodity_OtherDrugs
    stats.remove(kratom)
    fent = next(s for s in stats if g.value(s, IPAS.commodity) == IPAS.Commodity_Fentanyl)
    assert str(g.value(fent, IPAS.quantity)) == "1204.5"
    assert int(g.value(fent, IPAS.fiscalYear)) == 2023 and int(g.value(fent, IPAS.month)) == 10
    assert "fiscal-year-to-date" in str(g.value(fent, RDFS.comment))
    weed = next(s for s in stats if s != fent)
    assert g.value(weed, IPAS.commodity) == IPAS.Commodity_Cannabis
    assert g.value(weed, IPAS.unit) == IPAS.Unit_Pound
    area = g.value(weed, IPAS.areaOfResponsibility)
    assert (area, RDF.type, IPAS.AreaOfResponsibility) in g
    assert str(g.value(area, RDFS.label)) == "TUCSON SECTOR"
    assert not list(g.subjects(RDF.type, IPAS.Seizure))  # statistics, never invented seizures


def test_same_source_key_same_iri() -> None:
    _, _, first = run("ofac", [DATA / "ofac"])
    _, _, second = run("ofac", [DATA / "ofac"])
    assert set(first.subjects(RDF.type, IPAS.Person)) == set(second.subjects(RDF.type, IPAS.Person))
    assert isinstance(next(iter(first.subjects(RDF.type, IPAS.Person))), URIRef)
