"""``/resolution`` over the live HTTP API (uvicorn on loopback), with real tokens made by
``ipas token create``: an analyst decides; a partner reads only within its scope and can
neither decide nor learn of a record it cannot see."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.app import create_app
from tests.api_sparql.live import serve
from tests.resolution.conftest import (
    BASE,
    CHOROSCHEW,
    INTEL_MORENO,
    KHOROSHEV,
    MORENO,
    NAMESAKE,
)

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _token(invoke, *args: str) -> str:
    result = invoke("token", "create", *args)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1].split()[-1]


@pytest.fixture
def api(world) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    invoke, settings = world
    analyst = _token(invoke, "--name", "ana", "--role", "analyst")
    partner = _token(invoke, "--name", "mx", "--role", "partner", "--agency", "MX-FGR")
    with serve(create_app(settings)) as url:
        with httpx.Client(base_url=url, timeout=120,
                          headers={"Authorization": f"Bearer {analyst}"}) as ana, \
                httpx.Client(base_url=url, timeout=120,
                             headers={"Authorization": f"Bearer {partner}"}) as mx:
            yield ana, mx


def test_analyst_runs_reviews_decides_and_undoes(api) -> None:
    ana, _ = api
    run = ana.post("/resolution/run", json={"why": "first pass"})
    assert run.status_code == 201, run.text
    assert run.json()["auto_accepted"] >= 2
    actors = {frozenset(a["members"]) for a in ana.get("/resolution/actors").json()}
    assert frozenset({CHOROSCHEW, KHOROSHEV}) in actors
    pending = ana.get("/resolution/suggestions", params={"limit": 5}).json()
    assert pending and all(p["decision"] == "suggested" for p in pending)

    rejected = ana.post("/resolution/decisions", json={
        "left": MORENO, "right": NAMESAKE, "decision": "negative", "why": "different DOB"})
    assert rejected.status_code == 201 and rejected.json()["by"] == "ana"
    csv_text = ana.get("/resolution/decisions", headers={"Accept": "text/csv"}).text
    assert csv_text.startswith("left,right,score,decision")
    assert f"{NAMESAKE},{MORENO}," in csv_text and csv_text.count("negative") == 1

    undone = ana.post("/resolution/undo", json={"left": MORENO, "right": NAMESAKE})
    assert undone.status_code == 200 and len(undone.json()["retracted"]) == 1
    lookup = ana.get("/resolution/canonical", params={"iri": INTEL_MORENO}).json()
    assert sorted(lookup["members"]) == [INTEL_MORENO, MORENO]
    assert lookup["actor"].startswith(f"{BASE}actor/resolved/")


def test_saved_query_switch_over_rest(api) -> None:
    ana, _ = api
    assert ana.post("/resolution/decisions", json={
        "left": KHOROSHEV, "right": CHOROSCHEW, "decision": "positive"}).status_code == 201
    raw = ana.get("/queries/entity-profile", params={"entity": KHOROSHEV})
    resolved = ana.get("/queries/entity-profile", params={"entity": KHOROSHEV,
                                                          "resolved": "true"})
    assert raw.status_code == 200 and resolved.status_code == 200, resolved.text
    assert KHOROSHEV in raw.text and KHOROSHEV not in str(resolved.json()["rows"])
    members = resolved.json()["resolved"]
    assert [sorted(m) for m in members.values()] == [sorted([CHOROSCHEW, KHOROSHEV])]


def test_partner_reads_only_within_scope_and_cannot_decide(api) -> None:
    ana, mx = api
    assert ana.post("/resolution/run").status_code == 201
    # The partner report is TLP:AMBER for HSI: none of its records may surface for MX-FGR.
    for path in ("/resolution/actors", "/resolution/decisions", "/resolution/suggestions"):
        answer = mx.get(path, params={"limit": 1000} if "suggestions" in path else None)
        assert answer.status_code == 200, answer.text
        assert "/intel/test/" not in answer.text
    assert mx.get("/resolution/canonical", params={"iri": KHOROSHEV}).json()["members"] == [
        KHOROSHEV]
    refused = mx.post("/resolution/decisions", json={
        "left": KHOROSHEV, "right": MORENO, "decision": "positive"})
    assert refused.status_code == 403
    assert mx.post("/resolution/run").status_code == 403
    assert mx.post("/resolution/undo", json={}).status_code == 403


def test_bad_decisions_are_client_errors(api) -> None:
    ana, _ = api
    bad = ana.post("/resolution/decisions", json={"left": "x y", "right": MORENO,
                                                  "decision": "positive"})
    assert bad.status_code == 400 and "left" in bad.json()["message"]
    unknown = ana.post("/resolution/decisions", json={
        "left": f"{BASE}nobody", "right": MORENO, "decision": "positive"})
    assert unknown.status_code == 404
    wrong = ana.post("/resolution/decisions", json={"left": MORENO, "right": KHOROSHEV,
                                                    "decision": "maybe"})
    assert wrong.status_code == 422
    assert ana.post("/resolution/undo", json={"batch": "nope"}).status_code == 404
