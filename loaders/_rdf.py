"""Small mapping helpers every source loader shares: countries, places, dates, literals.

Countries are shared nodes keyed by ISO 3166-1 alpha-2 code (``{base}country/iso3166/MX``),
whatever the source called them ("Mexico", "MEX", "mx"), so that every loader's actors meet
on the same country node.

>>> parse_date("14 Jun 1975"), parse_date("1962"), parse_date("circa 1951")
(('date', '1975-06-14'), ('year', '1962'), ('year', '1951'))
>>> parse_date("Feb 1960"), parse_date("2024-05-28T07:47:03"), parse_date("sometime")
(('year', '1960'), ('date', '2024-05-28'), None)
>>> country_code("Korea, North"), country_code("CRI"), country_code("Atlantis")
('KP', 'CR', None)
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from followthemoney.types import registry
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH

from ipas.namespace import IPAS
from ipas.ontology import shapes_graph
from ipas.sources import Triples
from loaders._iri import digest_key, mint

_DAY = re.compile(r"^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$")
_MONTH = re.compile(r"^([A-Za-z]{3}) (\d{4})$")
_YEAR = re.compile(r"^(?:circa |c\. |approximately )?(\d{4})$", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> tuple[str, str] | None:
    """``('date', 'YYYY-MM-DD')`` or ``('year', 'YYYY')`` from the forms sources use."""
    t = text.strip()
    if _DAY.match(t):
        try:
            return "date", datetime.strptime(t, "%d %b %Y").date().isoformat()
        except ValueError:
            return None
    if m := _ISO.match(t):
        try:
            return "date", datetime(int(m[1]), int(m[2]), int(m[3])).date().isoformat()
        except ValueError:
            return None
    if m := _MONTH.match(t):
        return "year", m[2]
    if m := _YEAR.match(t):
        return "year", m[1]
    return None


def date_literal(text: str) -> Literal | None:
    """An ``xsd:date`` for a full date, else None (partial dates are not dates)."""
    parsed = parse_date(text)
    if parsed and parsed[0] == "date":
        return Literal(parsed[1], datatype=XSD.date)
    return None


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The ISO alpha-2 code (upper case) of a country name or code, when it is a country."""
    code = registry.country.clean(text.strip())
    if not code or len(code) != 2 or code == "zz":
        return None
    return code.upper()


@lru_cache(maxsize=512)
def _country_label(code: str) -> str | None:
    return registry.country.caption(code.lower())


def country(g: Triples, text: str | None) -> URIRef | None:
    """The shared Country node for ``text`` (added to ``g``), or None when unknown."""
    code = country_code(text) if text else None
    if code is None:
        return None
    node = mint("country", "iso3166", code)
    g.add((node, RDF.type, IPAS.Country))
    g.add((node, IPAS.countryCode, Literal(code)))
    label = _country_label(code)
    if label:
        g.add((node, RDFS.label, Literal(label, lang="en")))
    return node


def place(g: Triples, source: str, text: str) -> URIRef:
    """A Location node for a free-text place ("Culiacan, Sinaloa, Mexico"), in its country."""
    node = mint("place", source, digest_key(text))
    g.add((node, RDF.type, IPAS.Location))
    g.add((node, RDFS.label, Literal(text.strip())))
    parts = [p.strip() for p in text.split(",") if p.strip()]
    where = country(g, parts[-1]) if parts else None
    if where is not None and where != node:
        g.add((node, IPAS.locatedIn, where))
    return node


def add_text(g: Triples, s: URIRef, p: URIRef, value: str | None, lang: str | None = None) -> None:
    """Add a plain string (skipping empty ones)."""
    if value and value.strip():
        g.add((s, p, Literal(value.strip(), lang=lang)))


_LEXICAL = {
    XSD.decimal: re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    XSD.integer: re.compile(r"^[+-]?\d+$"),
    XSD.gYear: re.compile(r"^-?\d{4,}$"),
    XSD.boolean: re.compile(r"^(true|false|1|0)$"),
}


def typed(value: str, datatype: URIRef) -> Literal | None:
    """A literal of ``datatype`` when ``value`` is a valid lexical form of it, else None.

    Common types are checked before rdflib sees them (rdflib logs a traceback for each
    ill-typed literal it is handed).

    >>> str(typed("12.5", XSD.decimal)), typed("twelve", XSD.decimal), typed("2024-02-30", XSD.date)
    ('12.5', None, None)
    >>> str(typed("2024-03-01-05:00", XSD.date)), typed("2024-03-01+15:00", XSD.date)
    ('2024-03-01-05:00', None)
    """
    text = value.strip()
    pattern = _LEXICAL.get(datatype)
    if pattern is not None and not pattern.match(text):
        return None
    if datatype == XSD.date:  # an optional time zone: 2024-03-01Z, 2024-03-01-05:00
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)?$", text)
        try:
            datetime(int(m[1]), int(m[2]), int(m[3])) if m else None
        except ValueError:
            return None
        if m is None:
            return None
    # rdflib's normal form of a date drops its time zone: keep the source's lexical form.
    lit = Literal(text, datatype=datatype, normalize=datatype != XSD.date)
    return None if lit.ill_typed else lit


def add_typed(g: Triples, s: URIRef, p: URIRef, value: str | None, datatype: URIRef) -> bool:
    """Add a typed literal when ``value`` is valid for ``datatype``; False when it is not."""
    lit = typed(value, datatype) if value and value.strip() else None
    if lit is None:
        return False
    g.add((s, p, lit))
    return True


@lru_cache(maxsize=1)
def single_valued() -> frozenset[URIRef]:
    """Properties some shape allows at most once (``sh:maxCount 1``), read from shapes/."""
    g = shapes_graph()
    out = set()
    for shape, count in g.subject_objects(SH.maxCount):
        path = g.value(shape, SH.path)
        if isinstance(path, URIRef) and str(count) == "1":
            out.add(path)
    return frozenset(out)


#: Single-valued properties where a source's several values keep the latest, not the earliest.
LATEST_WINS = frozenset({IPAS.dissolutionDate, IPAS.endDate, IPAS.expiryDate})


def keep_single(g: Triples, subject: URIRef) -> None:
    """Where a source gives several values for a single-valued property, keep one (the
    earliest; the latest for end dates) and keep the others readable as ``rdfs:comment``."""
    singles = single_valued()
    for prop in {p for p in g.predicates(subject) if p in singles}:
        values = sorted(g.objects(subject, prop), key=str)
        if len(values) < 2:
            continue
        keep = values[-1] if prop in LATEST_WINS else values[0]
        for value in values:
            if value != keep:
                g.remove((subject, prop, value))
                label = prop.fragment if isinstance(prop, URIRef) else str(prop)
                g.add((subject, RDFS.comment, Literal(f"also {label}: {value}")))
