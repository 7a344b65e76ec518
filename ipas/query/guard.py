"""Checks on SPARQL text before any engine parses it: size, nesting, and what may be reached.

Refused here, with 400 and a position: ``SERVICE`` and ``LOAD`` (outbound requests), and
dataset clauses (``FROM``, ``FROM NAMED``, ``USING``, ``WITH``) naming anything outside the
store's own graph naming (files, web IRIs). Too long or too deeply nested text is a 413 /
400 before parsing: pyoxigraph segfaults on a ~5,000-deep query. Flat chains that the
engine recurses on just the same (operators, path steps, patterns, triple patterns; see
:mod:`ipas.query.complexity`) are a 400 naming the limit.

SPARQL lets ``\\uXXXX`` escapes appear anywhere. The engine decodes them in some places and
not others, so every check runs twice, on the text as sent and on the text with escapes
decoded as the spec says; what either view shows counts.

>>> g = Guard(graph_base="https://w3id.org/ipas/id/")
>>> g.check_query("SELECT * { ?s ?p ?o }").form
<QueryKind.SELECT: 'SELECT'>
>>> g.check_query("ASK { FILTER(" + "!" * 2000 + "true) }")
Traceback (most recent call last):
ipas.errors.BadInput: query: the query has 2000 operators (! && || = != < > <= >= + - * /); \
the limit is 1000 (IPAS_MAX_QUERY_OPERATORS): split it or simplify it
>>> g.check_query('SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }')
Traceback (most recent call last):
ipas.errors.Refused: query:1:12: SERVICE is not allowed: queries cannot reach other servers
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from ipas.errors import BadInput, LimitExceeded, Refused
from ipas.query.complexity import count
from ipas.query.tokens import Kind, Token, decode_escapes, line_column, tokenize
from ipas.store.base import QueryKind

_OPEN, _CLOSE = "({[", ")}]"
_QUERY_FORMS = {k.value: k for k in QueryKind}
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
#: Keywords after which a graph IRI names a dataset or a target.
_GRAPH_WORDS = frozenset({"FROM", "USING", "WITH", "GRAPH", "TO", "INTO"})
_SILENT_OR_NAMED = frozenset({"NAMED", "SILENT"})


#: Complexity limits: (count name, what it counts, setting). Defaults in ``ipas.settings``.
COMPLEXITY = (
    ("operators", "operators (! && || = != < > <= >= + - * /)", "max_query_operators"),
    ("path_steps", "property path steps (/ | ^)", "max_query_path_steps"),
    ("patterns", "group patterns and clauses ({ } UNION OPTIONAL MINUS BIND FILTER GRAPH "
                 "VALUES EXISTS AS)", "max_query_patterns"),
    ("triples", "triple patterns", "max_query_triples"),
)


@dataclass
class Checked:
    """What the guard learned from text it accepted."""

    text: str
    form: QueryKind | None = None  # None for updates
    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)
    #: Graph IRIs an update names anywhere (targets, USING, GRAPH patterns).
    graphs: set[str] = field(default_factory=set)
    #: The update names a graph by variable, or ALL / NAMED / DEFAULT: not scoped by IRI.
    unscoped: bool = False


def _first_operation(text: str) -> Token | None:
    """The first token after the prologue (``PREFIX`` and ``BASE`` declarations).

    >>> _first_operation("PREFIX a: <urn:a#> SELEC ?x WHERE {}").value
    'SELEC'
    """
    tokens = list(tokenize(text))
    i = 0
    while i < len(tokens) and tokens[i].kind is Kind.WORD and tokens[i].upper in ("PREFIX",
                                                                                   "BASE"):
        i += 3 if tokens[i].upper == "PREFIX" else 2
    return tokens[i] if i < len(tokens) else None


class Guard:
    """Limits and policy for one deployment (see ``ipas.settings``)."""

    def __init__(
        self, *, graph_base: str, max_chars: int = 100_000, max_depth: int = 64,
        max_operators: int = 1_000, max_path_steps: int = 100, max_patterns: int = 500,
        max_triples: int = 1_000,
    ) -> None:
        self.graph_base = graph_base
        self.max_chars = max_chars
        self.max_depth = max_depth
        self.limits = {"operators": max_operators, "path_steps": max_path_steps,
                       "patterns": max_patterns, "triples": max_triples}

    def check_query(self, text: str) -> Checked:
        """Check a query; its form (SELECT, ASK, CONSTRUCT, DESCRIBE) is found here too."""
        checked = self._check(text, "query")
        if checked.form is None:
            first = _first_operation(text)
            if first is None or first.upper not in _UPDATE_WORDS:
                # Neither a query nor an update: say where the query form was expected.
                line, column = line_column(text, first.offset) if first else (None, None)
                found = f", found {first.value[:40]!r}" if first else ""
                raise BadInput(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE{found}",
                               source="query", line=line, column=column)
            raise BadInput(
                "this is an update, not a query: send it as 'update'", source="query"
            )
        return checked

    def check_update(self, text: str) -> Checked:
        checked = self._check(text, "update")
        if checked.form is not None:
            raise BadInput("this is a query, not an update: send it as 'query'", source="update")
        return checked

    # -- the passes ------------------------------------------------------------------------
    def _check(self, text: str, source: str) -> Checked:
        if len(text) > self.max_chars:
            raise LimitExceeded(
                f"the {source} has {len(text)} characters; the limit is {self.max_chars}",
                source=source,
            )
        decoded = decode_escapes(text)
        views = [text] if decoded == text else [text, decoded]
        result = Checked(text=text)
        for view in views:  # the decoded view, checked last, gives the dataset clauses
            tokens = list(tokenize(view))
            if not tokens:
                raise BadInput(f"the {source} is empty", source=source)
            self._depth(view, tokens, source)
            self._complexity(tokens, source)
            seen = Checked(text=text)
            self._keywords(view, tokens, source, seen)
            result.form, result.from_graphs = seen.form, seen.from_graphs
            result.from_named_graphs = seen.from_named_graphs
            result.graphs |= seen.graphs
            result.unscoped = result.unscoped or seen.unscoped
        return result

    def _depth(self, text: str, tokens: list[Token], source: str) -> None:
        depth = 0
        for token in tokens:
            if token.kind is not Kind.PUNCT:
                continue
            if token.value in _OPEN:
                depth += 1
                if depth > self.max_depth:
                    line, column = line_column(text, token.offset)
                    raise BadInput(
                        f"nested deeper than {self.max_depth} levels",
                        source=source, line=line, column=column,
                    )
            elif token.value in _CLOSE:
                depth = max(0, depth - 1)

    def _complexity(self, tokens: list[Token], source: str) -> None:
        counts = count(tokens)
        for name, what, setting in COMPLEXITY:
            found, limit = getattr(counts, name), self.limits[name]
            if found > limit:
                raise BadInput(
                    f"the {source} has {found} {what}; the limit is {limit} "
                    f"(IPAS_{setting.upper()}): split it or simplify it",
                    source=source, limit=setting, limit_value=limit,
                )

    def _keywords(self, text: str, tokens: list[Token], source: str, out: Checked) -> None:
        prefixes: dict[str, str] = {}
        base: str | None = None
        form_seen = False
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            word = token.upper if token.kind is Kind.WORD else ""

            def refuse(message: str, at: Token = token) -> Refused:
                line, column = line_column(text, at.offset)
                return Refused(message, source=source, line=line, column=column)

            if word == "PREFIX" and i + 2 < n and tokens[i + 1].kind is Kind.PNAME:
                if tokens[i + 2].kind is Kind.IRI:
                    prefixes[tokens[i + 1].value[:-1]] = _resolve(tokens[i + 2].value, base)
                    i += 3
                    continue
            elif word == "BASE" and i + 1 < n and tokens[i + 1].kind is Kind.IRI:
                base = _resolve(tokens[i + 1].value, base)
                i += 2
                continue
            elif word == "SERVICE":
                raise refuse("SERVICE is not allowed: queries cannot reach other servers")
            elif word == "LOAD":
                raise refuse("LOAD is not allowed: load data through the ingest pipeline")
            if not form_seen and word:
                form_seen = True
                out.form = _QUERY_FORMS.get(word) if word not in _UPDATE_WORDS else None
            if word in ("CLEAR", "DROP") and _next_word(tokens, i + 1) in ("ALL", "NAMED",
                                                                           "DEFAULT"):
                out.unscoped = True
            if word in ("ADD", "MOVE", "COPY", "TO") and _next_word(tokens, i + 1) == "DEFAULT":
                out.unscoped = True
            if word in _GRAPH_WORDS or word in ("ADD", "MOVE", "COPY"):
                j = i + 1
                named = False
                while j < n and tokens[j].kind is Kind.WORD and tokens[j].upper in (
                    _SILENT_OR_NAMED | {"GRAPH"}
                ):
                    named = named or tokens[j].upper == "NAMED"
                    j += 1
                target = tokens[j] if j < n else None
                if target is not None and target.kind is Kind.VAR and word == "GRAPH":
                    out.unscoped = True
                iri = _iri_of(target, prefixes, base) if target is not None else None
                if target is not None and iri is not None:
                    if word in ("FROM", "USING", "WITH") and not self._own(iri):
                        raise refuse(
                            f"{word} may only name graphs of this store "
                            f"(IRIs under {self.graph_base}); files and web IRIs are refused",
                            target,
                        )
                    out.graphs.add(iri)
                    if word == "FROM":
                        (out.from_named_graphs if named else out.from_graphs).append(iri)
            i += 1

    def _own(self, iri: str) -> bool:
        return iri.startswith(self.graph_base)


def _next_word(tokens: list[Token], start: int) -> str:
    """The next keyword after ``start``, skipping SILENT."""
    for token in tokens[start:]:
        if token.kind is not Kind.WORD:
            return ""
        if token.upper != "SILENT":
            return token.upper
    return ""


def _iri_of(token: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.kind is Kind.IRI:
        return _resolve(token.value, base)
    if token.kind is Kind.PNAME:
        prefix, _, local = token.value.partition(":")
        # An undeclared prefix fails in the engine; here it must not pass as our own graph.
        return prefixes.get(prefix, "undeclared-prefix:") + local.replace("\\", "")
    return None


def _resolve(iri: str, base: str | None) -> str:
    """An IRI resolved against BASE (a relative IRI without BASE stays relative)."""
    return urljoin(base, iri) if base else iri
