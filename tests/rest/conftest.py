"""Apps for REST tests: a given store, fixed bearer tokens, and per-test settings."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from ipas.errors import Unauthorized
from ipas.security.principal import Principal, Role
from ipas.settings import Settings
from ipas.store.base import Scope, Store

TOKENS = {
    "analyst-token": Principal("ana", Role.ANALYST),
    "loader-token": Principal("lou", Role.LOADER),
    "narrow-token": Principal("nora", Role.PARTNER),
}


class FixedAccess:
    """The AccessControl contract over fixed tokens: everyone sees every graph of the store,
    except principals given a narrower list."""

    def __init__(self, graphs: Callable[[], Iterable[str]], narrow: dict[str, list[str]]):
        self._graphs = graphs
        self._narrow = narrow

    def authenticate(self, authorization: str | None, *, client_host: str | None) -> Principal:
        _, _, token = (authorization or "").partition(" ")
        for known, principal in TOKENS.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                return principal
        raise Unauthorized("credentials required")

    def scope_for(self, principal: Principal) -> Scope:
        visible = set(self._graphs())
        if principal.name in self._narrow:
            visible &= set(self._narrow[principal.name])
        return Scope.of(visible)


@pytest.fixture
def make_client(tmp_path: Path) -> Callable[..., TestClient]:
    """Build an app over ``store``; ``narrow`` lists the only graphs the partner token sees."""

    def build(store: Store, narrow: list[str] | None = None, **overrides: object) -> TestClient:
        settings = Settings(store="memory", home=tmp_path / "home", **overrides)  # type: ignore[arg-type]
        access = FixedAccess(store.graphs, {"nora": narrow or []})
        app: FastAPI = create_app(settings, store=store, access=access)
        return TestClient(app)

    return build
