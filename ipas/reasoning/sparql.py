"""The OWL RL rules as SPARQL updates, run in the engine to a fixpoint (the reference).

This was the only reasoner until the in-memory one (:mod:`ipas.reasoning.engine`) replaced it
in the load path. It stays for two jobs: the differential test holds the in-memory closure
to it, and it derives what involves a blank node already in the store (a blank node cannot
be named in a later load or ``INSERT DATA``, only matched by a pattern). Premises come from
the batch graph and its inferred graph only; the rules are generic and read the T-box pairs
as ``VALUES`` blocks, so an extension's axioms apply with no code change.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from ipas.graphs import GraphNames
from ipas.namespace import RDF
from ipas.reasoning.tbox import Facts, tbox_facts
from ipas.store.base import Scope, Store
from ipas.store.terms import to_ox

#: Rounds to a fixpoint; transitive chains longer than 2**MAX_ROUNDS stop early.
MAX_ROUNDS = 12

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
    triples: int  # in the inferred graph afterwards
    rounds: int  # SPARQL rounds run (0 when the in-memory reasoner did it all)


def rules_update(batch_graph: str, facts: Facts) -> str:
    """One round of every rule that has T-box facts, as a single SPARQL Update request.

    >>> text = rules_update("urn:g:b1", {"inv": [("<urn:p>", "<urn:q>")], "sub": []})
    >>> text.count("INSERT"), "VALUES (?a ?b) { (<urn:p> <urn:q>) }" in text
    (1, True)
    """
    names = {"type": str(to_ox(RDF.type))}
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


def count(store: Store, graph: str) -> int:
    result = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                          scope=Scope(graphs=frozenset({graph}), default_graphs=(graph,)))
    return int(result.rows[0]["n"]) if result.rows else 0  # type: ignore[call-overload]


def materialize_sparql(store: Store, names: GraphNames, batch_graph: str,
                       facts: Facts | None = None) -> ReasoningResult:
    """Run the rules in the engine to a fixpoint (each round re-derives everything)."""
    inferred = names.inferred_for(batch_graph)
    update = rules_update(batch_graph, facts if facts is not None
                          else tbox_facts(store, names.ontology))
    if not update:
        return ReasoningResult(batch_graph, inferred, count(store, inferred), 0)
    before, rounds = count(store, inferred), 0
    while rounds < MAX_ROUNDS:
        store.update(update)
        rounds += 1
        after = count(store, inferred)
        if after == before:
            break
        before = after
    return ReasoningResult(batch_graph, inferred, before, rounds)
