"""Run a :class:`~loaders.mapping.spec.Mapping` over rows: one Record per row, or a Rejected.

A row becomes one record holding every entity the mapping makes from it (an entity with
``each`` is made once per value: several addresses, nationalities as nodes, programmes), so a
row either lands whole or goes to quarantine whole (with the column that failed).

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

import re
import string
from collections.abc import Iterable, Iterator
from collections.abc import Mapping as TMapping
from typing import Any

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from ipas.namespace import IPAS
from ipas.sources import Record, Rejected, SourcePosition, Triples
from loaders._iri import mint
from loaders._rdf import country, single_valued, typed
from loaders.mapping.spec import EntityRule, Mapping, PropertyRule
from loaders.mapping.transforms import TransformError, apply_steps
from loaders.reference import currency_code

RowValues = TMapping[str, Any]
_SEP = re.compile(r"[./]")


class RowError(Exception):
    """A value of one row that does not fit its rule (caught per row, never escapes)."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


def _lookup(row: Any, name: str) -> list[Any]:
    """Every value at path ``name`` (``a.b`` or ``a/b``; ``p|q`` for either path); lists on
    the way are followed.

    >>> _lookup({"A": [{"N": ["x"]}, {"N": ["y", "z"]}], "B": "w"}, "A/N|B")
    ['x', 'y', 'z', 'w']
    """
    if "|" in name:
        return [v for alt in name.split("|") for v in _lookup(row, alt.strip())]
    found: list[Any] = [row]
    for part in _SEP.split(name):
        nxt: list[Any] = []
        for value in found:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, TMapping) and part in item:
                    got = item[part]
                    nxt.extend(got if isinstance(got, list) else [got])
        found = nxt
    return found


def _values(row: RowValues, name: str, nulls: frozenset[str]) -> list[str]:
    out = []
    for item in _lookup(row, name):
        if isinstance(item, TMapping):
            item = item.get("#text")  # an XML element with attributes: its text
        if item is None or isinstance(item, TMapping | list):
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
    elif rule.coalesce:
        values = next((v for c in rule.coalesce if (v := _values(row, c, m.null_values))), [])
    elif rule.concat:
        parts = [v for c in rule.concat for v in _values(row, c, m.null_values)]
        values = [rule.join.join(parts)] if parts else []
    elif rule.template is not None:
        one = render(rule.template, row, m.null_values)
        values = [] if one is None else [one]
    else:
        values = [] if rule.value is None else [rule.value]
    if rule.split:
        values = [p.strip() for v in values for p in v.split(rule.split) if p.strip()]
    try:
        return [apply_steps(v, rule.transform, rule.lookup, rule.date_format) for v in values]
    except TransformError as exc:
        raise RowError(str(exc), rule.column) from exc


def _term(g: Triples, rule: PropertyRule, text: str) -> URIRef | Literal:
    if rule.country:
        node = country(g, text)
        if node is None:
            raise RowError(f"{text!r} is not a country (ISO 3166 name or code)", rule.column)
        return node
    if rule.currency:
        code = currency_code(text)
        if code is None:
            raise RowError(f"{text!r} is not an ISO 4217 currency", rule.column)
        text = code
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
            raise RowError(f"{text!r} is not a valid {short(rule.datatype)}", rule.column)
        return lit
    return Literal(text, lang=rule.lang)


def short(iri: URIRef) -> str:
    """``ipas:alias`` / ``xsd:date`` for the ontology's and XSD's terms, else ``<iri>``.

    >>> short(URIRef("http://www.w3.org/2001/XMLSchema#date"))
    'xsd:date'
    """
    for prefix, ns in (("ipas", str(IPAS)), ("xsd", str(XSD)), ("rdfs", str(RDFS))):
        if str(iri).startswith(ns):
            return prefix + ":" + str(iri)[len(ns):]
    return iri.n3()


def _instances(m: Mapping, ent: EntityRule, row: RowValues) -> list[RowValues]:
    """The rows ``ent`` is made from: the row itself, or one per value of its ``each``."""
    if ent.each is None:
        return [row]
    items: list[Any] = []
    for item in _lookup(row, ent.each):
        if isinstance(item, str) and ent.each_split:
            items += [p.strip() for p in item.split(ent.each_split) if p.strip()]
        elif not (isinstance(item, str) and item.strip() in m.null_values):
            items.append(item.strip() if isinstance(item, str) else item)
    return [{**row, "item": item, "index": str(n)} for n, item in enumerate(items, start=1)]


def _wanted(m: Mapping, ent: EntityRule, row: RowValues) -> bool:
    if ent.when is None:
        return True
    column, accepted = ent.when
    return any(v in accepted for v in _values(row, column, m.null_values))


def map_row(m: Mapping, row: RowValues) -> tuple[Triples, set[URIRef]]:
    """The triples and focus nodes one row yields; raises :class:`RowError` on a bad value."""
    made: dict[str, list[tuple[URIRef, RowValues]]] = {}
    for ent in m.entities:
        for values in _instances(m, ent, row):
            if not _wanted(m, ent, values):
                continue
            key = render(ent.key, values, m.null_values)
            if key is not None:
                made.setdefault(ent.name, []).append((mint(ent.kind, m.source_name, key), values))
    if not made:
        raise RowError("no entity key could be built from this row")
    g = Triples()
    nodes = {name: [n for n, _ in found] for name, found in made.items()}
    for ent in m.entities:
        for node, values in made.get(ent.name, []):
            _entity(g, m, ent, node, nodes, values)
    return g, {n for found in nodes.values() for n in found}


def _entity(g: Triples, m: Mapping, ent: EntityRule, node: URIRef,
            nodes: dict[str, list[URIRef]], row: RowValues) -> None:
    for cls in ent.classes:
        g.add((node, RDF.type, cls))
    singles = single_valued()
    for rule in ent.properties:
        objects: list[URIRef | Literal] = []
        if rule.term is not None:
            objects.append(rule.term)
        elif rule.entity is not None:
            objects.extend(nodes.get(rule.entity, []))
        elif rule.ref is not None:
            key = render(rule.ref.key, row, m.null_values)
            if key is not None:
                objects.append(mint(rule.ref.kind, rule.ref.source or m.source_name, key))
        else:
            objects = [_term(g, rule, v) for v in _raw_values(rule, row, m)]
        if rule.required and not objects:
            raise RowError(f"{ent.name}: required value is missing", rule.column)
        distinct = list(dict.fromkeys(objects))
        if len(distinct) > 1 and rule.predicate in singles:
            shown = ", ".join(repr(str(o)) for o in distinct[:3])
            raise RowError(f"{ent.name}: {short(rule.predicate)} allows one value (sh:maxCount 1); "
                           f"this row gives {len(distinct)}: {shown}", rule.column)
        for obj in distinct:
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
