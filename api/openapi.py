"""The OpenAPI document, finished so that generated clients work from it alone.

Applied to every route of every router (new routers included, with no code of their own):
the bearer and HTTP Basic security schemes, required everywhere except the public paths; the
problem+json error shape (:mod:`api.problems`) for every error response, replacing FastAPI's
``HTTPValidationError``; on conditional GETs (those that read the caller's scope, see
:mod:`api.caching`) the 304 and the ``ETag``/``Last-Modified`` headers, and the paging headers
of those that take ``limit``;
and a check that no two schemas share a title (a generated client keeps only one class per
name).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.caching import CONDITIONAL_HEADERS
from api.problems import PROBLEM, problem_schema

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
_STRING = {"schema": {"type": "string"}}
_VALIDATORS = {
    "ETag": {"description": "Weak tag of this answer for this caller (store write generation, "
                            "scope, URL, Accept)", **_STRING},
    "Last-Modified": {"description": "When the store last committed a write", **_STRING},
}
_PAGING = {
    "Link": {"description": 'RFC 8288 links to the other pages: rel="next", "prev", "first"',
             **_STRING},
    "X-Total-Count": {"description": "Items in all pages", "schema": {"type": "integer"}},
}
_NOT_MODIFIED = {"description": "Not modified: the copy named by If-None-Match (or "
                                "If-Modified-Since) is current; no body",
                 "headers": _VALIDATORS}


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
    """Security, error and caching responses, and schema names of a generated document."""
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = problem_schema()
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
            _conditional(method, operation)
    _check_titles(schemas)
    return doc


def _conditional(method: str, operation: dict[str, Any]) -> None:
    """A GET that reads the caller's scope takes the conditional headers (the scope dependency
    declares them): its 304, its validators and paging headers. Other methods ignore them."""
    parameters = operation.get("parameters", [])
    names = {p.get("name") for p in parameters}
    if not names & set(CONDITIONAL_HEADERS):
        return
    if method != "get":
        operation["parameters"] = [p for p in parameters
                                   if p.get("name") not in CONDITIONAL_HEADERS]
        return
    operation["responses"].setdefault("304", _NOT_MODIFIED)
    ok = operation["responses"].get("200")
    if ok is not None:
        headers = ok.setdefault("headers", {})
        headers.update(_VALIDATORS)
        if "limit" in names:
            headers.update(_PAGING if "offset" in names else {"Link": _PAGING["Link"]})


def _check_titles(schemas: dict[str, Any]) -> None:
    """Give every schema a title equal to its (unique) component name."""
    for name, schema in schemas.items():
        if isinstance(schema, dict):
            schema["title"] = name
