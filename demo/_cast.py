"""The named cast of the demo (TLP:GREEN, HSI): networks, people, companies, banks, accounts,
memberships, facilitation roles, pathway uses, the HSI-led investigation and a designation.

Every name, number and date here is invented.
"""

from __future__ import annotations

from datetime import date as d
from decimal import Decimal

from _emit import Doc, iri, name
from _world import PLACE_COUNTRY, PLACES, agency, pathway, place
from rdflib import Literal, URIRef

from ipas.namespace import GEO, IPAS

L = IPAS
SERVICES = {
    L.Service_MoneyLaundering: "money laundering",
    L.Service_FinancialServices: "financial services",
    L.Service_OfficialCorruption: "corruption of an official",
    L.Service_TransportGuide: "transport",
    L.Service_DocumentFraud: "document fraud",
    L.Service_SafeHouse: "safe houses",
    L.Service_BulkCashTransport: "bulk cash transport",
    L.Service_StrawPurchasing: "straw purchasing",
}
COMMODITIES = {
    L.Commodity_Fentanyl: "fentanyl", L.Commodity_Methamphetamine: "methamphetamine",
    L.Commodity_Cocaine: "cocaine", L.Commodity_BulkCash: "bulk cash",
    L.Commodity_SmuggledMigrants: "migrants", L.Commodity_Firearms: "firearms",
    L.Commodity_Ammunition: "ammunition",
}


def role_label(who: URIRef, services: list[URIRef], network: URIRef) -> str:
    """E.g. 'Héctor Ibarra Solís: money laundering for Organización Valle Dorado'."""
    return f"{name(who)}: {', '.join(SERVICES[s] for s in services)} for {name(network)}"


def member_label(member: URIRef, title: str, organization: URIRef) -> str:
    return f"{name(member)}, {title} of {name(organization)}"


CITY_LABEL = {key: label for key, _c, label, _p, _n, _x, _y in PLACES}
CITY_POINT = {key: (lon, lat) for key, _c, _l, _p, _n, lon, lat in PLACES}


def org(key: str) -> URIRef:
    return iri("organization", key)


def person(key: str) -> URIRef:
    return iri("person", key)


def company(key: str) -> URIRef:
    return iri("company", key)


def account(key: str) -> URIRef:
    return iri("account", key)


# key, class, label, aliases, country keys, parent
NETWORKS = [
    ("valle-dorado", L.Cartel, "Organización Valle Dorado",
     ["Cártel del Valle Dorado", "CVD"], ["mx"], None),
    ("celula-sonora", L.CriminalCell, "Célula Sonora (Valle Dorado)", ["Los de la Sierra"],
     ["mx"], "valle-dorado"),
    ("celula-baja", L.CriminalCell, "Célula Baja (Valle Dorado)", [], ["mx"], "valle-dorado"),
    ("centinelas", L.SmugglingRing, "Los Centinelas del Suchiate", ["Los Centinelas"],
     ["gt", "mx"], None),
]

# key, class, given, family, aliases, gender, dob, nationality, residence, phones, emails, position
PEOPLE = [
    ("aurelio-benitez", L.Person, "Aurelio", "Benítez Cárdenas", ["Don Aurelio", "El Patrón"],
     "male", d(1968, 4, 11), "mx", "sinaloa", ["+525500001101"], [], None),
    ("julian-mendivil", L.Person, "Julián", "Mendívil Ochoa", ["El Güero"], "male",
     d(1981, 9, 2), "mx", "sonora", ["+525500001102"], [], None),
    ("rosa-tirado", L.Person, "Rosa Elena", "Tirado Valenzuela", ["Rosy"], "female",
     d(1986, 1, 23), "mx", "sonora", ["+525500001103", "+526620009911"], [], None),
    ("mauricio-leyva", L.Person, "Mauricio", "Leyva Acosta", ["El Flaco"], "male",
     d(1979, 12, 5), "mx", "baja-california", ["+525500001104"], [], None),
    ("edwin-perez", L.Person, "Edwin Orlando", "Pérez Cifuentes", ["El Chapín"], "male",
     d(1975, 6, 30), "gt", "gt", ["+50200001201"], [], None),
    ("marisol-coutino", L.Person, "Marisol", "Coutiño Ruiz", ["La Güera de Tapachula"],
     "female", d(1988, 3, 14), "mx", "chiapas", ["+525500001202"], [], None),
    ("walter-cux", L.Person, "Walter", "Cux Ajanel", ["Walo"], "male", d(1990, 10, 8), "gt",
     "gt", ["+50200001203"], [], None),
    ("hector-ibarra", L.Person, "Héctor", "Ibarra Solís", ["El Contador", "Ing. Héctor Solís"],
     "male", d(1972, 7, 19), "mx", "sonora", ["+526620009911", "+15205550142"],
     ["h.ibarra@agricolapacifico.example"], "Finance director (self-styled consultant)"),
    ("ramiro-castaneda", L.GovernmentOfficial, "Ramiro", "Castañeda Ortiz", ["El Aduanero"],
     "male", d(1970, 2, 27), "mx", "sonora", ["+525500001301"], [],
     "Customs supervisor, Nogales, Sonora (ANAM)"),
    ("byron-aju", L.GovernmentOfficial, "Byron Estuardo", "Ajú Tzul", [], "male",
     d(1984, 11, 2), "gt", "san-marcos", ["+50200001302"], [],
     "Police sub-inspector, Tecún Umán (PNC)"),
    ("lucia-marroquin", L.Person, "Lucía", "Marroquín Batres", ["La Licenciada"], "female",
     d(1980, 5, 9), "gt", "gt", ["+50200001303"], [], None),
    ("ovidio-cruz", L.Person, "Ovidio", "Cruz Gálvez", [], "male", d(1966, 8, 21), "mx",
     "chiapas", ["+525500001304"], [], None),
    ("marco-lenzi", L.Person, "Marco", "Lenzi", ["Il Biondo"], "male", d(1992, 1, 17), "it",
     None, [], [], None),
]

EMPLOYERS = {"ramiro-castaneda": "mx-anam", "byron-aju": "gt-pnc"}

# key, class, label, legal form, country, city, incorporated, emails, identifiers(tax)
COMPANIES = [
    ("comercializadora-agricola", L.FrontCompany,
     "Comercializadora Agrícola del Pacífico S.A. de C.V.", "S.A. de C.V.", "mx",
     "nogales-sonora", d(2016, 3, 8), ["facturacion@agricolapacifico.example"], "CAP160308QX1",
     "Blvd. Industrial 1450, Parque Industrial Nuevo Nogales"),
    ("pacific-fresh", L.FrontCompany, "Pacific Fresh Produce LLC", "LLC", "us",
     "nogales-arizona", d(2017, 11, 20), ["facturacion@agricolapacifico.example"], "86-0000417",
     "2100 N Produce Row, Suite 14"),
    ("costa-dorada", L.ShellCompany, "Inmobiliaria Costa Dorada S.A. de C.V.", "S.A. de C.V.",
     "mx", "culiacan", d(2019, 6, 4), [], "ICD190604AB7", "Av. Álvaro Obregón 880, Piso 3"),
    ("transportes-frontera", L.Company, "Transportes Frontera Norte S.A. de C.V.",
     "S.A. de C.V.", "mx", "hermosillo", d(2011, 1, 17), [], "TFN110117HM3",
     "Carretera a Nogales km 4.5"),
]

# key, label, country, bic
BANKS = [
    ("banco-noroeste", "Banco del Noroeste S.A. (fictional)", "mx", "BNOEMXMMXXX"),
    ("sonoran-desert-bank", "Sonoran Desert Bank N.A. (fictional)", "us", "SDBKUS44XXX"),
    ("cambio-frontera", "Casa de Cambio Frontera S.A. (fictional)", "mx", None),
]

# key, holder IRI, bank key, number
ACCOUNTS = [
    ("pfp-operating", company("pacific-fresh"), "sonoran-desert-bank", "4410-0000-7781"),
    ("cap-usd", company("comercializadora-agricola"), "banco-noroeste", "0291-000-55120"),
    ("cap-mxn", company("comercializadora-agricola"), "banco-noroeste", "0291-000-55121"),
    ("costa-dorada-mxn", company("costa-dorada"), "banco-noroeste", "0291-000-60402"),
    ("ibarra-personal", person("hector-ibarra"), "banco-noroeste", "0291-000-71977"),
    ("benitez-personal", person("aurelio-benitez"), "banco-noroeste", "0291-000-80011"),
    ("perez-cambio", person("edwin-perez"), "cambio-frontera", "CF-000-3391"),
]

# key, member, organization, title, start
MEMBERSHIPS = [
    ("benitez-vd", "aurelio-benitez", "valle-dorado", "leader", d(2012, 1, 1)),
    ("mendivil-sonora", "julian-mendivil", "celula-sonora", "plaza boss", d(2018, 5, 1)),
    ("tirado-vd", "rosa-tirado", "valle-dorado", "logistics coordinator", d(2020, 2, 1)),
    ("leyva-baja", "mauricio-leyva", "celula-baja", "cell leader", d(2019, 9, 1)),
    ("perez-centinelas", "edwin-perez", "centinelas", "leader", d(2014, 1, 1)),
    ("coutino-centinelas", "marisol-coutino", "centinelas", "Tapachula coordinator",
     d(2019, 4, 1)),
    ("cux-centinelas", "walter-cux", "centinelas", "recruiter", d(2021, 7, 1)),
]

# key, facilitator IRI, network, services, pathways, place, start, end
FACILITATIONS = [
    ("ibarra-vd", person("hector-ibarra"), "valle-dorado",
     [L.Service_MoneyLaundering, L.Service_FinancialServices], ["southbound-nogales"],
     "nogales-sonora", d(2023, 5, 1), None),
    ("ibarra-centinelas", person("hector-ibarra"), "centinelas",
     [L.Service_MoneyLaundering], [], "nogales-sonora", d(2024, 8, 15), None),
    ("castaneda-vd", person("ramiro-castaneda"), "valle-dorado",
     [L.Service_OfficialCorruption], ["pacific-nogales", "southbound-nogales"],
     "nogales-sonora", d(2024, 3, 1), None),
    ("castaneda-centinelas", person("ramiro-castaneda"), "centinelas",
     [L.Service_OfficialCorruption], ["pacific-nogales"], "nogales-sonora", d(2024, 10, 1),
     None),
    ("frontera-vd", company("transportes-frontera"), "valle-dorado",
     [L.Service_TransportGuide], ["pacific-nogales"], None, d(2024, 2, 1), None),
    ("frontera-centinelas", company("transportes-frontera"), "centinelas",
     [L.Service_TransportGuide], ["pacific-nogales"], None, d(2024, 6, 15), None),
    ("marroquin-centinelas", person("lucia-marroquin"), "centinelas",
     [L.Service_DocumentFraud], [], "guatemala-city", d(2024, 5, 1), None),
    ("cruz-centinelas", person("ovidio-cruz"), "centinelas", [L.Service_SafeHouse],
     ["pacific-nogales"], "tapachula", d(2024, 7, 1), None),
    ("cambio-vd", iri("bank", "cambio-frontera"), "valle-dorado",
     [L.Service_FinancialServices], [], "nogales-sonora", d(2024, 1, 15), d(2025, 6, 30)),
]

# key, network, pathway, commodity, start
PATHWAY_USES = [
    ("vd-pacific-fentanyl", "valle-dorado", "pacific-nogales", L.Commodity_Fentanyl,
     d(2024, 3, 1)),
    ("vd-pacific-meth", "valle-dorado", "pacific-nogales", L.Commodity_Methamphetamine,
     d(2024, 3, 1)),
    ("vd-pacific-cocaine", "valle-dorado", "pacific-nogales", L.Commodity_Cocaine,
     d(2024, 6, 1)),
    ("vd-maritime-cocaine", "valle-dorado", "pacific-maritime", L.Commodity_Cocaine,
     d(2024, 6, 1)),
    ("vd-baja-fentanyl", "valle-dorado", "baja-san-ysidro", L.Commodity_Fentanyl,
     d(2023, 11, 1)),
    ("vd-baja-meth", "valle-dorado", "baja-san-ysidro", L.Commodity_Methamphetamine,
     d(2023, 11, 1)),
    ("vd-air-fentanyl", "valle-dorado", "air-courier", L.Commodity_Fentanyl, d(2025, 2, 1)),
    ("vd-southbound-cash", "valle-dorado", "southbound-nogales", L.Commodity_BulkCash,
     d(2024, 4, 1)),
    ("centinelas-pacific-migrants", "centinelas", "pacific-nogales",
     L.Commodity_SmuggledMigrants, d(2024, 1, 1)),
]


def build(doc: Doc) -> None:
    doc.section("Criminal networks")
    for key, cls, label, aliases, countries, parent in NETWORKS:
        s = doc.node("organization", key, cls, label=label)
        doc.add(s, L.alias, *aliases)
        doc.add(s, L.country, *(place(c) for c in countries))
        doc.add(s, L.subOrganizationOf, org(parent) if parent else None)
    s = doc.node("organization", "ardent-dawn", L.TerroristOrganization,
                 label="Ardent Dawn Movement (fictional)")
    doc.add(s, L.alias, "ADM")

    doc.section("People")
    for (key, cls, given, family, aliases, gender, dob, nat, res, phones, emails,
         position) in PEOPLE:
        s = doc.node("person", key, cls, label=f"{given} {family}")
        doc.add(s, L.givenName, given)
        doc.add(s, L.familyName, family)
        doc.add(s, L.alias, *aliases)
        doc.add(s, L.gender, gender)
        doc.add(s, L.dateOfBirth, dob)
        doc.add(s, L.nationality, place(nat))
        doc.add(s, L.country, place(PLACE_COUNTRY[res]) if res else None)
        doc.add(s, L.phoneNumber, *phones)
        doc.add(s, L.emailAddress, *emails)
        doc.add(s, L.position, position)
        if key in EMPLOYERS:
            doc.add(s, L.employedBy, agency(EMPLOYERS[key]))

    doc.section("Identity documents (a genuine passport and a forged copy share one number)")
    passports = [
        ("cux-passport", "walter-cux", "G00417355", d(2021, 3, 2), d(2031, 3, 1), False),
        ("lenzi-forged-passport", "marco-lenzi", "G00417355", d(2021, 3, 2), d(2031, 3, 1),
         True),
        ("ibarra-passport", "hector-ibarra", "G000918273", d(2019, 8, 12), d(2029, 8, 11),
         False),
    ]
    for key, holder, number, issued, expires, forged in passports:
        country = "gt" if holder != "hector-ibarra" else "mx"
        label = f"Passport {number} ({'forged, ' if forged else ''}{country.upper()})"
        s = doc.node("document", key, L.Passport, label=label)
        doc.add(s, L.identifierValue, number)
        doc.add(s, L.issuingCountry, place(country))
        doc.add(s, L.documentHolder, person(holder))
        doc.add(s, L.issueDate, issued)
        doc.add(s, L.expiryDate, expires)
        doc.add(s, L.fraudulent, forged)

    doc.section("Companies, banks and accounts")
    for key, cls, label, form, country, city, inc, emails, tax, street in COMPANIES:
        s = doc.node("company", key, cls, label=label)
        doc.add(s, L.legalForm, form)
        doc.add(s, L.jurisdiction, place(country))
        doc.add(s, L.incorporationDate, inc)
        doc.add(s, L.emailAddress, *emails)
        ident = doc.node("identifier", f"{key}-tax", L.Identifier, label=f"Tax number {tax}")
        doc.add(s, L.hasIdentifier, ident)
        doc.add(ident, L.identifierValue, tax)
        doc.add(ident, L.identifierScheme, L.Scheme_TaxNumber)
        doc.add(ident, L.issuingCountry, place(country))
        addr = doc.node("address", key, L.Address, label=f"{label}, registered office")
        doc.add(s, L.address, addr)
        doc.add(addr, L.streetAddress, street)
        doc.add(addr, L.addressLocality, CITY_LABEL[city])
        doc.add(addr, L.locatedIn, place(city))
        doc.add(addr, L.country, place(country))
        geom = doc.node("geometry", f"address-{key}", GEO.Geometry)
        doc.add(addr, GEO.hasGeometry, geom)
        lon, lat = CITY_POINT[city]
        doc.add(geom, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral))
    for key, label, country, bic in BANKS:
        s = doc.node("bank", key, L.FinancialInstitution, label=label)
        doc.add(s, L.jurisdiction, place(country))
        doc.add(s, L.bic, bic)
    for key, holder, bank, number in ACCOUNTS:
        s = doc.node("account", key, L.Account, label=f"Account {number}")
        doc.add(s, L.accountNumber, number)
        doc.add(s, L.holder, holder)
        doc.add(s, L.institution, iri("bank", bank))
        doc.add(s, L.currency, "USD" if key in ("pfp-operating", "cap-usd") else "MXN")

    doc.section("Memberships")
    for key, member, organization, title, start in MEMBERSHIPS:
        s = doc.node("membership", key, L.Membership,
                     label=member_label(person(member), title, org(organization)))
        doc.add(s, L.member, person(member))
        doc.add(s, L.memberOrganization, org(organization))
        doc.add(s, L.roleTitle, title)
        doc.add(s, L.startDate, start)

    doc.section("Directorships of the fronts and the shell")
    for key, director, organization, title, start in [
        ("ibarra-cap", person("hector-ibarra"), "comercializadora-agricola", "administrador único",
         d(2016, 3, 8)),
        ("ibarra-pfp", person("hector-ibarra"), "pacific-fresh", "managing member",
         d(2017, 11, 20)),
        ("tirado-costa-dorada", person("rosa-tirado"), "costa-dorada", "nominee director",
         d(2019, 6, 4)),
    ]:
        s = doc.node("directorship", key, L.Directorship,
                     label=f"{name(director)}, {title} of {name(company(organization))}")
        doc.add(s, L.director, director)
        doc.add(s, L.directedOrganization, company(organization))
        doc.add(s, L.roleTitle, title)
        doc.add(s, L.startDate, start)

    doc.section("Ownership, real estate and family ties")
    estate = doc.node("real-estate", "las-quintas", L.RealEstate,
                      label="Residence in Las Quintas, Culiacán")
    addr = doc.node("address", "las-quintas", L.Address, label="Residence in Las Quintas")
    doc.add(estate, L.address, addr)
    doc.add(estate, L.amount, Decimal("6050000.00"))
    doc.add(estate, L.currency, "MXN")
    doc.add(addr, L.streetAddress, "Calle Río Presidio 214, Col. Las Quintas")
    doc.add(addr, L.addressLocality, "Culiacán")
    geom = doc.node("geometry", "address-las-quintas", GEO.Geometry)
    doc.add(addr, GEO.hasGeometry, geom)
    doc.add(geom, GEO.asWKT, Literal("POINT(-107.4021 24.7994)", datatype=GEO.wktLiteral))
    doc.add(addr, L.locatedIn, place("culiacan"))
    doc.add(addr, L.country, place("mx"))
    for key, owner, owned, share, start in [
        ("ibarra-cap", person("hector-ibarra"), company("comercializadora-agricola"),
         Decimal("60"), d(2016, 3, 8)),
        ("tirado-costa-dorada", person("rosa-tirado"), company("costa-dorada"),
         Decimal("100"), d(2019, 6, 4)),
        ("costa-dorada-las-quintas", company("costa-dorada"), estate, Decimal("100"),
         d(2025, 4, 10)),
    ]:
        s = doc.node("ownership", key, L.Ownership,
                     label=f"{name(owner)} owns {share} % of {name(owned)}")
        doc.add(s, L.owner, owner)
        doc.add(s, L.ownedAsset, owned)
        doc.add(s, L.percentage, share)
        doc.add(s, L.startDate, start)
    s = doc.node("family", "mendivil-tirado", L.FamilyRelationship,
                 label="Rosa Elena Tirado Valenzuela is the cousin of Julián Mendívil Ochoa")
    doc.add(s, L.person, person("julian-mendivil"))
    doc.add(s, L.relative, person("rosa-tirado"))
    doc.add(s, L.relationshipKind, "cousin")

    doc.section("Facilitation roles (one node per facilitator, network and engagement)")
    for key, who, network, services, pathways, where, start, end in FACILITATIONS:
        s = doc.node("facilitation", key, L.Facilitation,
                     label=role_label(who, services, org(network)))
        doc.add(s, L.facilitator, who)
        doc.add(s, L.servedNetwork, org(network))
        doc.add(s, L.service, *services)
        doc.add(s, L.facilitatedPathway, *(pathway(p) for p in pathways))
        doc.add(s, L.place, place(where) if where else None)
        doc.add(s, L.startDate, start)
        doc.add(s, L.endDate, end)

    doc.section("Pathway use: which network moves which commodity on which pathway")
    for key, network, path, commodity, start in PATHWAY_USES:
        s = doc.node("pathway-use", key, L.PathwayUse,
                     label=f"{name(org(network))} moves {COMMODITIES[commodity]} on the "
                           f"{name(pathway(path)).split(':')[0]}")
        doc.add(s, L.network, org(network))
        doc.add(s, L.pathway, pathway(path))
        doc.add(s, L.commodity, commodity)
        doc.add(s, L.startDate, start)

    doc.section("Investigation led by HSI, with participating agencies and a partner unit")
    s = doc.node("investigation", "quetzal-shadow", L.Investigation,
                 label="Operation Quetzal Shadow")
    doc.add(s, L.caseNumber, "TU02QR24TU0017")
    doc.add(s, L.leadAgency, agency("ice-hsi"))
    doc.add(s, L.participatingAgency, agency("cbp"), agency("dea"), agency("usao-az"),
            agency("jtf-north"))
    doc.add(s, L.partnerUnit, agency("gt-tciu"))
    doc.add(s, L.coordinationGroup, iri("group", "arizona-best"))
    doc.add(s, L.startDate, d(2024, 9, 3))
    doc.add(s, L.target, org("valle-dorado"), org("centinelas"), person("hector-ibarra"),
            person("ramiro-castaneda"), company("comercializadora-agricola"),
            company("pacific-fresh"), pathway("pacific-nogales"))
    g = doc.node("group", "arizona-best", L.CoordinationGroup,
                 label="Arizona Border Enforcement Security Task Force (BEST)")
    doc.add(g, L.memberAgency, agency("ice-hsi"), agency("cbp"), agency("dea"))

    doc.section("Designations (fictional)")
    prog = doc.node("programme", "sdntk", L.SanctionsProgramme,
                    label="Narcotics Trafficking Kingpin sanctions (SDNTK)")
    doc.add(prog, L.programmeCode, "SDNTK")
    doc.add(prog, L.authority, agency("ofac"))
    prog = doc.node("programme", "sdgt", L.SanctionsProgramme,
                    label="Specially Designated Global Terrorists (SDGT)")
    doc.add(prog, L.programmeCode, "SDGT")
    doc.add(prog, L.authority, agency("ofac"))
    for key, target, programme, when in [
        ("valle-dorado-sdntk", org("valle-dorado"), "sdntk", d(2024, 12, 12)),
        ("benitez-sdntk", person("aurelio-benitez"), "sdntk", d(2024, 12, 12)),
        ("ardent-dawn-sdgt", org("ardent-dawn"), "sdgt", d(2021, 5, 4)),
    ]:
        s = doc.node("sanction", key, L.Sanction,
                     label=f"OFAC designation of {name(target)} ({programme.upper()})")
        doc.add(s, L.sanctionedEntity, target)
        doc.add(s, L.programme, iri("programme", programme))
        doc.add(s, L.authority, agency("ofac"))
        doc.add(s, L.date, when)
