"""What kind of fact a statement is, for laying an entity's page out by section.

The kind of a relationship or event follows from its classes through the ontology's
``rdfs:subClassOf`` (so an extension's subclass of ``ipas:Membership`` lands under
memberships with no code change); a plain property decides the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import SKOS

from ipas.namespace import IPAS
from ipas.ontology.files import ontology_graph
from ipas.ontology.terms import superclasses

#: Sections of an entity page, in display order, with their titles.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("identity", "Identity"),
    ("aliases", "Aliases"),
    ("identifiers", "Identifiers"),
    ("roles", "Memberships and roles"),
    ("transfers", "Transfers"),
    ("shipments", "Shipments"),
    ("seizures", "Seizures"),
    ("events", "Events"),
    ("sanctions", "Sanctions"),
    ("investigations", "Investigations"),
    ("reports", "Reports"),
    ("links", "Other links"),
    ("inferred", "Inferred (not evidence)"),
)

#: The class whose subclasses (itself included) make a node's kind, most specific first.
_KIND_BY_CLASS: tuple[tuple[URIRef, str], ...] = (
    (IPAS.IntelligenceReport, "reports"),
    (IPAS.Seizure, "seizures"),
    (IPAS.SeizureStatistic, "seizures"),
    (IPAS.Interdiction, "seizures"),
    (IPAS.AssetForfeiture, "seizures"),
    (IPAS.Shipment, "shipments"),
    (IPAS.Transfer, "transfers"),
    (IPAS.TradeTransaction, "transfers"),
    (IPAS.Sanction, "sanctions"),
    (IPAS.Investigation, "investigations"),
    (IPAS.Relationship, "roles"),
    (IPAS.PathwayUse, "roles"),
    (IPAS.Event, "events"),
    (IPAS.Identifier, "identifiers"),
    (IPAS.IdentityDocument, "identifiers"),
)

_ALIAS_PROPERTIES = frozenset({IPAS.alias, SKOS.altLabel})
_IDENTITY_PROPERTIES = frozenset({RDFS.label, SKOS.prefLabel, RDF.type})


@lru_cache(maxsize=4096)
def _kind_of_class(cls: URIRef) -> str | None:
    ancestors = superclasses(cls, ontology_graph())
    for anchor, kind in _KIND_BY_CLASS:
        if anchor in ancestors:
            return kind
    return None


def kind_of_node(types: Iterable[URIRef]) -> str | None:
    """The section a related node (relationship, event, identifier, report) belongs to.

    >>> kind_of_node([IPAS.Membership]), kind_of_node([IPAS.Cartel])
    ('roles', None)
    >>> kind_of_node([IPAS.Event, IPAS.Seizure])
    'seizures'
    """
    kinds = {k for t in types if (k := _kind_of_class(t)) is not None}
    for _, kind in _KIND_BY_CLASS:  # the most specific anchor wins
        if kind in kinds:
            return kind
    return None


def kind_of_literal(prop: URIRef) -> str:
    """The section of a literal-valued fact on the entity itself.

    >>> kind_of_literal(IPAS.alias), kind_of_literal(IPAS.dateOfBirth)
    ('aliases', 'identity')
    """
    if prop in _ALIAS_PROPERTIES:
        return "aliases"
    return "identity"


def is_identity(prop: URIRef) -> bool:
    return prop in _IDENTITY_PROPERTIES


@lru_cache(maxsize=4096)
def label_of_term(term: URIRef) -> str:
    """The ontology's label for a class or property, else its local name.

    >>> label_of_term(IPAS.memberOrganization)
    'member organization'
    """
    graph = ontology_graph()
    for prop in (RDFS.label, SKOS.prefLabel):
        value = graph.value(term, prop)
        if value is not None:
            return str(value)
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def most_specific(types: Iterable[URIRef]) -> list[URIRef]:
    """The types that no other type of the set specializes (``Cartel`` over ``Actor``).

    >>> [str(t).split('#')[1] for t in most_specific([IPAS.Actor, IPAS.Cartel, IPAS.Organization])]
    ['Cartel']
    """
    known = set(types)
    graph = ontology_graph()
    return sorted(
        t for t in known
        if not any(o != t and t in superclasses(o, graph) for o in known)
    )


def ontology_prefixes() -> dict[str, str]:
    """The prefixes the ontology's files declare, for editors and examples.

    >>> ontology_prefixes()["ipas"]
    'https://w3id.org/ipas/ontology#'
    """
    wanted = ("ipas", "rdf", "rdfs", "owl", "xsd", "skos", "geo", "prov", "org", "schema")
    bound = {prefix: str(ns) for prefix, ns in ontology_graph().namespaces()}
    return {p: bound[p] for p in wanted if p in bound}
