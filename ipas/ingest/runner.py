"""Loading several files, and the bundled demo: how paths become batches.

RDF files are one batch each (one source, one checksum, one graph); files of another format
are given to their loader together as one batch (a loader may join several files, as OFAC's
legacy files are). The ontology graph is refreshed before the first batch of a run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ipas.errors import BadInput
from ipas.ingest.files import format_name
from ipas.ingest.ontology import ensure_ontology
from ipas.ingest.pipeline import Ingestor, IngestResult, Progress
from ipas.settings import PROJECT_ROOT
from ipas.sources import LoadOptions

DEMO_MANIFEST = PROJECT_ROOT / "demo" / "manifest.json"


def plan(paths: Sequence[Path], fmt: str | None) -> list[tuple[str, list[Path]]]:
    """Batches to load: ``(format, paths)`` in the order the paths were given.

    >>> plan([Path("a.ttl"), Path("b.nt")], None)
    [('rdf', [PosixPath('a.ttl')]), ('rdf', [PosixPath('b.nt')])]
    """
    groups: dict[str, list[Path]] = {}
    batches: list[tuple[str, list[Path]]] = []
    for path in paths:
        name = fmt or format_name(path)
        if name == "rdf":
            batches.append((name, [path]))
        elif name in groups:
            groups[name].append(path)
        else:
            groups[name] = [path]
            batches.append((name, groups[name]))
    return batches


def load_paths(ingestor: Ingestor, paths: Sequence[Path], fmt: str | None,
               options: LoadOptions, progress: Progress | None = None,
               ) -> Iterator[IngestResult]:
    """Ingest ``paths`` batch by batch (yielding each result as it commits)."""
    ensure_ontology(ingestor.store, ingestor.settings)
    for name, group in plan(paths, fmt):
        yield ingestor.ingest(group, fmt=name, options=options, progress=progress)


@dataclass(frozen=True)
class DemoFile:
    path: Path
    options: LoadOptions
    fmt: str | None = None


def read_manifest(manifest: Path = DEMO_MANIFEST) -> list[DemoFile]:
    """The demo's files and how each is marked, from ``demo/manifest.json``.

    Entries: ``{"path", "marking", "agency", "source", "reliability", "credibility",
    "sharedWith", "format"?}``; paths are relative to the manifest.
    """
    if not manifest.is_file():
        raise BadInput("the demo manifest is missing", source=manifest.name)
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError as err:
        raise BadInput(f"not JSON: {err}", source=manifest.name) from None
    if isinstance(entries, dict):
        entries = entries.get("files", entries.get("batches", []))
    files = []
    for entry in entries:
        options = LoadOptions(
            source_name=entry.get("source"),
            marking=entry.get("marking") or "TLP:AMBER",
            agency=entry.get("agency"),
            shared_with=tuple(entry.get("sharedWith") or entry.get("shared_with") or ()),
            reliability=entry.get("reliability"),
            credibility=None if entry.get("credibility") is None else str(entry["credibility"]),
        )
        files.append(DemoFile(manifest.parent / entry["path"], options, entry.get("format")))
    return files


def load_demo(ingestor: Ingestor, *, if_empty: bool, manifest: Path = DEMO_MANIFEST,
              progress: Progress | None = None) -> list[IngestResult]:
    """Load every file of the demo manifest as its own batch (nothing when ``if_empty`` and
    the store already has batches)."""
    if if_empty and ingestor.catalog.batches():
        return []
    files = read_manifest(manifest)
    ensure_ontology(ingestor.store, ingestor.settings)
    return [ingestor.ingest([f.path], fmt=f.fmt, options=f.options, progress=progress)
            for f in files]
