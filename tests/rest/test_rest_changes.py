"""``GET /changes`` through the real ingest pipeline: commits and retractions since a cursor,
within the caller's scope, and bad cursors."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ipas.ingest import Ingestor
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.rest.test_rest_ingest import GOOD

LOADER = {"Authorization": "Bearer loader-token"}
NARROW = {"Authorization": "Bearer narrow-token"}
OTHER = GOOD.replace(b"org/t/x", b"org/t/y").replace(b'"X"', b'"Y"')


@pytest.fixture
def store() -> OxigraphStore:
    return OxigraphStore()


@pytest.fixture
def client(make_client, store, dirs, tmp_path: Path) -> TestClient:
    return make_client(store, ontology_dir=dirs[0], shapes_dir=dirs[1], queries_dir=tmp_path)


def post(client: TestClient, body: bytes) -> str:
    r = client.post("/ingest", content=body, headers={**LOADER, "Content-Type": "text/turtle"})
    assert r.status_code == 201, r.text
    return str(r.json()["batch_id"])


def test_feed_follows_commits_and_retractions(client: TestClient, store, dirs,
                                              tmp_path: Path) -> None:
    first = post(client, GOOD)
    r = client.get("/changes", headers=LOADER)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(c["kind"], c["batch_id"]) for c in body["changes"]] == [("committed", first)]
    assert body["more"] is False and 'rel="next"' in r.headers["link"]
    cursor = body["next"]
    assert client.get("/changes", params={"since": cursor}, headers=LOADER).json()[
        "changes"] == []
    second = post(client, OTHER)
    settings = Settings(store="memory", home=tmp_path / "home", ontology_dir=dirs[0],
                        shapes_dir=dirs[1])
    Ingestor(store, settings).retract(first)  # as `ipas batches retract` does
    later = client.get("/changes", params={"since": cursor}, headers=LOADER).json()
    assert [(c["kind"], c["batch_id"]) for c in later["changes"]] == [
        ("committed", second), ("retracted", first)]
    paged = client.get("/changes", params={"since": cursor, "limit": 1}, headers=LOADER).json()
    assert paged["more"] is True and len(paged["changes"]) == 1
    rest = client.get("/changes", params={"since": paged["next"]}, headers=LOADER).json()
    assert [c["kind"] for c in paged["changes"] + rest["changes"]] == ["committed", "retracted"]
    # A partner whose scope holds none of these batches hears of none of them.
    assert client.get("/changes", headers=NARROW).json()["changes"] == []


@pytest.mark.parametrize("since", ["nope", "e30", "eyJ0IjoxfQ"])
def test_a_cursor_the_feed_did_not_give_is_422(client: TestClient, since: str) -> None:
    r = client.get("/changes", params={"since": since}, headers=LOADER)
    assert r.status_code == 422 and r.json()["parameter"] == "since"
