"""The OpenAPI document, finished so that generated clients work from it alone.

Applied to every route of every router (new routers included, with no code of their own):
the bearer and HTTP Basic security schemes, required everywhere except the public paths; the
problem+json error shape (:mod:`api.problems`) for every error response, replacing FastAPI's
``HTTPValidationError``; and a check that no two schemas share a title (a generated client
keeps only one class per name).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.problems import PROBLEM, PROBLEM_SCHEMA

#: Paths anyone may read (liveness, the published TLP:CLEAR vocabulary, the UI's files, the
#: docs themselves); their operations say ``security: []``.
PUBLIC_PREFIXES = ("/health", "/ontology", "/ui", "/docs", "/redoc", "/openapi.json")
SECURITY_SCHEMES: dict[str, Any] = {
    "bearerAuth": {"type": "http", "scheme": "bearer",
                   "description": "A token from `ipas token create` (or var/local-admin.token)"},
    "basicAuth": {"type": "http", "scheme": "basic",
                  "description": "Any user name, the token as the password (for clients that "
                                 "only speak Basic)"},
}
_REF = {"$ref": "#/components/schemas/Problem"}
_ERRORS = {
    "401": "No valid credentials (see the WWW-Authenticate challenges)",
    "403": "The token's role may not do this",
    "default": "An error (problem+json)",
}
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def install(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the finished document (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, summary=app.summary,
                              description=app.description, routes=app.routes)
            app.openapi_schema = finish(doc)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def finish(doc: dict[str, Any]) -> dict[str, Any]:
    """Security, error responses and schema names of a generated document."""
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    doc["security"] = [{"bearerAuth": []}, {"basicAuth": []}]
    for path, item in doc.get("paths", {}).items():
        public = path == "/" or path.startswith(PUBLIC_PREFIXES)
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            if public:
                operation["security"] = []
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if status.startswith(("4", "5")) or status == "default":
                    response["content"] = {PROBLEM: {"schema": _REF}}
            for status, description in _ERRORS.items():
                if public and status in ("401", "403"):
                    continue
                responses.setdefault(status, {"description": description,
                                              "content": {PROBLEM: {"schema": _REF}}})
    _check_titles(schemas)
    return doc


def _check_titles(schemas: dict[str, Any]) -> None:
    """Give every schema a title equal to its (unique) component name."""
    for name, schema in schemas.items():
        if isinstance(schema, dict):
            schema["title"] = name
