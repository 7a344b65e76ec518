"""The ``ftm`` loader: FollowTheMoney amounts in any ``amount*`` property with their currency.

``tests/data/loaders/ftm/payments.ftm.json`` imitates OpenSanctions payment datasets (see
tests/data/loaders/README.md): ../shared/data/opensanctions-ftm holds no Payment entities.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDFS, Literal, URIRef

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
    assert [r.position.record_id for r in rejected] == ["fx-pos1"]  # Position: no class
    assert len(records) == 4
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
    assert result.records == 4 + 6
    assert sorted(q.position.record_id or "" for q in result.quarantined) == ["fx-pos1", "fx-s10"]
