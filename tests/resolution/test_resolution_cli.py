"""``ipas resolve`` through the real CLI, on the demo plus real OFAC and ICIJ files plus a
partner report (see conftest): run, review, accept, reject, undo, export, actors, and the
resolved switch of saved queries."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ipas.resolution.decisions import RES
from ipas.store import open_store
from ipas.store.base import Scope
from tests.resolution.conftest import (
    CHOROSCHEW,
    INTEL_MORENO,
    KHOROSHEV,
    MORENO,
    NAMESAKE,
)

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _export(invoke) -> dict[tuple[str, str], tuple[str, str]]:
    result = invoke("resolve", "export", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["left", "right", "score", "decision"]
    return {(r[0], r[1]): (r[2], r[3]) for r in rows[1:]}


def _actors(invoke) -> list[dict]:
    result = invoke("resolve", "actors", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _source_triples(settings) -> dict[str, int]:
    store = open_store(settings, read_only=True)
    try:
        stats = store.stats(scope=Scope.everything()).triples_per_graph
        return {g: n for g, n in stats.items() if "/graph/resolution" not in g}
    finally:
        store.close()


def test_run_resolves_the_shared_actors_with_evidence(world) -> None:
    invoke, settings = world
    before = _source_triples(settings)
    result = invoke("resolve", "run")
    assert result.exit_code == 0, result.output
    assert "auto-accepted" in result.output
    exported = _export(invoke)
    # The transliterated, reordered Khoroshev with his date of birth and nationality, and
    # Daniel Moreno with his date of birth: one actor each across OFAC and the partner report.
    assert exported[(CHOROSCHEW, KHOROSHEV)][1] == "positive"
    assert exported[(INTEL_MORENO, MORENO)][1] == "positive"
    # The namesake born another year is never merged.
    assert exported.get((NAMESAKE, MORENO), ("", "suggested"))[1] != "positive"
    actors = {frozenset(a["members"]): a for a in _actors(invoke)}
    khoroshev = actors[frozenset({CHOROSCHEW, KHOROSHEV})]
    decision = khoroshev["decisions"][0]
    assert "dob_match" in decision["features"] and "nat_match" in decision["features"]
    assert "auto-accepted" in decision["why"] and decision["by"].startswith("cli:")
    # Decisions are data of their own: no asserted source triple changed.
    assert _source_triples(settings) == before
    # A second run finds nothing new to decide on.
    again = invoke("resolve", "run")
    assert again.exit_code == 0 and "nothing new" in again.output


def test_review_accept_reject_undo(world) -> None:
    invoke, _ = world
    assert invoke("resolve", "run").exit_code == 0
    review = invoke("resolve", "review", "--json", "--limit", "500")
    pending = json.loads(review.output)
    scores = [p["score"] for p in pending]
    assert pending and scores == sorted(scores, reverse=True)
    assert all(p["decision"] == "suggested" and p["features"] for p in pending)

    # An analyst says the namesake is not Moreno, and (wrongly) that he is the report's Moreno.
    rejected = invoke("resolve", "reject", NAMESAKE, MORENO, "--why", "born 1988, not 1972")
    assert rejected.exit_code == 0, rejected.output
    assert invoke("resolve", "accept", INTEL_MORENO, NAMESAKE).exit_code == 0
    exported = _export(invoke)
    assert exported[(NAMESAKE, MORENO)][1] == "negative"
    # The negative blocks the merge: Moreno's actor does not take the namesake in.
    groups = [set(a["members"]) for a in _actors(invoke)]
    assert {INTEL_MORENO, MORENO} in groups
    assert not any(NAMESAKE in g and MORENO in g for g in groups)

    # Undo the wrong accept: the pair's decision is retracted, nothing else changes.
    undone = invoke("resolve", "undo", "--pair", NAMESAKE, INTEL_MORENO)
    assert undone.exit_code == 0 and "retracted 1" in undone.output
    assert (INTEL_MORENO, NAMESAKE) not in _export(invoke) or \
        _export(invoke)[(INTEL_MORENO, NAMESAKE)][1] == "suggested"

    # Undo the latest batch (the reject), then the run: every merge is reversible.
    assert invoke("resolve", "undo").exit_code == 0
    assert _export(invoke).get((NAMESAKE, MORENO), ("", "suggested"))[1] != "negative"
    assert invoke("resolve", "undo").exit_code == 0
    assert _actors(invoke) == []


def test_undo_keeps_the_retracted_decisions_as_data(world) -> None:
    invoke, settings = world
    assert invoke("resolve", "accept", KHOROSHEV, CHOROSCHEW, "--why", "same man").exit_code == 0
    assert invoke("resolve", "undo").exit_code == 0
    store = open_store(settings, read_only=True)
    try:
        rows = store.select(
            f"SELECT ?d ?why WHERE {{ ?r <{RES}retracts> ?d . ?d <{RES}reason> ?why }}",
            scope=Scope.everything()).rows
    finally:
        store.close()
    assert [str(r["why"]) for r in rows] == ["same man"]


def test_bad_input_is_named(world) -> None:
    invoke, _ = world
    result = invoke("resolve", "accept", "not an iri", KHOROSHEV)
    assert result.exit_code == 2 and "left is not an absolute IRI" in result.output
    result = invoke("resolve", "accept", f"{KHOROSHEV}-nobody", KHOROSHEV)
    assert result.exit_code == 2 and "no actor record" in result.output
    assert invoke("resolve", "undo").exit_code == 2  # nothing to undo yet


def test_saved_queries_follow_the_resolved_switch(world) -> None:
    invoke, _ = world
    assert invoke("resolve", "accept", KHOROSHEV, CHOROSCHEW).exit_code == 0
    raw = invoke("query", "entity-profile", "--param", f"entity={KHOROSHEV}", "--format", "json")
    resolved = invoke("query", "entity-profile", "--param", f"entity={KHOROSHEV}",
                      "--format", "json", "--resolved")
    assert raw.exit_code == 0 and resolved.exit_code == 0, resolved.output
    assert KHOROSHEV in raw.output
    assert KHOROSHEV not in resolved.output and "/actor/resolved/" in resolved.output
