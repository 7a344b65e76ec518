"""Validation results as plain objects, read from a pyshacl ``sh:ValidationReport`` graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rdflib import RDF, BNode, Graph, Literal
from rdflib.namespace import SH, XSD
from rdflib.term import Node


class Severity(StrEnum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def of(cls, node: Node | None) -> Severity:
        """The severity named by a ``sh:resultSeverity`` value (unknown counts as Violation)."""
        local = str(node).rsplit("#", 1)[-1] if node is not None else ""
        return cls(local) if local in cls._value2member_map_ else cls.VIOLATION


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result: which node, which property, which value, how bad, and why."""

    focus: Node
    path: Node | None
    value: Node | None
    severity: Severity
    message: str
    source_shape: Node | None
    component: Node | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: terms as their N-Triples-like text (what the CLI and API show)."""

        def text(node: Node | None) -> str | None:
            return None if node is None else str(node)

        return {
            "focus": text(self.focus),
            "path": text(self.path),
            "value": text(self.value),
            "severity": self.severity.value,
            "message": self.message,
            "source_shape": text(self.source_shape),
            "component": text(self.component),
        }


@dataclass
class ValidationReport:
    """All results of one validation; ``graph`` is the ``sh:ValidationReport`` itself."""

    results: list[ValidationResult] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)

    @property
    def conforms(self) -> bool:
        """No Violation (Warnings and Infos never block a record)."""
        return not self.violations

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity is Severity.VIOLATION]

    def for_focus(self, nodes: set[Node]) -> list[ValidationResult]:
        return [r for r in self.results if r.focus in nodes]


def read_report(graph: Graph) -> ValidationReport:
    """Plain results from a SHACL report graph, in a stable order.

    >>> read_report(Graph()).conforms
    True
    """
    results = []
    for report in graph.subjects(RDF.type, SH.ValidationReport):
        for node in graph.objects(report, SH.result):
            message = graph.value(node, SH.resultMessage)
            results.append(
                ValidationResult(
                    focus=graph.value(node, SH.focusNode),  # type: ignore[arg-type]
                    path=graph.value(node, SH.resultPath),
                    value=graph.value(node, SH.value),
                    severity=Severity.of(graph.value(node, SH.resultSeverity)),
                    message=str(message) if message is not None else "",
                    source_shape=graph.value(node, SH.sourceShape),
                    component=graph.value(node, SH.sourceConstraintComponent),
                )
            )
    results.sort(key=lambda r: (str(r.focus), str(r.path), str(r.component), str(r.value)))
    return ValidationReport(results=results, graph=graph)


def report_of(results: list[ValidationResult]) -> ValidationReport:
    """A report (with its ``sh:ValidationReport`` graph) of results already read.

    >>> report = report_of([])
    >>> report.conforms, len(report.graph)
    (True, 2)
    """
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    for result in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        graph.add((node, SH.resultSeverity, SH[result.severity.value]))
        graph.add((node, SH.resultMessage, Literal(result.message)))
        for predicate, term in ((SH.resultPath, result.path), (SH.value, result.value),
                                (SH.sourceShape, result.source_shape),
                                (SH.sourceConstraintComponent, result.component)):
            if term is not None:
                graph.add((node, predicate, term))
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    graph.add((report, SH.conforms, Literal(conforms, datatype=XSD.boolean)))
    return ValidationReport(results=list(results), graph=graph)
