"""Response schemas of the catalogue routes: served classes, saved queries and their answers,
and the change feed, so that a client generated from ``/openapi.json`` gets typed objects.

The routes build plain JSON; these models state its shape. Each allows extra members, so a
field added to an answer later reaches clients before its schema does.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class PropertyInfo(_Open):
    """One property of a served class, as its shapes declare it."""

    name: str = Field(description="The list filter and JSON member name")
    iri: str
    label: str | None = None
    datatype: str | None = Field(None, description="XSD datatype IRI of a literal property")
    class_: str | None = Field(None, alias="class",
                               description="Class IRI of a link's target")
    min_count: int | None = None
    max_count: int | None = None
    values: list[Any] = Field(default_factory=list, description="Allowed values (sh:in)")


class ClassInfo(_Open):
    """A class served under ``/entities/{slug}``."""

    slug: str = Field(examples=["criminal-organization"])
    iri: str
    label: str
    definition: str | None = None
    shaped: bool = Field(description="False: its properties come from superclasses' shapes")
    properties: list[PropertyInfo]


class QueryParameterInfo(_Open):
    """One parameter of a saved query."""

    name: str
    type: str = Field(description="iri, date, integer, decimal or string")
    required: bool
    optional: bool
    default: Any = None
    values: list[Any] = Field(default_factory=list)
    description: str | None = None
    schema_: dict[str, Any] = Field(alias="schema", description="Its JSON Schema")


class SavedQueryInfo(_Open):
    """A saved query of the catalogue, run at ``/queries/{name}``."""

    name: str
    summary: str
    tags: list[str]
    kind: str = Field(description="SELECT, ASK or CONSTRUCT")
    inference: str = Field(description="What it reads by default: asserted or all")
    parameters: list[QueryParameterInfo]


class SelectAnswer(_Open):
    """A SELECT saved query's answer as JSON: one object per row, keyed by column."""

    query: str
    truncated: bool = Field(description="True when the row limit cut the answer")
    inference: str
    columns: list[str]
    rows: list[dict[str, Any]]
    resolved: dict[str, list[str]] | None = Field(
        None, description="With resolved=true: each canonical entity's merged members")


class AskAnswer(_Open):
    """An ASK saved query's answer as JSON."""

    query: str
    boolean: bool


class ChangeLinks(_Open):
    """Where to read the batch (and the one that replaced it)."""

    batch: str
    by: str | None = None


class ChangeEvent(_Open):
    """One event of the change feed."""

    kind: Literal["committed", "replaced", "retracted"]
    at: str = Field(description="When (xsd:dateTime, UTC)")
    batch_id: str
    graph: str
    source: str
    marking: str | None = None
    agency: str | None = None
    records: int
    triples: int
    by: str | None = Field(None, description="replaced: the batch that replaced statements")
    links: ChangeLinks


class ChangesPage(_Open):
    """``GET /changes``: events after the cursor, oldest first."""

    changes: list[ChangeEvent]
    next: str = Field(description="Send back as ?since= to read what happens next")
    more: bool = Field(description="True when another page is already waiting")
