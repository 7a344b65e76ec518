"""Materialized OWL inferences, per batch, in the batch's own ``/inferred`` graph.

The rules are the OWL 2 RL ones analysts lean on when they traverse links both ways or ask
for a superclass: ``owl:inverseOf``, ``owl:SymmetricProperty``, ``owl:TransitiveProperty``,
``rdfs:subPropertyOf`` and ``rdfs:subClassOf``. They are generic SPARQL updates that read the
T-box from the store's ontology graph, so the same code runs on the embedded store and on a
remote engine, and an extension module's axioms apply with no code change.

Premises come from one batch only (plus the ontology), so an inferred triple is visible exactly
when the batch it follows from is (see ``ipas.security``): reasoning never leaks a hidden
batch into a visible graph. Asserted and inferred triples are never mixed; retracting a batch
drops both graphs. Measured alternatives (owlrl, HermiT, reasonable) are in NOTES.md: none
scales to 1M triples; these rules run inside the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from ipas.graphs import GraphNames
from ipas.namespace import OWL, RDF, RDFS
from ipas.store.base import Scope, Store
from ipas.store.terms import to_ox

#: Rounds to a fixpoint; transitive chains longer than 2**MAX_ROUNDS stop early (logged).
MAX_ROUNDS = 12

#: The T-box facts each rule needs, read once per run from the store's ontology graph.
#: ``sub`` and ``subp`` are read as direct pairs and closed transitively here, in Python: a
#: ``+`` path with both ends unbound is refused by some engines (Virtuoso 7: "transitive start
#: not given"), and the T-box is small.
_TBOX = {
    "sub": "SELECT DISTINCT ?a ?b WHERE {{ GRAPH {ont} {{ ?a {sub} ?b }} }}",
    "subp": "SELECT DISTINCT ?a ?b WHERE {{ GRAPH {ont} {{ ?a {subp} ?b }} }}",
    "inv": "SELECT DISTINCT ?a ?b WHERE {{ GRAPH {ont} {{ {{ ?a {inv} ?b }} UNION "
           "{{ ?b {inv} ?a }} }} }}",
    "sym": "SELECT DISTINCT ?a ?a2 WHERE {{ GRAPH {ont} {{ ?a a {sym} }} BIND(?a AS ?a2) }}",
    "trans": "SELECT DISTINCT ?a ?a2 WHERE {{ GRAPH {ont} {{ ?a a {trans} }} BIND(?a AS ?a2) }}",
}

#: (T-box facts, rule body, rule head). ``?a``/``?b`` are bound by a VALUES block of the facts,
#: so the engine joins against a small table instead of walking property paths per triple.
_RULES = (
    ("sub", "?x {type} ?a", "?x {type} ?b"),
    ("subp", "?s ?a ?o", "?s ?b ?o"),
    ("inv", "?s ?a ?o", "?o ?b ?s"),
    ("sym", "?s ?a ?o", "?o ?a ?s"),
    ("trans", "?s ?a ?m . ?m ?a ?o", "?s ?a ?o"),
)


@dataclass(frozen=True)
class ReasoningResult:
    batch_graph: str
    inferred_graph: str
    triples: int
    rounds: int


def _terms() -> dict[str, str]:
    return {
        "type": str(to_ox(RDF.type)), "sub": str(to_ox(RDFS.subClassOf)),
        "subp": str(to_ox(RDFS.subPropertyOf)), "inv": str(to_ox(OWL.inverseOf)),
        "sym": str(to_ox(OWL.SymmetricProperty)), "trans": str(to_ox(OWL.TransitiveProperty)),
        "thing": str(to_ox(OWL.Thing)),
    }


def tbox_facts(store: Store, ontology_graph: str) -> dict[str, list[tuple[str, str]]]:
    """The pairs each rule joins on, as engine-serialized IRIs."""
    names = {**_terms(), "ont": str(to_ox(URIRef(ontology_graph)))}
    scope = Scope(graphs=frozenset({ontology_graph}), default_graphs=(),
                  named_graphs=(ontology_graph,))
    facts: dict[str, list[tuple[str, str]]] = {}
    for rule, query in _TBOX.items():
        rows = store.select(query.format(**names), scope=scope).rows
        variables = ("a", "b") if rule in ("sub", "subp", "inv") else ("a", "a2")
        pairs = {(str(to_ox(r[variables[0]])), str(to_ox(r[variables[1]]))) for r in rows}
        if rule in ("sub", "subp"):  # IRIs only at the ends; a chain may pass a blank node
            pairs = {(a, b) for a, b in transitive_closure(pairs)
                     if a.startswith("<") and b.startswith("<") and b != names["thing"]}
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


def rules_update(batch_graph: str, facts: dict[str, list[tuple[str, str]]]) -> str:
    """One round of every rule that has T-box facts, as a single SPARQL Update request.

    >>> text = rules_update("urn:g:b1", {"inv": [("<urn:p>", "<urn:q>")], "sub": []})
    >>> text.count("INSERT"), "VALUES (?a ?b) { (<urn:p> <urn:q>) }" in text
    (1, True)
    """
    names = _terms()
    batch = str(to_ox(URIRef(batch_graph)))
    inferred = str(to_ox(URIRef(f"{batch_graph}/inferred")))
    operations = []
    for rule, body, head in _RULES:
        pairs = facts.get(rule, [])
        if not pairs:
            continue
        second = "?b" if rule in ("sub", "subp", "inv") else "?a2"
        values = " ".join(f"({a} {b})" for a, b in pairs)
        where = body.format(**names)
        triple = head.format(**names)
        operations.append(
            # Every term is engine-serialized (to_ox) from the store or the ontology.
            f"INSERT {{ GRAPH {inferred} {{ {triple} }} }}\n"  # noqa: S608
            f"USING {batch} USING {inferred} USING NAMED {batch}\n"
            f"WHERE {{ VALUES (?a {second}) {{ {values} }} {where} "
            f"FILTER NOT EXISTS {{ GRAPH {batch} {{ {triple} }} }} }}"
        )
    return " ;\n".join(operations)


def _count(store: Store, graph: str) -> int:
    result = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                          scope=Scope(graphs=frozenset({graph}), default_graphs=(graph,)))
    return int(result.rows[0]["n"]) if result.rows else 0  # type: ignore[call-overload]


def materialize(store: Store, names: GraphNames, batch_graph: str) -> ReasoningResult:
    """Derive the batch's inferences to a fixpoint; returns how many triples were inferred."""
    inferred = names.inferred_for(batch_graph)
    update = rules_update(batch_graph, tbox_facts(store, names.ontology))
    if not update:
        return ReasoningResult(batch_graph, inferred, _count(store, inferred), 0)
    before, rounds = _count(store, inferred), 0
    while rounds < MAX_ROUNDS:
        store.update(update)
        rounds += 1
        after = _count(store, inferred)
        if after == before:
            break
        before = after
    return ReasoningResult(batch_graph, inferred, before, rounds)
