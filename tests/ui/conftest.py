"""The store and server a user runs: `ipas demo` (reasoning on) and `ipas serve` as processes on
loopback, with an analyst's and a GT-TCIU partner's tokens; and a headless Chromium (Debian's,
driven by Playwright) whose every request is checked to stay on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "ui"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


@dataclass(frozen=True)
class Served:
    base: str
    analyst: str
    partner: str
    env: dict[str, str] = field(repr=False)


def _ipas(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "ipas", *args], env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _token(env: dict[str, str], *args: str) -> str:
    return _ipas(env, "token", "create", *args).strip().splitlines()[-1]


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("ui-demo")
    env = {**os.environ, "IPAS_STORE": str(root / "store"), "IPAS_HOME": str(root / "home")}
    _ipas(env, "demo")  # the same pipeline as `make run`: validation and reasoning on
    _ipas(env, "resolve", "run")  # suggestions for the entity pages' resolution panel
    analyst = _token(env, "--name", "ui-analyst", "--role", "analyst", "--agency", "HSI",
                     "--markings", "TLP:CLEAR,TLP:GREEN,TLP:AMBER,TLP:AMBER+STRICT,TLP:RED")
    partner = _token(env, "--name", "ui-partner", "--role", "partner", "--agency", "GT-TCIU")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "ipas", "serve", "--host", "127.0.0.1",
                               "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # start-up reads ontology, shapes and queries
        while True:
            try:
                urllib.request.urlopen(f"{base}/health", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("ipas serve did not start") from None
                time.sleep(0.25)
        yield Served(base, analyst, partner, env)
    finally:
        server.terminate()
        server.wait(timeout=20)


class Browser:
    """A Chromium page that records every request that would leave loopback, and aborts it."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._route)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def axe(self) -> list[dict[str, Any]]:
        """Serious and critical accessibility violations (axe-core) on the current page."""
        # Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on
        # and would refuse an injected <script>, which is what it is for.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate("async () => await axe.run(document)")
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-features=Translate,OptimizationHints"],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Browser]:
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    wrapped = Browser(page)
    yield wrapped
    context.close()
    assert wrapped.outside == [], f"requests left loopback: {wrapped.outside}"
    assert wrapped.errors == [], f"script errors: {wrapped.errors}"
