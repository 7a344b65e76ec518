"""Records held back by a chunk's validation, kept on disk until the batch's end.

A record that fails its chunk is judged again once the whole batch is read (a node it links
to may be typed further down the source). A source with many such records (a list whose
links all point forward, or one that mostly fails) must not hold them all in memory: each is
written to a spill file as its N-Triples lines with its position and declared nodes, and read
back a chunk at a time.

>>> import tempfile
>>> import pyoxigraph as ox
>>> from rdflib import URIRef
>>> from ipas.sources import SourcePosition
>>> held = HeldRecords(Path(tempfile.mkdtemp()))
>>> held.add(Unit(SourcePosition("a.nt", 3), [], frozenset({URIRef("urn:a")})),
...          b'<urn:a> <urn:p> "x" .\\n')
>>> [(str(u.position), len(u.triples)) for part in held.parts(10) for u in part]
[('a.nt:3', 1)]
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ipas.ingest.fast import Unit


class HeldRecords:
    """An append-only spill file of held records, read back in parts of about ``size``
    triples."""

    def __init__(self, directory: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=directory, prefix="held-")
        self.count = 0

    def add(self, unit: Unit, lines: bytes) -> None:
        pickle.dump((unit.position, lines, unit.declared, unit.retractions), self._file,
                    protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def parts(self, size: int) -> Iterator[list[Unit]]:
        """The held records in order, as lists of about ``size`` triples."""
        self._file.flush()
        self._file.seek(0)
        part: list[Unit] = []
        triples = 0
        for _ in range(self.count):
            position, lines, declared, retractions = pickle.load(self._file)  # noqa: S301 - ours
            unit = Unit(position, list(ox.parse(lines, ox.RdfFormat.N_TRIPLES)),
                        declared, retractions)
            part.append(unit)
            triples += len(unit.triples)
            if triples >= size:
                yield part
                part, triples = [], 0
        if part:
            yield part

    def close(self) -> None:
        self._file.close()
