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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson

from ipas.errors import BadInput, LimitExceeded, Refused

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 20
MAX_NESTING = 100
#: The longest literal or IRI accepted (the engine's parser fails at 16 MiB per token).
MAX_TERM_BYTES = 4 * 1024 * 1024
#: The most items of one RDF collection ``( ... )``.
MAX_LIST_ITEMS = 10_000
#: The longest line of Turtle, TriG or JSON-LD read (files are checked a window at a time).
MAX_LINE_BYTES = 4 * MAX_TERM_BYTES
_INNERMOST_LIST = re.compile(rb"\(([^()]*)\)")
# Strings, IRIs and comments hide brackets; they are cut out before brackets are counted.
_TURTLE_NOISE = re.compile(
    rb'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    rb'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^>\s]*>|#[^\n]*'
)
_JSON_NOISE = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[](){}")


def _segments(path: Path, noise: re.Pattern[bytes]) -> Iterator[tuple[bytes, int]]:
    """``path`` read a window at a time, as (segment, line of its first byte): each segment
    ends at a line end outside any token, so the checks see whole tokens and memory stays
    bounded by the window (or by the longest line or long string, which the term limit
    bounds). Only Turtle's long strings (triple quotes) span lines."""
    line, carry = 1, b""
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = carry + chunk
            if not chunk:
                if data:
                    yield data, line
                return
            cut, string_at = _safe_cut(data, noise)
            if string_at is not None and len(data) - string_at > MAX_TERM_BYTES \
                    and not _long_string_ends(data, string_at, noise):
                raise _too_large(path.name, len(data) - string_at,
                                 line + data.count(b"\n", 0, string_at))
            if cut > 0:
                yield data[:cut], line
                line += data.count(b"\n", 0, cut)
            carry = data[cut:]
            if len(carry) > MAX_TERM_BYTES:  # a line this long so far: a term too long in it?
                _refuse_open_term(carry, noise, path.name, line)
            if len(carry) > MAX_LINE_BYTES:
                raise LimitExceeded(
                    f"line {line} is longer than {MAX_LINE_BYTES} bytes (MAX_LINE_BYTES): "
                    "break the file into lines", source=path.name, line=line,
                    limit="max_line_bytes", limit_value=MAX_LINE_BYTES)


_LONG_QUOTES = (b'"""', b"'''")
_TOKEN_START = re.compile(rb"[\"'<]")


def _refuse_open_term(line_part: bytes, noise: re.Pattern[bytes], source: str,
                      line: int) -> None:
    """A 413 for a term over the limit in the unfinished line ``line_part``, closed or not."""
    end = 0
    for match in noise.finditer(line_part):
        if match.end() - match.start() > MAX_TERM_BYTES and line_part[match.start()] != ord("#"):
            raise _too_large(source, match.end() - match.start(), line)
        end = match.end()
    opened = _TOKEN_START.search(line_part, end)  # a token still open at the window's end
    if opened is not None and len(line_part) - opened.start() > MAX_TERM_BYTES:
        raise _too_large(source, len(line_part) - opened.start(), line)


def _safe_cut(data: bytes, noise: re.Pattern[bytes]) -> tuple[int, int | None]:
    """The end of the last whole line of ``data`` that no long string crosses (0: none), and
    where an unterminated long string starts, if one does."""
    cut = data.rfind(b"\n") + 1
    if not any(quotes in data for quotes in _LONG_QUOTES):
        return cut, None
    for match in noise.finditer(data, 0, cut):  # where does a long string cross the cut?
        if data[match.start():match.start() + 3] in _LONG_QUOTES \
                and not _long_string_ends(data[:cut], match.start(), noise):
            return data.rfind(b"\n", 0, match.start()) + 1, match.start()
    return cut, None


def _long_string_ends(data: bytes, start: int, noise: re.Pattern[bytes]) -> bool:
    """Whether the long string opened at ``start`` closes within ``data``."""
    match = noise.match(data, start)
    opener = data[start:start + 3]
    return match is not None and match.end() - start >= 6 \
        and data.endswith(opener, 0, match.end())


class _Nesting:
    """Bracket pairs as a stack: a pair's height is one more than the highest pair closed
    inside it; a closer that pairs with nothing stays, as a barrier (the parser reports it)."""

    def __init__(self, pairs: tuple[bytes, ...], where: str) -> None:
        self.closes = {p[1]: p[0] for p in pairs}
        self.stack: list[list[int]] = []  # [bracket, highest pair closed inside]
        self.where = where

    def feed(self, brackets: bytes) -> None:
        stack = self.stack
        for byte in brackets:
            opener = self.closes.get(byte)
            if opener is None or not stack or stack[-1][0] != opener:
                stack.append([byte, 0])
                continue
            height = stack.pop()[1] + 1
            if height > MAX_NESTING:
                raise Refused(f"nested deeper than {MAX_NESTING} levels", source=self.where)
            if stack and stack[-1][1] < height:
                stack[-1][1] = height


def refuse_deep_nesting(path: Path, *, json_syntax: bool) -> None:
    """Refuse a Turtle/TriG (or, with ``json_syntax``, JSON-LD) file nested too deeply.

    Brackets are kept (strings, IRIs and comments cut out, at C speed), window by window, and
    paired on a stack: a pair with more than :data:`MAX_NESTING` levels inside is too deep.
    Unbalanced leftovers are the parser's to report.

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
    noise = _JSON_NOISE if json_syntax else _TURTLE_NOISE
    nesting = _Nesting((b"[]", b"{}") if json_syntax else (b"[]", b"()"), path.name)
    for segment, _ in _segments(path, noise):
        nesting.feed(noise.sub(b"", segment).translate(None, _NOT_BRACKETS))


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

    The document streams through a JSON tokenizer (``ijson``, :data:`_CHUNK` bytes at a
    time), so a large file is never held whole for this check. Only a document the tokenizer
    rejects is read whole, by ``json``, for the exact line and column of its error (and the
    extensions ``json`` accepts, ``NaN`` or an escaped lone surrogate, then checked as before).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.jsonld"
    >>> _ = p.write_text('{"@context": "https://schema.org/", "@id": "urn:a"}')
    >>> refuse_remote_contexts(p)
    Traceback (most recent call last):
    ...
    ipas.errors.Refused: x.jsonld: remote JSON-LD context 'https://schema.org/' is refused; ...
    >>> _ = p.write_text('[{"@context": [{"ex": "urn:ex:"}, null], "@id": "urn:a"}]')
    >>> refuse_remote_contexts(p)
    """
    try:
        with path.open("rb") as stream:
            _scan_contexts(ijson.parse(stream, buf_size=_CHUNK), path.name)
        return
    except (ijson.JSONError, ValueError):  # UnicodeDecodeError: a lone surrogate's escape
        pass
    try:
        document = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as err:
        line = getattr(err, "lineno", None)
        column = getattr(err, "colno", None)
        raise BadInput(f"not JSON: {getattr(err, 'msg', err)}", source=path.name, line=line,
                       column=column) from None
    _walk_contexts(document, path.name)


_SCALARS = {"null": None, "boolean": True, "integer": 0, "double": 0.0, "number": 0}


def _scan_contexts(events: Iterator[tuple[str, str, Any]], where: str) -> None:
    """:func:`_walk_contexts` over a stream of ``ijson`` events: every value of an
    ``@context`` / ``@import`` key, and every item of such a value that is an array, is
    judged by :func:`_check_context` as it comes (objects, arrays and the rest by their kind)."""
    depth = 0
    expecting = False  # the next value is a context (it follows an @context key)
    arrays: list[int] = []  # depths of the open arrays whose items are contexts
    for _, event, value in events:
        if expecting or (arrays and depth == arrays[-1] and event != "end_array"):
            if expecting and event == "start_array":
                expecting = False
                depth += 1
                arrays.append(depth)
                continue
            expecting = False
            if event == "string":
                _check_context(value, where)
            elif event in _SCALARS:
                _check_context(_SCALARS[event], where)
            elif event == "start_array":  # an array inside a context array
                _check_context([[]], where)
        if event == "map_key" and value in ("@context", "@import"):
            expecting = True
        elif event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            if arrays and arrays[-1] == depth and event == "end_array":
                arrays.pop()
            depth -= 1


def refuse_oversized(path: Path, *, json_syntax: bool) -> None:
    """Refuse a Turtle/TriG (or JSON-LD) file with a term over :data:`MAX_TERM_BYTES` or a
    collection of more than :data:`MAX_LIST_ITEMS` items (413, naming the limit and line).
    Read a window at a time; a collection may span windows (its count is carried).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "list.ttl"
    >>> _ = p.write_text("<urn:s> <urn:p> (" + " 1" * (MAX_LIST_ITEMS + 1) + ") .")
    >>> refuse_oversized(p, json_syntax=False)
    Traceback (most recent call last):
    ...
    ipas.errors.LimitExceeded: an RDF collection of 10001 items at line 1; the limit is 10000 \
items (MAX_LIST_ITEMS)
    """
    noise = _JSON_NOISE if json_syntax else _TURTLE_NOISE
    open_list: tuple[int, int] | None = None  # (items so far, line) of a collection still open
    for segment, first_line in _segments(path, noise):
        for match in noise.finditer(segment):
            if match.end() - match.start() > MAX_TERM_BYTES and segment[match.start()] != ord("#"):
                line = first_line + segment.count(b"\n", 0, match.start())
                raise _too_large(path.name, match.end() - match.start(), line)
        if json_syntax:
            continue
        tokens = noise.sub(b" x ", segment)  # each string or IRI one token, comments gone
        open_list = _count_lists(tokens, first_line, open_list, path.name)


def _count_lists(tokens: bytes, first_line: int, open_list: tuple[int, int] | None,
                 source: str) -> tuple[int, int] | None:
    """Check the innermost collections of one segment, the one left open before it included;
    return the innermost collection still open at its end (None when there is none)."""
    first = min((i for i in (tokens.find(b"("), tokens.find(b")")) if i >= 0), default=-1)
    if open_list is not None:
        items, line = open_list
        head = tokens if first < 0 else tokens[:first]
        items += len(head.split())
        if first < 0:
            return items, line
        if tokens[first] == ord(")"):
            _check_items(items, line, source)
        # Else a nested collection opens: the open one is not innermost, not counted.
    for match in _INNERMOST_LIST.finditer(tokens):
        _check_items(len(match.group(1).split()), first_line
                     + tokens.count(b"\n", 0, match.start()), source)
    last = max(tokens.rfind(b"("), tokens.rfind(b")"))
    if last < 0 or tokens[last] == ord(")"):
        return None
    return len(tokens[last + 1:].split()), first_line + tokens.count(b"\n", 0, last)


def _check_items(items: int, line: int, source: str) -> None:
    if items > MAX_LIST_ITEMS:
        raise LimitExceeded(
            f"an RDF collection of {items} items at line {line}; the limit is "
            f"{MAX_LIST_ITEMS} items (MAX_LIST_ITEMS)", source=source,
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
