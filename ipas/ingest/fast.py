"""The fast path for plain RDF files: parse, validate and stage without rdflib per triple.

The general pipeline turns every record into an rdflib graph and validates chunks with
pyshacl: right for any loader, but ~10k triples/s. When the batch is an N-Triples or N-Quads
file and every shape compiles to SPARQL (:mod:`ipas.shacl`), this path keeps the data
in pyoxigraph end to end: the chunk goes into an in-memory Oxigraph store beside the ontology,
the types of the nodes it references (from the store, and from earlier chunks of the batch),
and the compiled shapes run as SPARQL there. The results are the same as pyshacl's (shown by
the differential tests in ``tests/shacl``); a record is a subject with its triples, and a
record whose subject fails a Violation is quarantined with its first line in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from ipas.errors import BadInput
from ipas.quarantine import QuarantinedRecord
from ipas.shacl.validator import CompiledValidator, ShaclResult
from ipas.sources import SourcePosition
from ipas.store.base import Scope, Store
from ipas.validation import Severity, ValidationResult

#: Triples validated together: bounds memory for files larger than it.
CHUNK_TRIPLES = 500_000
#: IRIs per context query.
CONTEXT_CHUNK = 5_000
# Flat line formats only: nested syntaxes (Turtle, JSON-LD) keep the general path and its
# nesting-depth guards.
FORMATS = {
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass
class FastRun:
    records: int = 0
    triples: int = 0
    quarantined: list[QuarantinedRecord] = field(default_factory=list)
    warnings: list[ValidationResult] = field(default_factory=list)
    violations: list[ValidationResult] = field(default_factory=list)


def applicable(paths: list[Path], compiled: CompiledValidator) -> bool:
    """True for RDF files this path reads, when no shape needs pyshacl."""
    return compiled.fully_compiled and all(p.suffix.lower() in FORMATS for p in paths)


def _parse(path: Path) -> Iterator[ox.Quad]:
    try:
        yield from ox.parse(path=str(path), format=FORMATS[path.suffix.lower()],
                            base_iri=path.resolve().as_uri())
    except SyntaxError as err:
        raise BadInput(str(err.msg).split(": ", 1)[-1], source=path.name, line=err.lineno,
                       column=err.offset) from None


def _chunks(paths: list[Path]) -> Iterator[tuple[Path, list[ox.Quad]]]:
    for path in paths:
        chunk: list[ox.Quad] = []
        for quad in _parse(path):
            # A full chunk is cut only where the subject changes, so a record written as
            # consecutive lines (as N-Triples writers do) is validated whole.
            if len(chunk) >= CHUNK_TRIPLES and quad.subject != chunk[-1].subject:
                yield path, chunk
                chunk = []
            chunk.append(quad)
        if chunk:
            yield path, chunk


class FastStager:
    """Validates and stages one batch of RDF files, chunk by chunk."""

    def __init__(self, compiled: CompiledValidator, ontology: Graph, store: Store,
                 scope: Scope) -> None:
        self.compiled = compiled
        self.ontology_nt = ontology.serialize(format="nt", encoding="utf-8")
        self.store = store
        self.scope = scope
        self.batch_types: list[ox.Quad] = []

    def stage(self, paths: list[Path], graph: ox.NamedNode, sink: IO[bytes],
              progress: Callable[[int, int], None] | None = None) -> FastRun:
        run = FastRun()
        # Every type the batch asserts, first: a record may refer to a node typed further
        # down the file (in a later chunk), and must validate as if the file were one chunk.
        self.batch_types = [ox.Quad(q.subject, q.predicate, q.object)
                            for path in paths for q in _parse(path) if q.predicate == _RDF_TYPE]
        for path, chunk in _chunks(paths):
            self._chunk(path, chunk, graph, sink, run)
            if progress is not None:
                progress(run.records, run.triples)
        return run

    def _chunk(self, path: Path, chunk: list[ox.Quad], graph: ox.NamedNode, sink: IO[bytes],
               run: FastRun) -> None:
        work = ox.Store()
        work.extend(ox.Quad(q.subject, q.predicate, q.object) for q in chunk)
        work.load(self.ontology_nt, format=ox.RdfFormat.N_TRIPLES)
        work.extend(self.batch_types)
        work.extend(self._context(chunk))
        results = self.compiled.validate_store(work)
        failing: dict[ox.NamedNode | ox.BlankNode, list[ShaclResult]] = {}
        subjects = {q.subject for q in chunk}
        run.records += len(subjects)
        for result in results:
            plain = _plain(result)
            if plain.severity is not Severity.VIOLATION:
                run.warnings.append(plain)
                continue
            node = _ox_node(result)
            if node in subjects:
                failing.setdefault(node, []).append(result)
                run.violations.append(plain)
        held = self._closure(chunk, set(failing))
        kept = (ox.Quad(q.subject, q.predicate, q.object, graph)
                for q in chunk if q.subject not in held)
        counted = _Counted(kept)
        ox.serialize(counted, sink, ox.RdfFormat.N_QUADS)
        run.triples += counted.count
        if failing:
            run.quarantined.extend(self._quarantine(path, chunk, held, failing))

    def _context(self, chunk: list[ox.Quad]) -> Iterator[ox.Quad]:
        """``rdf:type`` triples from the store for IRIs the chunk refers to."""
        # Engine-serialized IRIs (parsed and checked by Oxigraph), never text from the file.
        referenced = sorted({str(q.object) for q in chunk
                             if isinstance(q.object, ox.NamedNode) and q.predicate != _RDF_TYPE})
        for start in range(0, len(referenced), CONTEXT_CHUNK):
            values = " ".join(referenced[start:start + CONTEXT_CHUNK])
            result = self.store.select(
                f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}", scope=self.scope)
            for row in result.rows:
                yield ox.Quad(ox.NamedNode(str(row["s"])), _RDF_TYPE, ox.NamedNode(str(row["t"])))

    @staticmethod
    def _closure(chunk: list[ox.Quad], failing: set[object]) -> set[object]:
        """Failing subjects plus the blank nodes they describe (their record's inner nodes)."""
        held = set(failing)
        frontier = set(failing)
        while frontier:
            found: set[object] = {q.object for q in chunk
                                  if q.subject in frontier and isinstance(q.object, ox.BlankNode)}
            frontier = found - held
            held |= frontier
        return held

    @staticmethod
    def _quarantine(path: Path, chunk: list[ox.Quad], held: set[object],
                    failing: dict[ox.NamedNode | ox.BlankNode, list[ShaclResult]],
                    ) -> Iterator[QuarantinedRecord]:
        lines = _first_lines(path, {s for s in failing if isinstance(s, ox.NamedNode)})
        by_subject: dict[object, list[ox.Quad]] = {}
        for q in chunk:  # one pass over the chunk, however many records fail
            if q.subject in held:
                by_subject.setdefault(q.subject, []).append(q)
        inner = [q for s, quads in by_subject.items() if s not in failing for q in quads]
        for subject, results in failing.items():
            triples = ox.serialize(
                (ox.Quad(q.subject, q.predicate, q.object)
                 for q in [*by_subject.get(subject, []), *inner]),
                format=ox.RdfFormat.N_TRIPLES,
            )
            yield QuarantinedRecord(
                SourcePosition(path.name, line=lines.get(subject), record_id=str(subject.value)),
                [_plain(r).to_dict() for r in results],
                (triples or b"").decode(),
            )


class _Counted:
    """Counts what passes through an iterator (the staged triple count)."""

    def __init__(self, items: Iterable[ox.Quad]) -> None:
        self.items = iter(items)
        self.count = 0

    def __iter__(self) -> Iterator[ox.Quad]:
        for item in self.items:
            self.count += 1
            yield item


def _first_lines(path: Path, subjects: set[ox.NamedNode]) -> dict[object, int]:
    """The first line on which each subject's IRI appears (only read when records fail)."""
    wanted = {f"<{s.value}>": s for s in subjects}
    found: dict[object, int] = {}
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            for text, node in list(wanted.items()):
                if text in line:
                    found[node] = number
                    del wanted[text]
            if not wanted:
                break
    return found


def _ox_node(result: ShaclResult) -> ox.NamedNode | ox.BlankNode | None:
    if isinstance(result.focus, BNode):
        return ox.BlankNode(str(result.focus))
    if isinstance(result.focus, URIRef):
        return ox.NamedNode(str(result.focus))
    return None


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


