"""Hostile bodies, encodings, uploads and parameters against a real server on loopback: each
is refused (4xx) or harmless, reads no file, reaches no server, stays bounded, and the server
stays up.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest

from tests.security.security_hostile_env import (
    BASE,
    FORMULAS,
    LAUGHS,
    XXE,
    Env,
    nothing_written,
    refused,
    uploads,
)
from tests.security.security_server import Listener, raw_http


# -- sizes and encodings ---------------------------------------------------------------------
def test_huge_literal_refused_with_413(env: Env) -> None:
    body = b'ASK { ?s ?p "' + b"a" * (100 * 1024 * 1024) + b'" }'
    try:
        r = env.client.post(
            "/sparql",
            content=body,
            headers={**env.headers["admin"], "Content-Type": "application/sparql-query"},
        )
        assert r.status_code == 413, r.text[:300]
    except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
        pass  # the server answered 413 and closed before reading 100 MB: also refused
    assert env.up()


def test_huge_chunked_body_refused_with_413(env: Env) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'ASK { ?s ?p "'
        for _ in range(100):
            yield b"a" * (1024 * 1024)
        yield b'" }'

    try:
        r = env.client.post(
            "/sparql",
            content=chunks(),
            headers={**env.headers["admin"], "Content-Type": "application/sparql-query"},
        )
        assert r.status_code == 413, r.text[:300]
    except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
        pass
    assert env.up()


def test_lying_content_length(env: Env) -> None:
    token = env.headers["admin"]["Authorization"]

    def post(length: str, body: str) -> bytes:
        return raw_http(env.port, (
            "POST /sparql HTTP/1.1\r\nHost: x\r\nAuthorization: " + token + "\r\n"
            "Content-Type: application/sparql-query\r\nContent-Length: " + length + "\r\n\r\n"
            + body).encode())

    answer = post("999999999999", "ASK {}")  # too big
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    answer = post("3", "ASK { ?s ?p ?o }")  # too small
    assert answer.startswith(b"HTTP/1.1 4"), answer[:200]
    assert env.up()


def test_gzip_bomb_is_not_inflated(env: Env) -> None:
    bomb = gzip.compress(b"A" * (200 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 1024 * 1024
    r = env.client.post(
        "/sparql",
        content=bomb,
        headers={
            **env.headers["admin"],
            "Content-Type": "application/sparql-query",
            "Content-Encoding": "gzip",
        },
    )
    refused(r)
    assert env.up()


@pytest.mark.parametrize(
    "body",
    [b'ASK { ?s ?p "\xff\xfe" }', b'ASK { ?s ?p "\xed\xa0\x80" }', b"\xc0\xaf", b"\x00ASK {}"],
)
def test_invalid_utf8_refused(env: Env, body: bytes) -> None:
    r = env.client.post(
        "/sparql",
        content=body,
        headers={**env.headers["admin"], "Content-Type": "application/sparql-query"},
    )
    refused(r, 400)


@pytest.mark.parametrize(
    "query",
    [
        'ASK { ?s ?p "\\uD800" }',
        'ASK { ?s ?p "\\uDFFF\\uD800" }',
        'ASK { ?s ?p "\\U0000D800" }',
        'SELECT * WHERE { ?s ?p ?o FILTER(?o = "\\uDBFF") }',
    ],
)
def test_lone_surrogate_escapes_refused_or_harmless(env: Env, query: str) -> None:
    r = env.query(query)
    assert r.status_code in (200, 400), (r.status_code, r.text[:300])
    form = env.client.post(
        "/sparql",
        content=b"query=" + query.encode().replace(b"\\", b"%5C"),
        headers={**env.headers["admin"], "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code in (200, 400)
    assert env.up()


# -- exports -------------------------------------------------------------------------------------
def test_csv_export_neutralizes_formulas(env: Env) -> None:
    r = env.client.get("/queries/values", headers={**env.headers["partner"], "Accept": "text/csv"})
    assert r.status_code == 200, r.text[:300]
    cells = [row.split(",", 2)[1] for row in r.text.splitlines()[1:] if "/e/f" in row]
    assert cells, r.text[:300]
    for cell in cells:
        value = cell.strip('"')
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(
    "payload",
    ['"', "\\u0022", "#", "}", '" } ?s ?p ?o { "', "\\u0022) } UNION { ?s ?p ?o } #", "%22%7D"],
)
def test_injection_into_saved_query_parameters(env: Env, payload: str) -> None:
    for r in (
        env.client.get(
            "/queries/values", params={"prefix": payload}, headers=env.headers["partner"]
        ),
        env.client.post(
            "/queries/values", json={"prefix": payload}, headers=env.headers["partner"]
        ),
    ):
        assert r.status_code in (200, 422), (r.status_code, r.text[:300])
        if r.status_code == 200:  # bound as a literal: no value starts with it, nothing leaks
            assert r.json()["rows"] == [], r.text[:300]
    harmless = env.client.get(
        "/queries/values", params={"prefix": "value 1"}, headers=env.headers["partner"]
    )
    assert harmless.status_code == 200 and len(harmless.json()["rows"]) == 111  # 1, 10-19, 100-199
    everything = env.client.get("/queries/values", headers=env.headers["partner"]).json()["rows"]
    assert len(everything) == 300 + len(FORMULAS)  # the hidden batch's value is not among them


def test_deep_json_body_refused(env: Env) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    paths = [route for route in env.client.get("/openapi.json").json()["paths"]]
    posts = [p for p in paths if "{" not in p and p.startswith(("/queries/", "/ingest"))][:3]
    assert posts, "no JSON-accepting POST routes found"
    for path in posts:
        r = env.client.post(
            path, content=deep, headers={**env.headers["admin"], "Content-Type": "application/json"}
        )
        refused(r)
    obj = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    for path in posts:
        refused(
            env.client.post(
                path,
                content=obj,
                headers={**env.headers["admin"], "Content-Type": "application/json"},
            )
        )
    assert env.up()


# -- uploads: XML entities, remote contexts, deep documents -------------------------------------
@pytest.mark.parametrize("enc", ["UTF-8", "UTF-16", "UTF-16-LE"])
def test_rdfxml_billion_laughs_and_external_entities_refused(
    env: Env, listener: Listener, enc: str
) -> None:
    docs = [
        LAUGHS.format(enc=enc),
        XXE.format(enc=enc, target=env.canary_file.as_uri()),
        XXE.format(enc=enc, target=listener.url),
        XXE.format(enc=enc, target="/etc/passwd"),
    ]
    for doc in docs:
        for r in uploads(env, doc.encode(enc.lower()), "application/rdf+xml"):
            refused(r)
            assert "AAAAAAAAAAAAAAAAAAAA" not in r.text
    assert not listener.reached()
    nothing_written(env)
    assert env.up()


def test_jsonld_remote_context_never_fetched(env: Env, listener: Listener) -> None:
    node = {"@id": "http://e.org/s", "http://e.org/p": "v"}
    docs = [
        {"@context": listener.url, **node},
        {"@context": [listener.url], **node},
        {"@context": {"@import": listener.url}, **node},
        {"@context": env.canary_file.as_uri(), **node},
        {"@graph": [{"@context": listener.url, **node}]},
        [{"@context": {"@base": "http://e.org/", "x": {"@context": listener.url}}, **node}],
    ]
    for doc in docs:
        for r in uploads(env, json.dumps(doc).encode(), "application/ld+json"):
            refused(r)
    assert not listener.reached()
    nothing_written(env)


def test_deep_documents_refused(env: Env) -> None:
    deep_turtle = (
        "<http://e.org/s> <http://e.org/p> "
        + "[ <http://e.org/p> " * 5000
        + "1"
        + " ]" * 5000
        + " ."
    ).encode()
    deep_list = ("<http://e.org/s> <http://e.org/p> " + "( " * 5000 + ") " * 5000 + ".").encode()
    deep_jsonld = b'{"http://e.org/p": ' * 100_000 + b"1" + b"}" * 100_000
    deep_json_array = b"[" * 100_000 + b"]" * 100_000
    cases = [
        (deep_turtle, "text/turtle"),
        (deep_list, "text/turtle"),
        (deep_jsonld, "application/ld+json"),
        (deep_json_array, "application/ld+json"),
    ]
    for body, ctype in cases:
        for r in uploads(env, body, ctype):
            refused(r)
    assert env.up()


def test_lone_surrogates_in_json_parameters_and_uploads(env: Env) -> None:
    auth = env.headers["admin"]
    json_bodies = [b'{"prefix": "\\ud800"}', b'{"prefix": "x\\udfff\\ud800"}']
    for body in json_bodies:
        r = env.client.post(
            "/queries/values", content=body, headers={**auth, "Content-Type": "application/json"}
        )
        assert r.status_code in (200, 422), r.text[:300]
    # An encoded surrogate is not UTF-8: refused like raw invalid UTF-8 (issue #20).
    r = env.client.get("/queries/values?prefix=%ED%A0%80", headers=auth)
    refused(r, 400)
    bodies = [
        (b'{"@id": "http://e.org/\\ud800", "http://e.org/p": "\\udc00"}', "application/ld+json"),
        (b'<http://e.org/a> <http://e.org/p> "\\uD800" .', "text/turtle"),
        (b'<http://e.org/a> <http://e.org/p> "\xed\xa0\x80" .', "text/turtle"),
    ]
    for body, ctype in bodies:
        for r in uploads(env, body, ctype):
            refused(r)
    assert env.up()


@pytest.mark.parametrize(
    "entity_id",
    [
        "~7aCA",
        "%ED%A0%80",
        "~ZmlsZTovLy9ldGMvcGFzc3dk",
        "..%2F..%2Fetc%2Fpasswd",
        "~",
        "~~~~",
        "%00",
        "x" * 3000,
    ],
)
def test_hostile_entity_ids_are_not_found(env: Env, entity_id: str) -> None:
    spec = env.client.get("/openapi.json").json()["paths"]
    gets = [p for p in spec if p.startswith("/entities/person/{")]
    assert gets
    for template in gets:
        path = template.replace("{entity_id}", entity_id)
        r = env.client.get(path, headers=env.headers["partner"])
        assert r.status_code in (404, 422), (path, r.status_code, r.text[:200])
        refused(r)


def test_sparql_csv_neutralizes_formulas(env: Env) -> None:
    q = f'SELECT ?o WHERE {{ ?s <{BASE}p/v> ?o FILTER(STRSTARTS(STR(?s), "{BASE}e/f")) }}'
    r = env.query(q, accept="text/csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    cells = [row[0] for row in csv.reader(io.StringIO(r.text))][1:]
    assert len(cells) == len(FORMULAS)
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert {c.lstrip("'") for c in cells} == set(FORMULAS)  # neutralized, not altered


def test_oversized_urls_and_headers_refused(env: Env) -> None:
    token = env.headers["admin"]["Authorization"]
    long_get = (
        f"GET /sparql?query=ASK%20%7B%7D%23{'x' * 200_000} HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: {token}\r\n\r\n"
    ).encode()
    answer = raw_http(env.port, long_get)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer[:200]
    big_auth = {"Authorization": "Bearer ipas_" + "a" * 200_000}
    try:
        r = env.client.post("/sparql", data={"query": "ASK {}"}, headers=big_auth)
        refused(r)
    except (httpx.RemoteProtocolError, httpx.ReadError):
        pass  # the HTTP layer dropped the request before any application code ran
    many = [("default-graph-uri", f"{BASE}graph/batch/x{i}") for i in range(5_000)]
    form = urlencode([("query", "ASK { ?s ?p ?o }"), *many]).encode()
    r = env.client.post(
        "/sparql",
        content=form,
        headers={**env.headers["partner"], "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code in (200, 400, 413), r.status_code
    if r.status_code == 200:
        assert r.json()["boolean"] is False  # none of them is visible: an empty dataset
    assert env.up()
