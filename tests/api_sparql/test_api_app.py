"""The app factory: per-call apps, typed errors mapped to statuses, nothing internal leaked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import PrincipalDep, ScopeDep, require
from ipas.errors import BadInput, NotFound
from ipas.security.control import BatchAccess
from ipas.security.principal import Action, Principal
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.api_sparql.conftest import NAMES, Callers, make_callers
from tests.api_sparql.server import endpoint_dirs

GREEN = BatchAccess("b1", NAMES.batch("b1"), "TLP:GREEN", "HSI")
RED = BatchAccess("b2", NAMES.batch("b2"), "TLP:RED", "DEA")


CALLERS: list[Callers] = []


def _app(tmp_path: Path, **settings: Any) -> FastAPI:
    callers = make_callers(tmp_path, [GREEN, RED], graphs=list)
    CALLERS[:] = [callers]
    app = create_app(
        Settings(store="memory", home=tmp_path, **endpoint_dirs(tmp_path), **settings),
        store=OxigraphStore(),
        access=callers.access,
    )

    @app.get("/t/bad")
    def bad() -> None:
        raise BadInput("no such thing", source="q.rq", line=2, column=5)

    @app.get("/t/missing")
    def missing() -> None:
        raise NotFound("absent")

    @app.get("/t/crash")
    def crash() -> None:
        raise RuntimeError("/srv/secret/path exploded")

    @app.get("/t/whoami")
    def whoami(principal: PrincipalDep, scope: ScopeDep) -> dict[str, object]:
        return {"name": principal.name, "graphs": sorted(scope.graphs or [])}

    @app.get("/t/admin")
    def admin(p: Annotated[Principal, Depends(require(Action.UPDATE))]) -> str:
        return p.name

    return app


def test_health_answers_without_credentials(tmp_path: Path) -> None:
    client = TestClient(_app(tmp_path))
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_apps_are_independent(tmp_path: Path) -> None:
    one, two = _app(tmp_path / "1", max_query_chars=10), _app(tmp_path / "2")
    assert one is not two
    assert one.state.settings.max_query_chars == 10
    assert two.state.settings.max_query_chars != 10
    assert one.state.store is not two.state.store


def test_typed_errors_map_to_status_and_detail(tmp_path: Path) -> None:
    client = TestClient(_app(tmp_path))
    response = client.get("/t/bad")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad_input"
    assert (body["line"], body["column"]) == (2, 5)
    assert client.get("/t/missing").status_code == 404


def test_unexpected_errors_leak_nothing(tmp_path: Path) -> None:
    client = TestClient(_app(tmp_path), raise_server_exceptions=False)
    response = client.get("/t/crash")
    assert response.status_code == 500
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert response.json()["error"] == "internal_error"


def test_principal_and_scope_come_from_access_control(tmp_path: Path) -> None:
    client = TestClient(_app(tmp_path))
    headers = CALLERS[0].headers
    assert client.get("/t/whoami").status_code == 401
    assert client.get("/t/whoami", headers={"Authorization": "Bearer nope"}).status_code == 401
    body = client.get("/t/whoami", headers=headers["reader"]).json()
    assert body["name"] == "reader"
    assert GREEN.graph in body["graphs"] and RED.graph not in body["graphs"]


def test_require_checks_the_role(tmp_path: Path) -> None:
    client = TestClient(_app(tmp_path))
    headers = CALLERS[0].headers
    assert client.get("/t/admin", headers=headers["analyst"]).status_code == 403
    assert client.get("/t/admin", headers=headers["admin"]).json() == "admin"


def test_cors_is_off_by_default_and_configurable(tmp_path: Path) -> None:
    origin = {"Origin": "https://ui.example", "Access-Control-Request-Method": "GET"}
    off = TestClient(_app(tmp_path / "1")).options("/health", headers=origin)
    assert "access-control-allow-origin" not in off.headers
    app = _app(tmp_path / "2", cors_origins=["https://ui.example"])
    on = TestClient(app).options("/health", headers=origin)
    assert on.headers.get("access-control-allow-origin") == "https://ui.example"
