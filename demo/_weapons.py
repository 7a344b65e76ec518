"""The weapons thread (ontology/extensions/weapons.ttl; TLP:AMBER, ATF, shared with HSI):
straw purchasers in Tucson buy rifles for the Desert Iron Crew, which runs them south through
Nogales to Valle Dorado; ATF and HSI both investigate (deconfliction).
"""

from __future__ import annotations

import random
from datetime import date as d
from datetime import timedelta
from decimal import Decimal

from _cast import member_label, person, role_label
from _emit import Doc, iri
from _intel import report
from _world import agency, pathway, place
from rdflib import URIRef

from ipas.namespace import IPAS

L = IPAS

GUNS = [  # type, make, model, calibre, serial prefix
    (L.Commodity_Rifle, "Palmetto State Armory", "PA-15", "5.56x45mm", "SCD"),
    (L.Commodity_Rifle, "Century Arms", "WASR-10", "7.62x39mm", "1-AL"),
    (L.Commodity_HighCalibreRifle, "Barrett", "M82A1", ".50 BMG", "AA"),
    (L.Commodity_Handgun, "FN Herstal", "Five-seveN", "5.7x28mm", "386"),
]
COKER_PHONE = "+15205550116"
STRAW = [  # key, given, family, dob, phone
    ("dustin-harmon", "Dustin Kyle", "Harmon", d(1999, 2, 14), "+15205550117"),
    ("kayla-benson", "Kayla Marie", "Benson", d(2001, 7, 30), "+15205550118"),
    ("tyler-ruiz", "Tyler James", "Ruiz", d(1997, 11, 3), "+15205550119"),
]


def build(doc: Doc, rng: random.Random) -> None:
    A = "TLP:AMBER"
    doc.section("The firearms-trafficking ring and its straw purchasers")
    dic = doc.node("organization", "desert-iron-crew", L.TraffickingEnterprise,
                   label="Desert Iron Crew")
    doc.add(dic, L.country, place("us"))
    coker = doc.node("person", "travis-coker", L.Person, label="Travis Lee Coker")
    doc.add(coker, L.givenName, "Travis Lee")
    doc.add(coker, L.familyName, "Coker")
    doc.add(coker, L.alias, "El Güero")
    doc.add(coker, L.dateOfBirth, d(1988, 5, 21))
    doc.add(coker, L.nationality, place("us"))
    doc.add(coker, L.country, place("us"))
    doc.add(coker, L.phoneNumber, COKER_PHONE)
    m = doc.node("membership", "coker-dic", L.Membership,
                 label=member_label(coker, "leader", dic))
    doc.add(m, L.member, coker)
    doc.add(m, L.memberOrganization, dic)
    doc.add(m, L.roleTitle, "leader")
    doc.add(m, L.startDate, d(2022, 3, 1))
    roles: dict[str, URIRef] = {}
    for key, given, family, dob, phone in STRAW:
        s = doc.node("person", key, L.Person, label=f"{given} {family}")
        doc.add(s, L.givenName, given)
        doc.add(s, L.familyName, family)
        doc.add(s, L.dateOfBirth, dob)
        doc.add(s, L.nationality, place("us"))
        doc.add(s, L.country, place("us"))
        doc.add(s, L.phoneNumber, phone)
        f = doc.node("facilitation", f"{key}-dic", L.StrawPurchasing,
                     label=role_label(s, [L.Service_StrawPurchasing], dic))
        doc.add(f, L.facilitator, s)
        doc.add(f, L.servedNetwork, dic)
        doc.add(f, L.service, L.Service_StrawPurchasing)
        doc.add(f, L.facilitatedPathway, pathway("southbound-nogales"))
        doc.add(f, L.startDate, d(2024, 6, 1) + timedelta(days=rng.randrange(120)))
        roles[key] = f
    uses = []
    for key, commodity in [("dic-southbound-firearms", L.Commodity_Firearms),
                           ("dic-southbound-ammunition", L.Commodity_Ammunition)]:
        u = doc.node("pathway-use", key, L.PathwayUse,
                     label=f"Desert Iron Crew moves {key.rsplit('-', 1)[1]} on the "
                           "Southbound corridor")
        doc.add(u, L.network, dic)
        doc.add(u, L.pathway, pathway("southbound-nogales"))
        doc.add(u, L.commodity, commodity)
        doc.add(u, L.startDate, d(2024, 6, 1))
        uses.append(u)

    doc.section("Dealers, purchases and the firearms bought (serial numbers fictional)")
    dealers = []
    for key, label, licence in [
        ("desert-sportsman", "Desert Sportsman Supply (fictional)", "9-86-019-01-2C-04417"),
        ("old-pueblo-arms", "Old Pueblo Arms (fictional)", "9-86-019-01-3D-05528"),
    ]:
        s = doc.node("company", key, L.FirearmDealer, label=label)
        doc.add(s, L.licenceNumber, licence)
        doc.add(s, L.jurisdiction, place("us"))
        dealers.append(s)
    guns: list[URIRef] = []
    dates = sorted(d(2024, 8, 1) + timedelta(days=rng.randrange(320)) for _ in range(12))
    serial = 0
    for n, when in enumerate(dates, start=1):
        buyer = STRAW[rng.randrange(len(STRAW))][0]
        p = doc.node("purchase", f"fp-{n:02d}", L.FirearmPurchase,
                     label=f"Firearm purchase {n:02d} by {buyer} ({when})")
        doc.add(p, L.purchaser, person(buyer))
        doc.add(p, L.dealer, rng.choice(dealers))
        doc.add(p, L.onBehalfOf, dic)
        doc.add(p, L.date, when)
        for _ in range(rng.randrange(2, 5)):
            serial += 1
            kind, make, model, calibre, prefix = rng.choice(GUNS)
            number = f"{prefix}{rng.randrange(100000, 999999)}"
            g = doc.node("firearm", f"fa-{serial:03d}", L.Firearm,
                         label=f"{make} {model} s/n {number}")
            doc.add(g, L.firearmType, kind)
            doc.add(g, L.serialNumber, number)
            doc.add(g, L.calibre, calibre)
            doc.add(g, L.make, make)
            doc.add(g, L.model, model)
            doc.add(p, L.purchasedFirearm, g)
            guns.append(g)

    doc.section("Southbound firearms and ammunition loads, and what CBP stopped")
    loads = sorted(d(2024, 10, 1) + timedelta(days=rng.randrange(360)) for _ in range(8))
    cursor = 0
    seized = []
    for n, when in enumerate(loads, start=1):
        ammo = n % 3 == 0
        qty = rng.randrange(2000, 12000, 500) if ammo else min(rng.randrange(4, 9),
                                                               len(guns) - cursor)
        commodity = L.Commodity_Ammunition if ammo else L.Commodity_Firearms
        unit = L.Unit_Round if ammo else L.Unit_Item
        text = "rounds of ammunition" if ammo else "firearms"
        s = doc.node("shipment", f"dic-{n:02d}", L.Shipment,
                     label=f"Shipment of {qty} {text} southbound ({when})")
        doc.add(s, L.shippedBy, dic)
        doc.add(s, L.alongPathway, pathway("southbound-nogales"))
        doc.add(s, L.fromLocation, place("tucson"))
        doc.add(s, L.toLocation, place("culiacan"))
        doc.add(s, L.commodity, commodity)
        doc.add(s, L.quantity, Decimal(qty))
        doc.add(s, L.unit, unit)
        doc.add(s, L.mode, L.Mode_Land)
        doc.add(s, L.date, when)
        if n in (3, 5, 8):
            z = doc.node("seizure", f"dic-{n:02d}", L.Seizure,
                         label=f"Outbound seizure of {qty} {text} at DeConcini ({when})")
            doc.add(z, L.shipment, s)
            doc.add(z, L.alongPathway, pathway("southbound-nogales"))
            doc.add(z, L.commodity, commodity)
            doc.add(z, L.quantity, Decimal(qty))
            doc.add(z, L.unit, unit)
            if not ammo:
                doc.add(z, L.seizedItem, *guns[cursor:cursor + qty])
            doc.add(z, L.place, place("deconcini-poe"))
            doc.add(z, L.date, when)
            doc.add(z, L.agency, agency("cbp"))
            doc.add(z, L.partOfInvestigation, iri("investigation", "southbound-steel"))
            seized.append(z)
        if not ammo:
            cursor += qty

    doc.section("Investigations of two agencies on the same targets")
    for key, label, lead, others, case, start in [
        ("iron-mirage", "Operation Iron Mirage", "atf", ["usao-az"], "ATF-785045-25-0021",
         d(2025, 2, 10)),
        ("southbound-steel", "Operation Southbound Steel", "ice-hsi", ["cbp", "atf"],
         "TU07SS25TU0004", d(2025, 3, 3)),
    ]:
        s = doc.node("investigation", key, L.Investigation, label=label)
        doc.add(s, L.caseNumber, case)
        doc.add(s, L.leadAgency, agency(lead))
        doc.add(s, L.participatingAgency, *(agency(a) for a in others))
        doc.add(s, L.startDate, start)
        doc.add(s, L.target, person("dustin-harmon"), dic)
        if key == "iron-mirage":
            doc.add(s, L.target, coker)

    doc.section("Arrest, indictment and guilty plea of the straw purchaser")
    a = doc.node("arrest", "harmon", L.Arrest, label="Arrest of Dustin Kyle Harmon")
    doc.add(a, L.arrestedPerson, person("dustin-harmon"))
    doc.add(a, L.agency, agency("atf"))
    doc.add(a, L.place, place("tucson"))
    doc.add(a, L.charge, "18 U.S.C. 932 straw purchasing of firearms")
    doc.add(a, L.partOfInvestigation, iri("investigation", "iron-mirage"))
    doc.add(a, L.date, d(2025, 6, 24))
    i = doc.node("indictment", "harmon", L.Indictment, label="United States v. Harmon")
    doc.add(i, L.defendant, person("dustin-harmon"))
    doc.add(i, L.court, "U.S. District Court, District of Arizona")
    doc.add(i, L.charge, "18 U.S.C. 932 straw purchasing of firearms",
            "18 U.S.C. 933 trafficking in firearms")
    doc.add(i, L.agency, agency("usao-az"))
    doc.add(i, L.date, d(2025, 7, 15))
    p = doc.node("prosecution", "harmon", L.Prosecution,
                 label="United States v. Harmon (prosecution)")
    doc.add(p, L.defendant, person("dustin-harmon"))
    doc.add(p, L.basedOnIndictment, i)
    doc.add(p, L.outcome, L.Outcome_GuiltyPlea)
    doc.add(p, L.court, "U.S. District Court, District of Arizona")
    doc.add(p, L.agency, agency("usao-az"))
    doc.add(p, L.date, d(2025, 10, 6))

    doc.section("A link seen only in low-graded open-source reporting")
    assoc = doc.node("association", "tirado-coker", L.Association,
                     label="Rosa Elena Tirado Valenzuela – Travis Lee Coker (arms supply contact)")
    doc.add(assoc, L.party, person("rosa-tirado"), coker)
    doc.add(assoc, L.relationshipKind, "arms supply contact")
    doc.add(assoc, L.startDate, d(2025, 1, 15))

    doc.section("Reporting")
    r = report(doc, "ir-atf-003", d(2025, 3, 2), L.Source_OpenSource, "F6", A, "atf",
               "Social-media photos, unverified, show Coker ('El Güero') with a woman "
               "identified by a commenter as Valle Dorado's 'Rosy'.",
               [assoc], [person("rosa-tirado"), coker])
    doc.add(assoc, L.supportedBy, r)
    r = report(doc, "ir-atf-001", d(2025, 4, 9), L.Source_Document, "A1", A, "atf",
               "eTrace: rifles recovered after a Culiacán shoot-out trace to purchases by "
               "Harmon, Benson and Ruiz in Tucson.",
               [roles["dustin-harmon"], roles["kayla-benson"], roles["tyler-ruiz"]],
               [person("dustin-harmon"), *guns[:3]])
    for buyer in ("dustin-harmon", "kayla-benson", "tyler-ruiz"):
        doc.add(roles[buyer], L.supportedBy, r)
    r = report(doc, "ir-atf-002", d(2025, 6, 27), L.Source_DetaineeInterview, "B2", A, "atf",
               "Post-arrest interview of Harmon: bought for Coker, paid USD 200 a rifle; "
               "loads leave Tucson for Nogales and Culiacán.",
               [roles["dustin-harmon"], m, *uses, *seized], [coker, dic])
    for node in (roles["dustin-harmon"], m, *uses, *seized):
        doc.add(node, L.supportedBy, r)
