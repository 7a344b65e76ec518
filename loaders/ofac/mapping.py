"""An OFAC list entry -> RDF: the actor or conveyance, its names, identifiers, addresses,
designations and ``Linked To:`` associations.

Entries are keyed ``{base}party/ofac/{ent_num}`` ("party" is OFAC's word for a list entry):
the kind does not depend on the entry type, so a comments or aliases file loaded without its
``sdn.csv`` still extends the right node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from ipas.namespace import IPAS
from ipas.sources import LoadOptions, Triples
from loaders._iri import digest_key, mint
from loaders._rdf import (
    add_text,
    add_typed,
    country,
    date_literal,
    keep_single,
    parse_date,
    place,
)
from loaders.ofac.files import Address, Entry, ListSet
from loaders.ofac.programmes import table
from loaders.ofac.remarks import Identifier, Remarks, parse_remarks

SOURCE = "ofac"

_IMO = re.compile(r"^[0-9]{7}$")
_BANK = re.compile(r"\b(BANK|BANCO|BANQUE|BANCA|EXCHANGE HOUSE|CASA DE CAMBIO)\b", re.I)

#: Remark identifier labels -> the ontology's identifier schemes (others: Scheme_Other).
SCHEMES: dict[str, URIRef] = {
    "Tax ID No.": IPAS.Scheme_TaxNumber, "Tax ID No": IPAS.Scheme_TaxNumber,
    "R.F.C.": IPAS.Scheme_TaxNumber, "RFC": IPAS.Scheme_TaxNumber,
    "NIT #": IPAS.Scheme_TaxNumber, "RUC #": IPAS.Scheme_TaxNumber,
    "US FEIN": IPAS.Scheme_TaxNumber, "V.A.T. Number": IPAS.Scheme_TaxNumber,
    "Italian Fiscal Code": IPAS.Scheme_TaxNumber, "RTN": IPAS.Scheme_TaxNumber,
    "Registration ID": IPAS.Scheme_RegistrationNumber,
    "Registration Number": IPAS.Scheme_RegistrationNumber,
    "Company Number": IPAS.Scheme_RegistrationNumber,
    "UK Company Number": IPAS.Scheme_RegistrationNumber,
    "Folio Mercantil No.": IPAS.Scheme_RegistrationNumber,
    "Matricula Mercantil No": IPAS.Scheme_RegistrationNumber,
    "Commercial Registry Number": IPAS.Scheme_RegistrationNumber,
    "Government Gazette Number": IPAS.Scheme_RegistrationNumber,
    "Certificate of Incorporation Number": IPAS.Scheme_RegistrationNumber,
    "Chamber of Commerce Number": IPAS.Scheme_RegistrationNumber,
    "Business Registration Document #": IPAS.Scheme_RegistrationNumber,
    "Unified Social Credit Code (USCC)": IPAS.Scheme_RegistrationNumber,
    "Trade License No.": IPAS.Scheme_RegistrationNumber,
    "C.R. No.": IPAS.Scheme_RegistrationNumber,
    "National ID No.": IPAS.Scheme_NationalId, "Cedula No.": IPAS.Scheme_NationalId,
    "C.U.R.P.": IPAS.Scheme_NationalId, "D.N.I.": IPAS.Scheme_NationalId,
    "SSN": IPAS.Scheme_NationalId, "Personal ID Card": IPAS.Scheme_NationalId,
    "Identification Number": IPAS.Scheme_NationalId,
    "Vessel Registration Identification": IPAS.Scheme_ImoNumber, "IMO": IPAS.Scheme_ImoNumber,
    "Legal Entity Number": IPAS.Scheme_Lei,
}
PASSPORTS = frozenset({"Passport", "Diplomatic Passport"})
NATIONAL_ID_CARDS = frozenset({"National ID No.", "Cedula No.", "D.N.I.", "Personal ID Card"})


def entry_classes(entry: Entry) -> list[URIRef]:
    """The most specific classes the entry's type, programmes and name honestly support; the
    first is the main one. Programme-implied classes come from ``programmes.yaml``.

    >>> from loaders.ofac.files import Entry
    >>> from ipas.sources import SourcePosition
    >>> e = Entry("sdn", "1", "KINAHAN ORGANIZED CRIME GROUP", None, ["TCO"], None, {}, "",
    ...           SourcePosition("sdn.csv"))
    >>> [c.fragment for c in entry_classes(e)]
    ['CriminalOrganization']
    """
    if entry.sdn_type == "individual":
        return [IPAS.Person]
    if entry.sdn_type == "vessel":
        return [IPAS.Vessel]
    if entry.sdn_type == "aircraft":
        return [IPAS.Aircraft]
    if entry.untyped:  # only a legal form in the name says more than "an actor"
        return [IPAS.Company] if table().legal_form(entry.name) else [IPAS.Actor]
    implied = table().classes(entry.name, [a.name for a in entry.aliases], entry.programs)
    if implied:
        return implied
    if _BANK.search(entry.name):
        return [IPAS.FinancialInstitution]
    if table().is_company(entry.name):
        return [IPAS.Company]
    return [IPAS.Organization]


def party(ent_num: str) -> URIRef:
    return mint("party", SOURCE, ent_num)


@dataclass
class Mapped:
    """The graph of one entry, its focus nodes and the Linked To names it could not resolve."""

    graph: Triples
    subjects: set[URIRef] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)
    options: LoadOptions = field(default_factory=LoadOptions)


def _authority(g: Triples) -> URIRef:
    node = mint("agency", SOURCE, "OFAC")
    g.add((node, RDF.type, IPAS.Agency))
    label = "Office of Foreign Assets Control (U.S. Treasury)"
    g.add((node, RDFS.label, Literal(label, lang="en")))
    return node


def _identifier(m: Mapped, node: URIRef, entry: Entry, ident: Identifier) -> None:
    g = m.graph
    key = f"{entry.ent_num}-{digest_key(ident.scheme, ident.value)}"
    issuer = country(g, ident.country)
    if ident.scheme in PASSPORTS or ident.scheme in NATIONAL_ID_CARDS:
        doc = mint("document", SOURCE, key)
        cls = IPAS.Passport if ident.scheme in PASSPORTS else IPAS.NationalIdentityCard
        g.add((doc, RDF.type, cls))
        g.add((doc, IPAS.identifierValue, Literal(ident.value)))
        g.add((doc, RDFS.label, Literal(f"{ident.scheme} {ident.value}")))
        g.add((doc, IPAS.documentHolder, node))
        g.add((node, IPAS.hasIdentityDocument, doc))
        for prop, text in ((IPAS.issueDate, ident.issued), (IPAS.expiryDate, ident.expires)):
            lit = date_literal(text) if text else None
            if lit is not None:
                g.add((doc, prop, lit))
        if issuer is not None:
            g.add((doc, IPAS.issuingCountry, issuer))
        m.subjects.add(doc)
        if ident.scheme not in NATIONAL_ID_CARDS:
            return
    ident_node = mint("identifier", SOURCE, key)
    g.add((ident_node, RDF.type, IPAS.Identifier))
    g.add((ident_node, IPAS.identifierValue, Literal(ident.value)))
    g.add((ident_node, IPAS.identifierScheme, SCHEMES.get(ident.scheme, IPAS.Scheme_Other)))
    g.add((ident_node, RDFS.label, Literal(f"{ident.scheme} {ident.value}")))
    if issuer is not None:
        g.add((ident_node, IPAS.issuingCountry, issuer))
    g.add((node, IPAS.hasIdentifier, ident_node))
    m.subjects.add(ident_node)


def _organization(g: Triples, node: URIRef, classes: list[URIRef], r: Remarks) -> None:
    """What lists since 2020 say of an organization: "Organization Established Date" (its
    incorporation) and "Target Type Financial Institution" (a bank, exchange or payment
    firm whose name does not say so)."""
    if IPAS.Actor in classes:  # an untyped CSL row: not known to be an organization
        return
    for text in r.established:
        parsed = parse_date(text)
        if parsed and parsed[0] == "date":
            g.add((node, IPAS.incorporationDate, Literal(parsed[1], datatype=XSD.date)))
    bank = any("financial institution" in t.lower() for t in r.target_types)
    if bank and IPAS.FinancialInstitution not in classes:
        g.add((node, RDF.type, IPAS.FinancialInstitution))


def _person(g: Triples, node: URIRef, entry: Entry, r: Remarks) -> None:
    family, _, given = entry.name.partition(",")
    if given.strip():
        g.add((node, IPAS.familyName, Literal(family.strip())))
        g.add((node, IPAS.givenName, Literal(given.strip())))
    for text in r.births:
        parsed = parse_date(text)
        if parsed and parsed[0] == "date":
            g.add((node, IPAS.dateOfBirth, Literal(parsed[1], datatype=XSD.date)))
        elif parsed:
            g.add((node, IPAS.yearOfBirth, Literal(parsed[1], datatype=XSD.gYear)))
        if not parsed or text.lower().startswith("circa") or " to " in text:
            g.add((node, RDFS.comment, Literal(f"DOB {text}")))
    for text in r.birth_places:
        g.add((node, IPAS.placeOfBirth, place(g, SOURCE, text)))
    for prop, values in ((IPAS.nationality, r.nationalities), (IPAS.citizenship, r.citizenships)):
        for text in values:
            where = country(g, text)
            if where is not None:
                g.add((node, prop, where))
            else:
                g.add((node, RDFS.comment, Literal(f"{prop.fragment} {text}")))
    add_text(g, node, IPAS.gender, r.gender.lower() if r.gender else None)
    for title in [entry.title, *r.titles]:
        add_text(g, node, IPAS.position, title)


#: Normalised name -> (ent_num, SDN_Type, is a criminal network, is a terrorist organization)
#: of the entries of one load, for resolving ``Linked To:``.
NameIndex = dict[str, tuple[str, str | None, bool, bool]]
#: Classes of the networks a ``Linked To:`` makes an entry the associate of.
NETWORK_CLASSES = frozenset({IPAS.CriminalOrganization, IPAS.Cartel, IPAS.Gang,
                             IPAS.TraffickingEnterprise, IPAS.SmugglingRing, IPAS.CriminalCell})


def name_index(lists: dict[str, ListSet] | Iterable[Entry]) -> NameIndex:
    """Primary names and aliases of every entry in the load (the lists' entries, or the
    entries given, read once as they come); ambiguous names are left out."""
    index: NameIndex = {}
    ambiguous: set[str] = set()
    groups = ([list(ls.entries.values()) for ls in lists.values()] if isinstance(lists, dict)
              else [lists])
    for entries in groups:
        for entry in entries:
            for name in [entry.name] + [a.name for a in entry.aliases]:
                key = normalise_name(name)
                if key in index and index[key][0] != entry.ent_num:
                    ambiguous.add(key)
                classes = entry_classes(entry)
                network = bool(NETWORK_CLASSES.intersection(classes))
                terrorist = IPAS.TerroristOrganization in classes
                index.setdefault(key, (entry.ent_num, entry.sdn_type, network, terrorist))
    for key in ambiguous:
        del index[key]
    return index


def map_entry(entry: Entry, names: NameIndex, options: LoadOptions | None = None) -> Mapped:
    """Map one entry; ``names`` resolves ``Linked To:`` names to the entries they name;
    ``options`` grade the designation report a terrorism nexus rests on."""
    g = Triples()
    m = Mapped(g, options=options or LoadOptions())
    node = party(entry.ent_num)
    m.subjects.add(node)
    r = parse_remarks(entry.remarks)
    if entry.has_primary:
        classes = entry_classes(entry)
        cls = classes[0]
        for c in classes:
            g.add((node, RDF.type, c))
        g.add((node, RDFS.label, Literal(entry.name)))
        for topic in table().topics(entry.programs):
            g.add((node, IPAS.topic, Literal(topic)))
        if NETWORK_CLASSES.intersection(classes):
            for commodity in table().commodities(entry.programs):
                g.add((node, IPAS.dealsIn, commodity))
        form = None if entry.sdn_type else table().legal_form(entry.name)
        if form is not None:
            g.add((node, IPAS.legalForm, Literal(form)))
        ofac_id = mint("identifier", SOURCE, f"{entry.ent_num}-ent_num")
        g.add((ofac_id, RDF.type, IPAS.Identifier))
        g.add((ofac_id, IPAS.identifierValue, Literal(entry.ent_num)))
        g.add((ofac_id, IPAS.identifierScheme, IPAS.Scheme_OfacEntityNumber))
        g.add((node, IPAS.hasIdentifier, ofac_id))
        m.subjects.add(ofac_id)
        if cls == IPAS.Person:
            _person(g, node, entry, r)
        elif cls not in (IPAS.Vessel, IPAS.Aircraft):
            _organization(g, node, classes, r)
        _designations(m, node, entry)
        if cls in (IPAS.Vessel, IPAS.Aircraft):
            _conveyance(g, node, cls, entry, r)
    if entry.remarks.strip():
        g.add((node, RDFS.comment, Literal(entry.remarks.strip())))
    for alias in entry.aliases:
        prop = IPAS.previousName if alias.kind == "fka" else IPAS.alias
        g.add((node, prop, Literal(alias.name)))
    for kind, name in r.aliases:
        g.add((node, IPAS.previousName if kind == "fka" else IPAS.alias, Literal(name)))
    for ident in r.identifiers:
        _identifier(m, node, entry, ident)
    for site in r.websites:
        url = site if site.startswith(("http://", "https://")) else f"http://{site}"
        g.add((node, IPAS.website, Literal(url, datatype=XSD.anyURI)))
    for v in r.emails:
        add_text(g, node, IPAS.emailAddress, v)
    for v in r.phones:
        add_text(g, node, IPAS.phoneNumber, v)
    for address in entry.addresses:
        _address(m, node, entry, address)
    for name in r.links:
        _link(m, node, entry, name, names)
    for subject in m.subjects:
        keep_single(g, subject)
    return m


def programme_code(name: str) -> str:
    """OFAC's programme tag as a code the shapes accept (letters, digits, ``-``, ``_``, ``.``).

    >>> programme_code("CAATSA - RUSSIA"), programme_code("SDNTK")
    ('CAATSA-RUSSIA', 'SDNTK')
    """
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9_.-]+", "-", name.strip())).strip("-")


def _conveyance(g: Triples, node: URIRef, cls: URIRef, entry: Entry, r: Remarks) -> None:
    v = entry.vessel
    flags = [v["flag"], *r.flags] if "flag" in v else r.flags
    for text in flags:
        where = country(g, text)
        if where is not None:
            g.add((node, IPAS.flag, where))
    add_text(g, node, IPAS.callSign, v.get("call_sign"))
    if cls == IPAS.Vessel:
        add_text(g, node, IPAS.vesselType, v.get("vessel_type"))
        for key, prop in (("tonnage", IPAS.tonnage), ("grt", IPAS.grossRegisteredTonnage)):
            text = v.get(key, "").replace(",", "")
            if text:
                add_typed(g, node, prop, text, XSD.decimal)
        for ident in r.identifiers:
            imo = ident.value.removeprefix("IMO ").strip()
            if ident.scheme in ("Vessel Registration Identification", "IMO") and _IMO.match(imo):
                g.add((node, IPAS.imoNumber, Literal(imo)))  # else only the Identifier node
            elif ident.scheme == "MMSI":
                g.add((node, IPAS.mmsi, Literal(ident.value)))
    else:
        add_text(g, node, IPAS.model, v.get("vessel_type"))
        for ident in r.identifiers:
            if ident.scheme == "Aircraft Tail Number":
                g.add((node, IPAS.registrationMark, Literal(ident.value)))
        for note in r.notes:
            if note.startswith("Aircraft Model "):
                g.add((node, IPAS.model, Literal(note.removeprefix("Aircraft Model ").strip())))
    add_text(g, node, RDFS.comment, f"Owner: {v['owner']}" if v.get("owner") else None)


def _designations(m: Mapped, node: URIRef, entry: Entry) -> None:
    g = m.graph
    authority = _authority(g)
    for name in entry.programs:
        code = programme_code(name)
        programme = mint("programme", SOURCE, code)
        g.add((programme, RDF.type, IPAS.SanctionsProgramme))
        g.add((programme, IPAS.programmeCode, Literal(code)))
        g.add((programme, RDFS.label, Literal(f"OFAC {name}")))
        g.add((programme, IPAS.authority, authority))
        sanction = mint("sanction", SOURCE, f"{entry.ent_num}-{code}")
        g.add((sanction, RDF.type, IPAS.Sanction))
        g.add((sanction, RDFS.label, Literal(f"{entry.name} ({name})")))
        g.add((sanction, IPAS.sanctionedEntity, node))
        g.add((sanction, IPAS.programme, programme))
        g.add((sanction, IPAS.authority, authority))
        m.subjects.add(sanction)


def _address(m: Mapped, node: URIRef, entry: Entry, address: Address) -> None:
    g = m.graph
    parts = [p for p in (address.street, address.city, address.country) if p]
    if not parts:
        return
    a = mint("address", SOURCE, f"{entry.ent_num}-{address.add_num}")
    g.add((a, RDF.type, IPAS.Address))
    g.add((a, IPAS.fullAddress, Literal(", ".join(parts))))
    g.add((a, RDFS.label, Literal(", ".join(parts))))
    add_text(g, a, IPAS.streetAddress, address.street)
    add_text(g, a, IPAS.addressLocality, address.city)
    add_text(g, a, RDFS.comment, address.remarks)
    where = country(g, address.country)
    if where is not None:
        g.add((a, IPAS.country, where))
        if entry.has_primary and entry.sdn_type not in ("vessel", "aircraft"):
            g.add((node, IPAS.country, where))  # where the actor lives or operates
    g.add((node, IPAS.address, a))
    m.subjects.add(a)


def normalise_name(name: str) -> str:
    """Key for matching ``Linked To:`` names against list names.

    >>> normalise_name(" Cartel  del Norte. ")
    'CARTEL DEL NORTE'
    """
    return " ".join(name.upper().replace(".", " ").split())


def _link(m: Mapped, node: URIRef, entry: Entry, name: str, names: NameIndex) -> None:
    found = names.get(normalise_name(name))
    conveyances = ("vessel", "aircraft")
    if (
        found is None
        or found[0] == entry.ent_num
        or found[1] in conveyances
        or entry.sdn_type in conveyances
    ):
        # Associations join actors; a conveyance's links, and names not on this list, stay text.
        m.unresolved.append(name)
        m.graph.add((node, RDFS.comment, Literal(f"Linked To: {name}")))
        return
    target = found[0]
    g = m.graph
    own = entry_classes(entry)
    if found[2] and not NETWORK_CLASSES.intersection(own):
        _associate(m, node, entry, target)
        return
    if found[3] and IPAS.TerroristOrganization not in own:
        _nexus(m, node, entry, target)
        return
    pair = sorted((entry.ent_num, target), key=lambda k: (not k.isdigit(), k.zfill(12)))
    assoc = mint("association", SOURCE, f"{pair[0]}-{pair[1]}")
    g.add((assoc, RDF.type, IPAS.Association))
    g.add((assoc, IPAS.party, node))
    g.add((assoc, IPAS.party, party(target)))
    # The other entry is an actor (conveyances were set aside above): saying so here lets the
    # link validate when that entry's own record lies in another validation chunk.
    g.add((party(target), RDF.type, IPAS.Actor))
    g.add((assoc, IPAS.relationshipKind, Literal("Linked To (OFAC)")))
    g.add((assoc, RDFS.label, Literal(f"OFAC link {pair[0]}-{pair[1]}")))
    m.subjects.add(assoc)


def _associate(m: Mapped, node: URIRef, entry: Entry, network: str) -> None:
    """``Linked To:`` a criminal network: the entry is its associate, a role distinct from
    membership (OFAC designates it for acting for or supporting the network; the service is
    not stated, except that a financial institution provides financial services)."""
    g = m.graph
    role = mint("facilitation", SOURCE, f"{entry.ent_num}-{network}")
    g.add((role, RDF.type, IPAS.Facilitation))
    g.add((role, IPAS.facilitator, node))
    g.add((role, IPAS.servedNetwork, party(network)))
    # The network's own record may be in another validation chunk: being served makes it one.
    g.add((party(network), RDF.type, IPAS.CriminalOrganization))
    g.add((role, IPAS.roleTitle, Literal("associate")))
    g.add((role, IPAS.relationshipKind, Literal("Linked To (OFAC)")))
    g.add((role, RDFS.label, Literal(f"OFAC link {entry.ent_num}-{network}: associate")))
    if IPAS.FinancialInstitution in entry_classes(entry):
        g.add((role, IPAS.service, IPAS.Service_FinancialServices))
    m.subjects.add(role)


def _nexus(m: Mapped, node: URIRef, entry: Entry, organization: str) -> None:
    """``Linked To:`` a terrorist organization: a terrorism nexus, evidenced by the entry's
    designation (an ``ipas:IntelligenceReport`` of the list, graded by the load's options,
    else F/6 "cannot be judged": the list carries no grades)."""
    g = m.graph
    report = designation_report(m, node, entry)
    nexus = mint("nexus", SOURCE, f"{entry.ent_num}-{organization}")
    g.add((nexus, RDF.type, IPAS.TerrorismNexus))
    g.add((nexus, IPAS.nexusActor, node))
    g.add((nexus, IPAS.terroristOrganization, party(organization)))
    g.add((party(organization), RDF.type, IPAS.TerroristOrganization))
    g.add((nexus, IPAS.supportedBy, report))
    g.add((nexus, IPAS.relationshipKind, Literal("Linked To (OFAC)")))
    g.add((nexus, RDFS.label, Literal(f"OFAC link {entry.ent_num}-{organization}: nexus")))
    m.subjects.add(nexus)


def designation_report(m: Mapped, node: URIRef, entry: Entry) -> URIRef:
    """The entry's designation as the report that evidences what the list says of it."""
    g = m.graph
    report = mint("report", SOURCE, entry.ent_num)
    g.add((report, RDF.type, IPAS.IntelligenceReport))
    g.add((report, RDFS.label, Literal(f"OFAC designation: {entry.name}")))
    g.add((report, IPAS.sourceType, IPAS.Source_OpenSource))
    g.add((report, IPAS.originator, _authority(g)))
    g.add((report, IPAS.mentions, node))
    opts = m.options
    g.add((report, IPAS.sourceReliability, Literal((opts.reliability or "F").upper())))
    credibility = opts.credibility or "6"
    g.add((report, IPAS.informationCredibility, Literal(int(credibility), datatype=XSD.integer)))
    level = opts.marking.upper().removeprefix("TLP:").replace("+", "_")
    g.add((report, IPAS.marking, IPAS[f"TLP_{level}"]))
    m.subjects.add(report)
    return report
