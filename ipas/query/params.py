"""Typed parameters of saved queries: header parsing, validation, and conversion to RDF terms.

A parameter is declared in a query header as
``#+ param: NAME TYPE [optional] [default=V] [values=a|b|c] [min=N] [max=N] -- description``
and bound to the variable ``?_NAME`` (grlc's convention) through the engine. Values arrive as
text (CLI, query string) or JSON scalars (request bodies) and leave as rdflib terms; nothing
here ever produces query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from ipas.errors import BadInput, InvalidParameter

#: Declared type -> canonical type name.
TYPES: dict[str, str] = {
    "iri": "iri",
    "xsd:anyuri": "iri",
    "xsd:date": "date",
    "date": "date",
    "xsd:integer": "integer",
    "integer": "integer",
    "xsd:decimal": "decimal",
    "decimal": "decimal",
    "xsd:string": "string",
    "string": "string",
    "enum": "string",
}

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|\\^`\x7f-\x9f]+$")
_PNAME = re.compile(r"^([A-Za-z][\w\-.]*)?:([\w\-.]*)$")
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_STRING = 1000

_JSON_TYPES = {
    "iri": {"type": "string", "format": "iri"},
    "date": {"type": "string", "format": "date"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "string": {"type": "string"},
}
_EXPECTED = {
    "iri": "an absolute IRI (or a prefixed name declared by the query)",
    "date": "a date as YYYY-MM-DD",
    "integer": "an integer",
    "decimal": "a decimal number",
    "string": f"a string of at most {MAX_STRING} characters",
}


def valid_iri(text: str) -> bool:
    """An absolute IRI the engine accepts (RFC 3987 as Oxigraph checks it).

    >>> valid_iri("https://w3id.org/ipas/id/person/x"), valid_iri("urn:x\x01"), valid_iri("x")
    (True, False, False)
    """
    if len(text) > 2000 or not _IRI.match(text):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Param:
    """One declared parameter.

    >>> p = Param.parse("since xsd:date optional -- on or after this date")
    >>> p.name, p.type, p.optional, p.to_term("2024-01-31").n3()
    ('since', 'date', True, '"2024-01-31"^^<http://www.w3.org/2001/XMLSchema#date>')
    >>> p.to_term("31/01/2024")
    Traceback (most recent call last):
    ...
    ipas.errors.InvalidParameter: parameter 'since': expected a date as YYYY-MM-DD, got '31/01/2024'
    """

    name: str
    type: str
    optional: bool = False
    default: str | None = None
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""
    prefixes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def variable(self) -> str:
        """The query variable this parameter binds (without ``?``)."""
        return f"_{self.name}"

    @classmethod
    def parse(cls, spec: str, prefixes: dict[str, str] | None = None) -> Param:
        """Read the text after ``#+ param:``; raises ``BadInput`` naming what is wrong."""
        decl, _, description = spec.partition("--")
        words = decl.split()
        if len(words) < 2:
            raise BadInput(f"parameter declaration needs NAME TYPE, got {spec.strip()!r}")
        name, type_word, *options = words
        if not _NAME.match(name):
            raise BadInput(f"parameter name {name!r} must be letters, digits and underscores")
        ptype = TYPES.get(type_word.lower())
        if ptype is None:
            raise BadInput(
                f"parameter {name!r}: unknown type {type_word!r}; "
                f"known types: {', '.join(sorted(set(TYPES)))}"
            )
        kw: dict[str, Any] = {}
        optional = False
        for opt in options:
            key, eq, value = opt.partition("=")
            if opt == "optional":
                optional = True
            elif eq and key == "default":
                kw["default"] = value
            elif eq and key == "values" and value:
                kw["values"] = tuple(value.split("|"))
            elif eq and key in ("min", "max") and _INTEGER.match(value):
                kw["minimum" if key == "min" else "maximum"] = int(value)
            else:
                raise BadInput(f"parameter {name!r}: unknown option {opt!r}")
        if type_word.lower() == "enum" and "values" not in kw:
            raise BadInput(f"parameter {name!r}: an enum needs values=a|b|c")
        param = cls(name, ptype, optional, description=description.strip(),
                    prefixes=dict(prefixes or {}), **kw)
        try:  # a bad default or enumeration fails at load time, not at use
            for v in (*param.values, *([param.default] if param.default is not None else [])):
                param._convert(v)
                param.to_term(v)
        except InvalidParameter as err:
            raise BadInput(err.message) from None
        return param

    def to_term(self, raw: Any) -> Identifier:
        """Convert a raw value (text or JSON scalar) to an RDF term, or raise InvalidParameter."""
        text = raw if isinstance(raw, str) else _scalar_text(self, raw)
        if not text.isascii():  # JSON can carry lone surrogates ("\ud800"): not Unicode text
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise self._error("valid Unicode text (no lone surrogates)", text) from None
        term = self._convert(text.strip() if self.type != "string" else text)
        if self.values and str(term) not in {str(self._convert(v)) for v in self.values}:
            raise self._error(f"one of {', '.join(self.values)}", text)
        return term

    def _convert(self, text: str) -> Identifier:
        if self.type == "iri":
            m = _PNAME.match(text)
            if m and (m.group(1) or "") in self.prefixes:
                text = self.prefixes[m.group(1) or ""] + m.group(2)
            if not valid_iri(text):
                raise self._error(_EXPECTED["iri"], text)
            return URIRef(text)
        if self.type == "date":
            try:
                if not _DATE.match(text):
                    raise ValueError(text)
                return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)
            except ValueError:
                raise self._error(_EXPECTED["date"], text) from None
        if self.type == "integer":
            if not _INTEGER.match(text):
                raise self._error(_EXPECTED["integer"], text)
            value = int(text)
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                raise self._error(f"an integer between {self.minimum} and {self.maximum}", text)
            return Literal(str(value), datatype=XSD.integer)
        if self.type == "decimal":
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise self._error(_EXPECTED["decimal"], text) from None
            if not number.is_finite() or len(text) > 40:
                raise self._error(_EXPECTED["decimal"], text)
            return Literal(format(number, "f"), datatype=XSD.decimal)
        if len(text) > MAX_STRING or any(ord(c) < 32 and c not in "\t\n" for c in text):
            raise self._error(_EXPECTED["string"], text[:40])
        return Literal(text)

    def _error(self, expected: str, got: str) -> InvalidParameter:
        shown = got if len(got) <= 60 else got[:57] + "..."
        return InvalidParameter(
            f"parameter {self.name!r}: expected {expected}, got {shown!r}",
            parameter=self.name,
            expected=self.type,
        )

    def json_schema(self) -> dict[str, Any]:
        """JSON Schema of the raw value (for the catalogue and OpenAPI)."""
        schema: dict[str, Any] = dict(_JSON_TYPES[self.type])
        if self.values:
            schema["enum"] = list(self.values)
        if self.default is not None:
            schema["default"] = self.default
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        if self.description:
            schema["description"] = self.description
        return schema

    def describe(self) -> dict[str, Any]:
        """The catalogue entry of this parameter (``type`` is one of iri, date, integer,
        decimal, string; ``schema`` is its JSON Schema)."""
        return {
            "name": self.name,
            "type": self.type,
            "required": not self.optional and self.default is None,
            "optional": self.optional or self.default is not None,
            "default": self.default,
            "values": list(self.values),
            "description": self.description,
            "schema": self.json_schema(),
        }


def _scalar_text(param: Param, raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        raise param._error(_EXPECTED[param.type], repr(raw)[:60])
    if param.type == "integer" and isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)
