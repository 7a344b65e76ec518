"""Run a :class:`~loaders.mapping.spec.Mapping` over rows: one Record per row, or a Rejected.

A row becomes one record holding every entity the mapping makes from it, so a row either
lands whole or goes to quarantine whole (with the column that failed).

>>> from loaders.mapping.spec import parse_mapping
>>> m = parse_mapping('''
... source: {name: demo}
... entities:
...   port: {class: rdfs:Class, key: "{code}", properties: {rdfs:label: name}}
... ''', "m.yaml")
>>> out = list(run_mapping(m, [(2, {"code": "MX-TIJ", "name": "Tijuana"})], "ports.csv"))
>>> sorted(out[0].subjects)[0].endswith("/port/demo/MX-TIJ")
True
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator
from collections.abc import Mapping as TMapping
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef

from ipas.sources import Record, Rejected, SourcePosition
from loaders._iri import mint
from loaders._rdf import typed
from loaders.mapping.spec import EntityRule, Mapping, PropertyRule

RowValues = TMapping[str, Any]


class RowError(Exception):
    """A value of one row that does not fit its rule (caught per row, never escapes)."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


def _lookup(row: RowValues, name: str) -> Any:
    value: Any = row
    for part in name.split("."):
        if not isinstance(value, TMapping) or part not in value:
            return None
        value = value[part]
    return value


def _values(row: RowValues, name: str, nulls: frozenset[str]) -> list[str]:
    raw = _lookup(row, name)
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if item is None or isinstance(item, dict | list):
            continue
        text = str(item).strip()
        if text not in nulls:
            out.append(text)
    return out


def render(template: str, row: RowValues, nulls: frozenset[str]) -> str | None:
    """Fill ``{column}`` placeholders; None when any of them is null.

    >>> render("{a}-{b}", {"a": "x", "b": "1"}, frozenset({""})), render("{a}", {}, frozenset())
    ('x-1', None)
    """
    out = []
    for text, name, _spec, _conv in string.Formatter().parse(template):
        out.append(text)
        if name is None:
            continue
        values = _values(row, name, nulls)
        if not values:
            return None
        out.append(values[0])
    return "".join(out)


def _raw_values(rule: PropertyRule, row: RowValues, m: Mapping) -> list[str]:
    if rule.column is not None:
        values = _values(row, rule.column, m.null_values)
    elif rule.template is not None:
        one = render(rule.template, row, m.null_values)
        values = [] if one is None else [one]
    else:
        values = [] if rule.value is None else [rule.value]
    if rule.split:
        values = [p.strip() for v in values for p in v.split(rule.split) if p.strip()]
    return values


def _term(rule: PropertyRule, text: str) -> URIRef | Literal:
    if rule.value_map:
        if text not in rule.value_map:
            raise RowError(f"value {text!r} is not in the map", rule.column)
        return rule.value_map[text]
    if rule.iri:
        if not text.startswith(("http://", "https://", "urn:")):
            raise RowError(f"{text!r} is not an absolute IRI", rule.column)
        return URIRef(text)
    if rule.datatype is not None:
        lit = typed(text, rule.datatype)
        if lit is None:
            raise RowError(f"{text!r} is not a valid {rule.datatype.n3()}", rule.column)
        return lit
    return Literal(text, lang=rule.lang)


def map_row(m: Mapping, row: RowValues) -> tuple[Graph, set[URIRef]]:
    """The triples and focus nodes one row yields; raises :class:`RowError` on a bad value."""
    nodes: dict[str, URIRef] = {}
    for ent in m.entities:
        key = render(ent.key, row, m.null_values)
        if key is not None:
            nodes[ent.name] = mint(ent.kind, m.source_name, key)
    if not nodes:
        raise RowError("no entity key could be built from this row")
    g = Graph()
    for ent in m.entities:
        if ent.name in nodes:
            _entity(g, m, ent, nodes, row)
    return g, set(nodes.values())


def _entity(
    g: Graph, m: Mapping, ent: EntityRule, nodes: dict[str, URIRef], row: RowValues
) -> None:
    node = nodes[ent.name]
    for cls in ent.classes:
        g.add((node, RDF.type, cls))
    for rule in ent.properties:
        objects: list[URIRef | Literal] = []
        if rule.term is not None:
            objects.append(rule.term)
        elif rule.entity is not None:
            if rule.entity in nodes:
                objects.append(nodes[rule.entity])
        elif rule.ref is not None:
            key = render(rule.ref.key, row, m.null_values)
            if key is not None:
                objects.append(mint(rule.ref.kind, rule.ref.source or m.source_name, key))
        else:
            objects = [_term(rule, v) for v in _raw_values(rule, row, m)]
        if rule.required and not objects:
            raise RowError(f"{ent.name}: required value is missing", rule.column)
        for obj in objects:
            g.add((node, rule.predicate, obj))


def run_mapping(
    m: Mapping, rows: Iterable[tuple[int, RowValues]], source: str
) -> Iterator[Record | Rejected]:
    """Map ``(line, row)`` pairs from ``source`` in order."""
    for line, row in rows:
        position = SourcePosition(source, line)
        try:
            graph, subjects = map_row(m, row)
        except RowError as exc:
            where = f" (column {exc.column})" if exc.column else ""
            yield Rejected(position, f"{exc}{where}", str(dict(row))[:500])
            continue
        yield Record(position, graph, frozenset(subjects))
