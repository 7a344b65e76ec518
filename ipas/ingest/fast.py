"""Validating one chunk of records in the engine: which records fail, and why.

A chunk's triples go into an in-memory Oxigraph store beside the ontology, the batch's types
of the IRIs the chunk mentions (:class:`~ipas.ingest.types.TypeIndex`) and the store's types
of the nodes it links to (scoped to what the uploader may see); the shapes compiled to SPARQL
(:mod:`ipas.shacl`) run there, with the same results as pyshacl (``tests/shacl``). When some
shape does not compile, the chunk goes through pyshacl instead. Nothing here touches Python
per triple but the mapping of results back to records, so a chunk validates in a worker
thread (the engine releases the GIL) while the next one is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ipas.ingest.types import RDF_TYPE, TypeIndex
from ipas.shacl.validator import ShaclResult
from ipas.sources import SourcePosition
from ipas.store.base import Scope, Store
from ipas.store.terms import from_ox
from ipas.validation import Severity, ValidationResult, Validator

#: Triples validated together: bounds memory, and is the unit of overlap between threads.
CHUNK_TRIPLES = 100_000
#: IRIs per context query against the store.
CONTEXT_CHUNK = 5_000

OxNode = ox.NamedNode | ox.BlankNode


@dataclass
class Unit:
    """One record in flight: where it came from, its triples, the nodes it describes."""

    position: SourcePosition
    triples: list[ox.Triple]
    subjects: frozenset[OxNode]
    retractions: tuple[URIRef, ...] = ()

    def declared(self) -> set[OxNode]:
        """The nodes this record is about: its subjects and the blank nodes inside it."""
        return {*self.subjects, *(t.subject for t in self.triples
                                  if isinstance(t.subject, ox.BlankNode))}

    def described(self) -> set[OxNode]:
        """Every node this record states something about (shared nodes included)."""
        return {t.subject for t in self.triples
                if isinstance(t.subject, ox.NamedNode | ox.BlankNode)}


@dataclass
class Verdict:
    """A chunk's outcome: Violations per failing record, and the non-blocking results."""

    failing: dict[int, list[ValidationResult]] = field(default_factory=dict)
    warnings: list[ValidationResult] = field(default_factory=list)


class ChunkValidator:
    """Validates chunks of one batch (thread-safe: it only reads what it was given)."""

    def __init__(self, validator: Validator, store: Store, scope: Scope,
                 types: TypeIndex) -> None:
        self.validator = validator
        self.store = store
        self.scope = scope
        self.types = types
        self.ontology_nt = validator.ontology.serialize(format="nt", encoding="utf-8")

    def validate(self, units: list[Unit]) -> Verdict:
        if not self.validator.active or not units:
            return Verdict()
        triples = [t for unit in units for t in unit.triples]
        context = [*self.types.types_of(_iris(triples)), *self._store_types(triples)]
        if self.validator.compiled.fully_compiled:
            results = [_plain(r) for r in self._compiled(triples, context)]
        else:
            results = self._pyshacl(triples, context)
        # A result fails the record that is about its focus node. A node no record is about
        # (a shared country or programme node restated by many) fails those that state it;
        # a record that only restates another record's node (a stub type) does not fail with
        # it: its statements about that node are taken out as dangling if that record fails.
        declared: dict[Node, list[int]] = {}
        described: dict[Node, list[int]] = {}
        for index, unit in enumerate(units):
            for node in unit.declared():
                declared.setdefault(from_ox(node), []).append(index)
            for node in unit.described():
                described.setdefault(from_ox(node), []).append(index)
        verdict = Verdict()
        for result in results:
            indexes = declared.get(result.focus) or described.get(result.focus, [])
            if not indexes:
                continue  # about a context node: judged where it is described
            if result.severity is not Severity.VIOLATION:
                verdict.warnings.append(result)
                continue
            for index in indexes:
                verdict.failing.setdefault(index, []).append(result)
        return verdict

    def _compiled(self, triples: list[ox.Triple], context: list[ox.Triple],
                  ) -> list[ShaclResult]:
        return self.validator.compiled.validate_triples(triples, context, self.ontology_nt)

    def _pyshacl(self, triples: list[ox.Triple], context: list[ox.Triple],
                 ) -> list[ValidationResult]:
        data, around = Graph(), Graph()
        for graph, part in ((data, triples), (around, context)):
            for t in part:
                graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return self.validator.validate(data, around).results

    def _store_types(self, triples: list[ox.Triple]) -> Iterator[ox.Triple]:
        """``rdf:type`` triples from the store for IRIs the chunk links to."""
        linked = sorted({str(t.object) for t in triples
                         if isinstance(t.object, ox.NamedNode) and t.predicate != RDF_TYPE})
        for start in range(0, len(linked), CONTEXT_CHUNK):
            values = " ".join(linked[start:start + CONTEXT_CHUNK])
            result = self.store.select(
                f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}", scope=self.scope)
            for row in result.rows:
                yield ox.Triple(ox.NamedNode(str(row["s"])), RDF_TYPE,
                                ox.NamedNode(str(row["t"])))


def _iris(triples: Iterable[ox.Triple]) -> set[ox.NamedNode]:
    """IRIs a chunk mentions as subject or linked object (classes excluded)."""
    found: set[ox.NamedNode] = set()
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            found.add(t.subject)
        if isinstance(t.object, ox.NamedNode) and t.predicate != RDF_TYPE:
            found.add(t.object)
    return found


def _plain(result: ShaclResult) -> ValidationResult:
    return ValidationResult(
        focus=result.focus,
        path=result.path,
        value=result.value,
        severity=Severity.of(result.severity),
        message=result.message,
        source_shape=result.source_shape,
        component=result.component,
    )


def ox_node(node: Node) -> OxNode | None:
    """An rdflib subject as a pyoxigraph node (None for literals)."""
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    return None
