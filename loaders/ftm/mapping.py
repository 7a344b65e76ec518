"""One FollowTheMoney entity -> RDF, through the ontology's alignment tables.

Entities are keyed ``{base}entity/{source}/{ftm id}``; every statement of an entity has the
entity as subject, so a delta (MOD, DEL) withdraws it completely by naming that one node.
Shared nodes it points to (countries, places, programmes, authorities) are keyed by content.

>>> from followthemoney import model
>>> p = model.get_proxy({"id": "x1", "schema": "Person", "properties": {
...     "name": ["Ana Ruiz"], "birthDate": ["1970"], "nationality": ["mx"]}})
>>> g, subjects = map_proxy(p, "demo")
>>> sorted(p.fragment for p in g.predicates(entity_iri("demo", "x1")) if p.fragment)
['hasIdentifier', 'label', 'nationality', 'type', 'yearOfBirth']
"""

from __future__ import annotations

import re

from followthemoney.property import Property
from followthemoney.proxy import EntityProxy
from rdflib import RDF, RDFS, XSD, Literal, URIRef

from ipas.namespace import IPAS
from ipas.security.markings import parse_marking
from ipas.sources import LoadOptions, Triples
from loaders._iri import digest_key, mint
from loaders._rdf import add_typed, country, keep_single, parse_date, place
from loaders.ftm.alignment import Alignment, load_alignment

#: FTM topics (https://followthemoney.tech) that say an organization is a criminal network.
CRIME_TOPICS = frozenset({"crime", "crime.traffick", "crime.traffick.drug",
                          "crime.traffick.human"})
OFAC_NAMES = frozenset({"ofac", "office of foreign assets control"})
#: Classes a referencing entity may assert of the entity it points to (always true of it:
#: the holder of an Occupancy holds a public office, so is a government official).
STUB_CLASSES = frozenset({IPAS.Address, IPAS.Actor, IPAS.Person, IPAS.Organization,
                          IPAS.FinancialInstitution, IPAS.Account, IPAS.GovernmentOfficial,
                          IPAS.PublicOffice})
NOTE_PROPS = frozenset({"notes", "description", "summary"})
#: FTM's converted amounts and the currency their name implies; ``amount`` takes ``currency``.
CONVERTED = {"amountEur": "EUR", "amountUsd": "USD"}
AMOUNT_PROPS = frozenset({"amount", "currency", *CONVERTED})
#: Sanction properties read by :func:`_programme`, not one by one.
PROGRAMME_PROPS = frozenset({"programId", "program"})
#: FTM identifier properties the ontology has a scheme for (the others: ``Scheme_Other``).
ID_SCHEMES: dict[str, URIRef] = {
    "taxNumber": IPAS.Scheme_TaxNumber, "innCode": IPAS.Scheme_TaxNumber,
    "vatCode": IPAS.Scheme_TaxNumber, "irsCode": IPAS.Scheme_TaxNumber,
    "registrationNumber": IPAS.Scheme_RegistrationNumber,
    "ogrnCode": IPAS.Scheme_RegistrationNumber, "uscCode": IPAS.Scheme_RegistrationNumber,
    "leiCode": IPAS.Scheme_Lei, "imoNumber": IPAS.Scheme_ImoNumber,
    "idNumber": IPAS.Scheme_NationalId, "socialSecurityNumber": IPAS.Scheme_NationalId,
}
#: FTM identifier properties that classify rather than identify (a Russian KPP is shared by
#: every company registered for the same reason at the same tax office; OKVED is an activity
#: class, COATO a territory, FNS a tax office): comments, or they would link strangers.
CLASSIFIERS = frozenset({"kppCode", "okvedCode", "coatoCode", "fnsCode"})
_IMO = re.compile(r"^(?:IMO)?\s*([0-9]{7})$", re.I)
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def entity_iri(source: str, entity_id: str) -> URIRef:
    return mint("entity", source, entity_id)


def refine(cls: URIRef, proxy: EntityProxy) -> URIRef:
    """Narrow Organization/Person by FTM topics (a criminal network, a public official)."""
    topics = set(proxy.get("topics", quiet=True))
    if cls == IPAS.Organization and "crime.terror" in topics:
        return IPAS.TerroristOrganization
    if cls == IPAS.Organization and topics & CRIME_TOPICS:
        return IPAS.CriminalOrganization
    if cls == IPAS.Person and "role.pep" in topics:
        return IPAS.GovernmentOfficial
    return cls


def _object(g: Triples, a: Alignment, prop: Property, target: URIRef, value: str,
            source: str) -> URIRef | None:
    if prop.type.name == "entity":
        return entity_iri(source, value)
    rng = a.ranges.get(target)
    if rng == IPAS.Country or prop.type.name == "country":
        return country(g, value)
    if rng == IPAS.Location or rng == IPAS.Address:
        return place(g, source, value)
    if rng == IPAS.SanctionsProgramme:
        return None  # built once per sanction from programId/program, see _programme
    if rng in (IPAS.Organization, IPAS.Actor):
        if " ".join(value.lower().split()) in OFAC_NAMES:  # the same node the ofac loader uses
            node = mint("agency", "ofac", "OFAC")
            g.add((node, RDF.type, IPAS.Agency))
            g.add((node, RDFS.label, Literal(value)))
            return node
        node = mint("organization", source, digest_key(value))
        g.add((node, RDF.type, IPAS.Organization))
        g.add((node, RDFS.label, Literal(value)))
        return node
    return None


def _literal(g: Triples, node: URIRef, target: URIRef, rng: URIRef | None, value: str) -> None:
    if rng == XSD.date:
        parsed = parse_date(value)
        if parsed and parsed[0] == "date":
            g.add((node, target, Literal(parsed[1], datatype=XSD.date)))
        elif parsed and target == IPAS.dateOfBirth:
            g.add((node, IPAS.yearOfBirth, Literal(parsed[1], datatype=XSD.gYear)))
        else:
            g.add((node, RDFS.comment, Literal(f"{target.fragment}: {value}")))
    elif rng in (XSD.decimal, XSD.integer, XSD.anyURI, XSD.boolean):
        if not add_typed(g, node, target, value.replace(",", ""), rng):
            g.add((node, RDFS.comment, Literal(f"{target.fragment}: {value}")))
    elif target == IPAS.imoNumber:  # FTM writes IMO numbers "IMO9116412"; IPAS the digits
        imo = _IMO.match(value.strip())
        g.add((node, target, Literal(imo[1])) if imo else
              (node, RDFS.comment, Literal(f"IMO number: {value}")))
    else:
        g.add((node, target, Literal(value)))


def programme_code(text: str) -> str:
    """A programme code the shapes accept, from FTM's programId or programme name.

    >>> programme_code("Autonomous (Russia)"), programme_code("US-RUSHAR")
    ('AUTONOMOUS-RUSSIA', 'US-RUSHAR')
    """
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip("-").upper()


def _programme(g: Triples, node: URIRef, proxy: EntityProxy, source: str) -> None:
    ids = proxy.get("programId", quiet=True)
    names = proxy.get("program", quiet=True)
    code = programme_code((ids or names or [""])[0])
    if not code:
        return
    programme = mint("programme", source, code)
    g.add((programme, RDF.type, IPAS.SanctionsProgramme))
    g.add((programme, IPAS.programmeCode, Literal(code)))
    g.add((programme, RDFS.label, Literal(names[0] if names else code)))
    g.add((node, IPAS.programme, programme))


def amount_pairs(proxy: EntityProxy) -> list[tuple[str, str]]:
    """Every ``(amount, currency)`` an FTM value states, the source's own currency first.

    ``amount`` is in ``currency`` (and is left out when no currency is given); ``amountEur``
    and ``amountUsd`` are in EUR and USD, whatever ``currency`` says.

    >>> from followthemoney import model
    >>> p = model.get_proxy({"id": "p1", "schema": "Payment",
    ...     "properties": {"amountEur": ["1500.5"], "amountUsd": ["1650"]}})
    >>> amount_pairs(p)
    [('1500.5', 'EUR'), ('1650', 'USD')]
    """
    currencies = [c.strip().upper() for c in proxy.get("currency", quiet=True) if c.strip()]
    pairs: list[tuple[str, str]] = []
    if len(currencies) == 1:
        pairs += [(v, currencies[0]) for v in proxy.get("amount", quiet=True)]
    for prop, code in CONVERTED.items():
        pairs += [(v, code) for v in proxy.get(prop, quiet=True)]
    return [(v.replace(",", "").strip(), c) for v, c in pairs if v.strip()]


def _amounts(g: Triples, node: URIRef, proxy: EntityProxy) -> None:
    """One ``ipas:amount`` with its ``ipas:currency`` (the first pair); the others, and an
    amount whose currency is unknown, stay readable in ``rdfs:comment``."""
    pairs = amount_pairs(proxy)
    for n, (value, code) in enumerate(pairs):
        if n == 0 and add_typed(g, node, IPAS.amount, value, XSD.decimal):
            g.add((node, IPAS.currency, Literal(code)))
        else:
            g.add((node, RDFS.comment, Literal(f"amount: {value} {code}")))
    currencies = proxy.get("currency", quiet=True)
    if len(currencies) != 1:  # an amount whose currency is unknown or ambiguous
        for value in proxy.get("amount", quiet=True):
            text = f"amount: {value} {' / '.join(currencies)}".rstrip()
            g.add((node, RDFS.comment, Literal(text)))


def _special(g: Triples, a: Alignment, cls: URIRef, node: URIRef, proxy: EntityProxy,
             name: str, value: str, source: str, subjects: set[URIRef]) -> bool:
    """FTM properties with no alignment that still say something the ontology has: an
    address written as text (when the entity has no address entity) and a sanction's
    listing date (when it gives no start date). True when ``value`` was used."""
    if name == "address" and a.fits(cls, IPAS.address) and not proxy.get(
            "addressEntity", quiet=True):
        addr = mint("address", source, digest_key(" ".join(value.split())))
        g.add((addr, RDF.type, IPAS.Address))
        g.add((addr, IPAS.fullAddress, Literal(" ".join(value.split()))))
        g.add((addr, RDFS.label, Literal(" ".join(value.split()))))
        g.add((node, IPAS.address, addr))
        subjects.add(addr)
        return True
    if name == "listingDate" and cls == IPAS.Sanction and not proxy.get("startDate", quiet=True):
        _literal(g, node, IPAS.startDate, XSD.date, value)
        return True
    return False


def _unmapped(g: Triples, a: Alignment, cls: URIRef, node: URIRef, prop: Property,
              value: str, source: str, subjects: set[URIRef]) -> None:
    """A value the ontology has no property for on this class is never dropped: a register
    or tax number becomes an ``ipas:Identifier`` with its scheme, a web page
    ``rdfs:seeAlso``, anything else stays readable as ``rdfs:comment`` ("operator: NK-o2")."""
    if prop.name == "indexText":  # FTM's own search text, not a statement of the source
        return
    if prop.type.name == "identifier" and a.fits(cls, IPAS.hasIdentifier) and (
            prop.name not in PROGRAMME_PROPS | CLASSIFIERS):  # those name a list or a class
        ident = mint("identifier", source, digest_key(str(node), prop.name, value))
        g.add((ident, RDF.type, IPAS.Identifier))
        g.add((ident, IPAS.identifierValue, Literal(value)))
        g.add((ident, IPAS.identifierScheme, ID_SCHEMES.get(prop.name, IPAS.Scheme_Other)))
        g.add((ident, RDFS.label, Literal(f"{prop.label} {value}")))
        g.add((node, IPAS.hasIdentifier, ident))
        subjects.add(ident)
    elif prop.type.name == "url" and _URL.match(value):
        g.add((node, RDFS.seeAlso, URIRef(value)))
    else:
        g.add((node, RDFS.comment, Literal(f"{prop.label}: {value}")))


def _meta(g: Triples, a: Alignment, cls: URIRef, node: URIRef,
          meta: tuple[tuple[str, str], ...], source: str, subjects: set[URIRef]) -> None:
    """The publisher's fields: referents as OpenSanctions ids of the entity (so a party
    matched in two releases or datasets meets by id), the rest one readable comment."""
    rest: dict[str, list[str]] = {}
    for name, value in meta:
        if name == "referents" and a.fits(cls, IPAS.hasIdentifier):
            ident = mint("identifier", source, value)
            g.add((ident, RDF.type, IPAS.Identifier))
            g.add((ident, IPAS.identifierValue, Literal(value)))
            g.add((ident, IPAS.identifierScheme, IPAS.Scheme_OpenSanctionsId))
            g.add((node, IPAS.hasIdentifier, ident))
            subjects.add(ident)
        else:
            rest.setdefault(name, []).append(value)
    if rest:
        text = "; ".join(f"{k}: {', '.join(v)}" for k, v in rest.items())
        g.add((node, RDFS.comment, Literal(f"OpenSanctions {text}")))


def _stub(g: Triples, a: Alignment, target: URIRef, obj: URIRef) -> None:
    """Type a referenced entity by the property's declared range where being at that end of
    the link makes the class true (the bank of an account is a financial institution), so the
    link validates even when the entity itself is in another file or batch."""
    cls = a.ranges.get(target)
    if cls in STUB_CLASSES:
        g.add((obj, RDF.type, cls))


def graded(g: Triples, node: URIRef, options: LoadOptions) -> None:
    """An FTM Article as an open-source intelligence report: the load's marking, and its
    Admiralty grades (the load's ``--reliability`` / ``--credibility``, else F and 6, "cannot
    be judged": FTM carries none).

    >>> g = Triples()
    >>> graded(g, URIRef("urn:x:article"), LoadOptions(marking="green", reliability="b"))
    >>> sorted(str(o).rsplit("#")[-1] for _, _, o in g)
    ['6', 'B', 'Source_OpenSource', 'TLP_GREEN']
    """
    level = parse_marking(options.marking).value.split(":", 1)[1].replace("+", "_")
    g.add((node, IPAS.marking, IPAS[f"TLP_{level}"]))
    g.add((node, IPAS.sourceType, IPAS.Source_OpenSource))
    g.add((node, IPAS.sourceReliability, Literal((options.reliability or "F").upper())))
    credibility = options.credibility or "6"
    if credibility.isdigit():
        g.add((node, IPAS.informationCredibility, Literal(int(credibility), datatype=XSD.integer)))


def map_proxy(
    proxy: EntityProxy, source: str, caption: str | None = None,
    meta: tuple[tuple[str, str], ...] = (), options: LoadOptions | None = None,
) -> tuple[Triples, set[URIRef]]:
    """The graph and focus nodes of one entity; raises ``ValueError`` if it has no class.
    ``meta`` holds the publisher's top-level fields (datasets, referents, first and last
    seen): referents are the publisher's ids of the same entity in its sources."""
    a = load_alignment()
    cls = a.schema_class(proxy.schema.name)
    if cls is None:
        raise ValueError(f"unmapped schema {proxy.schema.name}: the ontology has no "
                         "counterpart")
    cls = refine(cls, proxy)
    g = Triples()
    node = entity_iri(source, proxy.id or "")
    subjects = {node}
    g.add((node, RDF.type, cls))
    caption = caption or proxy.caption
    if caption and caption != proxy.schema.label:
        g.add((node, RDFS.label, Literal(caption)))
    for prop, value in proxy.itervalues():
        if prop.name == "name":
            if value != caption:
                g.add((node, IPAS.alias, Literal(value)))
            continue
        if prop.name in NOTE_PROPS:
            g.add((node, RDFS.comment, Literal(value)))
            continue
        if prop.name in AMOUNT_PROPS and a.fits(cls, IPAS.amount):
            continue  # paired with their currency below
        if prop.name in PROGRAMME_PROPS and cls == IPAS.Sanction:
            continue  # one programme per sanction, see _programme
        if _special(g, a, cls, node, proxy, prop.name, value, source, subjects):
            continue
        target = a.prop(prop.qname)
        if target is None or not a.fits(cls, target):
            _unmapped(g, a, cls, node, prop, value, source, subjects)
        elif target in a.object_props:
            obj = _object(g, a, prop, target, value, source)
            if obj is not None:
                g.add((node, target, obj))
                if prop.type.name == "entity":
                    _stub(g, a, target, obj)
            else:  # a value the IPAS range cannot hold as a node (a programme id on a party)
                _unmapped(g, a, cls, node, prop, value, source, subjects)
        else:
            _literal(g, node, target, a.ranges.get(target), value)
    if cls == IPAS.Sanction:
        _programme(g, node, proxy, source)
    if cls == IPAS.IntelligenceReport:
        graded(g, node, options or LoadOptions())
    if a.fits(cls, IPAS.amount):
        _amounts(g, node, proxy)
    keep_single(g, node)
    _meta(g, a, cls, node, meta, source, subjects)
    if a.fits(cls, IPAS.hasIdentifier) and proxy.id:
        ident = mint("identifier", source, proxy.id)
        g.add((ident, RDF.type, IPAS.Identifier))
        g.add((ident, IPAS.identifierValue, Literal(proxy.id)))
        g.add((ident, IPAS.identifierScheme, IPAS.Scheme_OpenSanctionsId))
        g.add((node, IPAS.hasIdentifier, ident))
        subjects.add(ident)
    return g, subjects
