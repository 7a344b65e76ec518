"""The FollowTheMoney -> IPAS alignment, read from the ontology (alignments.ttl), not code.

``alignments.ttl`` states ``ipas:Person skos:exactMatch ftm:Person`` and
``ipas:alias skos:exactMatch ftm:Thing:alias``; this module turns those annotations into
lookup tables, so a maintainer who aligns one more FTM term extends the loader with no code
change. The few overrides below settle what the annotations leave ambiguous.

>>> a = load_alignment()
>>> a.schema_class("PublicBody").fragment, a.schema_class("Payment").fragment
('Organization', 'Transfer')
>>> a.prop("Thing:alias").fragment, a.schema_class("Occupancy").fragment
('alias', 'OfficeTenure')
>>> a.schema_class("Note") is None  # FTM's generic roots are not enough
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from followthemoney import model
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.collection import Collection

from ipas.namespace import FTM, IPAS
from ipas.ontology import ontology_graph

#: Where one FTM term is matched by several IPAS terms (or by none that fits), the choice.
CLASS_OVERRIDES: dict[str, URIRef] = {
    "Identification": IPAS.IdentityDocument,  # FTM's holder/number/country: a document
    "Associate": IPAS.Association,
    "Employment": IPAS.Membership,  # as docs/ontology.md describes
    "UnknownLink": IPAS.Association,
}
#: FTM roots too generic to stand for a subtype the ontology does not align.
GENERIC = frozenset({"Thing", "Interval", "Interest", "Value", "Analyzable"})
PROP_OVERRIDES: dict[str, URIRef] = {
    "Associate:person": IPAS.party,
    "Associate:associate": IPAS.party,
    "Associate:relationship": IPAS.relationshipKind,
    "Family:relationship": IPAS.relationshipKind,
    "Interest:role": IPAS.relationshipKind,
    "Directorship:role": IPAS.roleTitle,
    "Identification:number": IPAS.identifierValue,
    "Interval:date": IPAS.date,
    "Employment:employee": IPAS.member,
    "Employment:employer": IPAS.memberOrganization,
    "UnknownLink:subject": IPAS.party,
    "UnknownLink:object": IPAS.party,
    "CryptoWallet:holder": IPAS.holder,
    "CryptoWallet:publicKey": IPAS.accountNumber,
    "CryptoWallet:cryptoAddress": IPAS.accountNumber,
    "CryptoWallet:managingExchange": IPAS.institution,
}


@dataclass(frozen=True)
class Alignment:
    classes: dict[str, URIRef]
    props: dict[str, URIRef]
    domains: dict[URIRef, frozenset[URIRef]]
    ranges: dict[URIRef, URIRef]
    object_props: frozenset[URIRef]
    supers: dict[URIRef, frozenset[URIRef]]

    def schema_class(self, schema_name: str) -> URIRef | None:
        """The IPAS class of an FTM schema, walking up its parents until one is aligned.

        Only FTM's generic roots (Thing, Interval, Interest...) are not enough: a Note would
        become a bare TrackedEntity, so such schemata get None.
        """
        queue = [model.get(schema_name)]
        while queue:
            schema = queue.pop(0)
            if schema is None:
                continue
            if schema.name in GENERIC and schema.name != schema_name:
                continue
            found = CLASS_OVERRIDES.get(schema.name) or self.classes.get(schema.name)
            if found is not None:
                return found
            queue.extend(schema.extends)
        return None

    def prop(self, qname: str) -> URIRef | None:
        return PROP_OVERRIDES.get(qname) or self.props.get(qname)

    def fits(self, cls: URIRef, prop: URIRef) -> bool:
        """Whether ``cls`` lies in ``prop``'s declared domain (no domain: anything fits)."""
        domain = self.domains.get(prop)
        return not domain or bool(domain & self.supers.get(cls, frozenset({cls})))


def _members(g: Graph, node: URIRef) -> set[URIRef]:
    union = g.value(node, OWL.unionOf)
    if union is None:
        return {node} if isinstance(node, URIRef) else set()
    return {m for m in Collection(g, union) if isinstance(m, URIRef)}


def _supers(g: Graph, cls: URIRef) -> frozenset[URIRef]:
    seen = {cls}
    todo = [cls]
    while todo:
        for parent in g.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return frozenset(seen)


@lru_cache(maxsize=1)
def load_alignment() -> Alignment:
    """The alignment tables of the current ontology (cached per process)."""
    g = ontology_graph()
    prefix = str(FTM)
    classes: dict[str, URIRef] = {}
    props: dict[str, URIRef] = {}
    for strength in (SKOS.closeMatch, SKOS.exactMatch):  # exact matches overwrite close ones
        for s, o in g.subject_objects(strength):
            if isinstance(s, URIRef) and str(o).startswith(prefix):
                local = str(o)[len(prefix) :]
                (props if ":" in local else classes)[local] = s
    domains: dict[URIRef, frozenset[URIRef]] = {}
    ranges: dict[URIRef, URIRef] = {}
    declared = set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(
        g.subjects(RDF.type, OWL.DatatypeProperty)
    )
    for prop in {p for p in declared if isinstance(p, URIRef)}:
        dom: set[URIRef] = set()
        for d in g.objects(prop, RDFS.domain):
            dom |= _members(g, d)  # type: ignore[arg-type]
        domains[prop] = frozenset(dom)
        rng = g.value(prop, RDFS.range)
        if isinstance(rng, URIRef):
            ranges[prop] = rng
    supers = {c: _supers(g, c) for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    return Alignment(
        classes, props, domains, ranges,
        frozenset(p for p in g.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)),
        supers,
    )
