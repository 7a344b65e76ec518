"""Records -> validated N-Quads on disk: the one streaming path every loader's batch takes.

Records arrive as pyoxigraph triples (:class:`ipas.sources.Triples`), their types go into the
batch's :class:`~ipas.ingest.types.TypeIndex`, and every ``CHUNK_TRIPLES`` triples the chunk
is validated by a worker thread while the main thread reads the next one (two cores: the
loader's Python on one, the engine's queries on the other). Valid records are written to the
stage file at once; a record with a Violation is held until the end of the batch and validated
again against all of the batch's types, so a link to a node typed further down the source
never fails (memory is bounded by the chunk plus the held records). Finally every triple that
describes or refers to a quarantined record is taken out of the stage
(:mod:`ipas.ingest.dangling`), so nothing committed points at a node that was held back.
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
from ipas.ingest.fast import ChunkValidator, Unit, Verdict
from ipas.ingest.types import TypeIndex
from ipas.quarantine import QuarantinedRecord
from ipas.sources import Record, Rejected
from ipas.store.base import Scope, Store
from ipas.validation import ValidationReport, ValidationResult, Validator
from ipas.validation.report import report_of

Progress = Callable[[int, int], None]  # (records seen, triples seen)


@dataclass
class StageRun:
    """What staging a batch did."""

    records: int = 0  # records read (rejected and quarantined included)
    triples: int = 0  # triples written to the stage (before the store removes duplicates)
    quarantined: list[QuarantinedRecord] = field(default_factory=list)
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

    def stage(self, items: Iterator[Record | Rejected], graph: ox.NamedNode | ox.DefaultGraph,
              sink: IO[bytes], progress: Progress | None = None) -> StageRun:
        run = StageRun()
        # Named like the stage file, so that what a killed process left is swept next time.
        with tempfile.TemporaryDirectory(dir=self.workdir,
                                         prefix=f"stage-{os.getpid()}-types-") as tmp:
            types = TypeIndex(Path(tmp) / "types")
            try:
                held = self._stream(items, graph, sink, types, run, progress)
                self._settle(held, graph, sink, types, run)
            finally:
                types.close()
        return run

    def _stream(self, items: Iterator[Record | Rejected], graph: ox.NamedNode | ox.DefaultGraph,
                sink: IO[bytes], types: TypeIndex, run: StageRun,
                progress: Progress | None) -> list[Unit]:
        checker = ChunkValidator(self.validator, self.store, self.scope, types)
        held: list[Unit] = []
        chunk: list[Unit] = []
        size = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="validate") as pool:
            pending: tuple[list[Unit], Future[Verdict]] | None = None
            for item in items:
                run.records += 1
                if isinstance(item, Rejected):
                    run.rejected += 1
                    run.quarantined.append(QuarantinedRecord.of_rejected(item))
                    continue
                unit = _unit(item)
                types.add(unit.triples)
                chunk.append(unit)
                size += len(unit.triples)
                if size >= fast.CHUNK_TRIPLES:
                    types.flush()  # before the worker reads the index
                    if pending is not None:  # one chunk in flight: memory stays bounded
                        held += self._write(pending[0], pending[1].result(), graph, sink, run)
                    pending = (chunk, pool.submit(checker.validate, chunk))
                    chunk, size = [], 0
                    if progress is not None:
                        progress(run.records, run.triples)
            if pending is not None:
                held += self._write(pending[0], pending[1].result(), graph, sink, run)
            types.flush()
            if chunk:
                held += self._write(chunk, checker.validate(chunk), graph, sink, run)
        if progress is not None:
            progress(run.records, run.triples)
        return held

    def _write(self, units: list[Unit], verdict: Verdict, graph: ox.NamedNode | ox.DefaultGraph,
               sink: IO[bytes], run: StageRun) -> list[Unit]:
        """Stage the chunk's valid records; return the failing ones (held for the end)."""
        run.warnings.extend(verdict.warnings)
        held = [units[i] for i in sorted(verdict.failing)]
        valid = [u for i, u in enumerate(units) if i not in verdict.failing]
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
                 for unit in valid for t in unit.triples]
        for unit in valid:
            run.retractions.update(unit.retractions)
        dangling.write_positions(sink, valid)
        ox.serialize(quads, sink, ox.RdfFormat.N_QUADS)
        run.triples += len(quads)
        return held

    def _settle(self, held: list[Unit], graph: ox.NamedNode | ox.DefaultGraph, sink: IO[bytes],
                types: TypeIndex, run: StageRun) -> None:
        """Validate the held records again with all the batch's types; quarantine what still
        fails, then everything in the stage that describes or refers to it."""
        if held:
            checker = ChunkValidator(self.validator, self.store, self.scope, types)
            verdict = checker.validate(held)
            self._write([u for i, u in enumerate(held) if i not in verdict.failing],
                        Verdict(), graph, sink, run)
            failed = [held[i] for i in sorted(verdict.failing)]
            run.held_records = len(failed)
            for index, unit in zip(sorted(verdict.failing), failed, strict=True):
                reasons = verdict.failing[index]
                run.quarantined.append(QuarantinedRecord.of_triples(
                    unit.position, [r.to_dict() for r in reasons], unit.triples))
                run.reports.append(report_of(reasons))
            removed = dangling.remove(sink, failed)
            run.triples -= removed.triples
            run.quarantined.extend(removed.records)


def _unit(record: Record) -> Unit:
    subjects = {fast.ox_node(s) for s in record.subjects}
    return Unit(record.position, record.graph.ox(),
                frozenset(s for s in subjects if s is not None), tuple(record.retractions))
