"""The T-box the rules need, read from the store's ontology graph and compiled into lookup tables.

Both reasoners start here: the SPARQL rules (:mod:`ipas.reasoning.sparql`) take the pairs as
``VALUES`` blocks, the in-memory one (:mod:`ipas.reasoning.engine`) takes the :class:`TBox`
dictionaries. Terms are engine-serialized (``str(to_ox(term))``, N-Triples syntax), the form
the stage file and every export use, so a premise is matched by a dictionary lookup on its
text. A compiled T-box is kept per ontology checksum (the one ``ensure_ontology`` records in
the catalog): one read and one compile per ontology version, not per batch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from rdflib import URIRef

from ipas.graphs import GraphNames
from ipas.namespace import IPAS, OWL, RDF, RDFS
from ipas.store.base import Scope, Store
from ipas.store.terms import to_ox

TYPE = str(to_ox(RDF.type))
_THING = str(to_ox(OWL.Thing))

#: The T-box facts each rule needs. ``sub`` and ``subp`` are read as direct pairs and closed
#: transitively here, in Python: a ``+`` path with both ends unbound is refused by some
#: engines (Virtuoso 7: "transitive start not given"), and the T-box is small.
_TBOX = {
    "sub": "SELECT DISTINCT ?a ?b WHERE {{ GRAPH {ont} {{ ?a {sub} ?b }} }}",
    "subp": "SELECT DISTINCT ?a ?b WHERE {{ GRAPH {ont} {{ ?a {subp} ?b }} }}",
    "inv": "SELECT DISTINCT ?a ?b WHERE {{ GRAPH {ont} {{ {{ ?a {inv} ?b }} UNION "
           "{{ ?b {inv} ?a }} }} }}",
    "sym": "SELECT DISTINCT ?a ?a2 WHERE {{ GRAPH {ont} {{ ?a a {sym} }} BIND(?a AS ?a2) }}",
    "trans": "SELECT DISTINCT ?a ?a2 WHERE {{ GRAPH {ont} {{ ?a a {trans} }} BIND(?a AS ?a2) }}",
}

Facts = dict[str, list[tuple[str, str]]]


def _names(ontology_graph: str) -> dict[str, str]:
    return {
        "sub": str(to_ox(RDFS.subClassOf)), "subp": str(to_ox(RDFS.subPropertyOf)),
        "inv": str(to_ox(OWL.inverseOf)), "sym": str(to_ox(OWL.SymmetricProperty)),
        "trans": str(to_ox(OWL.TransitiveProperty)), "ont": str(to_ox(URIRef(ontology_graph))),
    }


def tbox_facts(store: Store, ontology_graph: str) -> Facts:
    """The pairs each rule joins on, as engine-serialized IRIs (sorted, so runs compare)."""
    names = _names(ontology_graph)
    scope = Scope(graphs=frozenset({ontology_graph}), default_graphs=(),
                  named_graphs=(ontology_graph,))
    facts: Facts = {}
    for rule, query in _TBOX.items():
        rows = store.select(query.format(**names), scope=scope).rows
        variables = ("a", "b") if rule in ("sub", "subp", "inv") else ("a", "a2")
        pairs = {(str(to_ox(r[variables[0]])), str(to_ox(r[variables[1]]))) for r in rows}
        if rule in ("sub", "subp"):  # IRIs only at the ends; a chain may pass a blank node
            pairs = {(a, b) for a, b in transitive_closure(pairs)
                     if a.startswith("<") and b.startswith("<") and b != _THING}
        facts[rule] = sorted(pairs)
    return facts


def transitive_closure(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Every (a, c) reachable through one or more pairs; a cycle gives (a, a), as ``+`` does.

    >>> sorted(transitive_closure({("a", "b"), ("b", "c")}))
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    successors: dict[str, set[str]] = {}
    for a, b in pairs:
        successors.setdefault(a, set()).add(b)
    closure: set[tuple[str, str]] = set()
    for start in successors:
        seen: set[str] = set()
        stack = list(successors[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(successors.get(node, ()))
        closure.update((start, node) for node in seen)
    return closure


def _table(pairs: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for a, b in pairs:
        table.setdefault(a, []).append(b)
    return {a: tuple(bs) for a, bs in table.items()}


@dataclass(frozen=True)
class TBox:
    """The rules' lookup tables: a premise's predicate (or class) to what it entails.

    >>> t = TBox.compile({"sub": [("<urn:C>", "<urn:D>")], "inv": [("<urn:p>", "<urn:q>")]})
    >>> t.superclasses["<urn:C>"], t.inverses["<urn:p>"], sorted(t.predicates)[1:]
    (('<urn:D>',), ('<urn:q>',), ['<urn:p>', '<urn:q>'])
    """

    superclasses: dict[str, tuple[str, ...]]  # class -> every superclass (closed)
    superproperties: dict[str, tuple[str, ...]]  # property -> every super-property (closed)
    inverses: dict[str, tuple[str, ...]]  # property -> its inverses, both directions
    symmetric: frozenset[str]
    transitive: frozenset[str]
    facts: Facts

    @classmethod
    def compile(cls, facts: Facts) -> TBox:
        return cls(
            superclasses=_table(facts.get("sub", [])),
            superproperties=_table(facts.get("subp", [])),
            inverses=_table(facts.get("inv", [])),
            symmetric=frozenset(a for a, _ in facts.get("sym", [])),
            transitive=frozenset(a for a, _ in facts.get("trans", [])),
            facts=facts,
        )

    @property
    def empty(self) -> bool:
        return not any(self.facts.values())

    @property
    def predicates(self) -> frozenset[str]:
        """Every predicate a rule reads or writes: only triples with these can be premises,
        or can equal an entailment (which then stays out of the inferred graph)."""
        heads = (*self.superproperties, *self.inverses, *self.symmetric, *self.transitive)
        written = (b for table in (self.superproperties, self.inverses) for bs in table.values()
                   for b in bs)
        return frozenset((TYPE, *heads, *written))

    @property
    def classes(self) -> frozenset[str]:
        """The ``rdf:type`` objects that matter: a class with superclasses, or one entailed."""
        return frozenset((*self.superclasses,
                          *(b for bs in self.superclasses.values() for b in bs)))


_CACHE: dict[str, TBox] = {}
_CACHE_LOCK = threading.Lock()


def _recorded_checksum(store: Store, names: GraphNames) -> str | None:
    rows = store.select("SELECT ?c WHERE { ?g ?p ?c }", scope=Scope.of([names.catalog]),
                        bindings={"g": URIRef(names.ontology), "p": IPAS.checksumSha256}).rows
    values = sorted(str(r["c"]) for r in rows)
    return values[0] if len(values) == 1 else None


def load_tbox(store: Store, names: GraphNames) -> TBox:
    """The store's T-box, compiled; from the cache when the ontology's checksum was seen.

    A T-box put into the graph without ``ensure_ontology`` (no checksum recorded) is read and
    compiled every time: nothing then says whether it changed.
    """
    checksum = _recorded_checksum(store, names)
    key = f"{names.ontology} {checksum}"
    if checksum is not None:
        with _CACHE_LOCK:
            if key in _CACHE:
                return _CACHE[key]
    tbox = TBox.compile(tbox_facts(store, names.ontology))
    if checksum is not None:
        with _CACHE_LOCK:
            _CACHE[key] = tbox
    return tbox
