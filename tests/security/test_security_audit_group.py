"""Grouped audit fsyncs: an entry is acknowledged only after the fsync that covers it.

* In process: the writer thread's fsync is held back, and no caller returns before it ends;
  entries that arrive while one fsync runs share the next one.
* Through the server: ``kill -9`` of ``ipas serve`` while clients send lean queries (the path
  whose audit entries are grouped): every request that was answered has its entry in the log.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from ipas.security import audit_writer
from ipas.security.audit import AuditLog
from tests.security.test_security_soak import _server, _tokens


def test_acknowledged_only_after_the_covering_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    entered = threading.Event()
    synced: list[bytes] = []
    real = os.fsync

    def slow_fsync(fd: int) -> None:
        entered.set()
        assert release.wait(10)
        synced.append(os.pread(fd, 1 << 16, 0))
        real(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    log = AuditLog(tmp_path / "audit.jsonl")
    returned: list[str] = []

    def record(who: str) -> None:
        log.record(who=who, role="reader", action="query", status="ok")
        returned.append(who)

    first = threading.Thread(target=record, args=("first",))
    first.start()
    assert entered.wait(10)  # the first entry's fsync is running (held)
    others = [threading.Thread(target=record, args=(f"o{i}",)) for i in range(10)]
    for t in others:
        t.start()
    writer = audit_writer.writer_for(log.path)
    deadline = time.monotonic() + 10
    while len(writer._pending) < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert returned == []  # nobody is acknowledged while the fsync is pending
    release.set()
    for t in [first, *others]:
        t.join(10)
    assert sorted(returned) == sorted(["first", *(f"o{i}" for i in range(10))])
    assert len(synced) == 2  # the ten that waited share one fsync
    assert synced[1].count(b"\n") == 11  # and it covered all of them
    assert next(e["who"] for e in log.entries()) == "first"


@pytest.mark.slow
def test_kill_9_keeps_every_answered_request_in_the_audit_log(tmp_path: Path) -> None:
    store, home = tmp_path / "store", tmp_path / "home"
    home.mkdir(mode=0o700)
    auth = _tokens(home)["soak-analyst"]
    answered: list[str] = []
    stop = threading.Event()

    def client(url: str, n: int) -> None:
        with httpx.Client(base_url=url, timeout=30) as http:
            i = 0
            while not stop.is_set():
                tag = f"urn:x-kill-audit:{n}-{i}"
                i += 1
                try:
                    r = http.get(f"/sparql?query={quote(f'ASK {{ <{tag}> ?p ?o }}')}",
                                 headers=auth)
                except httpx.HTTPError:
                    return  # the server is gone
                if r.status_code == 200:
                    answered.append(tag)

    with _server(store, home) as (url, process):
        threads = [threading.Thread(target=client, args=(url, n)) for n in range(8)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(answered) < 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)  # mid-stream: requests are in flight
        process.wait(timeout=30)
        stop.set()
        for t in threads:
            t.join(30)
    assert len(answered) >= 50
    logged = set()
    for line in (home / "audit.jsonl").read_text().splitlines():
        try:
            logged.add(json.loads(line).get("query"))
        except ValueError:
            continue  # a line torn by the kill
    missing = [t for t in answered if f"ASK {{ <{t}> ?p ?o }}" not in logged]
    assert missing == []
