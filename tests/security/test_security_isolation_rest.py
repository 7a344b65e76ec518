"""The other doors: REST facade, saved queries, Graph Store reads, batch metadata, SHACL.

Same method as the SPARQL isolation tests: a partner's answer from the full deployment must
equal its answer from the twin that holds only what it may see (status and body).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipas.access import build_access_control as build_access
from ipas.graphs import GraphNames
from ipas.query.registry import QueryRegistry, SavedQuery
from ipas.security.principal import Role
from ipas.settings import Settings
from tests.security.security_world import (
    AGENCIES,
    ID,
    TAGS,
    World,
    entities,
    fill_twin,
    normalized,
    visible_tags,
)

CLASSES = ("person", "criminal-cell", "organization")
SEARCHES = ("alias", "Cell", "ana", "red", "strict", "a1", "cartel", "seen by")
INJECTIONS = ('"', "\\u0022", "#", "}", '" } ?s ?p ?o { "', "\\u0022 . ?s ?p ?o #", "%22%7D")


def get(world: World, agency: str, path: str, **kw: Any) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {world.token(agency)}", **kw.pop("headers", {})}
    return normalized(world.client.get(path, headers=headers, **kw))


def same(full: World, twin: World, agency: str, path: str, **kw: Any) -> tuple[int, Any]:
    mine = get(full, agency, path, **dict(kw))
    theirs = get(twin, agency, path, **dict(kw))
    assert mine == theirs, (path, kw)
    return mine


def short_id(iri: str) -> str:
    return iri[len(ID) :]


def rest_paths() -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for slug in CLASSES:
        out.append((f"/entities/{slug}", {"params": {"limit": 200}}))
        out.append((f"/entities/{slug}", {"params": {"limit": 200, "sort": "-label"}}))
        for q in SEARCHES:
            out.append((f"/entities/{slug}/search", {"params": {"q": q}}))
        for iri in entities():
            out.append((f"/entities/{slug}/{short_id(iri)}", {}))
            out.append(
                (
                    f"/entities/{slug}/{short_id(iri)}",
                    {"headers": {"Accept": "application/ld+json"}},
                )
            )
            out.append((f"/entities/{slug}/{short_id(iri)}/neighbours", {}))
    out.append(("/entities", {}))
    return out


def saved_query_paths(full: World) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = [
        ("/queries", {}),
        ("/queries/sec-count", {}),
        ("/queries/sec-aliases", {}),
        ("/queries/sec-aliases", {"headers": {"Accept": "text/csv"}}),
        ("/queries/sec-aliases", {"headers": {"Accept": "application/ld+json"}}),
    ]
    out += [("/queries/sec-aliases", {"params": {"entity": iri}}) for iri in entities()]
    return out


def graph_store_paths(full: World) -> list[tuple[str, dict[str, Any]]]:
    names = GraphNames(full.settings.base_iri)
    graphs = [*full.graph_of.values(), names.catalog, names.resolution, names.ontology]
    graphs += [names.inferred_for(g) for g in full.graph_of.values()]
    out: list[tuple[str, dict[str, Any]]] = [
        (
            "/graph-store",
            {"params": {"default": ""}, "headers": {"Accept": "application/n-triples"}},
        )
    ]
    for g in graphs:
        for variant in (g, g + "/", g.upper()):
            out.append(
                (
                    "/graph-store",
                    {"params": {"graph": variant}, "headers": {"Accept": "application/n-triples"}},
                )
            )
    return out


def test_rest_facade_matches_the_twin(full: World, twin: World) -> None:
    agency = "P9"  # a0 and a3 shared
    fill_twin(twin, full, visible_tags(agency))
    found = 0
    for path, kw in rest_paths():
        status, _ = same(full, twin, agency, path, **kw)
        found += status == 200
    assert found > 20  # the facade really answered, not only 404s
    status, body = get(full, agency, f"/entities/person/{short_id(ID + 'person/sec/p-a1')}")
    assert status == 404
    status, body = get(full, agency, "/entities/person/search", params={"q": "alias"})
    text = str(body)
    assert "person alias a0" in text and "person alias a1" not in text


def test_saved_queries_match_the_twin(full: World, twin: World) -> None:
    agency = "P6"  # a1 and a2 shared
    fill_twin(twin, full, visible_tags(agency))
    for path, kw in saved_query_paths(full):
        status, _ = same(full, twin, agency, path, **kw)
        assert status == 200, path
    for method in ("GET", "POST"):
        for iri in entities():
            kw: dict[str, Any] = (
                {"params": {"entity": iri}} if method == "GET" else {"json": {"entity": iri}}
            )
            r_full = full.client.request(
                method,
                "/queries/sec-aliases",
                headers={"Authorization": f"Bearer {full.token(agency)}"},
                **kw,
            )
            r_twin = twin.client.request(
                method,
                "/queries/sec-aliases",
                headers={"Authorization": f"Bearer {twin.token(agency)}"},
                **kw,
            )
            assert normalized(r_full) == normalized(r_twin), iri


def test_graph_store_reads_match_the_twin(full: World, twin: World) -> None:
    agency = "P3"  # a0 and a1 shared
    fill_twin(twin, full, visible_tags(agency))
    statuses = set()
    for path, kw in graph_store_paths(full):
        status, _ = same(full, twin, agency, path, **kw)
        statuses.add(status)
        head_full = full.client.head(
            path, headers={"Authorization": f"Bearer {full.token(agency)}"}, params=kw["params"]
        )
        head_twin = twin.client.head(
            path, headers={"Authorization": f"Bearer {twin.token(agency)}"}, params=kw["params"]
        )
        assert head_full.status_code == head_twin.status_code
    assert statuses == {200, 404}  # hidden graphs are absent, not forbidden


@settings(
    max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(agency=st.sampled_from(AGENCIES))
def test_generated_scope_sets_through_rest(full: World, twin: World, agency: str) -> None:
    fill_twin(twin, full, visible_tags(agency))
    selected = [
        p
        for p in rest_paths()
        if p[0].startswith(("/entities/person", "/entities/org"))
        and ("/neighbours" in p[0] or "/search" in p[0])
    ]
    for path, kw in [*selected, *saved_query_paths(full)[:3]]:
        same(full, twin, agency, path, **kw)


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_into_rest_filters_and_parameters(full: World, twin: World, payload: str) -> None:
    agency = "P1"
    fill_twin(twin, full, visible_tags(agency))
    spec = full.client.get("/openapi.json").json()
    checked = 0
    for path in ("/entities/person", "/entities/criminal-cell", "/entities/person/search"):
        params = [
            p
            for p in spec["paths"][path]["get"].get("parameters", [])
            if p["in"] == "query"
            and p.get("schema", {}).get("type") in ("string", None)
            and p["name"] not in ("sort",)
        ]
        for param in params:
            status, _ = same(full, twin, agency, path, params={param["name"]: payload})
            assert status in (200, 404, 422), (path, param["name"], status)
            checked += 1
    assert checked >= 3
    for path in (f"/entities/person/{payload}", f"/entities/person/{payload}/neighbours"):
        status, _ = same(full, twin, agency, path)
        assert status in (404, 422)
    status, _ = same(full, twin, agency, "/queries/sec-aliases", params={"entity": payload})
    assert status == 422


def test_batch_metadata_and_shacl_reports_are_not_a_door_for_partners(full: World) -> None:
    token = full.token("P15")
    auth = {"Authorization": f"Bearer {token}"}
    for tag in TAGS:
        batch_id = full.graph_of[tag].rsplit("/", 1)[1]
        r = full.client.get(f"/ingest/{batch_id}", headers=auth)
        assert r.status_code == 403 and tag not in r.text
    r = full.client.get("/ingest/does-not-exist", headers=auth)
    assert r.status_code == 403
    # An invalid body that names hidden nodes: refused by role before any validation runs.
    body = (
        f"<{ID}person/sec/x> <https://w3id.org/ipas/ontology#employedBy> "
        f"<{ID}organization/sec/cell-red> ."
    ).encode()
    for method, path, params in (
        ("POST", "/ingest", {}),
        ("POST", "/graph-store", {}),
        ("PUT", "/graph-store", {"graph": full.graph_of["green"]}),
    ):
        r = full.client.request(
            method,
            path,
            content=body,
            params=params,
            headers={**auth, "Content-Type": "application/n-triples"},
        )
        assert r.status_code == 403, (method, path, r.text)
        assert "report" not in r.text and "cell-red" not in r.text


def test_validation_of_a_loader_upload_ignores_batches_it_cannot_see(
    full: World, twin: World
) -> None:
    """SHACL checks references against the types already in the store: only the uploader's
    visible graphs may count, or the report tells it that a hidden node exists."""
    fill_twin(twin, full, set(TAGS) - {"red"})  # an HSI loader without RED clearance
    body = (
        f"<{ID}person/sec/upload> a <https://w3id.org/ipas/ontology#Person> ;\n"
        f'  <http://www.w3.org/2000/01/rdf-schema#label> "Upload" ;\n'
        f"  <https://w3id.org/ipas/ontology#employedBy> <{ID}organization/sec/cell-red> .\n"
    ).encode()
    answers = []
    for world in (full, twin):
        token = world.token("HSI", role=Role.LOADER)
        r = world.client.post(
            "/ingest",
            content=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "text/turtle"},
        )
        report = r.json().get("report", [])
        answers.append(
            (r.status_code, [reason["message"] for q in report for reason in q["reasons"]])
        )
    assert answers[0] == answers[1]
    assert answers[0][0] == 422  # the hidden organization does not vouch for the link


def test_batch_status_hides_batches_beyond_the_loaders_clearance(full: World) -> None:
    auth = {"Authorization": f"Bearer {full.token('HSI', role=Role.LOADER)}"}
    green = full.graph_of["green"].rsplit("/", 1)[1]
    red = full.graph_of["red"].rsplit("/", 1)[1]
    assert full.client.get(f"/ingest/{green}", headers=auth).status_code == 200
    hidden = full.client.get(f"/ingest/{red}", headers=auth)
    missing = full.client.get(
        f"/ingest/{red[:-1]}0" if not red.endswith("0") else f"/ingest/{red[:-1]}1", headers=auth
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"] == missing.json()["error"] and "TLP" not in hidden.text


def _saved_query_params(query: SavedQuery, entity: str) -> dict[str, str]:
    samples = {"iri": entity, "date": "2000-01-01", "integer": "1", "decimal": "1", "string": "a"}
    out = {}
    for p in query.params:
        if p.values:
            out[p.name] = p.values[0]
        elif not p.optional and p.default is None:
            out[p.name] = samples[p.type]
    return out


def _answer_text(answer: Any) -> Any:
    if answer.select is not None:
        return sorted(
            str(sorted((k, v.n3()) for k, v in row.items())) for row in answer.select.rows
        )
    if answer.boolean is not None:
        return answer.boolean
    return sorted(str(t) for t in answer.triples)


def test_every_saved_query_of_the_library_matches_the_twin(full: World, twin: World) -> None:
    """The real library (queries/), run with a partner's scope on both stores."""
    library = QueryRegistry.load(Settings().queries_dir)
    assert len(library) >= 15
    agency = "P10"  # a1 and a3 shared
    fill_twin(twin, full, visible_tags(agency))
    access = build_access(full.settings, full.store)
    partner = access.tokens.verify(full.token(agency)).principal()
    scope_full = access.scope_for(partner)
    scope_twin = build_access(twin.settings, twin.store).scope_for(partner)
    assert scope_full == scope_twin, (scope_full.graphs or set()) ^ (scope_twin.graphs or set())
    for query in library:
        for entity in (
            f"{ID}organization/sec/cell-red",
            f"{ID}organization/sec/cell-a1",
            f"{ID}organization/sec/cartel",
        ):
            params = _saved_query_params(query, entity)
            mine = library.run(full.store, query.name, params, scope=scope_full)
            theirs = library.run(twin.store, query.name, params, scope=scope_twin)
            assert _answer_text(mine) == _answer_text(theirs), (query.name, entity)
