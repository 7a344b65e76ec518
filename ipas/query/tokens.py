"""A small SPARQL tokenizer for policy checks: it knows strings, IRIs and comments, nothing more.

It is not a parser. It exists so that the guard can look at keywords, graph names and nesting
depth *before* any engine sees the text, and can tell ``SERVICE`` the keyword from
``"SERVICE"`` in a literal, ``<urn:SERVICE>`` in an IRI, ``ex:service`` or ``?service``.
Anything it cannot classify becomes a one-character token, so a malformed string or IRI makes
the rest of the text look *more* like code, never less.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    WORD = "word"  # keywords, 'a', true/false, function names
    IRI = "iri"  # <...>, value without the brackets
    PNAME = "pname"  # prefix:local, value as written
    VAR = "var"
    STRING = "string"
    NUMBER = "number"
    BNODE = "bnode"
    LANG = "lang"
    PUNCT = "punct"  # one character


@dataclass(frozen=True)
class Token:
    kind: Kind
    value: str
    offset: int

    @property
    def upper(self) -> str:
        return self.value.upper()


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_escapes(text: str) -> str:
    r"""Apply SPARQL's codepoint escapes (``\uXXXX``, ``\UXXXXXXXX``) as the spec does, before
    tokenizing, so an escape cannot smuggle a quote, bracket or keyword past the checks.

    >>> decode_escapes(r'"a\u0022 SERVICE')
    '"a" SERVICE'
    """

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(replace, text)


_NAME_START = r"A-Za-z\u00C0-\U000EFFFF"
_NAME_CHAR = _NAME_START + r"0-9_\-\u00B7"
_SIMPLE = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][{_NAME_CHAR}]+)
  | (?P<bnode>_:[{_NAME_CHAR}.]*[{_NAME_CHAR}])
  | (?P<pname>(?:[{_NAME_START}](?:[{_NAME_CHAR}.]*[{_NAME_CHAR}])?)?:
              (?:[{_NAME_CHAR}:%]|\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[{_NAME_CHAR}:%\\]))*)
  | (?P<word>[{_NAME_START}_][{_NAME_CHAR}]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
    """,
    re.VERBOSE,
)
_STRING_END = {q: re.compile(r"\\.|" + re.escape(q), re.DOTALL) for q in ('"""', "'''")}
_SHORT_END = {q: re.compile(r"\\.|[\n\r]|" + q, re.DOTALL) for q in ('"', "'")}


def _string_end(text: str, start: int) -> int | None:
    """Index just past the string starting at ``start``, or ``None`` if it is unterminated."""
    for quote in ('"""', "'''"):
        if text.startswith(quote, start):
            pattern, pos = _STRING_END[quote], start + 3
            while (m := pattern.search(text, pos)) is not None:
                if m.group(0) == quote:
                    return m.end()
                pos = m.end()
            return None
    quote = text[start]
    pattern, pos = _SHORT_END[quote], start + 1
    while (m := pattern.search(text, pos)) is not None:
        if m.group(0) == quote:
            return m.end()
        if m.group(0) in "\n\r":
            return None
        pos = m.end()
    return None


def tokenize(text: str) -> Iterator[Token]:
    """Tokens of ``text``, skipping white space and comments.

    >>> [(t.kind.value, t.value) for t in tokenize('SELECT * { ?s <urn:x> "SERVICE" }')][:5]
    [('word', 'SELECT'), ('punct', '*'), ('punct', '{'), ('var', '?s'), ('iri', 'urn:x')]
    """
    pos, end = 0, len(text)
    while pos < end:
        char = text[pos]
        if char in "\"'":
            stop = _string_end(text, pos)
            if stop is not None:
                yield Token(Kind.STRING, text[pos:stop], pos)
                pos = stop
                continue
        else:
            m = _SIMPLE.match(text, pos)
            if m is not None and m.end() > pos:
                group = m.lastgroup
                assert group is not None
                if group not in ("ws", "comment"):
                    value = m.group(0)[1:-1] if group == "iri" else m.group(0)
                    yield Token(Kind(group), value, pos)
                pos = m.end()
                continue
        yield Token(Kind.PUNCT, char, pos)
        pos += 1


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``.

    >>> line_column("a\\nbc", 3)
    (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
