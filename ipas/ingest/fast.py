"""The unit of the fast path: one record in flight, and how big a chunk of them is.

Records arrive from a loader as engine terms; the stager (:mod:`ipas.ingest.staging`) groups
them into chunks of :data:`CHUNK_TRIPLES` triples, which a judge (:mod:`ipas.ingest.judge`)
validates in a worker process (:mod:`ipas.ingest.worker`) while the next chunk is read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib.term import Node

from ipas.sources import SourcePosition

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
