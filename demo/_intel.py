"""Graded intelligence reports and the links they support, one builder per handling file:
HSI reporting (TLP:AMBER), the Guatemalan partner unit's reporting (TLP:AMBER, shared), the
sensitive-source reporting behind the terrorism nexus (TLP:RED) and DEA's case (AMBER+STRICT).

Reports in a later file point at links of an earlier one with ``ipas:supports`` (so every
file only describes its own subjects); links and reports in the same file also carry
``ipas:supportedBy``. Queries match both directions.
"""

from __future__ import annotations

import random
from datetime import date as d
from datetime import timedelta
from decimal import Decimal

from _cast import company, member_label, org, person, role_label
from _emit import Doc, iri
from _world import agency, pathway, place
from rdflib import URIRef

from ipas.namespace import IPAS

L = IPAS
MARKINGS = {"TLP:CLEAR": L.TLP_CLEAR, "TLP:GREEN": L.TLP_GREEN, "TLP:AMBER": L.TLP_AMBER,
            "TLP:AMBER+STRICT": L.TLP_AMBER_STRICT, "TLP:RED": L.TLP_RED}
#: Grades drawn for routine reports: never low (E/F or 5/6), so they never make a link
#: "supported only by low-graded reports".
ROUTINE_GRADES = [("A", 1), ("A", 2), ("B", 2), ("B", 3), ("C", 3), ("D", 4)]


def fac(key: str) -> URIRef:
    return iri("facilitation", key)


def report(doc: Doc, key: str, when: d, source: URIRef, grade: str, marking: str,
           originator: str, summary: str, supports: list[URIRef],
           mentions: list[URIRef]) -> URIRef:
    """An intelligence report with its Admiralty grade (e.g. 'B2') and TLP marking."""
    r = doc.node("report", key, L.IntelligenceReport, label=f"Report {key.upper()}")
    doc.add(r, L.sourceType, source)
    doc.add(r, L.sourceReliability, grade[0])
    doc.add(r, L.informationCredibility, int(grade[1]))
    doc.add(r, L.marking, MARKINGS[marking])
    doc.add(r, L.originator, agency(originator))
    doc.add(r, L.date, when)
    doc.add(r, L.summary, summary)
    doc.add(r, L.supports, *supports)
    doc.add(r, L.mentions, *mentions)
    return r


def hsi(doc: Doc, rng: random.Random, routine: list[URIRef]) -> None:
    """HSI Tucson reporting (TLP:AMBER)."""
    doc.section("HSI reporting on the named cast")
    A = "TLP:AMBER"
    report(doc, "ir-hsi-001", d(2024, 10, 22), L.Source_DetaineeInterview, "B2", A, "ice-hsi",
           "Arrested driver states trailers cross at Nogales on days the customs supervisor "
           "'El Aduanero' is on shift, arranged through Transportes Frontera Norte.",
           [fac("castaneda-vd"), fac("frontera-vd")],
           [person("ramiro-castaneda"), company("transportes-frontera")])
    report(doc, "ir-hsi-002", d(2024, 11, 5), L.Source_FinancialReporting, "A2", A, "ice-hsi",
           "Suspicious activity report: structured cash deposits into Pacific Fresh Produce "
           "LLC, swept by wire to Comercializadora Agrícola del Pacífico; signatory H. Ibarra.",
           [fac("ibarra-vd")],
           [person("hector-ibarra"), company("pacific-fresh"),
            company("comercializadora-agricola")])
    report(doc, "ir-hsi-003", d(2025, 1, 14), L.Source_Document, "B1", A, "ice-hsi",
           "Ledger seized from a tractor-trailer at DeConcini lists fentanyl, methamphetamine "
           "and cocaine loads north and cash loads south, signed off by 'Rosy'.",
           [iri("pathway-use", k) for k in ("vd-pacific-fentanyl", "vd-pacific-meth",
                                             "vd-pacific-cocaine", "vd-southbound-cash")]
           + [iri("membership", "tirado-vd")],
           [person("rosa-tirado"), org("valle-dorado")])
    report(doc, "ir-hsi-004", d(2025, 2, 3), L.Source_NonDetaineeInterview, "C3", A, "ice-hsi",
           "Migrant witness describes the Tapachula safe house, the Transportes Frontera "
           "trailer and the Nogales customs 'cuota' paid by the Centinelas.",
           [iri("pathway-use", "centinelas-pacific-migrants"), fac("frontera-centinelas"),
            fac("cruz-centinelas"), fac("castaneda-centinelas")],
           [org("centinelas"), person("ovidio-cruz")])
    report(doc, "ir-hsi-005", d(2025, 3, 28), L.Source_FinancialReporting, "A1", A, "ice-hsi",
           "Subpoenaed records: produce payments to the Mexican front and its wire to "
           "Inmobiliaria Costa Dorada.",
           [iri("transfer", "trail-01"), iri("transfer", "trail-02")],
           [company("costa-dorada")])
    report(doc, "ir-hsi-006", d(2025, 4, 30), L.Source_DetaineeInterview, "C3", A, "ice-hsi",
           "Detained Centinelas guide says 'El Contador' in Nogales also launders the "
           "Centinelas' smuggling fees.",
           [fac("ibarra-centinelas")], [person("hector-ibarra")])
    report(doc, "ir-hsi-007", d(2025, 6, 10), L.Source_OpenSource, "A1", A, "ice-hsi",
           "Mexican company registry: directors and shareholders of the front and the shell.",
           [iri("directorship", "ibarra-cap"), iri("directorship", "tirado-costa-dorada"),
            iri("ownership", "ibarra-cap"), iri("ownership", "tirado-costa-dorada")],
           [company("comercializadora-agricola"), company("costa-dorada")])
    report(doc, "ir-hsi-008", d(2025, 9, 22), L.Source_DetaineeInterview, "B3", A, "ice-hsi",
           "Post-arrest interview of Héctor Ibarra Solís: admits laundering for Valle Dorado "
           "and paying the Nogales customs supervisor.",
           [fac("ibarra-vd"), fac("castaneda-vd")],
           [person("hector-ibarra"), person("ramiro-castaneda")])
    doc.section("Detection indicators (STIX patterns) for the fronts' selectors")
    for key, address, targets, start in [
        ("front-invoicing-email", "facturacion@agricolapacifico.example",
         [company("comercializadora-agricola"), company("pacific-fresh")], d(2024, 11, 5)),
        ("ibarra-email", "h.ibarra@agricolapacifico.example", [person("hector-ibarra")],
         d(2024, 11, 5)),
    ]:
        i = doc.node("indicator", key, L.Indicator, label=f"E-mail indicator {address}")
        doc.add(i, L.pattern, f"[email-addr:value = '{address}']")
        doc.add(i, L.patternType, "stix")
        doc.add(i, L.indicates, *targets)
        doc.add(i, L.marking, L.TLP_AMBER)
        doc.add(i, L.startDate, start)
    doc.section("Routine HSI reporting on the rank and file (generated)")
    rng.shuffle(routine)
    for n in range(0, len(routine), 2):
        grade, cred = rng.choice(ROUTINE_GRADES)
        when = d(2024, 8, 1) + timedelta(days=rng.randrange(450))
        report(doc, f"ir-hsi-{100 + n // 2:03d}", when,
               rng.choice([L.Source_DetaineeInterview, L.Source_Document,
                           L.Source_NonDetaineeInterview]),
               f"{grade}{cred}", A, "ice-hsi", "Routine debriefing and document review.",
               routine[n:n + 2], [])


def partner(doc: Doc, rng: random.Random) -> None:
    """Guatemala TCIU joint reporting (TLP:AMBER, shared with the partner unit)."""
    A = "TLP:AMBER"
    doc.section("A corrupt police officer at Tecún Umán (one low-graded report only)")
    f = doc.node("facilitation", "aju-centinelas", L.Facilitation,
                 label=role_label(person("byron-aju"), [L.Service_OfficialCorruption],
                                  org("centinelas")))
    doc.add(f, L.facilitator, person("byron-aju"))
    doc.add(f, L.servedNetwork, org("centinelas"))
    doc.add(f, L.service, L.Service_OfficialCorruption)
    doc.add(f, L.facilitatedPathway, pathway("pacific-nogales"))
    doc.add(f, L.place, place("tecun-uman-crossing"))
    doc.add(f, L.startDate, d(2025, 1, 1))
    r = report(doc, "ir-gt-001", d(2025, 2, 17), L.Source_NonDetaineeInterview, "E5", A,
               "gt-tciu", "Informant of doubtful record claims sub-inspector Ajú lets "
               "Centinelas buses through the Tecún Umán checkpoint for a fee.",
               [f], [person("byron-aju")])
    doc.add(f, L.supportedBy, r)

    doc.section("Maritime cocaine feeder seen by the partner unit")
    v = doc.node("vessel", "esperanza-del-mar", L.Vessel, label="MV Esperanza del Mar")
    doc.add(v, L.vesselType, "Fishing")
    doc.add(v, L.flag, place("co"))
    seized: list[URIRef] = []
    dates = sorted(d(2024, 8, 1) + timedelta(days=rng.randrange(450)) for _ in range(5))
    for n, when in enumerate(dates, start=1):
        qty = Decimal(rng.randrange(400, 1500))
        s = doc.node("shipment", f"maritime-{n}", L.Shipment,
                     label=f"Shipment of {qty} kg cocaine by sea ({when})")
        doc.add(s, L.shippedBy, org("valle-dorado"))
        doc.add(s, L.alongPathway, pathway("pacific-maritime"))
        doc.add(s, L.fromLocation, place("buenaventura"))
        doc.add(s, L.toLocation, place("guatemala-city"))
        doc.add(s, L.commodity, L.Commodity_Cocaine)
        doc.add(s, L.quantity, qty)
        doc.add(s, L.unit, L.Unit_Kilogram)
        doc.add(s, L.mode, L.Mode_Sea)
        doc.add(s, L.conveyance, v)
        doc.add(s, L.date, when)
        if n in (2, 4):
            z = doc.node("seizure", f"maritime-{n}", L.Seizure,
                         label=f"Seizure of {qty} kg cocaine at Puerto Quetzal ({when})")
            doc.add(z, L.shipment, s)
            doc.add(z, L.alongPathway, pathway("pacific-maritime"))
            doc.add(z, L.commodity, L.Commodity_Cocaine)
            doc.add(z, L.quantity, qty)
            doc.add(z, L.unit, L.Unit_Kilogram)
            doc.add(z, L.place, place("puerto-quetzal"))
            doc.add(z, L.date, when)
            doc.add(z, L.agency, agency("gt-pnc"))
            doc.add(z, L.partOfInvestigation, iri("investigation", "quetzal-shadow"))
            seized.append(z)

    doc.section("Partner reporting")
    report(doc, "ir-gt-002", d(2024, 12, 9), L.Source_PartnerAgency, "B2", A, "gt-tciu",
           "TCIU surveillance and wire intercepts: Centinelas leadership, recruiter and "
           "document forger; proceeds sent to 'El Contador' in Nogales.",
           [iri("membership", "perez-centinelas"), iri("membership", "cux-centinelas"),
            fac("marroquin-centinelas"), fac("ibarra-centinelas")],
           [person("edwin-perez"), person("walter-cux"), person("lucia-marroquin")])
    report(doc, "ir-gt-003", d(2025, 7, 8), L.Source_PartnerAgency, "B2", A, "gt-tciu",
           "Puerto Quetzal seizures tied to Valle Dorado's maritime feeder.",
           [iri("pathway-use", "vd-maritime-cocaine"), *seized], [org("valle-dorado")])


def red(doc: Doc) -> None:
    """Sensitive human source reporting behind the terrorism nexus (TLP:RED, HSI only)."""
    R = "TLP:RED"
    doc.section("Terrorism nexus: the Centinelas smuggle a member of a designated group")
    m = doc.node("membership", "lenzi-ardent-dawn", L.Membership,
                 label=member_label(person("marco-lenzi"), "logistics facilitator",
                                    org("ardent-dawn")))
    doc.add(m, L.member, person("marco-lenzi"))
    doc.add(m, L.memberOrganization, org("ardent-dawn"))
    doc.add(m, L.roleTitle, "logistics facilitator")
    doc.add(m, L.startDate, d(2019, 1, 1))
    n = doc.node("nexus", "centinelas-ardent-dawn", L.TerrorismNexus,
                 label="Terrorism nexus: Los Centinelas del Suchiate – Ardent Dawn Movement")
    doc.add(n, L.nexusActor, org("centinelas"))
    doc.add(n, L.terroristOrganization, org("ardent-dawn"))
    doc.add(n, L.relationshipKind, "smuggling of members")
    doc.add(n, L.place, place("tapachula"))
    doc.add(n, L.startDate, d(2025, 4, 1))
    r1 = report(doc, "ir-red-001", d(2025, 5, 19), L.Source_NonDetaineeInterview, "B2", R,
                "ice-hsi", "Sensitive source: the Centinelas moved Marco Lenzi, an Ardent Dawn "
                "logistics facilitator, from Guatemala City to Tapachula on a forged "
                "Guatemalan passport, and were asked to move two more.",
                [n, m], [person("marco-lenzi"), org("centinelas"), org("ardent-dawn")])
    r2 = report(doc, "ir-red-002", d(2025, 6, 2), L.Source_PartnerAgency, "C3", R, "dos",
                "Consular reporting: passport G00417355 presented in Tapachula by a man "
                "matching Lenzi's description.",
                [n], [person("marco-lenzi")])
    doc.add(n, L.supportedBy, r1, r2)
    doc.add(m, L.supportedBy, r1)


def dea(doc: Doc) -> None:
    """DEA's own case on Valle Dorado (TLP:AMBER+STRICT, shared with HSI for deconfliction)."""
    doc.section("DEA investigation (deconfliction with HSI's Operation Quetzal Shadow)")
    s = doc.node("investigation", "desert-lantern", L.Investigation,
                 label="Operation Desert Lantern")
    doc.add(s, L.caseNumber, "R3-24-0113")
    doc.add(s, L.leadAgency, agency("dea"))
    doc.add(s, L.participatingAgency, agency("usao-az"))
    doc.add(s, L.startDate, d(2024, 11, 18))
    doc.add(s, L.target, org("valle-dorado"), person("hector-ibarra"),
            company("comercializadora-agricola"), person("julian-mendivil"))
    report(doc, "ir-dea-001", d(2025, 2, 11), L.Source_DetaineeInterview, "B2",
           "TLP:AMBER+STRICT", "dea",
           "Cooperating defendant names Julián Mendívil as Célula Sonora plaza boss and "
           "'El Contador' as the cartel's launderer in Nogales.",
           [iri("membership", "mendivil-sonora"), fac("ibarra-vd")],
           [person("julian-mendivil"), person("hector-ibarra")])
