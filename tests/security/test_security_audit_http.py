"""Every request to a data door leaves one audit entry, refused ones included."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi import APIRouter, Request

from api.app import create_app
from api.audit import note
from api.deps import PrincipalDep
from ipas.graphs import GraphNames
from ipas.security.control import TokenAccessControl
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.settings import Settings
from ipas.store import open_store
from ipas.store.base import Scope


def _app(settings: Settings):  # type: ignore[no-untyped-def]
    store = open_store(Settings(store="memory"))
    tokens = TokenStore(settings.home / "tokens.json")
    _, token = tokens.create("ana", Role.ANALYST)
    access = TokenAccessControl(tokens, list, GraphNames(settings.base_iri), graphs=store.graphs)
    app = create_app(settings, store=store, access=access)
    app.state.test_token = token
    probe = APIRouter()

    @probe.post("/sparql-probe")
    def probe_route(request: Request, who: PrincipalDep) -> dict[str, str]:
        note(request, action="update", query="DROP ALL", scope=Scope.of(["urn:a"]), result_count=0)
        return {"ok": who.name}

    app.include_router(probe)
    return app


def _entries(settings: Settings) -> list[dict[str, object]]:
    return [json.loads(line) for line in settings.audit_path.read_text().splitlines()]


@pytest.mark.anyio
async def test_requests_are_audited_with_route_facts(settings: Settings) -> None:
    app = _app(settings)
    auth = {"Authorization": f"Bearer {app.state.test_token}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/health")).status_code == 200
        assert (await client.get("/queries")).status_code == 401
        ok = await client.get("/queries", headers=auth)
        assert ok.status_code == 200
        probe = await client.post("/sparql-probe", headers=auth)
        assert probe.status_code == 200
    refused, listed, probed = _entries(settings)  # /health is not a data door
    assert refused["who"] == "-" and refused["status"] == "error:401"
    assert refused["target"] == "GET /queries" and refused["http_status"] == 401
    assert listed["who"] == "ana" and listed["role"] == "analyst" and listed["status"] == "ok"
    assert probed["action"] == "update" and probed["query"] == "DROP ALL"
    assert probed["graphs"] == ["urn:a"] and probed["graphs_in_scope"] == 1
    assert probed["result_count"] == 0 and probed["duration_ms"] >= 0


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
