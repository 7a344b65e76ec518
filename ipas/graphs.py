"""Names of the store's named graphs, derived from the configured base IRI.

One graph per loaded batch; separate graphs for the catalog, the ontology, and entity
resolution hypotheses. Reasoner output is kept beside the batch it was derived from
(``{batch graph}/inferred``) so that inferred triples are visible exactly where their premises are.
Derived facts whose premises lie in several batches (:mod:`ipas.derived`) go to a graph named by
those batches (``{base}graph/derived/{id}+{id}/inferred``), readable by whoever sees them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class GraphNames:
    """Graph IRIs under a base.

    >>> g = GraphNames("https://w3id.org/ipas/id/")
    >>> g.batch("b1")
    'https://w3id.org/ipas/id/graph/batch/b1'
    >>> g.batch_id(g.batch("b1")), g.is_batch(g.catalog)
    ('b1', False)
    >>> g.inferred_for(g.batch("b1"))
    'https://w3id.org/ipas/id/graph/batch/b1/inferred'
    >>> g.derived_for(["b2", "b1"])
    'https://w3id.org/ipas/id/graph/derived/b1+b2/inferred'
    >>> sorted(g.derived_batch_ids(g.derived_for(["b2", "b1"])) or [])
    ['b1', 'b2']
    """

    base: str

    @property
    def catalog(self) -> str:
        return f"{self.base}graph/catalog"

    @property
    def ontology(self) -> str:
        return f"{self.base}graph/ontology"

    @property
    def resolution(self) -> str:
        return f"{self.base}graph/resolution"

    @property
    def batch_prefix(self) -> str:
        return f"{self.base}graph/batch/"

    def batch(self, batch_id: str) -> str:
        return f"{self.batch_prefix}{batch_id}"

    def inferred_for(self, batch_graph: str) -> str:
        return f"{batch_graph}/inferred"

    @property
    def derived_prefix(self) -> str:
        return f"{self.base}graph/derived/"

    def derived_for(self, batch_ids: Iterable[str]) -> str:
        """The graph of facts derived from premises in exactly these batches."""
        return f"{self.derived_prefix}{'+'.join(sorted(set(batch_ids)))}/inferred"

    def derived_batch_ids(self, graph: str) -> frozenset[str] | None:
        """The batches a derived graph's facts follow from (None: not a derived graph)."""
        if not graph.startswith(self.derived_prefix) or not graph.endswith("/inferred"):
            return None
        return frozenset(graph[len(self.derived_prefix):-len("/inferred")].split("+"))

    def is_batch(self, graph: str) -> bool:
        return graph.startswith(self.batch_prefix) and not graph.endswith("/inferred")

    def batch_id(self, graph: str) -> str | None:
        if not self.is_batch(graph):
            return None
        return graph[len(self.batch_prefix) :]
