"""Transport: retries with backoff on transient failures only, timeouts, credentials, settings.

The stub servers here are tiny loopback HTTP servers started and stopped by each test; the
tests marked ``remote`` use the live Virtuoso.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ipas.errors import QueryTimeout
from ipas.settings import Settings
from ipas.store import open_store
from ipas.store.base import Scope
from ipas.store.remote import RemoteSparqlStore
from ipas.store.remote_http import Endpoints, RemoteStoreError, SparqlHttp
from tests.virtuoso import VirtuosoServer, free_port

ANSWER = json.dumps({"head": {"vars": ["x"]},
                     "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}})


class Stub:
    """Answers each request with the next scripted (status, delay) and counts requests."""

    def __init__(self, script: list[tuple[int, float]]) -> None:
        self.script, self.requests = list(script), 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, delay = stub.script[min(stub.requests, len(stub.script) - 1)]
                stub.requests += 1
                time.sleep(delay)
                body = ANSWER.encode() if status == 200 else b"Virtuoso 42000 secret <urn:g:x>"
                self.send_response(status)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"

    def __enter__(self) -> Stub:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Backoff sleeps, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(SparqlHttp, "sleep", staticmethod(recorded.append))
    yield recorded


def store_at(url: str, **kw: float | int) -> RemoteSparqlStore:
    return RemoteSparqlStore(Endpoints(url, url, retries=3, backoff_s=0.1, **kw))  # type: ignore[arg-type]


def test_dead_port_retried_with_backoff_then_unreachable(sleeps: list[float]) -> None:
    store = store_at(f"http://127.0.0.1:{free_port()}/sparql")
    with pytest.raises(RemoteStoreError, match="unreachable"):
        store.select("SELECT ?x { ?x ?p ?o }", scope=Scope.of(["urn:g"]))
    assert sleeps == [0.1, 0.2, 0.4]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_transient_status_retried_until_success(sleeps: list[float], status: int) -> None:
    with Stub([(status, 0), (status, 0), (200, 0)]) as stub:
        rows = store_at(stub.url).select("SELECT ?x { ?x ?p ?o }", scope=Scope.of(["urn:g"])).rows
    assert [str(r["x"]) for r in rows] == ["ok"]
    assert (stub.requests, len(sleeps)) == (3, 2)


@pytest.mark.parametrize("status", [400, 500])
def test_engine_errors_not_retried_and_not_leaked(sleeps: list[float], status: int) -> None:
    with Stub([(status, 0)]) as stub, pytest.raises(RemoteStoreError) as info:
        store_at(stub.url).select("SELECT ?x { ?x ?p ?o }", scope=Scope.of(["urn:g"]))
    assert stub.requests == 1 and sleeps == []
    assert "secret" not in str(info.value.to_dict()) and "urn:g:x" not in str(info.value)


def test_slow_server_times_out(sleeps: list[float]) -> None:
    with Stub([(200, 2.5)]) as stub, pytest.raises(QueryTimeout):
        store_at(stub.url, timeout_s=1).select("SELECT ?x { ?x ?p ?o }",
                                               scope=Scope.of(["urn:g"]), timeout_s=1)
    assert sleeps == []


@pytest.mark.remote
def test_anonymous_endpoint_is_read_only(virtuoso: VirtuosoServer) -> None:
    anonymous = RemoteSparqlStore(Endpoints.for_virtuoso(virtuoso.query_url))
    with pytest.raises(RemoteStoreError):
        anonymous.update('INSERT DATA { GRAPH <urn:g:anon> { <urn:a> <urn:b> "c" } }')
    wrong = RemoteSparqlStore(Endpoints.for_virtuoso(
        virtuoso.query_url, user=virtuoso.user, password="wrong-password", retries=0))
    with pytest.raises(RemoteStoreError):
        wrong.update('INSERT DATA { GRAPH <urn:g:anon> { <urn:a> <urn:b> "c" } }')
    assert "urn:g:anon" not in fresh_graphs(virtuoso)


def fresh_graphs(virtuoso: VirtuosoServer) -> list[str]:
    return RemoteSparqlStore(Endpoints.for_virtuoso(virtuoso.query_url)).graphs()


@pytest.mark.remote
def test_open_store_from_settings_with_password_file(
    virtuoso: VirtuosoServer, tmp_path: Path
) -> None:
    secret = tmp_path / "store-password"
    secret.write_text(virtuoso.password + "\n")
    settings = Settings(store=virtuoso.store_url, store_user=virtuoso.user,
                        store_password_file=secret, home=tmp_path)
    store = open_store(settings)
    assert isinstance(store, RemoteSparqlStore)
    store.load(b'<urn:a> <urn:b> "from settings" .', "application/n-triples", graph="urn:g:set")
    try:
        assert store.ask('ASK { ?s ?p "from settings" }', scope=Scope.of(["urn:g:set"]))
    finally:
        store.drop_graph("urn:g:set")


@pytest.mark.remote
def test_runaway_query_stopped_by_the_server(virtuoso: VirtuosoServer) -> None:
    store = RemoteSparqlStore(Endpoints.for_virtuoso(virtuoso.query_url))
    writer = RemoteSparqlStore(Endpoints.for_virtuoso(
        virtuoso.query_url, user=virtuoso.user, password=virtuoso.password))
    rows = "\n".join(f'<urn:s{i}> <urn:p> "{i}" .' for i in range(3000))
    writer.load(rows.encode(), "application/n-triples", graph="urn:g:big")
    try:
        with pytest.raises(QueryTimeout):  # 2.7e10 rows: only a server-side stop ends it
            store.select("SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
                         scope=Scope.of(["urn:g:big"]), timeout_s=1)
    finally:
        writer.drop_graph("urn:g:big")
