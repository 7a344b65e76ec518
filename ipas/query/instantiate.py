"""A saved query made concrete: parameter values written into its text as constants.

Why constants rather than engine-side bindings: engines plan around constants (Oxigraph walks
a ``p*`` path from a constant start, but evaluates the whole path before joining a bound
variable; Virtuoso refuses ``p*`` with both ends unbound, and inside ``FILTER EXISTS`` ignores
values bound outside), and the same text then runs on every backend.

Rules, checked when the query library loads:

- A parameter ``name`` is the variable ``?_name``. A given value replaces every occurrence with
  the value's N-Triples form (IRIs and literals the parameter's type checked; an engine writes
  them, so no value can leave its slot).
- A ``FILTER`` that mentions an absent optional parameter is removed: write one ``FILTER`` per
  optional parameter (a ``FILTER`` naming two is refused). Elsewhere an absent parameter stays a
  variable, so a triple pattern with it matches anything.
- Parameters are not projected (they are known to the caller).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ipas.errors import BadInput
from ipas.query.tokens import Kind, Token, tokenize


@dataclass(frozen=True)
class FilterSpan:
    """One ``FILTER`` constraint: where it is in the text and the parameters it names."""

    start: int
    end: int
    params: frozenset[str]


def _closing(toks: list[Token], i: int) -> int:
    """Index of the token closing the bracket at ``toks[i]``."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    opening, depth = toks[i].value, 0
    for j in range(i, len(toks)):
        if toks[j].value == opening:
            depth += 1
        elif toks[j].value == pairs[opening]:
            depth -= 1
            if depth == 0:
                return j
    raise BadInput(f"unbalanced {opening!r}", source="query")


def filters(text: str, param_vars: frozenset[str]) -> list[FilterSpan]:
    """Every ``FILTER`` of ``text`` with the parameter variables (``_name``) it mentions.

    >>> text = "{ ?s ?p ?o FILTER(?o > ?_min) FILTER NOT EXISTS { ?s a ?_c } }"
    >>> [(text[f.start:f.end], sorted(f.params)) for f in filters(text, frozenset({"_min", "_c"}))]
    [('FILTER(?o > ?_min)', ['_min']), ('FILTER NOT EXISTS { ?s a ?_c }', ['_c'])]
    """
    toks = list(tokenize(text))
    spans: list[FilterSpan] = []
    for i, tok in enumerate(toks):
        if tok.kind is not Kind.WORD or tok.upper != "FILTER":
            continue
        j = i + 1
        while j < len(toks) and toks[j].value not in ("(", "{"):
            j += 1  # NOT EXISTS { }, EXISTS { }, or a function name before its (
        if j == len(toks):
            raise BadInput("a FILTER without a constraint", source="query")
        end = _closing(toks, j)
        names = {t.value[1:] for t in toks[i:end + 1] if t.kind is Kind.VAR} & param_vars
        spans.append(FilterSpan(tok.offset, toks[end].offset + 1, frozenset(names)))
    return spans


def projected(text: str, param_vars: frozenset[str]) -> set[str]:
    """Parameter variables the top-level ``SELECT`` projects (before its first ``WHERE``/``{``).

    >>> sorted(projected("SELECT ?s ?_x (COUNT(?_y) AS ?n) WHERE { }", frozenset({"_x", "_y"})))
    ['_x', '_y']
    """
    out: set[str] = set()
    selecting = False
    for tok in tokenize(text):
        if tok.kind is Kind.WORD and tok.upper == "SELECT":
            selecting = True
        elif selecting and (tok.upper == "WHERE" or tok.value == "{"):
            break
        elif selecting and tok.kind is Kind.VAR and tok.value[1:] in param_vars:
            out.add(tok.value[1:])
    return out


def instantiate(text: str, values: Mapping[str, str], param_vars: frozenset[str]) -> str:
    """``text`` with each given parameter variable replaced by its N-Triples term, and the
    ``FILTER``s that mention an absent one removed.

    >>> instantiate("SELECT ?s { ?s ?p ?_o FILTER(?s != ?_not) } # ?_o",
    ...             {"_o": '"x"'}, frozenset({"_o", "_not"}))
    'SELECT ?s { ?s ?p "x"  } # ?_o'
    """
    absent = param_vars - set(values)
    cuts = [(f.start, f.end, "") for f in filters(text, param_vars) if f.params & absent]
    for tok in tokenize(text):
        if tok.kind is Kind.VAR and tok.value[1:] in values and not any(
                s <= tok.offset < e for s, e, _ in cuts):
            cuts.append((tok.offset, tok.offset + len(tok.value), values[tok.value[1:]]))
    out = text
    for start, end, replacement in sorted(cuts, reverse=True):
        out = out[:start] + replacement + out[end:]
    return out
