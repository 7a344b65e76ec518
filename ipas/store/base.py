"""The Store interface: what every backend (embedded Oxigraph, remote SPARQL server) offers.

Everything above the store (ingest, saved queries, REST, the SPARQL endpoint, security) speaks
only this interface, so a deployment can move from the embedded store to a remote engine by
changing one setting (``IPAS_STORE``).

Terms crossing this interface are rdflib terms (``URIRef``, ``Literal``, ``BNode``): rdflib is the
project's term model. Bulk data crosses it as serialized RDF bytes or files, never as Python
objects per triple, so that loads stay fast.

Scoping: a query never runs against "the whole store" unless the caller passes
``Scope.everything()`` (internal use only). The caller's dataset is built before the query
runs and is handed to the engine, never spliced into query text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, Self

from rdflib.term import Identifier, Node


class QueryKind(StrEnum):
    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"


@dataclass(frozen=True)
class Scope:
    """The dataset a query may read.

    ``graphs`` are the named graphs the caller may see (``None``: every graph, internal use
    only). ``default_graphs`` is the query's default graph; ``None`` means the union of
    ``graphs``. ``named_graphs`` narrows what ``GRAPH ?g`` ranges over; ``None`` means
    ``graphs``. Both narrowings are intersected with ``graphs`` by :meth:`resolve`, so a caller
    can never widen its own scope through the protocol's ``default-graph-uri`` or
    ``named-graph-uri``.

    >>> s = Scope(graphs=frozenset({"urn:a", "urn:b"}))
    >>> sorted(s.resolve().default_graphs or [])
    ['urn:a', 'urn:b']
    >>> Scope(graphs=frozenset({"urn:a"}), default_graphs=("urn:hidden",)).resolve().default_graphs
    ()
    """

    graphs: frozenset[str] | None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls(graphs=None)

    @classmethod
    def of(cls, graphs: Iterable[str]) -> Scope:
        return cls(graphs=frozenset(graphs))

    def resolve(self) -> ResolvedScope:
        """Concrete default and named graph lists, never wider than ``graphs``."""

        def narrow(wanted: tuple[str, ...] | None) -> tuple[str, ...] | None:
            if wanted is None:
                return None if self.graphs is None else tuple(sorted(self.graphs))
            if self.graphs is None:
                return wanted
            return tuple(g for g in wanted if g in self.graphs)

        return ResolvedScope(
            default_graphs=narrow(self.default_graphs),
            named_graphs=narrow(self.named_graphs),
        )


@dataclass(frozen=True)
class ResolvedScope:
    """``None`` means every graph (only possible from ``Scope.everything()``)."""

    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None


@dataclass
class SelectResult:
    """Rows of a SELECT: each row maps a variable name to an rdflib term (unbound: absent)."""

    variables: list[str]
    rows: list[dict[str, Node]] = field(default_factory=list)
    truncated: bool = False  # True when the row limit cut the result


@dataclass
class RawResult:
    """A query answer already serialized in the requested media type (the endpoint's path)."""

    kind: QueryKind
    media_type: str
    body: bytes
    row_count: int | None = None


@dataclass(frozen=True)
class StoreStats:
    triples: int
    graphs: int
    triples_per_graph: Mapping[str, int] = field(default_factory=dict)


class Store(ABC):
    """A quad store with scoped SPARQL reads, atomic batch writes and a single writer."""

    #: True when one ``load`` reads a blank-node label as one node in every graph of the file
    #: (a batch and its inferred graph can then share it; see ``ipas.reasoning.batch``).
    load_shares_blank_nodes: bool = True

    # -- reads -------------------------------------------------------------------------------
    @abstractmethod
    def select(
        self,
        query: str,
        *,
        scope: Scope,
        bindings: Mapping[str, Identifier] | None = None,
        max_rows: int | None = None,
        timeout_s: float | None = None,
    ) -> SelectResult:
        """Run a SELECT with ``bindings`` substituted by the engine (never by text)."""

    @abstractmethod
    def ask(
        self,
        query: str,
        *,
        scope: Scope,
        bindings: Mapping[str, Identifier] | None = None,
        timeout_s: float | None = None,
    ) -> bool: ...

    @abstractmethod
    def construct(
        self,
        query: str,
        *,
        scope: Scope,
        bindings: Mapping[str, Identifier] | None = None,
        max_rows: int | None = None,
        timeout_s: float | None = None,
    ) -> list[tuple[Node, Node, Node]]:
        """CONSTRUCT or DESCRIBE: the resulting triples."""

    @abstractmethod
    def query_raw(
        self,
        query: str,
        *,
        scope: Scope,
        media_type: str,
        bindings: Mapping[str, Identifier] | None = None,
        max_rows: int | None = None,
        timeout_s: float | None = None,
    ) -> RawResult:
        """Any query form, serialized by the engine in ``media_type`` (SPARQL results or RDF)."""

    # -- writes (serialized: one writer at a time) --------------------------------------------
    @abstractmethod
    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 Update atomically. Callers have already checked policy."""

    @abstractmethod
    def load(self, data: bytes | Path, media_type: str, *, graph: str | None = None) -> None:
        """Load RDF atomically: all of it or nothing.

        ``data`` is serialized RDF (bytes, or a file streamed from disk). Triples go to
        ``graph``; quad formats (N-Quads, TriG) keep their own graph names when ``graph`` is
        ``None``. This is how a batch and its catalog entry commit together: the ingest
        pipeline writes both as one N-Quads document and calls ``load`` once.
        """

    @abstractmethod
    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and its triples (no error if it does not exist)."""

    # -- inventory -------------------------------------------------------------------------
    @abstractmethod
    def graphs(self) -> list[str]:
        """Every named graph in the store (callers filter by scope)."""

    @abstractmethod
    def export(
        self, out: BinaryIO, *, media_type: str, graphs: Sequence[str] | None = None
    ) -> None:
        """Write ``graphs`` (``None``: all) to ``out`` as N-Quads/TriG, or one graph as triples."""

    @abstractmethod
    def stats(self, *, scope: Scope) -> StoreStats:
        """Triple and graph counts within ``scope`` (hidden graphs are not counted)."""

    def close(self) -> None:  # noqa: B027 - optional hook, most stores need nothing
        """Release files and connections."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def iter_chunks(stream: BinaryIO, size: int = 1 << 20) -> Iterator[bytes]:
    """Read a binary stream in chunks (shared by backends that upload in pieces)."""
    while chunk := stream.read(size):
        yield chunk
