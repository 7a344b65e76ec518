"""Where a statement comes from: the batch of the graph that holds it, or that the statement
was inferred (it lives in a batch's ``/inferred`` graph) and is therefore no evidence at all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ipas.catalog import BatchEntry, Catalog
from ipas.graphs import GraphNames
from ipas.settings import Settings
from ipas.store.base import Scope, Store

#: Admiralty grades from best to worst: A1 is the most, F6 the least trusted.
RELIABILITY = "ABCDEF"
CREDIBILITY = "123456"


def grade_rank(reliability: str | None, credibility: str | None) -> int:
    """A sortable rank of an Admiralty grade (0 best; unknown parts rank as worst).

    >>> grade_rank("A", "1"), grade_rank("B", "2"), grade_rank(None, None)
    (0, 7, 35)
    """
    r = RELIABILITY.find(reliability or "F")
    c = CREDIBILITY.find(credibility or "6")
    return (r if r >= 0 else 5) * 6 + (c if c >= 0 else 5)


@dataclass(frozen=True)
class Evidence:
    """The batch behind a statement, as the catalog describes it."""

    batch: str
    graph: str
    source: str
    agency: str | None
    marking: str | None
    reliability: str | None
    credibility: str | None
    loaded_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"batch": self.batch, "graph": self.graph, "source": self.source,
                "agency": self.agency, "marking": self.marking,
                "reliability": self.reliability, "credibility": self.credibility,
                "grade": f"{self.reliability or '?'}{self.credibility or '?'}",
                "loaded_at": self.loaded_at}


class EvidenceIndex:
    """The catalog's batches the caller may see, looked up by graph name."""

    def __init__(self, store: Store, settings: Settings, scope: Scope) -> None:
        self.names = GraphNames(settings.base_iri)
        visible = scope.graphs
        self._by_graph: dict[str, Evidence] = {
            e.graph: _evidence(e) for e in Catalog(store, settings).batches()
            if visible is None or e.graph in visible
        }

    def is_inferred(self, graph: str) -> bool:
        return graph.endswith("/inferred") and graph[: -len("/inferred")] in self._by_graph

    def of(self, graph: str) -> Evidence | None:
        """The batch a graph belongs to (its own, or the one it was inferred from)."""
        base = graph[: -len("/inferred")] if graph.endswith("/inferred") else graph
        return self._by_graph.get(base)

    def describe(self, graphs: Iterable[str]) -> tuple[list[dict[str, Any]], bool]:
        """The evidence of the asserting graphs, and whether the statement is only inferred."""
        asserted: dict[str, Evidence] = {}
        inferred = False
        for graph in graphs:
            found = self.of(graph)
            if found is None:
                continue
            if self.is_inferred(graph):
                inferred = True
            else:
                asserted[found.batch] = found
        return [e.to_dict() for e in asserted.values()], inferred and not asserted


def _evidence(entry: BatchEntry) -> Evidence:
    return Evidence(entry.id, entry.graph, entry.source, entry.agency, entry.marking,
                    entry.reliability, entry.credibility, entry.loaded_at)
