"""Response schemas of ``/ingest``: what a generated client reads back from a load.

The routes answer with plain JSON built by :mod:`api.routes.ingest`; these models only state
its shape in OpenAPI (every field the answers carry, and which may be absent), so that a
client generated from ``/openapi.json`` gets typed objects instead of untyped dictionaries.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class QuarantineReason(BaseModel):
    """Why a record was held back: one SHACL result, or the record it depended on."""

    model_config = ConfigDict(extra="allow")

    severity: str = Field(description="Violation, Warning or Info")
    message: str
    focus: str | None = Field(None, description="The node that failed (its IRI)")
    path: str | None = Field(None, description="The property that failed")
    value: str | None = None
    source_shape: str | None = None
    component: str | None = Field(None, description="The SHACL constraint component")


class QuarantinedRecord(BaseModel):
    """A record that was not committed, where it came from, and why."""

    source: str
    line: int | None = None
    record_id: str | None = None
    position: str = Field(description="file:line or file#record, as the CLI prints it")
    reasons: list[QuarantineReason]
    triples: str = Field(description="The record's triples (N-Triples)")


class IngestLinks(BaseModel):
    """Where to read a batch back."""

    model_config = ConfigDict(populate_by_name=True)

    self_: str = Field(alias="self", description="GET /ingest/{batch_id}")
    quarantine: str | None = Field(None, description="GET /ingest/{batch_id}/quarantine, "
                                                     "present when records were held back")


class IngestAnswer(BaseModel):
    """The answer to ``POST /ingest`` (201 committed, 200 loaded before)."""

    batch_id: str
    graph: str = Field(description="The batch's named graph")
    created: bool = Field(description="False when the same content was loaded before")
    records: int = Field(description="Records committed")
    triples: int = Field(description="Asserted triples committed")
    inferred: int = Field(description="Triples derived by reasoning into the inferred graph")
    quarantined: int = Field(description="Records held back (they failed the shapes)")
    warnings: int = Field(description="Records committed with SHACL warnings")
    status: str = Field(description="The batch's catalog status (committed)")
    links: IngestLinks
    report: list[QuarantinedRecord] | None = Field(
        None, description="The first 100 quarantined records, when there are any")
    message: str | None = None


class Uploader(BaseModel):
    """Who uploaded a batch."""

    name: str
    role: str | None = None
    agency: str | None = None


class BatchStatus(BaseModel):
    """``GET /ingest/{batch_id}``: the catalog's entry for a batch, with its links."""

    id: str
    graph: str
    source: str
    loader: str
    checksum: str
    loaded_at: str
    marking: str | None = None
    agency: str | None = None
    shared_with: list[str] = Field(default_factory=list)
    reliability: str | None = None
    credibility: str | None = None
    records: int
    triples: int
    inferred: int
    quarantined: int
    status: str = Field(description="committed, replaced or retracted")
    uploader: Uploader | None = None
    links: IngestLinks
    report: list[QuarantinedRecord] | None = Field(
        None, description="The first 100 quarantined records, when there are any")


class QuarantineLinks(BaseModel):
    """Back to the batch."""

    batch: str


class BatchQuarantine(BaseModel):
    """``GET /ingest/{batch_id}/quarantine``: every record held back, with its reasons."""

    batch_id: str
    quarantined: int
    records: list[QuarantinedRecord]
    links: QuarantineLinks
