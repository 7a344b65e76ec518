"""Shapes used inside ``sh:or`` compiled to a SPARQL boolean expression over one node.

A member shape compiles when it is either value-level (``sh:class``, ``sh:datatype``,
``sh:nodeKind``, ``sh:in``, ranges, lengths, pattern, ``sh:hasValue``) on the node itself, or
a property shape whose ``sh:minCount`` is at most 1, whose ``sh:maxCount`` is 0, and whose
other constraints are value-level. Anything else returns ``None`` and the enclosing shape is
left to pyshacl.
"""

from __future__ import annotations

from itertools import count

from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node

from ipas.shacl.shapes import rdf_list
from ipas.shacl.sparql import n3, path_to_sparql, value_test

_VALUE_LEVEL = frozenset({SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.minInclusive,
                          SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength,
                          SH.maxLength, SH.pattern, SH.hasValue, SH.languageIn})
_IGNORED = frozenset({SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order,
                      SH.group, RDF.type})
_names = count()


def _value_expression(graph: Graph, parameter: Node, argument: Node, var: str) -> str | None:
    if parameter == SH["class"]:
        return (f"EXISTS {{ {var} {RDF.type.n3()}/{RDFS.subClassOf.n3()}* {argument.n3()} }}")
    if parameter == SH.hasValue:
        return f"sameTerm({var}, {n3(argument)})"
    test = value_test(graph, parameter, argument)  # type: ignore[arg-type]
    if test is None:
        return None
    return f"COALESCE({test.replace('?value', var)}, false)"


def conforms_expression(graph: Graph, shape: Node, var: str) -> str | None:
    """A SPARQL expression true when the node in ``var`` conforms to ``shape``."""
    path_node = graph.value(shape, SH.path)
    parts: list[str] = []
    for parameter, argument in graph.predicate_objects(shape):
        if parameter in _IGNORED:
            continue
        if path_node is None:
            if parameter not in _VALUE_LEVEL:
                return None
            expression = _value_expression(graph, parameter, argument, var)
            if expression is None:
                return None
            parts.append(expression)
            continue
        path = path_to_sparql(graph, path_node)
        inner = f"?n{next(_names)}"
        if parameter == SH.minCount and isinstance(argument, Literal):
            if int(argument) > 1:
                return None
            if int(argument) == 1:
                parts.append(f"EXISTS {{ {var} {path} {inner} }}")
        elif parameter == SH.maxCount and isinstance(argument, Literal):
            if int(argument) != 0:
                return None
            parts.append(f"NOT EXISTS {{ {var} {path} {inner} }}")
        elif parameter == SH.hasValue:
            parts.append(f"EXISTS {{ {var} {path} {n3(argument)} }}")
        elif parameter in _VALUE_LEVEL:
            expression = _value_expression(graph, parameter, argument, inner)
            if expression is None:
                return None
            parts.append(f"NOT EXISTS {{ {var} {path} {inner} FILTER(!({expression})) }}")
        else:
            return None
    return "(" + " && ".join(parts) + ")" if parts else "true"


def or_expression(graph: Graph, members: Node, var: str) -> str | None:
    """``sh:or``: true when ``var`` conforms to at least one member shape."""
    expressions = [conforms_expression(graph, m, var) for m in rdf_list(graph, members)]
    if any(e is None for e in expressions):
        return None
    return "(" + " || ".join(e for e in expressions if e) + ")" if expressions else "false"
