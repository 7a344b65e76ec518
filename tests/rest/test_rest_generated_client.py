"""A Python client generated from the live server's /openapi.json (openapi-python-client)
lists, gets, searches and ingests against that server on loopback."""

from __future__ import annotations

import importlib
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

        page = importlib.import_module(entities + "list_person").sync(client=client, limit=1)
        assert page.total == 2 and len(page.items) == 1 and page.items[0].types
        agents = importlib.import_module(entities + "list_agent").sync(
            client=client, type_="organization", limit=50)
        assert {i.id for i in agents.items} == {"org/t/valle", "org/t/centinelas"}
        person = importlib.import_module(entities + "get_person").sync(
            client=client, entity_id="person/t/jose")
        assert person.label == "José Peña" and person.grade == "A"
        found = importlib.import_module(entities + "search_person").sync(
            client=client, q="jose pena")
        assert [i.id for i in found.items] == ["person/t/jose"] and found.items[0].score
        missing = importlib.import_module(entities + "get_person").sync(
            client=client, entity_id="person/t/nobody")
        assert missing.error == "not_found" and missing.status == 404  # the Problem model

        # The generator cannot send one operation's several raw media types (it writes a
        # JSON string for each), so the body goes through the authenticated httpx client it
        # generated, and the answer is read with its generated module.
        ingest = importlib.import_module("ipas_client.api.ingest.ingest_ingest_post")
        response = client.get_httpx_client().post(
            "/ingest", content=GOOD, params={"marking": "amber"},
            headers={"Content-Type": "text/turtle"})
        assert response.status_code == 201, response.text
        parsed = ingest._build_response(client=client, response=response)
        assert parsed.status_code == 201 and response.headers["location"].startswith("/ingest/")
        again = importlib.import_module(entities + "list_organization").sync(client=client)
        assert again.total == 3
    shutil.rmtree(out, ignore_errors=True)
