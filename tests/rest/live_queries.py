"""A saved-query library served over real HTTP from an on-disk store (queries in workers),
with a green batch the HSI callers see and a red one only admins see."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.app import create_app
from ipas.query.executor import IsolatedStore
from ipas.security.control import BatchAccess
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.api_sparql.conftest import NAMES, make_callers
from tests.api_sparql.live import serve

GREEN = BatchAccess("green", NAMES.batch("green"), "TLP:GREEN", "HSI")
RED = BatchAccess("red", NAMES.batch("red"), "TLP:RED", "DEA")
EX = "http://example.org/"


@dataclass
class Served:
    url: str
    headers: dict[str, dict[str, str]]  # role name -> Authorization header
    store: OxigraphStore
    app: Any


@contextmanager
def serve_queries(root: Path, queries: dict[str, str], green: str,
                  **limits: Any) -> Iterator[Served]:
    """``queries`` (name -> text) over ``green`` (Turtle) and a hidden red triple."""
    qdir = root / "queries"
    qdir.mkdir()
    for name, text in queries.items():
        (qdir / f"{name}.rq").write_text(text)
    store = OxigraphStore(root / "store")  # on disk: queries run in worker processes
    store.load(green.encode(), "text/turtle", graph=GREEN.graph)
    store.load(f'<{EX}secret> <{EX}v> "hidden" .'.encode(), "text/turtle", graph=RED.graph)
    callers = make_callers(root, [GREEN, RED], store.graphs)
    settings = Settings(store=str(root / "store"), home=root / "home", queries_dir=qdir,
                        ontology_dir=root / "none", shapes_dir=root / "none",
                        **{"query_timeout_s": 1.0, "query_workers": 2, **limits})
    app = create_app(settings, store=store, access=callers.access)
    assert isinstance(app.state.store, IsolatedStore) and app.state.store.isolated
    try:
        with serve(app) as url:
            yield Served(url, callers.headers, store, app)
    finally:
        store.close()


def get(url: str, headers: dict[str, str], accept: str) -> tuple[int, str, bytes]:
    """Status, Content-Type and body of a GET (errors included)."""
    request = urllib.request.Request(url, headers={**headers, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()
