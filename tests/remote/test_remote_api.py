"""The app over Virtuoso: /sparql, /graph-store and saved queries work unchanged, scoped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from ipas.settings import Settings
from ipas.store.remote import RemoteSparqlStore
from tests.api_sparql.conftest import make_callers
from tests.api_sparql.server import EX, GREEN, PEOPLE, RED, endpoint_dirs, green_data
from tests.virtuoso import VirtuosoServer, fresh_remote_store

pytestmark = pytest.mark.remote
NAME = f"<{EX}name>"
SAVED = f"""#+ summary: People by name prefix
#+ param: prefix string -- the start of the name
SELECT ?s WHERE {{ ?s {NAME} ?n FILTER(STRSTARTS(?n, ?_prefix)) }}
"""


@pytest.fixture(scope="module")
def client(virtuoso: VirtuosoServer, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[TestClient, dict[str, dict[str, str]], RemoteSparqlStore]]:
    root = tmp_path_factory.mktemp("remote-api")
    store = fresh_remote_store(virtuoso)
    store.load(green_data(), "text/turtle", graph=GREEN.graph)
    store.load(f'<{EX}secret> <{EX}name> "hidden" .'.encode(), "text/turtle", graph=RED.graph)
    callers = make_callers(root, [GREEN, RED], store.graphs)
    dirs = endpoint_dirs(root)
    (dirs["queries_dir"] / "people-by-prefix.rq").write_text(SAVED)
    settings = Settings(store=virtuoso.store_url, home=root / "home", query_timeout_s=20,
                        max_result_rows=1000, **dirs)
    app = create_app(settings, store=store, access=callers.access)
    with TestClient(app) as http:
        yield http, callers.headers, store


def sparql(client: tuple, query: str, role: str = "reader", **kw: str):  # type: ignore[no-untyped-def]
    http, headers, _ = client
    return http.get("/sparql", params={"query": query, **kw},
                    headers={**headers[role], **kw.pop("headers_", {})})


def test_sparql_endpoint_counts_and_formats(client: tuple) -> None:
    r = sparql(client, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {NAME} ?o }}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.json()["results"]["bindings"][0]["n"]["value"] == str(PEOPLE + 1)
    http, headers, _ = client
    csv = http.get("/sparql", params={"query": f"SELECT ?o {{ <{EX}p1> {NAME} ?o }}"},
                   headers={**headers["reader"], "Accept": "text/csv"})
    assert csv.status_code == 200 and csv.text.splitlines() == ["o", "person 1"]


@pytest.mark.parametrize("query", [
    f"SELECT ?o WHERE {{ <{EX}secret> ?p ?o }}",
    f"SELECT ?o FROM <{RED.graph}> WHERE {{ ?s ?p ?o }}",
    f"SELECT ?o WHERE {{ GRAPH <{RED.graph}> {{ ?s ?p ?o }} }}",
    "SELECT ?g WHERE { GRAPH ?g { ?s ?p 'hidden' } }",
])
def test_reader_cannot_reach_the_red_batch(client: tuple, query: str) -> None:
    r = sparql(client, query)
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"] == []


def test_admin_sees_everything_and_service_is_refused(client: tuple) -> None:
    r = sparql(client, f"SELECT ?o WHERE {{ <{EX}secret> ?p ?o }}", role="admin")
    assert r.json()["results"]["bindings"][0]["o"]["value"] == "hidden"
    refused = sparql(client, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert refused.status_code == 400


def test_graph_store_read_is_scoped(client: tuple) -> None:
    http, headers, _ = client
    ok = http.get("/graph-store", params={"graph": GREEN.graph},
                  headers={**headers["reader"], "Accept": "application/n-triples"})
    assert ok.status_code == 200, ok.text
    assert len(Graph().parse(data=ok.text, format="nt")) == 2 * PEOPLE + 1  # names, ages
    hidden = http.get("/graph-store", params={"graph": RED.graph}, headers=headers["reader"])
    assert hidden.status_code == 404


def test_saved_query_binds_a_hostile_parameter(client: tuple) -> None:
    http, headers, _ = client
    r = http.get("/queries/people-by-prefix", params={"prefix": "person 39"},
                 headers=headers["analyst"])
    assert r.status_code == 200, r.text
    body = r.json()
    rows = body["results"]["bindings"] if "results" in body else body["rows"]
    assert len(rows) == 11  # person 39, 390..399
    evil = http.get("/queries/people-by-prefix", params={"prefix": '" ) } UNION { ?s ?p ?o } #'},
                    headers=headers["analyst"])
    assert evil.status_code == 200, evil.text
    body = evil.json()
    assert (body["results"]["bindings"] if "results" in body else body["rows"]) == []


def test_store_lists_only_user_graphs(client: tuple) -> None:
    _, _, store = client  # Virtuoso's own system graphs never show
    assert set(store.graphs()) == {GREEN.graph, RED.graph}
