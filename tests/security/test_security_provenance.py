"""Provenance that cannot be forged (issue #20): a batch's owner is the uploader's agency.

A loader token of agency MX-FGR used to commit a TLP:RED batch recorded as owned by HSI. Now a
non-admin naming another agency is refused (403) through both write doors, the catalog records
the uploader (token name, role, agency), and the HTTP audit entry carries the batch's marking,
agency, source and id as the CLI's does.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.security.security_hostile_env import BASE, Env, refused

TTL = f'<{BASE}e/prov-%d> <{BASE}p/v> "provenance %d" .\n'


def _audit(env: Env) -> list[dict[str, object]]:
    lines = Path(env.settings.audit_path).read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _ingest(env: Env, who: str, n: int, **params: str) -> tuple[int, dict[str, object]]:
    r = env.client.post("/ingest", params=params, content=(TTL % (n, n)).encode(),
                        headers={**env.headers[who], "Content-Type": "text/turtle"})
    return r.status_code, r.json()


def _batch(env: Env, batch_id: str) -> dict[str, object]:
    r = env.client.get(f"/ingest/{batch_id}", headers=env.headers["admin"])
    assert r.status_code == 200, r.text[:300]
    body: dict[str, object] = r.json()
    return body


def test_a_loader_cannot_claim_another_agency(env: Env) -> None:
    before = env.count()
    r = env.client.post("/ingest", params={"agency": "HSI", "marking": "TLP:RED"},
                        content=(TTL % (1, 1)).encode(),
                        headers={**env.headers["mx-loader"], "Content-Type": "text/turtle"})
    refused(r, 403)
    assert "MX-FGR" in r.json()["message"] and "HSI" in r.json()["message"]
    r = env.client.post("/graph-store", params={"agency": "HSI", "marking": "TLP:RED"},
                        content=(TTL % (2, 2)).encode(),
                        headers={**env.headers["mx-loader"], "Content-Type": "text/turtle"})
    refused(r, 403)
    assert env.count() == before  # nothing committed


def test_the_loaders_own_agency_owns_the_batch_and_the_uploader_is_recorded(env: Env) -> None:
    status, body = _ingest(env, "mx-loader", 3, marking="TLP:RED", source="mx interviews")
    assert status == 201, body
    entry = _batch(env, str(body["batch_id"]))
    assert entry["agency"] == "MX-FGR" and entry["marking"] == "TLP:RED"
    assert entry["uploader"] == {"name": "mx-loader", "role": "loader", "agency": "MX-FGR"}
    line = [e for e in _audit(env) if e.get("batch") == body["batch_id"]][-1]
    assert line["who"] == "mx-loader" and line["action"] == "ingest"
    assert (line["marking"], line["agency"], line["source"]) == (
        "TLP:RED", "MX-FGR", "mx interviews")


def test_an_admin_may_load_for_another_agency_and_is_recorded_as_uploader(env: Env) -> None:
    status, body = _ingest(env, "admin", 4, agency="MX-FGR", marking="TLP:AMBER")
    assert status == 201, body
    entry = _batch(env, str(body["batch_id"]))
    assert entry["agency"] == "MX-FGR"
    assert entry["uploader"] == {"name": "admin", "role": "admin", "agency": "HSI"}
    r = env.client.post("/graph-store", params={"agency": "CO-DIJIN", "source": "gsp"},
                        content=(TTL % (5, 5)).encode(),
                        headers={**env.headers["admin"], "Content-Type": "text/turtle"})
    assert r.status_code == 201, r.text[:300]
    assert r.json()["agency"] == "CO-DIJIN" and r.json()["uploader"]["name"] == "admin"
    line = [e for e in _audit(env) if e.get("batch") == r.json()["id"]][-1]
    assert (line["agency"], line["source"], line["marking"]) == ("CO-DIJIN", "gsp", "TLP:AMBER")
