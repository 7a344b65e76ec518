"""The audit log: complete entries, append-only, safe under concurrent writers."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
import threading
from pathlib import Path

import pytest

from ipas.errors import Forbidden
from ipas.security.audit import MAX_LISTED_GRAPHS, AuditLog, query_hash
from ipas.security.principal import Principal, Role


def _write_many(path: str, who: str, n: int) -> None:
    log = AuditLog(Path(path))
    for i in range(n):
        log.record(
            who=who,
            role="reader",
            action="query",
            query=f"ASK {{}} # {i}" + "x" * 3000,
            status="ok",
        )


def test_entry_fields(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a" / "audit.jsonl")
    q = 'SELECT * { ?s ?p "\u0022" }'
    log.record(
        who="ana",
        role="analyst",
        action="query",
        query=q,
        graphs=["urn:g1", "urn:g2"],
        result_count=7,
        status="ok",
        duration_ms=1.23456,
        client="127.0.0.1",
    )
    (entry,) = [json.loads(line) for line in log.path.read_text().splitlines()]
    assert entry["who"] == "ana" and entry["role"] == "analyst" and entry["action"] == "query"
    assert entry["query"] == q and entry["query_sha256"] == query_hash(q)
    assert entry["graphs_in_scope"] == 2 and entry["graphs"] == ["urn:g1", "urn:g2"]
    assert entry["result_count"] == 7 and entry["status"] == "ok"
    assert entry["duration_ms"] == 1.235 and "time" in entry
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600


def test_many_graphs_recorded_as_count(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    entry = log.record(
        who="a",
        role="admin",
        action="query",
        status="ok",
        graphs=[f"urn:g{i}" for i in range(MAX_LISTED_GRAPHS + 1)],
    )
    assert entry["graphs_in_scope"] == MAX_LISTED_GRAPHS + 1 and "graphs" not in entry


def test_timed_records_errors_and_counts(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    who = Principal("mx", Role.PARTNER, agency="MX")
    with log.timed(who, "query", query="ASK {}", graphs=["urn:g"]) as event:
        event.result_count = 1
    with pytest.raises(Forbidden), log.timed(who, "update", query="DROP ALL"):
        raise Forbidden("no")
    ok, refused = log.entries()
    assert ok["status"] == "ok" and ok["result_count"] == 1 and ok["duration_ms"] >= 0
    assert refused["status"] == "error:forbidden" and refused["query"] == "DROP ALL"


def test_concurrent_threads_and_processes_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_write_many, args=(str(path), f"p{i}", 40)) for i in range(3)]
    threads = [
        threading.Thread(target=_write_many, args=(str(path), f"t{i}", 40)) for i in range(3)
    ]
    for w in [*procs, *threads]:
        w.start()
    for w in [*procs, *threads]:
        w.join()
    assert all(p.exitcode == 0 for p in procs)
    lines = path.read_bytes().splitlines()
    assert len(lines) == 240
    entries = [json.loads(line) for line in lines]  # every line is whole JSON
    for who in ("p0", "p1", "p2", "t0", "t1", "t2"):
        numbers = [int(e["query"].split("# ")[1].rstrip("x")) for e in entries if e["who"] == who]
        assert numbers == list(range(40))


def test_append_only_and_torn_tail_skipped(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    log.record(who="a", role="reader", action="query", status="ok")
    before = log.path.read_bytes()
    with open(log.path, "ab") as raw:  # a crash mid-write leaves a partial line
        raw.write(b'{"who": "torn"')
    log.record(who="b", role="reader", action="query", status="ok")
    assert log.path.read_bytes().startswith(before)
    assert [e["who"] for e in log.entries()] == ["a", "b"]  # the torn line alone is skipped


def test_fsync_called_per_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd)))
    log = AuditLog(tmp_path / "audit.jsonl")
    for _ in range(3):
        log.record(who="a", role="reader", action="query", status="ok")
    assert len(calls) == 3
