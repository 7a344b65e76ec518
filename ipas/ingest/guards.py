"""Refusing dangerous RDF before any parser sees it.

* RDF/XML with a ``DOCTYPE`` or ``ENTITY`` declaration: a 732-byte billion-laughs document
  exhausts memory in both rdflib and the Oxigraph parser, and external entities read files.
* JSON-LD whose ``@context`` (or ``@import``) is anything but inline: a remote context is an
  outbound request made on the sender's behalf.
* Turtle, TriG and JSON-LD nested deeper than :data:`MAX_NESTING` (blank nodes, collections,
  JSON objects and arrays): real data nests a few levels; thousands of levels crash recursive
  readers downstream (``json.loads``, rdflib serializers) with RecursionError.
* Terms (literals, IRIs) longer than :data:`MAX_TERM_BYTES`, lines of N-Triples / N-Quads
  longer than that, and RDF collections of more than :data:`MAX_LIST_ITEMS` items: 413. The
  engine's parser stops at 16 MiB per token with a MemoryError (a 500 before);
  :func:`term_too_large` turns what still reaches it (RDF/XML text) into the same 413.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ipas.errors import BadInput, LimitExceeded, Refused

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 20
MAX_NESTING = 100
#: The longest literal or IRI accepted (the engine's parser fails at 16 MiB per token).
MAX_TERM_BYTES = 4 * 1024 * 1024
#: The most items of one RDF collection ``( ... )``.
MAX_LIST_ITEMS = 10_000
_INNERMOST_LIST = re.compile(rb"\(([^()]*)\)")
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


def refuse_oversized(path: Path, *, json_syntax: bool) -> None:
    """Refuse a Turtle/TriG (or JSON-LD) file with a term over :data:`MAX_TERM_BYTES` or a
    collection of more than :data:`MAX_LIST_ITEMS` items (413, naming the limit and line).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "list.ttl"
    >>> _ = p.write_text("<urn:s> <urn:p> (" + " 1" * (MAX_LIST_ITEMS + 1) + ") .")
    >>> refuse_oversized(p, json_syntax=False)
    Traceback (most recent call last):
    ...
    ipas.errors.LimitExceeded: an RDF collection of 10001 items at line 1; the limit is 10000 \
items (MAX_LIST_ITEMS)
    """
    data = path.read_bytes()
    noise = _JSON_NOISE if json_syntax else _TURTLE_NOISE
    for match in noise.finditer(data):
        if match.end() - match.start() > MAX_TERM_BYTES and data[match.start()] != ord("#"):
            line = data.count(b"\n", 0, match.start()) + 1
            raise _too_large(path.name, match.end() - match.start(), line)
    if json_syntax:
        return
    tokens = noise.sub(b" x ", data)  # each string or IRI one token, comments gone
    for match in _INNERMOST_LIST.finditer(tokens):
        items = len(match.group(1).split())
        if items > MAX_LIST_ITEMS:
            line = tokens.count(b"\n", 0, match.start()) + 1
            raise LimitExceeded(
                f"an RDF collection of {items} items at line {line}; the limit is "
                f"{MAX_LIST_ITEMS} items (MAX_LIST_ITEMS)", source=path.name,
                limit="max_list_items", limit_value=MAX_LIST_ITEMS)


def refuse_long_lines(path: Path, separator: bytes = b"\n") -> None:
    """Refuse an N-Triples / N-Quads file with a line over :data:`MAX_TERM_BYTES` (read in
    chunks: a line holds one statement, so no term of it can be longer). With ``separator``
    ``<``: RDF/XML whose text between two tags is longer (the store cannot load that term).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.nt"
    >>> _ = p.write_bytes(b'<urn:s> <urn:p> "' + b"a" * MAX_TERM_BYTES + b'" .\\n')
    >>> refuse_long_lines(p)
    Traceback (most recent call last):
    ...
    ipas.errors.LimitExceeded: a term (literal or IRI) of 4194324 bytes at line 1; the limit \
is 4194304 bytes (MAX_TERM_BYTES)
    """
    line, current = 1, 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            parts = chunk.split(separator)
            current += len(parts[0])
            longest = max(current, max(map(len, parts[1:-1]), default=0))
            if longest > MAX_TERM_BYTES:
                raise _too_large(path.name, longest, line)
            if len(parts) > 1:
                line += chunk.count(b"\n") if separator != b"\n" else len(parts) - 1
                current = len(parts[-1])
            elif separator != b"\n":
                line += chunk.count(b"\n")


def term_too_large(source: str) -> LimitExceeded:
    """What the engine parser's MemoryError ("Reached the buffer maximal size") means."""
    return LimitExceeded(
        f"a term (literal or IRI) is longer than the parser accepts; the limit is "
        f"{MAX_TERM_BYTES} bytes (MAX_TERM_BYTES)", source=source,
        limit="max_term_bytes", limit_value=MAX_TERM_BYTES)


def _too_large(source: str, size: int, line: int) -> LimitExceeded:
    return LimitExceeded(
        f"a term (literal or IRI) of {size} bytes at line {line}; the limit is "
        f"{MAX_TERM_BYTES} bytes (MAX_TERM_BYTES)", source=source, line=line,
        limit="max_term_bytes", limit_value=MAX_TERM_BYTES)
