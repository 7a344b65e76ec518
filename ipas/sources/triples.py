"""A record's triples: a small insertion-ordered set, not an rdflib ``Graph``.

Loaders build a record with ``add((s, p, o))`` (rdflib or pyoxigraph terms) and read it back
with the few ``Graph`` look-ups mapping code needs (``value``, ``objects``, ``predicates``,
``subjects``, ``remove``). The ingest pipeline takes the record's triples as pyoxigraph terms
(:meth:`Triples.ox`) straight into validation and staging: no per-record rdflib store with
its three indexes, and no rdflib round trip for data parsed by the engine.

>>> from rdflib import Literal, URIRef
>>> t = Triples()
>>> t.add((URIRef("urn:a"), URIRef("urn:name"), Literal("Ann")))
>>> t.add((URIRef("urn:a"), URIRef("urn:name"), Literal("Ann")))  # a set: once
>>> len(t), str(t.value(URIRef("urn:a"), URIRef("urn:name")))
(1, 'Ann')
>>> [str(q) for q in t.ox()]
['<urn:a> <urn:name> "Ann"']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, cast

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from ipas.store.terms import from_ox, to_ox

OxTriple = ox.Triple
Term = Any  # an rdflib Node or a pyoxigraph term


_ENGINE_TYPES = (ox.NamedNode, ox.BlankNode, ox.Literal)


def _rdflib(term: Term) -> Node:
    return from_ox(term) if type(term) in _ENGINE_TYPES else term


class Triples:
    """An ordered set of triples, kept in the terms they were added in, indexed by subject
    (mapping code asks about one subject at a time)."""

    __slots__ = ("_by_subject", "_engine", "_items")

    def __init__(self, triples: Iterable[tuple[Term, Term, Term]] = ()) -> None:
        self._items: dict[tuple[Term, Term, Term], None] = {}
        self._by_subject: dict[Term, dict[tuple[Term, Term, Term], None]] = {}
        self._engine: list[ox.Triple] | None = None
        for triple in triples:
            self.add(triple)

    @classmethod
    def of_ox(cls, triples: Sequence[ox.Quad | ox.Triple]) -> Triples:
        """Triples parsed by the engine (the RDF loader's), handed to the pipeline as they are
        (the look-ups index them only if something asks)."""
        made = cls.__new__(cls)  # one per record of a large file: no empty indexes built
        made._items, made._by_subject = {}, {}
        # Quads stand in for triples: the pipeline reads subject, predicate and object only.
        made._engine = cast(list[ox.Triple], list(triples))
        return made

    def _indexed(self) -> None:
        if self._engine is not None:
            engine, self._engine = self._engine, None
            for t in engine:
                self.add((t.subject, t.predicate, t.object))

    # -- building ------------------------------------------------------------------------------
    def add(self, triple: tuple[Term, Term, Term]) -> None:
        if self._engine is not None:
            self._indexed()
        if triple not in self._items:
            self._items[triple] = None
            self._by_subject.setdefault(triple[0], {})[triple] = None

    def remove(self, triple: tuple[Term, Term, Term]) -> None:
        self._indexed()
        if self._items.pop(triple, 0) is None:
            self._by_subject[triple[0]].pop(triple, None)

    def __iadd__(self, other: Iterable[tuple[Term, Term, Term]]) -> Triples:
        for triple in other:
            self.add(triple)
        return self

    # -- reading (rdflib terms, for mapping code and tests) ----------------------------------
    def __len__(self) -> int:
        return len(self._engine) if self._engine is not None else len(self._items)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        self._indexed()
        for s, p, o in self._items:
            yield _rdflib(s), _rdflib(p), _rdflib(o)

    def __contains__(self, triple: object) -> bool:
        self._indexed()
        return triple in self._items or (
            isinstance(triple, tuple) and triple in set(self)
        )

    def triples(self, pattern: tuple[Term | None, Term | None, Term | None],
                ) -> Iterator[tuple[Node, Node, Node]]:
        s, p, o = pattern
        self._indexed()
        if s is not None and s in self._by_subject:
            candidates: Iterable[tuple[Term, Term, Term]] = list(self._by_subject[s])
        else:  # (a subject added as an engine term is found by comparing converted terms)
            candidates = list(self._items)
        for cs, cp, co in candidates:
            triple = (_rdflib(cs), _rdflib(cp), _rdflib(co))
            if ((s is None or triple[0] == s) and (p is None or triple[1] == p)
                    and (o is None or triple[2] == o)):
                yield triple

    def subjects(self, predicate: Term | None = None, obj: Term | None = None) -> Iterator[Node]:
        return (t[0] for t in self.triples((None, predicate, obj)))

    def predicates(self, subject: Term | None = None, obj: Term | None = None) -> Iterator[Node]:
        return (t[1] for t in self.triples((subject, None, obj)))

    def objects(self, subject: Term | None = None, predicate: Term | None = None,
                ) -> Iterator[Node]:
        return (t[2] for t in self.triples((subject, predicate, None)))

    def value(self, subject: Term | None = None, predicate: Term | None = None,
              obj: Term | None = None) -> Node | None:
        """The first term completing the pattern (the one ``None`` among the three)."""
        for s, p, o in self.triples((subject, predicate, obj)):
            return s if subject is None else p if predicate is None else o
        return None

    # -- for the pipeline ---------------------------------------------------------------------
    def ox(self) -> list[ox.Triple]:
        """The triples as pyoxigraph terms (what validation and staging read; quads parsed
        by the engine come as they are, their graph name unread)."""
        if self._engine is not None:
            return self._engine
        return [ox.Triple(engine_term(s), engine_term(p), engine_term(o))  # type: ignore[arg-type]
                for s, p, o in self._items]


def engine_term(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """``term`` as a pyoxigraph term (IRIs, which repeat, converted once each).

    >>> from rdflib import URIRef
    >>> engine_term(URIRef("urn:x")) is engine_term(URIRef("urn:x"))
    True
    """
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    if isinstance(term, URIRef):
        return _named(str(term))
    return to_ox(term)


@lru_cache(maxsize=1 << 16)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)
