"""/sparql over real HTTP: protocol forms, negotiation, scope, limits and refusals."""

from __future__ import annotations

import csv
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

from tests.api_sparql.live import Listener
from tests.api_sparql.server import EX, GREEN, PEOPLE, RED, Live, live_server

NAME = f"<{EX}name>"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("sparql")) as server:
        yield server


def get(live: Live, query: str, role: str = "reader", **kw: object) -> httpx.Response:
    headers = {**live.headers[role], **kw.pop("headers", {})}  # type: ignore[dict-item]
    return httpx.get(live.sparql, params={"query": query, **kw}, headers=headers, timeout=30)


def post(live: Live, body: str | dict[str, str], content_type: str | None,
         role: str = "reader", **headers: str) -> httpx.Response:
    h = {**live.headers[role], **headers}
    if content_type:
        h["Content-Type"] = content_type
    if isinstance(body, dict):
        return httpx.post(live.sparql, data=body, headers=h, timeout=30)
    return httpx.post(live.sparql, content=body.encode(), headers=h, timeout=30)


# -- the three ways to send a query ----------------------------------------------------------
def test_query_by_get_form_post_and_direct_post(live: Live) -> None:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {NAME} ?o }}"
    answers = [
        get(live, q),
        post(live, {"query": q}, None),
        post(live, q, "application/sparql-query"),
    ]
    for r in answers:
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        assert r.json()["results"]["bindings"][0]["n"]["value"] == str(PEOPLE + 1)


def test_scope_hides_other_batches_everywhere(live: Live) -> None:
    red = RED.graph
    probes = [
        f"SELECT ?o WHERE {{ <{EX}secret> ?p ?o }}",
        f"SELECT ?o FROM <{red}> WHERE {{ ?s ?p ?o }}",
        f"SELECT ?o WHERE {{ GRAPH <{red}> {{ ?s ?p ?o }} }}",
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p 'hidden' } }",
    ]
    for q in probes:
        r = get(live, q)
        assert r.status_code == 200, r.text
        assert r.json()["results"]["bindings"] == [], q
    narrowed = get(live, "SELECT ?s WHERE { ?s ?p ?o }", **{"default-graph-uri": red})
    assert narrowed.json()["results"]["bindings"] == []
    admin = get(live, f"SELECT ?o WHERE {{ <{EX}secret> ?p ?o }}", role="admin")
    assert admin.json()["results"]["bindings"][0]["o"]["value"] == "hidden"


def test_default_graph_is_the_union_with_the_ontology(live: Live) -> None:
    r = get(live, f"ASK {{ <{EX}Person> a ?t . <{EX}p1> {NAME} ?n }}")
    assert r.json()["boolean"] is True
    graphs = get(live, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").json()
    seen = {b["g"]["value"] for b in graphs["results"]["bindings"]}
    assert GREEN.graph in seen and RED.graph not in seen


def test_from_and_protocol_dataset_narrow(live: Live) -> None:
    only_ontology = get(live, f"ASK FROM <{GREEN.graph.rsplit('/', 2)[0]}/ontology> "
                              f"{{ <{EX}p1> ?p ?o }}")
    assert only_ontology.json()["boolean"] is False
    r = get(live, f"ASK {{ <{EX}p1> ?p ?o }}", **{"default-graph-uri": GREEN.graph})
    assert r.json()["boolean"] is True


# -- negotiation ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
         "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_select_negotiation(live: Live, accept: str, expected: str) -> None:
    r = get(live, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
     ("application/ld+json", "json-ld"), ("application/trig", "trig"),
     ("application/n-quads", "nquads")],
)
def test_construct_negotiation(live: Live, accept: str, rdflib_format: str) -> None:
    q = f"CONSTRUCT {{ ?s {NAME} ?o }} WHERE {{ ?s {NAME} ?o }} LIMIT 5"
    r = get(live, q, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == accept
    g = Graph()
    g.parse(data=r.content, format=rdflib_format)
    assert len(g) == 5


def test_unacceptable_types_are_406(live: Live) -> None:
    assert get(live, "SELECT * {}", headers={"Accept": "image/png"}).status_code == 406
    assert get(live, "CONSTRUCT WHERE {}", headers={"Accept": "text/csv"}).status_code == 406
    excluded = get(live, "ASK {}", headers={"Accept": "application/sparql-results+json;q=0"})
    assert excluded.status_code == 406


def test_csv_neutralizes_formulas(live: Live) -> None:
    r = get(live, f"SELECT ?n WHERE {{ <{EX}evil> {NAME} ?n }}", headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[1][0].startswith("'=HYPERLINK")


def test_row_limit_cuts_and_says_so(live: Live) -> None:
    r = get(live, "SELECT * WHERE { ?s ?p ?o }")
    assert len(r.json()["results"]["bindings"]) == live.settings.max_result_rows
    assert "x-ipas-truncated" in r.headers


def test_service_description(live: Live) -> None:
    r = httpx.get(live.sparql, headers=live.headers["reader"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(live.sparql)) in g


# -- errors ----------------------------------------------------------------------------------
def test_syntax_errors_are_400_with_position(live: Live) -> None:
    r = get(live, "SELECT * WHERE {\n  ?s ?p \n}")
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "bad_input" and body["line"] == 3 and "column" in body


def test_protocol_misuse(live: Live) -> None:
    assert post(live, "ASK {}", "text/plain").status_code == 415
    assert post(live, "ASK {}", None).status_code == 415
    assert post(live, "ASK {}", "application/sparql-query; charset=UTF-16").status_code == 415
    assert get(live, "INSERT DATA { <a:a> <a:b> <a:c> }").status_code == 400
    assert post(live, "ASK {}", "application/sparql-update", role="admin").status_code == 400
    both = httpx.get(live.sparql, params=[("query", "ASK {}"), ("query", "ASK {}")],
                     headers=live.headers["reader"])
    assert both.status_code == 400
    update_get = httpx.get(live.sparql, params={"update": "CLEAR ALL"},
                           headers=live.headers["admin"])
    assert update_get.status_code == 400
    assert httpx.get(live.sparql, params={"query": "ASK {}"}).status_code == 401
    assert httpx.put(live.sparql, headers=live.headers["admin"]).status_code == 405


def test_body_limit_is_413(live: Live) -> None:
    big = "ASK {} #" + "x" * (live.settings.max_body_bytes + 10)
    assert post(live, big, "application/sparql-query").status_code == 413


def test_query_length_and_depth_are_checked_before_parsing(live: Live) -> None:
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    r = post(live, deep, "application/sparql-query")
    assert r.status_code == 400 and "nested" in r.json()["message"]
    parens = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    assert post(live, parens, "application/sparql-query").status_code == 400
    assert get(live, "ASK {}").status_code == 200  # still up


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p \"x\\u0022 }} SERVICE <{url}> {{ ?s ?p ?o }} # \" }}",
        "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_outbound_requests_are_refused_and_never_made(live: Live, template: str) -> None:
    listener = Listener()
    try:
        r = get(live, template.format(url=listener.url))
        assert r.status_code == 400, r.text
        assert r.json()["error"] in ("refused", "bad_input")
        time.sleep(0.2)
        assert not listener.reached()
    finally:
        listener.close()


def test_keywords_inside_literals_and_iris_are_fine(live: Live) -> None:
    q = f'SELECT * WHERE {{ ?s {NAME} "SERVICE <http://x/> {{}}" . ?s <{EX}LOAD> ?o }}'
    assert get(live, q).status_code == 200


# -- time limit: a runaway query is stopped and the server keeps answering -------------------
def test_runaway_query_is_stopped_while_health_answers(live: Live) -> None:
    runaway = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    result: dict[str, httpx.Response] = {}
    worker = threading.Thread(target=lambda: result.update(r=get(live, runaway)))
    worker.start()
    latencies = []
    while worker.is_alive():
        started = time.perf_counter()
        health = httpx.get(f"{live.url}/health", timeout=30)
        latencies.append(time.perf_counter() - started)
        assert health.status_code == 200
        time.sleep(0.1)
    worker.join()
    r = result["r"]
    assert r.status_code == 503 and r.json()["error"] == "query_timeout"
    assert latencies, "health was never polled during the runaway query"
    print(f"/health during runaway query: {len(latencies)} calls, max {max(latencies):.3f} s")
    assert get(live, "ASK {}").json()["boolean"] is True  # a fresh worker answers


# -- updates ---------------------------------------------------------------------------------
def test_updates_need_the_update_role(live: Live) -> None:
    insert = f"INSERT DATA {{ GRAPH <{GREEN.graph}> {{ <{EX}x> <{EX}y> 1 }} }}"
    for role in ("reader", "analyst", "loader"):
        assert post(live, {"update": insert}, None, role=role).status_code == 403
    assert httpx.post(live.sparql, data={"update": insert}).status_code == 401


def test_admin_update_is_visible_to_the_next_query(live: Live, tmp_path: Path) -> None:
    graph = f"{EX}scratch"
    r = post(live, f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}u> <{EX}v> 42 }} }}",
             "application/sparql-update", role="admin")
    assert r.status_code == 204, r.text
    ask = get(live, f"ASK {{ GRAPH <{graph}> {{ <{EX}u> <{EX}v> 42 }} }}", role="admin")
    assert ask.json()["boolean"] is True
    assert get(live, f"ASK {{ <{EX}u> ?p ?o }}").json()["boolean"] is False  # not the reader's
    refused = post(live, "LOAD <http://127.0.0.1:9/x.ttl>", "application/sparql-update",
                   role="admin")
    assert refused.status_code == 400
    drop = post(live, {"update": f"DROP GRAPH <{graph}>"}, None, role="admin")
    assert drop.status_code == 204


def test_format_parameter_picks_the_serialization(live: Live) -> None:
    assert get(live, "ASK {}", format="xml").headers["content-type"].startswith(
        "application/sparql-results+xml")
    construct = get(live, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", output="nt")
    assert construct.headers["content-type"].startswith("application/n-triples")


def test_updates_are_guarded_too(live: Live) -> None:
    listener = Listener()
    try:
        update = (f"INSERT {{ GRAPH <{EX}g> {{ ?s ?p ?o }} }} "
                  f"WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
        r = post(live, update, "application/sparql-update", role="admin")
        assert r.status_code == 400 and r.json()["error"] == "refused"
        assert not listener.reached()
    finally:
        listener.close()
    deep = "INSERT DATA { GRAPH <urn:g> " + "{" * 5000 + "}" * 5000 + " }"
    assert post(live, deep, "application/sparql-update", role="admin").status_code == 400


def test_union_default_graph_can_be_turned_off(tmp_path: Path) -> None:
    with live_server(tmp_path, default_graph_union=False) as server:
        q = f"ASK {{ <{EX}p1> {NAME} ?n }}"
        assert get(server, q).json()["boolean"] is False
        in_graph = f"ASK {{ GRAPH ?g {{ <{EX}p1> {NAME} ?n }} }}"
        assert get(server, in_graph).json()["boolean"] is True
        named = get(server, q, **{"default-graph-uri": GREEN.graph})
        assert named.json()["boolean"] is True
