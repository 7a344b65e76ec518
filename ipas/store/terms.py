"""Conversion between rdflib terms (the project's term model) and pyoxigraph terms.

RDF 1.1 makes ``"x"`` and ``"x"^^xsd:string`` the same literal; rdflib does not, so literals
typed ``xsd:string`` come back as plain rdflib literals (what rdflib's own parsers produce).
Lexical forms are kept exactly (``normalize=False``): ``"01"^^xsd:integer`` stays ``"01"``.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from ipas.errors import BadInput

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_ox(term: Identifier | Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term.

    >>> to_ox(URIRef("urn:x"))
    <NamedNode value=urn:x>
    >>> str(to_ox(Literal("7", datatype=XSD.integer)))
    '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise BadInput(f"cannot bind a {type(term).__name__} value")


def from_ox(term: object) -> Node:
    """A pyoxigraph term as an rdflib term.

    >>> from_ox(ox.Literal("x"))
    rdflib.term.Literal('x')
    >>> from_ox(ox.Literal("01", datatype=ox.NamedNode(str(XSD.integer))))
    rdflib.term.Literal('01', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if isinstance(term, ox.NamedNode):
        return _uri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=_uri(datatype), normalize=False)
    raise BadInput(f"unsupported term in result: {type(term).__name__}")


@lru_cache(maxsize=1 << 16)
def _uri(value: str) -> URIRef:
    """IRIs repeat (predicates, classes, datatypes): build each rdflib term once."""
    return URIRef(value)


def graph_node(iri: str) -> ox.NamedNode:
    """The pyoxigraph name of a named graph."""
    return ox.NamedNode(iri)
