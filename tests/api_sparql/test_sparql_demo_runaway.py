"""The issue's acceptance check on the bundled demo: a four-way cartesian product is stopped
at the time limit while /health keeps answering, and a 5,000-deep query is a 400."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from api.app import create_app
from ipas.settings import PROJECT_ROOT, Settings
from ipas.store.oxigraph import OxigraphStore
from tests.api_sparql.conftest import NAMES, make_callers
from tests.api_sparql.live import serve
from tests.api_sparql.server import endpoint_dirs

DEMO = PROJECT_ROOT / "demo"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    manifest = DEMO / "manifest.json"
    if not manifest.is_file():
        pytest.skip("the bundled demo is absent")
    root = tmp_path_factory.mktemp("demo")
    store = OxigraphStore(root / "store")
    for entry in json.loads(manifest.read_text())["files"]:  # raw data: no validation here
        path = DEMO / entry["path"]
        store.load(path, "text/turtle", graph=NAMES.batch(path.stem))
    callers = make_callers(root, [], store.graphs)
    settings = Settings(store=str(root / "store"), home=root / "home", query_timeout_s=3,
                        **endpoint_dirs(root))
    try:
        with serve(create_app(settings, store=store, access=callers.access)) as url:
            yield url, callers.headers["admin"]
    finally:
        store.close()


def test_cartesian_product_over_the_demo_is_stopped(
    demo_server: tuple[str, dict[str, str]],
) -> None:
    url, admin = demo_server
    size = httpx.get(f"{url}/sparql", headers=admin, timeout=30,
                     params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    triples = int(size.json()["results"]["bindings"][0]["n"]["value"])
    assert triples > 1000  # demo-sized: the product below has > 10^12 rows
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    outcome: dict[str, httpx.Response] = {}

    def run() -> None:
        outcome["r"] = httpx.get(f"{url}/sparql", params={"query": runaway}, headers=admin,
                                 timeout=60)

    thread = threading.Thread(target=run)
    thread.start()
    latencies = []
    while thread.is_alive():
        started = time.perf_counter()
        assert httpx.get(f"{url}/health", timeout=30).status_code == 200
        latencies.append(time.perf_counter() - started)
        time.sleep(0.05)
    thread.join()
    assert outcome["r"].status_code == 503
    assert outcome["r"].json()["error"] == "query_timeout"
    assert latencies
    print(f"demo: {triples} triples; /health answered {len(latencies)} times during the "
          f"runaway query, median {sorted(latencies)[len(latencies) // 2] * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms")


def test_deep_query_is_400_and_the_server_stays_up(
    demo_server: tuple[str, dict[str, str]],
) -> None:
    url, admin = demo_server
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    r = httpx.post(f"{url}/sparql", content=deep.encode(), timeout=30,
                   headers={**admin, "Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    ask = httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=admin)
    assert ask.json()["boolean"] is True
    assert httpx.get(f"{url}/health").status_code == 200


