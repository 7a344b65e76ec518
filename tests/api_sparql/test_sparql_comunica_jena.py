"""Comunica and Apache Jena, the real clients, query the live server on loopback with a token:
their command lines with HTTP Basic in the URL (Jena's waits for the challenge before it sends
the credentials), and the docs/sparql.md recipes for their APIs (Comunica's JavaScript
``QueryEngine`` with Basic and with a Bearer header, Jena's ``QueryExecutionHTTP`` with a
Bearer header). Each answer is the reader's count of names: the green batch only, since the red
one is outside its scope.

The clients are installed by ``.ci/run`` (``make clients``: Comunica pinned by
``tests/api_sparql/clients/package-lock.json``; Debian's ``libapache-jena-java``). Outside CI
a test skips, naming what to install; in CI an absent client fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api_sparql import jena
from tests.api_sparql.server import EX, PEOPLE, Live, live_server

CLIENTS = Path(__file__).parent / "clients"
COMUNICA = CLIENTS / "node_modules" / ".bin" / "comunica-sparql"
COUNT = f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s <{EX}name> ?name }}"
SEEN = str(PEOPLE + 1)  # the green batch's names; the red batch's would make it one more
TIMEOUT_S = 180


def need(reason: str | None) -> None:
    """Skip for a missing client, except in CI, whose .ci/run installs every one."""
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (.ci/run installs it)")
    pytest.skip(reason)


def comunica_missing() -> str | None:
    if shutil.which("node") is None:
        return "no node on PATH (Debian: nodejs)"
    if not COMUNICA.exists():
        return "Comunica is not installed: run `make clients`"
    return None


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("real-clients"), query_timeout_s=30.0) as server:
        yield server


def token(live: Live) -> str:
    return live.headers["reader"]["Authorization"].split(" ", 1)[1]


def with_basic(live: Live) -> str:
    """The endpoint URL with the token as Basic's password, as both command lines take it."""
    return live.sparql.replace("http://", f"http://me:{token(live)}@", 1)


def run(args: list[str], live: Live, cwd: Path | None = None) -> str:
    env = {**os.environ, "IPAS_TOKEN": token(live)}
    done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_S, cwd=cwd,
                          env=env, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def counted(csv_text: str) -> str:
    rows = list(csv.DictReader(io.StringIO(csv_text.strip())))
    assert len(rows) == 1, csv_text
    return rows[0]["n"]


def test_comunica_command_line_with_basic_in_the_url(live: Live) -> None:
    need(comunica_missing())
    out = run([str(COMUNICA), f"sparql@{with_basic(live)}", "-t", "text/csv", COUNT], live)
    assert counted(out) == SEEN


def test_comunica_javascript_api_with_basic_and_with_bearer(live: Live) -> None:
    need(comunica_missing())
    out = run(["node", "comunica.cjs", live.sparql, COUNT], live, cwd=CLIENTS)
    answers = json.loads(out)
    assert answers == {"basic": [{"n": SEEN}], "bearer": [{"n": SEEN}]}


@pytest.fixture(scope="module")
def jena_classpath(tmp_path_factory: pytest.TempPathFactory) -> str:
    need(jena.missing())
    return jena.classpath(tmp_path_factory.mktemp("jena"))


def test_jena_command_line_waits_for_the_challenge(live: Live, jena_classpath: str,
                                                  tmp_path: Path) -> None:
    # rsparql sends nothing until a 401 names Basic; a Bearer challenge beside it in the
    # same response used to make it fail outright (see api.problems.problem).
    query = tmp_path / "count.rq"
    query.write_text(COUNT)
    out = run(["java", "-cp", jena_classpath, "arq.rsparql", "--service", with_basic(live),
               "--query", str(query), "--results=CSV"], live)
    assert counted(out) == SEEN


def test_jena_query_execution_http_with_a_bearer_header(live: Live,
                                                        jena_classpath: str) -> None:
    out = run(["java", "-cp", jena_classpath, str(CLIENTS / "JenaSelect.java"), live.sparql,
               COUNT], live)
    assert counted(out) == SEEN
