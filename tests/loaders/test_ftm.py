"""The ``ftm`` loader: FollowTheMoney amounts in any ``amount*`` property with their currency;
politically exposed persons' Position and Occupancy as public offices and their tenure.

``tests/data/loaders/ftm/payments.ftm.json`` imitates OpenSanctions payment datasets (see
tests/data/loaders/README.md): ../shared/data/opensanctions-ftm holds no Payment entities,
and no Position or Occupancy either (``officials.ftm.json`` imitates a PEP dataset).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from rdflib import RDF, RDFS, Literal, URIRef

from ipas.cli.main import cli
from ipas.ingest import Ingestor
from ipas.namespace import IPAS
from ipas.sources import LoadOptions
from loaders._iri import mint
from tests.loaders.conftest import DATA
from tests.loaders.loader_run import run

PAYMENTS = DATA / "ftm" / "payments.ftm.json"


def payment(n: str) -> URIRef:
    return mint("entity", "ftm", f"ua-pay-{n}")


def test_amount_and_currency_from_every_amount_property() -> None:
    _, rejected, g = run("ftm", [PAYMENTS])
    assert not rejected
    found = {
        n: (g.value(payment(n), IPAS.amount), g.value(payment(n), IPAS.currency))
        for n in ("0001", "0002", "0003", "0004")
    }
    assert found["0001"] == (Literal(Decimal("125000.5")), Literal("EUR"))  # amountEur only
    assert found["0002"] == (Literal(Decimal("98000")), Literal("USD"))  # amountUsd only
    assert found["0003"] == (Literal(Decimal("3400000")), Literal("UAH"))  # the source's own
    assert found["0004"] == (Literal(Decimal("1100")), Literal("EUR"))  # amount has no currency
    comments = {str(c) for c in g.objects(payment("0003"), RDFS.comment)}
    assert {"amount: 84000 EUR", "amount: 91000 USD"} <= comments  # conversions kept readable
    assert "amount: 1200" in {str(c) for c in g.objects(payment("0004"), RDFS.comment)}


def test_payments_conform_and_commit(pipeline: Ingestor) -> None:
    result = pipeline.ingest([PAYMENTS], fmt="ftm", options=LoadOptions())
    assert (result.records, len(result.quarantined)) == (6, 0)


SCHEMATA = DATA / "ftm" / "schemata.ftm.json"


def test_vessel_imo_as_ftm_writes_it() -> None:
    """FTM cleans IMO numbers to "IMO9123453"; the shapes want the seven digits: every real
    OpenSanctions vessel was quarantined before."""
    _, _, g = run("ftm", [SCHEMATA])
    vessel = mint("entity", "ftm", "fx-v1")
    assert g.value(vessel, IPAS.imoNumber) == Literal("9123453")


def test_values_without_a_property_are_kept() -> None:
    """Register, tax and LEI codes become identifiers with their scheme; web pages
    rdfs:seeAlso; anything else a readable comment (never dropped); FTM's own search text
    is not a statement of the source."""
    records, rejected, g = run("ftm", [SCHEMATA])
    assert not rejected  # a Position is a public office (test_peps_position_and_occupancy)
    assert len(records) == 5
    company = mint("entity", "ftm", "fx-c1")
    schemes = {(str(g.value(i, IPAS.identifierValue)), g.value(i, IPAS.identifierScheme))
               for i in g.objects(company, IPAS.hasIdentifier)}
    assert {("10101462800", IPAS.Scheme_RegistrationNumber), ("411111", IPAS.Scheme_TaxNumber),
            ("529900T8BM49AURSDO55", IPAS.Scheme_Lei), ("FICTIRTH", IPAS.Scheme_Other)} <= schemes
    assert (company, RDFS.seeAlso, URIRef("https://example.org/fictive-shipping")) in g
    comments = {str(c) for c in g.objects(company, RDFS.comment)}
    assert "Sector: Shipping" in comments
    assert not any("internal search text" in c for c in comments)
    plane = {str(c) for c in g.objects(mint("entity", "ftm", "fx-a1"), RDFS.comment)}
    assert {"Operator: fx-c1", "Manufacturer: Airbus"} <= plane
    sanction = {str(c) for c in g.objects(mint("entity", "ftm", "fx-s1"), RDFS.comment)}
    assert "UN SC identifier: QDe.999" in sanction
    assert not any(c.startswith(("Program", "Programme")) for c in sanction)
    # a listing date is the sanction's start when it gives none
    assert str(g.value(mint("entity", "ftm", "fx-s1"), IPAS.startDate)) == "2011-10-12"
    # an address written as text (no address entity) is an Address; a programme id on a
    # listed company names the list, not the company: a comment, not an identifier
    address = g.value(company, IPAS.address)
    assert str(g.value(address, IPAS.fullAddress)) == "1 Fictive Street, Tehran"
    assert "Program ID: US-SDGT" in comments
    assert "US-SDGT" not in {v for v, _ in schemes}
    # a KPP classifies (shared by every company of one tax office): not an identifier
    assert "KPP: 771501001" in comments and "771501001" not in {v for v, _ in schemes}


def test_nested_targets_read_as_entities() -> None:
    """OpenSanctions' targets.nested.json: entities inside a target's properties were lost
    (the person alone loaded, 12 triples); each is now an entity of its own at that line."""
    records, rejected, g = run("ftm", [DATA / "ftm" / "targets.nested.json"])
    ids = [r.position.record_id for r in records]
    assert ids == ["fx-p1", "fx-s9", "fx-ad9", "fx-own9", "fx-c9", "fx-p2"]
    assert {r.position.line for r in records[:5]} == {1}
    [bad] = rejected
    assert (bad.position.line, bad.position.record_id) == (2, "fx-s10")
    assert "unknown schema 'NoSuchSchema'" in bad.reason

    def e(i: str) -> URIRef:
        return mint("entity", "ftm", i)

    assert g.value(e("fx-s9"), IPAS.sanctionedEntity) == e("fx-p1")
    assert g.value(e("fx-p1"), IPAS.address) == e("fx-ad9")
    assert g.value(e("fx-own9"), IPAS.ownedAsset) == e("fx-c9")
    assert str(g.value(e("fx-c9"), RDFS.label)) == "Fictiva SA"
    # the publisher's top-level fields: referents are ids of the same entity, the rest a note
    ids = {str(g.value(i, IPAS.identifierValue)) for i in g.objects(e("fx-p1"), IPAS.hasIdentifier)}
    assert ids == {"fx-p1", "ofac-98102", "eu-fsf-fict-1"}
    assert ("OpenSanctions datasets: us_ofac_sdn; first_seen: 2023-01-01T00:00:00; "
            "last_seen: 2024-06-01T00:00:00; target: true") in {
        str(c) for c in g.objects(e("fx-p1"), RDFS.comment)}


def test_schemata_and_nested_targets_conform(pipeline: Ingestor) -> None:
    result = pipeline.ingest([SCHEMATA, DATA / "ftm" / "targets.nested.json"], fmt="ftm",
                             options=LoadOptions())
    assert result.records == 5 + 6
    assert sorted(q.position.record_id or "" for q in result.quarantined) == ["fx-s10"]


OFFICIALS = DATA / "ftm" / "officials.ftm.json"


def test_peps_position_and_occupancy() -> None:
    """A politically exposed person's post: Position -> ipas:PublicOffice of its body,
    Occupancy -> a dated ipas:OfficeTenure whose holder is a government official."""
    _, rejected, g = run("ftm", [OFFICIALS])
    assert not rejected

    def e(i: str) -> URIRef:
        return mint("entity", "ftm", i)

    post, tenure, holder = e("fx-post1"), e("fx-occ1"), e("fx-pep1")
    assert (post, RDF.type, IPAS.PublicOffice) in g
    assert g.value(post, IPAS.officeOrganization) == e("fx-body1")
    assert str(g.value(post, IPAS.country)).endswith("MX")
    assert {"Subnational area: Colima", "Inception date: 1995"} <= {
        str(c) for c in g.objects(post, RDFS.comment)}
    assert (tenure, RDF.type, IPAS.OfficeTenure) in g
    assert (g.value(tenure, IPAS.officeHolder), g.value(tenure, IPAS.heldOffice)) == (holder, post)
    assert (str(g.value(tenure, IPAS.startDate)), str(g.value(tenure, IPAS.endDate))) == (
        "2019-03-01", "2022-11-15")
    assert "Status: ended" in {str(c) for c in g.objects(tenure, RDFS.comment)}
    assert (holder, RDF.type, IPAS.GovernmentOfficial) in g  # stated by the tenure as well


def test_peps_through_ipas_load_reach_the_corrupt_officials_query(tmp_path: Path) -> None:
    """``ipas load`` (shapes, reasoning on) then the saved query: a PEP that an analyst links
    to a network shows the body and post of the office the PEP data says the official held."""
    link = tmp_path / "link.ttl"
    link.write_text(f"""
@prefix ipas: <{IPAS}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ipas/id/organization/analyst/fict-cartel> a ipas:Cartel ;
    rdfs:label "Cártel Ficticio" .
<https://w3id.org/ipas/id/facilitation/analyst/f1> a ipas:Facilitation ;
    ipas:facilitator <{mint("entity", "ftm", "fx-pep1", base="https://w3id.org/ipas/id/")}> ;
    ipas:servedNetwork <https://w3id.org/ipas/id/organization/analyst/fict-cartel> ;
    ipas:service ipas:Service_OfficialCorruption .
""", encoding="utf-8")
    env = {"IPAS_STORE": str(tmp_path / "store"), "IPAS_HOME": str(tmp_path / "home")}
    runner = CliRunner()
    loaded = runner.invoke(cli, ["load", str(OFFICIALS), "--format", "ftm"], env=env)
    assert loaded.exit_code == 0, loaded.output
    assert "4 records" in loaded.output and "0 quarantined" in loaded.output
    analyst = runner.invoke(cli, ["load", str(link), "--format", "rdf", "--source", "analyst"],
                            env=env)
    assert analyst.exit_code == 0, analyst.output
    out = runner.invoke(cli, ["query", "corrupt-officials", "--format", "json"], env=env)
    assert out.exit_code == 0, out.output
    [row] = json.loads(out.output)["results"]["bindings"]
    assert row["officialLabel"]["value"] == "Ramiro Fictón Alcázar"
    assert row["employer"]["value"] == "Agencia Nacional de Aduanas de Ficticia"
    assert row["office"]["value"] == "Administrador de la Aduana de Puerto Ficticio"
    assert row["networkLabel"]["value"] == "Cártel Ficticio"
    # Reasoning ran at load: the tenure is a Role and a Relationship, the office a tracked
    # entity, the holder a Person, none of which the loader asserted.
    ask = tmp_path / "ask.rq"
    ask.write_text(f"""PREFIX ipas: <{IPAS}>
ASK {{ ?t a ipas:Role, ipas:Relationship ; ipas:officeHolder ?p ; ipas:heldOffice ?o .
       ?p a ipas:Person . ?o a ipas:TrackedEntity }}""", encoding="utf-8")
    answers: dict[str, bool] = {}
    for inference in ("all", "asserted"):
        out = runner.invoke(cli, ["query", str(ask), "--format", "json",
                                  "--inference", inference], env=env)
        assert out.exit_code == 0, out.output
        answers[inference] = json.loads(out.output)["boolean"]
    assert answers == {"all": True, "asserted": False}


OBLIGATIONS = DATA / "ftm" / "obligations.ftm.json"


def test_debt_succession_and_article() -> None:
    """FtM Debt (an obligation with its amount in any ``amount*`` property), Succession (a
    predecessor and its successor) and Article (an open-source report, graded by the load):
    once rejected as schemata the ontology did not model."""
    records, rejected, g = run("ftm", [OBLIGATIONS])

    def e(i: str) -> URIRef:
        return mint("entity", "ftm", f"fx-ob-{i}")

    assert len(records) == 7
    debt = e("d1")
    assert (debt, RDF.type, IPAS.Debt) in g
    assert (g.value(debt, IPAS.debtor), g.value(debt, IPAS.creditor)) == (e("c1"), e("b1"))
    assert (g.value(debt, IPAS.amount).toPython(), str(g.value(debt, IPAS.currency))) == (
        Decimal("4500000"), "MXN")
    assert str(g.value(debt, IPAS.startDate)) == "2019-06-01"
    assert str(g.value(e("d2"), IPAS.currency)) == "EUR"  # amountEur only
    succession = e("s1")
    assert (succession, RDF.type, IPAS.Succession) in g
    assert g.value(succession, IPAS.predecessor) == e("c1")
    assert g.value(succession, IPAS.successor) == e("c2")
    assert str(g.value(succession, IPAS.relationshipKind)) == "fusion por absorcion"
    article = e("a1")
    assert (article, RDF.type, IPAS.IntelligenceReport) in g
    assert str(g.value(article, IPAS.date)) == "2023-02-14"
    assert g.value(article, IPAS.marking) == IPAS.TLP_AMBER  # the load's default
    assert g.value(article, IPAS.sourceType) == IPAS.Source_OpenSource
    assert (article, RDFS.seeAlso, URIRef("https://example.org/noticias/transportista-red")) in g
    # what the ontology has no home for is reported per schema, never silently dropped
    reasons = sorted(r.reason for r in rejected)
    assert reasons == ["unmapped schema Documentation: the ontology has no counterpart"] + [
        "unmapped schema Note: the ontology has no counterpart"] * 2


def test_unmapped_schemata_counted_by_ipas_load(tmp_path: Path) -> None:
    """``ipas load`` (shapes, reasoning on) commits the mapped entities and says how many
    entities of each unmapped schema it left out."""
    env = {"IPAS_STORE": str(tmp_path / "store"), "IPAS_HOME": str(tmp_path / "home")}
    result = CliRunner().invoke(cli, ["load", str(OBLIGATIONS), "--format", "ftm",
                                      "--marking", "green", "--reliability", "C"], env=env)
    assert result.exit_code == 1, result.output  # records left out: exit 1
    assert "7 records" in result.output and "3 quarantined" in result.output
    summary = result.output.split("quarantined by reason:\n", 1)[1].splitlines()
    assert "        2  unmapped schema Note: the ontology has no counterpart" in summary
    assert "        1  unmapped schema Documentation: the ontology has no counterpart" in summary
    ask = tmp_path / "ask.rq"
    ask.write_text(f"""PREFIX ipas: <{IPAS}>
ASK {{ ?r a ipas:IntelligenceReport ; ipas:marking ipas:TLP_GREEN ; ipas:sourceReliability "C" .
       ?s a ipas:Succession ; ipas:successor ?c . ?c a ipas:Actor .
       ?d a ipas:Debt ; ipas:amount ?a ; ipas:currency "MXN" }}""", encoding="utf-8")
    out = CliRunner().invoke(cli, ["query", str(ask), "--format", "json"], env=env)
    assert out.exit_code == 0 and json.loads(out.output)["boolean"] is True, out.output
