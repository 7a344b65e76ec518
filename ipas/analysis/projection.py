"""The link-analysis projection: entities as nodes, links as evidence-bearing edges, in igraph.

Every :class:`Edge` is one statement of a link (a reified relationship, an event between two
parties, or a direct triple) with its batch, source, Admiralty grade, marking, dates and the
reports behind it. The igraph graph is simple and undirected: one edge per pair of entities
carrying the indices of all the link records between them, so k-shortest paths differ in the
entities they pass, and constraints (kinds, grade, dates) choose among a pair's records.

:meth:`Projection.extend` adds fragments and recomputes only the edges of touched subjects;
a full build is the same call on an empty projection, so both paths give one answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig

from ipas.analysis.extract import LABEL, Fragment
from ipas.analysis.facts import DATE, BatchInfo, Facts
from ipas.analysis.grading import best, grade_text, strictest
from ipas.analysis.spec import EdgeRules
from ipas.errors import BadInput
from ipas.namespace import IPAS
from ipas.security.markings import parse_marking

#: Node categories (first match wins), used by convergence and the exports.
CATEGORIES = (
    ("network", str(IPAS.CriminalOrganization)), ("official", str(IPAS.GovernmentOfficial)),
    ("person", str(IPAS.Person)), ("agency", str(IPAS.Agency)),
    ("company", str(IPAS.Organization)), ("account", str(IPAS.Account)),
    ("conveyance", str(IPAS.Conveyance)), ("asset", str(IPAS.Asset)),
    ("pathway", str(IPAS.Pathway)), ("facility", str(IPAS.Facility)),
    ("place", str(IPAS.Location)),
)
#: Entities that are nodes even with no edge yet.
NODE_CLASSES = (str(IPAS.Actor), str(IPAS.Asset), str(IPAS.Pathway))
MARKING = str(IPAS.marking)


@dataclass
class Edge:
    """One link between two entities, with its provenance."""

    kind: str
    src: str
    dst: str
    link: str | None  # the reified link or event node (None for a direct triple)
    graph: str  # the batch graph that asserted it
    start: str | None = None
    end: str | None = None
    reports: tuple[str, ...] = ()
    grade: tuple[int, int] | None = None
    marking: str = "TLP:RED"

    def key(self) -> tuple[str, str, str, str | None]:
        return (self.kind, self.src, self.dst, self.link)

    def key_text(self) -> tuple[str, str, str, str]:
        """A sortable key (stable element ids in exports)."""
        return (self.kind, self.src, self.dst, self.link or "")


@dataclass
class Node:
    iri: str
    label: str
    category: str
    types: tuple[str, ...]
    marking: str
    batches: tuple[str, ...]
    records: tuple[str, ...] = ()  # a resolved actor: the records it stands for


@dataclass
class Projection:
    """Facts, edges and the igraph view of one scope."""

    rules: EdgeRules
    canonical: Callable[[str], str] = field(default=lambda iri: iri)
    # the records a resolved actor stands for (entity resolution; without it: itself)
    members: Callable[[str], frozenset[str]] = field(default=lambda iri: frozenset({iri}))
    facts: Facts = field(default_factory=Facts)
    edges: dict[tuple[str, str, str, str | None], Edge] = field(default_factory=dict)
    graphs: dict[str, int] = field(default_factory=dict)  # graph -> triple count read
    by_link: dict[str, list[tuple[str, str, str, str | None]]] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    index: dict[str, int] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    graph: ig.Graph = field(default_factory=lambda: ig.Graph())
    pair_edges: list[list[Edge]] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # centrality etc., per build

    # -- building ---------------------------------------------------------------------------
    def copy(self) -> Projection:
        """An independent copy to extend: a projection handed to a caller never changes
        under it (another caller's wider scope is built on a copy, never in place)."""
        return Projection(self.rules, self.canonical, self.members, self.facts.copy(),
                          dict(self.edges),
                          dict(self.graphs), {k: list(v) for k, v in self.by_link.items()},
                          dict(self.nodes), dict(self.index), list(self.order), self.graph,
                          list(self.pair_edges), {})

    def extend(self, fragments: Iterable[Fragment], batches: dict[str, BatchInfo]) -> None:
        """Add fragments (new graphs in scope) and recompute what they touch."""
        self.facts.batches.update(batches)
        touched: set[str] = set()
        for fragment in fragments:
            touched |= self.facts.add(fragment)
            self.graphs[fragment.graph] = fragment.size
        self._relink(touched)
        self._rebuild_graph()

    def _relink(self, touched: set[str]) -> None:
        facts = self.facts
        self._memo: dict[tuple[str, str], Any] = {}
        for subject in touched:
            for key in self.by_link.pop(subject, ()):
                self.edges.pop(key, None)
        for rule in self.rules.links:
            sources = facts.rels.get(rule.src, {})
            targets = facts.rels.get(rule.dst, {})
            for subject in _among(touched, sources):
                if not facts.is_a(subject, rule.cls):
                    continue
                for src, graph in sources[subject]:
                    for dst, _ in targets.get(subject, ()):
                        if src != dst and not (rule.src == rule.dst and dst < src):
                            self._add(self._link_edge(rule.kind, src, dst, subject, graph))
        for direct in self.rules.direct:
            forward = facts.rels.get(direct.prop, {})
            backward = facts.rels.get(direct.inverse, {}) if direct.inverse else {}
            for subject in touched:
                for o, graph in forward.get(subject, ()):
                    self._add(self._direct_edge(direct.kind, subject, o, graph))
                for o, graph in backward.get(subject, ()):
                    self._add(self._direct_edge(direct.kind, o, subject, graph))

    def _add(self, edge: Edge) -> None:
        edge.src, edge.dst = self.canonical(edge.src), self.canonical(edge.dst)
        if edge.src == edge.dst:
            return
        key = edge.key()
        if key not in self.edges:
            self.edges[key] = edge
            self.by_link.setdefault(edge.link or edge.src, []).append(key)

    def _provenance(self, graph: str) -> tuple[str, tuple[int, int] | None]:
        batch = self.facts.batches.get(graph)
        return (batch.marking, batch.grade) if batch else ("TLP:RED", None)

    def _link_edge(self, kind: str, src: str, dst: str, link: str, graph: str) -> Edge:
        reports, grade, marking, start, end = self._link_facts(link, graph)
        return Edge(kind, src, dst, link, graph, start, end, reports, grade, marking)

    def _link_facts(self, link: str, graph: str) -> tuple[
            tuple[str, ...], tuple[int, int] | None, str, str | None, str | None]:
        """Evidence, grade, marking and dates of a link node (memoized for one relink: a
        facilitation gives several edges, and a report supports many links)."""
        memo = self._memo.get((link, graph))
        if memo is not None:
            return memo
        facts = self.facts
        reports = tuple(sorted(facts.evidence.get(link, ())))
        graded = [g for g in map(self._report_grade, reports) if g is not None]
        marking, batch_grade = self._provenance(graph)
        # The element shows its evidence, so it is marked as strictly as any batch behind it.
        evidence_markings = [self._provenance(g)[0] for g in facts.evidence_graphs.get(link, ())]
        start, end = facts.dates(link)
        memo = (reports, best(graded) or batch_grade, strictest([marking, *evidence_markings]),
                start, end)
        self._memo[(link, graph)] = memo
        return memo

    def _report_grade(self, report: str) -> tuple[int, int] | None:
        key = ("report", report)
        if key not in self._memo:
            self._memo[key] = self.facts.report_grade(report)
        return self._memo[key]

    def _direct_edge(self, kind: str, src: str, dst: str, graph: str) -> Edge:
        marking, grade = self._provenance(graph)
        return Edge(kind, src, dst, None, graph, grade=grade, marking=marking)

    def _rebuild_graph(self) -> None:
        facts = self.facts
        endpoints = {e.src for e in self.edges.values()} | {e.dst for e in self.edges.values()}
        typed = {self.canonical(n) for n, ts in facts.types.items()
                 if any(facts.is_a(n, c) for c in NODE_CLASSES)}
        for iri in sorted(endpoints | typed):
            if iri not in self.index:
                self.index[iri] = len(self.order)
                self.order.append(iri)
        pairs: dict[tuple[int, int], list[Edge]] = {}
        incident: dict[str, list[str]] = {}
        for edge in self.edges.values():
            a, b = self.index[edge.src], self.index[edge.dst]
            pairs.setdefault((a, b) if a < b else (b, a), []).append(edge)
            incident.setdefault(edge.src, []).append(edge.marking)
            incident.setdefault(edge.dst, []).append(edge.marking)
        self.nodes = {iri: self._node(iri, incident.get(iri, [])) for iri in self.order}
        self.graph = ig.Graph(n=len(self.order), edges=list(pairs), directed=False)
        self.pair_edges = list(pairs.values())
        self.cache.clear()

    def _node(self, iri: str, edge_markings: list[str]) -> Node:
        """A node; its marking is the strictest of the batches that describe it (type or
        label), or of its edges when no visible batch describes it. A resolved actor is
        described by the records it stands for."""
        facts = self.facts
        records = sorted(self.members(iri) | {iri})
        classes = frozenset().union(*(facts.classes(r) for r in records))
        category = next((name for name, cls in CATEGORIES if cls in classes), "other")
        graphs = sorted(set().union(*(facts.seen_in.get(r, set()) for r in records)))
        markings = [facts.batches[g].marking for g in graphs if g in facts.batches]
        types = tuple(sorted({t.rsplit("#", 1)[-1] for r in records
                              for t in facts.types.get(r, ())}))
        batch_ids = tuple(facts.batches[g].id for g in graphs if g in facts.batches)
        labelled = [r for r in records if facts.first(r, LABEL) is not None]
        return Node(iri, facts.label(labelled[0] if labelled else iri), category, types,
                    strictest(markings or edge_markings), batch_ids,
                    tuple(r for r in records if r != iri))

    # -- reading ----------------------------------------------------------------------------
    def node_id(self, iri: str) -> int | None:
        return self.index.get(self.canonical(iri))

    def edge_json(self, edge: Edge) -> dict[str, Any]:
        """An edge as JSON with its evidence: reports with their grades and markings."""
        facts = self.facts
        batch = facts.batches.get(edge.graph)
        evidence = []
        for report in edge.reports:
            marks = facts.objects(report, MARKING)
            evidence.append({
                "report": report, "label": facts.label(report),
                "grade": grade_text(facts.report_grade(report)),
                "date": facts.first(report, DATE),
                "marking": _marking(marks[0]) if marks else None,
            })
        return {
            "kind": edge.kind, "from": edge.src, "to": edge.dst, "link": edge.link,
            "batch": batch.id if batch else None, "source": batch.source if batch else None,
            "grade": grade_text(edge.grade), "marking": edge.marking,
            "start": edge.start, "end": edge.end, "evidence": evidence,
        }

    def node_json(self, iri: str) -> dict[str, Any]:
        node = self.nodes[iri]
        out = {"iri": node.iri, "label": node.label, "category": node.category,
               "types": list(node.types), "marking": node.marking,
               "batches": list(node.batches)}
        if node.records:
            out["records"] = list(node.records)
        return out


def _marking(iri: str) -> str:
    try:
        return parse_marking(iri).value
    except BadInput:  # an unknown marking individual is shown as it is
        return iri.rsplit("#", 1)[-1]


def _among(touched: set[str], index: dict[str, Any]) -> Iterable[str]:
    """Subjects in both, walking the smaller side (a full build touches everything)."""
    if len(touched) <= len(index):
        return [s for s in touched if s in index]
    return [s for s in index if s in touched]
