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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import URIRef

from ipas.catalog import BatchEntry, Catalog, now, options_digest
from ipas.errors import IpasError
from ipas.graphs import GraphNames
from ipas.ingest import fast
from ipas.ingest.checking import ChunkChecker
from ipas.ingest.files import format_name, staging_dir, suffix_for_media_type
from ipas.ingest.ontology import ensure_ontology
from ipas.quarantine import Quarantine, QuarantinedRecord
from ipas.reasoning import materialize
from ipas.settings import Settings
from ipas.shacl.validator import CompiledValidator
from ipas.sources import Loader, LoadOptions, Record, Rejected, get_loader
from ipas.store.base import Scope, Store
from ipas.store.terms import to_ox
from ipas.validation import (
    ValidationReport,
    ValidationResult,
    Validator,
    context_types,
)

log = logging.getLogger(__name__)

#: Triples validated together (bounds memory when a big file streams).
CHUNK_TRIPLES = 20_000
Progress = Callable[[int, int], None]  # (records seen, triples seen)


@dataclass
class IngestResult:
    """What a load did: the batch (new or existing) and what went where."""

    batch: BatchEntry
    created: bool
    records: int = 0
    triples: int = 0
    quarantined: list[QuarantinedRecord] = field(default_factory=list)
    warnings: list[ValidationResult] = field(default_factory=list)
    inferred: int = 0  # triples materialized into the batch's inferred graph

    @property
    def ok(self) -> bool:
        return not self.quarantined


@dataclass
class _Run:
    records: int = 0
    triples: int = 0
    quarantined: list[QuarantinedRecord] = field(default_factory=list)
    warnings: list[ValidationResult] = field(default_factory=list)
    retractions: set[URIRef] = field(default_factory=set)
    reports: list[ValidationReport] = field(default_factory=list)


def file_checksum(paths: Sequence[Path]) -> str:
    """sha256 over the files' bytes (one file: its plain sha256), read in chunks."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def new_batch_id() -> str:
    """A sortable, unguessable batch id, e.g. ``20250101T120000-1a2b3c4d``."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"


class Ingestor:
    """Loads sources into a store as validated, catalogued batches."""

    def __init__(self, store: Store, settings: Settings,
                 validator: Validator | None = None, *, reason: bool = True,
                 visible: Scope | None = None) -> None:
        """``reason``: after each commit, materialize the batch's OWL RL inferences into its
        ``/inferred`` graph (when the ontology graph is in the store). ``visible``: the
        uploader's scope; only those graphs supply the types of referenced nodes during
        validation, so a report never reveals a batch the uploader may not see."""
        self.store = store
        self.reason = reason
        self._ontology_checked = False
        self.inference_errors: list[str] = []
        self.visible = visible
        self.settings = settings
        self.names = GraphNames(settings.base_iri)
        self.catalog = Catalog(store, settings)
        self.quarantine = Quarantine(settings.home)
        self._validator = validator
        self._compiled: CompiledValidator | None = None

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
                                triples=existing.triples)
        entry = BatchEntry(
            id=new_batch_id(), graph="", source=source, loader=loader.name, checksum=checksum,
            loaded_at="", marking=options.marking, agency=options.agency,
            shared_with=tuple(options.shared_with), reliability=options.reliability,
            credibility=options.credibility, options_digest=digest,
        )
        entry = replace(entry, graph=self.names.batch(entry.id))
        staging_dir = self._staging_dir()
        with tempfile.NamedTemporaryFile(dir=staging_dir, prefix=f"stage-{os.getpid()}-",
                                         suffix=".nq", delete=True) as stage:
            run = self._stage_batch(loader, paths, options, entry, stage, progress)
            entry = replace(entry, loaded_at=now(), records=run.records - len(run.quarantined),
                            triples=run.triples, quarantined=len(run.quarantined))
            ox.serialize(self.catalog.entry_quads(entry), stage, ox.RdfFormat.N_QUADS)
            stage.flush()
            if not self._ontology_checked:  # queries and reasoning need the T-box in the store
                ensure_ontology(self.store, self.settings)
                self._ontology_checked = True
            changed = self._commit(Path(stage.name), entry, run.retractions, source)
        inferred = self._materialize(entry.graph)
        for graph in changed:
            self._materialize(graph)
        if run.quarantined:
            self.quarantine.add(entry.id, run.quarantined)
            for report in run.reports:
                self.quarantine.add(entry.id, [], report.graph)
        return IngestResult(entry, created=True, records=entry.records, triples=entry.triples,
                            quarantined=run.quarantined, warnings=run.warnings,
                            inferred=inferred)

    def check(self, paths: Sequence[Path], *, fmt: str | None = None,
              options: LoadOptions | None = None) -> IngestResult:
        """Validate only: what ``ingest`` would commit and quarantine; nothing is written."""
        options = self._options(options)
        loader = get_loader(fmt or format_name(paths[0]))
        entry = BatchEntry(id="(not loaded)", graph="", source=", ".join(p.name for p in paths),
                           loader=loader.name, checksum=file_checksum(paths), loaded_at="")
        with tempfile.TemporaryFile(suffix=".nq") as sink:
            run = self._stage(loader.records(paths, options), entry, sink, None)
        return IngestResult(replace(entry, records=run.records, triples=run.triples,
                                    quarantined=len(run.quarantined)),
                            created=False, records=run.records - len(run.quarantined),
                            triples=run.triples, quarantined=run.quarantined,
                            warnings=run.warnings)

    def ingest_bytes(self, data: bytes, media_type: str, options: LoadOptions | None = None,
                     *, fmt: str | None = None, filename: str | None = None) -> IngestResult:
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
            return self.ingest([path], fmt=fmt, options=options)

    def retract(self, batch_id: str) -> BatchEntry:
        """Drop a batch's graph and its inferred graph; its catalog entry says retracted."""
        entry = self.catalog.get(batch_id)
        if entry.status != "retracted":
            self.store.update(self.catalog.retract_update(entry))
        return self.catalog.get(batch_id)

    # -- steps -------------------------------------------------------------------------------
    def _options(self, options: LoadOptions | None) -> LoadOptions:
        """The caller's options; the instance base is the deployment's, never the caller's."""
        return replace(options or LoadOptions(), base_iri=self.settings.base_iri)

    def _staging_dir(self) -> Path:
        return staging_dir(self.settings.home)

    @property
    def compiled(self) -> CompiledValidator:
        """The shapes compiled to SPARQL (the fast path's validator), built once."""
        if self._compiled is None:
            self._compiled = CompiledValidator(self.validator.shapes)
        return self._compiled

    def _stage_batch(self, loader: Loader, paths: Sequence[Path], options: LoadOptions,
                     entry: BatchEntry, stage: IO[bytes], progress: Progress | None) -> _Run:
        """Plain N-Triples/N-Quads with fully compiled shapes take the fast path
        (:mod:`ipas.ingest.fast`, same results as pyshacl); everything else the general one."""
        files = list(paths)
        if loader.name == "rdf" and fast.applicable(files, self.compiled):
            stager = fast.FastStager(self.compiled, self.validator.ontology, self.store,
                                     self._context_scope())
            done = stager.stage(files, ox.NamedNode(entry.graph), stage, progress)
            return _Run(records=done.records, triples=done.triples,
                        quarantined=done.quarantined, warnings=done.warnings)
        return self._stage(loader.records(paths, options), entry, stage, progress)

    def _materialize(self, batch_graph: str) -> int:
        """Derived triples go to the batch's own inferred graph (re-derivable: a crash here
        leaves the batch intact and ``materialize`` can run again)."""
        if not self.reason or self.names.ontology not in self.store.graphs():
            return 0
        try:
            return materialize(self.store, self.names, batch_graph).triples
        except IpasError as err:
            # The batch is committed; an engine that cannot run the rules (Virtuoso 7 refuses
            # an unbounded subClassOf+ path) leaves it without inferences, and says so.
            log.warning("inferences for %s not materialized: %s", batch_graph, err)
            self.inference_errors.append(str(err))
            return 0

    def scoped(self, visible: Scope) -> Ingestor:
        """This ingestor (same validator) validating against ``visible`` graphs only."""
        return Ingestor(self.store, self.settings, self._validator, reason=self.reason,
                        visible=visible)

    def _context_scope(self) -> Scope:
        allowed = self.visible.graphs if self.visible is not None else None
        graphs = [g for g in self.store.graphs()
                  if (g.startswith(self.names.batch_prefix) or g == self.names.ontology)
                  and (allowed is None or g in allowed)]
        return Scope.of(graphs)

    def _stage(self, items: Iterator[Record | Rejected], entry: BatchEntry, stage: IO[bytes],
               progress: Progress | None) -> _Run:
        scope = self._context_scope()
        checker = ChunkChecker(self.validator,
                               lambda data: context_types(self.store, scope, data))
        graph = ox.NamedNode(entry.graph) if entry.graph else ox.DefaultGraph()
        run = _Run()
        chunk: list[Record] = []
        size = 0

        def flush() -> None:
            nonlocal chunk, size
            if not chunk:
                return
            outcome = checker.check(chunk)
            if outcome.quarantined:
                run.reports.append(outcome.report)
            run.warnings.extend(outcome.warnings)
            run.quarantined.extend(outcome.quarantined)
            quads = []
            for record in outcome.valid:
                run.retractions.update(record.retractions)
                for s, p, o in record.graph:
                    quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))  # type: ignore[arg-type]
            run.triples += len(quads)
            ox.serialize(quads, stage, ox.RdfFormat.N_QUADS)
            chunk, size = [], 0
            if progress is not None:
                progress(run.records, run.triples)

        for item in items:
            run.records += 1
            if isinstance(item, Rejected):
                run.quarantined.append(QuarantinedRecord.of_rejected(item))
                continue
            chunk.append(item)
            size += len(item.graph)
            if size >= CHUNK_TRIPLES:
                flush()
        flush()
        return run

    def _commit(self, staged: Path, entry: BatchEntry, retractions: set[URIRef],
                source: str) -> list[str]:
        """Commit the staged file; returns the earlier batch graphs a delta changed (their
        inferred graphs were dropped with the withdrawn statements and must be re-derived)."""
        if not retractions:
            self.store.load(staged, "application/n-quads")
            return []
        # Delta stream: withdraw earlier statements and add this batch in one update.
        earlier = self.catalog.graphs_of_source(source, exclude=[entry.graph])
        parts = [
            f"DELETE WHERE {{ GRAPH {to_ox(URIRef(g))} {{ {to_ox(s)} ?p ?o }} }}"
            for g in earlier for s in sorted(retractions)
        ]
        parts.extend(f"DROP SILENT GRAPH {to_ox(URIRef(self.names.inferred_for(g)))}"
                     for g in earlier)
        quads = list(ox.parse(path=str(staged), format=ox.RdfFormat.N_QUADS))
        parts.append("INSERT DATA { " + " ".join(
            f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads
        ) + " }")
        self.store.update(" ;\n".join(parts))
        return earlier


def _option_fields(options: LoadOptions, source: str) -> dict[str, object]:
    return {
        "source": source, "marking": options.marking, "agency": options.agency,
        "shared_with": sorted(options.shared_with), "reliability": options.reliability,
        "credibility": options.credibility,
    }

