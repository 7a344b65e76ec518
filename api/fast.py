"""Fast routes: lean reads answered without FastAPI's routing and dependency solving.

A pure ASGI middleware, the innermost of the app's own: ``HttpCaching`` (HEAD, validators),
``AuditMiddleware`` (the audit entry, on disk before the response starts) and
``RequestLimits`` (query-string decoding, body timeout) wrap it, so what they do they still
do once, for every request. For ``GET /sparql``, ``POST /sparql`` (a form or a
``sparql-query`` body) and an entity GET (``GET /entities/{class}/{id}``) it calls the
functions the routes and their dependencies call, in the same order: :func:`api.deps.
get_principal` (token, caller), :func:`api.deps.get_scope` (scope, ``inference``, conditional
GET), the role check, then the route's own body (:func:`api.routes.sparql._query`: guard,
dataset, negotiation; :meth:`api.routes.entities.EntityReader.respond`), with a reader that
answers only lean queries (:mod:`ipas.query.lean`), in the thread pool as the routes do (one
hop). What it skips is FastAPI's route matching, dependency solving and two of its ASGI
layers.

It answers only what it can answer whole. Anything else falls through to the app untouched
(the body it read is replayed): a query that is not lean or whose answer is large, a scope to
read after a write, a service description, an update, ``resolved`` and any other parameter of
an entity GET, and every error or 304, so that refusals are rendered and audited by the app,
their one home. A request that falls through runs its checks twice; they have no side effects.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.caching import NotModified
from api.deps import allowed, get_principal, get_scope
from api.protocol import from_get, from_post
from api.routes.entities import EntityReader
from api.routes.sparql import _query
from ipas.errors import IpasError
from ipas.query.executor import IsolatedStore
from ipas.security.principal import Action
from ipas.store.base import RawResult, SelectResult
from ipas.store.base import Scope as GraphScope

log = logging.getLogger(__name__)

#: Parameters an entity GET may carry and still be served here (others: the route's own).
_ENTITY_PARAMS = frozenset({"inference"})


class Decline(Exception):
    """The fast route does not answer this request: the app does."""


async def lean_only(store: IsolatedStore, text: str, **kwargs: Any) -> RawResult:
    """A runner for :func:`api.routes.sparql._query`: the answer if the query is lean and
    small, else :class:`Decline`. It runs in the thread pool, the request's one hop: a lean
    query is bounded but not always short (a FILTER over a hub's in-edges), and on the event
    loop it would hold every other request, ``/health`` included."""
    result = await run_in_threadpool(store.query_raw_lean, text, **kwargs)
    if result is None:
        raise Decline
    return result


class LeanOnly:
    """``store`` seen by the REST facade through lean reads only (else :class:`Decline`)."""

    def __init__(self, store: IsolatedStore) -> None:
        self.store = store

    def select(self, query: str, *, scope: GraphScope, bindings: Any = None,  # in a thread
               max_rows: int | None = None, timeout_s: float | None = None) -> SelectResult:
        result = self.store.select_lean(query, scope=scope, bindings=bindings,
                                        max_rows=max_rows, timeout_s=timeout_s)
        if result is None:
            raise Decline
        return result


class _Recorded:
    """``receive`` with every message kept, so the app can be given the body again."""

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.messages: list[Message] = []
        self.error: Exception | None = None

    async def __call__(self) -> Message:
        try:
            message = await self.receive()
        except Exception as exc:  # e.g. the body timeout: the app meets it at the same point
            self.error = exc
            raise
        self.messages.append(message)
        return message

    def replay(self) -> Receive:
        pending = list(self.messages)

        async def receive() -> Message:
            if pending:
                return pending.pop(0)
            if self.error is not None:
                raise self.error
            return await self.receive()

        return receive


Handler = Callable[[Request, Any, IsolatedStore], Awaitable[Response]]


class FastReads:
    """See the module docstring. Counts what it served and declined in
    ``app.state.fast_reads`` (tests and operators can tell which path answered)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = self._handler(scope)
        if handler is None:
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        counts: dict[str, int] = state.fast_reads
        # The attempt writes to its own copy of the request state: what falls through
        # reaches the app exactly as it came.
        attempt = {**scope, "state": dict(scope.get("state") or {})}
        recorded = _Recorded(receive)
        try:
            response = await handler(Request(attempt, recorded), state, state.store)
        except (Decline, IpasError, NotModified, HTTPException, ClientDisconnect):
            response = None
        except Exception:  # a bug here must not cost the request: the app answers it
            log.exception("fast route failed; the app answers instead")
            response = None
        if response is None:
            counts["declined"] += 1
            await self.app(scope, recorded.replay(), send)
            return
        counts["served"] += 1
        scope.setdefault("state", {}).update(attempt["state"])  # the audit entry's facts
        await response(scope, receive, send)

    @staticmethod
    def _handler(scope: Scope) -> Handler | None:
        if scope["type"] != "http":
            return None
        app = scope.get("app")
        store = getattr(getattr(app, "state", None), "store", None)
        if not isinstance(store, IsolatedStore) or not store.lean_reads:
            return None
        method, path = scope["method"], scope["path"]
        if path == "/sparql":
            return _sparql_get if method == "GET" else _sparql_post if method == "POST" else None
        if method == "GET" and path.startswith("/entities/"):
            return _entity_get
        return None


async def _sparql_get(request: Request, state: Any, store: IsolatedStore) -> Response:
    principal = await get_principal(request)
    scope = await get_scope(request, principal)
    req = from_get(request)
    if req.operation is None:
        raise Decline  # the service description
    return await _query(request, req, state.settings, store, principal, scope, run=lean_only)


async def _sparql_post(request: Request, state: Any, store: IsolatedStore) -> Response:
    principal = await get_principal(request)
    scope = await get_scope(request, principal)
    req = await from_post(request, state.settings.max_body_bytes)
    if req.operation != "query":
        raise Decline  # updates: the route's
    return await _query(request, req, state.settings, store, principal, scope, run=lean_only)


async def _entity_get(request: Request, state: Any, store: IsolatedStore) -> Response:
    reader: EntityReader | None = getattr(state, "entity_reader", None)
    target = reader.target(request.url.path) if reader is not None else None
    query = request.scope.get("query_string", b"").decode("latin-1")
    if target is None or any(k not in _ENTITY_PARAMS for k, _ in parse_qsl(query)):
        raise Decline
    assert reader is not None
    principal = await get_principal(request)
    scope = await get_scope(request, principal)
    allowed(principal, Action.QUERY)
    cls, entity_id = target
    # The route is a plain def (run in the thread pool by FastAPI): here too, one hop.
    return await run_in_threadpool(reader.respond, request, LeanOnly(store), scope,
                                   state.settings, cls, entity_id)
