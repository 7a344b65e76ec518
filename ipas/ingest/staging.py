"""Records -> validated N-Quads on disk: the one streaming path every loader's batch takes.

Records arrive as pyoxigraph triples (:class:`ipas.sources.Triples`). Every
``CHUNK_TRIPLES`` triples the chunk is serialized once as N-Triples and judged
(:mod:`ipas.ingest.judge`) in a worker process while this process reads the next one
(:mod:`ipas.ingest.worker`: two cores, the loader's Python on one, validation on the other).
The chunk's valid records are written to the stage file at once, from the same serialized
lines; a record with a Violation is held until the end of the batch and judged again against
all of the batch's types (the judge indexes each chunk's types), so a link to a node typed
further down the source never fails (memory is bounded by two chunks: held records wait in a
spill file, :mod:`ipas.ingest.held`).
Finally every triple that describes or refers to a quarantined record is taken out of the
stage (:mod:`ipas.ingest.dangling`), so nothing committed points at a node that was held back.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import URIRef

from ipas.ingest import dangling, fast
from ipas.ingest.fast import Unit
from ipas.ingest.held import HeldRecords
from ipas.ingest.judge import ChunkData, Verdict
from ipas.ingest.worker import InProcess, InWorker, Judging
from ipas.quarantine import QuarantinedRecord
from ipas.quarantine_log import QuarantineLog
from ipas.sources import Record, Rejected
from ipas.store.base import Scope, Store
from ipas.validation import ValidationReport, ValidationResult, Validator
from ipas.validation.report import report_of

Progress = Callable[[int, int], None]  # (records seen, triples seen)
#: IRIs per context query against the store.
CONTEXT_CHUNK = 5_000


@dataclass
class StageRun:
    """What staging a batch did."""

    records: int = 0  # records read (rejected and quarantined included)
    triples: int = 0  # triples written to the stage (before the store removes duplicates)
    quarantined: QuarantineLog = field(default_factory=QuarantineLog)  # bounded in memory
    warnings: list[ValidationResult] = field(default_factory=list)
    retractions: set[URIRef] = field(default_factory=set)
    reports: list[ValidationReport] = field(default_factory=list)
    rejected: int = 0  # records the loader could not read or map
    held_records: int = 0  # records quarantined by validation (dangling-link entries aside)


class Stager:
    """Stages one batch: validate chunk by chunk, write what is valid, hold what is not."""

    def __init__(self, validator: Validator, store: Store, scope: Scope, workdir: Path) -> None:
        self.validator = validator
        self.store = store
        self.scope = scope
        self.workdir = workdir
        self._judging: Judging | None = None
        self._types_dir: Path | None = None

    def stage(self, items: Iterator[Record | Rejected], graph: ox.NamedNode | ox.DefaultGraph,
              sink: IO[bytes], progress: Progress | None = None) -> StageRun:
        run = StageRun()
        # Named like the stage file, so that what a killed process left is swept next time.
        with tempfile.TemporaryDirectory(dir=self.workdir,
                                         prefix=f"stage-{os.getpid()}-types-") as tmp:
            self._types_dir = Path(tmp) / "types"
            held = HeldRecords(Path(tmp))
            try:
                self._stream(items, graph, sink, run, held, progress)
                self._settle(held, graph, sink, run)
            finally:
                held.close()
                if self._judging is not None:
                    self._judging.close()
                    self._judging = None
        return run

    def _start_worker(self) -> None:
        """A worker process for this batch, started while the first chunk is still being read
        (it imports and reads the shapes meanwhile) once the batch is sure to be large."""
        if self._judging is None and self.validator.active \
                and fast.CHUNK_TRIPLES >= fast.PROCESS_MIN_CHUNK:
            self._judging = InWorker(self.validator, self._types_dir)

    def _judge(self, chunk: ChunkData, *, index_types: bool = True) -> Verdict:
        """The chunk's verdict, from the batch's judge (the worker process when started, else
        this process: a batch of less than a chunk is not worth a process)."""
        if self._judging is None:
            self._judging = InProcess(self.validator, self._types_dir)
        return self._judging.verdict(chunk, self._store_types, index_types=index_types)

    def _stream(self, items: Iterator[Record | Rejected], graph: ox.NamedNode | ox.DefaultGraph,
                sink: IO[bytes], run: StageRun, held: HeldRecords,
                progress: Progress | None) -> None:
        chunk: list[Unit] = []
        size = 0
        # One courier thread: it waits on the worker (or judges, for a small batch) while
        # this thread reads; one chunk in flight keeps memory bounded.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="validate") as courier:
            pending: tuple[list[Unit], ChunkData, Future[Verdict]] | None = None
            for item in items:
                run.records += 1
                if isinstance(item, Rejected):
                    run.rejected += 1
                    run.quarantined.append(QuarantinedRecord.of_rejected(item))
                    continue
                unit = _unit(item)
                chunk.append(unit)
                size += len(unit.triples)
                if self._judging is None and size >= fast.CHUNK_TRIPLES // 2:
                    self._start_worker()
                if size >= fast.CHUNK_TRIPLES:
                    data = encode(chunk)
                    if pending is not None:
                        self._write(pending[0], pending[1], pending[2].result(), graph, sink,
                                    run, held)
                    pending = (chunk, data, courier.submit(self._judge, data))
                    chunk, size = [], 0
                    if progress is not None:
                        progress(run.records, run.triples)
            if pending is not None:
                self._write(pending[0], pending[1], pending[2].result(), graph, sink, run,
                            held)
            if chunk:
                data = encode(chunk)
                self._write(chunk, data, self._judge(data), graph, sink, run, held)
        if progress is not None:
            progress(run.records, run.triples)

    def _write(self, units: list[Unit], data: ChunkData, verdict: Verdict,
               graph: ox.NamedNode | ox.DefaultGraph, sink: IO[bytes], run: StageRun,
               held: HeldRecords | None) -> None:
        """Stage the chunk's valid records; the failing ones go to ``held`` (for the end)."""
        run.warnings.extend(verdict.warnings)
        if verdict.failing:
            valid, blob = [], []
            lines = data.blob.splitlines(keepends=True)
            start = 0
            for index, (unit, count) in enumerate(zip(units, data.counts, strict=True)):
                if index not in verdict.failing:
                    valid.append(unit)
                    blob.extend(lines[start:start + count])
                elif held is not None:
                    held.add(unit, b"".join(lines[start:start + count]))
                start += count
            kept = b"".join(blob)
        else:
            valid, kept = units, data.blob
        for unit in valid:
            if unit.retractions:
                run.retractions.update(unit.retractions)
        dangling.write_positions(sink, valid)
        sink.write(in_graph(kept, graph))
        run.triples += sum(len(unit.triples) for unit in valid)

    def _settle(self, held: HeldRecords, graph: ox.NamedNode | ox.DefaultGraph, sink: IO[bytes],
                run: StageRun) -> None:
        """Judge the held records again with all the batch's types; quarantine what still
        fails, then everything in the stage that describes or refers to it."""
        failed: list[Unit] = []
        for part in held.parts(fast.CHUNK_TRIPLES):
            data = encode(part)
            verdict = self._judge(data, index_types=False)  # their types are indexed already
            self._write(part, data, Verdict(failing={i: [] for i in verdict.failing}), graph,
                        sink, run, None)
            for index in sorted(verdict.failing):
                unit = part[index]
                reasons = verdict.failing[index]
                failed.append(unit)
                run.quarantined.append(QuarantinedRecord.of_triples(
                    unit.position, [r.to_dict() for r in reasons], unit.triples))
                run.reports.append(report_of(reasons))
        run.held_records = len(failed)
        if failed:
            removed = dangling.remove(sink, failed)
            run.triples -= removed.triples
            run.quarantined.extend(removed.records)

    def _store_types(self, links: list[str]) -> list[tuple[str, str]]:
        """``(node, class)`` pairs from the store for the IRIs (``<...>``) a chunk links to,
        in the uploader's scope."""
        found: list[tuple[str, str]] = []
        for start in range(0, len(links), CONTEXT_CHUNK):
            values = " ".join(links[start:start + CONTEXT_CHUNK])
            result = self.store.select(
                f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}", scope=self.scope)
            found.extend((str(row["s"]), str(row["t"])) for row in result.rows)
        return found


def encode(units: list[Unit]) -> ChunkData:
    """The chunk as it crosses to the judge: one N-Triples line per triple, in record order.

    >>> from ipas.sources import SourcePosition
    >>> u = Unit(SourcePosition("a.nt", 1), [ox.Triple(ox.NamedNode("urn:a"),
    ...          ox.NamedNode("urn:p"), ox.Literal("x"))], frozenset({URIRef("urn:a")}))
    >>> encode([u])
    ChunkData(blob=b'<urn:a> <urn:p> "x" .\\n', counts=[1], subjects=[['<urn:a>']])
    """
    triples = [t for unit in units for t in unit.triples]
    try:
        blob = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    except ValueError:  # quads in named graphs (a batch is one graph: the names go)
        blob = ox.serialize([ox.Triple(t.subject, t.predicate, t.object) for t in triples],
                            format=ox.RdfFormat.N_TRIPLES)
    return ChunkData(blob or b"", [len(unit.triples) for unit in units],
                     [unit.tokens() for unit in units])


def in_graph(ntriples: bytes, graph: ox.NamedNode | ox.DefaultGraph) -> bytes:
    """N-Triples lines as N-Quads lines in ``graph``. N-Triples escapes line breaks inside
    literals, and IRIs hold no spaces: `` .\\n`` only ever ends a line.

    >>> in_graph(b'<urn:a> <urn:p> "x .\\\\n" .\\n', ox.NamedNode("urn:g"))
    b'<urn:a> <urn:p> "x .\\\\n" <urn:g> .\\n'
    """
    if isinstance(graph, ox.DefaultGraph):
        return ntriples
    return ntriples.replace(b" .\n", b" " + str(graph).encode() + b" .\n")


def _unit(record: Record) -> Unit:
    return Unit(record.position, record.graph.ox(), record.subjects, tuple(record.retractions))
