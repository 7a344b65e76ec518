"""Compiled-validator results as a standard ``sh:ValidationReport`` graph."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, BNode, Graph, Literal
from rdflib.namespace import SH, XSD

from ipas.shacl.validator import ShaclResult


def report_graph(results: Iterable[ShaclResult]) -> Graph:
    """The SHACL report of ``results`` (conforms when none is a Violation).

    >>> g = report_graph([])
    >>> g.value(next(g.subjects(RDF.type, SH.ValidationReport)), SH.conforms).toPython()
    True
    """
    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    conforms = True
    for result in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        if result.path is not None:
            graph.add((node, SH.resultPath, result.path))
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        graph.add((node, SH.sourceShape, result.source_shape))
        graph.add((node, SH.sourceConstraintComponent, result.component))
        graph.add((node, SH.resultSeverity, result.severity))
        graph.add((node, SH.resultMessage, Literal(result.message)))
        conforms = conforms and result.severity != SH.Violation
    graph.add((report, SH.conforms, Literal(conforms, datatype=XSD.boolean)))
    return graph
