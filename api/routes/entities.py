"""The REST facade: routes for every shaped class, generated from ontology and shapes at start.

Per class of the ontology (``/entities/{slug}``): a paginated, filtered, sorted list (narrowed
to a subtype with ``?type=``, items with their asserted types, ``Link`` headers to the next and
previous pages); search by label, alias and identifier; get by id (JSON, or JSON-LD with a
generated ``@context``); and neighbours, paginated and filtered by relation and direction.
``POST /entities/get`` reads many entities at once. An extension module's classes get the same
routes with no code change. All reads go through the Store with the caller's scope and bound
values.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from api.audit import note
from api.deps import ScopeDep, SettingsDep, StoreDep, require
from api.routes import entity_models as em
from api.routes.answers import JSON, JSONLD, negotiate
from api.routes.listing_models import ClassInfo
from ipas.catalog import Catalog
from ipas.errors import InvalidParameter
from ipas.facade.filters import filters_of
from ipas.facade.model import ClassSpec, build_model
from ipas.facade.service import MAX_LINKS, Facade, Page, Selecting
from ipas.resolution.entities import (
    resolution_for,
    resolve_items,
    resolved_entity,
    resolved_many,
    resolved_neighbours,
)
from ipas.security.principal import Action, Principal
from ipas.settings import Settings
from ipas.store.base import Scope, Store

Reader = Annotated[Principal, Depends(require(Action.QUERY))]
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such entity"}}
_BAD: dict[int | str, dict[str, Any]] = {422: {"description": "A parameter is not valid"}}
_PAGING = frozenset({"limit", "offset", "sort", "type", "inference",  # inference: api.deps
                     "resolved"})
Resolved = Annotated[bool, Query(description=(
    "Show resolved actors (entity resolution) instead of raw records: one item per actor "
    "under its canonical IRI with its members; one entity merges its members' properties, "
    "with the member behind each value in 'provenance'; neighbours join every member's "
    "links. Only decisions between records you can read count"))]
#: Longest entity id a route accepts (an id is a path or the base64url of an IRI).
MAX_ID = 2100
EntityId = Annotated[str, Path(description="The entity's short id (or ~ and base64url IRI)",
                               max_length=MAX_ID)]


def build_router(settings: Settings) -> APIRouter:
    """Routes for every class that has a shape under ``settings.shapes_dir``."""
    model = build_model(settings.ontology_dir, settings.shapes_dir)
    facade = Facade(model, settings.base_iri)
    router = APIRouter(prefix="/entities", tags=["entities"])

    @router.get("", summary="The classes served here, with their properties",
                operation_id="list_classes", response_model=list[ClassInfo])
    def classes(_caller: Reader) -> list[dict[str, Any]]:
        return [_describe(cls) for cls in model.classes]

    @router.post("/get", summary="Many entities by id, each as its class's GET shows it",
                 response_model=em.BulkAnswer, operation_id="get_entities")
    def get_many(body: em.BulkRequest, request: Request, store: StoreDep, scope: ScopeDep,
                 settings: SettingsDep, _caller: Reader,
                 resolved: Resolved = False) -> dict[str, Any]:
        note(request, action="rest_get_many", query=f"{len(body.ids)} ids", scope=scope)
        if resolved:
            return resolved_many(facade, store, scope, body.ids,
                                 resolution_for(store, settings, scope), settings.query_timeout_s)
        return facade.get_many(store, scope, body.ids, settings.query_timeout_s)

    for cls in model.classes:
        _add_class_routes(router, facade, cls)
    router.entity_reader = EntityReader(facade)  # type: ignore[attr-defined]  # for api.fast
    return router


class EntityReader:
    """The entity GET of every class, as a plain function of the request: the route calls
    :meth:`respond`, and so does the fast route (:mod:`api.fast`) for the paths
    :meth:`target` says the router sends to it."""

    def __init__(self, facade: Facade) -> None:
        self.facade = facade
        self.classes = {cls.slug: cls for cls in facade.model.classes}

    def target(self, path: str) -> tuple[ClassSpec, str] | None:
        """``(class, entity id)`` when the router sends ``GET path`` to an entity GET (the
        routes are matched in order: ``/search`` and ``.../neighbours`` come first), else None.

        >>> from ipas.facade.model import FacadeModel
        >>> r = EntityReader(Facade(FacadeModel((), ()), "urn:x/"))
        >>> r.classes = {"person": "P"}  # a stand-in ClassSpec
        >>> r.target("/entities/person/demo/p1"), r.target("/entities/person/search")
        (('P', 'demo/p1'), None)
        >>> r.target("/entities/person/p1/neighbours"), r.target("/entities/ship/x")
        (None, None)
        """
        slug, sep, entity_id = path.removeprefix("/entities/").partition("/")
        cls = self.classes.get(slug) if path.startswith("/entities/") and sep else None
        if cls is None or entity_id in ("", "search") or entity_id.endswith("/neighbours"):
            return None
        return (cls, entity_id) if len(entity_id) <= MAX_ID else None

    def respond(self, request: Request, store: Selecting, scope: Scope, settings: Settings,
                cls: ClassSpec, entity_id: str, resolved: bool = False) -> Response:
        """One entity as JSON (or JSON-LD by ``Accept``); NotFound unless the caller sees it."""
        media = negotiate(request.headers.get("accept"), (JSON, JSONLD))
        note(request, action="rest_get", query=f"{cls.slug} {entity_id[:200]}", scope=scope)
        if resolved:
            assert isinstance(store, Store)
            body = resolved_entity(self.facade, store, scope, cls, entity_id,
                                   resolution_for(store, settings, scope),
                                   settings.query_timeout_s)
        else:
            _node, _types, body = self.facade.get(store, scope, cls, entity_id,
                                                  settings.query_timeout_s)
        if media == JSONLD:
            return JSONResponse(_jsonld(cls, body), media_type=JSONLD)
        return JSONResponse(body)


def page_links(request: Request, response: Response, offset: int, limit: int,
               total: int) -> None:
    """RFC 8288 ``Link`` headers to the next and previous pages (and the first)."""
    links = []
    if offset + limit < total:
        links.append((offset + limit, "next"))
    if offset > 0:
        links += [(max(0, offset - limit), "prev"), (0, "first")]
    response.headers["X-Total-Count"] = str(total)
    if links:
        response.headers["Link"] = ", ".join(
            f'<{request.url.include_query_params(offset=o, limit=limit)}>; rel="{rel}"'
            for o, rel in links)


def _describe(cls: ClassSpec) -> dict[str, Any]:
    return {
        "slug": cls.slug, "iri": cls.iri, "label": cls.label, "definition": cls.definition,
        "shaped": cls.shaped,
        "properties": [{"name": p.name, "iri": p.iri, "label": p.label, "datatype": p.datatype,
                        "class": p.range_class, "min_count": p.min_count,
                        "max_count": p.max_count, "values": list(p.values)}
                       for p in cls.properties],
    }


def _add_class_routes(router: APIRouter, facade: Facade, cls: ClassSpec) -> None:
    reader = EntityReader(facade)
    tag = f"entities: {cls.label}"
    subtypes = {c.slug: c for c in facade.model.subtypes(cls)}
    base = f"/{cls.slug}"
    entity = em.entity_model(cls)
    filters = {f.alias: f for f in filters_of(cls)}
    sorts = em.sort_values(cls)
    documented = [{"name": f.alias, "in": "query", "required": False,
                   "description": f.describe(), "schema": f.schema()}
                  for f in filters.values()]

    def list_entities(
        request: Request, response: Response, store: StoreDep, scope: ScopeDep,
        settings: SettingsDep, _caller: Reader,
        limit: Annotated[int, Query(ge=1, le=em.MAX_LIMIT, description="Page size")] = 50,
        offset: Annotated[int, Query(ge=0, le=em.MAX_OFFSET, description="Items to skip")] = 0,
        sort: str | None = None,  # typed below: its values depend on the class
        type: str | None = None,  # the API's name; typed below like sort
        resolved: Resolved = False,
    ) -> Any:
        # Filters are typed by the shape and parsed by the facade (422 naming the parameter).
        unknown = sorted(set(request.query_params) - set(filters) - _PAGING)
        if unknown:
            raise InvalidParameter(
                f"unknown filter {unknown[0][:60]!r} for {cls.label}; see GET /entities for "
                "its properties", parameter=unknown[0][:60])
        chosen = {filters[k]: v for k, v in request.query_params.items() if k in filters}
        note(request, action="rest_list", query=cls.slug, scope=scope)
        body = facade.page(store, scope, cls, chosen, sort, Page(limit, offset),
                           settings.query_timeout_s,
                           subtype=subtypes[type] if type is not None else None)
        page_links(request, response, offset, limit, body["total"])
        if resolved:
            return resolve_items(facade, body, resolution_for(store, settings, scope))
        return body

    list_entities.__annotations__["sort"] = Annotated[
        Literal[sorts] | None,
        Query(description="Property to sort by; '-' for descending")]
    list_entities.__annotations__["type"] = Annotated[
        Literal[tuple(subtypes)] | None,
        Query(description=f"Only entities of this subtype of {cls.label} (a class slug)")]
    router.add_api_route(base, list_entities, methods=["GET"], tags=[tag],
                         summary=f"List {cls.label} entities",
                         response_model=em.page_model(cls), responses=_BAD,
                         openapi_extra={"parameters": documented},
                         operation_id=f"list_{cls.slug}")

    def search(request: Request, store: StoreDep, scope: ScopeDep, settings: SettingsDep,
               _caller: Reader,
               q: Annotated[str, Query(min_length=1, max_length=200,
                                       description="Words of a label, alias or identifier")],
               limit: Annotated[int, Query(ge=1, le=em.MAX_LIMIT)] = 50,
               offset: Annotated[int, Query(ge=0, le=em.MAX_OFFSET)] = 0,
               resolved: Resolved = False) -> Any:
        note(request, action="rest_search", query=cls.slug, scope=scope)
        body = facade.search(store, scope, cls, q, Page(limit, offset), settings.query_timeout_s)
        if resolved:
            return resolve_items(facade, body, resolution_for(store, settings, scope))
        return body

    router.add_api_route(f"{base}/search", search, methods=["GET"], tags=[tag],
                         summary=f"Search {cls.label} entities: labels, aliases and "
                         "identifiers, ranked, fuzzy, accent- and case-insensitive",
                         response_model=em.search_model(cls), responses=_BAD,
                         operation_id=f"search_{cls.slug}")

    def neighbours(
        entity_id: EntityId, request: Request, response: Response, store: StoreDep,
        scope: ScopeDep, settings: SettingsDep, _caller: Reader,
        relation: Annotated[str | None, Query(
            max_length=500, description="Only links by this property (IRI or local name)")
        ] = None,
        direction: Annotated[Literal["in", "out"] | None, Query(
            description="Only links out of the entity, or into it")] = None,
        limit: Annotated[int, Query(ge=1, le=em.MAX_LIMIT, description="Page size")] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_LINKS, description="Links to skip")] = 0,
        resolved: Resolved = False,
    ) -> Any:
        note(request, action="rest_neighbours", query=f"{cls.slug} {entity_id[:200]}",
             scope=scope)
        if resolved:
            body = resolved_neighbours(
                facade, store, scope, cls, entity_id, resolution_for(store, settings, scope),
                timeout_s=settings.query_timeout_s, batches=_batches(store, settings, scope),
                page=Page(limit, offset), relation=relation, direction=direction)
            page_links(request, response, offset, limit, body["total"])
            return body
        body = facade.neighbours(store, scope, cls, entity_id, settings.query_timeout_s,
                                 batches=_batches(store, settings, scope),
                                 page=Page(limit, offset), relation=relation,
                                 direction=direction)
        page_links(request, response, offset, limit, body["total"])
        return body

    router.add_api_route(f"{base}/{{entity_id:path}}/neighbours", neighbours, methods=["GET"],
                         tags=[tag], summary=f"Links in and out of a {cls.label}",
                         response_model=em.Neighbours, responses=_NOT_FOUND,
                         operation_id=f"neighbours_{cls.slug}")

    def get_entity(entity_id: EntityId, request: Request, store: StoreDep, scope: ScopeDep,
                   settings: SettingsDep, _caller: Reader,
                   resolved: Resolved = False) -> Response:
        return reader.respond(request, store, scope, settings, cls, entity_id, resolved)

    router.add_api_route(
        f"{base}/{{entity_id:path}}", get_entity, methods=["GET"], tags=[tag],
        summary=f"One {cls.label} (JSON, or JSON-LD by Accept)",
        responses={200: {"model": entity, "content": {JSONLD: {}}}, **_NOT_FOUND},
        operation_id=f"get_{cls.slug}", response_class=JSONResponse)


def _batches(store: Store, settings: Settings, scope: Scope) -> dict[str, dict[str, Any]]:
    """Catalog grades of the batches the caller may see, by graph."""
    visible = scope.graphs
    return {
        e.graph: {"batch": e.id, "graph": e.graph, "source": e.source, "agency": e.agency,
                  "marking": e.marking, "reliability": e.reliability,
                  "credibility": e.credibility}
        for e in Catalog(store, settings).batches()
        if visible is None or e.graph in visible
    }


def _jsonld(cls: ClassSpec, body: dict[str, Any]) -> dict[str, Any]:
    """The entity as JSON-LD, with a ``@context`` generated from the shape."""
    context: dict[str, Any] = {
        "id": "@id", "types": {"@id": "@type", "@type": "@id"},
        "label": "http://www.w3.org/2000/01/rdf-schema#label", "iri": None,
    }
    doc: dict[str, Any] = {"id": body["iri"], "types": body["types"], "label": body["label"]}
    for prop in cls.properties:
        value = body.get(prop.name)
        if prop.is_link:
            context[prop.name] = {"@id": prop.iri, "@type": "@id"}
            value = ([v["iri"] for v in value] if isinstance(value, list)
                     else value["iri"] if value else None)
        elif prop.datatype and not prop.datatype.endswith(("#string", "#langString")):
            context[prop.name] = {"@id": prop.iri, "@type": prop.datatype}
            value = [_lexical(v) for v in value] if isinstance(value, list) else (
                None if value is None else _lexical(value))
        else:
            context[prop.name] = {"@id": prop.iri}
        if value not in (None, []):
            doc[prop.name] = value
    return {"@context": context, **doc}


def _lexical(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

