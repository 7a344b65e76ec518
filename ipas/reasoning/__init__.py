"""Materialized OWL RL inferences, per batch, in the batch's own ``/inferred`` graph.

The rules are the OWL 2 RL ones analysts lean on when they traverse links both ways or ask
for a superclass: ``owl:inverseOf``, ``owl:SymmetricProperty``, ``owl:TransitiveProperty``,
``rdfs:subPropertyOf`` and ``rdfs:subClassOf``, with the T-box read from the store's ontology
graph (:mod:`~ipas.reasoning.tbox`), so an extension's axioms apply with no code change.

Premises come from one batch only (plus the ontology), so an inferred triple is visible exactly
when the batch it follows from is (see ``ipas.security``): reasoning never leaks a hidden
batch into a visible graph, and retracting a batch (both graphs dropped) removes exactly what
only it supported. The load computes them in memory, semi-naively
(:mod:`~ipas.reasoning.engine`), and writes them into the batch's stage so they commit with it
(:mod:`~ipas.reasoning.batch`); registered derivations run right after
(:mod:`~ipas.reasoning.hooks`). The SPARQL rules (:mod:`~ipas.reasoning.sparql`) are the
reference and the path for blank nodes already in a store.
"""

from ipas.reasoning.batch import StagedInference, infer_stage, materialize
from ipas.reasoning.engine import close
from ipas.reasoning.hooks import BatchFacts, register
from ipas.reasoning.sparql import ReasoningResult, materialize_sparql, rules_update
from ipas.reasoning.tbox import TBox, load_tbox, tbox_facts, transitive_closure

__all__ = [
    "BatchFacts", "ReasoningResult", "StagedInference", "TBox", "close", "infer_stage",
    "load_tbox", "materialize", "materialize_sparql", "register", "rules_update", "tbox_facts",
    "transitive_closure",
]
