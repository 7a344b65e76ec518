"""The loader contract: the ``Loader`` base and the record types every loader yields.

The core owns this contract (like rdflib's ``plugin``/``parser`` pair): the ingest pipeline
reads records, loaders produce them, and neither imports the other. A loader learns what it
needs about the load from its :class:`LoadOptions` (the instance base IRI among them), never
from global settings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
from rdflib import URIRef

from ipas.sources.triples import Triples

#: Instance base when nothing says otherwise (the default of ``IPAS_BASE_IRI``).
DEFAULT_BASE_IRI = "https://w3id.org/ipas/id/"
_BASE_IRI: ContextVar[str] = ContextVar("ipas_base_iri", default=DEFAULT_BASE_IRI)


@dataclass(frozen=True)
class SourcePosition:
    """Where a record came from: file, line (1-based) and the source's own record key.

    >>> str(SourcePosition("sdn.csv", line=12, record_id="36"))
    'sdn.csv:12 [36]'
    """

    source: str
    line: int | None = None
    record_id: str | None = None

    def __str__(self) -> str:
        text = self.source if self.line is None else f"{self.source}:{self.line}"
        return text if self.record_id is None else f"{text} [{self.record_id}]"


@dataclass
class Record:
    """One source record mapped to RDF: its triples (a :class:`Triples` built with ``add``).

    ``subjects`` are the nodes this record describes (its SHACL focus nodes); a validation
    result on any of them sends the whole record to quarantine. ``retractions`` name entities
    whose statements from earlier batches of the same source this record withdraws (delta
    streams: a DEL, or a MOD that replaces an entity).
    """

    position: SourcePosition
    graph: Triples
    subjects: frozenset[URIRef] = field(default_factory=frozenset)
    retractions: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A record the loader could not read or map: quarantined with its reason, never dropped."""

    position: SourcePosition
    reason: str
    raw: str = ""


@dataclass(frozen=True)
class LoadOptions:
    """What the person loading says about the source (recorded in the batch's PROV entry),
    and the deployment's instance base IRI (set by the ingest pipeline from its settings)."""

    source_name: str | None = None
    marking: str = "TLP:AMBER"
    agency: str | None = None
    shared_with: tuple[str, ...] = ()  # agencies (besides the owner) the batch is shared with
    reliability: str | None = None  # Admiralty source reliability A-F
    credibility: str | None = None  # Admiralty information credibility 1-6
    encoding: str | None = None  # a legacy text encoding (e.g. cp1252); None: UTF-8
    base_iri: str = DEFAULT_BASE_IRI  # instance IRIs are minted under it


def base_iri() -> str:
    """The instance base of the load in progress (see :meth:`Loader.records`), ending in ``/``.

    >>> base_iri()
    'https://w3id.org/ipas/id/'
    """
    base = _BASE_IRI.get()
    return base if base.endswith(("/", "#")) else base + "/"


class Loader(ABC):
    """A source format. Subclasses declare ``name`` (the ``--format`` value) and read files."""

    name: ClassVar[str]
    summary: ClassVar[str]
    #: File name endings this loader claims when ``--format`` is not given.
    extensions: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        """Yield every record of ``paths``, in source order, mapped or rejected."""

    def read_blocks(self, paths: Sequence[Path], options: LoadOptions,
                    ) -> Iterator[Record | Rejected | LineBlock]:
        """``read``, where a loader may yield runs of records as one :class:`LineBlock`
        (the ingest pipeline's fast path; by default, records one by one)."""
        return self.read(paths, options)

    def records(self, paths: Sequence[Path], options: LoadOptions, *, blocks: bool = False,
                ) -> Iterator[Record | Rejected | LineBlock]:
        """``read`` (``read_blocks`` when ``blocks``), with :func:`base_iri` answering
        ``options.base_iri`` while it runs.

        IRIs are minted deep inside mapping helpers; the base is scoped around each step of
        the reader instead of being threaded through every call (or read from settings).
        """
        items = self.read_blocks(paths, options) if blocks else self.read(paths, options)
        while True:
            token = _BASE_IRI.set(options.base_iri)
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                _BASE_IRI.reset(token)
            yield item


# A line-based RDF source (N-Triples, N-Quads) is parsed and re-serialized by the engine a block
# at a time; its records are runs of lines with the same subject. Carrying such a block to the
# ingest pipeline as one LineBlock (the lines, and per record its line count, source line and
# subject token) instead of one Record per subject keeps Python objects per record, not per
# triple: the pipeline validates and stages the lines as they are and builds records only for
# the few that fail. LineBlock.records gives the same records a loader would have yielded.

@dataclass
class LineBlock:
    """Records as canonical N-Triples (pyoxigraph's serialization: one triple a line, single
    spaces, no comments), record after record.

    >>> block = LineBlock("a.nt", b'<urn:a> <urn:p> "x" .\\n<urn:a> <urn:q> "y" .\\n'
    ...                   b'_:b <urn:p> "z" .\\n', [2, 1], [1, 4], [b"<urn:a>", b"_:b"])
    >>> [(str(r.position), len(r.graph), sorted(r.subjects)) for r in block.records()]
    [('a.nt:1 [urn:a]', 2, [rdflib.term.URIRef('urn:a')]), ('a.nt:4', 1, [])]
    """

    source: str
    lines: bytes
    counts: list[int]  # lines (triples) per record
    first_lines: list[int | None]  # each record's first source line
    roots: list[bytes]  # each record's subject token (``<iri>`` or ``_:label``)

    @property
    def triples(self) -> int:
        return sum(self.counts)

    def position(self, index: int) -> SourcePosition:
        """Where record ``index`` came from (an IRI subject is its record id)."""
        root = self.roots[index]
        return SourcePosition(self.source, line=self.first_lines[index],
                              record_id=root[1:-1].decode() if root[:1] == b"<" else None)

    def declared(self, index: int) -> frozenset[URIRef]:
        """The node record ``index`` describes: its IRI subject (none for a blank node)."""
        root = self.roots[index]
        return frozenset({URIRef(root[1:-1].decode())}) if root[:1] == b"<" else frozenset()

    def tokens(self) -> list[list[str]]:
        """Each record's declared nodes as N-Triples tokens."""
        return [[root.decode()] if root[:1] == b"<" else [] for root in self.roots]

    def split(self, records: int) -> tuple[LineBlock, LineBlock]:
        """The first ``records`` records, and the rest.

        >>> block = LineBlock("a.nt", b"<urn:a> <urn:p> 1 .\\n<urn:b> <urn:p> 2 .\\n", [1, 1],
        ...                   [1, 2], [b"<urn:a>", b"<urn:b>"])
        >>> [b.lines for b in block.split(1)]
        [b'<urn:a> <urn:p> 1 .\\n', b'<urn:b> <urn:p> 2 .\\n']
        """
        count = sum(self.counts[:records])
        rest = self.lines.split(b"\n", count)[-1] if count else self.lines
        cut = len(self.lines) - len(rest)
        return (LineBlock(self.source, self.lines[:cut], self.counts[:records],
                          self.first_lines[:records], self.roots[:records]),
                LineBlock(self.source, rest, self.counts[records:],
                          self.first_lines[records:], self.roots[records:]))

    def record_lines(self) -> Iterator[bytes]:
        """Each record's lines, in order."""
        lines = self.lines.splitlines(keepends=True)
        start = 0
        for count in self.counts:
            yield b"".join(lines[start:start + count])
            start += count

    def records(self) -> Iterator[Record]:
        """The block as the records it stands for."""
        triples = list(ox.parse(self.lines, ox.RdfFormat.N_TRIPLES))
        start = 0
        for index, count in enumerate(self.counts):
            yield Record(self.position(index), Triples.of_ox(triples[start:start + count]),
                         self.declared(index))
            start += count
