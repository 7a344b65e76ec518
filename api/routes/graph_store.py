"""``/graph-store``: the SPARQL 1.1 Graph Store HTTP Protocol (indirect identification).

* ``GET`` / ``HEAD`` ``?graph=IRI`` or ``?default``: the graph in a negotiated RDF format. A
  graph outside the caller's scope is a 404, exactly like one that does not exist; the default
  graph is the union of the caller's graphs (``settings.default_graph_union``).
* ``POST`` with neither parameter: a new batch through the ingest pipeline (needs the
  ``ingest`` action; ``marking``, ``agency``, ``source``, ``reliability``, ``credibility``,
  ``shared_with`` as query parameters); ``201`` with the batch's graph IRI in ``Location``.
* ``PUT`` / ``POST`` / ``DELETE`` ``?graph=IRI``: replace, merge into (POST also takes several
  documents as ``multipart/form-data``), or drop one graph. Like
  SPARQL Update they need the ``update`` action (admins). Bodies are validated against the
  shapes first (422 with the SHACL report, nothing written); a replace is one atomic update.
  Dropping a batch graph retracts the batch, so the catalog stays true.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from email.parser import BytesParser
from email.policy import default as email_default
from pathlib import Path
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.audit import note
from api.deps import PrincipalDep, ScopeDep, SettingsDep, StoreDep, allowed, require
from api.protocol import media_type, read_body
from api.routes.ingest import uploader_of
from api.server import stop_if_shutting_down
from ipas.errors import BadInput, NotFound, Refused, UnsupportedMediaType, ValidationFailed
from ipas.facade.search_index import refresh_after_write
from ipas.graphs import GraphNames
from ipas.ingest import Ingestor, suffix_for_media_type
from ipas.query.executor import IsolatedStore
from ipas.query.formats import RDF_TYPES, content_type, negotiate
from ipas.security.audit import batch_facts
from ipas.security.principal import Action, Principal
from ipas.security.provenance import owning_agency
from ipas.settings import Settings
from ipas.sources import LoadOptions
from ipas.store.base import Scope, Store

router = APIRouter(tags=["graph store"])

_ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
MULTIPART = "multipart/form-data"
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
Updater = Annotated[Principal, Depends(require(Action.UPDATE))]
Loader = Annotated[Principal, Depends(require(Action.INGEST))]


def _target(request: Request) -> str | None:
    """The ``graph`` IRI, or ``None`` for ``?default``; 400 for both, neither or a bad IRI."""
    graphs = request.query_params.getlist("graph")
    default = "default" in request.query_params
    if len(graphs) + int(default) != 1:
        raise BadInput("give exactly one of ?graph=IRI or ?default", field="graph")
    if default:
        return None
    if not _IRI.match(graphs[0]):
        raise BadInput("?graph must be an absolute IRI", field="graph")
    return graphs[0]


def _visible(store: Store, scope: Scope, graph: str) -> bool:
    in_scope = scope.graphs is None or graph in scope.graphs
    return in_scope and graph in store.graphs()


# -- reads ---------------------------------------------------------------------------------
@router.head("/graph-store", include_in_schema=False)
@router.get("/graph-store", summary="Read a graph (HEAD: its headers only)")
async def read_graph(
    request: Request, settings: SettingsDep, store: StoreDep, principal: PrincipalDep,
    scope: ScopeDep,
) -> Response:
    graph = _target(request)
    note(request, action="read", scope=scope, graph=graph)
    media = negotiate(request.headers.get("accept"), RDF_TYPES)
    if graph is None:
        dataset = Scope(scope.graphs, None if settings.default_graph_union else (), ())
    else:
        if not await run_in_threadpool(_visible, store, scope, graph):
            raise NotFound("no such graph", graph=graph)
        dataset = Scope(scope.graphs, (graph,), ())
    result = await run_in_threadpool(
        store.query_raw, _ALL_TRIPLES, scope=dataset, media_type=media,
        max_rows=settings.max_result_rows, timeout_s=settings.query_timeout_s,
    )
    note(request, result_count=result.row_count)
    headers = {"Vary": "Accept", "Content-Type": content_type(result.media_type)}
    if getattr(result, "truncated", False):
        headers["X-IPAS-Truncated"] = f"triples cut at {settings.max_result_rows}"
    return Response(result.body, headers=headers)


# -- writes --------------------------------------------------------------------------------
@router.put("/graph-store", summary="Replace a graph", status_code=204)
async def put_graph(
    request: Request, settings: SettingsDep, store: StoreDep, principal: Updater,
    scope: ScopeDep,
) -> Response:
    return await _write(request, settings, store, scope, replace=True)


@router.post("/graph-store", summary="Merge into a graph, or ingest a new batch")
async def post_graph(
    request: Request, settings: SettingsDep, store: StoreDep, principal: PrincipalDep,
    scope: ScopeDep,
) -> Response:
    if "graph" not in request.query_params and "default" not in request.query_params:
        allowed(principal, Action.INGEST)
        return await _new_batch(request, settings, store, scope)
    allowed(principal, Action.UPDATE)
    return await _write(request, settings, store, scope, replace=False)


@router.delete("/graph-store", summary="Drop a graph", status_code=204)
async def delete_graph(
    request: Request, settings: SettingsDep, store: StoreDep, principal: Updater,
    scope: ScopeDep,
) -> Response:
    graph = _target(request)
    note(request, action="update", graph=graph)
    if graph is None:
        raise Refused("the default graph is the union of your graphs; drop named graphs")
    if not await run_in_threadpool(_visible, store, scope, graph):
        raise NotFound("no such graph", graph=graph)
    names = GraphNames(settings.base_iri)
    batch_id = names.batch_id(graph)
    if batch_id is not None:
        await run_in_threadpool(_ingestor(request, store, settings).retract, batch_id)
    else:
        await run_in_threadpool(store.drop_graph, graph)
    return Response(status_code=204)


async def _write(
    request: Request, settings: Settings, store: Store, scope: Scope, *, replace: bool
) -> Response:
    graph = _target(request)
    note(request, action="update", graph=graph)
    if graph is None:
        raise Refused("the default graph is the union of your graphs; write to a named graph")
    header = request.headers.get("content-type", "")
    kind, _ = media_type(header)
    body = await read_body(request, settings.max_body_bytes)
    parts = _multipart(header, body) if kind == MULTIPART and not replace else [(kind, body)]
    for part_kind, _ in parts:
        if part_kind not in _GRAPH_FORMATS:
            raise UnsupportedMediaType(
                f"send the graph as one of {', '.join(sorted(_GRAPH_FORMATS))}"
                + (" (or several, as multipart/form-data, to merge)" if not replace else ""),
                accepted=sorted(_GRAPH_FORMATS),
            )
    existed = await run_in_threadpool(lambda: graph in store.graphs())
    update = await run_in_threadpool(
        _validated_update, request, store, settings, parts, graph, replace
    )
    await run_in_threadpool(store.update, update)
    await run_in_threadpool(refresh_after_write, store)  # its names searchable at once
    return Response(status_code=204 if existed else 201)


def _multipart(header: str, body: bytes) -> list[tuple[str, bytes]]:
    """The parts of a multipart/form-data body: (media type, bytes) each."""
    message = BytesParser(policy=email_default).parsebytes(
        b"Content-Type: " + header.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise BadInput("a multipart/form-data body without parts")
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        parts.append((part.get_content_type(), payload if isinstance(payload, bytes) else b""))
    return parts


def _validated_update(
    request: Request, store: Store, settings: Settings, parts: list[tuple[str, bytes]],
    graph: str, replace: bool,
) -> str:
    """Check each part with the ingest pipeline (guards and shapes), then build one update."""
    statements: list[str] = []
    for kind, body in parts:
        with _staged(settings, body, suffix_for_media_type(kind)) as path:
            result = _ingestor(request, store, settings).check([path], fmt="rdf")
            if result.quarantined:
                raise ValidationFailed(
                    f"{len(result.quarantined)} record(s) do not conform to the shapes",
                    report=[q.to_dict() for q in result.quarantined],
                )
            triples = ox.parse(path=str(path), format=_GRAPH_FORMATS[kind], base_iri=graph)
            # Terms are written by the engine (N-Triples syntax), never taken from the body.
            statements.extend(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    target = ox.NamedNode(graph)
    head = f"DROP SILENT GRAPH {target} ;\n" if replace else f"CREATE SILENT GRAPH {target} ;\n"
    return f"{head}INSERT DATA {{ GRAPH {target} {{ {' '.join(statements)} }} }}"


async def _new_batch(request: Request, settings: Settings, store: Store, scope: Scope
                     ) -> Response:
    note(request, action="ingest")
    kind, _ = media_type(request.headers.get("content-type"))
    suffix = suffix_for_media_type(kind)
    body = await read_body(request, settings.max_body_bytes)
    principal: Principal = request.state.principal
    options = _load_options(request)
    # The owner is the token's agency (an admin may name another); the uploader is recorded.
    options = replace(options, agency=owning_agency(principal, options.agency))
    ingestor = _ingestor(request, store, settings).scoped(scope, uploader_of(principal))

    guard = stop_if_shutting_down(request.app.state.shutting_down, settings.max_ingest_triples)

    def run() -> Any:
        with _staged(settings, body, suffix) as path:
            checked = ingestor.check([path], fmt="rdf", options=options)
            if checked.quarantined:
                raise ValidationFailed(
                    f"{len(checked.quarantined)} record(s) do not conform to the shapes",
                    report=[q.to_dict() for q in checked.quarantined],
                )
            return ingestor.ingest([path], fmt="rdf", options=options, progress=guard)

    result = await run_in_threadpool(run)
    entry = result.batch
    note(request, result_count=result.triples, created=result.created, **batch_facts(entry))
    location = entry.graph  # GSP: the Location of a created graph is its IRI
    body_out = {"created": result.created, **entry.to_dict()}
    return JSONResponse(body_out, status_code=201 if result.created else 200,
                        headers={"Location": location})


def _load_options(request: Request) -> LoadOptions:
    params = request.query_params
    fields: dict[str, Any] = {
        "source_name": params.get("source"),
        "agency": params.get("agency"),
        "reliability": params.get("reliability"),
        "credibility": params.get("credibility"),
    }
    if "marking" in params:
        fields["marking"] = params["marking"]
    if "shared_with" in params:
        fields["shared_with"] = tuple(params.getlist("shared_with"))
    return LoadOptions(**{k: v for k, v in fields.items() if v is not None})


def _ingestor(request: Request, store: Store, settings: Settings) -> Ingestor:
    """One ingestor per app (its validator loads the shapes once)."""
    ingestor: Ingestor | None = getattr(request.app.state, "graph_store_ingestor", None)
    if ingestor is None:
        inner = store.inner if isinstance(store, IsolatedStore) else store
        ingestor = Ingestor(inner, settings)
        request.app.state.graph_store_ingestor = ingestor
    return ingestor


@contextmanager
def _staged(settings: Settings, body: bytes, suffix: str) -> Iterator[Path]:
    """The body in a private temporary file under ``{home}/tmp`` (removed afterwards)."""
    staging = settings.home / "tmp"
    staging.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging) as tmp:
        path = Path(tmp) / f"body{suffix}"
        path.write_bytes(body)
        yield path
