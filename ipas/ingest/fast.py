"""The units of the fast path: one record in flight, a chunk of them, and how big a chunk is.

Records arrive from a loader as engine terms (a :class:`Unit` each) or as blocks of canonical
N-Triples lines (:class:`~ipas.sources.base.LineBlock`, many records and no Python object per
triple); the stager (:mod:`ipas.ingest.staging`) groups them into a :class:`Chunk` of
:data:`CHUNK_TRIPLES` triples, which a judge (:mod:`ipas.ingest.judge`) validates in a worker
process (:mod:`ipas.ingest.worker`) while the next chunk is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib.term import Node

from ipas.ingest.judge import ChunkData
from ipas.sources import SourcePosition
from ipas.sources.base import LineBlock

#: Triples validated together: bounds memory, and is the unit of overlap between processes
#: (judging costs the same per triple from 25k to 100k a chunk; smaller chunks overlap more).
CHUNK_TRIPLES = 50_000
#: The smallest chunk worth a worker process (smaller chunks, as tests set, judge in-process).
PROCESS_MIN_CHUNK = 20_000

OxNode = ox.NamedNode | ox.BlankNode


@dataclass
class Unit:
    """One record in flight: where it came from, its triples, the nodes it describes (as the
    loader named them: converted only for the few records that fail)."""

    position: SourcePosition
    triples: list[ox.Triple]
    declared: frozenset[Node]
    retractions: tuple[URIRef, ...] = ()

    @property
    def subjects(self) -> frozenset[OxNode]:
        return frozenset(n for n in map(ox_node, self.declared) if n is not None)

    def tokens(self) -> list[str]:
        """The declared nodes as N-Triples tokens.

        >>> Unit(SourcePosition("a"), [], frozenset({URIRef("urn:a")})).tokens()
        ['<urn:a>']
        """
        return [f"<{n}>" if isinstance(n, URIRef) else f"_:{n}" for n in self.declared
                if isinstance(n, URIRef | BNode)]


def ox_node(node: Node) -> OxNode | None:
    """An rdflib subject as a pyoxigraph node (None for literals).

    >>> ox_node(URIRef("urn:a")), ox_node(BNode("b1"))
    (<NamedNode value=urn:a>, <BlankNode value=b1>)
    """
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    return None


#: A row of the stage's record marks (:mod:`ipas.ingest.dangling`): count, source, line, id.
Row = list[object]


@dataclass
class Chunk:
    """Records of one chunk in order: units one a record, line blocks many (indexes count
    records across both)."""

    parts: list[Unit | LineBlock] = field(default_factory=list)
    size: int = 0  # triples

    def add(self, part: Unit | LineBlock) -> None:
        self.parts.append(part)
        self.size += len(part.triples) if isinstance(part, Unit) else part.triples

    def encode(self) -> ChunkData:
        """The chunk as it crosses to the judge: one N-Triples line per triple, in record
        order (units serialized by the engine, blocks' lines as they are).

        >>> u = Unit(SourcePosition("a.nt", 1), [ox.Triple(ox.NamedNode("urn:a"),
        ...          ox.NamedNode("urn:p"), ox.Literal("x"))], frozenset({URIRef("urn:a")}))
        >>> b = LineBlock("b.nt", b"_:b <urn:p> 1 .\\n", [1], [3], [b"_:b"])
        >>> data = Chunk([u, b]).encode()
        >>> data.blob, data.counts, data.subjects
        (b'<urn:a> <urn:p> "x" .\\n_:b <urn:p> 1 .\\n', [1, 1], [['<urn:a>'], []])
        """
        blobs: list[bytes] = []
        counts: list[int] = []
        subjects: list[list[str]] = []
        run: list[Unit] = []
        for part in [*self.parts, None]:
            if isinstance(part, Unit):
                run.append(part)
                continue
            if run:
                blobs.append(_serialize([t for unit in run for t in unit.triples]))
                counts.extend(len(unit.triples) for unit in run)
                subjects.extend(unit.tokens() for unit in run)
                run = []
            if part is not None:
                blobs.append(part.lines)
                counts.extend(part.counts)
                subjects.extend(part.tokens())
        return ChunkData(b"".join(blobs), counts, subjects)

    def records(self) -> Iterator[tuple[Row, Unit | tuple[LineBlock, int]]]:
        """Per record in order: its mark row, and the record (a unit, or a block and the
        record's index in it)."""
        for part in self.parts:
            if isinstance(part, Unit):
                yield [len(part.triples), part.position.source, part.position.line,
                       part.position.record_id], part
                continue
            for index, (count, line, root) in enumerate(
                    zip(part.counts, part.first_lines, part.roots, strict=True)):
                rid = root[1:-1].decode() if root[:1] == b"<" else None
                yield [count, part.source, line, rid], (part, index)


def as_unit(record: Unit | tuple[LineBlock, int], lines: bytes) -> Unit:
    """A record of :meth:`Chunk.records` as a unit (``lines``: its N-Triples lines)."""
    if isinstance(record, Unit):
        return record
    block, index = record
    return Unit(block.position(index), list(ox.parse(lines, ox.RdfFormat.N_TRIPLES)),
                block.declared(index))


def _serialize(triples: list[ox.Triple]) -> bytes:
    try:
        blob = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    except ValueError:  # quads in named graphs (a batch is one graph: the names go)
        blob = ox.serialize([ox.Triple(t.subject, t.predicate, t.object) for t in triples],
                            format=ox.RdfFormat.N_TRIPLES)
    return blob or b""
