"""SPARQL text as tokens, so that keywords and variables inside strings, IRIs and comments
are never matched. Used where query text is checked or rewritten without a full parse."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Token kinds: comments, strings (long first), IRIs, variables, and everything else word by word.
_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                  |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)
      | (?P<word>[A-Za-z_][\w\-.]*(?::[\w\-.%:]*)?|:[\w\-.%:]*)
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


def tokens(text: str) -> Iterator[Token]:
    """The non-space tokens of ``text``.

    >>> [(t.kind, t.text) for t in tokens('SELECT ?s FROM <urn:a> { ?s ?p "FROM" } # ?x')]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('word', 'SELECT'), ('var', '?s'), ('word', 'FROM'), ('iri', '<urn:a>'), ('other', '{'),
     ('var', '?s'), ('var', '?p'), ('string', '"FROM"'), ('other', '}'), ('comment', '# ?x')]
    """
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind != "space":
            yield Token(kind, m.group(), m.start(), m.end())
