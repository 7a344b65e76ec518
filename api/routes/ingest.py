"""Ingest over REST: ``POST /ingest`` commits a request body as one validated batch.

The body's syntax is named by ``format``: an RDF syntax (``turtle``, ``jsonld``...) or a
loader of the registry (``stix``...), with any ``Content-Type`` (OpenAPI documents
``application/octet-stream``, the one body type generated clients send raw). Without
``format``, RDF is recognized by its ``Content-Type`` (``curl -H 'Content-Type: text/turtle'``).
The body goes
through the same pipeline as ``ipas load``: SHACL validation, quarantine of failing records,
one atomic commit with its catalog entry.

Answers: 201 (with ``Location``) when a batch was committed, also when some records were
quarantined: then ``quarantined`` counts them and ``links.quarantine`` reads them; 200 when
the same content was loaded before; 422 only when nothing was committed. Markings are read
as the CLI reads them (``amber``, ``TLP:AMBER``). ``GET /ingest/{batch_id}`` gives the
catalog's counts, the quarantine report and its link.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.audit import note
from api.deps import ScopeDep, SettingsDep, StoreDep, require
from api.problems import problem
from api.protocol import read_body
from api.routes.ingest_models import BatchQuarantine, BatchStatus, IngestAnswer
from api.server import stop_if_shutting_down
from ipas.catalog import Catalog, Uploader
from ipas.errors import BadInput, InvalidParameter, NotFound
from ipas.ingest import Ingestor, IngestResult
from ipas.ingest.files import RDF_SYNTAXES
from ipas.quarantine import Quarantine
from ipas.security.audit import batch_facts
from ipas.security.markings import Marking, admits, parse_marking
from ipas.security.principal import Action, Principal
from ipas.security.provenance import owning_agency
from ipas.settings import Settings
from ipas.sources import LoadOptions, available

router = APIRouter(prefix="/ingest", tags=["ingest"])
_AGENCY = re.compile(r"^[\w .&/\-]{1,100}$")
Loader = Annotated[Principal, Depends(require(Action.INGEST))]
_MARKINGS = ", ".join(m.value for m in Marking)
REPORT_LIMIT = 100  # quarantined records shown inline; the quarantine link has them all

# One raw body type, the syntax named by ``format``: generators (openapi-python-client
# among them) send ``application/octet-stream`` as bytes but cannot choose among several raw
# media types in one operation. The RDF media types are still read for curl and the CLI.
_BODY = {
    "required": True,
    "description": "The data, as bytes, in the syntax `format` names. Without `format`, an "
                   "RDF body may instead be sent with its own media type: " + ", ".join(
                       sorted({m for m in RDF_SYNTAXES.values()})) + ".",
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
}
_LOCATION = {"Location": {"description": "The batch's status: /ingest/{batch_id}",
                          "schema": {"type": "string"}}}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {"description": "Committed: the batch id and counts. Records that failed the shapes "
                         "were quarantined (``quarantined`` > 0, ``links.quarantine``); the "
                         "valid ones were committed", "headers": _LOCATION,
          "model": IngestAnswer},
    200: {"description": "The same content was loaded before: that batch",
          "model": IngestAnswer},
    400: {"description": "An unknown `format`, an empty body, or a body that does not parse "
                         "(with the line and column)"},
    413: {"description": "The body is larger than the configured limit"},
    415: {"description": "No `format`, and a media type that is not RDF"},
    422: {"description": "Nothing was committed: every record failed (the SHACL report)"},
}


@router.post("", status_code=201, summary="Load a body as one validated batch",
             operation_id="ingest", responses=_RESPONSES,
             openapi_extra={"requestBody": _BODY})
async def ingest(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    principal: Loader,
    scope: ScopeDep,
    format: Annotated[str | None, Query(
        description="The body's syntax: an RDF syntax (" + ", ".join(RDF_SYNTAXES) + ") or a "
                    "loader (" + ", ".join(available()) + "); when absent, RDF is recognized "
                    "by Content-Type", max_length=40, examples=["turtle", "stix"])] = None,
    marking: Annotated[str, Query(
        max_length=40, description=f"TLP 2.0 handling marking: {_MARKINGS}, or the level "
                                   "alone (amber)")] = "TLP:AMBER",
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
    if format is not None and format not in available() and format not in RDF_SYNTAXES:
        names = ", ".join([*RDF_SYNTAXES, *available()])
        raise BadInput(f"unknown format {format!r}; supported formats: {names}", field="format")
    body = await read_body(request, settings.max_body_bytes)
    if not body.strip():
        raise BadInput("the request body is empty")
    for other in shared_with or ():
        if not _AGENCY.match(other):
            raise BadInput(f"shared_with: {other[:40]!r} is not an agency name",
                           field="shared_with")
    owner = owning_agency(principal, agency)  # 403 for a loader naming another agency
    try:
        level = parse_marking(marking).value  # the CLI's reading: amber, TLP:AMBER, TLP_AMBER
    except BadInput as err:
        raise InvalidParameter(str(err), parameter="marking", expected=_MARKINGS) from None
    options = LoadOptions(source_name=source, marking=level,
                          agency=owner, reliability=reliability,
                          credibility=credibility, shared_with=tuple(shared_with or ()),
                          encoding=encoding)
    media = request.headers.get("content-type") or "application/octet-stream"
    if format in RDF_SYNTAXES:  # the named syntax wins over the (generic) media type
        media, format = RDF_SYNTAXES[format], None
    # Reports see only the caller's graphs; the catalog records who uploaded the batch.
    ingestor = Ingestor(store, settings, visible=scope, uploader=uploader_of(principal))
    note(request, action="ingest", marking=marking, agency=owner, source=source)
    result = await run_in_threadpool(  # cancelled between chunks when the server stops
        ingestor.ingest_bytes, body, media, options, fmt=format, filename=source,
        progress=stop_if_shutting_down(request.app.state.shutting_down,
                                       settings.max_ingest_triples))
    note(request, action="ingest", result_count=result.triples, created=result.created,
         **batch_facts(result.batch))
    return _answer(result)


@router.get("/{batch_id}", summary="A batch's status and counts from the catalog",
            operation_id="get_ingest_batch", response_model=BatchStatus,
            response_model_exclude_unset=True,  # "report" only when records were held
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
    links = {"self": f"/ingest/{entry.id}"}
    body: dict[str, Any] = {**entry.to_dict(), "links": links}
    if entry.quarantined:
        links["quarantine"] = f"/ingest/{entry.id}/quarantine"
        body["report"] = _quarantined(settings, entry.id)[:REPORT_LIMIT]
    return body


@router.get("/{batch_id}/quarantine", summary="The records of a batch that were quarantined",
            operation_id="get_ingest_quarantine", response_model=BatchQuarantine,
            responses={404: {"description": "No batch with that id, or nothing quarantined"}})
def batch_quarantine(
    batch_id: Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9_\-]+$")],
    store: StoreDep, settings: SettingsDep, principal: Loader, scope: ScopeDep,
) -> dict[str, Any]:
    status = batch_status(batch_id, store, settings, principal, scope)  # same visibility
    records = _quarantined(settings, batch_id)
    if not records:
        raise NotFound(f"nothing quarantined for batch {batch_id!r}", field="batch")
    return {"batch_id": batch_id, "quarantined": len(records), "records": records,
            "links": {"batch": status["links"]["self"]}}


def _quarantined(settings: Settings, batch_id: str) -> list[dict[str, Any]]:
    try:
        return [r.to_dict() for r in Quarantine(settings.home).show(batch_id)]
    except NotFound:
        return []


def uploader_of(principal: Principal) -> Uploader:
    """The catalog's record of who uploaded a batch over HTTP."""
    return Uploader(principal.name, principal.role.value, principal.agency)


def _answer(result: IngestResult) -> JSONResponse:
    batch = result.batch.id
    body: dict[str, Any] = {
        "batch_id": batch, "graph": result.batch.graph, "created": result.created,
        "records": result.records, "triples": result.triples, "inferred": result.inferred,
        "quarantined": len(result.quarantined), "warnings": len(result.warnings),
        "status": result.batch.status, "links": {"self": f"/ingest/{batch}"},
    }
    if result.quarantined:
        body["links"]["quarantine"] = f"/ingest/{batch}/quarantine"
        body["report"] = [q.to_dict() for q in result.quarantined[:REPORT_LIMIT]]
        body["message"] = (f"{len(result.quarantined)} record(s) failed the shapes and were "
                           f"quarantined; {result.records} valid record(s) were committed")
    if result.quarantined and result.records == 0:  # nothing committed: the request failed
        body["batch_status"] = body.pop("status")  # 'status' is the HTTP status in a problem
        return problem(422, "validation_failed", body.pop("message"), **body)
    if not result.created:
        return JSONResponse(status_code=200, content=body)
    return JSONResponse(status_code=201, content=body,
                        headers={"Location": f"/ingest/{batch}"})
