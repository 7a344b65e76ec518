"""The web UI in a real browser: headless Chromium against `ipas serve` on loopback.

The page is opened with a token and a SPARQL query in its URL fragment (the fragment never
reaches the server); the test reads the DOM Chromium rendered after the page's scripts ran
and finds the demo's organizations in the results table.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.browser

QUERY = """PREFIX ipas: <https://w3id.org/ipas/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?org a ipas:CriminalOrganization ; rdfs:label ?label } ORDER BY ?label"""


def _ipas(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "ipas", *args], env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("ui")
    env = {**os.environ, "IPAS_STORE": str(root / "store"), "IPAS_HOME": str(root / "home")}
    _ipas(env, "demo")
    token = _ipas(env, "token", "create", "--name", "ui-test", "--role", "analyst")
    token = token.strip().splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "ipas", "serve", "--host",
                               "127.0.0.1", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        yield base, token
    finally:
        server.terminate()
        server.wait(timeout=20)


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_cell = tag == "td"

    def handle_endtag(self, tag: str) -> None:
        self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells.append(data)


def _render(url: str, tmp_path: Path, screenshot: Path | None = None) -> str:
    assert CHROMIUM is not None
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
             "--virtual-time-budget=15000", "--run-all-compositor-stages-before-draw"]
    if screenshot is not None:
        flags += [f"--screenshot={screenshot}", "--window-size=1280,900"]
    else:
        flags.append("--dump-dom")
    done = subprocess.run([*flags, url], capture_output=True, text=True, timeout=120,
                          check=False)
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs it)")
def test_sparql_tab_renders_demo_organizations(served_demo: tuple[str, str],
                                               tmp_path: Path) -> None:
    base, token = served_demo
    url = f"{base}/ui/#token={quote(token)}&query={quote(QUERY)}"
    dom = _render(url, tmp_path)
    parser = _Cells()
    parser.feed(dom)
    assert len(parser.cells) >= 2, dom[-2000:]
    assert all(cell.strip() for cell in parser.cells)
    assert 'class="error"' not in dom


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs it)")
def test_without_token_the_page_says_why(served_demo: tuple[str, str], tmp_path: Path) -> None:
    base, _ = served_demo
    dom = _render(f"{base}/ui/#query={quote(QUERY)}", tmp_path)
    assert 'id="status" role="status" class="error"' in dom
    assert "<td>" not in dom
