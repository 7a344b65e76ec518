"""Traps a query falls into when the store holds materialized inferences, found from its text.

Ingest writes each batch's OWL RL consequences beside it (superclasses and aligned classes,
super-properties, inverses, symmetric and transitive closures; see docs/ontology.md). A query
written as if only asserted triples existed then repeats rows. The registry runs :func:`lint`
on every saved query when it loads (a trap fails the load, naming file and line):

* ``type-column``: a variable type (``?x a ?type``) projected as a column, or grouped on,
  without a most-specific guard: one row per inferred superclass. Guard it with
  ``FILTER NOT EXISTS { ?x a ?sub . ?sub rdfs:subClassOf ?type FILTER(?sub != ?type) }``
  (one step is enough when the types are materialized, and Virtuoso 7.2 ignores a
  ``subClassOf+`` there), or name the class.
* ``type-rows``: a variable type matched in a query with neither ``DISTINCT`` nor
  ``GROUP BY`` (and no guard): each row repeats once per type.
* ``inverse-path``: ``p|^q`` where ``q`` is ``p``'s inverse (or ``p|^p`` for a symmetric
  ``p``), in a query that neither collapses duplicate rows (``DISTINCT``, ``GROUP BY``) nor
  only filters with it (``EXISTS``, ``MINUS``, ``(p|^q)*``), or that adds duplicates up
  (``COUNT``, ``SUM``, ``AVG``, ``GROUP_CONCAT`` without ``DISTINCT``): with the inverse
  materialized every match is found twice. Put the two sides in a ``SELECT DISTINCT``
  subquery (the same answer with and without inference).

It is a linter, not a parser: it reads tokens (:mod:`ipas.query.tokens`), so it finds the
common forms, and every saved query is also run on the demo in both modes by the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ipas.query.tokens import Kind, Token, line_column, tokenize

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
OWL = "http://www.w3.org/2002/07/owl#"


@dataclass(frozen=True)
class Trap:
    """One trap: its rule, a message for the query's author, and where it is."""

    rule: str
    message: str
    line: int


@lru_cache(maxsize=4)
def inverse_pairs(ontology_dir: Path) -> frozenset[tuple[str, str]]:
    """``(p, q)`` for every ``owl:inverseOf`` (both ways) and ``(p, p)`` for every symmetric
    property declared in the ontology modules under ``ontology_dir``.

    >>> from ipas.ontology.files import ONTOLOGY_DIR
    >>> ipas = "https://w3id.org/ipas/ontology#"
    >>> (ipas + "supportedBy", ipas + "supports") in inverse_pairs(ONTOLOGY_DIR)
    True
    """
    from ipas.ontology.files import module_files

    store = ox.Store()
    for path in module_files(ontology_dir):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    rows = store.query(
        f"SELECT ?p ?q WHERE {{ {{ ?p <{OWL}inverseOf> ?q }} UNION {{ ?q <{OWL}inverseOf> ?p }}"
        f" UNION {{ ?p a <{OWL}SymmetricProperty> BIND(?p AS ?q) }} FILTER(isIRI(?p)) }}")
    assert isinstance(rows, ox.QuerySolutions)
    return frozenset((str(r["p"].value), str(r["q"].value)) for r in rows)


def _iri(tok: Token, prefixes: Mapping[str, str]) -> str | None:
    if tok.kind is Kind.IRI:
        return tok.value
    if tok.kind is Kind.PNAME:
        prefix, _, local = tok.value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else None
    if tok.kind is Kind.WORD and tok.value == "a":
        return RDF_TYPE
    return None


def _groups(toks: list[Token], *, negated_only: bool) -> list[tuple[int, int]]:
    """Token index ranges of the ``{...}`` groups opened by ``NOT EXISTS`` or ``MINUS`` (and
    by ``EXISTS`` too unless ``negated_only``): patterns that filter rows, never add any."""
    spans = []
    for i, tok in enumerate(toks):
        negated = tok.upper == "EXISTS" and i > 0 and toks[i - 1].upper == "NOT"
        opens = negated or tok.upper == "MINUS" or (tok.upper == "EXISTS" and not negated_only)
        if tok.kind is not Kind.WORD or not opens:
            continue
        j = i + 1
        while j < len(toks) and toks[j].value != "{":
            j += 1
        depth = 0
        for k in range(j, len(toks)):
            depth += {"{": 1, "}": -1}.get(toks[k].value, 0)
            if depth == 0:
                spans.append((j, k))
                break
    return spans


def _closure(toks: list[Token], i: int) -> bool:
    """True when the ``|`` at ``toks[i]`` is inside a parenthesized path ending in ``*``/``+``."""
    depth = 0
    for j in range(i + 1, len(toks)):
        if toks[j].value == "(":
            depth += 1
        elif toks[j].value == ")":
            if depth == 0:
                return j + 1 < len(toks) and toks[j + 1].value in ("*", "+")
            depth -= 1
        elif toks[j].value in (".", ";", "{", "}", ","):
            return False
    return False


def _selected(toks: list[Token]) -> set[str]:
    """Variables named in any SELECT clause (top level or subquery) or GROUP BY."""
    out: set[str] = set()
    selecting = False
    for tok in toks:
        if tok.kind is Kind.WORD and tok.upper in ("SELECT", "GROUP"):
            selecting = True
        elif selecting and (tok.upper in ("WHERE", "HAVING", "ORDER", "LIMIT", "OFFSET")
                            or tok.value in ("{", "}")):
            selecting = False
        elif selecting and tok.kind is Kind.VAR:
            out.add(tok.value[1:])
    return out


def lint(text: str, prefixes: Mapping[str, str],
         inverses: frozenset[tuple[str, str]] = frozenset()) -> list[Trap]:
    """The traps in ``text`` (see the module docstring), in text order.

    >>> p = {"ipas": "https://w3id.org/ipas/ontology#"}
    >>> [t.rule for t in lint("SELECT ?x ?t WHERE { ?x a ?t }", p)]
    ['type-column']
    >>> guarded = ("SELECT ?x ?t WHERE { ?x a ?t FILTER NOT EXISTS { ?x a ?s . "
    ...            "?s <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?t } }")
    >>> lint(guarded, p), lint("SELECT DISTINCT ?x WHERE { ?x a ?t }", p)
    ([], [])
    >>> pair = frozenset({(p["ipas"] + "supportedBy", p["ipas"] + "supports")})
    >>> [t.rule for t in lint("SELECT ?r { ?l ipas:supportedBy|^ipas:supports ?r }", p, pair)]
    ['inverse-path']
    """
    toks = list(tokenize(text))
    traps: list[Trap] = []

    def trap(rule: str, at: Token, message: str) -> None:
        traps.append(Trap(rule, message, line_column(text, at.offset)[0]))

    guards = _groups(toks, negated_only=True)
    filtering = _groups(toks, negated_only=False)
    selected = _selected(toks)
    deduplicated = any(t.kind is Kind.WORD and t.upper in ("DISTINCT", "GROUP") for t in toks)
    # COUNT(?x), SUM(...), GROUP_CONCAT(...) without DISTINCT add up every duplicate.
    multiplying = any(
        t.kind is Kind.WORD and t.upper in ("COUNT", "SUM", "AVG", "GROUP_CONCAT")
        and toks[k + 1].value == "(" and toks[k + 2].upper != "DISTINCT"
        for k, t in enumerate(toks[:-2]))
    for i, tok in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        if (_iri(tok, prefixes) == RDF_TYPE and nxt.kind is Kind.VAR
                and not any(s <= i <= e for s, e in filtering)):
            var = nxt.value
            guarded = any(
                any(_iri(t, prefixes) == SUBCLASS_OF for t in toks[s:e])
                and any(t.kind is Kind.VAR and t.value == var for t in toks[s:e])
                for s, e in guards if not s <= i <= e)
            if guarded:
                continue
            if var[1:] in selected:
                trap("type-column", nxt,
                     f"{var} is a variable type projected or grouped on: with inferred "
                     f"superclasses it gives one row per type. Keep the most specific one: "
                     f"FILTER NOT EXISTS {{ ?x a ?sub . ?sub rdfs:subClassOf {var} "
                     f"FILTER(?sub != {var}) }}")
            elif not deduplicated:
                trap("type-rows", nxt,
                     f"{var} is a variable type in a query with neither DISTINCT nor GROUP BY:"
                     " each row repeats once per inferred superclass")
        if tok.value == "|" and 0 < i:
            left, right = toks[i - 1], toks[i + 1:i + 3]
            before = toks[i - 2] if i >= 2 else None
            if len(right) == 2 and right[0].value == "^":
                p, q = _iri(left, prefixes), _iri(right[1], prefixes)
            elif before is not None and before.value == "^":
                p, q = _iri(nxt, prefixes), _iri(left, prefixes)
            else:
                continue
            if _closure(toks, i) or any(s <= i <= e for s, e in filtering):
                continue  # (p|^q)* is a set, and a FILTER EXISTS or MINUS adds no rows
            if deduplicated and not multiplying:
                continue  # rows found twice collapse
            if p is not None and q is not None and (p, q) in inverses:
                trap("inverse-path", tok,
                     f"<{p}>|^<{q}>: the inverse is materialized, so every match is found "
                     "twice. Read the one property under 'inference: all', or put both sides "
                     "in a SELECT DISTINCT subquery")
    return traps
