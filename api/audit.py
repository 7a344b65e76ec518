"""Audit every request to a data door: one entry per request, on disk before the response starts.

A pure ASGI middleware (no body buffering) that writes one :class:`ipas.security.AuditLog`
entry per request when the response status is known, and before that status reaches the
client: a request the client saw answered is in the log (the entry is fsynced by the log's
writer thread, grouped with other requests' entries; the request awaits it on the event
loop). Unauthenticated and refused requests are recorded too.

Routes add what only they know with :func:`note` (query text, graphs in scope, result count,
a finer action name such as ``update``); everything else (who, role, HTTP status, duration,
client) the middleware fills in from the request.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem
from ipas.security.audit import AuditLog
from ipas.store.base import Scope as GraphScope

#: Paths that are not data doors (liveness, API docs, the UI's static files): not audited.
SKIP_PREFIXES = ("/health", "/docs", "/redoc", "/openapi.json", "/static", "/favicon.ico", "/ui")
_KEY = "ipas_audit"
CANCELLED = 503  # the HTTP status recorded for a request cancelled by shutdown


def note(
    request: Request,
    *,
    action: str | None = None,
    query: str | None = None,
    scope: GraphScope | None = None,
    graphs: Iterable[str] | None = None,
    result_count: int | None = None,
    **detail: Any,
) -> None:
    """Add route-level facts to this request's audit entry (call it any number of times).

    ``scope`` (the caller's :class:`~ipas.store.base.Scope`) records the graphs in scope.
    """
    entry: dict[str, Any] = request.scope.setdefault("state", {}).setdefault(_KEY, {})
    if action is not None:
        entry["action"] = action
    if query is not None:
        entry["query"] = query
    if scope is not None and scope.graphs is not None:
        entry["graphs"] = sorted(scope.graphs)
    elif scope is not None:
        entry["graphs_all"] = True
    if graphs is not None:
        entry["graphs"] = sorted(graphs)
    if result_count is not None:
        entry["result_count"] = result_count
    entry.update({k: v for k, v in detail.items() if v is not None})


class AuditMiddleware:
    """Writes one audit entry per request (see module docstring)."""

    def __init__(self, app: ASGIApp, *, log: AuditLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path == "/" or path.startswith(SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        started = time.perf_counter()
        written = False

        async def write(status: int) -> None:
            nonlocal written
            if written:
                return
            written = True
            # Awaits the writer thread's fsync (grouped with other requests' entries) without
            # holding a worker thread: the response starts only once the entry is on disk.
            await self.log.record_async(**_fields(scope, state, status, started))

        async def send_audited(message: Message) -> None:
            if message["type"] == "http.response.start":
                await write(int(message["status"]))
            await send(message)

        try:
            await self.app(scope, receive, send_audited)
        except asyncio.CancelledError:
            # The server stopped the request (shutdown past its grace period): recorded as
            # cancelled, written here and now, and answered 503 rather than uvicorn's 500.
            if written:
                raise
            written = True
            fields = {**_fields(scope, state, CANCELLED, started), "status": "cancelled"}
            self.log.record(**fields)
            response = problem(CANCELLED, "shutting_down", "the server is shutting down: the "
                               "request was cancelled and nothing of it was committed; send "
                               "it again", headers={"Retry-After": "30"})
            await response(scope, receive, send)
        except BaseException:
            await write(500)
            raise


def _fields(scope: Scope, state: dict[str, Any], status: int, started: float) -> dict[str, Any]:
    principal = state.get("principal")
    extra: dict[str, Any] = dict(state.get(_KEY, {}))
    method, path = scope["method"], scope["path"]
    query = extra.pop("query", None)
    if query is None and method in ("GET", "HEAD"):
        params = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        query = params.get("query")
    graphs = extra.pop("graphs", None)
    client = scope.get("client")
    return {
        "who": principal.name if principal is not None else "-",
        "role": principal.role.value if principal is not None else None,
        "action": extra.pop("action", None) or _action(method, path),
        "status": _status(status),
        "query": query,
        "graphs": graphs,
        "result_count": extra.pop("result_count", None),
        "duration_ms": (time.perf_counter() - started) * 1000,
        "client": client[0] if client else None,
        "target": f"{method} {path}",
        "http_status": status,
        **extra,
    }


def _status(status: int) -> str:
    """The audit status of an HTTP status; 499 is a client that went away mid-request.

    >>> _status(200), _status(413), _status(499)
    ('ok', 'error:413', 'client_closed')
    """
    if status == 499:
        return "client_closed"
    return "ok" if status < 400 else f"error:{status}"


def _action(method: str, path: str) -> str:
    """A coarse action from the door; routes refine it with :func:`note`.

    >>> _action("GET", "/sparql"), _action("PUT", "/graph-store"), _action("POST", "/ingest")
    ('query', 'write', 'ingest')
    """
    if path.startswith("/ingest"):
        return "ingest"
    if method in ("GET", "HEAD", "OPTIONS"):
        return "query" if path.startswith(("/sparql", "/queries")) else "read"
    if path.startswith("/queries"):
        return "saved_query"
    return "query" if path.startswith("/sparql") else "write"
