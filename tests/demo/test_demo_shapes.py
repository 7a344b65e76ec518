"""Every demo file conforms to the shapes as the ingest pipeline checks it: one batch at a
time, in manifest order, with the ontology and the types of nodes loaded before."""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef

from ipas.validation import ValidationReport, Validator


def _context(types: Graph, batch: Graph) -> Graph:
    context = Graph()
    refs = {o for o in batch.objects() if isinstance(o, URIRef)} | set(batch.subjects())
    for node in refs:
        for t in types.objects(node, RDF.type):
            context.add((node, RDF.type, t))
    return context


def _own_violations(report: ValidationReport, batch: Graph) -> list[str]:
    subjects = set(batch.subjects())
    return [f"{r.focus} {r.path}: {r.message}" for r in report.violations
            if r.focus in subjects]


def test_every_batch_conforms_in_load_order(demo_graphs: list[tuple[str, Graph]],
                                            ontology: Graph, shapes: Graph) -> None:
    validator = Validator(shapes, ontology)
    types = Graph()
    for triple in ontology.triples((None, RDF.type, None)):
        types.add(triple)
    checked = 0
    for name, batch in demo_graphs:
        report = validator.validate(batch, _context(types, batch))
        assert _own_violations(report, batch) == [], name
        for triple in batch.triples((None, RDF.type, None)):
            types.add(triple)
        checked += 1
    assert checked == 15


def test_a_batch_loaded_out_of_order_is_caught(demo_graphs: list[tuple[str, Graph]],
                                              ontology: Graph, shapes: Graph) -> None:
    # core.ttl without geography.ttl before it: its countries and agencies are untyped.
    validator = Validator(shapes, ontology)
    core = dict(demo_graphs)["core.ttl"]
    types = Graph()
    for triple in ontology.triples((None, RDF.type, None)):
        types.add(triple)
    report = validator.validate(core, _context(types, core))
    assert _own_violations(report, core)
