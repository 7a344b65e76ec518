"""Projections per caller scope, cached per store write generation and kept up to date.

A scope's projection is rebuilt only when it must be: the same scope at the same generation
is served from the cache; a scope that gained graphs (a batch arrived) extends the projection
it had with the new graphs' fragments (:meth:`Projection.extend`); a scope that lost a graph
or whose graph changed size (a retraction, an in-place update) is built afresh. Only the
graphs of the caller's scope are read, so a partner's projection cannot hold a hidden node or
edge: what is not in the scope is never read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from ipas.analysis.extract import read_fragment
from ipas.analysis.facts import BatchInfo
from ipas.analysis.grading import grade_of
from ipas.analysis.projection import Projection
from ipas.analysis.spec import EdgeRules, edge_rules
from ipas.catalog import Catalog
from ipas.errors import BadInput, LimitExceeded
from ipas.graphs import GraphNames
from ipas.settings import Settings
from ipas.store.base import Scope, Store

#: Scopes kept in memory at once (each is a whole projection).
MAX_SCOPES = 4
#: The most triples one projection reads (about 250 MB of memory per million).
MAX_TRIPLES = 5_000_000


#: Entity resolution for a scope: (resolved actor of an IRI, records of a resolved actor).
Resolution = tuple[Callable[[str], str], Callable[[str], frozenset[str]]]
Resolver = Callable[[Store, Settings, Scope], Resolution]


@dataclass
class _Entry:
    generation: int | None
    projection: Projection


def resolution_service(store: Store, settings: Settings, scope: Scope) -> Resolution:
    """Resolved actors from entity resolution (``ipas.resolution``): the decisions the caller
    may see, applied to the records the caller may see."""
    try:
        from ipas.resolution import ResolutionService
    except ImportError:  # the package is not part of this deployment
        raise BadInput("entity resolution is not available here", field="resolved") from None
    resolution = ResolutionService(store, settings).view(scope).resolution
    return resolution.canonical_of, resolution.members


class Analysis:
    """The analysis door for one store: ``projection(scope)`` and what is built on it.

    >>> from ipas.store.oxigraph import OxigraphStore
    >>> a = Analysis(OxigraphStore(), Settings(store="memory"))
    >>> len(a.projection(Scope.everything()).nodes)
    0
    """

    def __init__(self, store: Store, settings: Settings, *, rules: EdgeRules | None = None,
                 resolver: Resolver = resolution_service,
                 max_triples: int = MAX_TRIPLES) -> None:
        self.store = store
        self.settings = settings
        self.names = GraphNames(settings.base_iri)
        self.rules = rules or edge_rules()
        self.resolver = resolver  # entity resolution, used for ``resolved=True`` projections
        self._cache: OrderedDict[tuple[frozenset[str], bool], _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.max_triples = max_triples
        self.last_build = "none"  # "cached", "extended" or "built": what the last call did

    def wanted(self, scope: Scope) -> list[str]:
        """The asserted graphs of ``scope`` the projection reads: batches and the ontology."""
        present = self.store.graphs()
        visible = present if scope.graphs is None else [g for g in present if g in scope.graphs]
        return [g for g in visible if self.names.is_batch(g) or g == self.names.ontology]

    def projection(self, scope: Scope, *, resolved: bool = False) -> Projection:
        """The projection of exactly the graphs ``scope`` may read; with ``resolved``, nodes
        are resolved actors (entity resolution's decisions in force for this caller)."""
        with self._lock:
            return self._projection(scope, resolved)

    def _projection(self, scope: Scope, resolved: bool) -> Projection:
        generation = getattr(self.store, "generation", None)
        graphs = self.wanted(scope)
        if resolved:  # decisions live in their own graphs: any write may change them
            graphs += self.resolution_graphs(scope)
        key = (frozenset(graphs), resolved)
        entry = self._cache.get(key)
        if entry is not None and generation is not None and entry.generation == generation:
            self._cache.move_to_end(key)
            self.last_build = "cached"
            return entry.projection
        sizes = dict(self.store.stats(scope=Scope.of(graphs)).triples_per_graph) if graphs \
            else {}
        if sum(sizes.values()) > self.max_triples:
            raise LimitExceeded(f"link analysis reads at most {self.max_triples:,} triples; "
                                f"this view holds {sum(sizes.values()):,}", field="scope")
        # A resolved projection is never extended: a new batch can make more decisions
        # visible, which regroups nodes built before it.
        base = None if resolved else self._extendable(key[0], sizes)
        batches = self._batches(graphs)
        if base is not None:
            projection = base
            new = [g for g in graphs if g not in projection.graphs]
            if new:  # never in place: the cached one may be in use by its own callers
                projection = projection.copy()
            self.last_build = "extended" if new else "cached"
        else:
            projection = Projection(self.rules)
            if resolved:
                projection.canonical, projection.members = self.resolver(
                    self.store, self.settings, scope)
            new = [g for g in graphs if not g.startswith(self.names.resolution)]
            self.last_build = "built"
        if new or base is None:
            projection.extend(
                (read_fragment(self.store, g, self.rules, sizes.get(g, 0)) for g in new),
                batches)
        self._cache[key] = _Entry(generation, projection)
        while len(self._cache) > MAX_SCOPES:
            self._cache.popitem(last=False)
        return projection

    def resolution_graphs(self, scope: Scope) -> list[str]:
        """The entity-resolution graphs of ``scope`` (decisions), by their names."""
        present = self.store.graphs()
        return [g for g in present if g.startswith(self.names.resolution)
                and (scope.graphs is None or g in scope.graphs)]

    def _extendable(self, key: frozenset[str], sizes: dict[str, int]) -> Projection | None:
        """A cached projection whose graphs are all still wanted and unchanged (largest)."""
        found: Projection | None = None
        for (old_key, old_resolved), entry in self._cache.items():
            graphs = entry.projection.graphs
            if old_resolved:
                continue
            if old_key <= key and all(sizes.get(g) == n for g, n in graphs.items()) and (
                    found is None or len(graphs) > len(found.graphs)):
                found = entry.projection
        return found

    def _batches(self, graphs: list[str]) -> dict[str, BatchInfo]:
        """Catalog facts of the visible batches only (the catalog itself may be hidden)."""
        wanted = set(graphs)
        out: dict[str, BatchInfo] = {}
        for b in Catalog(self.store, self.settings).batches():
            if b.graph in wanted:
                out[b.graph] = BatchInfo(b.id, b.graph, b.source, b.marking or "TLP:RED",
                                         grade_of(b.reliability, b.credibility))
        if self.names.ontology in wanted:
            out[self.names.ontology] = BatchInfo("ontology", self.names.ontology, "ontology",
                                                 "TLP:CLEAR", None)
        return out
