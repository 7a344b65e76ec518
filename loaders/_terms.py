"""Engine terms for the hot mapping code: a record built as pyoxigraph terms from the start.

A list of 15,000 entries makes some 700,000 triples. Built as rdflib terms, each literal is
parsed and normalised by rdflib, each ontology name goes through ``DefinedNamespace``'s
attribute hook, and the pipeline then converts every term to the engine's: together about
two thirds of the OFAC loader's time. Here names are engine ``NamedNode`` s made once
(:class:`Names`, checked against the rdflib namespace they mirror), literals are engine
literals with the lexical form the rdflib path produced, and a record is a :class:`Graph`
(an insertion-ordered set of term tuples, the semantics of :class:`ipas.sources.Triples`)
handed to the pipeline as it is (:meth:`Graph.record_triples`). The helpers mirror
``loaders._rdf``'s (countries, places, typed values, single-valued properties) on these terms.

>>> from rdflib import RDF as R
>>> NS_RDF.type.value == str(R.type), NS_IPAS.Person is NS_IPAS.Person
(True, True)
>>> g = Graph()
>>> node = node_of("urn:a")
>>> g.add((node, NS_IPAS.issueDate, lit("1970-01-02", NS_XSD.date)))
>>> g.add((node, NS_IPAS.issueDate, lit("1969-05-06", NS_XSD.date)))
>>> keep_single(g, node)
>>> [str(o) for o in g.objects(node, NS_IPAS.issueDate)]
['"1969-05-06"^^<http://www.w3.org/2001/XMLSchema#date>']
>>> g.objects(node, NS_RDFS.comment)[0].value
'also issueDate: 1970-01-02'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, URIRef
from rdflib.namespace import DefinedNamespaceMeta, Namespace

from ipas.namespace import IPAS
from ipas.sources import Triples, base_iri
from ipas.store.terms import to_ox
from loaders._iri import digest_key, iri
from loaders._rdf import LATEST_WINS, _country_label, country_code, parse_date, single_valued, typed

Node = ox.NamedNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Names:
    """Engine ``NamedNode`` s of an rdflib namespace's names, each made once on first use
    (an unknown name of a closed namespace such as ``IPAS`` raises, as rdflib does)."""

    def __init__(self, namespace: Namespace | DefinedNamespaceMeta | Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Node:  # only on a miss: later reads are plain
        if name.startswith("_"):
            raise AttributeError(name)
        node = ox.NamedNode(str(getattr(self._namespace, name)))
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> Node:
        return getattr(self, name)


NS_IPAS, NS_RDF, NS_RDFS, NS_XSD = Names(IPAS), Names(RDF), Names(RDFS), Names(XSD)


def lit(value: str, datatype: Node | None = None, lang: str | None = None) -> ox.Literal:
    """An engine literal with ``value`` as its lexical form (as given: callers pass the
    normal forms rdflib would have made, ISO dates, plain integers)."""
    if lang is not None:
        return ox.Literal(value, language=lang)
    if datatype is not None:
        return ox.Literal(value, datatype=datatype)
    return ox.Literal(value)


@lru_cache(maxsize=1 << 14)
def node_of(value: str) -> Node:
    """The engine IRI ``value`` (a few thousand distinct ones repeat across a list)."""
    return ox.NamedNode(value)


def mint(kind: str, source: str, key: str) -> Node:
    """:func:`loaders._iri.mint` as an engine term."""
    return ox.NamedNode(iri(kind, source, key))


def as_uri(node: Node) -> URIRef:
    """A record's focus node as the pipeline names it (an rdflib ``URIRef``)."""
    return URIRef(node.value)


class Graph:
    """A record's triples as engine terms: an insertion-ordered set with the few look-ups
    mapping code needs."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: dict[tuple[Term, Node, Term], None] = {}

    def add(self, triple: tuple[Term, Node, Term]) -> None:
        self.items[triple] = None

    def remove(self, triple: tuple[Term, Node, Term]) -> None:
        self.items.pop(triple, None)

    def objects(self, subject: Term, predicate: Node) -> list[Term]:
        return [o for s, p, o in self.items if p == predicate and s == subject]

    def record_triples(self) -> Triples:
        """The record for the pipeline (its terms as they are: nothing to convert)."""
        return Triples.of_ox([ox.Triple(s, p, o) for s, p, o in self.items])  # type: ignore[arg-type]


def add_text(g: Graph, s: Node, p: Node, value: str | None, lang: str | None = None) -> None:
    """Add a plain string (skipping empty ones)."""
    if value and value.strip():
        g.add((s, p, lit(value.strip(), lang=lang)))


def add_typed(g: Graph, s: Node, p: Node, value: str | None, datatype: Node) -> bool:
    """Add a typed literal when ``value`` is valid for ``datatype`` (``loaders._rdf.typed``
    decides and normalises, as before); False when it is not."""
    checked = typed(value, URIRef(datatype.value)) if value and value.strip() else None
    if checked is None:
        return False
    g.add((s, p, to_ox(checked)))
    return True


def date_literal(text: str) -> ox.Literal | None:
    """An ``xsd:date`` for a full date, else None (partial dates are not dates)."""
    parsed = parse_date(text)
    if parsed and parsed[0] == "date":
        return lit(parsed[1], NS_XSD.date)
    return None


@lru_cache(maxsize=4096)
def _country(base_and_code: tuple[str, str]) -> tuple[Node, tuple[tuple[Term, Node, Term], ...]]:
    _, code = base_and_code
    node = mint("country", "iso3166", code)
    triples: list[tuple[Term, Node, Term]] = [(node, NS_RDF.type, NS_IPAS.Country),
                                              (node, NS_IPAS.countryCode, lit(code))]
    label = _country_label(code)
    if label:
        triples.append((node, NS_RDFS.label, lit(label, lang="en")))
    return node, tuple(triples)


def country(g: Graph, text: str | None) -> Node | None:
    """The shared Country node for ``text`` (added to ``g``), or None when unknown."""
    code = country_code(text) if text else None
    if code is None:
        return None
    node, triples = _country((base_iri(), code))  # keyed by the load's base too
    for triple in triples:
        g.add(triple)
    return node


def place(g: Graph, source: str, text: str) -> Node:
    """A Location node for a free-text place ("Culiacan, Sinaloa, Mexico"), in its country."""
    node = mint("place", source, digest_key(text))
    g.add((node, NS_RDF.type, NS_IPAS.Location))
    g.add((node, NS_RDFS.label, lit(text.strip())))
    parts = [p.strip() for p in text.split(",") if p.strip()]
    where = country(g, parts[-1]) if parts else None
    if where is not None and where != node:
        g.add((node, NS_IPAS.locatedIn, where))
    return node


@lru_cache(maxsize=1)
def _singles() -> tuple[frozenset[Node], frozenset[Node]]:
    return (frozenset(ox.NamedNode(str(p)) for p in single_valued()),
            frozenset(ox.NamedNode(str(p)) for p in LATEST_WINS))


def keep_singles(g: Graph, subjects: Iterable[Term]) -> None:
    """:func:`keep_single` for each of ``subjects`` that has a single-valued property given
    twice (one pass over the record finds them: most records have none)."""
    singles = _singles()[0]
    seen: set[tuple[Term, Node]] = set()
    repeated: set[Term] = set()
    for s, p, _ in g.items:
        if p in singles:
            if (s, p) in seen:
                repeated.add(s)
            seen.add((s, p))
    for subject in subjects:
        if subject in repeated:
            keep_single(g, subject)


def keep_single(g: Graph, subject: Term) -> None:
    """``loaders._rdf.keep_single`` on engine terms: of several values of a single-valued
    property keep the earliest (the latest for end dates), the others as ``rdfs:comment``."""
    singles, latest = _singles()
    for prop in {p for s, p, _ in g.items if p in singles and s == subject}:
        values = sorted(g.objects(subject, prop), key=lambda o: o.value)
        if len(values) < 2:
            continue
        keep = values[-1] if prop in latest else values[0]
        label = prop.value.partition("#")[2]  # what rdflib's URIRef.fragment says
        for value in values:
            if value != keep:
                g.remove((subject, prop, value))
                g.add((subject, NS_RDFS.comment, lit(f"also {label}: {value.value}")))
