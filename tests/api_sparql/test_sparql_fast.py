"""The fast route (api.fast) over real HTTP: lean queries it answers get every check the
route gives them, and everything else falls through to the route.

Which path answered is read from the app's counters (``app.state.fast_reads``), never from
timing. The store is on disk behind ``ipas serve``'s uvicorn configuration on loopback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api_sparql.server import EX, RED, Live, live_server

JSON = {"Accept": "application/sparql-results+json"}
LOOKUP = f"SELECT ?o WHERE {{ <{EX}p1> <{EX}name> ?o }}"
SECRET = f"SELECT ?o WHERE {{ <{EX}secret> <{EX}name> ?o }}"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("fast"), max_result_rows=3) as server:
        yield server


def counts(live: Live) -> dict[str, int]:
    return dict(live.app.state.fast_reads)


def ask(live: Live, role: str | None, query: str | None, *, method: str = "GET",
        headers: dict[str, str] | None = None, **kw: Any) -> tuple[httpx.Response, str]:
    """The response, and which path answered it: 'fast' or 'app'."""
    before = counts(live)
    auth = live.headers[role] if role else {}
    if method == "GET":
        params = {"query": query} if query is not None else {}
        r = httpx.get(live.sparql, params=params, headers={**JSON, **auth, **(headers or {})},
                      **kw)
    else:
        r = httpx.request(method, live.sparql, headers={**JSON, **auth, **(headers or {})}, **kw)
    after = counts(live)
    path = "fast" if after["served"] > before["served"] else "app"
    assert after["served"] + after["declined"] == before["served"] + before["declined"] + 1
    return r, path


def rows(response: httpx.Response) -> list[dict[str, Any]]:
    bindings: list[dict[str, Any]] = response.json()["results"]["bindings"]
    return bindings


def audit(live: Live) -> list[dict[str, Any]]:
    return [json.loads(line) for line in live.settings.audit_path.read_text().splitlines()]


def test_a_lean_lookup_is_answered_fast_with_validators_and_an_audit_entry(live: Live) -> None:
    r, path = ask(live, "analyst", LOOKUP)
    assert (r.status_code, path) == (200, "fast")
    assert [b["o"]["value"] for b in rows(r)] == ["person 1"]
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.headers["etag"].startswith('W/"') and r.headers["cache-control"] == \
        "private, no-cache"
    assert set(r.headers["vary"].split(", ")) == {"Accept", "Authorization"}
    entry = audit(live)[-1]  # on disk before the response started
    assert entry["who"] == "analyst" and entry["action"] == "query"
    assert entry["query"] == LOOKUP and entry["result_count"] == 1
    assert entry["http_status"] == 200 and entry["target"] == "GET /sparql"
    assert RED.graph not in entry["graphs"]
    again, path = ask(live, "analyst", LOOKUP, headers={"If-None-Match": r.headers["etag"]})
    assert (again.status_code, path) == (304, "app")  # the route's 304
    head = httpx.head(live.sparql, params={"query": LOOKUP}, headers={
        **JSON, **live.headers["analyst"]})
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"]


def test_form_and_direct_posts_are_answered_fast(live: Live) -> None:
    form, path = ask(live, "analyst", "", method="POST", data={"query": LOOKUP})
    assert (form.status_code, path) == (200, "fast") and len(rows(form)) == 1
    direct, path = ask(live, "analyst", "", method="POST", content=LOOKUP.encode(),
                       headers={"Content-Type": "application/sparql-query"})
    assert (direct.status_code, path) == (200, "fast") and rows(direct) == rows(form)
    update, path = ask(live, "loader", "", method="POST", data={
        "update": f"INSERT DATA {{ GRAPH <{RED.graph}> {{ <{EX}x> <{EX}y> 1 }} }}"})
    assert (update.status_code, path) == (403, "app")  # updates are the route's (body replayed)
    assert audit(live)[-1]["action"] == "update"


def test_no_token_or_a_bad_one_is_refused_by_the_route(live: Live) -> None:
    for headers in ({}, {"Authorization": "Bearer ipas_nope_x"}):
        r, path = ask(live, None, LOOKUP, headers=headers)
        assert (r.status_code, path) == (401, "app")
        assert "Bearer" in r.headers["www-authenticate"]
        assert r.headers["content-type"] == "application/problem+json"
        assert "person" not in r.text
        entry = audit(live)[-1]
        assert entry["status"] == "error:401" and entry["who"] == "-"


def test_the_scope_hides_graphs_on_the_fast_route(live: Live) -> None:
    for query in (SECRET, f"SELECT ?o WHERE {{ GRAPH <{RED.graph}> {{ <{EX}secret> ?p ?o }} }}",
                  f"SELECT ?o FROM <{RED.graph}> WHERE {{ <{EX}secret> <{EX}name> ?o }}",
                  f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}secret> ?p ?o }} }}"):
        hidden, path = ask(live, "analyst", query)
        assert (hidden.status_code, path, rows(hidden)) == (200, "fast", []), query
    seen, path = ask(live, "admin", SECRET)  # the admin's scope holds the red batch
    assert (path, [b["o"]["value"] for b in rows(seen)]) == ("fast", ["hidden"])


def test_guard_refusals_and_limits_hold(live: Live) -> None:
    service, path = ask(live, "analyst", f"SELECT * {{ SERVICE <http://127.0.0.1:9/> {{ "
                                         f"<{EX}p1> ?p ?o }} }}")
    assert (service.status_code, path) == (400, "app")
    assert service.json()["error"] == "refused"  # SERVICE never reaches an engine
    long, path = ask(live, "analyst", "", method="POST",
                     data={"query": LOOKUP + " " * live.settings.max_query_chars})
    assert (long.status_code, path) == (413, "app")
    bad, path = ask(live, "analyst", "SELECT ?o WHERE { <urn:a> ?p ?o ")
    assert (bad.status_code, path) == (400, "app") and bad.json()["line"] == 1
    # 8 people are 21: the row limit (3 here) cuts the lean answer, and says so.
    cut, path = ask(live, "analyst", f"SELECT ?s WHERE {{ ?s <{EX}age> 21 }}")
    assert (cut.status_code, path, len(rows(cut))) == (200, "fast", 3)
    assert cut.headers["x-ipas-truncated"] == "rows cut at 3"


def test_what_is_not_lean_falls_through_to_the_route(live: Live) -> None:
    scan, path = ask(live, "analyst", f"SELECT ?s WHERE {{ ?s <{EX}name> ?n }} LIMIT 2")
    assert (scan.status_code, path, len(rows(scan))) == (200, "app", 2)
    assert audit(live)[-1]["result_count"] == 2
    described, path = ask(live, "analyst", None, headers={"Accept": "text/turtle"})
    # no query: the service description, the route's
    assert (described.status_code, path) == (200, "app")
    csv, path = ask(live, "analyst", LOOKUP, headers={"Accept": "text/csv"})
    assert (csv.status_code, path, csv.text.split()) == (200, "fast", ["o", "person", "1"])


def test_lean_reads_off_means_no_fast_route(tmp_path: Path) -> None:
    with live_server(tmp_path, lean_reads=False) as server:
        r = httpx.get(server.sparql, params={"query": LOOKUP},
                      headers={**JSON, **server.headers["analyst"]})
        assert r.status_code == 200 and len(rows(r)) == 1
        assert counts(server) == {"served": 0, "declined": 0}  # not even attempted
