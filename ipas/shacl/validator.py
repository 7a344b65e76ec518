"""Validate data in a pyoxigraph store with compiled shapes, pyshacl for the rest.

>>> from rdflib import Namespace
>>> ex = Namespace("http://example.org/")
>>> shapes = Graph().parse(data='''
...   @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
...   ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
...     sh:property [ sh:path ex:name ; sh:minCount 1 ] .''', format="turtle")
>>> data = Graph().parse(data='''@prefix ex: <http://example.org/> .
...   ex:ann a ex:Person ; ex:name "Ann" . ex:bob a ex:Person .''', format="turtle")
>>> [str(r.focus) for r in CompiledValidator(shapes).validate_graph(data)]
['http://example.org/bob']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ipas.shacl.compiler import CompiledConstraint, compile_shape
from ipas.shacl.datatypes import for_engine, ntriples_for_engine, original
from ipas.shacl.nested import or_expression
from ipas.shacl.shapes import Shape, read_shapes
from ipas.store.terms import from_ox, to_ox


@dataclass(frozen=True)
class ShaclResult:
    """One validation result, in the terms of the SHACL report vocabulary."""

    focus: Node
    path: Node | None
    value: Node | None
    source_shape: Node
    component: URIRef
    severity: URIRef
    message: str


def graph_to_store(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph store holding ``graph`` in its default graph."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def store_to_graph(store: ox.Store) -> Graph:
    """The default graph of ``store`` as an rdflib graph (for the pyshacl fallback)."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=data, format="nt")


class CompiledValidator:
    """Shapes compiled once; ``validate_store`` runs them against any pyoxigraph store."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self._shapes = read_shapes(shapes)
        self.constraints: list[CompiledConstraint] = []
        self.fallback: set[Node] = set()
        parents: dict[Node, list[Shape]] = {}
        for shape in self._shapes.values():
            for child in shapes.objects(shape.node, SH.property):
                parents.setdefault(child, []).append(shape)
        for shape in self._shapes.values():
            if shape.deactivated:
                continue
            if any(parent.is_property for parent in parents.get(shape.node, [])):
                # Focus nodes are a property shape's value nodes: left to pyshacl.
                self.fallback.add(shape.node)
                continue
            targets = {k: list(v) for k, v in shape.targets.items()}
            for parent in parents.get(shape.node, []):
                if parent.deactivated:
                    continue
                for kind, values in parent.targets.items():
                    targets.setdefault(kind, []).extend(values)
            if not targets:
                continue
            if self._compiles(shape, targets):
                self.constraints.extend(compile_shape(shapes, shape, targets))
            else:
                self.fallback.add(shape.node)

    def _compiles(self, shape: Shape, targets: dict[URIRef, list[Node]]) -> bool:
        if not shape.compilable:
            return False
        for members in shape.constraints.get(SH["or"], []):
            if or_expression(self.shapes, members, "?value") is None:
                return False
        arguments: Iterable[Node] = [v for p, vs in shape.constraints.items() for v in vs
                                     if p != SH.property]
        named = [a for a in arguments if not _is_list(self.shapes, a)]
        targeted = [t for ts in targets.values() for t in ts]
        return not any(isinstance(n, BNode) for n in (*named, *targeted))

    @property
    def fully_compiled(self) -> bool:
        """True when no shape needs pyshacl (the fast path is the whole path)."""
        return not self.fallback

    def validate_graph(self, data: Graph) -> list[ShaclResult]:
        return self.validate_triples(
            [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data],  # type: ignore[arg-type]
            data_graph=lambda: data)

    def validate_triples(self, data: Iterable[ox.Triple], context: Iterable[ox.Triple] = (),
                         ontology_nt: bytes | None = None,
                         data_graph: Callable[[], Graph] | None = None) -> list[ShaclResult]:
        """Results for ``data`` (with ``context`` and the ontology beside it, not judged
        differently), exactly pyshacl's: literals pass through :mod:`ipas.shacl.datatypes`,
        and data the engine cannot represent faithfully are validated by pyshacl."""
        data = list(data)
        prepared = for_engine(data)
        if prepared is None:
            return self.reference(data_graph() if data_graph is not None else
                                  _graph([*data, *context], ontology_nt))
        store = ox.Store()
        # Quads in the default graph (what the engine's parser yields) go in as they are.
        store.extend(t if isinstance(t, ox.Quad) and t.graph_name == _DEFAULT
                     else ox.Quad(t.subject, t.predicate, t.object)
                     for t in [*prepared.triples, *context])
        if ontology_nt:
            store.load(ontology_nt, format=ox.RdfFormat.N_TRIPLES)
        results = self.validate_store(store, data_graph)
        return [replace(r, focus=original(r.focus), value=original(r.value))  # type: ignore[arg-type]
                for r in results]

    def validate_ntriples(self, lines: bytes, context: Iterable[ox.Triple] = (),
                          ontology_nt: bytes | None = None) -> list[ShaclResult]:
        """:meth:`validate_triples` of N-Triples ``lines``, the same results: loaded by the
        engine's parser when nothing stops it (the ingest fast path: no Python object per
        triple); lines with blank nodes, whose labels a load would rename, and literals
        :func:`ntriples_for_engine` cannot represent go the parsed way."""
        prepared = ntriples_for_engine(lines) if b"_:" not in lines else None
        if prepared is None:
            return self.validate_triples(
                list(ox.parse(lines, ox.RdfFormat.N_TRIPLES)),
                context, ontology_nt)
        store = ox.Store()
        store.load(prepared, ox.RdfFormat.N_TRIPLES)
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in context)
        if ontology_nt:
            store.load(ontology_nt, format=ox.RdfFormat.N_TRIPLES)
        return [replace(r, focus=original(r.focus), value=original(r.value))  # type: ignore[arg-type]
                for r in self.validate_store(store)]

    def reference(self, data: Graph) -> list[ShaclResult]:
        """Every shape through pyshacl (the reference), as compiled results."""
        return self._pyshacl(data, every_shape=True)

    def validate_store(
        self, store: ox.Store, data_graph: Callable[[], Graph] | None = None
    ) -> list[ShaclResult]:
        """Results for the store's default graph (which should include the ontology)."""
        results: list[ShaclResult] = []
        for constraint in self.constraints:
            solutions = store.query(constraint.query)
            assert isinstance(solutions, ox.QuerySolutions)
            for row in solutions:
                value = row["value"] if constraint.reports_value else None
                results.append(
                    ShaclResult(
                        focus=from_ox(row["this"]),
                        path=constraint.shape.path,
                        value=from_ox(value) if value is not None else None,
                        source_shape=constraint.shape.node,
                        component=constraint.component,
                        severity=constraint.shape.severity,
                        message=_message(constraint),
                    )
                )
        if self.fallback:
            graph = data_graph() if data_graph is not None else store_to_graph(store)
            results.extend(self._pyshacl(graph))
        return results

    def _pyshacl(self, data: Graph, *, every_shape: bool = False) -> list[ShaclResult]:
        from pyshacl import validate

        _, report, _ = validate(
            data, shacl_graph=self.shapes, inference="none", advanced=False, allow_warnings=True
        )
        assert isinstance(report, Graph)
        results = []
        tops = report.subjects(RDF.type, SH.ValidationReport)
        for result in (r for top in tops for r in report.objects(top, SH.result)):
            shape = report.value(result, SH.sourceShape)
            if shape not in self.fallback and not every_shape:
                continue
            message = report.value(result, SH.resultMessage)
            results.append(
                ShaclResult(
                    focus=report.value(result, SH.focusNode),  # type: ignore[arg-type]
                    path=report.value(result, SH.resultPath),
                    value=report.value(result, SH.value),
                    source_shape=shape,  # type: ignore[arg-type]
                    component=report.value(result, SH.sourceConstraintComponent),  # type: ignore[arg-type]
                    severity=report.value(result, SH.resultSeverity),  # type: ignore[arg-type]
                    message=str(message) if message is not None else "",
                )
            )
        return results


_DEFAULT = ox.DefaultGraph()


def _is_list(graph: Graph, node: Node) -> bool:
    return node == RDF.nil or (node, RDF.first, None) in graph


def _message(constraint: CompiledConstraint) -> str:
    if constraint.shape.messages:
        return str(constraint.shape.messages[0])
    name = str(constraint.component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return f"{name} constraint not satisfied"


def _graph(triples: Iterable[ox.Triple], ontology_nt: bytes | None) -> Graph:
    graph = Graph()
    for t in triples:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    if ontology_nt:
        graph.parse(data=ontology_nt, format="nt")
    return graph
