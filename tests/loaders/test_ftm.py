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
