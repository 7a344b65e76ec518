"""Entity GET on the fast route (api.fast) over real HTTP: same answer, checks and audit as
the route's, and everything it does not serve falls through to the route.

Which path answered is read from the app's counters (``app.state.fast_reads``), never from
timing. The store is on disk, served on loopback with ``ipas serve``'s configuration.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.api_sparql.live import serve
from tests.rest.conftest import FixedAccess
from tests.rest.test_rest_entities import BASE, DATA

ANALYST = {"Authorization": "Bearer analyst-token"}
NARROW = {"Authorization": "Bearer narrow-token"}
B1, HIDDEN = BASE + "graph/batch/b1", BASE + "graph/batch/hidden"
JOSE = "/entities/person/person/t/jose"


@pytest.fixture
def server(tmp_path: Path, dirs: tuple[Path, Path]) -> Iterator[tuple[str, FastAPI]]:
    store = OxigraphStore(tmp_path / "store")
    store.load(DATA.encode(), "text/turtle", graph=B1)
    store.load(f'<{BASE}person/t/jose> <http://example.org/t#alias> "Secret" .'.encode(),
               "text/turtle", graph=HIDDEN)
    queries = tmp_path / "queries"
    queries.mkdir()
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home",
                        ontology_dir=dirs[0], shapes_dir=dirs[1], queries_dir=queries,
                        query_workers=1)
    app = create_app(settings, store=store, access=FixedAccess(store.graphs, {"nora": [B1]}))
    try:
        with serve(app) as url:
            yield url, app
    finally:
        store.close()


def get(server: tuple[str, FastAPI], path: str, headers: dict[str, str] | None = None,
        **kw: Any) -> tuple[httpx.Response, str]:
    """The response and the path that answered it: 'fast' or 'app'."""
    url, app = server
    before = dict(app.state.fast_reads)
    r = httpx.get(url + path, headers=headers or {}, **kw)
    path_taken = "fast" if app.state.fast_reads["served"] > before["served"] else "app"
    return r, path_taken


def audit(app: FastAPI) -> list[dict[str, Any]]:
    lines = app.state.settings.audit_path.read_text().splitlines()
    return [json.loads(line) for line in lines]


def test_entity_get_is_served_fast_with_the_routes_answer(
        server: tuple[str, FastAPI]) -> None:
    r, path = get(server, JOSE, ANALYST)
    assert (r.status_code, path) == (200, "fast")
    body = r.json()
    assert body["label"] == "José Peña" and body["born"] == "1970-03-04"
    assert sorted(body["alias"]) == ["El Contador", "Secret"]  # the analyst sees both batches
    assert body["memberOf"] == [{"id": "org/t/valle", "iri": BASE + "org/t/valle",
                                 "label": "Valle Dorado"}]
    assert r.headers["etag"] and "Authorization" in r.headers["vary"]
    entry = audit(server[1])[-1]
    assert entry["who"] == "ana" and entry["action"] == "rest_get"
    assert entry["query"] == "person person/t/jose" and entry["http_status"] == 200
    ld, path = get(server, JOSE, {**ANALYST, "Accept": "application/ld+json"})
    assert (ld.status_code, path) == (200, "fast") and ld.json()["@context"]["label"]
    # The same request through the route (a parameter the fast route leaves to it):
    routed, path = get(server, JOSE, ANALYST, params={"resolved": "false"})
    assert (routed.status_code, path) == (200, "app") and routed.json() == body


def test_the_scope_and_the_token_hold_on_the_fast_route(server: tuple[str, FastAPI]) -> None:
    narrow, path = get(server, JOSE, NARROW)
    assert (narrow.status_code, path) == (200, "fast")
    assert narrow.json()["alias"] == ["El Contador"]  # the hidden batch's alias is absent
    assert HIDDEN not in audit(server[1])[-1]["graphs"]
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        refused, path = get(server, JOSE, headers)
        assert (refused.status_code, path) == (401, "app")
        assert refused.headers["content-type"] == "application/problem+json"
        assert audit(server[1])[-1]["status"] == "error:401"


def test_what_the_fast_route_does_not_serve_falls_through(
        server: tuple[str, FastAPI]) -> None:
    missing, path = get(server, "/entities/person/person/t/nobody", ANALYST)
    assert (missing.status_code, path) == (404, "app")
    wrong_class, path = get(server, "/entities/organization/person/t/jose", ANALYST)
    assert (wrong_class.status_code, path) == (404, "app")
    links, path = get(server, JOSE + "/neighbours", ANALYST)
    assert (links.status_code, path) == (200, "app") and "links" in links.json()
    search, path = get(server, "/entities/person/search", ANALYST, params={"q": "jose"})
    assert (search.status_code, path) == (200, "app")
    too_long, path = get(server, "/entities/person/" + "x" * 2101, ANALYST)
    assert (too_long.status_code, path) == (422, "app")
    unacceptable, path = get(server, JOSE, {**ANALYST, "Accept": "text/csv"})
    assert (unacceptable.status_code, path) == (406, "app")



PATHS = ["/entities/person/person/t/jose", "/entities/person/search", "/entities/person/search/",
         "/entities/person/x/neighbours", "/entities/person//neighbours", "/entities/person/",
         "/entities/person", "/entities/nope/x", "/entities/organization/a/b/c",
         "/entities/person/neighbours", "/entities/agent/~aGVsbG8", "/entities/person/a%2Fb"]


def test_the_fast_route_takes_only_paths_the_router_sends_to_an_entity_get(
        make_client: Any, dirs: tuple[Path, Path], tmp_path: Path) -> None:
    # In process (TestClient): this is about routing, and the route's audit entry names the
    # endpoint that answered (rest_get, rest_search, rest_neighbours, rest_list).
    queries = tmp_path / "q"
    queries.mkdir()
    client = make_client(OxigraphStore(), ontology_dir=dirs[0], shapes_dir=dirs[1],
                         queries_dir=queries, lean_reads=False)  # no fast route: the router
    app = client.app
    taken = 0
    for path in PATHS:
        client.get(path, headers=ANALYST)
        action = audit(app)[-1]["action"]
        if app.state.entity_reader.target(path) is not None:
            taken += 1
            assert action == "rest_get", path
    assert taken == 6  # jose, search/, a/b/c, neighbours, ~aGVsbG8, a%2Fb
