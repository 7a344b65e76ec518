"""The statements of every fragment in a scope, merged and indexed for the projection.

Facts grow fragment by fragment (:meth:`Facts.add` answers which subjects the new fragment
touched, so the projection recomputes only their edges). Classes are closed over the
ontology's ``rdfs:subClassOf`` here, once, instead of reading materialized supertypes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ipas.analysis.extract import (
    BROADER,
    LABEL,
    SUBCLASS,
    SUPPORTED_BY,
    SUPPORTS,
    TYPE,
    Fragment,
)
from ipas.analysis.grading import grade_of
from ipas.namespace import IPAS

RELIABILITY, CREDIBILITY = str(IPAS.sourceReliability), str(IPAS.informationCredibility)
DATE, START, END = str(IPAS.date), str(IPAS.startDate), str(IPAS.endDate)


@dataclass(frozen=True)
class BatchInfo:
    """What the catalog says about a visible batch: provenance carried on every edge."""

    id: str
    graph: str
    source: str
    marking: str
    grade: tuple[int, int] | None


@dataclass
class Facts:
    """Merged statements: ``rels[p][s]`` -> [(o, graph)], ``values[s][p]`` -> [text]."""

    rels: dict[str, dict[str, list[tuple[str, str]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    values: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    seen_in: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    evidence: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    evidence_graphs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    broader: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    batches: dict[str, BatchInfo] = field(default_factory=dict)
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    _is_a: dict[tuple[str, str], bool] = field(default_factory=dict)

    def copy(self) -> Facts:
        """An independent copy (what :meth:`add` changes is copied; strings are shared)."""
        def nested(d: dict[str, dict[str, list[Any]]]) -> Any:
            out: Any = defaultdict(lambda: defaultdict(list))
            for k, inner in d.items():
                out[k] = defaultdict(list, {k2: list(v) for k2, v in inner.items()})
            return out

        def sets(d: dict[str, set[str]]) -> Any:
            return defaultdict(set, {k: set(v) for k, v in d.items()})

        return Facts(nested(self.rels), nested(self.values), sets(self.types),
                     sets(self.seen_in), sets(self.evidence), sets(self.evidence_graphs),
                     sets(self.parents), sets(self.broader), dict(self.batches),
                     dict(self._ancestors), dict(self._is_a))

    def add(self, fragment: Fragment) -> set[str]:
        """Merge ``fragment``; the subjects whose edges may have changed."""
        touched: set[str] = set()
        graph = fragment.graph
        for s, p, o in fragment.links:
            if p == TYPE:
                self.types[s].add(o)
                self.seen_in[s].add(graph)
            elif p == SUBCLASS:
                self.parents[s].add(o)
                self._ancestors.clear()
                self._is_a.clear()
            elif p == BROADER:
                self.broader[s].add(o)
            elif p == SUPPORTED_BY:
                self.evidence[s].add(o)
                self.evidence_graphs[s].add(graph)
            elif p == SUPPORTS:
                self.evidence[o].add(s)
                self.evidence_graphs[o].add(graph)
                touched.add(o)
            else:
                self.rels[p][s].append((o, graph))
            touched.add(s)
        for s, p, text in fragment.values:
            self.values[s][p].append(text)
            if p == LABEL:
                self.seen_in[s].add(graph)
            touched.add(s)
        return touched

    # -- classes ------------------------------------------------------------------------------
    def ancestors(self, cls: str) -> frozenset[str]:
        """``cls`` and every superclass of it in the ontology.

        >>> f = Facts()
        >>> _ = f.add(Fragment("g", links=[("urn:B", SUBCLASS, "urn:A"),
        ...                                ("urn:C", SUBCLASS, "urn:B")]))
        >>> sorted(f.ancestors("urn:C"))
        ['urn:A', 'urn:B', 'urn:C']
        """
        found = self._ancestors.get(cls)
        if found is None:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = self._ancestors[cls] = frozenset(seen)
        return found

    def is_a(self, node: str, cls: str) -> bool:
        memo = self._is_a
        for t in self.types.get(node, ()):
            key = (t, cls)
            found = memo.get(key)
            if found is None:
                found = memo[key] = cls in self.ancestors(t)
            if found:
                return True
        return False

    def classes(self, node: str) -> frozenset[str]:
        """Every class of ``node``, asserted or implied by the ontology."""
        out: set[str] = set()
        for t in self.types.get(node, ()):
            out |= self.ancestors(t)
        return frozenset(out)

    def narrower_or_self(self, concept: str, top: str) -> bool:
        """True when SKOS ``concept`` is ``top`` or under it (``skos:broader+``)."""
        seen, todo = {concept}, [concept]
        while todo:
            c = todo.pop()
            if c == top:
                return True
            for b in self.broader.get(c, ()):
                if b not in seen:
                    seen.add(b)
                    todo.append(b)
        return False

    # -- values -------------------------------------------------------------------------------
    def first(self, node: str, prop: str) -> str | None:
        values = self.values.get(node, {}).get(prop)
        return min(values) if values else None

    def label(self, node: str) -> str:
        return self.first(node, LABEL) or node.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def objects(self, node: str, prop: str) -> list[str]:
        return [o for o, _ in self.rels.get(prop, {}).get(node, ())]

    def report_grade(self, report: str) -> tuple[int, int] | None:
        return grade_of(self.first(report, RELIABILITY), self.first(report, CREDIBILITY))

    def dates(self, node: str) -> tuple[str | None, str | None]:
        """(start, end) of a link (``startDate``/``endDate``) or event (``date``), as text."""
        values = self.values.get(node, {})
        day = values.get(DATE)
        start = values.get(START) or day
        end = values.get(END) or day
        return (min(start)[:10] if start else None, max(end)[:10] if end else None)
