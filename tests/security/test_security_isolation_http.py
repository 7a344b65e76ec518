"""A hostile partner, through every HTTP door, learns nothing about batches not shared with it.

Full world: real on-disk store, batches loaded through the ingest pipeline with markings and
sharing lists, the real app and access control (see ``security_world``). Each answer a partner
gets is compared with the answer from a twin deployment holding only the graphs that partner
may see: equal status, equal rows (as sets), equal errors. Hypothesis picks the scope sets
(the partner's agency decides which AMBER batches are shared with it) and the clearance.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from ipas.graphs import GraphNames
from ipas.security.audit import AuditLog
from ipas.security.markings import ALL_MARKINGS
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.store.base import Scope
from tests.security.security_cases import probes
from tests.security.security_world import (
    AGENCIES,
    TAGS,
    World,
    entities,
    fill_twin,
    normalized,
    visible_tags,
)

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


def ask(world: World, token: str, query: str, **params: str) -> tuple[int, Any]:
    head = query.lstrip().split(None, 1)[0].upper()
    accept = N_TRIPLES if head in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON
    r = world.client.post(
        "/sparql",
        data={"query": query, **params},
        headers={"Authorization": f"Bearer {token}", "Accept": accept},
    )
    return normalized(r)


def all_probes(full: World) -> list[tuple[str, str]]:
    return probes(
        [full.graph_of[t] for t in TAGS], entities(), GraphNames(full.settings.base_iri).catalog
    )


def compare(
    full: World,
    twin: World,
    agency: str,
    markings: frozenset[str] | None,
    selected: list[tuple[str, str]],
) -> None:
    mine, theirs = full.token(agency, markings), twin.token(agency, markings)
    for name, query in selected:
        assert ask(full, mine, query) == ask(twin, theirs, query), name


# -- the fixed, thorough case ----------------------------------------------------------------
def test_every_probe_matches_the_visible_only_twin(full: World, twin: World) -> None:
    agency = "P5"  # a0 and a2 shared; a1, a3, strict and red hidden
    fill_twin(twin, full, visible_tags(agency))
    selected = all_probes(full)
    assert len(selected) > 300
    compare(full, twin, agency, None, selected)


def test_the_partner_really_sees_its_share_and_not_more(full: World) -> None:
    token = full.token("P5")
    _, (_, rows) = ask(full, token, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    seen = {row.split('"value": "')[1].split('"')[0] for row in rows}
    names = GraphNames(full.settings.base_iri)
    expected = {full.graph_of[t] for t in ("green", "a0", "a2")}
    assert seen == expected | {names.inferred_for(g) for g in expected} | {names.ontology}
    _, answer = ask(full, token, "SELECT ?a WHERE { ?x <https://w3id.org/ipas/ontology#alias> ?a }")
    aliases = " ".join(answer[1])
    assert "seen by a0" in aliases and "seen by a2" in aliases
    assert "seen by a1" not in aliases and "strict" not in aliases and "red" not in aliases
    # Real per-batch reasoning: the inverse link derived from a0 is visible, from a1 not.
    inferred = (
        "SELECT ?cell WHERE { <https://w3id.org/ipas/id/organization/sec/cartel> "
        "<https://w3id.org/ipas/ontology#hasSubOrganization> ?cell }"
    )
    _, (_, cells) = ask(full, token, inferred)
    assert sorted(c.split("cell-")[1].split('"')[0] for c in cells) == ["a0", "a2"]


def test_protocol_dataset_parameters_cannot_widen(full: World, twin: World) -> None:
    agency = "P2"
    fill_twin(twin, full, visible_tags(agency))
    mine, theirs = full.token(agency), twin.token(agency)
    names = GraphNames(full.settings.base_iri)
    query = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    targets = [*full.graph_of.values(), names.catalog, names.resolution, names.ontology]
    for graph in targets:
        for params in (
            {"default-graph-uri": graph},
            {"named-graph-uri": graph},
            {"default-graph-uri": graph, "named-graph-uri": graph},
        ):
            assert ask(full, mine, query, **params) == ask(twin, theirs, query, **params), graph
            get_full = full.client.get(
                "/sparql",
                params={"query": query, **params},
                headers={"Authorization": f"Bearer {mine}", "Accept": RESULTS_JSON},
            )
            get_twin = twin.client.get(
                "/sparql",
                params={"query": query, **params},
                headers={"Authorization": f"Bearer {theirs}", "Accept": RESULTS_JSON},
            )
            assert normalized(get_full) == normalized(get_twin), graph


# -- generated scope sets --------------------------------------------------------------------
def _quick(full: World) -> list[tuple[str, str]]:
    """The probe kinds that differ most, one IRI spelling per graph (the fixed test runs all)."""
    variant = re.compile(r"^(graph-iri|from|from-named)-\d+\.(\d+)$")
    out = []
    for name, query in all_probes(full):
        m = variant.match(name)
        if m and m.group(2) != "0":
            continue
        if name.startswith(
            (
                "about-",
                "into-",
                "isiri-",
                "ask-about-",
                "exists-graph-",
                "bind-graph-",
                "count-graph-",
            )
        ):
            continue
        out.append((name, query))
    return out


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    agency=st.sampled_from(AGENCIES),
    markings=st.none() | st.frozensets(st.sampled_from(sorted(ALL_MARKINGS)), min_size=1),
)
def test_generated_scope_sets_match_visible_only_twins(
    full: World, twin: World, agency: str, markings: frozenset[str] | None
) -> None:
    tags = visible_tags(agency)
    if markings is not None:
        by_tag = {"green": "TLP:GREEN", "strict": "TLP:AMBER+STRICT", "red": "TLP:RED"}
        tags = {t for t in tags if by_tag.get(t, "TLP:AMBER") in markings}
    fill_twin(twin, full, tags)
    compare(full, twin, agency, markings, _quick(full))


# -- writes and credentials ------------------------------------------------------------------
def test_partner_updates_and_ingest_refused_without_a_trace(full: World) -> None:
    token = full.token("P15")
    hidden = full.graph_of["red"]
    before = full.store.stats(scope=Scope.everything())
    for update in (
        f"DROP GRAPH <{hidden}>",
        f"CLEAR GRAPH <{full.graph_of['green']}>",
        "DROP ALL",
        f"INSERT DATA {{ GRAPH <{hidden}> {{ <urn:a> <urn:b> <urn:c> }} }}",
        f"DELETE WHERE {{ GRAPH <{hidden}> {{ ?s ?p ?o }} }}",
    ):
        r = full.client.post(
            "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {token}"}
        )
        assert r.status_code == 403 and "red" not in r.text and hidden not in r.text
        # the same refusal whether the graph exists or not
        other = update.replace(hidden, hidden + "-nope")
        r2 = full.client.post(
            "/sparql", data={"update": other}, headers={"Authorization": f"Bearer {token}"}
        )
        assert (r2.status_code, r2.json()) == (r.status_code, r.json())
    turtle = b'<https://w3id.org/ipas/id/person/sec/p-red> <urn:x> "y" .'
    r = full.client.post(
        "/ingest",
        content=turtle,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/turtle"},
    )
    assert r.status_code == 403 and "report" not in r.text
    after = full.store.stats(scope=Scope.everything())
    assert after.triples == before.triples


def test_revoked_and_expired_tokens_refused_at_once(full: World) -> None:
    tokens = TokenStore(full.settings.home / "tokens.json")
    record, token = tokens.create("short-lived", Role.PARTNER, agency="P1")
    auth = {"Authorization": f"Bearer {token}"}
    query = {"query": "ASK { ?s ?p ?o }"}
    assert full.client.post("/sparql", data=query, headers=auth).status_code == 200
    tokens.revoke(record.id)  # another process (the CLI) revokes it
    r = full.client.post("/sparql", data=query, headers=auth)
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"

    _, soon = tokens.create(
        "expiring", Role.PARTNER, agency="P1", expires=datetime.now(UTC) + timedelta(days=1)
    )
    auth = {"Authorization": f"Bearer {soon}"}
    assert full.client.post("/sparql", data=query, headers=auth).status_code == 200
    # A day passes: the stored expiry is now behind the clock (the file is re-read per change).
    data = json.loads(tokens.path.read_text())
    for row in data["tokens"]:
        if row["name"] == "expiring":
            row["expires"] = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    tmp = tokens.path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data))
    tmp.replace(tokens.path)
    for path in ("/sparql", "/queries"):
        r = full.client.get(path, params={"query": "ASK {}"}, headers=auth)
        assert r.status_code == 401, path


def test_queries_are_audited_with_scope_and_counts(full: World) -> None:
    token = full.token("P5")
    query = "SELECT ?s WHERE { ?s a <https://w3id.org/ipas/ontology#Person> }"
    r = full.client.post(
        "/sparql",
        data={"query": query},
        headers={"Authorization": f"Bearer {token}", "Accept": RESULTS_JSON},
    )
    rows = r.json()["results"]["bindings"]
    entry = [e for e in AuditLog(full.settings.audit_path).entries() if e.get("query") == query][-1]
    assert entry["role"] == "partner" and entry["action"] == "query" and entry["status"] == "ok"
    assert entry["result_count"] == len(rows) == 3  # Ana, p-a0, p-a2
    assert entry["graphs_in_scope"] == 7  # green, a0, a2 (+ inferred each), ontology
    hidden = {full.graph_of[t] for t in ("a1", "a3", "strict", "red")}
    assert not hidden & set(entry["graphs"])
    refused = full.client.post(
        "/sparql", data={"update": "DROP ALL"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.status_code == 403
    last = list(AuditLog(full.settings.audit_path).entries())[-1]
    assert (last["action"], last["status"], last["query"]) == ("update", "error:403", "DROP ALL")


def test_anonymous_reading_when_opened(full: World, tmp_path: Path) -> None:
    settings = full.settings.model_copy(
        update={"anonymous_markings": ["TLP:GREEN"], "home": tmp_path}
    )
    with TestClient(create_app(settings, store=full.store)) as client:
        r = client.post(
            "/sparql",
            data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": RESULTS_JSON},
        )
        graphs = {b["g"]["value"] for b in r.json()["results"]["bindings"]}
        names = GraphNames(settings.base_iri)
        green = full.graph_of["green"]
        assert graphs == {green, names.inferred_for(green), names.ontology}
        assert client.post("/sparql", data={"update": "DROP ALL"}).status_code == 401
        r = client.post(
            "/ingest",
            content=b"<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": "application/n-triples"},
        )
        assert r.status_code in (401, 403)
        bad = client.post(
            "/sparql", data={"query": "ASK {}"}, headers={"Authorization": "Bearer ipas_x_y"}
        )
        assert bad.status_code == 401  # a wrong token is not downgraded to anonymous


def test_every_route_needs_a_token(full: World) -> None:
    """Every door in the OpenAPI document, present and future, refuses anonymous callers."""
    paths = full.client.get("/openapi.json").json()["paths"]
    # A door is public only where the document says so (``security: []``), and only these:
    # liveness and the published vocabulary (see api/openapi.py).
    public = {path for path, ops in paths.items()
              if all(op.get("security") == [] for op in ops.values())}
    assert public == {"/health", "/ontology", "/ontology/{name}"}
    checked = 0
    for path, operations in paths.items():
        if path in public:
            continue
        concrete = path.replace("{entity_id}", "person/sec/ana").replace("{batch_id}", "x")
        for method in operations:
            if method not in ("get", "post", "put", "delete"):
                continue
            r = full.client.request(method.upper(), concrete, params={"query": "ASK {}"})
            assert r.status_code == 401, (method, path, r.status_code)
            forged = full.client.request(
                method.upper(),
                concrete,
                params={"query": "ASK {}"},
                headers={"Authorization": "Bearer ipas_0_forged"},
            )
            assert forged.status_code == 401, (method, path, forged.status_code)
            checked += 1
    assert checked > 50  # the facade's generated routes are included
