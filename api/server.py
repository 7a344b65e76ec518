"""The HTTP server's connection limits: header read timeout and connections per client address.

uvicorn's h11 protocol has a keep-alive timeout but none for a request's headers: a client that
sends one header byte a second (slowloris) holds a connection for as long as it likes, and one
address may open any number of connections. :class:`GuardedH11Protocol` adds both:

* the request line and headers must arrive within ``IPAS_HEADER_TIMEOUT_S`` of the connection
  opening (or of the previous response on a kept-alive connection), else the connection is
  answered 408 and closed;
* a client address may hold at most ``IPAS_MAX_CONNECTIONS_PER_CLIENT`` connections; one more is
  answered 503 with ``Retry-After`` and closed at once.

On SIGTERM / SIGINT :class:`Server` sets the app's ``shutting_down`` event at once, before
uvicorn's grace period (``IPAS_SHUTDOWN_GRACE_S``) starts: in-flight ingests check it between
chunks and stop with :class:`ShuttingDown` (503), removing their staging files, and the audit
records them, instead of holding the shutdown until they finish.

:func:`server_config` builds the uvicorn configuration that ``ipas serve`` (and the tests'
loopback servers) run with, so the limits hold wherever the app is served.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ipas.errors import IpasError, LimitExceeded
from ipas.settings import Settings

_REFUSE = (b"HTTP/1.1 %d %s\r\nContent-Type: application/problem+json\r\n"
           b"Connection: close\r\n%sContent-Length: %d\r\n\r\n%s")


def _raw_problem(status: int, reason: bytes, code: str, message: str,
                 extra_headers: bytes = b"") -> bytes:
    body = json.dumps({"type": f"https://w3id.org/ipas/problems/{code}", "status": status,
                       "error": code, "message": message}).encode()
    return _REFUSE % (status, reason, extra_headers, len(body), body)


class GuardedH11Protocol(H11Protocol):
    """H11Protocol with a header read timeout and a per-address connection limit."""

    header_timeout_s: float = 10.0
    max_per_client: int = 100
    #: Open connections per client address, shared by every connection of the server.
    per_client: dict[str, int]

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = None
        self._counted: str | None = None
        host = self.client[0] if self.client else "-"
        if self.per_client.get(host, 0) >= self.max_per_client:
            transport.write(_raw_problem(
                503, b"Service Unavailable", "too_many_connections",
                f"more than {self.max_per_client} open connections from one address "
                "(IPAS_MAX_CONNECTIONS_PER_CLIENT)", b"Retry-After: 1\r\n"))
            transport.close()
            return
        self.per_client[host] = self.per_client.get(host, 0) + 1
        self._counted = host
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._counted is not None:
            left = self.per_client.get(self._counted, 1) - 1
            if left > 0:
                self.per_client[self._counted] = left
            else:
                self.per_client.pop(self._counted, None)
            self._counted = None
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the headers are in: the body has its own timeout (api.limits)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request's headers on a kept-alive connection

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_late)

    def _disarm(self) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered
        self.transport.write(_raw_problem(
            408, b"Request Timeout", "request_timeout",
            f"the request headers did not arrive within {self.header_timeout_s:g} s "
            "(IPAS_HEADER_TIMEOUT_S)"))
        self.transport.close()


class ShuttingDown(IpasError):
    """The server is stopping: the request was cancelled, nothing of it was committed."""

    status_code = 503
    code = "shutting_down"

    def __init__(self, message: str, **detail: object) -> None:
        super().__init__(message, **detail)
        self.headers = {"Retry-After": "30"}


def stop_if_shutting_down(event: threading.Event, max_triples: int | None = None
                          ) -> Callable[[int, int], None]:
    """A progress callback for ingests (called between chunks, before the commit) that raises
    :class:`ShuttingDown` once ``event`` is set, and LimitExceeded (413) past ``max_triples``.

    >>> stop = threading.Event(); check = stop_if_shutting_down(stop, 10); check(1, 2)
    >>> check(1, 11)
    Traceback (most recent call last):
    ipas.errors.LimitExceeded: the upload holds more than 10 triples (IPAS_MAX_INGEST_TRIPLES); \
split it into several batches
    >>> stop.set(); check(3, 4)
    Traceback (most recent call last):
    api.server.ShuttingDown: the server is shutting down: the ingest was cancelled after 3 \
records and nothing of it was committed; send it again
    """

    def check(records: int, triples: int) -> None:
        if max_triples is not None and triples > max_triples:
            raise LimitExceeded(
                f"the upload holds more than {max_triples} triples (IPAS_MAX_INGEST_TRIPLES); "
                "split it into several batches", limit="max_ingest_triples",
                limit_value=max_triples)
        if event.is_set():
            raise ShuttingDown(
                f"the server is shutting down: the ingest was cancelled after {records} "
                "records and nothing of it was committed; send it again")

    return check


class Server(uvicorn.Server):
    """uvicorn's server, telling the app it is shutting down as soon as it is asked to."""

    def __init__(self, config: uvicorn.Config, shutting_down: threading.Event) -> None:
        super().__init__(config)
        self.shutting_down = shutting_down

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.shutting_down.set()
        super().handle_exit(sig, frame)


def protocol_for(settings: Settings) -> type[GuardedH11Protocol]:
    """A protocol class bound to ``settings``' limits, with its own per-address counts.

    >>> cls = protocol_for(Settings(header_timeout_s=3, max_connections_per_client=5))
    >>> cls.header_timeout_s, cls.max_per_client, cls.per_client
    (3.0, 5, {})
    """
    return type("BoundGuardedH11Protocol", (GuardedH11Protocol,), {
        "header_timeout_s": float(settings.header_timeout_s),
        "max_per_client": settings.max_connections_per_client,
        "per_client": {},
    })


def server_config(app: Any, settings: Settings, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration the app is served with (``options`` as uvicorn's).

    Also: keep-alive connections idle for ``IPAS_KEEPALIVE_TIMEOUT_S`` are closed, and
    shutdown waits at most ``IPAS_SHUTDOWN_GRACE_S`` for requests in flight.
    """
    return uvicorn.Config(
        app, http=protocol_for(settings),
        timeout_keep_alive=settings.keepalive_timeout_s,
        timeout_graceful_shutdown=settings.shutdown_grace_s,
        **options,
    )
