"""Rendering REST answers (rows of terms) as JSON, CSV or JSON-LD, chosen by ``Accept``.

Shared by the saved query and entity routes. CSV cells that a spreadsheet would run as a
formula (leading ``= + - @``, tab or carriage return) are prefixed with ``'`` unless they are
plain numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from fastapi import Response
from fastapi.responses import JSONResponse
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ipas.errors import NotAcceptable

JSON = "application/json"
CSV = "text/csv"
JSONLD = "application/ld+json"
OFFERED = (JSON, CSV, JSONLD)

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_INTEGERS = {str(XSD[t]) for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                   "positiveInteger", "negativeInteger", "nonPositiveInteger")}
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}


def negotiate(accept: str | None, offered: Sequence[str] = OFFERED) -> str:
    """The first offered media type the ``Accept`` header admits (by q, then order).

    >>> negotiate("text/csv;q=0.5, application/ld+json")
    'application/ld+json'
    >>> negotiate(None), negotiate("*/*")
    ('application/json', 'application/json')
    """
    if not accept or not accept.strip():
        return offered[0]
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *opts = [p.strip() for p in part.split(";")]
        q = 1.0
        for opt in opts:
            key, _, value = opt.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for neg_q, _, media in sorted(ranked):
        if neg_q == 0:
            continue
        for offer in offered:
            if media in (offer, "*/*", offer.split("/")[0] + "/*"):
                return offer
    raise NotAcceptable(f"cannot produce {accept!r}; offered: {', '.join(offered)}")


def plain(term: Node) -> Any:
    """A term as a JSON value: IRIs and plain literals as strings, numbers as numbers.

    >>> plain(Literal("42", datatype=XSD.integer)), plain(URIRef("urn:x"))
    (42, 'urn:x')
    """
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype else ""
        try:
            if dt in _INTEGERS:
                return int(str(term))
            if dt in _FLOATS:
                return float(str(term))
            if dt == str(XSD.boolean):
                return str(term) in ("true", "1")
        except ValueError:
            return str(term)
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def jsonld_value(term: Node) -> Any:
    """A term as a JSON-LD value object."""
    if isinstance(term, URIRef):
        return {"@id": str(term)}
    if isinstance(term, BNode):
        return {"@id": f"_:{term}"}
    if isinstance(term, Literal):
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype:
            return {"@value": str(term), "@type": str(term.datatype)}
    return str(term)


def safe_cell(text: str) -> str:
    """Neutralize spreadsheet formulas.

    >>> safe_cell("=HYPERLINK(\\"x\\")"), safe_cell("-12.5"), safe_cell("@SUM(A1)")
    ('\\'=HYPERLINK("x")', '-12.5', "'@SUM(A1)")
    """
    if text and text[0] in "=+-@\t\r" and not _NUMBER.match(text):
        return "'" + text
    return text


def rows_response(
    media: str, columns: list[str], rows: list[dict[str, Node]], *,
    meta: dict[str, Any], vocab: str,
) -> Response:
    """Rows in ``media``: JSON (``meta`` plus ``rows``), CSV, or JSON-LD (one node per row)."""
    if media == CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(str(plain(row[c]))) if c in row else "" for c in columns])
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
    if media == JSONLD:
        graph = [{c: jsonld_value(row[c]) for c in columns if c in row} for row in rows]
        body = {"@context": {"@vocab": vocab}, "@graph": graph}
        return JSONResponse(body, media_type=JSONLD)
    data = [{c: plain(row[c]) for c in columns if c in row} for row in rows]
    return JSONResponse({**meta, "columns": columns, "rows": data})
