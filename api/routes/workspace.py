"""``/workspace``: what the analyst's web UI reads — who is signed in, an entity's page, a link
chart's neighbourhood, and the map's and timeline's features — each within the caller's scope.

Other systems may call these too; they are JSON views over the same scoped store as
``/sparql`` and ``/entities``, so they show nothing that those would not.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import PrincipalDep, ScopeDep, SettingsDep, StoreDep, require
from ipas.query.registry import QueryRegistry
from ipas.security.principal import Action, Principal
from ipas.workspace.chart import MAX_SEEDS, ChartBuilder
from ipas.workspace.dossier import DossierBuilder, describe_entities
from ipas.workspace.geo import GeoBuilder
from ipas.workspace.kinds import ontology_prefixes
from ipas.workspace.search import search as search_names

router = APIRouter(prefix="/workspace", tags=["workspace"])
Reader = Annotated[Principal, Depends(require(Action.QUERY))]


@router.get("/me", summary="Who is signed in: name, role, agency and cleared markings")
def me(principal: PrincipalDep) -> dict[str, Any]:
    return {"name": principal.name, "role": principal.role.value, "agency": principal.agency,
            "markings": sorted(principal.markings)}


@router.get("/entity", summary="An entity's page: its facts by kind, each with its evidence")
async def entity(
    _caller: Reader, store: StoreDep, scope: ScopeDep, settings: SettingsDep,
    iri: Annotated[str, Query(max_length=2000, description="the entity's IRI")],
) -> dict[str, Any]:
    return await run_in_threadpool(DossierBuilder(store, settings, scope).build, iri)


@router.get("/labels", summary="Labels and types of entities, for naming IRIs on a page")
async def labels(
    _caller: Reader, store: StoreDep, scope: ScopeDep,
    iri: Annotated[list[str], Query(max_length=200, description="entities (repeat the parameter)")],
) -> dict[str, Any]:
    return await run_in_threadpool(describe_entities, store, scope, iri)


@router.get("/chart", summary="The one-hop neighbourhood of entities, as chart nodes and edges")
async def chart(
    _caller: Reader, store: StoreDep, scope: ScopeDep, settings: SettingsDep,
    iri: Annotated[list[str], Query(max_length=MAX_SEEDS,
                                    description="entities to expand (repeat the parameter)")],
) -> dict[str, Any]:
    return await run_in_threadpool(ChartBuilder(store, settings, scope).expand, iri)


@router.get("/geo", summary="Places, pathway legs and dated events for the map and timeline")
async def geo(
    _caller: Reader, store: StoreDep, scope: ScopeDep, settings: SettingsDep,
    since: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]")] = None,
) -> dict[str, Any]:
    return await run_in_threadpool(GeoBuilder(store, settings, scope).features, since, until)


@router.get("/search", summary="Entities of every class by name, alias or identifier, ranked, "
            "with type facets (accent- and case-blind, forgiving of misspellings)")
async def search(
    _caller: Reader, store: StoreDep, scope: ScopeDep, settings: SettingsDep,
    q: Annotated[str, Query(min_length=2, max_length=200, description="what to look for")],
    type: Annotated[str | None, Query(max_length=2000, description="only this class (IRI)")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    return await run_in_threadpool(search_names, store, settings, scope, q, type_iri=type,
                                   limit=limit)


@router.get("/examples", summary="The saved queries' texts and the ontology's prefixes, for the "
            "SPARQL editor")
def examples(_caller: Reader, settings: SettingsDep) -> dict[str, Any]:
    registry = QueryRegistry.load(settings.queries_dir)
    return {
        "prefixes": ontology_prefixes(),
        "queries": [{"name": q.name, "summary": q.summary, "text": q.text} for q in registry],
    }
