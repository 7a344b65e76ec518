"""Media types of query answers: which ones each query form offers, and Accept negotiation.

SELECT and ASK answer in the SPARQL 1.1 results formats; CONSTRUCT and DESCRIBE in RDF
serializations. Negotiation follows RFC 9110: the highest q-value wins, more specific ranges
beat wider ones, ``q=0`` excludes, and ties go to the server's order of preference.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from ipas.errors import NotAcceptable
from ipas.store.base import QueryKind

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
N_TRIPLES = "application/n-triples"
RDF_XML = "application/rdf+xml"
JSON_LD = "application/ld+json"
TRIG = "application/trig"
N_QUADS = "application/n-quads"

#: What each answer kind offers, best first; aliases map to the canonical type served.
RESULT_TYPES = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
RDF_TYPES = (TURTLE, N_TRIPLES, RDF_XML, JSON_LD, TRIG, N_QUADS)
ALIASES = {
    "application/json": SPARQL_JSON,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
    "application/x-turtle": TURTLE,
    "text/plain": N_TRIPLES,
    "application/json+ld": JSON_LD,
    "text/n3": TURTLE,
}
#: Short names for ``?format=`` / ``?output=`` (as Fuseki and SPARQLWrapper send them):
#: name -> (type for SELECT/ASK, type for CONSTRUCT/DESCRIBE).
SHORT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": (SPARQL_JSON, JSON_LD), "xml": (SPARQL_XML, RDF_XML), "csv": (CSV, None),
    "tsv": (TSV, None), "ttl": (None, TURTLE), "turtle": (None, TURTLE),
    "n3": (None, TURTLE), "nt": (None, N_TRIPLES), "ntriples": (None, N_TRIPLES),
    "n-triples": (None, N_TRIPLES), "rdf": (None, RDF_XML), "rdfxml": (None, RDF_XML),
    "rdf+xml": (None, RDF_XML), "jsonld": (None, JSON_LD), "json-ld": (None, JSON_LD),
    "trig": (None, TRIG), "nq": (None, N_QUADS), "nquads": (None, N_QUADS),
}


def format_param(name: str | None, kind: QueryKind) -> str | None:
    """The media type a ``format`` / ``output`` parameter asks for (a short name or a type).

    >>> format_param("xml", QueryKind.CONSTRUCT), format_param("json", QueryKind.ASK)
    ('application/rdf+xml', 'application/sparql-results+json')
    """
    if not name:
        return None
    pair = SHORT_NAMES.get(name.strip().lower())
    if pair is None:
        return name if "/" in name else None
    return pair[0] if kind in (QueryKind.SELECT, QueryKind.ASK) else pair[1]


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float
    specificity: int


_PARAM_Q = re.compile(r"^\s*q\s*=\s*([0-9.]+)\s*$", re.IGNORECASE)


def _ranges(accept: str) -> list[_Range]:
    out = []
    for part in accept.split(","):
        media, *params = part.split(";")
        media = media.strip().lower()
        if "/" not in media:
            continue
        main, sub = media.split("/", 1)
        q = 1.0
        for param in params:
            m = _PARAM_Q.match(param)
            if m:
                try:
                    q = max(0.0, min(1.0, float(m.group(1))))
                except ValueError:
                    q = 0.0
        specificity = 0 if main == "*" else 1 if sub == "*" else 2
        out.append(_Range(main, sub.strip(), q, specificity))
    return out


def offers_for(kind: QueryKind) -> tuple[str, ...]:
    return RESULT_TYPES if kind in (QueryKind.SELECT, QueryKind.ASK) else RDF_TYPES


def negotiate(accept: str | None, offers: tuple[str, ...]) -> str:
    """The offer the client prefers most (offers are in the server's order of preference).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("*/*", RDF_TYPES), negotiate(None, RESULT_TYPES)
    ('text/turtle', 'application/sparql-results+json')
    >>> negotiate("application/json", RESULT_TYPES)
    'application/sparql-results+json'
    >>> negotiate("image/png", RESULT_TYPES)
    Traceback (most recent call last):
    ipas.errors.NotAcceptable: none of the accepted media types can be produced
    """
    if not accept or not accept.strip():
        return offers[0]
    ranges = _ranges(accept)
    if any(r.type == "text" and r.subtype == "html" and r.q > 0 for r in ranges):
        return offers[0]  # a browser: serve the default format, readable as text
    candidates: dict[str, str] = {o: o for o in offers}
    candidates.update({alias: served for alias, served in ALIASES.items() if served in offers})
    best: tuple[float, int, str] | None = None
    for index, offer in enumerate(offers):
        for name, served in candidates.items():
            if served != offer:
                continue
            q = _quality(ranges, name, exact=name != offer)  # aliases only when named
            if q > 0 and (best is None or (q, -index) > (best[0], best[1])):
                best = (q, -index, offer)
    if best is None:
        raise NotAcceptable(
            "none of the accepted media types can be produced", offered=list(offers)
        )
    return best[2]


def _quality(ranges: list[_Range], media_type: str, *, exact: bool = False) -> float:
    """The q-value the most specific matching range gives ``media_type`` (0 if none)."""
    main, sub = media_type.split("/", 1)
    match: _Range | None = None
    for r in ranges:
        if exact:
            fits = r.type == main and r.subtype == sub
        else:
            fits = (r.type == "*") or (r.type == main and r.subtype in ("*", sub))
        if fits and (match is None or r.specificity > match.specificity):
            match = r
    return match.q if match is not None else 0.0


def content_type(media_type: str) -> str:
    """The Content-Type header for an answer (text types say their charset).

    >>> content_type(CSV), content_type("text/csv; charset=utf-8")
    ('text/csv; charset=utf-8', 'text/csv; charset=utf-8')
    """
    if "charset=" in media_type.lower():  # the engine may name it already: say it once
        return media_type
    bare = media_type.split(";")[0].strip()
    text = bare.startswith("text/") or bare in (N_TRIPLES, N_QUADS, TRIG)
    return f"{media_type}; charset=utf-8" if text else media_type


_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def neutralize_csv(body: bytes) -> bytes:
    """CSV cells that a spreadsheet would run as a formula get a leading ``'`` (numbers stay).

    >>> neutralize_csv(b'x,y\\r\\n=HYPERLINK("http://evil"),-5\\r\\n')
    b'x,y\\r\\n"\\'=HYPERLINK(""http://evil"")",-5\\r\\n'
    """
    text = body.decode("utf-8")
    if not any(mark in text for mark in _FORMULA):
        return body
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow(
            "'" + cell if cell.startswith(_FORMULA) and not _NUMBER.match(cell) else cell
            for cell in row
        )
    return out.getvalue().encode("utf-8")
