"""Self-contained shape test cases: one Turtle file holds the data and the expected report.

The expected report is every triple reachable from the ``sh:ValidationReport`` node; the rest of
the file is the data. Reports are compared as graphs after normalizing what a case file cannot
spell: messages are dropped, and a result raised by a (blank) property shape names the node
shape that declares it as ``sh:sourceShape``.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ipas.ontology import ontology_graph, shapes_graph

CASES_DIR = Path(__file__).parent / "cases"
KEPT = (SH.focusNode, SH.resultPath, SH.resultSeverity, SH.sourceConstraintComponent, SH.value)


def _closure(graph: Graph, start: Node, out: Graph) -> None:
    for p, o in graph.predicate_objects(start):
        out.add((start, p, o))
        if isinstance(o, BNode):
            _closure(graph, o, out)


def split_case(path: Path) -> tuple[Graph, Graph]:
    """(data, expected report) from one case file."""
    whole = Graph().parse(path, format="turtle")
    expected = Graph()
    for report in whole.subjects(RDF.type, SH.ValidationReport):
        _closure(whole, report, expected)
    data = Graph()
    for triple in whole:
        if triple not in expected:
            data.add(triple)
    return data, expected


def validate(data: Graph) -> Graph:
    """pyshacl as ipas.validation runs it: no inference, ontology as ont_graph, all severities."""
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
    )
    assert isinstance(report, Graph)
    return report


def _owner(shapes: Graph, shape: Node) -> Node:
    if isinstance(shape, BNode):
        owner = shapes.value(predicate=SH.property, object=shape)
        if owner is not None:
            return owner
    return shape


def _copy(src: Graph, node: Node, dst: Graph) -> Node:
    """Copy a path expression (IRI, list or blank node) from ``src`` into ``dst``."""
    if not isinstance(node, BNode):
        return node
    new = BNode()
    if (node, RDF.first, None) in src:
        items = [_copy(src, item, dst) for item in Collection(src, node)]
        Collection(dst, new, items)
        return new
    for p, o in src.predicate_objects(node):
        dst.add((new, p, _copy(src, o, dst)))
    return new


def normalize(report: Graph) -> Graph:
    """The report without messages, with property-shape results owned by their node shape."""
    shapes = shapes_graph()
    out = Graph()
    for rep in report.subjects(RDF.type, SH.ValidationReport):
        new_rep = BNode()
        out.add((new_rep, RDF.type, SH.ValidationReport))
        conforms = report.value(rep, SH.conforms)
        out.add((new_rep, SH.conforms, conforms if conforms is not None else Literal(True)))
        for result in report.objects(rep, SH.result):
            r = BNode()
            out.add((new_rep, SH.result, r))
            for p in KEPT:
                for o in report.objects(result, p):
                    out.add((r, p, _copy(report, o, out)))
            source = report.value(result, SH.sourceShape)
            if source is not None:
                out.add((r, SH.sourceShape, _owner(shapes, source)))
    return out


def same_report(expected: Graph, actual: Graph) -> tuple[bool, str]:
    """Whether two normalized reports are isomorphic, and a readable diff when not."""
    if isomorphic(expected, actual):
        return True, ""
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    text = "only expected:\n" + only_expected.serialize(format="nt")
    text += "only actual:\n" + only_actual.serialize(format="nt")
    return False, text


def result_shapes(report: Graph) -> set[URIRef]:
    """The (node) shapes that raised at least one result."""
    return {s for s in report.objects(None, SH.sourceShape) if isinstance(s, URIRef)}
