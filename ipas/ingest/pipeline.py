"""The ingest pipeline: loader records -> validation -> one atomic commit per batch.

Valid records are staged as N-Quads in a temporary file (so a source larger than memory
streams through), the batch's PROV-O catalog entry is appended, and the store loads the
whole file in one atomic call: a crash or ``kill -9`` at any point leaves no trace of the
batch. Failing records go to quarantine with their source position and SHACL results.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import URIRef

from ipas.catalog import BatchEntry, Catalog, Uploader, now, options_digest
from ipas.derived import derive
from ipas.errors import Conflict, IpasError, NotFound
from ipas.facade.search_index import refresh_after_write
from ipas.graphs import GraphNames
from ipas.ingest.files import format_name, staging_dir, suffix_for_media_type
from ipas.ingest.journal import COMMITTING, FINISHING, LoadNote, unfinished
from ipas.ingest.ontology import ensure_ontology
from ipas.ingest.staging import Progress, Stager, StageRun
from ipas.quarantine import Quarantine, QuarantinedRecord
from ipas.reasoning import StagedInference, infer_stage, materialize
from ipas.reasoning.batch import Rederived, rederive
from ipas.settings import Settings
from ipas.sources import LoadOptions, Record, Rejected, get_loader
from ipas.sources.base import LineBlock
from ipas.store.base import Scope, Store
from ipas.store.terms import to_ox
from ipas.validation import ValidationResult, Validator

log = logging.getLogger(__name__)



@dataclass
class IngestResult:
    """What a load did: the batch (new or existing) and what went where."""

    batch: BatchEntry
    created: bool
    records: int = 0
    triples: int = 0  # asserted triples in the batch's graph (a SPARQL count after commit)
    #: A QuarantineLog when the pipeline made it (the first records in memory, the rest on disk)
    quarantined: Sequence[QuarantinedRecord] = field(default_factory=list)
    warnings: list[ValidationResult] = field(default_factory=list)
    inferred: int = 0  # triples in the batch's inferred graph (a SPARQL count)

    @property
    def ok(self) -> bool:
        return not self.quarantined


def file_checksum(paths: Sequence[Path]) -> str:
    """sha256 over the files' bytes (one file: its plain sha256), read in chunks."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def new_batch_id() -> str:
    """A sortable, unguessable batch id, e.g. ``20250101T120000123456-1a2b3c4d``: to the
    microsecond, so batches loaded in the same second keep their order (the catalog sorts by
    load time, then id)."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}"


class Ingestor:
    """Loads sources into a store as validated, catalogued batches."""

    def __init__(self, store: Store, settings: Settings,
                 validator: Validator | None = None, *, reason: bool = True,
                 visible: Scope | None = None, uploader: Uploader | None = None) -> None:
        """``reason``: after each commit, materialize the batch's OWL RL inferences into its
        ``/inferred`` graph (when the ontology graph is in the store). ``visible``: the
        uploader's scope; only those graphs supply the types of referenced nodes during
        validation, so a report never reveals a batch the uploader may not see."""
        self.store = store
        self.reason = reason
        self._ontology_checked = False
        self.inference_errors: list[str] = []
        self.visible = visible
        self.uploader = uploader  # recorded in each new batch's catalog entry
        self.settings = settings
        self.names = GraphNames(settings.base_iri)
        self.catalog = Catalog(store, settings)
        self.quarantine = Quarantine(settings.home)
        self._validator = validator

    @property
    def validator(self) -> Validator:
        if self._validator is None:
            self._validator = Validator.from_settings(self.settings)
        return self._validator

    # -- entry points -------------------------------------------------------------------------
    def ingest(self, paths: Sequence[Path], *, fmt: str | None = None,
               options: LoadOptions | None = None, progress: Progress | None = None,
               ) -> IngestResult:
        """Validate and commit ``paths`` as one batch (or return the identical earlier batch)."""
        options = self._options(options)
        loader = get_loader(fmt or format_name(paths[0]))
        source = options.source_name or ", ".join(p.name for p in paths)
        digest = options_digest(loader.name, _option_fields(options, source))
        checksum = file_checksum(paths)
        existing = self.catalog.find(checksum, loader.name, digest)
        if existing is not None:
            return IngestResult(existing, created=False, records=existing.records,
                                triples=existing.triples, inferred=existing.inferred)
        entry = BatchEntry(
            id=new_batch_id(), graph="", source=source, loader=loader.name, checksum=checksum,
            loaded_at="", marking=options.marking, agency=options.agency,
            shared_with=tuple(options.shared_with), reliability=options.reliability,
            credibility=options.credibility, options_digest=digest, uploader=self.uploader,
        )
        entry = replace(entry, graph=self.names.batch(entry.id))
        # Where this load is, on disk: if the process is killed, the next load says what it left.
        note = LoadNote.begin(self.settings.home, entry.id, source)
        try:
            return self._ingest(loader.records(paths, options, blocks=True), entry, source,
                                note, progress)
        finally:
            note.end()  # finished, or failed with an error its caller reports

    def _ingest(self, items: Iterator[Record | Rejected | LineBlock], entry: BatchEntry,
                source: str, note: LoadNote, progress: Progress | None) -> IngestResult:
        with tempfile.NamedTemporaryFile(dir=self._staging_dir(), prefix=f"stage-{os.getpid()}-",
                                         suffix=".nq", delete=True) as stage:
            run = self._stage(items, ox.NamedNode(entry.graph), stage, progress)
            if not self._ontology_checked:  # queries and reasoning need the T-box in the store
                ensure_ontology(self.store, self.settings)
                self._ontology_checked = True
            note.phase("reasoning")
            staged = self._infer(stage, entry.graph)  # committed with the batch, atomically
            entry = replace(entry, loaded_at=now(), records=run.records - run.rejected
                            - run.held_records, triples=run.triples,
                            quarantined=len(run.quarantined))
            ox.serialize(self.catalog.entry_quads(entry), stage, ox.RdfFormat.N_QUADS)
            stage.flush()
            note.phase(COMMITTING, quarantined=len(run.quarantined))
            changed, pending = self._commit(Path(stage.name), entry, run.retractions, source)
            note.phase(FINISHING)
        inferred = staged.triples
        if staged.deferred:  # entailments about blank nodes, on a store that loads per graph
            inferred = self._materialize(entry.graph)
        for graph in pending:
            self._materialize(graph)
        if self._derive():
            inferred = self._inferred_count(entry.graph)
        if run.quarantined:
            self.quarantine.add(entry.id, run.quarantined)
            for report in run.reports:
                self.quarantine.add(entry.id, [], report.graph)
        entry = self._record_counts(entry, inferred)
        for graph in changed:
            self._recount(graph)
        refresh_after_write(self.store)  # names searchable before the caller hears "201"
        return IngestResult(entry, created=True, records=entry.records, triples=entry.triples,
                            quarantined=run.quarantined, warnings=run.warnings,
                            inferred=entry.inferred)

    def recover(self) -> list[str]:
        """Loads of this deployment whose process was killed mid-way (:mod:`ipas.ingest.
        journal`): what each left, in words. A batch committed before its process died gets
        what follows a commit now (derived facts, the catalog's counts, the search index)."""
        messages = []
        for note in unfinished(self.settings.home):
            try:
                entry: BatchEntry | None = self.catalog.get(note.batch)
            except NotFound:
                entry = None  # the atomic commit had not happened
            if entry is not None and entry.status != "retracted":
                if not self.store.load_shares_blank_nodes:  # blank-node entailments come after
                    self._materialize(entry.graph)
                self._derive()
                self._record_counts(entry, self._inferred_count(entry.graph))
                refresh_after_write(self.store)
            messages.append(note.describe(entry is not None))
            note.end()
        return messages

    def check(self, paths: Sequence[Path], *, fmt: str | None = None,
              options: LoadOptions | None = None) -> IngestResult:
        """Validate only: what ``ingest`` would commit and quarantine; nothing is written."""
        options = self._options(options)
        loader = get_loader(fmt or format_name(paths[0]))
        entry = BatchEntry(id="(not loaded)", graph="", source=", ".join(p.name for p in paths),
                           loader=loader.name, checksum=file_checksum(paths), loaded_at="")
        with tempfile.NamedTemporaryFile(dir=self._staging_dir(), prefix=f"stage-{os.getpid()}-",
                                         suffix=".nq", delete=True) as sink:
            run = self._stage(loader.records(paths, options, blocks=True), ox.DefaultGraph(),
                              sink, None)
        return IngestResult(replace(entry, records=run.records, triples=run.triples,
                                    quarantined=len(run.quarantined)),
                            created=False, records=run.records - run.rejected - run.held_records,
                            triples=run.triples, quarantined=run.quarantined,
                            warnings=run.warnings)

    def ingest_bytes(self, data: bytes, media_type: str, options: LoadOptions | None = None,
                     *, fmt: str | None = None, filename: str | None = None,
                     progress: Progress | None = None) -> IngestResult:
        """Ingest a request body (REST /ingest, Graph Store writes) as one batch.

        RDF is recognized by ``media_type``; another loader is named by ``fmt`` with the
        body's ``filename``. The body is written to a private temporary file first.
        """
        if fmt is None or fmt == "rdf":
            fmt, suffix = "rdf", suffix_for_media_type(media_type)
        else:
            suffix = Path(filename or "body").suffix
        options = options or LoadOptions()
        if options.source_name is None:
            options = replace(options, source_name=filename or "request body")
        with tempfile.TemporaryDirectory(dir=self._staging_dir(),
                                         prefix=f"body-{os.getpid()}-") as tmp:
            path = Path(tmp) / f"body{suffix}"
            path.write_bytes(data)
            # ``progress`` may raise to cancel (server shutdown): both temporaries go with it.
            return self.ingest([path], fmt=fmt, options=options, progress=progress)

    def retract(self, batch_id: str) -> BatchEntry:
        """Drop a batch's graph and its inferred graph; its catalog entry says retracted."""
        entry = self.catalog.get(batch_id)
        if entry.status != "retracted":
            self.store.update(self.catalog.retract_update(entry))
            self._derive()  # facts resting on the batch go with it
            refresh_after_write(self.store)  # its names leave search results at once
        return self.catalog.get(batch_id)

    def reason_again(self, batch_id: str) -> BatchEntry:
        """Derive a committed batch's inferred graph anew from the store's current ontology
        (after an ontology release, or for a batch loaded without reasoning): the old graph is
        dropped and the new one written in one update, so it never holds what the batch no
        longer supports."""
        entry = self.catalog.get(batch_id)
        if entry.status == "retracted":
            raise Conflict(f"batch {batch_id} is retracted: nothing to reason about")
        ensure_ontology(self.store, self.settings)
        inferred = self.names.inferred_for(entry.graph)
        redo = rederive(self.store, self.names, [entry.graph], (), self._staging_dir())
        self.store.update(" ;\n".join(
            [f"DROP SILENT GRAPH {to_ox(URIRef(inferred))}", *redo.updates]))
        for graph in redo.pending:  # blank nodes: the SPARQL rules, right after
            materialize(self.store, self.names, graph, self._staging_dir())
        self._derive()  # the dropped graph held the batch's own derived facts
        counted = replace(entry, inferred=self.store.stats(scope=Scope.of([inferred])).triples)
        self.store.update(self.catalog.counts_update(counted, with_inferred=True))
        refresh_after_write(self.store)
        return self.catalog.get(batch_id)

    # -- steps -------------------------------------------------------------------------------
    def _options(self, options: LoadOptions | None) -> LoadOptions:
        """The caller's options; the instance base is the deployment's, never the caller's."""
        return replace(options or LoadOptions(), base_iri=self.settings.base_iri)

    def _staging_dir(self) -> Path:
        return staging_dir(self.settings.home)

    def _infer(self, stage: IO[bytes], batch_graph: str) -> StagedInference:
        """The batch's OWL RL entailments (and registered derivations), appended to its stage
        as quads of its ``/inferred`` graph, so they commit with it."""
        if not self.reason or self.names.ontology not in self.store.graphs():
            return StagedInference(0, False)
        try:
            return infer_stage(stage, Path(stage.name), batch_graph, self.store, self.names)
        except IpasError as err:  # the T-box could not be read: commit without inferences
            log.warning("inferences for %s not materialized: %s", batch_graph, err)
            self.inference_errors.append(str(err))
            return StagedInference(0, False)

    def _materialize(self, batch_graph: str) -> int:
        """Derived triples of a committed batch (one a delta changed) go to its own inferred
        graph (re-derivable: a crash here leaves the batch intact and this can run again)."""
        if not self.reason or self.names.ontology not in self.store.graphs():
            return 0
        try:
            return materialize(self.store, self.names, batch_graph, self._staging_dir()).triples
        except IpasError as err:
            # The batch is committed; an engine that cannot run the rules (Virtuoso 7 refuses
            # an unbounded subClassOf+ path) leaves it without inferences, and says so.
            log.warning("inferences for %s not materialized: %s", batch_graph, err)
            self.inference_errors.append(str(err))
            return 0

    def _derive(self) -> bool:
        """Derived facts (:mod:`ipas.derived`) in line with the batches now committed, after
        OWL RL (they are inferences too: off when reasoning is); True when any changed."""
        if not self.reason or self.names.ontology not in self.store.graphs():
            return False
        try:
            result = derive(self.store, self.names)
        except IpasError as err:
            log.warning("derived facts not brought up to date: %s", err)
            self.inference_errors.append(str(err))
            return False
        return bool(result.inserted or result.deleted)

    def _inferred_count(self, batch_graph: str) -> int:
        return self.store.stats(scope=Scope.of([self.names.inferred_for(batch_graph)])).triples

    def scoped(self, visible: Scope, uploader: Uploader | None = None) -> Ingestor:
        """This ingestor (same validator) validating against ``visible`` graphs only."""
        return Ingestor(self.store, self.settings, self._validator, reason=self.reason,
                        visible=visible, uploader=uploader or self.uploader)

    def _context_scope(self) -> Scope:
        allowed = self.visible.graphs if self.visible is not None else None
        graphs = [g for g in self.store.graphs()
                  if (g.startswith(self.names.batch_prefix) or g == self.names.ontology)
                  and (allowed is None or g in allowed)]
        return Scope.of(graphs)

    def _stage(self, items: Iterator[Record | Rejected | LineBlock],
               graph: ox.NamedNode | ox.DefaultGraph, stage: IO[bytes],
               progress: Progress | None) -> StageRun:
        stager = Stager(self.validator, self.store, self._context_scope(), self._staging_dir())
        return stager.stage(items, graph, stage, progress)

    def _record_counts(self, entry: BatchEntry, inferred: int) -> BatchEntry:
        """The catalog's counts made equal to what the store holds: asserted triples in the
        batch graph (duplicates across records counted once) and, when reasoning ran, the
        inferred graph's; a SPARQL count, written after the commit in one small update."""
        asserted = self.store.stats(scope=Scope.of([entry.graph])).triples
        counted = replace(entry, triples=asserted, inferred=inferred)
        self.store.update(self.catalog.counts_update(counted, with_inferred=self.reason))
        return counted

    def _recount(self, graph: str) -> None:
        """An earlier batch changed by a delta: its counts again."""
        for entry in self.catalog.batches():
            if entry.graph == graph:
                inferred = self.store.stats(
                    scope=Scope.of([self.names.inferred_for(graph)])).triples
                self._record_counts(entry, inferred)

    def _rederive(self, earlier: list[str], retractions: set[URIRef]) -> Rederived:
        """The earlier batches' inferred graphs as the delta leaves them (see ``_commit``)."""
        if not self.reason or not earlier or self.names.ontology not in self.store.graphs():
            return Rederived([], [])
        try:
            return rederive(self.store, self.names, earlier,
                            [str(to_ox(s)) for s in retractions], self._staging_dir())
        except IpasError as err:  # derived again after the commit instead
            log.warning("inferences of %s not re-derived in the delta: %s", earlier, err)
            return Rederived([], list(earlier))

    def _commit(self, staged: Path, entry: BatchEntry, retractions: set[URIRef],
                source: str) -> tuple[list[str], list[str]]:
        """Commit the staged file; returns the earlier batch graphs a delta changed (their
        inferred graphs are dropped with the withdrawn statements and re-derived in the same
        update) and those whose re-derivation is left for after the commit."""
        if not retractions:
            self.store.load(staged, "application/n-quads")
            return [], []
        # Delta stream: withdraw earlier statements and add this batch in one update.
        earlier = self.catalog.graphs_of_source(source, exclude=[entry.graph])
        parts = [
            f"DELETE WHERE {{ GRAPH {to_ox(URIRef(g))} {{ {to_ox(s)} ?p ?o }} }}"
            for g in earlier for s in sorted(retractions)
        ]
        parts.extend(f"DROP SILENT GRAPH {to_ox(URIRef(self.names.inferred_for(g)))}"
                     for g in earlier)
        redo = self._rederive(earlier, retractions)
        parts.extend(redo.updates)
        quads = list(ox.parse(path=str(staged), format=ox.RdfFormat.N_QUADS))
        if earlier:  # the change feed reports them as replaced by this batch
            parts.append(self.catalog.revision_update(entry, earlier))
        parts.append("INSERT DATA { " + " ".join(
            f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads
        ) + " }")
        self.store.update(" ;\n".join(parts))
        return earlier, redo.pending


def _option_fields(options: LoadOptions, source: str) -> dict[str, object]:
    fields: dict[str, object] = {
        "source": source, "marking": options.marking, "agency": options.agency,
        "shared_with": sorted(options.shared_with), "reliability": options.reliability,
        "credibility": options.credibility,
    }
    if options.encoding:  # the same bytes read in another encoding are another batch
        fields["encoding"] = options.encoding
    return fields

