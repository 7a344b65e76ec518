"""The in-memory reasoner gives exactly what the SPARQL rules give, on the demo and on
generated data (the SPARQL fixpoint is the reference it replaced in the load path)."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from bench.generate import generate
from ipas.derived import DERIVED as DERIVED_PROPERTIES
from ipas.graphs import GraphNames
from ipas.ingest import ensure_ontology
from ipas.reasoning import materialize, materialize_sparql, tbox_facts
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.demo_store import open_demo

#: Derived facts (ipas.derived) share the inferred graphs but are not OWL RL entailments.
DERIVED = {f"<{d.prop}>" for d in DERIVED_PROPERTIES}


def _graph(store: OxigraphStore, graph: str) -> Counter[tuple[str, str, str]]:
    """The graph's OWL RL triples, blank nodes all written ``_:`` (their labels differ by
    store)."""
    def text(term: object) -> str:
        return "_:" if isinstance(term, ox.BlankNode) else str(term)
    return Counter((text(q.subject), text(q.predicate), text(q.object))
                   for q in store.engine.quads_for_pattern(None, None, None, ox.NamedNode(graph))
                   if text(q.predicate) not in DERIVED)


def test_demo_inferences_equal_the_sparql_rules(demo_settings: Settings) -> None:
    """Each batch of the demo ``ipas demo`` built (inferences staged with the batch) against
    the SPARQL rules run on a copy of that batch and the ontology."""
    names = GraphNames(demo_settings.base_iri)
    demo = open_demo(demo_settings)
    batches = [g for g in demo.graphs() if names.is_batch(g)]
    assert len(batches) > 3
    compared = 0
    for batch in batches:
        copy = OxigraphStore()
        for graph in (batch, names.ontology):
            dump = io.BytesIO()
            demo.export(dump, media_type="application/n-quads", graphs=[graph])
            copy.load(dump.getvalue(), "application/n-quads")
        materialize_sparql(copy, names, batch, tbox_facts(copy, names.ontology))
        ours = _graph(demo, names.inferred_for(batch))
        assert ours == _graph(copy, names.inferred_for(batch)), batch
        compared += sum(ours.values())
    assert compared > 1000  # the demo's types alone give 1,744


def test_generated_data_inferences_equal_the_sparql_rules(tmp_path: Path) -> None:
    """Generated data (renamed copies of the demo, long pathways, shared hubs): one file
    loaded as two batches, one reasoned each way."""
    settings = Settings(store="memory")
    names = GraphNames(settings.base_iri)
    data = tmp_path / "generated.nt"
    generate(data, 7000)
    store = OxigraphStore()
    ensure_ontology(store, settings)
    ours, reference = names.batch("ours"), names.batch("reference")
    for graph in (ours, reference):
        store.load(data, "application/n-triples", graph=graph)
    result = materialize(store, names, ours)
    materialize_sparql(store, names, reference)
    assert result.rounds == 0 and result.triples > 3000
    assert _graph(store, names.inferred_for(ours)) == _graph(store,
                                                             names.inferred_for(reference))
