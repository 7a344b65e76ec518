"""Talking to a SPARQL 1.1 server over HTTP: SPARQLWrapper for queries and updates, plain
urllib for the Graph Store Protocol, timeouts on everything, and retries with backoff on
transient failures (connection refused or reset, 502/503/504).

Retrying an update is safe here because every update this backend sends is idempotent under
RDF set semantics (``INSERT DATA`` into a staging graph, ``INSERT ... WHERE`` copies, ``DROP``).
Engine messages are logged, never passed to callers: they can name graphs the caller may not see.
"""

from __future__ import annotations

import http.client
import logging
import math
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

from SPARQLWrapper import DIGEST, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from ipas.errors import IpasError, QueryTimeout

log = logging.getLogger(__name__)
T = TypeVar("T")
TRANSIENT_STATUS = frozenset({502, 503, 504})
SERVER_GRACE_S = 15.0


class RemoteStoreError(IpasError):
    """The remote engine failed or could not be reached (details are logged, not shown)."""

    status_code = 502
    code = "store_unavailable"


@dataclass(frozen=True)
class Endpoints:
    """Where the server listens, and the writer's credentials.

    >>> e = Endpoints.for_virtuoso("http://127.0.0.1:8890/sparql", user="w", password="p")
    >>> e.update_url, e.gsp_url
    ('http://127.0.0.1:8890/sparql-auth', 'http://127.0.0.1:8890/sparql-graph-crud-auth')
    """

    query_url: str
    update_url: str
    gsp_url: str | None = None
    user: str | None = None
    password: str | None = None
    timeout_s: float = 60.0
    write_timeout_s: float = 3600.0  # a commit copies the whole batch inside the server
    retries: int = 3
    backoff_s: float = 0.2
    #: Query parameter that makes the server itself stop a query, in milliseconds (Virtuoso:
    #: ``timeout``; it then answers partially with ``X-SQL-State: S1TAT``). None: client-side only.
    server_timeout_param: str | None = None

    @classmethod
    def for_virtuoso(
        cls, query_url: str, *, user: str | None = None, password: str | None = None,
        update_url: str | None = None, gsp_url: str | None = None, **kw: float | int,
    ) -> Endpoints:
        """Virtuoso's conventions: writes go to the digest-authenticated ``-auth`` paths."""
        root = query_url.rsplit("/", 1)[0]
        authed = bool(user and password)
        if update_url is None:
            update_url = f"{root}/sparql-auth" if authed else query_url
        if gsp_url is None:
            gsp_url = f"{root}/sparql-graph-crud-auth" if authed else None
        elif gsp_url.lower() == "none":
            gsp_url = None
        return cls(query_url, update_url, gsp_url, user, password,
                   server_timeout_param="timeout", **kw)  # type: ignore[arg-type]


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code in TRANSIENT_STATUS
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    return isinstance(
        exc, ConnectionRefusedError | ConnectionResetError | http.client.RemoteDisconnected
        | BrokenPipeError,
    )


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    return isinstance(exc, TimeoutError | socket.timeout)


class SparqlHttp:
    """One server's endpoints, with retries; returns raw bodies for the store to parse."""

    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints

    @staticmethod
    def sleep(seconds: float) -> None:
        """Backoff between attempts (tests record it instead of waiting)."""
        time.sleep(seconds)

    def _retrying(self, what: str, call: Callable[[], T]) -> T:
        e = self.endpoints
        for attempt in range(e.retries + 1):
            try:
                return call()
            except (OSError, http.client.HTTPException, SPARQLWrapperException) as exc:
                if _is_timeout(exc):
                    raise QueryTimeout(f"the remote store did not answer the {what} in time"
                                       ) from None
                if not _is_transient(exc) or attempt == e.retries:
                    log.warning("remote %s failed: %.600r", what, exc)
                    if isinstance(exc, SPARQLWrapperException | urllib.error.HTTPError):
                        raise RemoteStoreError(f"the remote store refused the {what}") from None
                    raise RemoteStoreError(f"the remote store is unreachable ({what})") from None
                log.info("remote %s: transient %.300r, retry %d", what, exc, attempt + 1)
                self.sleep(e.backoff_s * (2**attempt))
        raise AssertionError("unreachable")

    def _wrapper(self, timeout_s: float | None, *, write: bool) -> SPARQLWrapper:
        e = self.endpoints
        sw = SPARQLWrapper(e.query_url, updateEndpoint=e.update_url)
        sw.setMethod(POST)
        default = e.write_timeout_s if write else e.timeout_s
        # SPARQLWrapper takes whole seconds, and treats 0 as "no timeout".
        sw.setTimeout(max(1, math.ceil(timeout_s or default)))
        if write and e.user and e.password:
            sw.setHTTPAuth(DIGEST)
            sw.setCredentials(e.user, e.password)
        return sw

    def query(
        self, text: str, *, accept: str, default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None, timeout_s: float | None = None,
    ) -> tuple[bytes, dict[str, str]]:
        """POST a query with its protocol dataset; the body and the response headers."""

        limit = timeout_s or self.endpoints.timeout_s
        param = self.endpoints.server_timeout_param

        def call() -> tuple[bytes, dict[str, str]]:
            # With a server-side limit, the client waits a little longer for the server's answer.
            sw = self._wrapper(limit + SERVER_GRACE_S if param else limit, write=False)
            sw.setQuery(text)
            if param:
                sw.addParameter(param, str(max(1, int(limit * 1000))))
            sw.setOnlyConneg(True)
            sw.addCustomHttpHeader("Accept", accept)
            for g in default_graphs or ():
                sw.addDefaultGraph(g)
            for g in named_graphs or ():
                sw.addNamedGraph(g)
            response = sw.query().response
            return response.read(), {k.lower(): v for k, v in response.getheaders()}

        return self._retrying("query", call)

    def update(self, text: str, *, timeout_s: float | None = None) -> None:
        def call() -> None:
            sw = self._wrapper(timeout_s, write=True)
            sw.setQuery(text)
            sw.query().response.read()

        self._retrying("update", call)

    def gsp_post(self, graph: str, body: bytes, content_type: str) -> None:
        """Graph Store Protocol POST (merge into ``graph``); needs ``gsp_url``."""
        e = self.endpoints
        if e.gsp_url is None:
            raise RemoteStoreError("no Graph Store Protocol endpoint is configured")
        url = f"{e.gsp_url}?graph={quote(graph, safe='')}"  # the standard parameter
        handlers: list[urllib.request.BaseHandler] = []
        if e.user and e.password:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, e.gsp_url, e.user, e.password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(mgr))
        opener = urllib.request.build_opener(*handlers)  # not installed globally

        def call() -> None:
            request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
            request.add_header("Content-Type", content_type)
            with opener.open(request, timeout=e.write_timeout_s) as response:
                response.read()

        self._retrying("upload", call)
