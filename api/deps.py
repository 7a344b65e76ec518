"""Dependency aliases for routes: settings, store, the calling principal and its scope.

Everything is read from ``request.app.state`` (set by :func:`api.app.create_app`), so each app
carries its own settings, store and access control.

The dependencies are ``async``: FastAPI runs a plain ``def`` dependency in its thread pool, one
thread hop each (four per request before), and none of these blocks, except computing a
scope after a write (the catalog is read again): that one still goes to the thread pool.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from api.caching import CONDITIONAL_HEADERS, check_conditional
from ipas.errors import Forbidden
from ipas.query.fairness import CALLER
from ipas.query.inference import PARAMETER, Inference, scoped
from ipas.security.access import AccessControl
from ipas.security.principal import Action, Principal
from ipas.settings import Settings
from ipas.store.base import Scope, Store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_access(request: Request) -> AccessControl:
    return get_access_of(request.app.state)


async def get_principal(request: Request) -> Principal:
    """The caller, from its ``Authorization`` header (raises Unauthorized -> 401).

    A hash and a ``stat`` of the token file (re-read only when it changed): no thread needed.
    """
    client_host = request.client.host if request.client is not None else None
    principal = identify(request.app.state, request.headers.get("authorization"), client_host)
    request.state.principal = principal
    return principal


def identify(state: Any, authorization: str | None, client_host: str | None) -> Principal:
    """The caller behind ``authorization`` (raises Unauthorized -> 401), told to the query
    workers' per-caller share (:mod:`ipas.query.fairness`). ``state``: the app's state.

    The one home of authentication: :func:`get_principal` and the fast routes
    (:mod:`api.fast`) both call it.
    """
    principal = get_access_of(state).authenticate(bearer(authorization), client_host=client_host)
    slot = CALLER.get()
    if slot is not None:
        slot.name = principal.name
    return principal


def bearer(authorization: str | None) -> str | None:
    """``Authorization`` as a bearer credential: HTTP Basic carries the token as its password
    (any user name), for clients whose command lines only speak Basic.

    >>> bearer("Basic " + base64.b64encode(b"me:ipas_abc").decode())
    'Bearer ipas_abc'
    >>> bearer("Bearer x"), bearer("Basic !!!")
    ('Bearer x', 'Basic !!!')
    """
    if authorization is None:
        return None
    scheme, _, credentials = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return authorization
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return authorization  # refused below with the usual 401
    _user, sep, password = decoded.partition(":")
    return f"Bearer {password}" if sep and password else authorization


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
AccessDep = Annotated[AccessControl, Depends(get_access)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def get_scope(
    request: Request, principal: PrincipalDep,
    _if_none_match: Annotated[str | None, Header(
        alias="If-None-Match", description=CONDITIONAL_HEADERS["If-None-Match"])] = None,
    _if_modified_since: Annotated[str | None, Header(
        alias="If-Modified-Since",
        description=CONDITIONAL_HEADERS["If-Modified-Since"])] = None,
) -> Scope:
    """The graphs the caller may read, computed before any query runs; ``?inference=asserted``
    drops the batches' ``/inferred`` graphs from them (never adds one). A conditional GET whose
    copy is current ends here with 304 (see :mod:`api.caching`); the two headers are declared
    here so that OpenAPI lists them on every route that reads a scope.

    Scopes come from catalog entries reused until the store's next write: after a write the
    first request reads the catalog in the thread pool, later ones compute in place.
    """
    state = request.app.state
    scope = known_scope(state, principal)
    if scope is None:  # the store was written since: the catalog is read in the thread pool
        scope = await run_in_threadpool(read_scope, state, principal)
    scope = narrowed_scope(state, scope, request.query_params.get(PARAMETER))
    check_conditional(request, scope, principal)
    return scope


def known_scope(state: Any, principal: Principal) -> Scope | None:
    """``principal``'s scope when computing it reads no catalog (the catalog entries were
    read since the store's last write), else None: then call :func:`read_scope` in a thread."""
    if getattr(state, "scope_generation", None) == getattr(state.store, "generation", None):
        return get_access_of(state).scope_for(principal)
    return None


def read_scope(state: Any, principal: Principal) -> Scope:
    """``principal``'s scope, reading the catalog if needed (call it from a thread)."""
    generation = getattr(state.store, "generation", None)  # before reading: never stale
    scope = get_access_of(state).scope_for(principal)
    state.scope_generation = generation
    return scope


def narrowed_scope(state: Any, scope: Scope, inference: str | None) -> Scope:
    """``scope`` narrowed by the request's ``inference`` parameter (``asserted`` drops the
    batches' ``/inferred`` graphs; never adds one)."""
    if inference is None:
        return scope
    return scoped(scope, Inference.parse(inference), state.store)


def get_access_of(state: Any) -> AccessControl:
    access: AccessControl = state.access
    return access


ScopeDep = Annotated[Scope, Depends(get_scope)]


def allowed(principal: Principal, action: Action) -> Principal:
    """``principal`` if its role allows ``action``, else 403.

    >>> from ipas.security.principal import Role
    >>> allowed(Principal("root", Role.ADMIN), Action.UPDATE).name
    'root'
    >>> allowed(Principal("ana", Role.ANALYST), Action.UPDATE)
    Traceback (most recent call last):
    ipas.errors.Forbidden: role 'analyst' may not update
    """
    if not principal.can(action):
        raise Forbidden(f"role '{principal.role.value}' may not {action.value}")
    return principal


def require(action: Action) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets only principals whose role allows ``action`` through (else 403),
    checked on the event loop (see :func:`allowed`).

    Use as ``principal: Annotated[Principal, Depends(require(Action.INGEST))]``.
    """

    async def check(principal: PrincipalDep) -> Principal:
        return allowed(principal, action)

    return check
