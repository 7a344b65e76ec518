"""Ingest over REST: ``POST /ingest`` commits a request body as one validated batch.

RDF bodies (Turtle, JSON-LD, N-Triples, N-Quads, TriG, RDF/XML) are recognized by their
``Content-Type``; any other loader of the registry is named by ``format``. The body goes
through the same pipeline as ``ipas load``: SHACL validation, quarantine of failing records,
one atomic commit with its catalog entry. ``GET /ingest/{batch_id}`` reads the catalog.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.audit import note
from api.deps import ScopeDep, SettingsDep, StoreDep, require
from api.protocol import read_body
from ipas.catalog import Catalog, Uploader
from ipas.errors import BadInput, NotFound
from ipas.ingest import Ingestor, IngestResult
from ipas.security.audit import batch_facts
from ipas.security.markings import Marking, admits
from ipas.security.principal import Action, Principal
from ipas.security.provenance import owning_agency
from ipas.sources import LoadOptions, available

router = APIRouter(prefix="/ingest", tags=["ingest"])
_AGENCY = re.compile(r"^[\w .&/\-]{1,100}$")
Loader = Annotated[Principal, Depends(require(Action.INGEST))]
MarkingName = Literal["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
assert set(MarkingName.__args__) == {m.value for m in Marking}  # type: ignore[attr-defined]

_BODY = {
    "required": True,
    "content": {m: {"schema": {"type": "string"}} for m in (
        "text/turtle", "application/ld+json", "application/n-triples", "application/n-quads",
        "application/trig", "application/rdf+xml", "application/octet-stream", "text/csv")},
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {"description": "Committed: the batch id and counts"},
    200: {"description": "The same content was loaded before: that batch"},
    413: {"description": "The body is larger than the configured limit"},
    415: {"description": "The body's media type is not one the pipeline reads"},
    422: {"description": "Records failed the shapes: the SHACL report (valid records of the "
                         "body were committed as the batch named in the answer)"},
}


@router.post("", status_code=201, summary="Load a body as one validated batch",
             responses=_RESPONSES, openapi_extra={"requestBody": _BODY})
async def ingest(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    principal: Loader,
    scope: ScopeDep,
    format: Annotated[str | None, Query(
        description="A loader name; RDF is recognized by Content-Type when absent",
        max_length=40)] = None,
    marking: Annotated[MarkingName, Query(description="TLP 2.0 handling marking")] = "TLP:AMBER",
    agency: Annotated[str | None, Query(max_length=100, pattern=_AGENCY.pattern,
                                        description="Owning agency")] = None,
    reliability: Annotated[Literal["A", "B", "C", "D", "E", "F"] | None,
                           Query(description="Admiralty source reliability")] = None,
    credibility: Annotated[Literal["1", "2", "3", "4", "5", "6"] | None,
                           Query(description="Admiralty information credibility")] = None,
    source: Annotated[str | None, Query(max_length=200, description="Source name")] = None,
    encoding: Annotated[str | None, Query(
        max_length=40, pattern=r"^[A-Za-z0-9_.-]+$",
        description="Text encoding of a legacy loader-format body (e.g. cp1252); default "
                    "UTF-8, where a byte that does not decode quarantines its record")] = None,
    shared_with: Annotated[list[str] | None, Query(
        max_length=20, description="Agencies besides the owner that may read the batch")] = None,
) -> JSONResponse:
    if format is not None and format not in available():
        raise BadInput(f"unknown format {format!r}; supported formats: {', '.join(available())}",
                       field="format")
    body = await read_body(request, settings.max_body_bytes)
    if not body.strip():
        raise BadInput("the request body is empty")
    for other in shared_with or ():
        if not _AGENCY.match(other):
            raise BadInput(f"shared_with: {other[:40]!r} is not an agency name",
                           field="shared_with")
    owner = owning_agency(principal, agency)  # 403 for a loader naming another agency
    options = LoadOptions(source_name=source, marking=marking,
                          agency=owner, reliability=reliability,
                          credibility=credibility, shared_with=tuple(shared_with or ()),
                          encoding=encoding)
    media = request.headers.get("content-type") or "application/octet-stream"
    # Reports see only the caller's graphs; the catalog records who uploaded the batch.
    ingestor = Ingestor(store, settings, visible=scope, uploader=uploader_of(principal))
    result = await run_in_threadpool(
        ingestor.ingest_bytes, body, media, options, fmt=format, filename=source)
    note(request, action="ingest", result_count=result.triples, created=result.created,
         **batch_facts(result.batch))
    return _answer(result)


@router.get("/{batch_id}", summary="A batch's status and counts from the catalog",
            responses={404: {"description": "No batch with that id"}})
def batch_status(
    batch_id: Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9_\-]+$")],
    store: StoreDep, settings: SettingsDep, principal: Loader, scope: ScopeDep,
) -> dict[str, Any]:
    entry = Catalog(store, settings).get(batch_id)
    # A batch outside the caller's scope gets the same 404 as a missing one. Retracted
    # batches have no graph left in any scope: their marking decides.
    if entry.status == "retracted":
        visible = admits(principal, entry.marking, owner=entry.agency,
                         shared_with=entry.shared_with)
    else:
        visible = scope.graphs is None or entry.graph in scope.graphs
    if not visible:
        raise NotFound(f"no batch {batch_id!r}", field="batch")
    return entry.to_dict()


def uploader_of(principal: Principal) -> Uploader:
    """The catalog's record of who uploaded a batch over HTTP."""
    return Uploader(principal.name, principal.role.value, principal.agency)


def _answer(result: IngestResult) -> JSONResponse:
    body: dict[str, Any] = {
        "batch_id": result.batch.id, "graph": result.batch.graph, "created": result.created,
        "records": result.records, "triples": result.triples, "inferred": result.inferred,
        "quarantined": len(result.quarantined), "warnings": len(result.warnings),
        "status": result.batch.status,
    }
    if result.quarantined:
        return JSONResponse(status_code=422, content={
            "error": "validation_failed",
            "message": f"{len(result.quarantined)} record(s) failed the shapes and were "
                       f"quarantined; {result.records} valid record(s) were committed",
            **body, "report": [q.to_dict() for q in result.quarantined]})
    return JSONResponse(status_code=201 if result.created else 200, content=body)
