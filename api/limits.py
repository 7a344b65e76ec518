"""Request limits around every route: strict query-string decoding and the body read timeout.

A pure ASGI middleware, so it sees the raw query string and every ``receive``:

* A query string whose percent-encoded bytes are not UTF-8 (``?query=%FF``) is a 400 naming
  the parameter, as raw invalid UTF-8 is (Starlette would silently decode ``%FF`` to U+FFFD
  and run a different query than the one sent).
* A request body that stops arriving (a ``Content-Length`` larger than what is sent, a client
  that trickles bytes) is a 408 after ``IPAS_BODY_TIMEOUT_S`` without a byte, instead of a
  handler held until the client gives up.

A client that disconnects mid-request is not a server error: :func:`client_closed` answers it
with 499 (nginx's "client closed request"), which the audit records as ``client_closed``.
"""

from __future__ import annotations

import asyncio
from urllib.parse import unquote_to_bytes

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem
from ipas.errors import IpasError
from ipas.query.fairness import CALLER, CallerSlot

CLIENT_CLOSED = 499


class RequestTimeout(IpasError):
    """The request body stopped arriving."""

    status_code = 408
    code = "request_timeout"


def invalid_parameter(query_string: bytes) -> str | None:
    """The first parameter whose name or value is not UTF-8 once percent-decoded, else None.

    >>> invalid_parameter(b"query=ASK%20%7B%7D&q=caf%C3%A9"), invalid_parameter(b"q=%FF")
    (None, 'q')
    >>> invalid_parameter(b"query=\\xff")
    'query'
    """
    for pair in query_string.split(b"&"):
        name, _, value = pair.partition(b"=")
        for part in (name, value):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return unquote_to_bytes(name).decode("utf-8", "replace")[:40]
    return None


class RequestLimits:
    """See the module docstring. ``body_timeout_s``: longest wait for the next body chunk."""

    def __init__(self, app: ASGIApp, *, body_timeout_s: float) -> None:
        self.app = app
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        bad = invalid_parameter(scope.get("query_string", b""))
        if bad is not None:
            response = problem(400, "bad_input",
                               f"parameter {bad!r} is not valid UTF-8 once percent-decoded",
                               parameter=bad)
            await response(scope, receive, send)
            return
        CALLER.set(CallerSlot())  # filled in by authentication (api.deps)
        body_done = False

        async def receive_bounded() -> Message:
            nonlocal body_done
            if body_done:  # after the body only a disconnect can come: no limit
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout_s)
            except TimeoutError:
                raise RequestTimeout(
                    f"no part of the request body arrived for {self.body_timeout_s:g} s "
                    "(is Content-Length larger than the body?)",
                    timeout_s=self.body_timeout_s,
                ) from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        await self.app(scope, receive_bounded, send)


async def client_closed(_request: Request, _exc: Exception) -> Response:
    """The client went away mid-request: nothing to answer (the audit says client_closed)."""
    return Response(status_code=CLIENT_CLOSED)


__all__ = ["CLIENT_CLOSED", "ClientDisconnect", "RequestLimits", "RequestTimeout",
           "client_closed", "invalid_parameter"]
