"""The demo's bulk, drawn from one seeded random generator: the networks' rank and file
(drivers, couriers, guides), their vehicles and roles (into the core file), and their dated
activity: shipments, seizures, interdictions and arrests (activity file), structured deposits
and bulk cash deliveries (finance file).

The draw order is fixed, so the same seed always yields the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from _cast import PEOPLE, company, member_label, org, person, role_label
from _emit import Doc, iri, name
from _weapons import COKER_PHONE, STRAW
from _world import PATHWAYS, agency, pathway, place
from rdflib import RDF, URIRef

from ipas.namespace import IPAS

L = IPAS
SEED = 20250601
START = date(2024, 7, 1)
END = date(2025, 10, 31)

GIVEN = ["José", "Luis", "Juan", "Carlos", "Jesús", "Miguel", "Francisco", "Alejandro",
         "Jorge", "Ramón", "Óscar", "Sergio", "Raúl", "Edgar", "Iván", "Cristian", "Omar",
         "Brenda", "Karla", "Yesenia", "Guadalupe", "María", "Ana", "Claudia", "Érika"]
FAMILY = ["García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez",
          "Sánchez", "Ramírez", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez",
          "Torres", "Díaz", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Castillo", "Romero",
          "Chávez", "Herrera", "Medina", "Guzmán", "Salazar", "Cabrera", "Figueroa"]
GT_FAMILY = ["Ajanel", "Tzoc", "Xicará", "Cux", "Chum", "Batz", "Coyoy", "Tum", "Yax", "Quemé"]

DRUGS: list[tuple[URIRef, float, float]] = [  # commodity, low kg, high kg
    (L.Commodity_Fentanyl, 2, 40),
    (L.Commodity_Methamphetamine, 20, 400),
    (L.Commodity_Cocaine, 10, 250),
]
#: Phones of the weapons thread's cast (its file is built after this one).
RESERVED_PHONES = {COKER_PHONE, *(row[4] for row in STRAW)}
NAMES = {L.Commodity_Fentanyl: " fentanyl", L.Commodity_Methamphetamine: " methamphetamine",
         L.Commodity_Cocaine: " cocaine", L.Commodity_BulkCash: " bulk cash"}
#: Where each northbound pathway's loads are stopped, and by whom.
CHECKPOINT = {
    "pacific-nogales": ("deconcini-poe", "cbp"),
    "baja-san-ysidro": ("san-ysidro-poe", "cbp"),
    "air-courier": ("lax", "cbp"),
    "southbound-nogales": ("deconcini-poe", "cbp"),
}


@dataclass
class Crew:
    """Generated people by job, for the activity that follows."""

    drivers: list[str] = field(default_factory=list)
    couriers: list[str] = field(default_factory=list)
    guides: list[str] = field(default_factory=list)
    baja: list[str] = field(default_factory=list)
    vehicles: list[str] = field(default_factory=list)
    phones: set[str] = field(default_factory=set)


def day(rng: random.Random, start: date = START, end: date = END) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def dec(rng: random.Random, low: float, high: float, places: int = 1) -> Decimal:
    value = rng.uniform(low, high)
    return Decimal(f"{value:.{places}f}")


def people(doc: Doc, rng: random.Random) -> Crew:
    """Drivers and couriers of Valle Dorado, guides of the Centinelas, Célula Baja members."""
    crew = Crew()
    # The named cast's selectors are reserved: only they share numbers, on purpose.
    crew.phones.update(phone for row in PEOPLE for phone in row[9])
    crew.phones.update(RESERVED_PHONES)
    used: set[str] = set()

    def new_person(prefix: str, n: int, nationality: str, residence: str, family: list[str]
                   ) -> str:
        while True:
            given = rng.choice(GIVEN)
            fam = f"{rng.choice(family)} {rng.choice(FAMILY)}"
            name = f"{given} {fam}"
            if name not in used:
                used.add(name)
                break
        key = f"{prefix}-{n:02d}"
        s = doc.node("person", key, L.Person, label=name)
        doc.add(s, L.givenName, given)
        doc.add(s, L.familyName, fam)
        doc.add(s, L.dateOfBirth, date(rng.randrange(1975, 2004), rng.randrange(1, 13),
                                       rng.randrange(1, 29)))
        doc.add(s, L.nationality, place(nationality))
        doc.add(s, L.country, place(residence))
        cc = {"mx": "+52", "gt": "+502", "us": "+1"}[residence]
        while True:
            phone = f"{cc}{rng.randrange(10**7, 10**8)}" if cc != "+1" else \
                f"+1520555{rng.randrange(100, 200):04d}"
            if phone not in crew.phones:
                crew.phones.add(phone)
                break
        doc.add(s, L.phoneNumber, phone)
        return key

    doc.section("Rank and file (generated): drivers and cash couriers of Valle Dorado")
    for n in range(1, 15):
        key = new_person("vd-driver", n, "mx", "mx", FAMILY)
        crew.drivers.append(key)
        _membership(doc, key, "celula-sonora", "driver", day(rng, date(2022, 1, 1), START))
    for n in range(1, 11):
        key = new_person("vd-courier", n, rng.choice(["mx", "us"]), "us", FAMILY)
        crew.couriers.append(key)
        f = doc.node("facilitation", f"{key}-cash", L.Facilitation,
                     label=role_label(person(key), [L.Service_BulkCashTransport],
                                      org("valle-dorado")))
        doc.add(f, L.facilitator, person(key))
        doc.add(f, L.servedNetwork, org("valle-dorado"))
        doc.add(f, L.service, L.Service_BulkCashTransport)
        doc.add(f, L.facilitatedPathway, pathway("southbound-nogales"))
        doc.add(f, L.startDate, day(rng, date(2023, 6, 1), date(2025, 3, 1)))
    doc.section("Rank and file (generated): Célula Baja members")
    for n in range(1, 9):
        key = new_person("vd-baja", n, "mx", "mx", FAMILY)
        crew.baja.append(key)
        _membership(doc, key, "celula-baja", rng.choice(["driver", "lookout", "stash house"]),
                    day(rng, date(2021, 1, 1), START))
    doc.section("Rank and file (generated): guides (coyotes) working for the Centinelas")
    for n in range(1, 13):
        key = new_person("centinelas-guide", n, "gt", rng.choice(["gt", "mx"]), GT_FAMILY)
        crew.guides.append(key)
        f = doc.node("facilitation", f"{key}-guide", L.Facilitation,
                     label=role_label(person(key), [L.Service_TransportGuide],
                                      org("centinelas")))
        doc.add(f, L.facilitator, person(key))
        doc.add(f, L.servedNetwork, org("centinelas"))
        doc.add(f, L.service, L.Service_TransportGuide)
        doc.add(f, L.facilitatedPathway, pathway("pacific-nogales"))
        doc.add(f, L.startDate, day(rng, date(2023, 1, 1), date(2025, 6, 1)))

    doc.section("Conveyances (generated)")
    makes = [("Freightliner", "Cascadia"), ("Kenworth", "T680"), ("Nissan", "NP300"),
             ("Chevrolet", "Silverado"), ("Ford", "F-150"), ("Toyota", "Camry")]
    for n in range(1, 19):
        make, model = rng.choice(makes)
        key = f"vehicle-{n:02d}"
        s = doc.node("vehicle", key, L.Vehicle, label=f"{make} {model} ({key})")
        doc.add(s, L.make, make)
        doc.add(s, L.model, model)
        plate = f"{rng.choice(['VH', 'WB', 'AZ'])}{rng.randrange(10000, 99999)}"
        doc.add(s, L.registrationMark, plate)
        crew.vehicles.append(key)
    return crew


def _membership(doc: Doc, member: str, organization: str, title: str, start: date) -> None:
    s = doc.node("membership", f"{member}-{organization}", L.Membership,
                 label=member_label(person(member), title, org(organization)))
    doc.add(s, L.member, person(member))
    doc.add(s, L.memberOrganization, org(organization))
    doc.add(s, L.roleTitle, title)
    doc.add(s, L.startDate, start)


def _ends(path: str) -> tuple[URIRef, URIRef]:
    legs = PATHWAYS[path][1]
    return place(legs[0][0]), place(legs[-1][1])


def activity(act: Doc, fin: Doc, rng: random.Random, crew: Crew) -> list[URIRef]:
    """Shipments with their seizures, interdictions and arrests; returns the seizures."""
    seizures: list[URIRef] = []
    arrested: set[str] = set()
    plan: list[tuple[str, str, URIRef, int]] = []  # network, pathway, commodity, count
    plan += [("valle-dorado", "pacific-nogales", c, 12) for c, _lo, _hi in DRUGS]
    plan += [("valle-dorado", "baja-san-ysidro", L.Commodity_Fentanyl, 10),
             ("valle-dorado", "baja-san-ysidro", L.Commodity_Methamphetamine, 8),
             ("valle-dorado", "air-courier", L.Commodity_Fentanyl, 8),
             ("centinelas", "pacific-nogales", L.Commodity_SmuggledMigrants, 24),
             ("valle-dorado", "southbound-nogales", L.Commodity_BulkCash, 14)]
    drawn = []
    for network, path, commodity, count in plan:
        for _ in range(count):
            drawn.append((day(rng), network, path, commodity))
    drawn.sort(key=lambda x: (x[0], x[2], str(x[3])))
    fin.section("Bulk cash deliveries to the launderer (generated, one per southbound load)")
    act.section("Shipments (generated), each with its seizure or interdiction when stopped")
    for n, (when, network, path, commodity) in enumerate(drawn, start=1):
        key = f"{when:%Y%m%d}-{n:03d}"
        origin, dest = _ends(path)
        if commodity == L.Commodity_SmuggledMigrants:
            qty, unit, text = Decimal(rng.randrange(6, 39)), L.Unit_Person, "migrants"
        elif commodity == L.Commodity_BulkCash:
            qty, unit, text = Decimal(rng.randrange(80, 651) * 1000), L.Unit_UsDollar, "USD"
        else:
            lo, hi = next((lo, hi) for c, lo, hi in DRUGS if c == commodity)
            if path == "air-courier":
                lo, hi = 0.5, 6
            qty, unit, text = dec(rng, lo, hi), L.Unit_Kilogram, "kg"
        drug = NAMES.get(commodity, "")
        if path == "pacific-nogales" and commodity in (L.Commodity_Fentanyl,
                                                       L.Commodity_Methamphetamine):
            origin = place("culiacan")  # synthesized in Sinaloa, joins the corridor there
        s = act.node("shipment", key, L.Shipment,
                     label=f"Shipment of {qty} {text}{drug} ({when})")
        act.add(s, L.shippedBy, org(network))
        act.add(s, L.alongPathway, pathway(path))
        act.add(s, L.fromLocation, origin)
        act.add(s, L.toLocation, dest)
        act.add(s, L.commodity, commodity)
        act.add(s, L.quantity, qty)
        act.add(s, L.unit, unit)
        act.add(s, L.date, when)
        vehicle = None
        if path != "air-courier":
            act.add(s, L.mode, L.Mode_Land)
            vehicle = iri("vehicle", rng.choice(crew.vehicles))
            act.add(s, L.conveyance, vehicle)
        else:
            act.add(s, L.mode, L.Mode_PostalCourier)
        if commodity == L.Commodity_BulkCash:
            courier = rng.choice(crew.couriers)
            _cash_delivery(fin, key, when, courier, qty)
        stopped = rng.random()
        if commodity == L.Commodity_SmuggledMigrants:
            if stopped < 0.4:
                i = act.node("interdiction", key, L.Interdiction,
                             label=f"Border Patrol interdiction of {qty} migrants ({when})")
                act.add(i, L.shipment, s)
                act.add(i, L.alongPathway, pathway(path))
                act.add(i, L.agency, agency("usbp"))
                act.add(i, L.place, place("nogales-arizona"))
                act.add(i, L.date, when)
                act.add(i, L.conveyance, vehicle)
            continue
        if stopped >= (0.3 if commodity == L.Commodity_BulkCash else 0.4):
            continue
        where, who = CHECKPOINT[path]
        z = act.node("seizure", key, L.Seizure,
                     label=f"Seizure of {qty} {text}{drug} ({when})")
        seizures.append(z)
        act.add(z, L.shipment, s)
        act.add(z, L.alongPathway, pathway(path))
        act.add(z, L.commodity, commodity)
        act.add(z, L.quantity, qty)
        act.add(z, L.unit, unit)
        if commodity == L.Commodity_BulkCash:
            act.add(z, L.amount, qty)
            act.add(z, L.currency, "USD")
        act.add(z, L.place, place(where))
        act.add(z, L.date, when)
        act.add(z, L.agency, agency(who))
        act.add(z, L.conveyance, vehicle)
        if path == "pacific-nogales" or commodity == L.Commodity_BulkCash:
            act.add(z, L.partOfInvestigation, iri("investigation", "quetzal-shadow"))
        if vehicle is not None:
            pool = crew.couriers if commodity == L.Commodity_BulkCash else (
                crew.baja if path == "baja-san-ysidro" else crew.drivers)
            free = [p for p in pool if p not in arrested] or pool
            held = rng.choice(free)
            act.add(z, L.seizedFrom, person(held))
            if held in arrested:
                continue  # already in custody: nobody left in this crew to arrest
            arrested.add(held)
            a = act.node("arrest", key, L.Arrest,
                         label=f"Arrest of {name(person(held))} ({when})")
            act.add(a, L.arrestedPerson, person(held))
            act.add(a, L.alongPathway, pathway(path))
            act.add(a, L.agency, agency("ice-hsi"))
            act.add(a, L.place, place(where))
            act.add(a, L.date, when)
            act.add(a, L.charge, "31 U.S.C. 5332 bulk cash smuggling"
                    if commodity == L.Commodity_BulkCash else "21 U.S.C. 952 importation")
    return seizures


def _cash_delivery(fin: Doc, key: str, when: date, courier: str, qty: Decimal) -> None:
    t = fin.node("transfer", f"cash-{key}", L.Transfer,
                 label=f"Bulk cash delivery of USD {qty} ({when})")
    fin.add(t, L.payer, person(courier))
    fin.add(t, L.payee, person("hector-ibarra"))
    fin.add(t, L.amount, qty)
    fin.add(t, L.currency, "USD")
    fin.add(t, L.transferMethod, L.Method_BulkCash)
    fin.add(t, L.fromLocation, place("phoenix"))
    fin.add(t, L.toLocation, place("nogales-sonora"))
    fin.add(t, L.alongPathway, pathway("southbound-nogales"))
    fin.add(t, L.date, when)


def deposits(fin: Doc, rng: random.Random, crew: Crew) -> None:
    """Structured cash deposits under USD 10,000 into the U.S. front's account."""
    fin.section("Structured cash deposits into the U.S. front company (generated)")
    rows = sorted((day(rng), rng.choice(crew.drivers + crew.couriers),
                   Decimal(rng.randrange(7000, 9950, 50))) for _ in range(36))
    for n, (when, who, amount) in enumerate(rows, start=1):
        t = fin.node("transfer", f"deposit-{n:03d}", L.Transfer,
                     label=f"Cash deposit of USD {amount} ({when})")
        fin.add(t, L.payer, person(who))
        fin.add(t, L.payee, company("pacific-fresh"))
        fin.add(t, L.toAccount, iri("account", "pfp-operating"))
        fin.add(t, L.amount, amount)
        fin.add(t, L.currency, "USD")
        fin.add(t, L.transferMethod, L.Method_CashCourier)
        fin.add(t, L.purpose, "cash deposit")
        fin.add(t, L.place, place(rng.choice(["phoenix", "tucson"])))
        fin.add(t, L.date, when)


def legal(act: Doc) -> None:
    """The launderer's indictment, arrest and pending prosecution."""
    act.section("Indictment, arrest and prosecution of the launderer")
    i = act.node("indictment", "ibarra-et-al", L.Indictment,
                 label="United States v. Ibarra Solís et al. (indictment)")
    act.add(i, L.defendant, person("hector-ibarra"), person("julian-mendivil"),
            person("aurelio-benitez"), company("comercializadora-agricola"),
            company("pacific-fresh"))
    act.add(i, L.court, "U.S. District Court, District of Arizona")
    act.add(i, L.charge, "18 U.S.C. 1956(h) money laundering conspiracy",
            "21 U.S.C. 963 conspiracy to import controlled substances")
    act.add(i, L.agency, agency("usao-az"))
    act.add(i, L.partOfInvestigation, iri("investigation", "quetzal-shadow"))
    act.add(i, L.date, date(2025, 9, 10))
    a = act.node("arrest", "ibarra", L.Arrest, label="Arrest of Héctor Ibarra Solís")
    act.add(a, L.arrestedPerson, person("hector-ibarra"))
    act.add(a, L.agency, agency("ice-hsi"))
    act.add(a, L.place, place("deconcini-poe"))
    act.add(a, L.charge, "18 U.S.C. 1956(h) money laundering conspiracy")
    act.add(a, L.partOfInvestigation, iri("investigation", "quetzal-shadow"))
    act.add(a, L.date, date(2025, 9, 16))
    p = act.node("prosecution", "ibarra", L.Prosecution,
                 label="United States v. Ibarra Solís (prosecution)")
    act.add(p, L.defendant, person("hector-ibarra"))
    act.add(p, L.basedOnIndictment, i)
    act.add(p, L.outcome, L.Outcome_Pending)
    act.add(p, L.court, "U.S. District Court, District of Arizona")
    act.add(p, L.agency, agency("usao-az"))
    act.add(p, L.date, date(2025, 9, 17))
    act.section("Seizure and forfeiture of the U.S. front's account")
    z = act.node("seizure", "pfp-operating-funds", L.Seizure,
                 label="Seizure of funds in Pacific Fresh Produce LLC's operating account")
    act.add(z, L.seizedItem, iri("account", "pfp-operating"))
    act.add(z, L.seizedFrom, company("pacific-fresh"))
    act.add(z, L.amount, Decimal("612480.00"))
    act.add(z, L.currency, "USD")
    act.add(z, L.agency, agency("ice-hsi"))
    act.add(z, L.place, place("nogales-arizona"))
    act.add(z, L.partOfInvestigation, iri("investigation", "quetzal-shadow"))
    act.add(z, L.date, date(2025, 9, 17))
    f = act.node("forfeiture", "pfp-operating-funds", L.AssetForfeiture,
                 label="Forfeiture of Pacific Fresh Produce LLC's operating account funds")
    act.add(f, L.forfeitedAsset, iri("account", "pfp-operating"))
    act.add(f, L.amount, Decimal("612480.00"))
    act.add(f, L.currency, "USD")
    act.add(f, L.agency, agency("usao-az"))
    act.add(f, L.partOfInvestigation, iri("investigation", "quetzal-shadow"))
    act.add(f, L.date, date(2025, 10, 21))


def statistics(act: Doc) -> None:
    """Monthly CBP-style figures for the Tucson Field Office, aggregated from the demo's own
    drug seizures at the Nogales ports (as CBP publishes them: fiscal year, month, count,
    total)."""
    totals: dict[tuple[int, int, URIRef], tuple[int, Decimal]] = {}
    for pairs in act.subjects.values():
        values = dict(pairs)
        if values.get(RDF.type) != L.Seizure or values.get(L.unit) != L.Unit_Kilogram:
            continue
        if values.get(L.place) not in (place("deconcini-poe"), place("mariposa-poe")):
            continue
        when = date.fromisoformat(str(values[L.date]))
        commodity = values[L.commodity]
        assert isinstance(commodity, URIRef)
        key = (when.year + (1 if when.month >= 10 else 0), when.month, commodity)
        count, total = totals.get(key, (0, Decimal(0)))
        totals[key] = (count + 1, total + Decimal(str(values[L.quantity])))
    act.section("Monthly seizure figures, Tucson Field Office (aggregated from the seizures above)")
    for (fiscal, month, commodity), (count, total) in sorted(totals.items(),
                                                             key=lambda x: str(x[0])):
        drug = NAMES[commodity].strip()
        s = act.node("statistic", f"tucson-fy{fiscal}-{month:02d}-{drug}", L.SeizureStatistic,
                     label=f"Tucson Field Office: {drug} seizures, FY{fiscal} month {month}")
        act.add(s, L.fiscalYear, fiscal)
        act.add(s, L.month, month)
        act.add(s, L.areaOfResponsibility, place("tucson-sector"))
        act.add(s, L.borderRegion, place("southwest-border"))
        act.add(s, L.commodity, commodity)
        act.add(s, L.eventCount, count)
        act.add(s, L.quantity, total)
        act.add(s, L.unit, L.Unit_Kilogram)
        act.add(s, L.agency, agency("cbp"))
        act.add(s, L.landFilter, "Land Only")
