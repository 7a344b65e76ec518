"""/graph-store over real HTTP: reads within scope, validated writes, new batches."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph, Literal, URIRef

from ipas.facade.search_index import index_of, refresh_after_write
from tests.api_sparql.server import EX, GREEN, PEOPLE, RED, Live, live_server

PERSON = f"<{EX}alice> a <{EX}Person> ; <{EX}name> \"Alice\" .".encode()
NAMELESS = f"<{EX}bob> a <{EX}Person> .".encode()
TURTLE = {"Content-Type": "text/turtle"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("gsp"), max_result_rows=5000) as server:
        yield server


def gsp(live: Live, method: str, role: str, *, params: dict[str, str] | None = None,
        body: bytes | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.request(method, f"{live.url}/graph-store", params=params, content=body,
                         headers={**live.headers[role], **(headers or {})}, timeout=30)


def test_get_a_graph_in_scope_with_negotiation(live: Live) -> None:
    r = gsp(live, "GET", "reader", params={"graph": GREEN.graph},
            headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
    g = Graph().parse(data=r.text, format="nt")
    assert len(g) == 2 * PEOPLE + 1


def test_hidden_and_absent_graphs_are_the_same_404(live: Live) -> None:
    hidden = gsp(live, "GET", "reader", params={"graph": RED.graph})
    absent = gsp(live, "GET", "reader", params={"graph": f"{EX}nothing-here"})
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json()["message"] == absent.json()["message"]
    assert gsp(live, "HEAD", "reader", params={"graph": RED.graph}).status_code == 404
    assert gsp(live, "GET", "admin", params={"graph": RED.graph}).status_code == 200


def test_default_graph_is_the_callers_union(live: Live) -> None:
    r = gsp(live, "GET", "reader", params={"default": ""})
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(f"{EX}p1"), URIRef(f"{EX}name"), Literal("person 1")) in g
    assert not list(g.triples((URIRef(f"{EX}secret"), None, None)))


def test_put_post_get_head_delete_cycle(live: Live) -> None:
    graph = {"graph": f"{EX}people"}
    created = gsp(live, "PUT", "admin", params=graph, body=PERSON, headers=TURTLE)
    assert created.status_code == 201
    more = f"<{EX}carol> a <{EX}Person> ; <{EX}name> \"Carol\" .".encode()
    assert gsp(live, "POST", "admin", params=graph, body=more, headers=TURTLE).status_code == 204
    g = Graph().parse(data=gsp(live, "GET", "admin", params=graph).text, format="turtle")
    assert {str(o) for o in g.objects(None, URIRef(f"{EX}name"))} == {"Alice", "Carol"}
    replaced = gsp(live, "PUT", "admin", params=graph, body=PERSON, headers=TURTLE)
    assert replaced.status_code == 204
    g = Graph().parse(data=gsp(live, "GET", "admin", params=graph).text, format="turtle")
    assert {str(o) for o in g.objects(None, URIRef(f"{EX}name"))} == {"Alice"}
    head = gsp(live, "HEAD", "admin", params=graph)
    assert head.status_code == 200 and head.content == b""
    assert gsp(live, "DELETE", "admin", params=graph).status_code == 204
    assert gsp(live, "GET", "admin", params=graph).status_code == 404
    assert gsp(live, "DELETE", "admin", params=graph).status_code == 404


def test_a_graph_store_write_is_searchable_at_once(live: Live) -> None:
    index = index_of(live.store, (f"{EX}name",))  # what a first search would have built
    index.refresh(live.store)
    body = f'<{EX}dora> a <{EX}Person> ; <{EX}name> "Dorotea Núñez" .'.encode()
    put = gsp(live, "PUT", "admin", params={"graph": f"{EX}searchable"}, body=body,
              headers=TURTLE)
    assert put.status_code == 201, put.text
    assert refresh_after_write(live.store) == 0  # the write brought the index up to date
    assert [h.subject for h in index.search("dorotea nunez", None)] == [f"{EX}dora"]


def test_invalid_data_is_422_with_the_report_and_nothing_written(live: Live) -> None:
    graph = {"graph": f"{EX}invalid"}
    r = gsp(live, "PUT", "admin", params=graph, body=NAMELESS, headers=TURTLE)
    assert r.status_code == 422
    report = r.json()["report"]
    assert report and any(f"{EX}name" in str(reason) for reason in report[0]["reasons"])
    assert gsp(live, "GET", "admin", params=graph).status_code == 404


def test_writes_need_the_right_role(live: Live) -> None:
    graph = {"graph": f"{EX}people"}
    for role in ("reader", "analyst", "loader"):
        assert gsp(live, "PUT", role, params=graph, body=PERSON, headers=TURTLE).status_code == 403
        assert gsp(live, "DELETE", role, params={"graph": GREEN.graph}).status_code == 403
    assert gsp(live, "POST", "reader", body=PERSON, headers=TURTLE).status_code == 403


def test_post_to_the_store_ingests_a_new_batch(live: Live) -> None:
    r = gsp(live, "POST", "loader", params={"marking": "TLP:GREEN", "agency": "HSI"},
            body=PERSON, headers=TURTLE)
    assert r.status_code == 201, r.text
    batch = r.json()
    assert batch["marking"] == "TLP:GREEN" and batch["triples"] == 2
    assert r.headers["location"] == batch["graph"]
    again = gsp(live, "POST", "loader", params={"marking": "TLP:GREEN", "agency": "HSI"},
                body=PERSON, headers=TURTLE)
    assert again.status_code == 200 and again.json()["id"] == batch["id"]  # idempotent
    invalid = gsp(live, "POST", "loader", body=NAMELESS, headers=TURTLE)
    assert invalid.status_code == 422


def test_bad_requests(live: Live) -> None:
    both = gsp(live, "GET", "reader", params={"graph": GREEN.graph, "default": ""})
    assert both.status_code == 400
    assert gsp(live, "GET", "reader").status_code == 400
    assert gsp(live, "GET", "reader", params={"graph": "not an iri"}).status_code == 400
    wrong = gsp(live, "PUT", "admin", params={"graph": f"{EX}x"}, body=PERSON,
                headers={"Content-Type": "text/plain"})
    assert wrong.status_code == 415
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>'
    refused = gsp(live, "PUT", "admin", params={"graph": f"{EX}x"}, body=bomb,
                  headers={"Content-Type": "application/rdf+xml"})
    assert refused.status_code == 400
    big = gsp(live, "PUT", "admin", params={"graph": f"{EX}x"},
              body=b"#" * (live.settings.max_body_bytes + 1), headers=TURTLE)
    assert big.status_code == 413
    assert gsp(live, "GET", "reader", headers={"Accept": "text/csv"},
               params={"graph": GREEN.graph}).status_code == 406
    default_write = gsp(live, "PUT", "admin", params={"default": ""}, body=PERSON,
                        headers=TURTLE)
    assert default_write.status_code == 400
