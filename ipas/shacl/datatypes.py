"""Literals made safe for the engine's ``sh:datatype`` test: pyshacl's verdict, Oxigraph's speed.

pyshacl (the reference) accepts a value for ``sh:datatype D`` when its datatype is exactly
``D`` and rdflib does not find the lexical form ill-typed (plus a Python type check for a few
types). Oxigraph differs in two ways: it stores the derived integer types and
``xsd:dateTimeStamp`` re-typed as ``xsd:integer`` / ``xsd:dateTime`` (NOTES.md), and its casts
accept other lexical forms than rdflib's parsers. So before data enters the engine, each
literal whose type rdflib checks is judged once in Python (memoized: values repeat), and an
ill-typed one is written with a stand-in datatype (``urn:ipas:ill-typed:`` + the IRI) that
no ``sh:datatype`` matches; the compiled test then only compares datatype IRIs. A well-typed
literal of a type the engine re-types cannot be represented, and the caller validates that
data with pyshacl instead (:func:`for_engine` returns None).

>>> X = "http://www.w3.org/2001/XMLSchema#"
>>> bad = ox.Literal("unknown", datatype=ox.NamedNode(X + "date"))
>>> t = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), bad)
>>> prepared = for_engine([t])
>>> prepared.triples[0].object.datatype.value
'urn:ipas:ill-typed:http://www.w3.org/2001/XMLSchema#date'
>>> ok = ox.Literal("40", datatype=ox.NamedNode(X + "nonNegativeInteger"))
>>> for_engine([ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ok)]) is None
True
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef
from rdflib.term import Node, _toPythonMapping

ILL_TYPED = "urn:ipas:ill-typed:"
#: Types Oxigraph stores as another type (derived integers -> integer, dateTimeStamp -> dateTime).
LOSSY = frozenset(str(XSD[n]) for n in (
    "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    "positiveInteger", "dateTimeStamp"))
#: pyshacl's extra check: the Python value must be of this type (``_assert_actual_datatype``).
_PYTHON_TYPE: dict[str, type | tuple[type, ...]] = {
    str(XSD.integer): int, str(XSD.float): float, str(XSD.decimal): Decimal,
    str(XSD.boolean): bool, str(XSD.date): date, str(XSD.time): time,
    str(XSD.dateTime): datetime,
}
#: Types whose lexical forms rdflib checks (the others are never ill-typed for pyshacl).
CHECKED = frozenset({str(dt) for dt in _toPythonMapping if dt is not None} | LOSSY
                    | set(_PYTHON_TYPE))
#: Checked types whose every lexical form rdflib accepts (no converter: the value is the string
#: itself, so ``_well_formed_by_value`` holds) and pyshacl adds no Python check to: xsd:string,
#: normalizedString, token, language, anyURI. Skipping them skips most literals of real data.
_TRIVIAL = frozenset(str(dt) for dt, convert in _toPythonMapping.items()
                     if dt is not None and convert is None) - LOSSY - set(_PYTHON_TYPE)
_NONTRIVIAL = CHECKED - _TRIVIAL


@lru_cache(maxsize=1 << 16)
def well_typed(lexical: str, datatype: str) -> bool:
    """pyshacl's verdict on ``"lexical"^^datatype`` for ``sh:datatype datatype``.

    >>> X = "http://www.w3.org/2001/XMLSchema#"
    >>> well_typed("40", X + "nonNegativeInteger"), well_typed("-1", X + "nonNegativeInteger")
    (True, False)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        literal = Literal(lexical, datatype=URIRef(datatype))
        if literal.ill_typed is True:
            return False
    wanted = _PYTHON_TYPE.get(datatype)
    if wanted is bool:  # bool is an int: test it first, and an int is not a bool
        return isinstance(literal.value, bool)
    return wanted is None or (isinstance(literal.value, wanted)
                              and not (wanted is int and isinstance(literal.value, bool)))


@dataclass
class EngineData:
    """Triples ready for the engine (ill-typed literals under stand-in datatypes)."""

    triples: list[ox.Triple]


def original(term: Node | None) -> Node | None:
    """A term from an engine result, with a stand-in datatype turned back into the real one.

    >>> original(Literal("x", datatype=URIRef(ILL_TYPED + str(XSD.date)))).n3()
    '"x"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if isinstance(term, Literal) and term.datatype is not None \
            and str(term.datatype).startswith(ILL_TYPED):
        return Literal(str(term), datatype=URIRef(str(term.datatype)[len(ILL_TYPED):]),
                       normalize=False)
    return term


def engine_literal(term: Literal) -> Literal:
    """A constant of a shape as the engine sees data: ill-typed under its stand-in."""
    datatype = str(term.datatype) if term.datatype is not None else None
    if datatype in CHECKED and not term.language and not well_typed(str(term), datatype):
        return Literal(str(term), datatype=URIRef(ILL_TYPED + datatype), normalize=False)
    return term


#: N-Triples lines that may hold a typed literal (searched in ``"\\n" + lines``).
_TYPED_LINE = re.compile(rb'\n([^\n]*"\^\^<[^\n]*)')


def ntriples_for_engine(lines: bytes) -> bytes | None:
    """N-Triples ``lines`` (no blank nodes) with ill-typed literals re-typed to stand-ins, as
    :func:`for_engine` does, without parsing the lines that hold none; None when a well-typed
    literal of a type the engine re-types is present.

    >>> X = "http://www.w3.org/2001/XMLSchema#"
    >>> ntriples_for_engine(f'<urn:a> <urn:p> "x"^^<{X}date> .\\n'.encode()).decode()
    '<urn:a> <urn:p> "x"^^<urn:ipas:ill-typed:http://www.w3.org/2001/XMLSchema#date> .\\n'
    >>> ntriples_for_engine(f'<urn:a> <urn:p> "4"^^<{X}byte> .\\n'.encode()) is None
    True
    """
    found = _TYPED_LINE.findall(b"\n" + lines)
    if not found:
        return lines
    # One triple per line: parse only these (a literal's own escaped quote may match too).
    parsed = ox.parse(b"\n".join(found) + b"\n", ox.RdfFormat.N_TRIPLES)
    stand_ins: dict[bytes, bytes] = {}
    try:
        for line, quad in zip(found, parsed, strict=True):
            stand_in = _stand_in(quad.object)
            if stand_in is not None:
                written = ox.serialize([ox.Triple(quad.subject, quad.predicate, stand_in)],
                                       format=ox.RdfFormat.N_TRIPLES)
                stand_ins[line] = (written or b"").rstrip(b"\n")
    except _Unrepresentable:
        return None
    if not stand_ins:
        return lines
    return _TYPED_LINE.sub(lambda m: b"\n" + stand_ins.get(m[1], m[1]), b"\n" + lines)[1:]


class _Unrepresentable(Exception):
    """A well-typed literal of a type the engine re-types."""


def _stand_in(value: object) -> ox.Literal | None:
    """The stand-in for an ill-typed literal, None for a literal the engine keeps as it is."""
    if isinstance(value, ox.Literal) and value.datatype.value in _NONTRIVIAL \
            and not value.language:
        datatype = value.datatype.value
        if not well_typed(value.value, datatype):
            return ox.Literal(value.value, datatype=ox.NamedNode(ILL_TYPED + datatype))
        if datatype in LOSSY:
            raise _Unrepresentable(datatype)
    return None


def for_engine(triples: Iterable[ox.Triple]) -> EngineData | None:
    """``triples`` with ill-typed literals re-typed to stand-ins; None when a well-typed
    literal of a type the engine re-types is present (validate with pyshacl then)."""
    out: list[ox.Triple] = []
    try:
        for triple in triples:
            stand_in = _stand_in(triple.object)
            if stand_in is not None:
                triple = ox.Triple(triple.subject, triple.predicate, stand_in)
            out.append(triple)
    except _Unrepresentable:
        return None
    return EngineData(out)
