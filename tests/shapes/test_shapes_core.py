"""The shapes use SHACL Core only, with severities and messages a person can act on."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH

from ipas.namespace import IPAS
from ipas.ontology import module_files, ontology_graph, shapes_graph
from ipas.ontology.files import ONTOLOGY_DIR, SHAPES_DIR

# SHACL-SPARQL and SHACL-AF terms: the benchmark compiles shapes, and these do not compile.
NOT_CORE = {
    SH.sparql, SH.select, SH.ask, SH.construct, SH.prefixes, SH.declare, SH.rule,
    SH.SPARQLConstraint, SH.SPARQLTarget, SH.target, SH.js, SH.jsFunctionName,
    SH.condition, SH.order, SH.TripleRule, SH.SPARQLRule,
}  # fmt: skip


def test_shapes_use_only_shacl_core() -> None:
    g = shapes_graph()
    used = {
        t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(str(SH))
    }
    assert not used & NOT_CORE, sorted(used & NOT_CORE)
    unknown = sorted(t for t in used if t not in SH)
    assert not unknown, f"not SHACL terms: {unknown}"


def test_every_node_shape_targets_a_declared_class() -> None:
    g, onto = shapes_graph(), ontology_graph()
    for shape in g.subjects(RDF.type, SH.NodeShape):
        targets = list(g.objects(shape, SH.targetClass))
        assert targets, f"{shape} has no sh:targetClass"
        for cls in targets:
            assert (cls, RDF.type, OWL.Class) in onto, f"{shape} targets undeclared {cls}"


def test_every_constraint_has_severity_and_message() -> None:
    g = shapes_graph()
    constrained = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.objects(None, SH.property))
    for shape in constrained:
        if (shape, RDF.type, SH.NodeShape) in g and not (
            set(g.predicates(shape)) - {RDF.type, SH.targetClass, SH.property}
        ):
            continue  # a node shape whose constraints all sit in its property shapes
        severity = g.value(shape, SH.severity)
        assert severity in (SH.Violation, SH.Warning, SH.Info), f"{shape}: no severity"
        messages = list(g.objects(shape, SH.message))
        assert len(messages) == 1 and isinstance(messages[0], Literal), f"{shape}: message"
        assert messages[0].language == "en" and len(str(messages[0])) > 20


def test_all_three_severities_are_used() -> None:
    severities = set(shapes_graph().objects(None, SH.severity))
    assert severities == {SH.Violation, SH.Warning, SH.Info}


def test_grading_and_markings_are_closed_lists() -> None:
    g = shapes_graph()
    closed = {}
    for ps in g.objects(None, SH.property):
        head = g.value(ps, SH["in"])
        if head is not None:
            closed[g.value(ps, SH.path)] = list(g.items(head))
    assert [str(v) for v in closed[IPAS.sourceReliability]] == list("ABCDEF")
    assert [v.toPython() for v in closed[IPAS.informationCredibility]] == [1, 2, 3, 4, 5, 6]
    assert set(closed[IPAS.marking]) == set(
        ontology_graph().subjects(RDF.type, IPAS.HandlingMarking)
    )


def test_shapes_mirror_the_ontology_modules() -> None:
    onto = {p.relative_to(ONTOLOGY_DIR) for p in module_files(ONTOLOGY_DIR)}
    shapes = {p.relative_to(SHAPES_DIR) for p in module_files(SHAPES_DIR)}
    # Header and alignments declare no instance classes; every other module has its shapes file.
    assert shapes == {p for p in onto if p.name not in ("ipas.ttl", "alignments.ttl")}


def test_property_shapes_are_blank_nodes_with_a_path() -> None:
    g = shapes_graph()
    for ps in g.objects(None, SH.property):
        assert isinstance(ps, BNode)
        assert g.value(ps, SH.path) is not None
