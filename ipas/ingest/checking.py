"""Validating records a chunk at a time and deciding, per record, commit or quarantine.

A chunk's records are validated together (they may refer to each other), with the store's
types of the nodes they mention, and the types this batch has asserted in earlier chunks.
A Violation on any node a record describes (its subjects, or blank nodes inside it) sends the
whole record to quarantine; Warnings and Infos are kept in the report and do not block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.term import Node

from ipas.quarantine import QuarantinedRecord
from ipas.sources import Record
from ipas.validation import Severity, ValidationReport, ValidationResult, Validator

ContextFn = Callable[[list[Graph]], Graph]


@dataclass
class ChunkOutcome:
    valid: list[Record] = field(default_factory=list)
    quarantined: list[QuarantinedRecord] = field(default_factory=list)
    report: ValidationReport = field(default_factory=ValidationReport)
    #: Warnings and Infos about this chunk's own records (context nodes are not judged here).
    warnings: list[ValidationResult] = field(default_factory=list)


class ChunkChecker:
    """Validates chunks of one batch; remembers the batch's own ``rdf:type`` assertions."""

    def __init__(self, validator: Validator, context: ContextFn) -> None:
        self.validator = validator
        self.context = context
        self.batch_types = Graph()

    def check(self, records: list[Record]) -> ChunkOutcome:
        if not self.validator.active:
            return ChunkOutcome(valid=list(records))
        graphs = [record.graph for record in records]
        owner: dict[Node, list[int]] = {}
        for index, record in enumerate(records):
            nodes: set[Node] = set(record.subjects)
            nodes.update(s for s in record.graph.subjects() if isinstance(s, URIRef | BNode))
            for node in nodes:
                owner.setdefault(node, []).append(index)
        context = self.context(graphs)
        for triple in self.batch_types:
            context.add(triple)
        report = self.validator.validate(graphs, context)
        failing: dict[int, list[ValidationResult]] = {}
        for result in report.violations:
            for index in owner.get(result.focus, []):
                failing.setdefault(index, []).append(result)
        outcome = ChunkOutcome(report=report)
        outcome.warnings = [r for r in report.results
                            if r.severity is not Severity.VIOLATION and r.focus in owner]
        for index, record in enumerate(records):
            if index in failing:
                reasons = [r.to_dict() for r in failing[index]]
                outcome.quarantined.append(QuarantinedRecord.of_record(record, reasons))
            else:
                outcome.valid.append(record)
                for triple in record.graph.triples((None, RDF.type, None)):
                    self.batch_types.add(triple)
        return outcome
