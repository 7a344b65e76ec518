"""Hostile requests that try to reach out or misuse the protocol, against a real server on
loopback: each is refused (4xx) or stopped (503 at the time limit), reads no file, reaches no
server, stays bounded, and the server stays up.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from ipas.security.control import TokenAccessControl
from ipas.security.tokens import TokenStore
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.security.security_hostile_env import (
    CANARY,
    HIDDEN,
    NAMES,
    VISIBLE,
    Env,
    refused,
)
from tests.security.security_server import Listener


# -- reaching out: files and servers ---------------------------------------------------------
@pytest.mark.parametrize("iri", ["file:///etc/passwd", "FILE:///etc/passwd", "file:/etc/passwd"])
def test_from_file_iri_refused(env: Env, iri: str) -> None:
    for q in (
        f"SELECT * FROM <{iri}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{iri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ):
        refused(env.query(q), 400)
    assert env.up()


def test_from_canary_file_is_never_read(env: Env) -> None:
    uri = env.canary_file.as_uri()
    refused(env.query(f"SELECT * FROM <{uri}> WHERE {{ ?s ?p ?o }}"), 400)
    r = env.query(f"SELECT * WHERE {{ GRAPH <{uri}> {{ ?s ?p ?o }} }}")
    assert r.status_code in (200, 400) and CANARY not in r.text


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX r: <{url}> SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}",
        "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_service_and_web_iris_never_reach_a_loopback_listener(
    env: Env, listener: Listener, template: str
) -> None:
    q = template.format(url=listener.url)
    for who in ("admin", "partner"):
        refused(env.query(q, who), 400)
    get = env.client.get("/sparql", params={"query": q}, headers=env.headers["admin"])
    refused(get, 400)
    assert not listener.reached()
    assert env.up()


@pytest.mark.parametrize("target", ["canary", "web"])
def test_load_refused_and_nothing_loaded(env: Env, listener: Listener, target: str) -> None:
    iri = env.canary_file.as_uri() if target == "canary" else listener.url
    before = env.count()
    for text in (f"LOAD <{iri}>", f"LOAD SILENT <{iri}> INTO GRAPH <{VISIBLE}>", f"lOaD <{iri}>"):
        refused(env.update(text), 400)
        refused(env.update(text, "partner"), 403)
    assert env.count() == before
    assert not listener.reached()


# -- parser bombs ----------------------------------------------------------------------------
def test_deep_sparql_nesting_refused(env: Env) -> None:
    deep_groups = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o " + "} " * 5000
    deep_expr = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    deep_sub = "SELECT * WHERE " + "{ SELECT * WHERE " * 2500 + "{ ?s ?p ?o }" + " }" * 2500
    for q in (deep_groups, deep_expr, deep_sub):
        refused(env.query(q))
        refused(env.query(q, "partner"))
    assert env.up()


def test_catastrophic_regex_is_bounded(env: Env) -> None:
    q = (
        'SELECT ?o WHERE { ?s ?p ?o FILTER REGEX(CONCAT(STR(?o), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"),'
        ' "^(a+)+$") }'
    )
    r = env.query(q)  # the engine's regex is linear time: an answer (or the time limit)
    assert r.status_code in (200, 503), r.text[:300]
    if r.status_code == 200:
        assert r.json()["results"]["bindings"] == []
    assert env.up()


def test_cartesian_product_stopped_at_the_time_limit(env: Env) -> None:
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    r = env.query(q)
    assert r.status_code == 503 and r.json()["error"] == "query_timeout", r.text[:300]
    assert env.up() and env.count() > 0  # the worker was replaced; queries still run


def test_unbounded_property_path_over_every_predicate_is_bounded(env: Env) -> None:
    q = "SELECT * WHERE { ?s (<urn:x>|!<urn:x>)* ?o . ?o (^<urn:x>|!^<urn:x>)* ?z }"
    r = env.query(q)
    assert r.status_code in (200, 503), r.text[:300]
    if r.status_code == 200:
        assert r.headers.get("x-ipas-truncated") or len(r.content) < 50_000_000
    assert env.up()


# -- protocol misuse ---------------------------------------------------------------------------
def test_update_sent_as_query_refused(env: Env) -> None:
    before = env.count()
    for text in (
        "DROP ALL",
        f"INSERT DATA {{ GRAPH <{VISIBLE}> {{ <urn:a> <urn:b> <urn:c> }} }}",
        "CLEAR DEFAULT",
    ):
        refused(env.query(text), 400)
        refused(
            env.client.get("/sparql", params={"query": text}, headers=env.headers["admin"]), 400
        )
        refused(
            env.client.post(
                "/sparql",
                content=text.encode(),
                headers={**env.headers["admin"], "Content-Type": "application/sparql-query"},
            ),
            400,
        )
    refused(
        env.client.get("/sparql", params={"update": "DROP ALL"}, headers=env.headers["admin"]), 400
    )
    assert env.count() == before


@pytest.mark.parametrize(
    "ctype",
    [
        "text/plain",
        "application/json",
        "multipart/form-data; x=1",
        "",
        "application/sparql-query; charset=latin-1",
    ],
)
def test_wrong_content_type_refused(env: Env, ctype: str) -> None:
    headers = {**env.headers["admin"]}
    if ctype:
        headers["Content-Type"] = ctype
    r = env.client.post("/sparql", content=b"ASK {}", headers=headers)
    refused(r, 415)


@pytest.mark.parametrize(
    "text",
    [
        f"INSERT DATA {{ GRAPH <{VISIBLE}> {{ <urn:a> <urn:b> <urn:c> }} }}",
        f"DELETE WHERE {{ GRAPH <{VISIBLE}> {{ ?s ?p ?o }} }}",
        "DROP ALL",
        "CLEAR ALL",
        f"DROP GRAPH <{VISIBLE}>",
        f"CLEAR GRAPH <{HIDDEN}>",
    ],
)
def test_unauthenticated_and_partner_writes_refused(env: Env, text: str) -> None:
    before = env.count()
    refused(env.update(text, "nobody"), 401)
    refused(env.update(text, "partner"), 403)
    refused(env.update(text, "reader"), 403)
    refused(
        env.client.post(
            "/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-update"}
        ),
        401,
    )
    bad = {"Authorization": "Bearer ipas_000000000000_forged"}
    refused(env.client.post("/sparql", data={"update": text}, headers=bad), 401)
    assert env.count() == before


def test_cors_preflight_from_foreign_origin_gets_no_grant(env: Env) -> None:
    r = env.client.options(
        "/sparql",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert 400 <= r.status_code < 500
    assert "access-control-allow-origin" not in r.headers
    assert "access-control-allow-credentials" not in r.headers
    get = env.client.get(
        "/sparql",
        params={"query": "ASK {}"},
        headers={**env.headers["admin"], "Origin": "https://evil.example"},
    )
    assert "access-control-allow-origin" not in get.headers


def test_cors_configured_still_refuses_foreign_origins_and_credentials(tmp_path: Path) -> None:
    settings = Settings(store="memory", home=tmp_path, cors_origins=["https://good.example"])
    store = OxigraphStore()
    access = TokenAccessControl(TokenStore(tmp_path / "t.json"), list, NAMES, graphs=store.graphs)
    with TestClient(create_app(settings, store=store, access=access)) as client:
        pre = {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        }
        evil = client.options("/sparql", headers={"Origin": "https://evil.example", **pre})
        assert evil.status_code == 400 and "access-control-allow-origin" not in evil.headers
        good = client.options("/sparql", headers={"Origin": "https://good.example", **pre})
        assert good.headers.get("access-control-allow-origin") == "https://good.example"
        assert good.headers.get("access-control-allow-credentials") != "true"
