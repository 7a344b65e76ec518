"""Reading a remote server's answers into rdflib terms, and writing them back out in the
embedded store's formats, so both backends serialize answers with the same code.

Servers differ in small ways this smooths over: Virtuoso writes ``"typed-literal"`` (the old
JSON results form) and blank node ids such as ``nodeID://b10000``, which pyoxigraph refuses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ipas.errors import BadInput
from ipas.store.results import results_format, serialize_solutions
from ipas.store.terms import from_ox, to_ox

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_BNODE_CHARS = re.compile(r"[^A-Za-z0-9]")


def bnode_id(value: str) -> str:
    """A blank node label every parser accepts.

    >>> bnode_id("nodeID://b10000")
    'nodeIDb10000'
    """
    return _BNODE_CHARS.sub("", value) or "b"


def json_term(cell: dict[str, Any]) -> Node:
    """One SPARQL JSON results cell as an rdflib term.

    >>> json_term({"type": "typed-literal", "value": "01",
    ...            "datatype": "http://www.w3.org/2001/XMLSchema#integer"}).n3()
    '"01"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> json_term({"type": "literal", "value": "x", "datatype": _XSD_STRING}).n3()
    '"x"'
    """
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(bnode_id(value))
    if kind in ("literal", "typed-literal"):
        lang = cell.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = cell.get("datatype")
        if datatype in (None, _XSD_STRING, _LANG_STRING):
            return Literal(value)
        return Literal(value, datatype=URIRef(datatype), normalize=False)
    raise BadInput(f"unsupported term in a remote answer: {kind!r}")


def parse_select(body: bytes) -> tuple[list[str], list[dict[str, Node]]]:
    """Variables and rows of a SPARQL JSON results document."""
    doc = json.loads(body)
    names = list(doc.get("head", {}).get("vars", []))
    rows = [
        {name: json_term(cell) for name, cell in binding.items()}
        for binding in doc.get("results", {}).get("bindings", [])
    ]
    return names, rows


def parse_ask(body: bytes) -> bool:
    """An ASK answer; Virtuoso answers ASK over a protocol dataset as a one-column SELECT.

    >>> parse_ask(b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": []}}')
    False
    """
    doc = json.loads(body)
    if "boolean" in doc:
        return bool(doc["boolean"])
    bindings = doc.get("results", {}).get("bindings", [])
    if not bindings:
        return False
    cell = bindings[0].get("__ASK_RETVAL", {"value": "1"})
    return str(cell.get("value")) not in ("0", "false")


def parse_triples(body: bytes) -> list[tuple[Node, Node, Node]]:
    """N-Triples from the server as rdflib triples (blank node labels kept per document)."""
    out: list[tuple[Node, Node, Node]] = []
    for t in ox.parse(body, ox.RdfFormat.N_TRIPLES):
        out.append((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return out


class _Row:
    """A result row as ``serialize_solutions`` reads it: ``row[name]`` or ``None``."""

    def __init__(self, row: dict[str, Node]) -> None:
        self._row = row

    def __getitem__(self, name: str) -> Any:
        term = self._row.get(name)
        return None if term is None else to_ox(term)


def write_select(variables: Sequence[str], rows: Sequence[dict[str, Node]],
                 media_type: str) -> tuple[str, bytes]:
    """Rows serialized in ``media_type`` with the embedded store's serializers."""
    fmt = results_format(media_type)
    return fmt.media_type, serialize_solutions(variables, [_Row(r) for r in rows], fmt)


def write_ask(value: bool, media_type: str) -> tuple[str, bytes]:
    """An ASK answer in ``media_type``.

    >>> write_ask(True, "application/sparql-results+json")[1]
    b'{"head":{},"boolean":true}'
    """
    fmt = results_format(media_type)
    parsed = ox.parse_query_results(json.dumps({"head": {}, "boolean": value}).encode(),
                                    ox.QueryResultsFormat.JSON)
    return fmt.media_type, parsed.serialize(format=fmt) or b""


def write_triples(triples: Sequence[tuple[Node, Node, Node]], fmt: ox.RdfFormat) -> bytes:
    return ox.serialize(
        [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples],  # type: ignore[arg-type]
        format=fmt,
    ) or b""
