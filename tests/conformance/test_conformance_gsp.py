"""The W3C SPARQL 1.1 Graph Store Protocol tests against the running server over real HTTP.

Requests go as the manifests write them, ``/gsp`` rewritten to ``/graph-store``, with an
admin's token (graph writes need the ``update`` action); ``$LOCATION$`` is replaced by the
``Location`` of the response that declared it. Expected bodies are compared as graphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.app import create_app
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.api_sparql.conftest import make_callers
from tests.api_sparql.live import serve
from tests.api_sparql.server import endpoint_dirs
from tests.conformance.compare import canonical
from tests.conformance.http_manifest import send, steps
from tests.conformance.manifests import MF, Case, cases
from tests.conformance.skips import GSP_SKIPS

PREFIX = "sparql11-protocol/graph-store-protocol/"
CASES = cases(PREFIX + "manifest-indirect.ttl", PREFIX + "manifest-direct.ttl")
EXPECTED_COUNT = 13  # ../shared/suites/SOURCES.md: 9 indirect + 4 direct


class Server:
    def __init__(self, url: str, store: OxigraphStore, auth: dict[str, str]) -> None:
        self.url, self.store, self.auth = url, store, auth


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("gsp")
    store = OxigraphStore(root / "store")
    callers = make_callers(root, [], store.graphs)
    settings = Settings(store=str(root / "store"), home=root / "home", **endpoint_dirs(root))
    try:
        with serve(create_app(settings, store=store, access=callers.access)) as url:
            yield Server(url, store, callers.headers["admin"])
    finally:
        store.close()


def test_every_case_was_collected(shared_dir: Path) -> None:
    assert len(CASES) == EXPECTED_COUNT
    assert set(GSP_SKIPS) <= {c.id for c in CASES}, "a skip names no test"


@pytest.mark.shared
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_w3c_graph_store(case: Case, server: Server, shared_dir: Path) -> None:
    if case.id in GSP_SKIPS:
        pytest.skip(GSP_SKIPS[case.id])
    server.store.update("DROP SILENT ALL")  # each test starts from an empty store
    variables: dict[str, str] = {}
    for step in steps(case):
        path = step.path.replace("/gsp", "/graph-store", 1)
        for name, value in variables.items():
            path = path.replace(name, value)
        response = send(server.url, step, path, server.auth)
        assert response.status_code in step.expected.statuses, (
            f"{step.method} {path}: {response.status_code} {response.text[:300]}"
        )
        template = _expected_location(case, step.path, step.method)
        if template is not None:
            variables[template] = response.headers["location"]
        for name, value in step.expected.headers.items():
            assert response.headers.get(name, "").lower() == value.lower(), name
        if step.expected.body is not None:
            expected = canonical(ox.parse(step.expected.body.encode(), ox.RdfFormat.TURTLE))
            assert canonical(ox.parse(response.content, ox.RdfFormat.TURTLE)) == expected


def _expected_location(case: Case, path: str, method: str) -> str | None:
    """The template name a response declares with ``mf:expectedLocation``, if any."""
    from tests.conformance.manifests import HT

    g = case.graph
    for request in g.subjects(HT.absolutePath, None):
        if str(g.value(request, HT.absolutePath)) != path:
            continue
        if str(g.value(request, HT.methodName)) != method:
            continue
        location = g.value(g.value(request, HT.resp), MF.expectedLocation)
        if location is not None:
            return str(location)
    return None
