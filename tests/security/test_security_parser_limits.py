"""Parser limits on uploads (issue #20): oversized terms and collections are 413, never 500.

A Turtle literal over 16 MiB (under the body limit) used to stop the engine's parser with
``MemoryError: Reached the buffer maximal size`` and a 500; a 200,000-item RDF collection ran
for 18 minutes (grouping a list's blank nodes was quadratic). Through the real server: both are
refused with 413 naming the limit, and a collection under the limit is committed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ipas.ingest.guards import MAX_LIST_ITEMS, MAX_TERM_BYTES
from tests.security.security_hostile_env import BASE, Env, hostile_env, refused

BIG = 17 * 1024 * 1024  # past the parser's 16 MiB token buffer


@pytest.fixture(scope="module")
def roomy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    with hostile_env(tmp_path_factory.mktemp("parser"), max_body_bytes=40 * 1024 * 1024) as e:
        yield e


def _post(env: Env, body: bytes, ctype: str, door: str = "/ingest") -> tuple[int, dict]:
    r = env.client.post(door, content=body,
                        headers={**env.headers["admin"], "Content-Type": ctype})
    if 400 <= r.status_code < 500:
        refused(r)
    return r.status_code, r.json()


@pytest.mark.parametrize(("body", "ctype"), [
    (b'<urn:s> <urn:p> "' + b"a" * BIG + b'" .\n', "text/turtle"),
    (b'<urn:s> <urn:p> "' + b"a" * BIG + b'" .\n', "application/n-triples"),
    (b'{"@id": "urn:s", "urn:p": "' + b"a" * BIG + b'"}', "application/ld+json"),
])
def test_a_term_over_the_limit_is_413(roomy: Env, body: bytes, ctype: str) -> None:
    status, answer = _post(roomy, body, ctype)
    assert status == 413, answer
    assert "MAX_TERM_BYTES" in answer["message"] and answer["limit"] == "max_term_bytes"
    assert roomy.up()


def test_the_graph_store_door_and_rdf_xml_text_too(roomy: Env) -> None:
    status, answer = _post(roomy, b'<urn:s> <urn:p> "' + b"a" * BIG + b'" .\n', "text/turtle",
                           "/graph-store")
    assert status == 413 and answer["limit"] == "max_term_bytes", answer
    # RDF/XML text passes the engine's XML parser whole, then could not be stored (500 before).
    body = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax'
            b'-ns#" xmlns:e="urn:e:"><rdf:Description rdf:about="urn:s"><e:p>'
            + b"a" * BIG + b"</e:p></rdf:Description></rdf:RDF>")
    status, answer = _post(roomy, body, "application/rdf+xml")
    assert status == 413 and answer["limit"] == "max_term_bytes", answer
    assert roomy.up()


def test_a_collection_over_the_limit_is_413(roomy: Env) -> None:
    items = " ".join(str(i) for i in range(200_000))
    body = f"<{BASE}e/list> <{BASE}p/v> ( {items} ) .".encode()
    status, answer = _post(roomy, body, "text/turtle")
    assert status == 413, answer
    assert "MAX_LIST_ITEMS" in answer["message"] and "200000 items" in answer["message"]


def test_a_collection_under_the_limit_is_committed(roomy: Env) -> None:
    n = MAX_LIST_ITEMS
    items = " ".join(f'"item {i}"' for i in range(n))
    body = f"<{BASE}e/list> <{BASE}p/v> ( {items} ) .".encode()
    status, answer = _post(roomy, body, "text/turtle")  # quadratic before: minutes
    assert status == 201, answer
    assert answer["triples"] >= 2 * n
    assert MAX_TERM_BYTES < 16 * 1024 * 1024


def test_triples_per_upload_are_limited(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A Turtle object list packs a triple into two bytes: the count is limited, not only the
    body size, and checked before anything is committed."""
    with hostile_env(tmp_path_factory.mktemp("triples"), max_ingest_triples=1_000) as env:
        before = env.count()
        body = f"<{BASE}e/many> <{BASE}p/v> " + ", ".join(str(i) for i in range(5_000)) + " ."
        for door in ("/ingest", "/graph-store"):
            status, answer = _post(env, body.encode(), "text/turtle", door)
            assert status == 413, answer
            assert "IPAS_MAX_INGEST_TRIPLES" in answer["message"]
        assert env.count() == before
        status, answer = _post(env, f"<{BASE}e/few> <{BASE}p/v> 1, 2 .".encode(), "text/turtle")
        assert status == 201, answer
