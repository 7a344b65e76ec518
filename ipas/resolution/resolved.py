"""The switch between raw records and resolved actors in query answers.

With the switch on, every IRI in a SELECT answer that belongs to a resolved actor is replaced
by the actor's canonical IRI, rows that become identical are kept once, and the answer carries
the members behind each canonical IRI (owl:sameAs handled at query time, on the answer, so
no query text and no asserted triple changes). Callers: the saved-query door (REST and CLI)
and the REST entity facade.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from ipas.query.executor import IsolatedStore
from ipas.resolution.clusters import Resolution
from ipas.resolution.service import ResolutionService
from ipas.settings import Settings
from ipas.store.base import Scope, SelectResult, Store

#: The query parameter / option name of the switch.
SWITCH = "resolved"

#: The switch as an OpenAPI parameter (the saved-query routes document it on every query).
RESOLVED_PARAMETER: dict[str, Any] = {
    "name": SWITCH, "in": "query", "required": False, "schema": {"type": "boolean"},
    "description": "Show resolved actors (canonical IRIs, members in the answer's 'resolved') "
                   "instead of raw records",
}


def switch_value(params: dict[str, object]) -> bool:
    """Take the switch out of request parameters (so the query never sees it).

    >>> p = {"resolved": "true", "limit": 5}
    >>> switch_value(p), p
    (True, {'limit': 5})
    """
    value = params.pop(SWITCH, None)
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes", "on") if value is not None else False


def resolve_rows(rows: list[dict[str, Node]], resolution: Resolution
                 ) -> tuple[list[dict[str, Node]], dict[str, list[str]]]:
    """Rows with members replaced by their actor, duplicates dropped; and each actor's members.

    >>> from ipas.resolution.clusters import resolve
    >>> r = resolve([("urn:a", "urn:b")], [], base="urn:x/")
    >>> rows, members = resolve_rows([{"s": URIRef("urn:a")}, {"s": URIRef("urn:b")}], r)
    >>> len(rows), list(members.values())
    (1, [['urn:a', 'urn:b']])
    """
    out: list[dict[str, Node]] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    members: dict[str, list[str]] = {}
    for row in rows:
        new: dict[str, Node] = {}
        for name, value in row.items():
            if isinstance(value, URIRef):
                canonical = resolution.canonical_of(str(value))
                if canonical != str(value):
                    members.setdefault(canonical, sorted(resolution.members(canonical)))
                    value = URIRef(canonical)
            new[name] = value
        key = tuple(sorted((k, v.n3()) for k, v in new.items()))
        if key not in seen:
            seen.add(key)
            out.append(new)
    return out, members



def resolve_answer(store: Store, settings: Settings, scope: Scope,
                   select: SelectResult | None) -> dict[str, list[str]]:
    """Turn ``select`` (in place) into its resolved form for ``scope``; the members shown.

    Decisions are read from the store itself (``IsolatedStore.inner``): fixed queries with no
    caller text, which the row limits for ad-hoc queries would cut short.
    """
    if select is None:
        return {}
    base = store.inner if isinstance(store, IsolatedStore) else store
    resolution = ResolutionService(base, settings).resolution(scope)
    select.rows, members = resolve_rows(select.rows, resolution)
    return members
