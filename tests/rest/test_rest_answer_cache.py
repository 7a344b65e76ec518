"""The saved-query answer cache over real HTTP: a repeat runs no query, and an answer is
never served to another scope or after a write (api.answer_cache)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from ipas.query.rows import CSV, JSON
from tests.rest.live_queries import EX, Served, get, serve_queries

VALUES = """#+ summary: Every value
#+ param: min integer optional -- smallest value
SELECT ?s ?v WHERE { ?s <http://example.org/v> ?v FILTER(?v >= ?_min) } ORDER BY ?s ?v
"""


@pytest.fixture
def served(tmp_path: Any) -> Iterator[tuple[Served, list[str]]]:
    with serve_queries(tmp_path, {"values": VALUES}, f"<{EX}a> <{EX}v> 1, 2, 3 .") as live:
        store = live.app.state.store
        ran: list[str] = []
        original = store.select_rendered

        def counted(query: str, **kwargs: Any) -> Any:  # counts the queries that really run
            ran.append(query)
            return original(query, **kwargs)

        store.select_rendered = counted
        yield live, ran


def _audit(live: Served) -> list[dict[str, Any]]:
    path = live.app.state.settings.audit_path
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_a_repeat_is_answered_from_the_cache_and_audited(served: tuple[Served, list[str]]
                                                         ) -> None:
    live, ran = served
    first = get(f"{live.url}/queries/values", live.headers["analyst"], JSON)
    second = get(f"{live.url}/queries/values", live.headers["analyst"], JSON)
    assert first == second and first[0] == 200 and len(ran) == 1
    get(f"{live.url}/queries/values?min=2", live.headers["analyst"], JSON)  # other parameters
    get(f"{live.url}/queries/values", live.headers["analyst"], CSV)  # another media type
    assert len(ran) == 3
    entries = [e for e in _audit(live) if e.get("query") == "values"]
    assert len(entries) == 4  # every request is recorded, hits included, with its count
    assert entries[1]["result_count"] == entries[0]["result_count"] == 3
    assert entries[1].get("cached") is True and "cached" not in entries[0]


def test_an_answer_is_never_served_to_another_scope(served: tuple[Served, list[str]]) -> None:
    live, ran = served
    admin = get(f"{live.url}/queries/values", live.headers["admin"], CSV)[2]
    analyst = get(f"{live.url}/queries/values", live.headers["analyst"], CSV)[2]
    assert b"hidden" not in analyst and len(ran) == 2  # the analyst's query ran anew
    reader = get(f"{live.url}/queries/values", live.headers["reader"], CSV)[2]
    # The reader and the analyst see the same graphs: the answer they share reveals nothing.
    assert reader == analyst and admin != analyst


def test_a_write_empties_the_cache(served: tuple[Served, list[str]]) -> None:
    live, ran = served
    before = json.loads(get(f"{live.url}/queries/values", live.headers["admin"], JSON)[2])
    update = f"INSERT DATA {{ GRAPH <{live.app.state.settings.base_iri}graph/batch/green> " \
             f"{{ <{EX}a> <{EX}v> 4 }} }}"
    request = urllib.request.Request(
        f"{live.url}/sparql", data=update.encode(), method="POST",
        headers={**live.headers["admin"], "Content-Type": "application/sparql-update"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204
    after = json.loads(get(f"{live.url}/queries/values", live.headers["admin"], JSON)[2])
    assert len(after["rows"]) == len(before["rows"]) + 1 and len(ran) == 2
