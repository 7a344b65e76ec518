"""Apps for REST tests: an in-memory store, fixed tokens, and per-test settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.static_access import StaticAccess
from ipas.security.principal import Principal, Role
from ipas.settings import Settings
from ipas.store.base import Store

TOKENS = {
    "analyst-token": Principal("ana", Role.ANALYST),
    "loader-token": Principal("lou", Role.LOADER),
    "narrow-token": Principal("nora", Role.PARTNER),
}


@pytest.fixture
def make_client(tmp_path: Path) -> Callable[..., TestClient]:
    """Build an app over ``store``; ``narrow`` lists the only graphs the partner token sees."""

    def build(store: Store, narrow: list[str] | None = None, **overrides: object) -> TestClient:
        settings = Settings(store="memory", home=tmp_path / "home", **overrides)  # type: ignore[arg-type]
        access = StaticAccess(TOKENS, graphs=store.graphs, scopes={"nora": narrow or []})
        app: FastAPI = create_app(settings, store=store, access=access)
        return TestClient(app)

    return build
