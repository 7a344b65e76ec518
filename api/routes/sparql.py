"""``/sparql``: the SPARQL 1.1 Protocol (query by GET and POST, update by POST).

Every query passes the guard (:mod:`ipas.query.guard`) before any engine sees it, runs over
the caller's dataset (its scope, narrowed by ``default-graph-uri`` / ``named-graph-uri`` or by
the query's ``FROM`` clauses, never widened) in a killable worker (the app's store is an
:class:`~ipas.query.executor.IsolatedStore`), and is answered in the negotiated media type.
The protocol parameter ``inference=asserted`` reads only what the batches stated (the default,
``all``, reads the materialized OWL RL inferences too; see :mod:`ipas.query.inference`).
Updates need a role that may update, pass the same guard, and may only name graphs in the
caller's scope; the ontology and catalog graphs are writable by admins only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.audit import note
from api.deps import PrincipalDep, ScopeDep, SettingsDep, StoreDep, allowed
from api.protocol import ProtocolRequest, from_get, from_post
from api.routes import sparql_doc
from api.service_description import describe, serialize
from ipas.errors import Forbidden, Unauthorized
from ipas.graphs import GraphNames
from ipas.query.executor import IsolatedStore
from ipas.query.formats import RDF_TYPES, content_type, format_param, negotiate, offers_for
from ipas.query.guard import Checked, Guard
from ipas.query.inference import PARAMETER, Inference, scoped
from ipas.query.using import with_using
from ipas.security.principal import Action, Principal, Role
from ipas.settings import Settings
from ipas.store.base import RawResult, Scope, Store

router = APIRouter(tags=["sparql"])

_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
_USING_PARAMS = ("using-graph-uri", "using-named-graph-uri")


def guard_for(settings: Settings) -> Guard:
    return Guard(
        graph_base=settings.base_iri,
        max_chars=settings.max_query_chars,
        max_depth=settings.max_query_depth,
        max_operators=settings.max_query_operators,
        max_path_steps=settings.max_query_path_steps,
        max_patterns=settings.max_query_patterns,
        max_triples=settings.max_query_triples,
    )


@router.get("/sparql", summary="SPARQL query (or the service description without one)",
            openapi_extra=sparql_doc.GET)
async def sparql_get(
    request: Request, settings: SettingsDep, store: StoreDep, principal: PrincipalDep,
    scope: ScopeDep,
) -> Response:
    req = from_get(request)
    if req.operation is None:
        return _service_description(request, settings, principal)
    return await _query(request, req, settings, store, principal, scope)


@router.post("/sparql", summary="SPARQL query or update (form, sparql-query, sparql-update)",
             openapi_extra=sparql_doc.POST)
async def sparql_post(
    request: Request, settings: SettingsDep, store: StoreDep, principal: PrincipalDep,
    scope: ScopeDep,
) -> Response:
    req = await from_post(request, settings.max_body_bytes)
    if req.operation == "update":
        return await _update(request, req, settings, store, principal, scope)
    return await _query(request, req, settings, store, principal, scope)


# -- query ---------------------------------------------------------------------------------
#: Runs a checked query: ``run(store, text, **query_raw keywords)`` -> the serialized answer.
Runner = Callable[..., Awaitable[RawResult]]


async def in_thread(store: Store, text: str, **kwargs: Any) -> RawResult:
    """The route's runner: the store's read path (lean in process, else a worker), one
    thread hop."""
    result: RawResult = await run_in_threadpool(store.query_raw, text, **kwargs)
    return result


async def _query(
    request: Request, req: ProtocolRequest, settings: Settings, store: Store,
    principal: Principal, scope: Scope, run: Runner = in_thread,
) -> Response:
    """Every check of a query, then ``run`` (the fast route, :mod:`api.fast`, passes a runner
    that answers lean queries only): the one home of these checks for both paths."""
    allowed(principal, Action.QUERY)
    note(request, action="query", query=req.text, scope=scope)
    checked = guard_for(settings).check_query(req.text)
    assert checked.form is not None
    dataset = query_dataset(scope, req, checked, union=settings.default_graph_union)
    # inference=asserted drops the batches' /inferred graphs from the dataset (never adds).
    dataset = scoped(dataset, Inference.parse(req.one(PARAMETER)), store)
    # Clients repeat these (SPARQLWrapper sends format=tsv twice): the first one that names
    # a type this query form can have wins.
    names = req.values("format") + req.values("output")
    wanted = next((m for m in (format_param(n, checked.form) for n in names) if m), None)
    media = negotiate(wanted or request.headers.get("accept"), offers_for(checked.form))
    kwargs: dict[str, Any] = {}
    if isinstance(store, IsolatedStore):  # relative IRIs resolve against the endpoint
        kwargs["base_iri"] = str(request.url.replace(query=""))
    result = await run(store, req.text, scope=dataset, media_type=media,
                       max_rows=settings.max_result_rows, timeout_s=settings.query_timeout_s,
                       **kwargs)
    note(request, result_count=result.row_count)
    headers = {"Vary": "Accept", "Content-Type": content_type(result.media_type)}
    if getattr(result, "truncated", False):
        headers["X-IPAS-Truncated"] = f"rows cut at {settings.max_result_rows}"
    return Response(result.body, headers=headers)


def query_dataset(scope: Scope, req: ProtocolRequest, checked: Checked, *, union: bool) -> Scope:
    """The query's dataset: protocol parameters, else FROM clauses, else the default; all
    within ``scope`` (``Scope.resolve`` intersects with the caller's graphs).

    >>> s = Scope.of(["urn:a", "urn:b"])
    >>> req = ProtocolRequest("query", params={"default-graph-uri": ["urn:a", "urn:x"]})
    >>> d = query_dataset(s, req, Checked(text=""), union=True).resolve()
    >>> d.default_graphs, d.named_graphs
    (('urn:a',), ())
    """
    default = req.values("default-graph-uri")
    named = req.values("named-graph-uri")
    if any(p in req.params for p in _DATASET_PARAMS):
        return narrow(scope, tuple(default), tuple(named))
    if checked.from_graphs or checked.from_named_graphs:
        return narrow(scope, tuple(checked.from_graphs), tuple(checked.from_named_graphs))
    return narrow(scope, None if union else (), None)


def narrow(
    scope: Scope, default: tuple[str, ...] | None, named: tuple[str, ...] | None
) -> Scope:
    """``scope`` with its default and named graphs narrowed (never widened)."""

    def within(current: tuple[str, ...] | None, wanted: tuple[str, ...] | None
               ) -> tuple[str, ...] | None:
        if wanted is None:
            return current
        if current is None:
            return wanted
        return tuple(g for g in wanted if g in current)

    return replace(
        scope,
        default_graphs=within(scope.default_graphs, default),
        named_graphs=within(scope.named_graphs, named),
    )


# -- update --------------------------------------------------------------------------------
async def _update(
    request: Request, req: ProtocolRequest, settings: Settings, store: Store,
    principal: Principal, scope: Scope,
) -> Response:
    note(request, action="update", query=req.text, scope=scope)
    if principal.anonymous:
        raise Unauthorized("updates need a bearer token")
    if not principal.can(Action.UPDATE):
        raise Forbidden(f"role '{principal.role.value}' may not update")
    guard = guard_for(settings)
    text = req.text
    if any(p in req.params for p in _USING_PARAMS):
        guard.check_update(text)  # before the text is looked at any further
        text = with_using(text, req.values("using-graph-uri"),
                          req.values("using-named-graph-uri"))
    checked = guard.check_update(text)
    check_write_scope(checked, principal, scope, GraphNames(settings.base_iri))
    await run_in_threadpool(store.update, text)
    return Response(status_code=204)


def check_write_scope(
    checked: Checked, principal: Principal, scope: Scope, names: GraphNames
) -> None:
    """Refuse an update that names graphs outside the caller's scope (admins: anything).

    >>> from ipas.store.base import Scope
    >>> names = GraphNames("urn:x/")
    >>> p = Principal("w", Role.LOADER)
    >>> check_write_scope(Checked("", graphs={names.ontology}), p, Scope.of([names.ontology]),
    ...                   names)
    Traceback (most recent call last):
    ipas.errors.Forbidden: only admins may update the ontology and catalog graphs
    """
    if principal.role is Role.ADMIN and not principal.anonymous:
        return
    if checked.unscoped:
        raise Forbidden(
            "only admins may update graphs named by a variable, or ALL / NAMED / DEFAULT"
        )
    if checked.graphs & {names.ontology, names.catalog}:
        raise Forbidden("only admins may update the ontology and catalog graphs")
    visible = scope.graphs
    if visible is not None and not checked.graphs <= visible:
        raise Forbidden("the update names graphs outside your scope")


# -- service description -------------------------------------------------------------------
def _service_description(request: Request, settings: Settings, principal: Principal) -> Response:
    endpoint = str(request.url.replace(query=""))
    graph = describe(
        endpoint.rstrip("?"),
        union_default_graph=settings.default_graph_union,
        updates=principal.can(Action.UPDATE),
    )
    media = negotiate(request.headers.get("accept"), RDF_TYPES)
    return Response(serialize(graph, media),
                    headers={"Vary": "Accept", "Content-Type": content_type(media)})
