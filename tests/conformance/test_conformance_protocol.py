"""The W3C SPARQL 1.1 Protocol tests against the running server over real HTTP.

Requests are sent as the manifest writes them (``/sparql/`` rewritten to ``/sparql``) with an
admin's token added; the server's graph naming is the suite's (``IPAS_BASE_IRI``), so its
``FROM`` clauses name the store's own graphs.
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
from tests.conformance.http_manifest import Step, graph_data, send, steps
from tests.conformance.manifests import Case, cases, file_of
from tests.conformance.skips import PROTOCOL_SKIPS

CASES = cases("sparql11-protocol/protocol/manifest.ttl")
EXPECTED_COUNT = 34  # ../shared/suites/SOURCES.md
SUITE_BASE = "http://kasei.us/2009/09/sparql/data/"
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values")


class Server:
    def __init__(self, url: str, store: OxigraphStore, auth: dict[str, str]) -> None:
        self.url, self.store, self.auth = url, store, auth


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("protocol")
    store = OxigraphStore(root / "store")
    callers = make_callers(root, [], store.graphs)
    settings = Settings(store=str(root / "store"), home=root / "home", base_iri=SUITE_BASE,
                        **endpoint_dirs(root))
    try:
        with serve(create_app(settings, store=store, access=callers.access)) as url:
            yield Server(url, store, callers.headers["admin"])
    finally:
        store.close()


def test_every_case_was_collected(shared_dir: Path) -> None:
    assert len(CASES) == EXPECTED_COUNT
    assert set(PROTOCOL_SKIPS) <= {c.id for c in CASES}, "a skip names no test"


@pytest.mark.shared
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_w3c_protocol(case: Case, server: Server, shared_dir: Path) -> None:
    if case.id in PROTOCOL_SKIPS:
        pytest.skip(PROTOCOL_SKIPS[case.id])
    server.store.update("DROP SILENT ALL")
    for data, name in graph_data(case):
        path = file_of(data)
        server.store.load(path, "application/n-triples", graph=name)
    for step in steps(case):
        path = step.path.replace("/sparql/", "/sparql", 1)
        response = send(server.url, step, path, server.auth)
        assert response.status_code in step.expected.statuses, (
            f"{step.method} {path}: {response.status_code} {response.text[:300]}"
        )
        _check_body(step, response.headers.get("content-type", ""), response.content)


def _check_body(step: Step, content_type: str, body: bytes) -> None:
    media = content_type.split(";")[0].strip()
    expected = step.expected
    if expected.format in ("boolean", "tabular"):
        assert media in RESULT_TYPES, media
        fmt = ox.QueryResultsFormat.from_media_type(media)
        assert fmt is not None
        result = ox.parse_query_results(body, fmt)
        if expected.format == "boolean":
            assert isinstance(result, ox.QueryBoolean)
            if expected.boolean is not None:
                assert bool(result) is expected.boolean
        else:
            assert isinstance(result, ox.QuerySolutions)
    elif expected.format == "RDF":
        fmt = ox.RdfFormat.from_media_type(media)
        assert fmt is not None, media
        list(ox.parse(body, fmt))
