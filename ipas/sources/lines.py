"""Consecutive records kept as canonical N-Triples lines: a loader's fast path into ingest.

A line-based RDF source (N-Triples, N-Quads) is parsed and re-serialized by the engine a block
at a time; its records are runs of lines with the same subject. Carrying such a block to the
ingest pipeline as :class:`LineBlock` (the lines, and per record its line count, source line
and subject token) instead of one :class:`~ipas.sources.Record` per subject keeps Python
objects per record, not per triple: the pipeline validates and stages the lines as they are
and builds records only for the few that fail. :meth:`LineBlock.records` gives the same
records a loader would have yielded one by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from ipas.sources.base import Record, SourcePosition
from ipas.sources.triples import Triples


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
