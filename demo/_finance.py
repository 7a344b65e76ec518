"""The money (TLP:AMBER, HSI: subpoenaed bank records and BSA filings): the laundering chain
out of the U.S. front company, and the over-invoiced produce trade between the two fronts.
"""

from __future__ import annotations

import random
from datetime import date as d
from decimal import Decimal

from _cast import account, company, person
from _emit import Doc
from _world import place

from ipas.namespace import IPAS

L = IPAS

# key, date, payer, payee, from account, to account, amount, currency, method, purpose
TRAIL = [
    ("trail-00", d(2025, 1, 10), company("pacific-fresh"), company("comercializadora-agricola"),
     "pfp-operating", "cap-usd", Decimal("187250.00"), "USD", L.Method_TradeBasedInvoice,
     "Payment for produce (Roma tomatoes)"),
    ("trail-01", d(2025, 3, 14), company("pacific-fresh"), company("comercializadora-agricola"),
     "pfp-operating", "cap-usd", Decimal("412500.00"), "USD", L.Method_TradeBasedInvoice,
     "Payment for produce (Hass avocados)"),
    ("trail-02", d(2025, 3, 20), company("comercializadora-agricola"), company("costa-dorada"),
     "cap-mxn", "costa-dorada-mxn", Decimal("3950000.00"), "MXN", L.Method_Wire,
     "Anticipo compraventa de inmueble"),
    ("trail-03", d(2025, 4, 2), company("costa-dorada"), person("aurelio-benitez"),
     "costa-dorada-mxn", "benitez-personal", Decimal("1200000.00"), "MXN", L.Method_Wire,
     "Dividendos"),
    ("trail-04", d(2025, 4, 18), company("comercializadora-agricola"), person("hector-ibarra"),
     "cap-mxn", "ibarra-personal", Decimal("480000.00"), "MXN", L.Method_Wire,
     "Honorarios de consultoría"),
    ("trail-05", d(2025, 5, 6), company("pacific-fresh"), company("comercializadora-agricola"),
     "pfp-operating", "cap-usd", Decimal("298000.00"), "USD", L.Method_TradeBasedInvoice,
     "Payment for produce (cucumbers)"),
    ("trail-06", d(2025, 5, 27), person("hector-ibarra"), person("edwin-perez"),
     "ibarra-personal", "perez-cambio", Decimal("60000.00"), "USD",
     L.Method_InformalValueTransfer, "Entrega en Ciudad de Guatemala"),
    ("trail-07", d(2025, 8, 20), company("comercializadora-agricola"), company("costa-dorada"),
     "cap-mxn", "costa-dorada-mxn", Decimal("2100000.00"), "MXN", L.Method_Wire,
     "Segundo pago compraventa"),
    ("trail-08", d(2025, 9, 18), company("costa-dorada"), person("aurelio-benitez"),
     "costa-dorada-mxn", "benitez-personal", Decimal("900000.00"), "MXN", L.Method_Wire,
     "Dividendos"),
]

GOODS = [
    ("Roma tomatoes, 25 lb cartons", "070200"),
    ("Hass avocados, 20 lb cartons", "080440"),
    ("Cucumbers, 50 lb cartons", "070700"),
    ("Bell peppers, 25 lb cartons", "070960"),
]
#: Trade transactions whose declared value is inflated (over-invoicing moves value south).
INFLATED = {2, 5, 7, 10, 12, 15, 18, 21, 23}
TRADES = 24


def build(doc: Doc, rng: random.Random) -> None:
    doc.section("Money trail out of the U.S. front company (wires, trade payments, hawala)")
    for key, when, payer, payee, src, dst, amount, currency, method, purpose in TRAIL:
        t = doc.node("transfer", key, L.Transfer,
                     label=f"Transfer of {currency} {amount} ({when})")
        doc.add(t, L.payer, payer)
        doc.add(t, L.payee, payee)
        doc.add(t, L.fromAccount, account(src))
        doc.add(t, L.toAccount, account(dst))
        doc.add(t, L.amount, amount)
        doc.add(t, L.currency, currency)
        doc.add(t, L.transferMethod, method)
        doc.add(t, L.purpose, purpose)
        doc.add(t, L.date, when)

    doc.section("Produce trade between the fronts: declared vs CBP-assessed value")
    for n in range(1, TRADES + 1):
        month = 7 + (n - 1) * 16 // TRADES
        when = d(2024 + (month - 1) // 12, (month - 1) % 12 + 1, rng.randrange(1, 28))
        goods, hs = GOODS[rng.randrange(len(GOODS))]
        assessed = Decimal(rng.randrange(40, 160) * 1000)
        if n in INFLATED:
            factor = Decimal(rng.randrange(135, 281)) / 100
        else:
            factor = Decimal(rng.randrange(95, 109)) / 100
        declared = (assessed * factor).quantize(Decimal("1"))
        key = f"cap-{when.year}-{n:04d}"
        t = doc.node("trade", key, L.TradeTransaction,
                     label=f"Invoice CAP-F-{when.year}-{n:04d}: {goods.split(',')[0]}")
        doc.add(t, L.exporter, company("comercializadora-agricola"))
        doc.add(t, L.importer, company("pacific-fresh"))
        doc.add(t, L.invoiceNumber, f"CAP-F-{when.year}-{n:04d}")
        doc.add(t, L.goodsDescription, goods)
        doc.add(t, L.hsCode, hs)
        doc.add(t, L.declaredValue, declared)
        doc.add(t, L.assessedValue, assessed)
        doc.add(t, L.currency, "USD")
        doc.add(t, L.fromLocation, place("nogales-sonora"))
        doc.add(t, L.toLocation, place("nogales-arizona"))
        doc.add(t, L.place, place("mariposa-poe"))
        doc.add(t, L.date, when)
