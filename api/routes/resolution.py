"""REST door to entity resolution: ``/resolution/...``.

Reading (suggestions, decisions, resolved actors) is open to every authenticated caller,
within its scope: a decision is listed only when the caller can read both of its records.
Deciding (``run``, ``decisions``, ``undo``) needs the analyst or admin role. The routes run
fixed queries of :mod:`ipas.resolution` on the store itself, not in the query workers: no
caller text reaches the engine, and the row limits meant for ad-hoc queries would cut the
record lists short.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.audit import note
from api.deps import PrincipalDep, ScopeDep, SettingsDep, StoreDep
from ipas.errors import BadInput, Forbidden
from ipas.query.executor import IsolatedStore
from ipas.resolution.decisions import export_csv
from ipas.resolution.service import ResolutionService
from ipas.security.principal import Principal, Role
from ipas.settings import Settings
from ipas.store.base import Store

router = APIRouter(prefix="/resolution", tags=["entity resolution"])

DECIDERS = frozenset({Role.ANALYST, Role.ADMIN})


def require_decider(principal: PrincipalDep) -> Principal:
    """Analysts and admins decide; partners, readers and loaders only read (403)."""
    if principal.anonymous or principal.role not in DECIDERS:
        raise Forbidden(f"role '{principal.role.value}' may not make resolution decisions")
    return principal


Decider = Annotated[Principal, Depends(require_decider)]


def _service(store: Store, settings: Settings) -> ResolutionService:
    base = store.inner if isinstance(store, IsolatedStore) else store
    return ResolutionService(base, settings)


class DecisionIn(BaseModel):
    left: str = Field(max_length=2000, description="A record IRI, as stored")
    right: str = Field(max_length=2000)
    decision: Literal["positive", "negative"]
    why: str = Field(default="", max_length=2000)


class UndoIn(BaseModel):
    batch: str | None = Field(default=None, max_length=200)
    left: str | None = Field(default=None, max_length=2000)
    right: str | None = Field(default=None, max_length=2000)
    why: str = Field(default="", max_length=2000)


class RunIn(BaseModel):
    why: str = Field(default="", max_length=2000)


@router.get("/suggestions", summary="Suggestions waiting for a decision, best first")
def suggestions(request: Request, store: StoreDep, settings: SettingsDep, scope: ScopeDep,
                limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                min_score: Annotated[float, Query(ge=0, le=1)] = 0.0) -> list[dict[str, Any]]:
    note(request, action="resolution_read", scope=scope)
    pending = _service(store, settings).review(scope, limit=limit, min_score=min_score)
    return [d.to_dict() for d in pending]


@router.get("/decisions", summary="Every suggestion and decision in force (JSON or CSV)",
            responses={200: {"content": {"application/json": {}, "text/csv": {}}}})
def decisions(request: Request, store: StoreDep, settings: SettingsDep,
              scope: ScopeDep) -> Response:
    note(request, action="resolution_read", scope=scope)
    rows = _service(store, settings).export(scope)
    if "text/csv" in request.headers.get("accept", ""):
        return Response(export_csv(rows), media_type="text/csv")
    return Response(json.dumps([d.to_dict() for d in rows]), media_type="application/json")


@router.get("/actors", summary="Resolved actors: canonical IRI, members and the evidence")
def actors(request: Request, store: StoreDep, settings: SettingsDep,
           scope: ScopeDep) -> list[dict[str, Any]]:
    note(request, action="resolution_read", scope=scope)
    return [a.to_dict() for a in _service(store, settings).view(scope).actors()]


@router.get("/canonical", summary="The resolved actor of one record, and its members")
def canonical(request: Request, store: StoreDep, settings: SettingsDep, scope: ScopeDep,
              iri: Annotated[str, Query(max_length=2000)]) -> dict[str, Any]:
    note(request, action="resolution_read", scope=scope)
    resolution = _service(store, settings).resolution(scope)
    actor = resolution.canonical_of(iri)
    return {"iri": iri, "actor": actor, "members": sorted(resolution.members(actor))}


@router.post("/run", status_code=201, summary="Score candidates, suggest, auto-accept")
async def run(request: Request, store: StoreDep, settings: SettingsDep, scope: ScopeDep,
              principal: Decider, body: RunIn | None = None) -> dict[str, Any]:
    note(request, action="resolution_run", scope=scope)
    why = (body.why if body else "") or "POST /resolution/run"
    report = await run_in_threadpool(_service(store, settings).run, scope, by=principal.name,
                                     why=why)
    return report.to_dict()


@router.post("/decisions", status_code=201, summary="Accept (positive) or reject (negative)")
async def decide(request: Request, store: StoreDep, settings: SettingsDep, scope: ScopeDep,
                 principal: Decider, body: DecisionIn) -> dict[str, Any]:
    note(request, action=f"resolution_{body.decision}", scope=scope)
    decision = await run_in_threadpool(
        _service(store, settings).decide, scope, body.left, body.right, body.decision,
        by=principal.name, why=body.why or f"{body.decision} by {principal.name}")
    return decision.to_dict()


@router.post("/undo", summary="Retract a pair's decision, a batch, or the latest batch")
async def undo(request: Request, store: StoreDep, settings: SettingsDep, scope: ScopeDep,
               principal: Decider, body: UndoIn) -> dict[str, Any]:
    note(request, action="resolution_undo", scope=scope)
    if (body.left is None) != (body.right is None):
        raise BadInput("name both left and right, or neither", field="right")
    pair = (body.left, body.right) if body.left and body.right else None
    retracted = await run_in_threadpool(
        _service(store, settings).undo, scope, by=principal.name,
        why=body.why or f"undo by {principal.name}", batch=body.batch, pair=pair)
    return {"retracted": [d.to_dict() for d in retracted]}
