"""Connection and decoding limits of the served app (issue #20), over raw loopback sockets.

Slowloris headers and a Content-Length larger than the body are cut by timeouts, one address
cannot hold more than its share of connections, a client that leaves mid-request is audited as
``client_closed`` (not a 500), and percent-encoded invalid UTF-8 is a 400 like the raw form.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.security.security_hostile_env import Env, hostile_env, refused

HEADER_TIMEOUT = 1.5
BODY_TIMEOUT = 1.5
PER_CLIENT = 6


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    with hostile_env(tmp_path_factory.mktemp("conn"), header_timeout_s=HEADER_TIMEOUT,
                     body_timeout_s=BODY_TIMEOUT,
                     max_connections_per_client=PER_CLIENT) as e:
        yield e


def _connect(env: Env) -> socket.socket:
    return socket.create_connection(("127.0.0.1", env.port), timeout=20)


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    with contextlib.suppress(TimeoutError, ConnectionResetError):
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _audit(env: Env) -> list[dict[str, object]]:
    path = Path(env.settings.audit_path)
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# -- strict decoding ---------------------------------------------------------------------------
@pytest.mark.parametrize("url", [
    "/sparql?query=ASK%20%7B%7D%FF",
    "/sparql?query=%C3%28",
    "/entities/organizations/search?q=%FF%FE",
    "/queries/values?prefix=%FF",
])
def test_percent_encoded_invalid_utf8_is_400(tight: Env, url: str) -> None:
    r = tight.client.get(url, headers=tight.headers["admin"])
    refused(r, 400)
    assert "UTF-8" in r.json()["message"]


def test_percent_encoded_invalid_utf8_in_a_form_is_400(tight: Env) -> None:
    r = tight.client.post("/sparql", content=b"query=ASK%20%7B%7D%FF", headers={
        **tight.headers["admin"], "Content-Type": "application/x-www-form-urlencoded"})
    refused(r, 400)
    assert "UTF-8" in r.json()["message"]


def test_valid_percent_encoded_utf8_still_answers(tight: Env) -> None:
    r = tight.client.get("/sparql?query=ASK%20%7B%20FILTER(%22caf%C3%A9%22%20!%3D%20%22%22)%7D",
                         headers=tight.headers["admin"])
    assert r.status_code == 200 and r.json()["boolean"] is True


# -- timeouts ----------------------------------------------------------------------------------
def test_slowloris_headers_are_cut(tight: Env) -> None:
    socks = [_connect(tight) for _ in range(4)]
    started = time.monotonic()
    for sock in socks:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    # Trickle a header byte now and then: each byte used to reset nothing and keep it open.
    answers: list[bytes] = []
    for sock in socks:
        with contextlib.suppress(OSError):
            for _ in range(3):
                sock.sendall(b"X")
                time.sleep(0.2)
        answers.append(_read_all(sock))
        sock.close()
    assert all(a.startswith(b"HTTP/1.1 408") for a in answers), answers
    assert b"IPAS_HEADER_TIMEOUT_S" in answers[0]
    assert time.monotonic() - started < 15  # cut by the timeout, not by the client giving up
    assert tight.up()


def test_content_length_larger_than_the_body_is_408(tight: Env) -> None:
    token = tight.headers["admin"]["Authorization"]
    with _connect(tight) as sock:
        sock.sendall((
            "POST /sparql HTTP/1.1\r\nHost: x\r\nAuthorization: " + token + "\r\n"
            "Content-Type: application/sparql-query\r\nContent-Length: 500\r\n\r\nASK {}"
        ).encode())
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:300]
    assert b"request_timeout" in answer
    entries = [e for e in _audit(tight) if e.get("http_status") == 408]
    assert entries, "the timed-out request is audited"


def test_connections_per_client_are_limited(tight: Env) -> None:
    held = [_connect(tight) for _ in range(PER_CLIENT)]
    try:
        for sock in held:  # each holds a connection with a request under way
            sock.sendall(b"GET /health HTTP/1.1\r\n")
        time.sleep(0.3)
        with _connect(tight) as extra:
            extra.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = _read_all(extra)
        assert answer.startswith(b"HTTP/1.1 503"), answer[:300]
        assert b"Retry-After: 1" in answer and b"IPAS_MAX_CONNECTIONS_PER_CLIENT" in answer
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the closed connections are counted out again
        with contextlib.suppress(Exception):
            if tight.up():
                break
        time.sleep(0.2)
    assert tight.up()


def test_client_disconnect_is_client_closed_not_500(tight: Env,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    token = tight.headers["admin"]["Authorization"]
    caplog.set_level(logging.ERROR)
    with _connect(tight) as sock:
        sock.sendall((
            "POST /ingest HTTP/1.1\r\nHost: x\r\nAuthorization: " + token + "\r\n"
            "Content-Type: text/turtle\r\nContent-Length: 100000\r\n\r\n<urn:a> <urn:b> "
        ).encode())
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    mine: list[dict[str, object]] = []
    while time.monotonic() < deadline and not mine:
        mine = [e for e in _audit(tight) if e.get("target") == "POST /ingest"]
        time.sleep(0.1)
    assert mine and mine[-1]["status"] == "client_closed", mine[-1:]
    assert not any(e.get("status") == "error:500" for e in _audit(tight))
    assert "unhandled error" not in caplog.text
    assert tight.up()
