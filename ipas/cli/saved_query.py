"""Saved queries from the CLI: ``ipas query NAME --param k=v ...``.

The query comes from the library in ``queries/`` (``IPAS_QUERIES_DIR``); parameters are
validated by their declared types and written into the text as constants, exactly as
over REST.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from ipas.cli.common import InputError
from ipas.query.inference import Inference
from ipas.query.registry import QueryRegistry
from ipas.resolution.resolved import resolve_answer
from ipas.settings import Settings
from ipas.store.base import QueryKind, RawResult, Scope, Store
from ipas.store.results import results_format, serialize_solutions
from ipas.store.terms import to_ox

SPARQL_JSON = "application/sparql-results+json"


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["since=2025-01-01", ...]`` as a dict; a pair without ``=`` is a usage error.

    >>> parse_params(["since=2025-01-01", "q=a=b"])
    {'since': '2025-01-01', 'q': 'a=b'}
    """
    out: dict[str, str] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise InputError(f"--param expects NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def is_saved_query(settings: Settings, name: str) -> bool:
    return (settings.queries_dir / f"{name}.rq").is_file()


def saved_text(settings: Settings, name: str, params: dict[str, Any]) -> str:
    """The text the saved query ``name`` runs as with ``params`` (for ``--show-text``)."""
    return QueryRegistry.load(settings.queries_dir).get(name).instantiate(params)


def run_saved(store: Store, settings: Settings, name: str, params: dict[str, Any],
              media_type: str, max_rows: int, inference: Inference | None = None, *,
              resolved: bool = False) -> RawResult:
    """Run the saved query ``name`` over the whole store (read as ``inference`` says, else
    as the query declares); the answer serialized. ``resolved`` shows resolved actors instead
    of raw records (:mod:`ipas.resolution`)."""
    registry = QueryRegistry.load(settings.queries_dir)
    answer = registry.run(store, name, params, scope=Scope.everything(), max_rows=max_rows,
                          timeout_s=settings.query_timeout_s, inference=inference)
    if resolved:
        resolve_answer(store, settings, Scope.everything(), answer.select)
    if answer.kind is QueryKind.SELECT and answer.select is not None:
        rows = [_Row({k: to_ox(v) for k, v in row.items()}) for row in answer.select.rows]
        body = serialize_solutions(answer.select.variables, rows, results_format(media_type))
        return RawResult(answer.kind, media_type, body, len(rows))
    if answer.kind is QueryKind.ASK:
        body = json.dumps({"head": {}, "boolean": bool(answer.boolean)}).encode()
        if media_type != SPARQL_JSON:
            parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=results_format(media_type)) or b""
        return RawResult(answer.kind, media_type, body)
    graph = Graph()
    for triple in answer.triples:
        graph.add(triple)
    return RawResult(answer.kind, "text/turtle", graph.serialize(format="turtle").encode())


class _Row(dict[str, Any]):
    """A result row where an unbound variable reads as ``None``."""

    def __missing__(self, key: str) -> None:
        return None
