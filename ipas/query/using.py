"""The protocol's ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses.

pyoxigraph's ``update`` takes no dataset, so the SPARQL Protocol's parameters are expressed in
the update itself: ``USING <g>`` / ``USING NAMED <g>`` before the ``WHERE`` of each
DELETE/INSERT operation. The IRIs are written by pyoxigraph (a malformed IRI is refused, so
nothing the caller sends becomes syntax), and the result goes through the guard like any
update, so the graphs named are still checked and scoped. As the protocol requires, an
operation that has its own ``USING`` or ``WITH`` cannot take these parameters.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from ipas.errors import BadInput
from ipas.query.tokens import Kind, tokenize


def with_using(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """``update`` with the dataset clauses added to each operation that has a WHERE.

    >>> with_using("INSERT { ?s a <urn:T> } WHERE { ?s ?p ?o }", ["urn:g"], [])
    'INSERT { ?s a <urn:T> } USING <urn:g> WHERE { ?s ?p ?o }'
    """
    if not using and not using_named:
        return update
    try:
        clauses = " ".join(
            [f"USING {ox.NamedNode(g)}" for g in using]
            + [f"USING NAMED {ox.NamedNode(g)}" for g in using_named]
        )
    except ValueError as err:
        raise BadInput(f"not an IRI: {err}", field="using-graph-uri") from None
    depth = 0
    previous = ""
    offsets: list[int] = []
    for token in tokenize(update):
        if token.kind is Kind.PUNCT and token.value in "{([":
            depth += 1
        elif token.kind is Kind.PUNCT and token.value in "})]":
            depth = max(0, depth - 1)
        elif token.kind is Kind.WORD and depth == 0:
            word = token.upper
            if word in ("USING", "WITH"):
                raise BadInput(
                    f"the update has its own {word}: it cannot also take using-graph-uri "
                    "or using-named-graph-uri", field="using-graph-uri",
                )
            if word == "WHERE":
                if previous == "DELETE":
                    raise BadInput("DELETE WHERE cannot take using-graph-uri",
                                   field="using-graph-uri")
                offsets.append(token.offset)
            previous = word
    if not offsets:
        return update
    out, last = [], 0
    for offset in offsets:
        out.append(update[last:offset])
        out.append(clauses + " ")
        last = offset
    out.append(update[last:])
    return "".join(out)
