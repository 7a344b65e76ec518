"""HTTP caching for reads: ETags from the store's write generation and the caller's scope.

A read's answer changes only when the store commits a write (its ``generation`` moves) or when
the caller would see other graphs. So the entity tag of a GET is a digest of the generation,
the caller's scope and role, the URL and the ``Accept`` header, computed before any query runs:
an ``If-None-Match`` that still matches answers 304 without touching the store.
``Last-Modified`` is the time of the last committed write. :class:`HttpCaching` answers
``HEAD`` on every GET route (the GET, without its body) and writes the validators on the
200s it passes. A store that does not count its writes (a remote engine) gets no validators.
"""

from __future__ import annotations

import hashlib
import time
from email.utils import formatdate, parsedate_to_datetime
from typing import Any

from fastapi import Request, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ipas.security.principal import Principal
from ipas.store.base import Scope as GraphScope

_STATE = "ipas_cache"
#: The request headers of a conditional GET, as OpenAPI documents them (see api.deps.get_scope).
CONDITIONAL_HEADERS = {
    "If-None-Match": "The ETag of the copy you hold: 304 while it is current",
    "If-Modified-Since": "An HTTP date: 304 when nothing was committed since",
}


class NotModified(Exception):
    """The client's copy is current (raised before the route does any work)."""

    def __init__(self, etag: str, last_modified: str) -> None:
        super().__init__("not modified")
        self.etag, self.last_modified = etag, last_modified


async def not_modified(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotModified)
    return Response(status_code=304, headers={
        "ETag": exc.etag, "Last-Modified": exc.last_modified,
        "Cache-Control": "private, no-cache", "Vary": "Accept, Authorization"})


def write_version(request: Request) -> tuple[int, float] | None:
    """``(generation, time of that write)`` of the app's store, or None if it keeps none."""
    store = request.app.state.store
    inner = getattr(store, "inner", store)
    generation = getattr(inner, "generation", None)
    if generation is None:
        return None
    seen: dict[int, float] = request.app.state.__dict__.setdefault("write_times", {})
    if generation not in seen:
        path = getattr(inner, "path", None)
        when = time.time()
        if path is not None:  # the generation file is rewritten by every commit
            marker = path.parent / f"{path.name}.generation"
            when = marker.stat().st_mtime if marker.exists() else when
        seen.clear()
        seen[generation] = when
    return generation, seen[generation]


def entity_tag(generation: int, scope: GraphScope, principal: Principal, url: str,
               accept: str) -> str:
    """A weak ETag for one read.

    >>> from ipas.security.principal import Role
    >>> p = Principal("ana", Role.ANALYST)
    >>> a = entity_tag(3, GraphScope.of(["urn:a"]), p, "/entities/person", "")
    >>> a == entity_tag(3, GraphScope.of(["urn:a"]), p, "/entities/person", "")
    True
    >>> a == entity_tag(4, GraphScope.of(["urn:a"]), p, "/entities/person", "")
    False
    >>> a == entity_tag(3, GraphScope.of(["urn:b"]), p, "/entities/person", "")
    False
    """
    graphs = "*" if scope.graphs is None else "\n".join(sorted(scope.graphs))
    text = "\x00".join([str(generation), graphs, principal.role.value, url, accept])
    return 'W/"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def check_conditional(request: Request, scope: GraphScope, principal: Principal) -> None:
    """Remember this GET's validators; raise NotModified when the client's copy is current."""
    if request.method not in ("GET", "HEAD"):
        return
    version = write_version(request)
    if version is None:
        return
    generation, when = version
    url = request.url.path + ("?" + request.url.query if request.url.query else "")
    etag = entity_tag(generation, scope, principal, url, request.headers.get("accept", ""))
    last_modified = formatdate(when, usegmt=True)
    request.scope.setdefault("state", {})[_STATE] = (etag, last_modified)
    match = request.headers.get("if-none-match")
    if match is not None:
        if etag_matches(match, etag):
            raise NotModified(etag, last_modified)
        return
    since = request.headers.get("if-modified-since")
    if since is not None and _not_after(when, since):
        raise NotModified(etag, last_modified)


def etag_matches(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2).

    >>> etag_matches('"x", W/"abc"', 'W/"abc"'), etag_matches("*", 'W/"a"')
    (True, True)
    """
    wanted = etag.removeprefix("W/")
    return any(t.strip() == "*" or t.strip().removeprefix("W/") == wanted
               for t in header.split(","))


def _not_after(when: float, since: str) -> bool:
    try:
        return int(when) <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False


class HttpCaching:
    """ASGI middleware: HEAD answered as GET without a body; validators on cacheable 200s."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        state: dict[str, Any] = scope.setdefault("state", {})

        async def send_cached(message: Message) -> None:
            if message["type"] == "http.response.start":
                validators = state.get(_STATE)
                if validators is not None and message["status"] == 200:
                    headers = MutableHeaders(scope=message)
                    headers.setdefault("ETag", validators[0])
                    headers.setdefault("Last-Modified", validators[1])
                    headers.setdefault("Cache-Control", "private, no-cache")
                    vary = {v.strip() for v in headers.get("vary", "").split(",") if v.strip()}
                    headers["Vary"] = ", ".join(sorted(vary | {"Accept", "Authorization"}))
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_cached)
