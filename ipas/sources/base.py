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
from typing import TYPE_CHECKING, ClassVar

from rdflib import URIRef

from ipas.sources.triples import Triples

if TYPE_CHECKING:
    from ipas.sources.lines import LineBlock

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
