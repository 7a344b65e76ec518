"""Counting what a SPARQL engine recurses on, from tokens, before any engine parses the text.

Bracket depth alone does not bound the engine: flat chains build deep trees too. pyoxigraph
0.5.13 segfaults (measured in a process's main thread) on ~3,000 ``BIND``s, ``MINUS`` or
``(1 AS ?v)`` in sequence, ~6,000 ``UNION`` branches, ``OPTIONAL``s or ``+`` terms, ~12,000
``!``, ``&&``, ``FILTER``s or path alternatives, ~16,000 triple patterns; and a sequence path
``<p>/<p>/...`` costs cubic time (200 steps 0.5 s, 400 steps 6 s, 800 steps 57 s). Four
counts, each with its own limit (see ``ipas.settings`` and docs/sparql.md):

* ``operators``: expression operators (``! && || = != < > <= >= + - * /``);
* ``path_steps``: ``/ | ^`` inside a triple pattern's predicate (property path steps);
* ``patterns``: group patterns and the clauses that nest them (``{``, ``UNION``,
  ``OPTIONAL``, ``MINUS``, ``BIND``, ``FILTER``, ``GRAPH``, ``VALUES``, ``SERVICE``,
  ``EXISTS``, ``AS``);
* ``triples``: triple patterns (their separators ``. ; ,`` inside ``{ }`` or ``[ ]``).

``INSERT DATA`` / ``DELETE DATA`` blocks are plain quads (no patterns), counted by none of
these. The counts over-count rather than under-count when the tokens are ambiguous (a ``/``
in a sub-select's projection may count as a path step).

>>> c = count("SELECT ?o { ?s <p>/<q> ?o . FILTER(!(?o > 1 && ?o < 5)) }")
>>> (c.operators, c.path_steps, c.patterns, c.triples)
(4, 1, 2, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ipas.query.tokens import Kind, Token

_OPERATOR_CHARS = frozenset("!&|=<>+-*/^")
_PATH_CHARS = frozenset("/|^")
_PATTERN_WORDS = frozenset(
    {"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "GRAPH", "VALUES", "SERVICE", "EXISTS",
     "AS"}
)
_TRIPLE_SEPARATORS = frozenset(".;,")
_DATA_WORDS = frozenset({"INSERT", "DELETE"})


@dataclass
class Counts:
    """What :func:`count` found."""

    operators: int = 0
    path_steps: int = 0
    patterns: int = 0
    triples: int = 0


def count(tokens_or_text: Sequence[Token] | str) -> Counts:
    """The four counts of a query or update (tokens from :func:`ipas.query.tokens.tokenize`).

    >>> count("SELECT * {" + "UNION".join(["{}"] * 3) + "}").patterns
    6
    >>> count("INSERT DATA { <a> <b> 1, 2 ; <c> 3 . <d> <e> 4 }").triples
    0
    """
    if isinstance(tokens_or_text, str):
        from ipas.query.tokens import tokenize

        tokens: Sequence[Token] = list(tokenize(tokens_or_text))
    else:
        tokens = tokens_or_text
    out = Counts()
    # Each open bracket: its character and whether it opens an expression (operators) rather
    # than a path group or collection.
    stack: list[tuple[str, bool]] = []
    data_depth: int | None = None  # the stack depth of an open INSERT/DELETE DATA block
    previous: Token | None = None
    skip = False
    for i, token in enumerate(tokens):
        if skip:  # the second character of a two-character operator
            skip = False
            previous = token
            continue
        in_data = data_depth is not None and len(stack) > data_depth
        value = token.value
        if token.kind is Kind.WORD:
            upper = token.upper
            if upper == "DATA" and previous is not None and previous.upper in _DATA_WORDS:
                data_depth = len(stack)
            elif upper in _PATTERN_WORDS and not in_data:
                out.patterns += 1
        elif token.kind is Kind.PUNCT:
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            pair = following is not None and following.kind is Kind.PUNCT and (
                following.offset == token.offset + 1
            ) and value + following.value in ("&&", "||", "!=", "<=", ">=", "^^")
            if value in "({[":
                stack.append((value, _opens_expression(value, stack, previous)))
                if value == "{" and not in_data:
                    out.patterns += 1
            elif value in ")}]":
                if stack:
                    stack.pop()
                if data_depth is not None and len(stack) <= data_depth:
                    data_depth = None
            elif in_data:
                pass
            elif value in _TRIPLE_SEPARATORS:
                if stack and stack[-1][0] in "{[":
                    out.triples += 1
            elif value in _OPERATOR_CHARS:
                if pair and value + following.value == "^^":  # type: ignore[union-attr]
                    skip = True  # a literal's datatype
                elif value in _PATH_CHARS and not pair and not _in_expression(stack):
                    out.path_steps += 1
                else:
                    out.operators += 1
                    skip = pair
        previous = token
    return out


def _in_expression(stack: list[tuple[str, bool]]) -> bool:
    """Inside an expression: the innermost bracket is one, or nothing is open (a projection,
    GROUP BY, HAVING, ORDER BY after the WHERE group)."""
    return not stack or stack[-1][1]


def _opens_expression(bracket: str, stack: list[tuple[str, bool]],
                      previous: Token | None) -> bool:
    """Whether a ``(`` opens an expression: inside one, outside every group, or after a
    keyword or function name (``FILTER(``, ``BIND(``, ``ex:f(``)."""
    if bracket != "(":
        return False
    if _in_expression(stack):
        return True
    return previous is not None and previous.kind is Kind.WORD
