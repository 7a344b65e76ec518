"""SHACL Core shapes compiled to SPARQL SELECTs that run inside pyoxigraph.

pyshacl walks the data graph node by node in Python (~31k triples/s at 1M triples, NOTES.md);
the same constraints as SPARQL run in Oxigraph's engine at a fraction of the time. pyshacl
stays the reference: shapes using a parameter this module does not compile are validated by
pyshacl, and a differential test checks both give the same results on the W3C SHACL Core suite
and on the demo.

Each compiled query returns rows ``?this ?value`` (``?value`` unbound for count-like
constraints) for every violation of one constraint of one shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ipas.shacl.nested import or_expression
from ipas.shacl.shapes import Shape
from ipas.shacl.sparql import n3, path_to_sparql, type_pattern, value_test

_COMPONENT = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
}


@dataclass(frozen=True)
class CompiledConstraint:
    """One SPARQL query finding the violations of one constraint of one shape."""

    shape: Shape
    parameter: URIRef
    component: URIRef
    query: str
    reports_value: bool


def target_pattern(targets: dict[URIRef, list[Node]]) -> str | None:
    """A pattern binding ``?this`` to every focus node, or ``None`` when there are none."""
    branches: list[str] = []
    for cls in targets.get(SH.targetClass, []):
        branches.append(type_pattern("?this", cls))
    nodes = [n for n in targets.get(SH.targetNode, []) if not isinstance(n, BNode)]
    if nodes:
        branches.append("VALUES ?this { " + " ".join(n3(n) for n in nodes) + " }")
    for predicate in targets.get(SH.targetSubjectsOf, []):
        branches.append(f"?this {n3(predicate)} ?_any .")
    for predicate in targets.get(SH.targetObjectsOf, []):
        branches.append(f"?_any {n3(predicate)} ?this .")
    if not branches:
        return None
    if len(branches) == 1:
        return f"{{ SELECT DISTINCT ?this WHERE {{ {branches[0]} }} }}"
    union = " UNION ".join(f"{{ {b} }}" for b in branches)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _constraint_queries(graph: Graph, shape: Shape, focus: str) -> Iterator[CompiledConstraint]:
    values = (
        f"?this {path_to_sparql(graph, shape.path)} ?value ."
        if shape.is_property and shape.path is not None
        else "BIND(?this AS ?value)"
    )
    path = path_to_sparql(graph, shape.path) if shape.path is not None else None
    for parameter, arguments in shape.constraints.items():
        if parameter == SH.property:
            continue
        component = _COMPONENT[parameter]
        for argument in arguments:
            if parameter in (SH.minCount, SH.maxCount) and path is not None:
                op = "<" if parameter == SH.minCount else ">"
                query = (
                    "SELECT ?this WHERE { "
                    f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} "
                    f"OPTIONAL {{ ?this {path} ?v }} }} GROUP BY ?this }} "
                    f"FILTER(?n {op} {n3(argument)}) }}"
                )
                yield CompiledConstraint(shape, parameter, component, query, False)
            elif parameter == SH.hasValue:
                test = (
                    # The value in the pattern (matching is by term, as sh:hasValue wants):
                    # a path bound at both ends is evaluated from both, not enumerated.
                    f"FILTER NOT EXISTS {{ ?this {path} {n3(argument)} }}"
                    if path is not None
                    else f"FILTER(!sameTerm(?this, {n3(argument)}))"
                )
                yield CompiledConstraint(
                    shape, parameter, component, f"SELECT ?this WHERE {{ {focus} {test} }}", False
                )
            elif parameter == SH["or"]:
                alternatives = or_expression(graph, argument, "?value") or "false"
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                    f"FILTER(!COALESCE({alternatives}, false)) }}"
                )
                yield CompiledConstraint(shape, parameter, component, query, True)
            elif parameter == SH["class"]:
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                    f"FILTER NOT EXISTS {{ {type_pattern('?value', argument)} }} }}"
                )
                yield CompiledConstraint(shape, parameter, component, query, True)
            else:
                test = value_test(graph, parameter, argument) or "true"
                if parameter == SH.pattern:
                    flags = shape_flags(graph, shape)
                    if flags:
                        test = (
                            f"(!isBlank(?value) && REGEX(STR(?value), {n3(argument)}, "
                            f"{Literal(flags).n3()}))"
                        )
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                    f"FILTER(!COALESCE({test}, false)) }}"
                )
                yield CompiledConstraint(shape, parameter, component, query, True)


def shape_flags(graph: Graph, shape: Shape) -> str | None:
    flags = graph.value(shape.node, SH.flags)
    return str(flags) if flags is not None else None


def compile_shape(graph: Graph, shape: Shape, targets: dict[URIRef, list[Node]]) -> list[
    CompiledConstraint
]:
    """The queries for one compilable shape evaluated on ``targets``' focus nodes."""
    focus = target_pattern(targets)
    if focus is None:
        return []
    return list(_constraint_queries(graph, shape, focus))
