"""SPARQL texts for the REST facade, written only from the model (never from request values).

IRIs in these texts come from the ontology and shapes (trusted files read at startup).
Everything a caller sends (ids, filter values, search terms) is bound to a ``?_name``
variable by the engine; those variables are projected (and grouped) because Oxigraph only
substitutes projected variables.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from ipas.facade.model import ClassSpec, PropertySpec
from ipas.namespace import IPAS, SKOS

PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
_STRINGS = {
    "http://www.w3.org/2001/XMLSchema#string",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
    "http://www.w3.org/2001/XMLSchema#anyURI",
}


@dataclass(frozen=True)
class Filter:
    """One filter of a list request: ``op`` is ``eq``, ``from`` (>=) or ``to`` (<=)."""

    prop: PropertySpec
    op: str
    variable: str  # bound variable name, without '?'


def iri(value: str) -> str:
    """An IRI from the model in SPARQL syntax (rdflib validates and escapes it)."""
    return URIRef(value).n3()


def _types(cls: ClassSpec) -> str:
    return f"VALUES ?type {{ {' '.join(iri(m) for m in cls.members)} }}\n  ?s a ?type ."


def _filter(i: int, f: Filter) -> str:
    p, var = iri(f.prop.iri), f"?{f.variable}"
    if f.op == "eq" and f.prop.is_link:
        return f"?s {p} {var} ."
    if f.op == "eq" and f.prop.datatype in _STRINGS:
        return f"?s {p} ?v{i} . FILTER(LCASE(STR(?v{i})) = LCASE(STR({var})))"
    compare = {"eq": "=", "from": ">=", "to": "<="}[f.op]
    return f"?s {p} ?v{i} . FILTER(?v{i} {compare} {var})"


def list_query(cls: ClassSpec, filters: list[Filter], sort: PropertySpec | None,
               descending: bool, label_iri: str) -> str:
    """Entities of ``cls`` matching every filter, one row each, in a stable order."""
    bound = " ".join(f"?{f.variable}" for f in filters)
    body = "\n  ".join(_filter(i, f) for i, f in enumerate(filters))
    sort_part = f"OPTIONAL {{ ?s {iri(sort.iri)} ?sv }}" if sort is not None else ""
    key = "(MIN(?sv) AS ?key)" if sort is not None else ""
    order = ("DESC(?key)" if descending else "?key") if sort is not None else ""
    return (
        f"{PREFIXES}SELECT ?s (SAMPLE(?lab) AS ?label) {key} {bound} WHERE {{\n"
        f"  {_types(cls)}\n  {body}\n"
        f"  OPTIONAL {{ ?s {iri(label_iri)} ?lab }}\n  {sort_part}\n"
        f"}} GROUP BY ?s {bound} ORDER BY {order} ?s\n"
    )


def count_query(cls: ClassSpec, filters: list[Filter]) -> str:
    bound = " ".join(f"?{f.variable}" for f in filters)
    body = "\n  ".join(_filter(i, f) for i, f in enumerate(filters))
    group = f"GROUP BY {bound}" if filters else ""
    return (f"{PREFIXES}SELECT (COUNT(DISTINCT ?s) AS ?n) {bound} WHERE {{\n"
            f"  {_types(cls)}\n  {body}\n}} {group}\n")


def asserted_types_query(nodes: list[URIRef]) -> str:
    """The ``rdf:type`` statements about ``nodes`` outside the inferred graphs.

    The nodes are IRIs read from the store (never request text), written by rdflib.
    """
    values = " ".join(n.n3() for n in nodes)
    return (f"{PREFIXES}SELECT ?s ?t WHERE {{\n  VALUES ?s {{ {values} }}\n"
            "  GRAPH ?g { ?s a ?t } FILTER(!STRENDS(STR(?g), \"/inferred\"))\n}\n")


def members_query(cls: ClassSpec, nodes: list[URIRef], label_iri: str) -> str:
    """Which of ``nodes`` (IRIs read from the store) are members of ``cls``, with a label."""
    values = " ".join(n.n3() for n in nodes)
    return (f"{PREFIXES}SELECT ?s (SAMPLE(?lab) AS ?label) WHERE {{\n"
            f"  VALUES ?s {{ {values} }}\n  {_types(cls)}\n"
            f"  OPTIONAL {{ ?s {iri(label_iri)} ?lab }}\n}} GROUP BY ?s\n")


#: Every statement about ``?_id`` with the label of each value that has one, and whether it
#: was only inferred (found in no graph but a batch's ``/inferred`` one).
DESCRIBE = (
    f"{PREFIXES}SELECT ?p ?o ?olabel ?inferred ?_id WHERE {{\n"
    "  ?_id ?p ?o .\n  OPTIONAL { ?o rdfs:label ?olabel }\n"
    "  BIND(NOT EXISTS { GRAPH ?g { ?_id ?p ?o } FILTER(!STRENDS(STR(?g), \"/inferred\")) }"
    " AS ?inferred)\n}\n"
)

#: Links in and out of ``?_id``, with the named graph (batch) each comes from and the
#: intelligence reports supporting the node that states the link (``?_id`` for outgoing
#: links, the other node, often a reified relationship, for incoming ones). Evidence is read
#: from both sides and each report is kept once by the facade (the inverse may be
#: materialized); links found only in ``/inferred`` graphs are told apart by the facade.
NEIGHBOURS = (
    f"{PREFIXES}SELECT ?direction ?p ?other ?olabel ?g ?report ?rlabel ?rel ?cred ?marking ?_id"
    " WHERE {\n"
    "  { GRAPH ?g { ?_id ?p ?other } FILTER(!isLiteral(?other)) BIND(\"out\" AS ?direction) "
    "BIND(?_id AS ?stated) }\n"
    "  UNION\n"
    "  { GRAPH ?g { ?other ?p ?_id } BIND(\"in\" AS ?direction) BIND(?other AS ?stated) }\n"
    f"  FILTER(?p NOT IN (rdf:type, {IPAS.supportedBy.n3()}, {IPAS.supports.n3()}))\n"
    "  OPTIONAL { ?other rdfs:label ?olabel }\n"
    f"  OPTIONAL {{ {{ ?stated {IPAS.supportedBy.n3()} ?report }} UNION "
    f"{{ ?report {IPAS.supports.n3()} ?stated }}\n"
    "    OPTIONAL { ?report rdfs:label ?rlabel }\n"
    f"    OPTIONAL {{ ?report {IPAS.sourceReliability.n3()} ?rel }}\n"
    f"    OPTIONAL {{ ?report {IPAS.informationCredibility.n3()} ?cred }}\n"
    f"    OPTIONAL {{ ?report {IPAS.marking.n3()}/{SKOS.notation.n3()} ?marking }} }}\n"
    "} ORDER BY ?direction ?p ?other ?g ?report\n"
)
