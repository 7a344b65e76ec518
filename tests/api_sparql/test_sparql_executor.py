"""IsolatedStore: the same answers as the store, but runaway and crashing queries are contained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

from ipas.errors import BadInput, IpasError, LimitExceeded, QueryTimeout
from ipas.query.executor import IsolatedStore
from ipas.settings import Settings
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

G = "urn:test:g"
HIDDEN = "urn:test:hidden"
DATA = b"<urn:s> <urn:p> 1, 2, 3 ; <urn:q> 'x' ."
SCOPE = Scope.of([G])


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[tuple[OxigraphStore, IsolatedStore]]:
    inner = OxigraphStore(tmp_path / "store")
    inner.load(DATA, "text/turtle", graph=G)
    inner.load(b"<urn:s> <urn:p> 99 .", "text/turtle", graph=HIDDEN)
    settings = Settings(store=str(tmp_path / "store"), query_timeout_s=1.5,
                        max_result_rows=100, query_workers=1)
    isolated = IsolatedStore(inner, settings)
    yield inner, isolated
    isolated.close()
    inner.close()


def test_answers_match_the_store(disk: tuple[OxigraphStore, IsolatedStore]) -> None:
    inner, isolated = disk
    assert isolated.isolated
    q = "SELECT ?o WHERE { <urn:s> <urn:p> ?o } ORDER BY ?o"
    assert isolated.select(q, scope=SCOPE).rows == inner.select(q, scope=SCOPE).rows
    assert isolated.ask("ASK { ?s ?p 'x' }", scope=SCOPE) is True
    assert isolated.ask("ASK { ?s ?p 99 }", scope=SCOPE) is False  # scoped in the worker
    c = "CONSTRUCT WHERE { ?s <urn:q> ?o }"
    assert isolated.construct(c, scope=SCOPE) == inner.construct(c, scope=SCOPE)
    raw = isolated.query_raw("DESCRIBE <urn:s>", scope=SCOPE, media_type="text/turtle")
    assert raw.kind.value == "DESCRIBE" and b"urn:q" in raw.body


def test_bindings_are_substituted_by_the_engine(
    disk: tuple[OxigraphStore, IsolatedStore],
) -> None:
    _, isolated = disk
    result = isolated.select("SELECT ?s WHERE { ?s ?p ?o }", scope=SCOPE,
                             bindings={"o": Literal("x")})
    assert result.rows == [{"s": URIRef("urn:s")}]


def test_row_limit_is_the_deployments_at_most(
    disk: tuple[OxigraphStore, IsolatedStore],
) -> None:
    _, isolated = disk
    q = "SELECT ?o WHERE { <urn:s> <urn:p> ?o }"
    assert isolated.select(q, scope=SCOPE, max_rows=2).truncated is True
    assert len(isolated.select(q, scope=SCOPE, max_rows=10**9).rows) == 3


def test_new_writes_are_seen(disk: tuple[OxigraphStore, IsolatedStore]) -> None:
    inner, isolated = disk
    assert isolated.ask("ASK { ?s ?p 4 }", scope=SCOPE) is False
    inner.load(b"<urn:s> <urn:p> 4 .", "text/turtle", graph=G)
    assert isolated.ask("ASK { ?s ?p 4 }", scope=SCOPE) is True
    isolated.update(f"INSERT DATA {{ GRAPH <{G}> {{ <urn:s> <urn:p> 5 }} }}")
    assert isolated.ask("ASK { ?s ?p 5 }", scope=SCOPE) is True


def test_runaway_query_is_killed_and_the_pool_recovers(
    disk: tuple[OxigraphStore, IsolatedStore],
) -> None:
    inner, isolated = disk
    inner.load(b"".join(b"<urn:n%d> <urn:p> %d .\n" % (i, i) for i in range(300)),
               "text/turtle", graph=G)
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(QueryTimeout) as err:
        isolated.select(runaway, scope=SCOPE)
    assert err.value.status_code == 503
    assert isolated.ask("ASK { ?s ?p 'x' }", scope=SCOPE) is True


def test_a_crashing_query_costs_one_worker_not_the_process(
    disk: tuple[OxigraphStore, IsolatedStore],
) -> None:
    _, isolated = disk
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000  # segfaults pyoxigraph (NOTES.md)
    with pytest.raises(IpasError) as err:
        isolated.select(deep, scope=SCOPE)
    assert err.value.status_code == 500
    assert "5000" not in str(err.value) and "pyoxigraph" not in str(err.value)
    assert isolated.ask("ASK { ?s ?p 'x' }", scope=SCOPE) is True


def test_a_query_past_the_memory_limit_is_refused(tmp_path: Path) -> None:
    inner = OxigraphStore(tmp_path / "store")
    inner.load(b"".join(b"<urn:n%d> <urn:p> %d .\n" % (i, i) for i in range(800)),
               "text/turtle", graph=G)
    settings = Settings(store=str(tmp_path / "store"), query_timeout_s=60, query_workers=1,
                        query_memory_mb=256)
    isolated = IsolatedStore(inner, settings)
    try:
        hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a LIMIT 1"
        with pytest.raises(LimitExceeded) as err:
            isolated.select(hungry, scope=SCOPE)
        assert "256 MB" in str(err.value)
        assert isolated.ask("ASK { ?s ?p 1 }", scope=SCOPE) is True
    finally:
        isolated.close()
        inner.close()


def test_syntax_errors_come_back_typed(disk: tuple[OxigraphStore, IsolatedStore]) -> None:
    _, isolated = disk
    with pytest.raises(BadInput) as err:
        isolated.select("SELECT * WHERE {\n ?s ?p }", scope=SCOPE)
    assert err.value.detail["line"] == 2


def test_memory_stores_run_in_threads_with_the_same_api() -> None:
    inner = OxigraphStore()
    inner.load(DATA, "text/turtle", graph=G)
    isolated = IsolatedStore(inner, Settings(store="memory", max_result_rows=2))
    try:
        assert not isolated.isolated
        result = isolated.select("SELECT ?o WHERE { <urn:s> <urn:p> ?o }", scope=SCOPE)
        assert len(result.rows) == 2 and result.truncated
        raw = isolated.query_raw("SELECT ?o WHERE { ?s <urn:q> ?o }", scope=SCOPE,
                                 media_type="text/csv")
        assert raw.body.splitlines() == [b"o", b"x"]
    finally:
        isolated.close()


class _OpaqueStore:
    """A backend with no pyoxigraph engine or path to share (like a remote store)."""

    def __init__(self) -> None:
        self._real = OxigraphStore()
        self._real.load(b"<urn:s> <urn:q> '=1+2' .", "text/turtle", graph=G)

    def query_raw(self, query: str, **kwargs: Any) -> Any:
        return self._real.query_raw(query, **kwargs)


def test_other_backends_are_called_through_their_own_api() -> None:
    isolated = IsolatedStore(_OpaqueStore(), Settings(store="memory"))  # type: ignore[arg-type]
    try:
        assert not isolated.isolated
        raw = isolated.query_raw("SELECT ?o WHERE { ?s <urn:q> ?o }", scope=SCOPE,
                                 media_type="text/csv")
        assert raw.body.splitlines() == [b"o", b"'=1+2"]
    finally:
        isolated.close()


ORPHAN_SCRIPT = """
import sys, threading, time
from ipas.query.executor import IsolatedStore
from ipas.settings import Settings
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore
inner = OxigraphStore(sys.argv[1])
inner.load(b"".join(b"<urn:n%d> <urn:p> %d .\\n" % (i, i) for i in range(300)), "text/turtle",
           graph="urn:g")
store = IsolatedStore(inner, Settings(store=sys.argv[1], query_timeout_s=600, query_workers=1))
runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
threading.Thread(target=store.select, args=(runaway,), kwargs={"scope": Scope.of(["urn:g"]),
                 "timeout_s": 1.0}, daemon=True).start()
while not store._pool._workers or not next(iter(store._pool._workers)).ready:
    time.sleep(0.05)
time.sleep(0.3)  # the worker is now inside the runaway query
print(next(iter(store._pool._workers)).process.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.slow
def test_a_worker_orphaned_by_kill_9_does_not_run_on(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    parent = subprocess.Popen([sys.executable, "-c", ORPHAN_SCRIPT, str(tmp_path / "s")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        worker_pid = int(parent.stdout.readline())
    finally:
        parent.kill()  # kill -9: no cleanup runs in the parent
        parent.wait()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{worker_pid}/stat").read_text().split()[2]
        except FileNotFoundError:
            return
        if state == "Z":  # ended, waiting to be reaped by init
            return
        time.sleep(0.2)
    os.kill(worker_pid, signal.SIGKILL)
    pytest.fail("the orphaned worker kept running its query")
