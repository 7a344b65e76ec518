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


def _person(client: httpx.Client, iri: str, suffix: str = "", **params: str) -> httpx.Response:
    return client.get(f"/entities/person/{iri.removeprefix(BASE)}{suffix}", params=params)


def test_entities_follow_the_resolved_switch_within_scope(api) -> None:
    """A merge made over REST shows in /entities with resolved=true: the actor, its members,
    merged properties with the member behind each value; never to a partner who cannot read
    the intelligence record (TLP:AMBER for HSI)."""
    ana, mx = api
    assert ana.post("/resolution/decisions", json={
        "left": KHOROSHEV, "right": CHOROSCHEW, "decision": "positive",
        "why": "same DOB, transliteration"}).status_code == 201

    raw = _person(ana, KHOROSHEV).json()
    assert raw["iri"] == KHOROSHEV and "members" not in raw
    actor = _person(ana, KHOROSHEV, resolved="true").json()
    assert actor["iri"].startswith(f"{BASE}actor/resolved/")
    assert sorted(m["iri"] for m in actor["members"]) == sorted([CHOROSCHEW, KHOROSHEV])
    labels = {v["value"]: v["members"] for v in actor["provenance"]["label"]} \
        if "label" in actor["provenance"] else None
    by_member = {m for v in actor["provenance"].values() for p in v for m in p["members"]}
    assert by_member == {CHOROSCHEW, KHOROSHEV}, labels
    # The actor's own id reads the same actor; neighbours join both members' links.
    again = ana.get(f"/entities/person/{actor['id']}", params={"resolved": "true"}).json()
    assert again["iri"] == actor["iri"]
    links = _person(ana, KHOROSHEV, "/neighbours", resolved="true").json()
    via = {m for link in links["links"] for m in link["via"]}
    assert via == {CHOROSCHEW, KHOROSHEV} and links["iri"] == actor["iri"]

    found = ana.get("/entities/person/search", params={"q": "Choroschew", "resolved": "true"})
    assert found.status_code == 200, found.text
    assert [i["iri"] for i in found.json()["items"]] == [actor["iri"]]
    assert sorted(found.json()["resolved"][actor["iri"]]) == sorted([CHOROSCHEW, KHOROSHEV])
    listed = ana.get("/entities/person", params={"resolved": "true", "limit": 500}).json()
    assert sum(i["iri"] == actor["iri"] for i in listed["items"]) == 1
    assert not {KHOROSHEV, CHOROSCHEW} & {i["iri"] for i in listed["items"]}

    # The partner sees the OFAC record alone, as itself, and never the intelligence record.
    for answer in (_person(mx, KHOROSHEV, resolved="true"),
                   _person(mx, KHOROSHEV, "/neighbours", resolved="true"),
                   mx.get("/entities/person/search", params={"q": "Khoroshev Choroschew",
                                                             "resolved": "true"}),
                   mx.get("/entities/person", params={"resolved": "true", "limit": 500})):
        assert answer.status_code == 200, answer.text
        assert "/intel/test/" not in answer.text and actor["iri"] not in answer.text
    assert [m["iri"] for m in _person(mx, KHOROSHEV, resolved="true").json()["members"]] == [
        KHOROSHEV]
    hidden = mx.get(f"/entities/person/{actor['id']}", params={"resolved": "true"})
    assert hidden.status_code == 404 and "/intel/test/" not in hidden.text

    spec = ana.get("/openapi.json").json()
    documented = {op["operationId"]: {p["name"] for p in op.get("parameters", [])}
                  for path in spec["paths"].values() for op in path.values()
                  if isinstance(op, dict) and "operationId" in op}
    for operation in ("list_person", "get_person", "search_person", "neighbours_person"):
        assert "resolved" in documented[operation], operation


def test_bulk_get_follows_the_resolved_switch_within_scope(api) -> None:
    """``POST /entities/get?resolved=true``: the ids' actors, each once, as GET shows them;
    a partner gets the record it may read as itself and the hidden member as missing."""
    ana, mx = api
    assert ana.post("/resolution/decisions", json={
        "left": KHOROSHEV, "right": CHOROSCHEW, "decision": "positive",
        "why": "same DOB, transliteration"}).status_code == 201
    ids = [KHOROSHEV.removeprefix(BASE), CHOROSCHEW.removeprefix(BASE), "person/nope/x"]
    raw = ana.post("/entities/get", json={"ids": ids})
    assert raw.status_code == 200, raw.text
    assert sorted(i["iri"] for i in raw.json()["items"]) == sorted([CHOROSCHEW, KHOROSHEV])
    answer = ana.post("/entities/get", params={"resolved": "true"}, json={"ids": ids})
    assert answer.status_code == 200, answer.text
    [actor] = answer.json()["items"]
    single = _person(ana, KHOROSHEV, resolved="true").json()
    assert {k: v for k, v in actor.items() if k != "class"} == single
    assert actor["class"] == "person" and actor["iri"].startswith(f"{BASE}actor/resolved/")
    assert answer.json()["missing"] == ["person/nope/x"]

    seen = mx.post("/entities/get", params={"resolved": "true"}, json={"ids": ids})
    assert seen.status_code == 200, seen.text
    assert "/intel/test/" not in seen.text and actor["iri"] not in seen.text
    [record] = seen.json()["items"]
    assert record["iri"] == KHOROSHEV and [m["iri"] for m in record["members"]] == [KHOROSHEV]
    assert seen.json()["missing"] == [CHOROSCHEW.removeprefix(BASE), "person/nope/x"]
    spec = ana.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/entities/get"]["post"].get("parameters", [])}
    assert "resolved" in params
