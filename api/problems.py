"""One error shape for every door: ``application/problem+json`` (RFC 9457).

Every error the app sends (our typed errors, unknown routes, wrong methods, request validation,
unexpected failures) is a problem document with the standard members (``type``, ``title``,
``status``, ``detail``) and ours: ``error`` (a stable code), ``message``, and where known the
``parameter`` or the ``line``/``column`` of the input at fault. A 401 carries the
``WWW-Authenticate`` challenges (RFC 9110, RFC 6750) and a 405 the ``Allow`` header listing
every method the path answers.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from ipas.errors import IpasError

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
TYPE_BASE = "https://w3id.org/ipas/problems/"
REALM = "IPAS-KG"
BEARER = f'Bearer realm="{REALM}"'
BASIC = f'Basic realm="{REALM}", charset="UTF-8"'
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 406: "not_acceptable",
               413: "limit_exceeded", 415: "unsupported_media_type", 401: "unauthorized",
               403: "forbidden", 400: "bad_input", 422: "invalid_parameter"}


def problem(status: int, code: str, message: str, *, headers: dict[str, str] | None = None,
            challenges: tuple[str, ...] = (BEARER,), **detail: Any) -> JSONResponse:
    """A problem+json response.

    >>> r = problem(404, "not_found", "no such entity", id="x")
    >>> r.status_code, r.media_type, r.body.decode()[:39]
    (404, 'application/problem+json', '{"type":"https://w3id.org/ipas/problems')
    """
    body: dict[str, Any] = {
        "type": TYPE_BASE + code, "title": _title(status), "status": status,
        "detail": message, "error": code, "message": message,
        **{k: v for k, v in detail.items() if v is not None},
    }
    if "field" in body and "parameter" not in body:
        body["parameter"] = body["field"]  # older errors name the input 'field'
    response = JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)
    if status == 401:
        # One field, the challenges comma-separated (RFC 9110 11.6.1), Basic first: Jena 4's
        # HTTP client reads the first scheme of each field and fails outright (an NPE, no
        # retry) on a field whose scheme it does not know, which Bearer is to it.
        response.headers["WWW-Authenticate"] = ", ".join(challenges)
    return response


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


async def ipas_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IpasError)
    detail = {k: v for k, v in exc.detail.items() if k not in _RESERVED}
    return problem(exc.status_code, exc.code, str(exc), challenges=challenges(_request),
                   headers=getattr(exc, "headers", None), **detail)  # e.g. Retry-After


def challenges(request: Request) -> tuple[str, ...]:
    """Bearer always; Basic too (first), except to a browser's script (``Sec-Fetch-Mode``),
    which would pop up a password dialog over the web UI. Clients such as Jena wait for the
    Basic challenge before they send their credentials."""
    sent = request.headers.get("authorization", "").lower().startswith("basic")
    if request.headers.get("sec-fetch-mode") and not sent:
        return (BEARER,)
    return (BASIC, BEARER)


_RESERVED = frozenset({"type", "title", "status", "detail", "error", "message"})


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own errors: unknown routes (404), wrong methods (405), and the rest."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    code = _HTTP_CODES.get(status, "http_error")
    headers = dict(exc.headers or {})
    if status == 404:
        message = f"no route {request.url.path[:200]!r}; see /openapi.json"
    elif status == 405:
        allowed = allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        message = (f"{request.method} is not allowed on {request.url.path[:200]!r}; "
                   f"allowed: {', '.join(allowed)}")
        return problem(status, code, message, headers=headers, allowed=allowed)
    else:
        message = str(exc.detail) if exc.detail else _title(status)
    return problem(status, code, message, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers on this path (HEAD wherever GET is)."""
    methods: set[str] = set()
    base = {k: v for k, v in request.scope.items() if k in _MATCH_KEYS}
    for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
        probe = {**base, "method": method}
        if any(route.matches(probe)[0] is Match.FULL for route in request.app.router.routes):
            methods.add(method)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


_MATCH_KEYS = ("type", "path", "root_path", "query_string", "headers", "app")


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """Request validation (FastAPI's 422): the first failing parameter, then all of them."""
    assert isinstance(exc, RequestValidationError)
    errors = [_one(e) for e in exc.errors()]
    first = errors[0] if errors else {"parameter": None, "message": "invalid request"}
    where = f"parameter {first['parameter']!r}: " if first["parameter"] else ""
    return problem(422, "invalid_parameter", f"{where}{first['message']}",
                   parameter=first["parameter"], errors=errors)


def _one(error: Any) -> dict[str, Any]:
    loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "header", "body")]
    return {"parameter": ".".join(loc) or None, "message": str(error.get("msg", ""))[:300],
            "in": str(error.get("loc", ("",))[0])}


async def internal_error(_request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error", exc_info=exc)
    return problem(500, "internal_error", "internal server error")


def install(app: FastAPI) -> None:
    """Make problem+json the app's only error shape."""
    app.add_exception_handler(IpasError, ipas_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)


#: The JSON schema of a problem document (OpenAPI ``components.schemas.Problem``).
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "An error (RFC 9457 problem details) with this API's code and location.",
    "required": ["type", "title", "status", "detail", "error", "message"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "error": {"type": "string", "description": "Stable error code (e.g. not_found)"},
        "message": {"type": "string"},
        "parameter": {"type": "string", "description": "The parameter at fault"},
        "line": {"type": "integer"},
        "column": {"type": "integer"},
        "allowed": {"type": "array", "items": {"type": "string"}},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": True,
    "examples": [{
        "type": TYPE_BASE + "invalid_parameter", "title": "Unprocessable Entity", "status": 422,
        "detail": "parameter 'limit': Input should be less than or equal to 500",
        "error": "invalid_parameter",
        "message": "parameter 'limit': Input should be less than or equal to 500",
        "parameter": "limit",
    }],
}


def error_codes() -> list[str]:
    """Every ``error`` code this API sends: its typed errors' and HTTP's own.

    >>> {"not_found", "method_not_allowed", "validation_failed"} <= set(error_codes())
    True
    """
    codes = set(_HTTP_CODES.values()) | {"internal_error", "http_error"}
    todo: list[type[IpasError]] = [IpasError]
    while todo:
        cls = todo.pop()
        codes.add(cls.code)
        todo.extend(cls.__subclasses__())
    return sorted(codes)


def problem_schema() -> dict[str, Any]:
    """:data:`PROBLEM_SCHEMA` with the codes of :func:`error_codes` in its description (not
    an enum: a client generated today must still read a code added tomorrow)."""
    schema = {**PROBLEM_SCHEMA, "properties": {**PROBLEM_SCHEMA["properties"]}}
    schema["properties"]["error"] = {
        "type": "string", "description": "Stable error code: " + ", ".join(error_codes())}
    return schema
