"""The Validator: severities, ontology subclasses, and the store's types as context."""

from __future__ import annotations

from rdflib import Graph, URIRef

from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore
from ipas.validation import Severity, Validator, context_types

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:PersonShape> a sh:NodeShape ; sh:targetClass <urn:Person> ;
  sh:property [ sh:path <urn:name> ; sh:minCount 1 ; sh:message "a person needs a name" ] ;
  sh:property [ sh:path <urn:memberOf> ; sh:class <urn:Org> ] ;
  sh:property [ sh:path <urn:nick> ; sh:maxCount 1 ; sh:severity sh:Warning ] .
"""
ONTOLOGY = "<urn:Cartel> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <urn:Org> ."


def graph(ttl: str) -> Graph:
    return Graph().parse(data=ttl, format="turtle")


VALIDATOR = Validator(graph(SHAPES), graph(ONTOLOGY))


def test_violation_and_warning_severities() -> None:
    data = graph('<urn:a> a <urn:Person> ; <urn:nick> "x", "y" . <urn:b> a <urn:Person> ; '
                 '<urn:name> "B" .')
    report = VALIDATOR.validate(data)
    assert [(str(r.focus), r.severity) for r in report.results] == [
        ("urn:a", Severity.VIOLATION),
        ("urn:a", Severity.WARNING),
    ]
    assert report.violations[0].message == "a person needs a name"
    assert not report.conforms and len(report.graph) > 0


def test_only_warnings_conform() -> None:
    report = VALIDATOR.validate(graph('<urn:a> a <urn:Person> ; <urn:name> "A" ; '
                                      '<urn:nick> "x", "y" .'))
    assert report.conforms and len(report.results) == 1


def test_subclass_from_ontology_satisfies_class_constraint() -> None:
    data = graph('<urn:a> a <urn:Person> ; <urn:name> "A" ; <urn:memberOf> <urn:c> . '
                 '<urn:c> a <urn:Cartel> .')
    assert VALIDATOR.validate(data).conforms


def test_store_types_are_context() -> None:
    store = OxigraphStore()
    store.load(b"<urn:c> a <urn:Org> .", "text/turtle", graph="urn:g:old")
    store.load(b"<urn:d> a <urn:Org> .", "text/turtle", graph="urn:g:hidden")
    data = graph('<urn:a> a <urn:Person> ; <urn:name> "A" ; <urn:memberOf> <urn:c>, <urn:d> .')
    assert not VALIDATOR.validate(data).conforms
    context = context_types(store, Scope.of(["urn:g:old"]), data)
    report = VALIDATOR.validate(data, context)
    assert [str(r.value) for r in report.violations] == ["urn:d"]
    assert set(context.subjects()) == {URIRef("urn:c")}


def test_no_shapes_never_validates_data_as_shapes() -> None:
    data = graph(SHAPES)  # data that *are* shapes must not be used as shapes
    assert Validator(Graph(), Graph()).validate(data).results == []
