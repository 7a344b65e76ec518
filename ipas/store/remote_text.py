"""Query-text checks for a remote SPARQL server: the parts of scoping the protocol cannot do.

Oxigraph lets the protocol dataset (``default-graph-uri`` / ``named-graph-uri``) win over the
query's ``FROM`` / ``FROM NAMED``; Virtuoso 7 does not: it *adds* the query's dataset clauses
to the protocol's (verified: ``FROM <hidden>`` with ``default-graph-uri=<a>`` read both). So,
before a scoped query leaves the process, its dataset clauses are removed here (the protocol
dataset then alone decides, as on the embedded store), and the query must parse as standard
SPARQL 1.1 with rdflib (which refuses vendor pragmas such as Virtuoso's ``DEFINE
input:default-graph-uri``), name no ``SERVICE`` and no vendor built-in (``bif:``, ``sql:``).

Bindings become a trailing ``VALUES`` block of ``Term.n3()`` terms, after checking that every
IRI is one the grammar can hold (no ``<>"{}|^`\\`` or spaces), so no value can leave its slot.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException
from rdflib import BNode, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier

from ipas.errors import BadInput, Refused
from ipas.store.base import QueryKind

# Token kinds: comments, strings (long first), IRIs, and everything else word by word.
_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                  |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<word>[?$]?[A-Za-z_][\w\-.]*(?::[\w\-.%:]*)?|:[\w\-.%:]*)
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: IRI namespaces of vendor built-ins that can reach files, SQL or the network.
VENDOR_FUNCTION_PREFIXES = ("bif:", "sql:", "http://www.openlinksw.com/")
_KINDS = {"SelectQuery": QueryKind.SELECT, "AskQuery": QueryKind.ASK,
          "ConstructQuery": QueryKind.CONSTRUCT, "DescribeQuery": QueryKind.DESCRIBE}
_PARSE_LOCK = threading.Lock()  # rdflib's SPARQL parser is not thread-safe


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


def tokens(text: str) -> Iterator[Token]:
    """SPARQL text as tokens, so keywords inside strings, IRIs and comments are never matched.

    >>> [t.text for t in tokens('SELECT * FROM <urn:a> { ?s ?p "FROM" }') if t.kind == "word"]
    ['SELECT', 'FROM', '?s', '?p']
    """
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind != "space":
            yield Token(kind, m.group(), m.start(), m.end())


def strip_dataset_clauses(query: str) -> tuple[str, list[str]]:
    """The query without ``FROM`` / ``FROM NAMED`` clauses, and the graph names they held.

    >>> strip_dataset_clauses("SELECT * FROM <urn:h> FROM NAMED ex:g { ?s ?p ?o }")
    ('SELECT *   { ?s ?p ?o }', ['<urn:h>', 'ex:g'])
    """
    toks = [t for t in tokens(query) if t.kind != "comment"]
    cuts: list[tuple[int, int]] = []
    names: list[str] = []
    i = 0
    while i < len(toks):
        if toks[i].kind == "word" and toks[i].text.upper() == "FROM":
            j = i + 1
            if j < len(toks) and toks[j].text.upper() == "NAMED":
                j += 1
            if j >= len(toks) or toks[j].kind not in ("iri", "word"):
                raise BadInput("FROM must name a graph", source="query")
            names.append(toks[j].text)
            cuts.append((toks[i].start, toks[j].end))
            i = j + 1
            continue
        i += 1
    out = query
    for start, end in reversed(cuts):
        out = out[:start] + out[end:]
    return out, names


def check_iri(value: str, where: str) -> None:
    """Refuse an IRI that could not be written between ``<`` and ``>`` as it is.

    >>> check_iri("urn:x> . }", "binding ?x")
    Traceback (most recent call last):
    ...
    ipas.errors.BadInput: binding ?x: not a valid IRI
    """
    if _BAD_IRI_CHARS.search(value) or not value:
        raise BadInput("not a valid IRI", source=where)


def values_block(bindings: Mapping[str, Identifier]) -> str:
    """A ``VALUES`` row binding each variable to its term, written with ``Term.n3()``.

    >>> values_block({"o": Literal('x" } #')})
    'VALUES (?o) { ("x\\\\" } #") }'
    """
    names, terms = [], []
    for name, term in bindings.items():
        if not _VAR_NAME.match(name):
            raise BadInput(f"not a variable name: {name!r}", field="bindings")
        if isinstance(term, BNode) or not isinstance(term, URIRef | Literal):
            raise BadInput("only IRIs and literals can be bound", field=name)
        if isinstance(term, URIRef):
            check_iri(str(term), f"binding ?{name}")
        elif term.datatype is not None:
            check_iri(str(term.datatype), f"binding ?{name}")
        names.append(f"?{name}")
        terms.append(term.n3())
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def with_bindings(query: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with a ``VALUES`` row for ``bindings`` opening its WHERE group.

    The row goes inside the group, not after the query: Virtuoso applies a trailing
    ``VALUES`` after projection, so a binding for an unprojected variable would fail there.

    >>> with_bindings("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal("x")})
    'SELECT ?s WHERE { VALUES (?o) { ("x") } ?s ?p ?o }'
    >>> with_bindings("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", {"s": URIRef("urn:a")})
    'CONSTRUCT { ?s ?p ?o } { VALUES (?s) { (<urn:a>) } ?s ?p ?o }'
    """
    block = values_block(bindings)
    depth, form, skip_template, prev = 0, None, False, None
    for tok in tokens(query):
        upper = tok.text.upper()
        if form is None and depth == 0 and tok.kind == "word" and upper in _FORMS:
            form = upper
        elif tok.text == "{":
            if depth == 0 and form is not None:
                if form == "CONSTRUCT" and prev == "CONSTRUCT":
                    skip_template = True
                elif not (form == "CONSTRUCT" and prev == "WHERE" and not skip_template):
                    return f"{query[: tok.end]} {block}{query[tok.end :]}"
                else:
                    break
            depth += 1
        elif tok.text == "}":
            depth -= 1
        prev = upper
    raise BadInput("cannot bind values in this query form (no WHERE group)", source="query")


def _walk(node: Any) -> Iterator[Any]:
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, CompValue | dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)


def _parse_error(err: ParseException, source: str) -> BadInput:
    return BadInput(f"syntax error: {err.msg}", source=source, line=err.lineno, column=err.col)


def check_query(query: str, *, dataset_clauses: bool = True) -> QueryKind:
    """The query's form, after refusing what the server must never see: non-standard syntax,
    SERVICE, vendor built-ins, and (``dataset_clauses=False``) any ``FROM`` left in the text
    as rdflib's parser reads it, which double-checks :func:`strip_dataset_clauses`.

    >>> check_query("ASK { ?s ?p ?o }").value
    'ASK'

    >>> check_query("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    ipas.errors.Refused: SERVICE is not allowed
    >>> check_query("DEFINE input:default-graph-uri <urn:h> ASK {}")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ipas.errors.BadInput: query:1:1: syntax error: Expected {SelectQuery | ...}
    >>> check_query("SELECT * FROM <urn:h> { ?s ?p ?o }", dataset_clauses=False)
    Traceback (most recent call last):
    ...
    ipas.errors.Refused: query: the query names its own dataset
    """
    with _PARSE_LOCK:
        try:
            parsed = parseQuery(query)
            algebra = translateQuery(parsed)
        except ParseException as err:
            raise _parse_error(err, "query") from None
        except Exception as err:  # noqa: BLE001 - rdflib raises bare Exceptions (unknown prefix)
            raise BadInput(f"cannot read the query: {err}", source="query") from None
    for node in _walk(algebra.algebra):
        if isinstance(node, CompValue) and node.name in ("ServiceGraphPattern", "Service"):
            raise Refused("SERVICE is not allowed")
        if isinstance(node, URIRef) and str(node).startswith(VENDOR_FUNCTION_PREFIXES):
            raise Refused("vendor built-in functions are not allowed", iri=str(node))
    for tok in tokens(query):
        if tok.kind == "word" and tok.text.upper() == "SERVICE":
            raise Refused("SERVICE is not allowed")
    if not dataset_clauses and "datasetClause" in parsed[1]:
        raise Refused("the query names its own dataset", source="query")
    return _KINDS[parsed[1].name]


def check_update(update: str) -> None:
    """Updates must be standard SPARQL 1.1 and must not ``LOAD`` (no outbound requests)."""
    with _PARSE_LOCK:
        try:
            parseUpdate(update)
        except ParseException as err:
            raise _parse_error(err, "update") from None
    for tok in tokens(update):
        if tok.kind == "word" and tok.text.upper() in ("LOAD", "SERVICE"):
            raise Refused(f"{tok.text.upper()} is not allowed")
