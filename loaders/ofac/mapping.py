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

from rdflib import URIRef

from ipas.namespace import IPAS
from ipas.sources import LoadOptions, Triples
from loaders._iri import digest_key
from loaders._rdf import parse_date
from loaders._terms import (
    NS_IPAS,
    NS_RDF,
    NS_RDFS,
    NS_XSD,
    Graph,
    Node,
    add_text,
    add_typed,
    as_uri,
    country,
    date_literal,
    keep_singles,
    lit,
    mint,
    node_of,
    place,
)
from loaders.ofac.files import Address, Entry, ListSet
from loaders.ofac.programmes import table
from loaders.ofac.remarks import Identifier, Remarks, parse_remarks

SOURCE = "ofac"

_IMO = re.compile(r"^[0-9]{7}$")
_BANK = re.compile(r"\b(BANK|BANCO|BANQUE|BANCA|EXCHANGE HOUSE|CASA DE CAMBIO)\b", re.I)

#: Remark identifier labels -> the ontology's identifier schemes (others: Scheme_Other).
SCHEMES: dict[str, Node] = {
    "Tax ID No.": NS_IPAS.Scheme_TaxNumber, "Tax ID No": NS_IPAS.Scheme_TaxNumber,
    "R.F.C.": NS_IPAS.Scheme_TaxNumber, "RFC": NS_IPAS.Scheme_TaxNumber,
    "NIT #": NS_IPAS.Scheme_TaxNumber, "RUC #": NS_IPAS.Scheme_TaxNumber,
    "US FEIN": NS_IPAS.Scheme_TaxNumber, "V.A.T. Number": NS_IPAS.Scheme_TaxNumber,
    "Italian Fiscal Code": NS_IPAS.Scheme_TaxNumber, "RTN": NS_IPAS.Scheme_TaxNumber,
    "Registration ID": NS_IPAS.Scheme_RegistrationNumber,
    "Registration Number": NS_IPAS.Scheme_RegistrationNumber,
    "Company Number": NS_IPAS.Scheme_RegistrationNumber,
    "UK Company Number": NS_IPAS.Scheme_RegistrationNumber,
    "Folio Mercantil No.": NS_IPAS.Scheme_RegistrationNumber,
    "Matricula Mercantil No": NS_IPAS.Scheme_RegistrationNumber,
    "Commercial Registry Number": NS_IPAS.Scheme_RegistrationNumber,
    "Government Gazette Number": NS_IPAS.Scheme_RegistrationNumber,
    "Certificate of Incorporation Number": NS_IPAS.Scheme_RegistrationNumber,
    "Chamber of Commerce Number": NS_IPAS.Scheme_RegistrationNumber,
    "Business Registration Document #": NS_IPAS.Scheme_RegistrationNumber,
    "Unified Social Credit Code (USCC)": NS_IPAS.Scheme_RegistrationNumber,
    "Trade License No.": NS_IPAS.Scheme_RegistrationNumber,
    "C.R. No.": NS_IPAS.Scheme_RegistrationNumber,
    "National ID No.": NS_IPAS.Scheme_NationalId, "Cedula No.": NS_IPAS.Scheme_NationalId,
    "C.U.R.P.": NS_IPAS.Scheme_NationalId, "D.N.I.": NS_IPAS.Scheme_NationalId,
    "SSN": NS_IPAS.Scheme_NationalId, "Personal ID Card": NS_IPAS.Scheme_NationalId,
    "Identification Number": NS_IPAS.Scheme_NationalId,
    "Vessel Registration Identification": NS_IPAS.Scheme_ImoNumber, "IMO": NS_IPAS.Scheme_ImoNumber,
    "Legal Entity Number": NS_IPAS.Scheme_Lei,
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
    return as_uri(_party(ent_num))


def _party(ent_num: str) -> Node:
    return mint("party", SOURCE, ent_num)


@dataclass
class Mapped:
    """The graph of one entry, its focus nodes and the Linked To names it could not resolve.

    Mapping builds ``g`` and ``nodes`` as engine terms; :func:`map_entry` hands them over as
    ``graph`` and ``subjects``, the record's triples and focus nodes as the pipeline takes them.
    """

    g: Graph
    nodes: set[Node] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)
    options: LoadOptions = field(default_factory=LoadOptions)
    graph: Triples = field(default_factory=Triples)
    subjects: set[URIRef] = field(default_factory=set)


def _authority(g: Graph) -> Node:
    node = mint("agency", SOURCE, "OFAC")
    g.add((node, NS_RDF.type, NS_IPAS.Agency))
    label = "Office of Foreign Assets Control (U.S. Treasury)"
    g.add((node, NS_RDFS.label, lit(label, lang="en")))
    return node


def _identifier(m: Mapped, node: Node, entry: Entry, ident: Identifier) -> None:
    g = m.g
    key = f"{entry.ent_num}-{digest_key(ident.scheme, ident.value)}"
    issuer = country(g, ident.country)
    if ident.scheme in PASSPORTS or ident.scheme in NATIONAL_ID_CARDS:
        doc = mint("document", SOURCE, key)
        cls = NS_IPAS.Passport if ident.scheme in PASSPORTS else NS_IPAS.NationalIdentityCard
        g.add((doc, NS_RDF.type, cls))
        g.add((doc, NS_IPAS.identifierValue, lit(ident.value)))
        g.add((doc, NS_RDFS.label, lit(f"{ident.scheme} {ident.value}")))
        g.add((doc, NS_IPAS.documentHolder, node))
        g.add((node, NS_IPAS.hasIdentityDocument, doc))
        for prop, text in ((NS_IPAS.issueDate, ident.issued), (NS_IPAS.expiryDate, ident.expires)):
            day = date_literal(text) if text else None
            if day is not None:
                g.add((doc, prop, day))
        if issuer is not None:
            g.add((doc, NS_IPAS.issuingCountry, issuer))
        m.nodes.add(doc)
        if ident.scheme not in NATIONAL_ID_CARDS:
            return
    ident_node = mint("identifier", SOURCE, key)
    g.add((ident_node, NS_RDF.type, NS_IPAS.Identifier))
    g.add((ident_node, NS_IPAS.identifierValue, lit(ident.value)))
    g.add((ident_node, NS_IPAS.identifierScheme, SCHEMES.get(ident.scheme, NS_IPAS.Scheme_Other)))
    g.add((ident_node, NS_RDFS.label, lit(f"{ident.scheme} {ident.value}")))
    if issuer is not None:
        g.add((ident_node, NS_IPAS.issuingCountry, issuer))
    g.add((node, NS_IPAS.hasIdentifier, ident_node))
    m.nodes.add(ident_node)


def _organization(g: Graph, node: Node, classes: list[Node], r: Remarks) -> None:
    """What lists since 2020 say of an organization: "Organization Established Date" (its
    incorporation) and "Target Type Financial Institution" (a bank, exchange or payment
    firm whose name does not say so)."""
    if NS_IPAS.Actor in classes:  # an untyped CSL row: not known to be an organization
        return
    for text in r.established:
        parsed = parse_date(text)
        if parsed and parsed[0] == "date":
            g.add((node, NS_IPAS.incorporationDate, lit(parsed[1], NS_XSD.date)))
    bank = any("financial institution" in t.lower() for t in r.target_types)
    if bank and NS_IPAS.FinancialInstitution not in classes:
        g.add((node, NS_RDF.type, NS_IPAS.FinancialInstitution))


def _person(g: Graph, node: Node, entry: Entry, r: Remarks) -> None:
    family, _, given = entry.name.partition(",")
    if given.strip():
        g.add((node, NS_IPAS.familyName, lit(family.strip())))
        g.add((node, NS_IPAS.givenName, lit(given.strip())))
    for text in r.births:
        parsed = parse_date(text)
        if parsed and parsed[0] == "date":
            g.add((node, NS_IPAS.dateOfBirth, lit(parsed[1], NS_XSD.date)))
        elif parsed:
            g.add((node, NS_IPAS.yearOfBirth, lit(parsed[1], NS_XSD.gYear)))
        if not parsed or text.lower().startswith("circa") or " to " in text:
            g.add((node, NS_RDFS.comment, lit(f"DOB {text}")))
    for text in r.birth_places:
        g.add((node, NS_IPAS.placeOfBirth, place(g, SOURCE, text)))
    for prop, values in ((NS_IPAS.nationality, r.nationalities),
                         (NS_IPAS.citizenship, r.citizenships)):
        for text in values:
            where = country(g, text)
            if where is not None:
                g.add((node, prop, where))
            else:
                g.add((node, NS_RDFS.comment, lit(f"{prop.value.partition('#')[2]} {text}")))
    add_text(g, node, NS_IPAS.gender, r.gender.lower() if r.gender else None)
    for title in [entry.title, *r.titles]:
        add_text(g, node, NS_IPAS.position, title)


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
    g = Graph()
    m = Mapped(g, options=options or LoadOptions())
    node = _party(entry.ent_num)
    m.nodes.add(node)
    r = parse_remarks(entry.remarks)
    if entry.has_primary:
        named = entry_classes(entry)
        classes = [node_of(str(c)) for c in named]
        cls = classes[0]
        for c in classes:
            g.add((node, NS_RDF.type, c))
        g.add((node, NS_RDFS.label, lit(entry.name)))
        for topic in table().topics(entry.programs):
            g.add((node, NS_IPAS.topic, lit(topic)))
        if NETWORK_CLASSES.intersection(named):
            for commodity in table().commodities(entry.programs):
                g.add((node, NS_IPAS.dealsIn, node_of(str(commodity))))
        form = None if entry.sdn_type else table().legal_form(entry.name)
        if form is not None:
            g.add((node, NS_IPAS.legalForm, lit(form)))
        ofac_id = mint("identifier", SOURCE, f"{entry.ent_num}-ent_num")
        g.add((ofac_id, NS_RDF.type, NS_IPAS.Identifier))
        g.add((ofac_id, NS_IPAS.identifierValue, lit(entry.ent_num)))
        g.add((ofac_id, NS_IPAS.identifierScheme, NS_IPAS.Scheme_OfacEntityNumber))
        g.add((node, NS_IPAS.hasIdentifier, ofac_id))
        m.nodes.add(ofac_id)
        if cls == NS_IPAS.Person:
            _person(g, node, entry, r)
        elif cls not in (NS_IPAS.Vessel, NS_IPAS.Aircraft):
            _organization(g, node, classes, r)
        _designations(m, node, entry)
        if cls in (NS_IPAS.Vessel, NS_IPAS.Aircraft):
            _conveyance(g, node, cls, entry, r)
    if entry.remarks.strip():
        g.add((node, NS_RDFS.comment, lit(entry.remarks.strip())))
    for alias in entry.aliases:
        prop = NS_IPAS.previousName if alias.kind == "fka" else NS_IPAS.alias
        g.add((node, prop, lit(alias.name)))
    for kind, name in r.aliases:
        g.add((node, NS_IPAS.previousName if kind == "fka" else NS_IPAS.alias, lit(name)))
    for ident in r.identifiers:
        _identifier(m, node, entry, ident)
    for site in r.websites:
        url = site if site.startswith(("http://", "https://")) else f"http://{site}"
        g.add((node, NS_IPAS.website, lit(url, NS_XSD.anyURI)))
    for v in r.emails:
        add_text(g, node, NS_IPAS.emailAddress, v)
    for v in r.phones:
        add_text(g, node, NS_IPAS.phoneNumber, v)
    for address in entry.addresses:
        _address(m, node, entry, address)
    for name in r.links:
        _link(m, node, entry, name, names)
    keep_singles(g, m.nodes)
    m.graph = g.record_triples()
    m.subjects = {as_uri(n) for n in m.nodes}
    return m


def programme_code(name: str) -> str:
    """OFAC's programme tag as a code the shapes accept (letters, digits, ``-``, ``_``, ``.``).

    >>> programme_code("CAATSA - RUSSIA"), programme_code("SDNTK")
    ('CAATSA-RUSSIA', 'SDNTK')
    """
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9_.-]+", "-", name.strip())).strip("-")


def _conveyance(g: Graph, node: Node, cls: Node, entry: Entry, r: Remarks) -> None:
    v = entry.vessel
    flags = [v["flag"], *r.flags] if "flag" in v else r.flags
    for text in flags:
        where = country(g, text)
        if where is not None:
            g.add((node, NS_IPAS.flag, where))
    add_text(g, node, NS_IPAS.callSign, v.get("call_sign"))
    if cls == NS_IPAS.Vessel:
        add_text(g, node, NS_IPAS.vesselType, v.get("vessel_type"))
        for key, prop in (("tonnage", NS_IPAS.tonnage), ("grt", NS_IPAS.grossRegisteredTonnage)):
            text = v.get(key, "").replace(",", "")
            if text:
                add_typed(g, node, prop, text, NS_XSD.decimal)
        for ident in r.identifiers:
            imo = ident.value.removeprefix("IMO ").strip()
            if ident.scheme in ("Vessel Registration Identification", "IMO") and _IMO.match(imo):
                g.add((node, NS_IPAS.imoNumber, lit(imo)))  # else only the Identifier node
            elif ident.scheme == "MMSI":
                g.add((node, NS_IPAS.mmsi, lit(ident.value)))
    else:
        add_text(g, node, NS_IPAS.model, v.get("vessel_type"))
        for ident in r.identifiers:
            if ident.scheme == "Aircraft Tail Number":
                g.add((node, NS_IPAS.registrationMark, lit(ident.value)))
        for note in r.notes:
            if note.startswith("Aircraft Model "):
                g.add((node, NS_IPAS.model, lit(note.removeprefix("Aircraft Model ").strip())))
    add_text(g, node, NS_RDFS.comment, f"Owner: {v['owner']}" if v.get("owner") else None)


def _designations(m: Mapped, node: Node, entry: Entry) -> None:
    g = m.g
    authority = _authority(g)
    for name in entry.programs:
        code = programme_code(name)
        programme = mint("programme", SOURCE, code)
        g.add((programme, NS_RDF.type, NS_IPAS.SanctionsProgramme))
        g.add((programme, NS_IPAS.programmeCode, lit(code)))
        g.add((programme, NS_RDFS.label, lit(f"OFAC {name}")))
        g.add((programme, NS_IPAS.authority, authority))
        sanction = mint("sanction", SOURCE, f"{entry.ent_num}-{code}")
        g.add((sanction, NS_RDF.type, NS_IPAS.Sanction))
        g.add((sanction, NS_RDFS.label, lit(f"{entry.name} ({name})")))
        g.add((sanction, NS_IPAS.sanctionedEntity, node))
        g.add((sanction, NS_IPAS.programme, programme))
        g.add((sanction, NS_IPAS.authority, authority))
        m.nodes.add(sanction)


def _address(m: Mapped, node: Node, entry: Entry, address: Address) -> None:
    g = m.g
    parts = [p for p in (address.street, address.city, address.country) if p]
    if not parts:
        return
    a = mint("address", SOURCE, f"{entry.ent_num}-{address.add_num}")
    g.add((a, NS_RDF.type, NS_IPAS.Address))
    g.add((a, NS_IPAS.fullAddress, lit(", ".join(parts))))
    g.add((a, NS_RDFS.label, lit(", ".join(parts))))
    add_text(g, a, NS_IPAS.streetAddress, address.street)
    add_text(g, a, NS_IPAS.addressLocality, address.city)
    add_text(g, a, NS_RDFS.comment, address.remarks)
    where = country(g, address.country)
    if where is not None:
        g.add((a, NS_IPAS.country, where))
        if entry.has_primary and entry.sdn_type not in ("vessel", "aircraft"):
            g.add((node, NS_IPAS.country, where))  # where the actor lives or operates
    g.add((node, NS_IPAS.address, a))
    m.nodes.add(a)


def normalise_name(name: str) -> str:
    """Key for matching ``Linked To:`` names against list names.

    >>> normalise_name(" Cartel  del Norte. ")
    'CARTEL DEL NORTE'
    """
    return " ".join(name.upper().replace(".", " ").split())


def _link(m: Mapped, node: Node, entry: Entry, name: str, names: NameIndex) -> None:
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
        m.g.add((node, NS_RDFS.comment, lit(f"Linked To: {name}")))
        return
    target = found[0]
    g = m.g
    own = entry_classes(entry)
    if found[2] and not NETWORK_CLASSES.intersection(own):
        _associate(m, node, entry, target)
        return
    if found[3] and IPAS.TerroristOrganization not in own:
        _nexus(m, node, entry, target)
        return
    pair = sorted((entry.ent_num, target), key=lambda k: (not k.isdigit(), k.zfill(12)))
    assoc = mint("association", SOURCE, f"{pair[0]}-{pair[1]}")
    g.add((assoc, NS_RDF.type, NS_IPAS.Association))
    g.add((assoc, NS_IPAS.party, node))
    g.add((assoc, NS_IPAS.party, _party(target)))
    # The other entry is an actor (conveyances were set aside above): saying so here lets the
    # link validate when that entry's own record lies in another validation chunk.
    g.add((_party(target), NS_RDF.type, NS_IPAS.Actor))
    g.add((assoc, NS_IPAS.relationshipKind, lit("Linked To (OFAC)")))
    g.add((assoc, NS_RDFS.label, lit(f"OFAC link {pair[0]}-{pair[1]}")))
    m.nodes.add(assoc)


def _associate(m: Mapped, node: Node, entry: Entry, network: str) -> None:
    """``Linked To:`` a criminal network: the entry is its associate, a role distinct from
    membership (OFAC designates it for acting for or supporting the network; the service is
    not stated, except that a financial institution provides financial services)."""
    g = m.g
    role = mint("facilitation", SOURCE, f"{entry.ent_num}-{network}")
    g.add((role, NS_RDF.type, NS_IPAS.Facilitation))
    g.add((role, NS_IPAS.facilitator, node))
    g.add((role, NS_IPAS.servedNetwork, _party(network)))
    # The network's own record may be in another validation chunk: being served makes it one.
    g.add((_party(network), NS_RDF.type, NS_IPAS.CriminalOrganization))
    g.add((role, NS_IPAS.roleTitle, lit("associate")))
    g.add((role, NS_IPAS.relationshipKind, lit("Linked To (OFAC)")))
    g.add((role, NS_RDFS.label, lit(f"OFAC link {entry.ent_num}-{network}: associate")))
    if IPAS.FinancialInstitution in entry_classes(entry):
        g.add((role, NS_IPAS.service, NS_IPAS.Service_FinancialServices))
    m.nodes.add(role)


def _nexus(m: Mapped, node: Node, entry: Entry, organization: str) -> None:
    """``Linked To:`` a terrorist organization: a terrorism nexus, evidenced by the entry's
    designation (an ``ipas:IntelligenceReport`` of the list, graded by the load's options,
    else F/6 "cannot be judged": the list carries no grades)."""
    g = m.g
    report = designation_report(m, node, entry)
    nexus = mint("nexus", SOURCE, f"{entry.ent_num}-{organization}")
    g.add((nexus, NS_RDF.type, NS_IPAS.TerrorismNexus))
    g.add((nexus, NS_IPAS.nexusActor, node))
    g.add((nexus, NS_IPAS.terroristOrganization, _party(organization)))
    g.add((_party(organization), NS_RDF.type, NS_IPAS.TerroristOrganization))
    g.add((nexus, NS_IPAS.supportedBy, report))
    g.add((nexus, NS_IPAS.relationshipKind, lit("Linked To (OFAC)")))
    g.add((nexus, NS_RDFS.label, lit(f"OFAC link {entry.ent_num}-{organization}: nexus")))
    m.nodes.add(nexus)


def designation_report(m: Mapped, node: Node, entry: Entry) -> Node:
    """The entry's designation as the report that evidences what the list says of it."""
    g = m.g
    report = mint("report", SOURCE, entry.ent_num)
    g.add((report, NS_RDF.type, NS_IPAS.IntelligenceReport))
    g.add((report, NS_RDFS.label, lit(f"OFAC designation: {entry.name}")))
    g.add((report, NS_IPAS.sourceType, NS_IPAS.Source_OpenSource))
    g.add((report, NS_IPAS.originator, _authority(g)))
    g.add((report, NS_IPAS.mentions, node))
    opts = m.options
    g.add((report, NS_IPAS.sourceReliability, lit((opts.reliability or "F").upper())))
    credibility = opts.credibility or "6"
    g.add((report, NS_IPAS.informationCredibility, lit(str(int(credibility)), NS_XSD.integer)))
    level = opts.marking.upper().removeprefix("TLP:").replace("+", "_")
    g.add((report, NS_IPAS.marking, NS_IPAS[f"TLP_{level}"]))
    m.nodes.add(report)
    return report
