"""The batch's own ``rdf:type`` assertions, indexed in the engine for the chunks that need them.

A record may link to a node typed further down the source (a later chunk): validation must
see that type, as if the whole batch were one chunk. Holding every type of the batch as Python
objects and copying all of them into every chunk made each chunk cost O(batch) and kept the
batch in memory; instead the types go into a pyoxigraph store (on disk when given a
directory) and each chunk asks only for the nodes it refers to. The engine keeps what it has
not flushed in memory (about 500 MB per million types, measured), so the index is flushed to
disk every ``FLUSH_BYTES`` of loaded lines: the worker's memory then stays near its chunk's.

>>> index = TypeIndex()
>>> index.load(b"<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:Org> .\\n")
>>> index.types_of(["urn:a", "urn:b"])
b'<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:Org> .\\n'
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: IRIs per look-up query.
LOOKUP_CHUNK = 5_000
#: N-Triples bytes loaded into an on-disk index between two flushes (~60k types).
FLUSH_BYTES = 8 << 20


class TypeIndex:
    """``rdf:type`` triples of IRIs, added a chunk at a time, looked up per chunk."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._store = ox.Store(str(directory)) if directory is not None else ox.Store()
        self._unflushed = 0

    def load(self, ntriples: bytes) -> None:
        """Index ``rdf:type`` lines (N-Triples, IRI subjects), one transaction per chunk."""
        if ntriples:
            self._store.load(ntriples, ox.RdfFormat.N_TRIPLES)
            self._unflushed += len(ntriples)
            if self.directory is not None and self._unflushed >= FLUSH_BYTES:
                self._store.flush()  # out of the engine's memory tables, onto disk
                self._unflushed = 0

    def types_of(self, iris: Iterable[str]) -> bytes:
        """The indexed types of the IRIs ``iris`` (values, without brackets), as N-Triples
        (serialized by the engine: no Python object per triple)."""
        wanted = sorted(set(iris))
        out = []
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            values = " ".join(f"<{iri}>" for iri in wanted[start:start + LOOKUP_CHUNK])
            found = self._store.query(
                f"CONSTRUCT {{ ?s a ?t }} WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}")
            assert isinstance(found, ox.QueryTriples)
            out.append(found.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
        return b"".join(out)

    def close(self) -> None:
        """Drop the index (and its directory)."""
        del self._store
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
