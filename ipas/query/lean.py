"""Which queries are *lean*: bounded by their structure, so they may run without a worker.

pyoxigraph can neither time out nor cancel a query, so a query run in the server's own process
must be one that cannot run long: the bound has to be in the text. A query is lean when every
triple pattern is anchored, and nothing in it makes the engine read the store at large:

* a pattern is **anchored** by a constant subject (IRI, prefixed name, literal, or a variable
  the caller binds, such as the REST facade's ``?_id``); by a subject variable already bound
  by an earlier required pattern of its group or of an enclosing one (the engine then looks up
  that node's out-edges); or by a constant object through a constant predicate other than
  ``rdf:type`` (the in-edges of one node by one property). ``?x a ipas:Person`` (every member
  of a class), ``?s ?p <o>`` and ``?x <p> ?y`` with nothing bound are not anchored;
* groups are the query's ``WHERE``, ``OPTIONAL`` (after the patterns that bind it: Oxigraph
  joins it per row), ``GRAPH`` and ``EXISTS`` / ``NOT EXISTS`` inside ``FILTER`` or ``BIND``;
  a variable bound only inside ``OPTIONAL`` or by ``BIND`` anchors nothing after it, and a
  pattern that shares no variable with those already bound (a cartesian product) is refused;
* refused outright: property paths (``/ | ^ * + ?`` and ``!``), ``UNION``, ``MINUS``,
  ``VALUES``, sub-queries, plain nested groups, aggregates, ``GROUP BY`` / ``HAVING``, blank
  node property lists and collections, ``DESCRIBE``, text with ``\\u`` escapes, more than
  :data:`MAX_TRIPLES` triple patterns or :data:`MAX_CHARS` characters. Measured on Oxigraph,
  each of these can start from a scan or a hash join over a whole predicate or the store.

The work of a lean query is then bounded by what the store holds about the nodes it names and
the nodes one required hop away, at most ``MAX_TRIPLES`` hops, and its answer by the row
limit. Everything else (and anything this module is unsure of) runs in a killable worker.

>>> is_lean("SELECT ?p ?o WHERE { <urn:e> ?p ?o }")
True
>>> is_lean("SELECT ?x WHERE { ?x a <urn:Person> }")
False
>>> is_lean("SELECT * { ?_id ?p ?o OPTIONAL { ?o <urn:label> ?l } }", bound={"_id"})
True
>>> is_lean("SELECT * { <urn:e> <urn:p>+ ?o }")
False
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from ipas.query.tokens import Kind, Token, decode_escapes, tokenize

#: Longest text considered (bounds the cost of its expressions per row).
MAX_CHARS = 4_000
#: Most triple patterns in a lean query (each one hop from something bound).
MAX_TRIPLES = 16

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_REFUSED_WORDS = frozenset({
    "UNION", "MINUS", "VALUES", "SERVICE", "GROUP", "HAVING", "DESCRIBE", "LOAD", "COUNT",
    "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT",
})
_PATH = frozenset("*+?^/|")
_CONSTANTS = frozenset({Kind.IRI, Kind.PNAME, Kind.STRING, Kind.NUMBER})


class _NotLean(Exception):
    """Raised anywhere the text leaves what this module can bound."""


def is_lean(text: str, bound: Iterable[str] = ()) -> bool:
    """Whether ``text`` (a query the guard accepted) is lean; ``bound``: names of variables
    the caller binds to constants (without ``?``)."""
    if len(text) > MAX_CHARS:
        return False
    return _classify(text, frozenset(bound))


@functools.lru_cache(maxsize=1024)
def _classify(text: str, bound: frozenset[str]) -> bool:
    """:func:`is_lean`, remembered: the REST facade and clients send the same texts again."""
    if decode_escapes(text) != text:
        return False
    tokens = list(tokenize(text))
    words = [t.upper for t in tokens if t.kind is Kind.WORD]
    if any(w in _REFUSED_WORDS for w in words) or words.count("SELECT") > 1:
        return False
    try:
        return _Parser(tokens, set(bound)).query()
    except (_NotLean, IndexError):
        return False


class _Parser:
    """Just enough of SPARQL's grammar to follow groups and triple patterns."""

    def __init__(self, tokens: list[Token], bound: set[str]) -> None:
        self.tokens = tokens
        self.i = 0
        self.bound = bound
        self.given = frozenset(bound)
        self.triples = 0
        self.prefixes: dict[str, str] = {}

    # -- helpers ---------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[self.i + ahead]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at(self, value: str) -> bool:
        return self.i < len(self.tokens) and self.tokens[self.i].value.upper() == value

    def expect(self, value: str) -> None:
        if self.take().value.upper() != value:
            raise _NotLean

    # -- query -----------------------------------------------------------------------------
    def query(self) -> bool:
        while self.at("PREFIX") or self.at("BASE"):
            if self.take().upper == "PREFIX":
                name, iri = self.take(), self.take()
                self.prefixes[name.value[:-1]] = iri.value
            else:
                self.take()
        form = self.take().upper
        if form == "SELECT":
            while not (self.at("WHERE") or self.at("{") or self.at("FROM")):
                self.take()  # the projection (aggregates were refused above)
        elif form == "CONSTRUCT":
            if self.at("{"):
                self.skip_group()  # the template
        elif form != "ASK":
            raise _NotLean
        while self.at("FROM"):  # the dataset only narrows the caller's scope
            self.take()
            if self.at("NAMED"):
                self.take()
            self.take()
        if self.at("WHERE"):
            self.take()
        self.group(set(self.bound))
        # Solution modifiers (ORDER BY, LIMIT, OFFSET) over a bounded set; nothing else.
        rest = self.tokens[self.i:]
        return not any(t.value in "{}" for t in rest if t.kind is Kind.PUNCT)

    def skip_group(self) -> None:
        depth = 0
        while True:
            value = self.take().value
            depth += value == "{"
            depth -= value == "}"
            if depth == 0:
                return

    # -- groups ----------------------------------------------------------------------------
    def group(self, bound: set[str]) -> set[str]:
        """Parse ``{ ... }`` with ``bound`` variables; returns those bound when it ends."""
        self.expect("{")
        while not self.at("}"):
            token = self.peek()
            word = token.upper if token.kind is Kind.WORD else ""
            if token.value == ".":
                self.take()
            elif word == "OPTIONAL":
                self.take()
                self.group(set(bound))  # what it binds may stay unbound: anchors nothing
            elif word == "GRAPH":
                self.take()
                name = self.take()
                if name.kind not in (Kind.VAR, Kind.IRI, Kind.PNAME):
                    raise _NotLean
                bound |= self.group(set(bound))
                if name.kind is Kind.VAR:
                    bound.add(name.value[1:])
            elif word in ("FILTER", "BIND"):
                self.take()
                self.expression(bound)
            elif token.kind is Kind.PUNCT:
                raise _NotLean  # a nested group, a blank node list or a collection
            else:
                self.triples_block(bound)
        self.take()
        return bound

    def expression(self, bound: set[str]) -> None:
        """A FILTER or BIND expression: EXISTS groups inside it must be lean too."""
        if self.peek().kind in (Kind.WORD, Kind.PNAME, Kind.IRI) and self.peek(1).value != "(":
            if self.peek().upper in ("EXISTS", "NOT"):
                if self.take().upper == "NOT":
                    self.expect("EXISTS")
                self.group(set(bound))
                return
            raise _NotLean
        if self.peek().kind in (Kind.WORD, Kind.PNAME, Kind.IRI):
            self.take()  # a function name: FILTER regex(...)
        self.expect("(")
        depth = 1
        while depth:
            token = self.peek()
            if token.kind is Kind.WORD and token.upper == "EXISTS":
                self.take()
                self.group(set(bound))
                continue
            self.take()
            if token.kind is Kind.PUNCT:
                depth += token.value == "("
                depth -= token.value == ")"
                if token.value in "{}":
                    raise _NotLean

    def triples_block(self, bound: set[str]) -> None:
        """``subject verb object (, object)* (; verb object ...)*``, each triple checked."""
        subject = self.term()
        while True:
            verb = self.take()
            if verb.kind not in (Kind.VAR, Kind.IRI, Kind.PNAME) and verb.value != "a":
                raise _NotLean  # a path or a negated property set
            if self.peek().kind is Kind.PUNCT and self.peek().value in _PATH:
                raise _NotLean  # <p>* <p>+ <p>? <p>/<q> <p>|<q>
            while True:
                obj = self.term()
                self.check(subject, verb, obj, bound)
                if not self.at(","):
                    break
                self.take()
            if not self.at(";"):
                return
            self.take()
            if self.at(".") or self.at("}"):
                return

    def term(self) -> Token:
        token = self.take()
        if token.kind is Kind.PUNCT and token.value in "+-" and self.peek().kind is Kind.NUMBER:
            token = self.take()
        elif token.kind is Kind.STRING:
            if self.peek().kind is Kind.LANG:
                self.take()
            elif self.at("^") and self.peek(1).value == "^":
                self.take(), self.take(), self.take()  # ^^ and the datatype
        elif token.kind is Kind.WORD and token.value.lower() in ("true", "false"):
            token = Token(Kind.NUMBER, token.value, token.offset)  # a constant
        elif token.kind not in (Kind.VAR, Kind.BNODE, Kind.IRI, Kind.PNAME, Kind.NUMBER):
            raise _NotLean  # [ ... ], ( ... ), a path modifier, anything unknown
        return token

    def check(self, s: Token, p: Token, o: Token, bound: set[str]) -> None:
        self.triples += 1
        if self.triples > MAX_TRIPLES:
            raise _NotLean
        anchored = s.kind in _CONSTANTS or (s.kind is Kind.VAR and s.value[1:] in bound)
        if not anchored and o.kind in _CONSTANTS and p.kind in (Kind.IRI, Kind.PNAME):
            anchored = self.iri(p) != _RDF_TYPE
        if not anchored:
            raise _NotLean
        names = {t.value[1:] for t in (s, p, o) if t.kind is Kind.VAR}
        if names and not names & bound and bound - self.given:
            raise _NotLean  # shares nothing with what is bound: a cartesian product
        for t in (s, p, o):
            if t.kind is Kind.VAR:  # ?x and $x are one variable
                bound.add(t.value[1:])

    def iri(self, token: Token) -> str:
        if token.kind is Kind.IRI:
            return token.value
        prefix, _, local = token.value.partition(":")
        return self.prefixes.get(prefix, "undeclared:") + local
