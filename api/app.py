"""The FastAPI app factory: settings, store and access control in, a configured app out.

Built per call (tests build one app each; nothing lives in a module global). Everything the
routes need is put on ``app.state``: ``settings``, ``store`` (wrapped so that queries run in
killable workers, see :mod:`ipas.query.executor`) and ``access``. Every router, including ones
added later, gets the same error shape (:mod:`api.problems`: typed errors become their status
codes, anything else a 500 that says nothing of the server's internals), the same security
schemes in OpenAPI (:mod:`api.openapi`), and HEAD and conditional GETs (:mod:`api.caching`).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import openapi, problems
from api.audit import AuditMiddleware
from api.caching import HttpCaching, NotModified, not_modified
from api.fast import FastReads
from api.limits import ClientDisconnect, RequestLimits, client_closed
from api.routes import analysis, graph_store, health, ontology, sparql, ui, workspace
from api.routes import changes as change_feed
from api.routes import entities as rest_entities
from api.routes import ingest as rest_ingest
from api.routes import queries as saved_queries
from api.routes import resolution as rest_resolution
from ipas.ingest.files import remove_own_staging
from ipas.query.executor import IsolatedStore
from ipas.security.access import AccessControl
from ipas.security.audit import AuditLog
from ipas.settings import Settings, get_settings
from ipas.store.base import Store

#: The routers the app serves, in order. Owners of new routers append theirs here.
ROUTERS: list[APIRouter] = [
    health.router,
    ontology.router,
    sparql.router,
    graph_store.router,
    ui.router,
    rest_ingest.router,
    analysis.router,
    workspace.router,
    rest_resolution.router,
    change_feed.router,
]

#: Routers built from the app's settings (saved queries, ontology-driven REST): each is called
#: once per app, so what it loads (queries, ontology, shapes) is checked when the app starts.
ROUTER_FACTORIES: list[Callable[[Settings], APIRouter]] = [
    saved_queries.build_router,
    rest_entities.build_router,
]


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    access: AccessControl | None = None,
) -> FastAPI:
    """Build the app. A ``store`` or ``access`` given by the caller is used as is (not closed);
    without them the store comes from ``settings.store`` and access control from
    :mod:`ipas.security`."""
    settings = settings if settings is not None else get_settings()
    owns_store = store is None
    if store is None:
        store = _open_store(settings)
    if access is None:  # scopes read the catalog directly, not through the query workers
        base = store.inner if isinstance(store, IsolatedStore) else store
        access = _default_access(settings, base)
    isolated = _isolate(store, settings)

    shutting_down = threading.Event()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            shutting_down.set()
            # Past the grace period: ingests still running end with the process; their
            # staged files go now (the store's commit is atomic: nothing partial stays).
            if owns_store:
                remove_own_staging(settings.home)
            if isolated is not store:
                isolated.close()
            if owns_store:
                store.close()

    app = FastAPI(
        title="IPAS-KG",
        summary="Knowledge graph of illicit pathways: SPARQL 1.1, Graph Store Protocol, REST.",
        lifespan=lifespan,
        docs_url=None,  # /docs is served by api.routes.ui from vendored files (air-gapped)
        redoc_url=None,
    )
    app.state.settings = settings
    # Set on SIGTERM by api.server.Server (and at lifespan end): in-flight ingests stop.
    app.state.shutting_down = shutting_down
    app.state.store = isolated
    app.state.access = access
    problems.install(app)
    app.add_exception_handler(NotModified, not_modified)
    app.add_exception_handler(ClientDisconnect, client_closed)
    openapi.install(app)
    # Innermost: lean reads answered without FastAPI's routing (every layer below still runs).
    app.state.fast_reads = {"served": 0, "declined": 0}
    app.add_middleware(FastReads)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
        )
    # Every request to a data door is audited, refused ones included (see api/audit.py).
    app.state.audit = AuditLog(settings.audit_path)
    app.add_middleware(RequestLimits, body_timeout_s=settings.body_timeout_s)  # audited too
    app.add_middleware(AuditMiddleware, log=app.state.audit)
    app.add_middleware(HttpCaching)
    for router in ROUTERS:
        app.include_router(router)
    for build in ROUTER_FACTORIES:
        router = build(settings)
        app.include_router(router)
        if hasattr(router, "entity_reader"):  # the entity GET, for the fast route
            app.state.entity_reader = router.entity_reader
    return app


def _open_store(settings: Settings) -> Store:
    from ipas.store import open_store  # chooses the backend from IPAS_STORE

    return open_store(settings)


def _default_access(settings: Settings, store: Store) -> AccessControl:
    """The deployment's access control: tokens and catalog-derived scopes (ipas.access)."""
    from ipas.access import build_access_control

    return build_access_control(settings, store)


def _isolate(store: Store, settings: Settings) -> Store:
    """Wrap ``store`` so that reads run where a runaway or crashing query can be stopped."""
    if isinstance(store, IsolatedStore):
        return store
    return IsolatedStore(store, settings)
