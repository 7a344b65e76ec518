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

_RULES = (
    # ?x a C, C subClassOf+ D  =>  ?x a D
    "?x {type} ?c . GRAPH {ont} {{ ?c {sub}+ ?d }} FILTER(isIRI(?d) && ?d != {thing})",
    "?s ?p ?o . GRAPH {ont} {{ ?p {subp}+ ?q }}",
    "?o ?p ?s . GRAPH {ont} {{ {{ ?p {inv} ?q }} UNION {{ ?q {inv} ?p }} }}",
    "?o ?q ?s . GRAPH {ont} {{ ?q a {sym} }}",
    "?s ?q ?m . ?m ?q ?o . GRAPH {ont} {{ ?q a {trans} }}",
)
_HEADS = (
    "?x {type} ?d",
    "?s ?q ?o",
    "?s ?q ?o",
    "?s ?q ?o",
    "?s ?q ?o",
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


def rules_update(batch_graph: str, ontology_graph: str) -> str:
    """One round of every rule, as a single SPARQL Update request.

    >>> text = rules_update("urn:g:b1", "urn:g:onto")
    >>> text.count("INSERT"), "USING <urn:g:b1>" in text
    (5, True)
    """
    names = {**_terms(), "ont": str(to_ox(URIRef(ontology_graph)))}
    batch = str(to_ox(URIRef(batch_graph)))
    inferred = str(to_ox(URIRef(f"{batch_graph}/inferred")))
    operations = []
    for body, head in zip(_RULES, _HEADS, strict=True):
        where = body.format(**names)
        triple = head.format(**names)
        operations.append(
            f"INSERT {{ GRAPH {inferred} {{ {triple} }} }}\n"
            f"USING {batch} USING {inferred} USING NAMED {names['ont']} USING NAMED {batch}\n"
            f"WHERE {{ {where} FILTER NOT EXISTS {{ GRAPH {batch} {{ {triple} }} }} }}"
        )
    return " ;\n".join(operations)


def _count(store: Store, graph: str) -> int:
    result = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                          scope=Scope(graphs=frozenset({graph}), default_graphs=(graph,)))
    return int(result.rows[0]["n"]) if result.rows else 0  # type: ignore[call-overload]


def materialize(store: Store, names: GraphNames, batch_graph: str) -> ReasoningResult:
    """Derive the batch's inferences to a fixpoint; returns how many triples were inferred."""
    inferred = names.inferred_for(batch_graph)
    update = rules_update(batch_graph, names.ontology)
    before, rounds = _count(store, inferred), 0
    while rounds < MAX_ROUNDS:
        store.update(update)
        rounds += 1
        after = _count(store, inferred)
        if after == before:
            break
        before = after
    return ReasoningResult(batch_graph, inferred, before, rounds)
