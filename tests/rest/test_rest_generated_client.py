"""A Python client generated from the live server's /openapi.json (openapi-python-client)
lists (paging headers, a 304 for its ETag), gets, searches, ingests and follows the change feed
against that server on loopback, with its own generated functions and models."""

from __future__ import annotations

import importlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.api_sparql.live import serve
from tests.rest.conftest import FixedAccess
from tests.rest.test_rest_entities import BASE, DATA
from tests.rest.test_rest_ingest import GOOD

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.mark.skipif(not GENERATOR.exists(), reason="openapi-python-client is not installed "
                    "(it is a dev dependency: make install)")
def test_generated_client_lists_gets_searches_and_ingests(dirs, tmp_path: Path,
                                                          monkeypatch) -> None:
    store = OxigraphStore()
    store.load(DATA.encode(), "text/turtle", graph=BASE + "graph/batch/b1")
    (tmp_path / "queries").mkdir()
    settings = Settings(store="memory", home=tmp_path / "home", ontology_dir=dirs[0],
                        shapes_dir=dirs[1], queries_dir=tmp_path / "queries")
    app = create_app(settings, store=store, access=FixedAccess(store.graphs, {}))
    with serve(app) as url:
        spec = tmp_path / "openapi.json"
        spec.write_bytes(httpx.get(f"{url}/openapi.json").content)  # the document, alone
        (tmp_path / "config.yaml").write_text("post_hooks: []\n")
        out = tmp_path / "ipas_client"
        done = subprocess.run(
            [str(GENERATOR), "generate", "--path", str(spec), "--output-path", str(out),
             "--meta", "none", "--config", str(tmp_path / "config.yaml")],
            capture_output=True, text=True, timeout=240, check=False)
        assert done.returncode == 0 and out.is_dir(), done.stdout + done.stderr
        monkeypatch.syspath_prepend(str(tmp_path))
        client_mod = importlib.import_module("ipas_client.client")
        entities = "ipas_client.api.entities."
        client = client_mod.AuthenticatedClient(base_url=url, token="loader-token")

        list_person = importlib.import_module(entities + "list_person")
        first = list_person.sync_detailed(client=client, limit=1)
        page = first.parsed
        assert page.total == 2 and len(page.items) == 1 and page.items[0].types
        assert first.headers["x-total-count"] == "2" and 'rel="next"' in first.headers["link"]
        # The ETag sent back through the generated If-None-Match parameter: a 304, no body.
        cached = list_person.sync_detailed(client=client, limit=1,
                                           if_none_match=first.headers["etag"])
        assert cached.status_code == 304 and cached.parsed is None
        agents = importlib.import_module(entities + "list_agent").sync(
            client=client, type_="organization", limit=50)
        assert {i.id for i in agents.items} == {"org/t/valle", "org/t/centinelas"}
        person = importlib.import_module(entities + "get_person").sync(
            client=client, entity_id="person/t/jose")
        assert person.label == "José Peña" and person.grade == "A"
        found = importlib.import_module(entities + "search_person").sync(
            client=client, q="jose pena")
        assert [i.id for i in found.items] == ["person/t/jose"] and found.items[0].score
        sparql = importlib.import_module("ipas_client.api.sparql.sparql_query")
        results = sparql.sync(client=client, query=(
            "SELECT (COUNT(?s) AS ?n) WHERE { ?s a <http://example.org/t#Person> }"))
        assert results["results"]["bindings"][0]["n"]["value"] == "2"
        missing = importlib.import_module(entities + "get_person").sync(
            client=client, entity_id="person/t/nobody")
        assert missing.error == "not_found" and missing.status == 404  # the Problem model

        # Ingest with the generated function: raw bytes (its File type), the syntax named by
        # ``format``; the answer is its typed IngestAnswer, then the batch's typed status.
        ingest = importlib.import_module("ipas_client.api.ingest.ingest")
        types = importlib.import_module("ipas_client.types")
        answer = ingest.sync_detailed(
            client=client, body=types.File(payload=io.BytesIO(GOOD)), format_="turtle",
            marking="amber")
        assert answer.status_code == 201, answer.content
        assert answer.headers["location"] == f"/ingest/{answer.parsed.batch_id}"
        assert answer.parsed.records == 1 and answer.parsed.quarantined == 0
        status = importlib.import_module("ipas_client.api.ingest.get_ingest_batch").sync(
            client=client, batch_id=answer.parsed.batch_id)
        assert status.marking == "TLP:AMBER" and status.links.self_ == answer.headers["location"]
        again_answer = ingest.sync(client=client, body=types.File(payload=io.BytesIO(GOOD)),
                                   format_="turtle", marking="amber")
        assert again_answer.created is False  # 200: that batch, loaded before
        again = importlib.import_module(entities + "list_organization").sync(client=client)
        assert again.total == 3
        feed = importlib.import_module("ipas_client.api.changes.list_changes").sync(
            client=client)
        assert [(e.kind, e.batch_id) for e in feed.changes][-1] == (
            "committed", answer.parsed.batch_id) and feed.next_
    shutil.rmtree(out, ignore_errors=True)
