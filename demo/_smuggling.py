"""The smuggling and trafficking thread (ontology/extensions/smuggling.ttl and the core terms
for facilities, violence and supply; TLP:AMBER, HSI): stash and safe houses two networks
share, migrants and the fees they pay in three currencies, two trafficking victims recruited
with false job offers and held by debt, violence along the Pacific corridor, and the gun ring
that supplies the cartel. Also the reference exchange rates (TLP:CLEAR) that convert the fees.

Nothing here is a Shipment, Seizure, Facilitation or Transfer, and every date is before
2025-09-01, so the answers demo/README.md documents for the older queries do not change.
"""

from __future__ import annotations

from datetime import date as d
from datetime import timedelta
from decimal import Decimal

from _cast import company, org, person
from _emit import Doc, iri
from _intel import report
from _world import pathway, place
from rdflib import URIRef

from ipas.namespace import IPAS

L = IPAS
A = "TLP:AMBER"

#: Month-start reference rates to USD (demo values close to the published ones: Federal
#: Reserve H.10 for MXN, Banco de Guatemala for GTQ, a market index for BTC).
RATES: dict[str, list[tuple[d, str]]] = {
    "MXN": [(d(2024, 6, 3), "0.0556"), (d(2024, 9, 2), "0.0506"), (d(2024, 12, 2), "0.0490"),
            (d(2025, 3, 3), "0.0487"), (d(2025, 6, 2), "0.0521")],
    "GTQ": [(d(2024, 6, 3), "0.1288"), (d(2024, 9, 2), "0.1292"), (d(2024, 12, 2), "0.1297"),
            (d(2025, 3, 3), "0.1297"), (d(2025, 6, 2), "0.1302")],
    "BTC": [(d(2024, 6, 3), "68800"), (d(2024, 9, 2), "57300"), (d(2024, 12, 2), "95900"),
            (d(2025, 3, 3), "86200"), (d(2025, 6, 2), "105400")],
}


def rates(doc: Doc) -> None:
    """The dated rate table: one ExchangeRate per currency and month start."""
    doc.section("Reference exchange rates to USD (month starts; demo values)")
    for currency, rows in RATES.items():
        for when, value in rows:
            r = doc.node("exchange-rate", f"{currency.lower()}-usd-{when.isoformat()}",
                         L.ExchangeRate, label=f"{currency}/USD {value} on {when}")
            doc.add(r, L.baseCurrency, currency)
            doc.add(r, L.quoteCurrency, "USD")
            doc.add(r, L.rate, Decimal(value))
            doc.add(r, L.date, when)
            doc.add(r, L.rateSource, "Federal Reserve H.10" if currency == "MXN" else
                    "Banco de Guatemala" if currency == "GTQ" else "Market index (demo)")


# key, label, class, city, users (network keys)
FACILITIES = [
    ("casa-suchiate", "Safe house 'Casa Suchiate', Tapachula", L.SafeHouse, "tapachula",
     ["centinelas"]),
    ("bodega-la-sierra", "Stash house 'La Sierra', Nogales, Sonora", L.StashHouse,
     "nogales-sonora", ["centinelas", "valle-dorado"]),
    ("calle-ocotillo", "Drop house on Calle Ocotillo, Tucson", L.StashHouse, "tucson",
     ["centinelas", "valle-dorado"]),
]
# key, label, class, origin country, fee amount, currency, date, paid
MIGRANTS = [
    ("ana-chox", "Ana Lucía Chox Tum", L.SmuggledMigrant, "gt", "65000", "GTQ", d(2024, 9, 14),
     True),
    ("jose-batz", "José Manuel Batz Coj", L.SmuggledMigrant, "gt", "8500", "USD",
     d(2024, 10, 2), True),
    ("rene-orozco", "René Orozco Pineda", L.SmuggledMigrant, "mx", "150000", "MXN",
     d(2025, 1, 20), True),
    ("maria-tzoc", "María Elena Tzoc Ajpop", L.TraffickingVictim, "gt", "12000", "USD",
     d(2024, 11, 5), False),
    ("kevin-xitumul", "Kevin Estuardo Xitumul", L.TraffickingVictim, "gt", "90000", "GTQ",
     d(2025, 2, 11), False),
]
# key, kind, date, place, pathway, victims, deaths, attributed network, label
INCIDENTS = [
    ("kidnap-tapachula", L.Violence_Kidnapping, d(2024, 12, 3), "tapachula", "pacific-nogales",
     6, 0, "valle-dorado", "Six migrants held for ransom from relatives in a Tapachula safe house"),
    ("extortion-suchiate", L.Violence_Extortion, d(2025, 2, 17), "tecun-uman-crossing",
     "pacific-nogales", 14, 0, "centinelas", "'Piso' toll extorted from migrants at the river"),
    ("clash-culiacan", L.Violence_ArmedClash, d(2025, 4, 9), "culiacan", "pacific-nogales", 3, 2,
     "valle-dorado", "Firefight between Célula Sonora and a rival group on the highway"),
    ("abandonment-arizona", L.Violence_Abandonment, d(2025, 7, 22), "nogales-arizona",
     "pacific-nogales", 9, 1, "centinelas",
     "Nine migrants abandoned in the desert west of Nogales"),
    ("homicide-tijuana", L.Violence_Homicide, d(2025, 5, 30), "tijuana", "baja-san-ysidro", 1, 1,
     "valle-dorado", "Killing of a tunnel worker in Tijuana"),
]


def _report(doc: Doc, key: str, when: d, summary: str, supports: list[URIRef]) -> URIRef:
    return report(doc, key, when, L.Source_NonDetaineeInterview, "B2", A, "ice-hsi", summary,
                  supports, [])


def build(doc: Doc) -> None:
    """Facilities and their use, migrants and victims, fees, debt, violence, supply."""
    doc.section("Stash and safe houses, and the networks that use them")
    uses: list[URIRef] = []
    for key, label, cls, city, users in FACILITIES:
        f = doc.node("facility", key, cls, label=label)
        doc.add(f, L.locatedIn, place(city))
        for user in users:
            u = doc.node("facility-use", f"{key}-{user}", L.FacilityUse,
                         label=f"{label} used by {user}")
            doc.add(u, L.facility, f)
            doc.add(u, L.facilityUser, org(user))
            doc.add(u, L.startDate, d(2024, 8, 1) if user == "centinelas" else d(2024, 11, 15))
            uses.append(u)
    doc.add(iri("facility-use", "casa-suchiate-centinelas"), L.relationshipKind,
            "kept by Ovidio Cruz Gálvez")

    doc.section("Migrants, victims and the smuggling fees they paid or owe")
    fees: list[URIRef] = []
    for key, label, cls, country, amount, currency, when, paid in MIGRANTS:
        p = doc.node("person", key, cls, label=label)
        doc.add(p, L.nationality, place(country))
        fee = doc.node("fee", key, L.SmugglingFee,
                       label=f"Smuggling fee of {currency} {amount} for {label}")
        doc.add(fee, L.feeFor, p)
        doc.add(fee, L.feeCollector, org("centinelas"))
        doc.add(fee, L.amount, Decimal(amount))
        doc.add(fee, L.currency, currency)
        doc.add(fee, L.feePaid, paid)
        doc.add(fee, L.alongPathway, pathway("pacific-nogales"))
        doc.add(fee, L.date, when)
        fees.append(fee)

    doc.section("Trafficking: false job offers, debt bondage and forced labour")
    links: list[URIRef] = []
    for key, work, start in [("maria-tzoc", "packing-house work in Tucson, USD 14/hour",
                              d(2024, 10, 20)),
                             ("kevin-xitumul", "farm work in Arizona, USD 12/hour",
                              d(2025, 1, 28))]:
        r = doc.node("recruitment", key, L.Recruitment, label=f"Recruitment of {key}")
        doc.add(r, L.recruiter, person("walter-cux"))
        doc.add(r, L.recruit, person(key))
        doc.add(r, L.onBehalfOf, org("centinelas"))
        doc.add(r, L.promisedWork, work)
        doc.add(r, L.deceptive, True)
        doc.add(r, L.place, place("guatemala-city"))
        doc.add(r, L.date, start)
        debt = doc.node("debt", key, L.Debt, label=f"Travel debt of {key} to Los Centinelas")
        doc.add(debt, L.debtor, person(key))
        doc.add(debt, L.creditor, org("centinelas"))
        doc.add(debt, L.amount, Decimal("15000"))
        doc.add(debt, L.currency, "USD")
        doc.add(debt, L.startDate, start)
        x = doc.node("exploitation", key, L.Exploitation,
                     label=f"Exploitation of {key} at the Calle Ocotillo drop house")
        doc.add(x, L.exploitedPerson, person(key))
        doc.add(x, L.exploiter, org("centinelas"))
        doc.add(x, L.exploitationType, L.Exploitation_ForcedLabour, L.Exploitation_DebtBondage)
        doc.add(x, L.observedIndicator, L.TipIndicator_DocumentsWithheld,
                L.TipIndicator_DebtToExploiter, L.TipIndicator_MovementControlled,
                L.TipIndicator_DeceptiveRecruitment)
        doc.add(x, L.place, place("tucson"))
        doc.add(x, L.startDate, start + timedelta(days=30))
        links += [debt, x]

    doc.section("Violence along the pathways")
    incidents: list[URIRef] = []
    for key, kind, when, where, path, victims, deaths, network, label in INCIDENTS:
        v = doc.node("incident", key, L.ViolentIncident, label=label)
        doc.add(v, L.violenceKind, kind)
        doc.add(v, L.date, when)
        doc.add(v, L.place, place(where))
        doc.add(v, L.alongPathway, pathway(path))
        doc.add(v, L.victimCount, victims)
        doc.add(v, L.fatalityCount, deaths)
        doc.add(v, L.attributedTo, org(network))
        incidents.append(v)
    doc.add(iri("incident", "kidnap-tapachula"), L.victim, person("ana-chox"))

    doc.section("Who supplies whom: the gun ring and the trucking company")
    supply = doc.node("supply", "dic-valle-dorado", L.SupplyRelationship,
                      label="Desert Iron Crew supplies Organización Valle Dorado with firearms")
    doc.add(supply, L.supplier, org("desert-iron-crew"))
    doc.add(supply, L.customer, org("valle-dorado"))
    doc.add(supply, L.commodity, L.Commodity_Firearms, L.Commodity_Ammunition)
    doc.add(supply, L.startDate, d(2024, 7, 1))
    links.append(supply)
    fresh = doc.node("supply", "frontera-pacific-fresh", L.SupplyRelationship,
                     label="Transportes Frontera Norte hauls produce to Pacific Fresh Produce")
    doc.add(fresh, L.supplier, company("transportes-frontera"))
    doc.add(fresh, L.customer, company("pacific-fresh"))
    doc.add(fresh, L.commodity, L.Commodity_Cocaine)
    doc.add(fresh, L.relationshipKind, "produce haulage covering cocaine loads")
    doc.add(fresh, L.startDate, d(2024, 8, 1))
    links.append(fresh)

    doc.section("HSI reporting on the smuggling and trafficking thread")
    _report(doc, "ir-hsi-smug-01", d(2025, 3, 12),
            "Two rescued workers describe the Calle Ocotillo drop house, their debts to Los "
            "Centinelas and the passports the keeper holds; Valle Dorado loads wait there too.",
            uses + links)
    _report(doc, "ir-hsi-smug-02", d(2025, 8, 4),
            "Fees paid by migrants interviewed after the Nogales abandonment; kidnapping and "
            "extortion along the Pacific corridor.", fees + incidents)
