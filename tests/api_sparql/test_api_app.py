"""The app factory: per-call apps, typed errors mapped to statuses, nothing internal leaked."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import PrincipalDep, ScopeDep, require
from api.static_access import StaticAccess
from ipas.errors import BadInput, NotFound
from ipas.security.principal import Action, Principal, Role
from ipas.settings import Settings


class _NoStore:
    """Enough of a store for routes that do not query."""

    def graphs(self) -> list[str]:
        return ["urn:g:a", "urn:g:b"]

    def close(self) -> None:
        pass


def _app(**settings: object):  # type: ignore[no-untyped-def]
    access = StaticAccess(
        {"r": Principal("reader", Role.READER), "a": Principal("root", Role.ADMIN)},
        graphs=_NoStore().graphs,
        scopes={"reader": ["urn:g:a"]},
    )
    app = create_app(Settings(store="memory", **settings), store=_NoStore(), access=access)  # type: ignore[arg-type]

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


def test_health_answers_without_credentials() -> None:
    client = TestClient(_app())
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_apps_are_independent() -> None:
    one, two = _app(max_query_chars=10), _app()
    assert one is not two
    assert one.state.settings.max_query_chars == 10
    assert two.state.settings.max_query_chars != 10


def test_typed_errors_map_to_status_and_detail() -> None:
    client = TestClient(_app())
    response = client.get("/t/bad")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad_input"
    assert (body["line"], body["column"]) == (2, 5)
    assert client.get("/t/missing").status_code == 404


def test_unexpected_errors_leak_nothing() -> None:
    client = TestClient(_app(), raise_server_exceptions=False)
    response = client.get("/t/crash")
    assert response.status_code == 500
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert response.json()["error"] == "internal_error"


def test_principal_and_scope_come_from_access_control() -> None:
    client = TestClient(_app())
    assert client.get("/t/whoami").status_code == 401
    assert client.get("/t/whoami", headers={"Authorization": "Bearer nope"}).status_code == 401
    response = client.get("/t/whoami", headers={"Authorization": "Bearer r"})
    assert response.json() == {"name": "reader", "graphs": ["urn:g:a"]}


def test_require_checks_the_role() -> None:
    client = TestClient(_app())
    assert client.get("/t/admin", headers={"Authorization": "Bearer r"}).status_code == 403
    assert client.get("/t/admin", headers={"Authorization": "Bearer a"}).json() == "root"


def test_cors_is_off_by_default_and_configurable() -> None:
    origin = {"Origin": "https://ui.example", "Access-Control-Request-Method": "GET"}
    off = TestClient(_app()).options("/health", headers=origin)
    assert "access-control-allow-origin" not in off.headers
    on = TestClient(_app(cors_origins=["https://ui.example"])).options("/health", headers=origin)
    assert on.headers.get("access-control-allow-origin") == "https://ui.example"
