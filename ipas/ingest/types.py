"""The batch's own ``rdf:type`` assertions, indexed in the engine for the chunks that need them.

A record may link to a node typed further down the source (a later chunk): validation must
see that type, as if the whole batch were one chunk. Holding every type of the batch as Python
objects and copying all of them into every chunk made each chunk cost O(batch) and kept the
batch in memory; instead the types go into a pyoxigraph store (on disk when given a
directory) and each chunk asks only for the nodes it refers to.

>>> import pyoxigraph as ox
>>> index = TypeIndex()
>>> index.add([ox.Triple(ox.NamedNode("urn:a"), RDF_TYPE, ox.NamedNode("urn:Org"))])
>>> [str(t.object) for t in index.types_of([ox.NamedNode("urn:a"), ox.NamedNode("urn:b")])]
['<urn:Org>']
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: IRIs per look-up query.
LOOKUP_CHUNK = 5_000


class TypeIndex:
    """``rdf:type`` triples of IRIs, added as records arrive, looked up per chunk."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._store = ox.Store(str(directory)) if directory is not None else ox.Store()
        self._pending: list[ox.Quad] = []

    def add(self, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Index the ``rdf:type`` triples among ``triples`` (subjects that are IRIs); they are
        written at the next :meth:`flush` (one transaction per chunk, not per record)."""
        self._pending.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples
                             if t.predicate == RDF_TYPE and isinstance(t.subject, ox.NamedNode))

    def flush(self) -> None:
        if self._pending:
            self._store.extend(self._pending)
            self._pending = []

    def types_of(self, nodes: Iterable[ox.NamedNode]) -> Iterator[ox.Triple]:
        """The indexed types of ``nodes``."""
        self.flush()
        # Engine-serialized IRIs (parsed and checked by pyoxigraph), never text from a file.
        wanted = sorted({str(n) for n in nodes})
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            values = " ".join(wanted[start:start + LOOKUP_CHUNK])
            solutions = self._store.query(
                f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}")
            assert isinstance(solutions, ox.QuerySolutions)
            for row in solutions:
                yield ox.Triple(row["s"], RDF_TYPE, row["t"])

    def close(self) -> None:
        """Drop the index (and its directory)."""
        del self._store
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
