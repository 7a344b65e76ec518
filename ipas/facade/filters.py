"""List filters of the REST facade: one per shape property (plus ranges for numbers and dates),
their JSON schemas for OpenAPI, and the conversion of request text into bound RDF terms.

Values are parsed here by the property's declared type, so a bad value is a 422 that names
the parameter and the type, and nothing from the request reaches query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import XSD, Literal

from ipas.errors import InvalidParameter
from ipas.facade.model import ClassSpec, PropertySpec

_X = str(XSD)
INTEGERS = {_X + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                             "positiveInteger", "negativeInteger", "nonPositiveInteger",
                             "unsignedInt", "unsignedLong", "gYear")}
DECIMALS = {_X + "decimal", _X + "double", _X + "float"}
DATE, DATETIME, BOOLEAN = _X + "date", _X + "dateTime", _X + "boolean"
RANGED = INTEGERS | DECIMALS | {DATE, DATETIME}
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
MAX_TEXT = 2000


@dataclass(frozen=True)
class Filter:
    """A query parameter of a class's list route."""

    alias: str  # the query parameter's name
    prop: PropertySpec
    op: str  # eq, from (>=), to (<=)

    def schema(self) -> dict[str, Any]:
        """The JSON schema of the parameter's value."""
        return value_schema(self.prop)

    def describe(self) -> str:
        what = {"eq": "equals" if not self.prop.is_link else "entity id or IRI",
                "from": "at least", "to": "at most"}[self.op]
        return f"{self.prop.label}: {what}"


def value_schema(prop: PropertySpec) -> dict[str, Any]:
    dt = prop.datatype or ""
    if prop.is_link:
        schema: dict[str, Any] = {"type": "string", "maxLength": MAX_TEXT}
    elif dt in INTEGERS:
        schema = {"type": "integer"}
    elif dt in DECIMALS:
        schema = {"type": "number"}
    elif dt == DATE:
        schema = {"type": "string", "format": "date"}
    elif dt == DATETIME:
        schema = {"type": "string", "format": "date-time"}
    elif dt == BOOLEAN:
        schema = {"type": "boolean"}
    else:
        schema = {"type": "string", "maxLength": MAX_TEXT}
    if prop.values and not prop.is_link:
        schema["enum"] = [int(v) if schema["type"] == "integer" else v for v in prop.values]
    return schema


def filters_of(cls: ClassSpec) -> list[Filter]:
    """``name`` (equals) for every property; ``name_from``/``name_to`` for numbers and dates."""
    taken = {p.name for p in cls.properties}
    out: list[Filter] = []
    for prop in cls.properties:
        out.append(Filter(prop.name, prop, "eq"))
        if not prop.is_link and prop.datatype in RANGED:
            out += [Filter(f"{prop.name}_{op}", prop, op) for op in ("from", "to")
                    if f"{prop.name}_{op}" not in taken]
    return out


def literal(prop: PropertySpec, parameter: str, raw: str) -> Literal:
    """``raw`` as a literal of the property's datatype, or InvalidParameter (422).

    >>> p = PropertySpec("born", "urn:born", "born", DATE)
    >>> literal(p, "born", "1980-01-31").n3()
    '"1980-01-31"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> literal(p, "born", "31/01/1980")
    Traceback (most recent call last):
    ipas.errors.InvalidParameter: parameter 'born': expected a date (YYYY-MM-DD), got '31/01/1980'
    """
    dt = prop.datatype or _X + "string"
    text = raw.strip()
    try:
        if dt in INTEGERS:
            if not _INTEGER.match(text):
                raise ValueError(text)
            value = str(int(text))
        elif dt in DECIMALS:
            number = Decimal(text)
            if not number.is_finite() or len(text) > 40:
                raise ValueError(text)
            value = format(number, "f")
        elif dt == DATE:
            value = date.fromisoformat(text).isoformat() if len(text) == 10 else _bad(text)
        elif dt == DATETIME:
            value = datetime.fromisoformat(text).isoformat()
        elif dt == BOOLEAN:
            value = {"true": "true", "1": "true", "false": "false", "0": "false"}[text.lower()]
        else:
            if len(raw) > MAX_TEXT:
                raise ValueError(raw)
            value = raw
    except (ValueError, InvalidOperation, KeyError):
        raise _error(prop, parameter, raw) from None
    if prop.values and value not in prop.values and text not in prop.values:
        raise InvalidParameter(
            f"parameter {parameter!r}: expected one of {', '.join(prop.values)}, got {raw[:60]!r}",
            parameter=parameter, expected="enum")
    if dt in (_X + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"):
        return Literal(value)
    return Literal(value, datatype=dt)


def _bad(text: str) -> str:
    raise ValueError(text)


_EXPECTED = {DATE: "a date (YYYY-MM-DD)", DATETIME: "a date and time (ISO 8601)",
             BOOLEAN: "true or false"}


def _error(prop: PropertySpec, parameter: str, raw: str) -> InvalidParameter:
    dt = prop.datatype or ""
    expected = _EXPECTED.get(dt) or (
        "an integer" if dt in INTEGERS
        else "a number" if dt in DECIMALS else f"text of at most {MAX_TEXT} characters")
    shown = raw if len(raw) <= 60 else raw[:57] + "..."
    return InvalidParameter(f"parameter {parameter!r}: expected {expected}, got {shown!r}",
                            parameter=parameter, expected=dt.rsplit("#", 1)[-1] or "string")
