"""Comparing answers with expected results: solutions up to blank node renaming, graphs by
canonical form."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

Row = dict[str, str]

_RESULT_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
    ".csv": ox.QueryResultsFormat.CSV,
}
_RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".rdf": ox.RdfFormat.RDF_XML,
                ".nt": ox.RdfFormat.N_TRIPLES}


def is_graph_result(path: Path) -> bool:
    return path.suffix in _RDF_FORMATS


def read_results(path: Path) -> Any:
    """Expected SELECT/ASK results (pyoxigraph ``QuerySolutions`` or ``QueryBoolean``)."""
    return ox.parse_query_results(path=str(path), format=_RESULT_FORMATS[path.suffix])


XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{XSD}{t}" for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte")}


def term_key(term: Any) -> str:
    """A term's N-Triples form, numbers by value ("1.0"^^xsd:decimal equals "1"^^xsd:decimal,
    as the suite's results are written by several engines)."""
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(XSD):
        dt = term.datatype.value
        try:
            if dt in _INTEGERS:  # derived integer types compare as xsd:integer values
                return f"{int(term.value)}^^{XSD}integer"
            if dt == f"{XSD}decimal":
                return f"{Decimal(term.value).normalize()}^^{dt}"
            if dt in (f"{XSD}double", f"{XSD}float"):
                return f"{float(term.value)!r}^^{dt}"
            if dt == f"{XSD}boolean" and term.value in ("0", "1", "true", "false"):
                return f"{term.value in ('1', 'true')}^^{dt}"
        except (ValueError, ArithmeticError):
            pass
    return str(term)


def rows_of(solutions: Any) -> tuple[set[str], list[Row]]:
    names = [v.value for v in solutions.variables]
    rows = [{n: term_key(s[n]) for n in names if s[n] is not None} for s in solutions]
    return set(names), rows


def _is_bnode(value: str) -> bool:
    return value.startswith("_:")


def same_rows(expected: list[Row], actual: list[Row], *, ordered: bool) -> bool:
    """Equal as multisets (or sequences), blank nodes matched by a consistent renaming."""
    if len(expected) != len(actual):
        return False
    if not any(_is_bnode(v) for row in expected + actual for v in row.values()):
        if ordered:
            return expected == actual
        return Counter(map(_key, expected)) == Counter(map(_key, actual))
    return _match(expected, list(actual), {})


def _key(row: Row) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(row.items()))


def _match(expected: list[Row], remaining: list[Row], mapping: dict[str, str]) -> bool:
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    for i, candidate in enumerate(remaining):
        extended = _unify(first, candidate, mapping)
        if extended is not None and _match(rest, remaining[:i] + remaining[i + 1:], extended):
            return True
    return False


def _unify(a: Row, b: Row, mapping: dict[str, str]) -> dict[str, str] | None:
    if a.keys() != b.keys():
        return None
    out = dict(mapping)
    used = set(out.values())
    for name, value in a.items():
        other = b[name]
        if _is_bnode(value) and _is_bnode(other):
            if value in out:
                if out[value] != other:
                    return None
            elif other in used:
                return None
            else:
                out[value] = other
                used.add(other)
        elif value != other:
            return None
    return out


def canonical(triples: Any) -> set[str]:
    """A set of N-Triples lines after blank node canonicalization."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q.triple) for q in dataset}


def read_graph(path: Path) -> set[str]:
    return canonical(ox.parse(path=str(path), format=_RDF_FORMATS[path.suffix],
                              base_iri=path.resolve().as_uri()))


RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"


def read_result_set_graph(path: Path) -> tuple[bool | None, set[str], list[Row]]:
    """Expected SELECT/ASK results written as RDF (the DAWG ``rs:`` vocabulary)."""
    from rdflib import Graph, Namespace

    from ipas.store.terms import to_ox

    rs = Namespace(RS)
    g = Graph().parse(path, format="turtle" if path.suffix == ".ttl" else "xml",
                      publicID=path.resolve().as_uri())
    result = next(iter(g.subjects(predicate=None, object=rs.ResultSet)), None)
    assert result is not None, f"no rs:ResultSet in {path}"
    boolean = g.value(result, rs.boolean)
    if boolean is not None:
        return bool(boolean.toPython()), set(), []
    names = {str(v) for v in g.objects(result, rs.resultVariable)}
    rows: list[Row] = []
    for solution in g.objects(result, rs.solution):
        row: Row = {}
        for binding in g.objects(solution, rs.binding):
            row[str(g.value(binding, rs.variable))] = term_key(to_ox(g.value(binding, rs.value)))
        rows.append(row)
    return None, names, rows
