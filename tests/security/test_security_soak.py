"""Soak and fault tests (issue #20): ``ipas serve`` in its own process, loopback only, bounded.

* Soak: 64 concurrent clients for :data:`SOAK_S` seconds (shortened from the issue's 60 s to
  keep CI on 2 cores bounded) on a copy of the demo store, mixing SPARQL lookups, a saved query,
  REST lists and searches, and ingests: no 5xx at all, and every ingest the server acknowledged
  (201) is in the catalog and queryable afterwards.
* Kill: ``kill -9`` of the server while an ingest is in flight, then a restart on the same
  store: every acknowledged batch and its audit entry are there, the in-flight batch is wholly
  there or wholly absent, and the staging files of the killed process are swept.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.settings import Settings

pytestmark = pytest.mark.slow

IPAS = str(Path(sys.executable).parent / "ipas")
SOAK_S = 20.0
CLIENTS = 64
WRITERS = 4  # of the clients, these ingest; the others read
BASE = Settings().base_iri


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(store: Path, home: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``ipas serve`` on a free loopback port, until the block ends (or the test kills it)."""
    port = _free_port()
    environ = {**os.environ, "IPAS_STORE": str(store), "IPAS_HOME": str(home), **env}
    log_path = home.parent / f"server-{port}.log"
    log = log_path.open("wb")
    process = subprocess.Popen([IPAS, "serve", "--port", str(port)], env=environ,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("ipas serve did not start: "
                               + log_path.read_text()[-2000:])
        time.sleep(0.2)
    try:
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)
        log.close()


def _tokens(home: Path) -> dict[str, dict[str, str]]:
    tokens = TokenStore(home / "tokens.json")
    headers = {}
    for name, role in (("soak-admin", Role.ADMIN), ("soak-analyst", Role.ANALYST),
                       ("soak-loader", Role.LOADER)):
        _, token = tokens.create(f"{name}-{os.getpid()}-{time.monotonic_ns()}", role,
                                 agency="HSI")
        headers[name] = {"Authorization": f"Bearer {token}"}
    return headers


def _record(tag: str) -> bytes:
    return f'<{BASE}e/{tag}> <http://www.w3.org/2000/01/rdf-schema#label> "{tag}" .\n'.encode()


def _audit(home: Path) -> list[dict[str, object]]:
    path = home / "audit.jsonl"
    entries = []
    for line in path.read_text().splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            continue  # a line torn by kill -9 is skipped (AuditLog closes it)
    return entries


def test_soak_mixed_workload_no_5xx_and_every_acknowledged_write_present(
        demo_settings: Settings, tmp_path: Path) -> None:
    store, home = tmp_path / "store", tmp_path / "home"
    shutil.copytree(demo_settings.store, store)
    shutil.copytree(demo_settings.home, home)
    headers = _tokens(home)
    # Queued reads wait for a worker instead of a 503 busy: the soak measures errors, and the
    # clients here are many more than the workers on purpose.
    with _server(store, home, IPAS_QUERY_QUEUE_WAIT_S="60",
                 IPAS_MAX_QUERIES_PER_CALLER="2") as (url, _):
        with httpx.Client(base_url=url, timeout=60) as client:
            classes = client.get("/entities", headers=headers["soak-analyst"]).text
        rest = f"/entities/{_first_class(classes)}"
        reads = [
            ("GET", "/sparql", {"query": "SELECT ?s WHERE { ?s a ?t } LIMIT 5"}),
            ("GET", "/queries/deconfliction", {}),
            ("GET", rest, {"limit": "5"}),
            ("GET", f"{rest}/search", {"q": "a"}),
        ]
        statuses: Counter[int] = Counter()
        acknowledged: list[tuple[str, str]] = []
        failures: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + SOAK_S

        def client_loop(i: int) -> None:
            who = "soak-loader" if i < WRITERS else ("soak-admin" if i % 2 else "soak-analyst")
            n = 0
            with httpx.Client(base_url=url, timeout=120) as c:
                while time.monotonic() < stop:
                    n += 1
                    try:
                        if i < WRITERS:
                            tag = f"soak-{i}-{n}"
                            r = c.post("/ingest", content=_record(tag),
                                       headers={**headers[who], "Content-Type": "text/turtle"})
                            if r.status_code == 201:
                                with lock:
                                    acknowledged.append((r.json()["batch_id"], tag))
                        else:
                            method, path, params = reads[(i + n) % len(reads)]
                            r = c.request(method, path, params=params, headers=headers[who])
                    except httpx.HTTPError as err:
                        with lock:
                            failures.append(f"{type(err).__name__}: {err}")
                        continue
                    with lock:
                        statuses[r.status_code] += 1
                        if r.status_code >= 500:
                            failures.append(f"{r.status_code} {r.text[:200]}")

        threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=SOAK_S + 180)
        assert not any(t.is_alive() for t in threads)
        print(f"soak: {sum(statuses.values())} answers {dict(statuses)}, "
              f"{len(acknowledged)} acknowledged ingests in {SOAK_S:g} s")
        assert not failures, (failures[:5], statuses)
        assert sum(statuses.values()) > CLIENTS and acknowledged, statuses
        # Every acknowledged write is there: in the catalog and in the data.
        with httpx.Client(base_url=url, timeout=60) as client:
            for batch_id, _tag in acknowledged:
                r = client.get(f"/ingest/{batch_id}", headers=headers["soak-admin"])
                assert r.status_code == 200, (batch_id, r.text[:200])
            values = " ".join(f"<{BASE}e/{tag}>" for _, tag in acknowledged)
            r = client.post("/sparql", headers=headers["soak-admin"], data={
                "query": f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ VALUES ?s {{ {values} }} "
                         "?s ?p ?o }"})
            assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == len(acknowledged)


def _first_class(listing: str) -> str:
    """The slug of the first class the REST facade serves (from ``GET /entities``)."""
    body = json.loads(listing)
    items = body if isinstance(body, list) else body.get("classes", [])
    for item in items:
        for key in ("slug", "path", "name"):
            value = item.get(key) if isinstance(item, dict) else None
            if isinstance(value, str):
                return value.rstrip("/").rsplit("/", 1)[-1]
    raise AssertionError(f"no class in {listing[:300]}")


def test_kill_9_during_ingest_then_restart(tmp_path: Path) -> None:
    store, home = tmp_path / "store", tmp_path / "home"
    home.mkdir(mode=0o700)
    headers = _tokens(home)
    auth = {**headers["soak-loader"], "Content-Type": "application/n-triples"}
    acknowledged: list[tuple[str, str]] = []
    with _server(store, home) as (url, process):
        with httpx.Client(base_url=url, timeout=120) as client:
            for n in range(3):
                r = client.post("/ingest", content=_record(f"kill-ack-{n}"), headers=auth)
                assert r.status_code == 201, r.text[:300]
                acknowledged.append((r.json()["batch_id"], f"kill-ack-{n}"))
        # A big batch in flight when the server dies.
        big = b"".join(f'<{BASE}e/kill-big-{i}> <{BASE}p/v> "{i}" .\n'.encode()
                       for i in range(20_000))
        outcome: list[object] = []

        def post_big() -> None:
            try:
                with httpx.Client(base_url=url, timeout=120) as c:
                    outcome.append(c.post("/ingest", content=big, headers=auth).status_code)
            except httpx.HTTPError as err:
                outcome.append(err)

        sender = threading.Thread(target=post_big)
        sender.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any((home / "tmp").glob("*")):
            time.sleep(0.01)  # staging has begun: the ingest is in flight
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        sender.join(timeout=60)
        killed_pid = process.pid
    assert outcome and not (isinstance(outcome[0], int) and outcome[0] >= 500), outcome
    with _server(store, home) as (url, _):
        with httpx.Client(base_url=url, timeout=120) as client:
            for batch_id, _tag in acknowledged:
                assert client.get(f"/ingest/{batch_id}",
                                  headers=headers["soak-admin"]).status_code == 200
            r = client.post("/sparql", headers=headers["soak-admin"], data={
                "query": f"SELECT (COUNT(*) AS ?n) {{ ?s <{BASE}p/v> ?o "
                         f"FILTER(STRSTARTS(STR(?s), '{BASE}e/kill-big-')) }}"})
            big_count = int(r.json()["results"]["bindings"][0]["n"]["value"])
            # Nothing partial: the in-flight batch is all there (answered before the kill) or
            # not at all.
            assert big_count in (0, 20_000), big_count
            # The next ingest sweeps what the killed process staged.
            r = client.post("/ingest", content=_record("kill-after"), headers=auth)
            assert r.status_code == 201, r.text[:300]
    leftovers = [p.name for p in (home / "tmp").iterdir()
                 if p.name.split("-")[1:2] == [str(killed_pid)]]
    assert not leftovers, leftovers
    audited = {e.get("batch") for e in _audit(home)}
    assert all(batch_id in audited for batch_id, _ in acknowledged), audited


def test_sigterm_cancels_an_ingest_in_flight(tmp_path: Path) -> None:
    """Shutdown used to wait for a long ingest (SIGTERM ignored for 15 s) and leave its staging
    files and no audit entry. Now the server exits within its grace period: the ingest stops
    (at its next chunk with a 503, or cancelled with the request), nothing of it is committed,
    its staging files are removed, and the audit records it."""
    store, home = tmp_path / "store", tmp_path / "home"
    home.mkdir(mode=0o700)
    headers = _tokens(home)
    auth = {**headers["soak-loader"], "Content-Type": "application/n-triples"}
    big = b"".join(f'<{BASE}e/term-{i}> <{BASE}p/v> "{i}" .\n'.encode() for i in range(200_000))
    outcome: list[httpx.Response | Exception] = []
    with _server(store, home, IPAS_SHUTDOWN_GRACE_S="2") as (url, process):
        def post_big() -> None:
            try:
                with httpx.Client(base_url=url, timeout=180) as c:
                    outcome.append(c.post("/ingest", params={"source": "term-test"},
                                          content=big, headers=auth))
            except httpx.HTTPError as err:
                outcome.append(err)

        sender = threading.Thread(target=post_big)
        sender.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((home / "tmp").glob("stage-*")):
            time.sleep(0.01)  # staging has begun
        assert list((home / "tmp").glob("stage-*")), "the ingest never started staging"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)  # the grace period, not the whole ingest
        sender.join(timeout=60)
        pid = process.pid
    (answer,) = outcome
    if isinstance(answer, httpx.Response):  # stopped at a chunk boundary within the grace
        assert answer.status_code == 503 and answer.json()["error"] == "shutting_down"
    assert not [p.name for p in (home / "tmp").iterdir() if f"-{pid}-" in p.name]
    (entry,) = [e for e in _audit(home) if e.get("target") == "POST /ingest"]
    assert entry["status"] in ("cancelled", "error:503"), entry
    assert (entry["source"], entry["marking"], entry["agency"]) == ("term-test", "TLP:AMBER",
                                                                    "HSI")
    with _server(store, home) as (url, _):  # nothing of it was committed
        r = httpx.post(f"{url}/sparql", headers=headers["soak-admin"], data={
            "query": f"ASK {{ <{BASE}e/term-0> ?p ?o }}"}, timeout=60)
        assert r.json()["boolean"] is False
