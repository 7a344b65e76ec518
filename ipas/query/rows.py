"""REST renderings of SELECT rows (JSON values, CSV cells, JSON-LD nodes) from engine terms.

The saved-query routes answer rows as plain JSON (IRIs and plain literals as strings,
numbers as numbers), as CSV (spreadsheet formulas neutralized) or as JSON-LD (one node per
row). A query worker renders them from the engine's own terms (:func:`render`), so the
server forwards bytes instead of parsing SPARQL results JSON into Python terms and
serializing again: that round trip cost about 100 us a row.

JSON is written as Starlette's ``JSONResponse`` writes it (UTF-8, no spaces), so the route
can put its metadata in front (:func:`with_meta`) and the answer keeps its exact bytes.

>>> import pyoxigraph as ox
>>> n = ox.NamedNode("urn:x")
>>> row = {"s": n, "v": ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))}
>>> render(Rendering(JSON), ["s", "v"], [row]).decode()
'{"columns":["s","v"],"rows":[{"s":"urn:x","v":7}]}'
>>> render(Rendering(CSV), ["s", "v"], [row])
b's,v\\r\\nurn:x,7\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

JSON = "application/json"
CSV = "text/csv"
JSONLD = "application/ld+json"
#: The Content-Type each rendering is answered with.
CONTENT_TYPES = {JSON: JSON, CSV: "text/csv; charset=utf-8", JSONLD: JSONLD}

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                               "positiveInteger", "negativeInteger", "nonPositiveInteger")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}
_BOOLEAN = XSD + "boolean"
_PLAIN = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")

#: A row: ``row[variable]`` is a pyoxigraph term, or None when unbound (a ``QuerySolution``,
#: or a dict with every column).
Row = Any


@dataclass(frozen=True)
class Rendering:
    """How rows are answered: ``media`` (JSON, CSV or JSON-LD) and the JSON-LD ``@vocab``."""

    media: str
    vocab: str = ""


def plain(term: Any) -> Any:
    """A term as a JSON value: IRIs and plain literals as strings, numbers as numbers
    (a lexical form that is not a finite number stays a string).

    >>> plain(ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")))
    42
    >>> plain(ox.Literal("INF", datatype=ox.NamedNode(XSD + "double"))), plain(ox.BlankNode("b"))
    ('INF', '_:b')
    """
    if isinstance(term, ox.Literal):
        value, datatype = term.value, term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(value)
            if datatype in _FLOATS:
                number = float(value)
                return number if math.isfinite(number) else value
            if datatype == _BOOLEAN:
                return value in ("true", "1")
        except ValueError:
            return value
        return value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def jsonld_value(term: Any) -> Any:
    """A term as a JSON-LD value object.

    >>> jsonld_value(ox.Literal("hola", language="es"))
    {'@value': 'hola', '@language': 'es'}
    """
    if isinstance(term, ox.NamedNode):
        return {"@id": term.value}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value not in _PLAIN:
            return {"@value": term.value, "@type": term.datatype.value}
        return term.value
    return str(term)


def safe_cell(text: str) -> str:
    """Neutralize spreadsheet formulas.

    >>> safe_cell("=HYPERLINK(\\"x\\")"), safe_cell("-12.5"), safe_cell("@SUM(A1)")
    ('\\'=HYPERLINK("x")', '-12.5', "'@SUM(A1)")
    """
    if text and text[0] in "=+-@\t\r" and not _NUMBER.match(text):
        return "'" + text
    return text


def dumps(value: Any) -> bytes:
    """JSON bytes exactly as Starlette's ``JSONResponse`` renders ``value``.

    >>> dumps({"a": "é", "b": [1]})
    b'{"a":"\\xc3\\xa9","b":[1]}'
    """
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


def render(how: Rendering, columns: Sequence[str], rows: Iterable[Row]) -> bytes:
    """``rows`` in ``how.media``: JSON ``{"columns", "rows"}``, CSV with a header, or a
    JSON-LD document with one node per row."""
    if how.media == CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(str(plain(row[c]))) if row[c] is not None else ""
                             for c in columns])
        return out.getvalue().encode("utf-8")
    if how.media == JSONLD:
        graph = [{c: jsonld_value(row[c]) for c in columns if row[c] is not None}
                 for row in rows]
        return dumps({"@context": {"@vocab": how.vocab}, "@graph": graph})
    data = [{c: plain(row[c]) for c in columns if row[c] is not None} for row in rows]
    return dumps({"columns": list(columns), "rows": data})


def with_meta(meta: Mapping[str, Any], body: bytes) -> bytes:
    """A rendered JSON object with ``meta``'s members first (as ``{**meta, **body}``).

    >>> with_meta({"query": "q"}, b'{"columns":[],"rows":[]}')
    b'{"query":"q","columns":[],"rows":[]}'
    """
    if not meta:
        return body
    return dumps(dict(meta))[:-1] + b"," + body[1:]

