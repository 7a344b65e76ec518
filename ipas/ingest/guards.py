"""Refusing dangerous RDF before any parser sees it.

* RDF/XML with a ``DOCTYPE`` or ``ENTITY`` declaration: a 732-byte billion-laughs document
  exhausts memory in both rdflib and the Oxigraph parser, and external entities read files.
* JSON-LD whose ``@context`` (or ``@import``) is anything but inline: a remote context is an
  outbound request made on the sender's behalf.
* Turtle, TriG and JSON-LD nested deeper than :data:`MAX_NESTING` (blank nodes, collections,
  JSON objects and arrays): real data nests a few levels; thousands of levels crash recursive
  readers downstream (``json.loads``, rdflib serializers) with RecursionError.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ipas.errors import BadInput, Refused

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 20
MAX_NESTING = 100
# Strings, IRIs and comments hide brackets; they are cut out before brackets are counted.
_TURTLE_NOISE = re.compile(
    rb'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    rb'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^>\s]*>|#[^\n]*'
)
_JSON_NOISE = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[](){}")


def refuse_deep_nesting(path: Path, *, json_syntax: bool) -> None:
    """Refuse a Turtle/TriG (or, with ``json_syntax``, JSON-LD) file nested too deeply.

    Brackets are kept (strings, IRIs and comments cut out, at C speed), then innermost pairs
    are removed level by level: what still pairs up after :data:`MAX_NESTING` rounds is too
    deep. Unbalanced leftovers are the parser's to report.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "deep.ttl"
    >>> _ = p.write_text("<urn:s> <urn:p> " + "[ <urn:p> " * 101 + "1" + " ]" * 101 + " .")
    >>> refuse_deep_nesting(p, json_syntax=False)
    Traceback (most recent call last):
    ...
    ipas.errors.Refused: deep.ttl: nested deeper than 100 levels
    >>> _ = p.write_text('<urn:s> <urn:p> "[[[[", <urn:o#[[[> . # ((((')
    >>> refuse_deep_nesting(p, json_syntax=False)
    """
    data = path.read_bytes()
    noise = _JSON_NOISE if json_syntax else _TURTLE_NOISE
    brackets = noise.sub(b"", data).translate(None, _NOT_BRACKETS)
    pairs = (b"[]", b"{}") if json_syntax else (b"[]", b"()")
    for _ in range(MAX_NESTING):
        before = len(brackets)
        for pair in pairs:
            brackets = brackets.replace(pair, b"")
        if not brackets or len(brackets) == before:
            return
    if any(pair in brackets for pair in pairs):
        raise Refused(f"nested deeper than {MAX_NESTING} levels", source=path.name)


def refuse_xml_declarations(path: Path) -> None:
    """Refuse an RDF/XML file that declares a DOCTYPE or ENTITY (read in chunks).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.rdf"
    >>> _ = p.write_bytes(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "a">]><r/>')
    >>> refuse_xml_declarations(p)
    Traceback (most recent call last):
    ...
    ipas.errors.Refused: x.rdf:1: XML DOCTYPE and ENTITY declarations are refused
    """
    line, tail = 1, b""
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            found = _DECLARATION.search(window)
            if found:
                at = line + window[: found.start()].count(b"\n") - tail.count(b"\n")
                raise Refused(
                    "XML DOCTYPE and ENTITY declarations are refused", source=path.name, line=at
                )
            line += chunk.count(b"\n")
            tail = chunk[-16:]


def _walk_contexts(node: Any, where: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                _check_context(value, where)
            _walk_contexts(value, where)
    elif isinstance(node, list):
        for item in node:
            _walk_contexts(item, where)


def _check_context(value: Any, where: str) -> None:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            raise Refused(
                f"remote JSON-LD context {item[:200]!r} is refused; inline the context",
                source=where,
            )
        if item is not None and not isinstance(item, dict):
            raise BadInput("a JSON-LD @context must be an object", source=where)


def refuse_remote_contexts(path: Path) -> None:
    """Refuse JSON-LD with any non-inline ``@context`` or ``@import``.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.jsonld"
    >>> _ = p.write_text('{"@context": "https://schema.org/", "@id": "urn:a"}')
    >>> refuse_remote_contexts(p)
    Traceback (most recent call last):
    ...
    ipas.errors.Refused: x.jsonld: remote JSON-LD context 'https://schema.org/' is refused; ...
    """
    try:
        document = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as err:
        line = getattr(err, "lineno", None)
        column = getattr(err, "colno", None)
        raise BadInput(f"not JSON: {getattr(err, 'msg', err)}", source=path.name, line=line,
                       column=column) from None
    _walk_contexts(document, path.name)
