"""Records -> validated N-Quads on disk: the one streaming path every loader's batch takes.

Records arrive as pyoxigraph triples (:class:`ipas.sources.Triples`) or as blocks of canonical
N-Triples lines (:class:`ipas.sources.base.LineBlock`). Every ``CHUNK_TRIPLES`` triples the
chunk is serialized once as N-Triples and judged (:mod:`ipas.ingest.judge`) in a worker
process while this process reads the next one (:mod:`ipas.ingest.worker`: the loader's Python
on one core, validation on the other); a batch past :data:`PARALLEL_MIN_TRIPLES` gets a second
worker, chunks going to each in turn, when reading costs less than judging (a line-based file).
The chunk's valid records are written to the stage file at once, from the same serialized
lines; a record with a Violation is held until the end of the batch and judged again against
all of the batch's types (this process indexes each chunk's types and sends each chunk the
types it needs), so a link to a node typed further down the source never fails (memory is
bounded by a chunk per worker and the one being read: held records wait in a spill file,
:mod:`ipas.ingest.held`).
Finally every triple that describes or refers to a quarantined record is taken out of the
stage (:mod:`ipas.ingest.dangling`), so nothing committed points at a node that was held back.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import URIRef

from ipas.ingest import dangling, fast
from ipas.ingest.fast import Chunk, Unit, as_unit
from ipas.ingest.held import HeldRecords
from ipas.ingest.judge import ChunkData, Verdict, named_nodes, type_lines
from ipas.ingest.types import RDF_TYPE, TypeIndex
from ipas.ingest.worker import InProcess, InWorker, Judging
from ipas.quarantine import QuarantinedRecord
from ipas.quarantine_log import QuarantineLog
from ipas.sources import Record, Rejected
from ipas.sources.base import LineBlock
from ipas.store.base import Scope, Store
from ipas.validation import ValidationReport, ValidationResult, Validator
from ipas.validation.report import report_of

Progress = Callable[[int, int], None]  # (records seen, triples seen)
#: IRIs per context query against the store.
CONTEXT_CHUNK = 5_000
#: Triples read before a batch of line blocks gets a second worker process (one costs about
#: a second of CPU to start; below this a batch is done before it pays).
PARALLEL_MIN_TRIPLES = 150_000
#: Worker processes at most (validation is CPU-bound: no more than the cores).
WORKERS = max(1, min(2, os.cpu_count() or 1))


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
        self._judges: list[Judging] = []
        self._last = -1  # the judge of the last chunk
        self._types: TypeIndex | None = None
        self._filling = Chunk()

    def stage(self, items: Iterator[Record | Rejected | LineBlock],
              graph: ox.NamedNode | ox.DefaultGraph, sink: IO[bytes],
              progress: Progress | None = None) -> StageRun:
        run = StageRun()
        # Named like the stage file, so that what a killed process left is swept next time.
        with tempfile.TemporaryDirectory(dir=self.workdir,
                                         prefix=f"stage-{os.getpid()}-types-") as tmp:
            self._types = TypeIndex(Path(tmp) / "types")
            held = HeldRecords(Path(tmp))
            try:
                self._stream(items, graph, sink, run, held, progress)
                self._settle(held, graph, sink, run)
            finally:
                held.close()
                for judging in self._judges:
                    judging.close()
                self._judges = []
                self._types.close()
                self._types = None
        return run

    def _start_worker(self) -> None:
        """A worker process for this batch, started while a chunk is still being read (it
        imports and reads the shapes meanwhile) once the batch is sure to be large."""
        if self.validator.active and fast.CHUNK_TRIPLES >= fast.PROCESS_MIN_CHUNK \
                and len(self._judges) < WORKERS:
            self._judges.append(InWorker(self.validator))

    def _judge(self, chunk: ChunkData, *, index_types: bool = True, extra: bytes = b"",
               ) -> Verdict:
        """The chunk's verdict, from the batch's next judge (see :meth:`_next`); ``extra``:
        more context (N-Triples)."""
        return self._next(chunk, index_types=index_types, extra=extra)()

    def _next(self, chunk: ChunkData, *, index_types: bool = True, extra: bytes = b"",
              ) -> Callable[[], Verdict]:
        """The call that judges ``chunk`` on the next judge in turn (a worker process when
        started, else this process: a batch of less than a chunk is not worth one), the call
        may run in a courier thread. Made here, in chunk order: the chunk's types go into the
        batch's index and its context is read from the index as it stands, so each chunk
        sees the types of the chunks before it and its own, whichever judge has it."""
        if not self._judges:
            self._judges.append(InProcess(self.validator))
        self._last = (self._last + 1) % len(self._judges)
        judging = self._judges[self._last]
        context = self._context(chunk, index_types=index_types, extra=extra) + extra
        return lambda: judging.verdict(chunk, context)

    def _context(self, chunk: ChunkData, *, index_types: bool, extra: bytes = b"") -> bytes:
        """The ``rdf:type`` triples (N-Triples) of the IRIs ``chunk`` (and the ``extra``
        context lines) name: from the batch's index (this chunk's types first added to it)
        and, for the IRIs it links to, from the store, in the uploader's scope."""
        assert self._types is not None, "stage() first"
        if index_types:
            self._types.load(type_lines(chunk.blob))
        if not self.validator.active or not chunk.counts:
            return b""
        nodes, links = named_nodes(chunk.blob + extra)
        stored = [ox.Triple(ox.NamedNode(s), RDF_TYPE, ox.NamedNode(t))
                  for s, t in self._store_types([f"<{iri}>" for iri in links])]
        return self._types.types_of(nodes) + (
            ox.serialize(stored, format=ox.RdfFormat.N_TRIPLES) or b"")

    def _stream(self, items: Iterator[Record | Rejected | LineBlock],
                graph: ox.NamedNode | ox.DefaultGraph, sink: IO[bytes], run: StageRun,
                held: HeldRecords, progress: Progress | None) -> None:
        chunk = self._filling = Chunk()
        blocks = 0  # triples that came in line blocks
        # Courier threads, one per judge: each waits on its worker (or judges, for a small
        # batch) while this thread reads; a chunk in flight per judge keeps memory bounded.
        with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="validate") as courier:
            pending: deque[tuple[Chunk, ChunkData, Future[Verdict]]] = deque()
            for item in _split(items, self._room):
                if isinstance(item, Rejected):
                    run.records += 1
                    run.rejected += 1
                    run.quarantined.append(QuarantinedRecord.of_rejected(item))
                    continue
                if isinstance(item, LineBlock):
                    run.records += len(item.counts)
                    blocks += item.triples
                    chunk.add(item)
                else:
                    run.records += 1
                    chunk.add(_unit(item))
                if (not self._judges and chunk.size >= fast.CHUNK_TRIPLES // 2) \
                        or (len(self._judges) == 1 and isinstance(self._judges[0], InWorker)
                            and blocks >= PARALLEL_MIN_TRIPLES):
                    self._start_worker()
                if chunk.size >= fast.CHUNK_TRIPLES:
                    data = chunk.encode()
                    while pending and len(pending) >= max(1, len(self._judges)):
                        done = pending.popleft()
                        self._write(done[0], done[1], done[2].result(), graph, sink, run, held)
                    pending.append((chunk, data, courier.submit(self._next(data))))
                    chunk = self._filling = Chunk()
                    if progress is not None:
                        progress(run.records, run.triples)
            while pending:
                done = pending.popleft()
                self._write(done[0], done[1], done[2].result(), graph, sink, run, held)
            if chunk.parts:
                data = chunk.encode()
                self._write(chunk, data, self._judge(data), graph, sink, run, held)
        if progress is not None:
            progress(run.records, run.triples)

    def _room(self) -> int:
        """Triples the chunk being filled still takes."""
        return fast.CHUNK_TRIPLES - self._filling.size

    def _write(self, chunk: Chunk, data: ChunkData, verdict: Verdict,
               graph: ox.NamedNode | ox.DefaultGraph, sink: IO[bytes], run: StageRun,
               held: HeldRecords | None) -> None:
        """Stage the chunk's valid records; the failing ones go to ``held`` (for the end)."""
        run.warnings.extend(verdict.warnings)
        rows: list[fast.Row] = []
        if verdict.failing:
            blob = []
            lines = data.blob.splitlines(keepends=True)
            start = 0
            for index, (row, record) in enumerate(chunk.records()):
                count = data.counts[index]
                if index not in verdict.failing:
                    rows.append(row)
                    blob.extend(lines[start:start + count])
                    if isinstance(record, Unit) and record.retractions:
                        run.retractions.update(record.retractions)
                elif held is not None:
                    text = b"".join(lines[start:start + count])
                    held.add(as_unit(record, text), text)
                start += count
            kept = b"".join(blob)
        else:
            for row, record in chunk.records():
                rows.append(row)
                if isinstance(record, Unit) and record.retractions:
                    run.retractions.update(record.retractions)
            kept = data.blob
        dangling.write_rows(sink, rows)
        sink.write(in_graph(kept, graph))
        run.triples += sum(row[0] for row in rows)  # type: ignore[misc]

    def _settle(self, held: HeldRecords, graph: ox.NamedNode | ox.DefaultGraph, sink: IO[bytes],
                run: StageRun) -> None:
        """Judge the held records again with all the batch's types; quarantine what still
        fails, then everything in the stage that describes or refers to it."""
        failed: list[Unit] = []
        staged = _staged_about(sink, graph, held)
        for part in held.parts(fast.CHUNK_TRIPLES):
            chunk = Chunk()
            for unit in part:
                chunk.add(unit)
            data = chunk.encode()
            extra = b"".join(line for subject in _iri_subjects(part)
                             for line in staged.get(subject, ()))
            # Their types are indexed already; their other statements staged so far come too.
            verdict = self._judge(data, index_types=False, extra=extra)
            self._write(chunk, data, Verdict(failing={i: [] for i in verdict.failing}), graph,
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


def _iri_subjects(units: list[Unit]) -> set[bytes]:
    """The IRI subjects of ``units``' triples, as N-Triples tokens."""
    return {str(t.subject).encode() for unit in units for t in unit.triples
            if isinstance(t.subject, ox.NamedNode)}


def _staged_about(sink: IO[bytes], graph: ox.NamedNode | ox.DefaultGraph,
                  held: HeldRecords) -> dict[bytes, list[bytes]]:
    """The staged statements (N-Triples lines) about the IRIs the held records describe.

    A node whose statements are not contiguous in the source (a loader's record that names a
    document, then its holder, then the document again) can fall on both sides of a chunk
    boundary: the part in the later chunk was judged alone and failed what the whole batch
    satisfies (1M replicated OFAC triples as N-Quads: 3 records quarantined that way, none
    through ``--format ofac``). Judged again with these lines as context, it is judged as a
    whole-batch validation would judge it. One pass over the stage, only when records are
    held."""
    if not held.count:
        return {}
    wanted: set[bytes] = set()
    for part in held.parts(fast.CHUNK_TRIPLES):
        wanted |= _iri_subjects(part)
    sink.flush()
    suffix = b" " + str(graph).encode() + b" .\n" if isinstance(graph, ox.NamedNode) else b""
    found: dict[bytes, list[bytes]] = {}
    with open(sink.name, "rb") as stage:
        for line in stage:
            subject = line.split(b" ", 1)[0]
            if subject in wanted:
                if suffix and line.endswith(suffix):
                    line = line[:-len(suffix)] + b" .\n"
                found.setdefault(subject, []).append(line)
    return found


def _split(items: Iterator[Record | Rejected | LineBlock], room: Callable[[], int],
           ) -> Iterator[Record | Rejected | LineBlock]:
    """``items``, line blocks cut at the record where the current chunk is full (``room``:
    the triples it still takes)."""
    for item in items:
        while isinstance(item, LineBlock) and len(item.counts) > 1 and item.triples > room():
            space, records = room(), 0
            while records < len(item.counts) - 1 and space > 0:
                space -= item.counts[records]
                records += 1
            head, item = item.split(max(records, 1))
            yield head
        yield item


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
