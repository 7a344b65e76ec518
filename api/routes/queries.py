"""REST door to the saved query library: ``GET /queries`` and ``GET``/``POST /queries/{name}``.

The router is built per app from its settings (``queries_dir``), so the library is loaded and
checked when the app starts. Each query gets its own documented route, so OpenAPI lists its
parameters with their types; the registry validates the values and writes them into the
query text, and the query runs within the caller's scope.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from rdflib import Graph
from starlette.concurrency import run_in_threadpool

from api.answer_cache import AnswerCache, Cached, answer_key
from api.audit import note
from api.caching import write_version
from api.deps import ScopeDep, SettingsDep, StoreDep, require
from api.protocol import read_body
from api.routes.answers import CSV, JSON, JSONLD, OFFERED, negotiate, rows_response
from api.routes.listing_models import AskAnswer, SavedQueryInfo, SelectAnswer
from ipas.errors import InvalidParameter, NotAcceptable, NotFound
from ipas.query.executor import IsolatedStore
from ipas.query.inference import PARAMETER, Inference
from ipas.query.registry import Answer, QueryRegistry, SavedQuery
from ipas.query.rows import CONTENT_TYPES, Rendering, with_meta
from ipas.resolution.resolved import RESOLVED_PARAMETER, SWITCH, resolve_answer, switch_value
from ipas.security.principal import Action, Principal
from ipas.settings import Settings
from ipas.store.base import QueryKind

SavedQueryCaller = Annotated[Principal, Depends(require(Action.SAVED_QUERY))]

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No saved query of that name"},
    406: {"description": "None of the offered media types is acceptable"},
    422: {"description": "A parameter is missing, unknown, or not of its declared type"},
}


_ANSWERS = {QueryKind.SELECT: SelectAnswer, QueryKind.ASK: AskAnswer}


def build_router(settings: Settings) -> APIRouter:
    """The ``/queries`` routes for the library in ``settings.queries_dir``."""
    registry = QueryRegistry.load(settings.queries_dir)
    router = APIRouter(prefix="/queries", tags=["saved queries"])

    @router.get("", summary="The saved query catalogue with parameter schemas",
                operation_id="list_queries", response_model=list[SavedQueryInfo])
    def catalogue(_caller: SavedQueryCaller) -> list[dict[str, Any]]:
        return registry.catalogue()

    # Answers kept until the store's next write (api.answer_cache); one cache per app.
    cache = AnswerCache(settings.answer_cache_mb << 20) if settings.answer_cache_mb else None
    for query in registry:
        _add_query_routes(router, registry, query, cache)

    @router.get("/{name}", responses=_ERRORS, include_in_schema=False)
    @router.post("/{name}", responses=_ERRORS, include_in_schema=False)
    def unknown(name: str, _caller: SavedQueryCaller) -> None:
        raise NotFound(f"no saved query named {name!r}", query=name)

    return router


def _add_query_routes(router: APIRouter, registry: QueryRegistry, query: SavedQuery,
                      cache: AnswerCache | None) -> None:
    switch = {"type": "string", "enum": [i.value for i in Inference],
              "default": query.inference.value}
    parameters = [
        {"name": p.name, "in": "query", "required": p.describe()["required"],
         "schema": p.json_schema(), "description": p.description}
        for p in query.params
    ] + [{"name": PARAMETER, "in": "query", "required": False, "schema": switch,
          "description": "asserted: only what the batches stated; all: with the "
                         "materialized OWL RL inferences (default: as the query declares)"},
         RESOLVED_PARAMETER]
    body_schema = {
        "type": "object",
        "properties": {**{p.name: p.json_schema() for p in query.params}, PARAMETER: switch,
                       SWITCH: RESOLVED_PARAMETER["schema"]},
        "required": [p.name for p in query.params if p.describe()["required"]],
        "additionalProperties": False,
    }
    content: dict[str, Any] = {m: {} for m in OFFERED}
    answer: dict[str, Any] = {"description": "The answer", "content": content}
    if query.kind in _ANSWERS:  # JSON's schema; a CONSTRUCT answers JSON-LD
        answer["model"] = _ANSWERS[query.kind]
    responses: dict[int | str, dict[str, Any]] = {200: answer, **_ERRORS}

    def run(params: dict[str, Any], request: Request, store: Any, scope: Any,
            settings: Settings, media: str) -> tuple[Response, int | None]:
        """The answer and its row count (for the audit entry and the cache)."""
        params = dict(params)
        resolved = switch_value(params)  # entity resolution's switch, never a query parameter
        switch = params.pop(PARAMETER, None)
        if switch is not None and not isinstance(switch, str):
            raise InvalidParameter(f"parameter {PARAMETER!r}: expected asserted or all",
                                   parameter=PARAMETER, expected="asserted|all")
        inference = Inference.parse(switch, query.inference)
        if (query.kind is QueryKind.SELECT and not resolved
                and isinstance(store, IsolatedStore)):
            return _rendered(registry, query, params, media, store, scope, settings,
                             inference)
        answer = registry.run(store, query.name, params, scope=scope,
                              max_rows=settings.max_result_rows,
                              timeout_s=settings.query_timeout_s, inference=inference)
        members = resolve_answer(store, settings, scope, answer.select) if resolved else None
        rows = len(answer.select.rows) if answer.select is not None else None
        return _render(answer, query, media, settings, members), rows

    async def respond(params: dict[str, Any], request: Request, store: Any, scope: Any,
                      settings: Settings) -> Response:
        """From the answer cache on the event loop, else run in the thread pool (one hop)."""
        media = negotiate(request.headers.get("accept"))
        note(request, action="saved_query", query=query.name, scope=scope,
             parameters=sorted(p for p in params if p not in (PARAMETER, SWITCH)))
        version = write_version(request) if cache is not None else None
        key = answer_key(query.name, params, media, scope) if version is not None else None
        if cache is not None and version is not None and key is not None:
            hit = cache.get(version[0], key)
            if hit is not None:
                note(request, result_count=hit.row_count, cached=True)
                return Response(hit.body, media_type=hit.media_type)
        response, rows = await run_in_threadpool(run, params, request, store, scope, settings,
                                                 media)
        if rows is not None:
            note(request, result_count=rows)
        if cache is not None and version is not None and key is not None:
            cache.put(version[0], key, Cached(bytes(response.body), str(response.media_type),
                                              rows))
        return response

    async def get_query(request: Request, store: StoreDep, scope: ScopeDep,
                        settings: SettingsDep, _caller: SavedQueryCaller) -> Response:
        return await respond(dict(request.query_params), request, store, scope, settings)

    async def post_query(request: Request, store: StoreDep, scope: ScopeDep,
                         settings: SettingsDep, _caller: SavedQueryCaller) -> Response:
        params = await _json_object(request)
        return await respond(params, request, store, scope, settings)

    path = f"/{query.name}"
    router.add_api_route(path, get_query, methods=["GET"], summary=query.summary,
                         operation_id=f"query_get_{query.name}", responses=responses,
                         openapi_extra={"parameters": parameters}, response_class=Response)
    router.add_api_route(path, post_query, methods=["POST"], summary=query.summary,
                         operation_id=f"query_post_{query.name}", responses=responses,
                         openapi_extra={"requestBody": {"required": False, "content": {
                             JSON: {"schema": body_schema}}}},
                         response_class=Response)


def _rendered(registry: QueryRegistry, query: SavedQuery, params: dict[str, Any], media: str,
              store: IsolatedStore, scope: Any, settings: Settings,
              inference: Inference) -> tuple[Response, int | None]:
    """A SELECT answered with the bytes its worker rendered (no rows parsed back here)."""
    rendering = Rendering(media, vocab=f"{settings.base_iri}query/{query.name}#")
    answer, read = registry.run_rendered(
        store, query.name, params, scope=scope, rendering=rendering,
        max_rows=settings.max_result_rows, timeout_s=settings.query_timeout_s,
        inference=inference)
    body = answer.body
    if media == JSON:
        body = with_meta({"query": query.name, "truncated": answer.truncated,
                          "inference": read.value}, body)
    return Response(body, media_type=CONTENT_TYPES[media]), answer.row_count


async def _json_object(request: Request) -> dict[str, Any]:
    # Bounded like every body (413), and deep nesting is a client error, not a 500.
    raw = await read_body(request, request.app.state.settings.max_body_bytes)
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidParameter("the request body must be a JSON object of parameters") from None
    if not isinstance(data, dict):
        raise InvalidParameter("the request body must be a JSON object of parameters")
    return data


def _render(answer: Answer, query: SavedQuery, media: str, settings: Settings,
            members: dict[str, list[str]] | None = None) -> Response:
    vocab = f"{settings.base_iri}query/{query.name}#"
    if answer.kind is QueryKind.SELECT and answer.select is not None:
        meta: dict[str, Any] = {"query": query.name, "truncated": answer.select.truncated,
                                "inference": answer.inference.value}
        if members is not None:
            meta["resolved"] = members
        return rows_response(media, answer.select.variables, answer.select.rows,
                             meta=meta, vocab=vocab)
    if answer.kind is QueryKind.ASK:
        if media == CSV:
            return Response(f"boolean\r\n{str(answer.boolean).lower()}\r\n", media_type=CSV)
        return JSONResponse({"query": query.name, "boolean": answer.boolean})
    if media == CSV:
        raise NotAcceptable("a CONSTRUCT answer is RDF: ask for application/ld+json or JSON")
    graph = Graph()
    for triple in answer.triples:
        graph.add(triple)
    return Response(graph.serialize(format="json-ld"), media_type=JSONLD)
