"""Pydantic models and typed query parameters generated from the facade model.

One response model per shaped class (``create_model``), and one typed query parameter per
shape property for the list route, so that OpenAPI states exactly what each route takes and
returns. Generated at app start; nothing here names a class.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from ipas.facade.model import ClassSpec, PropertySpec

XSD = "http://www.w3.org/2001/XMLSchema#"
_PY_TYPES: dict[str, Any] = {
    **{XSD + t: int for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                              "positiveInteger", "negativeInteger", "nonPositiveInteger",
                              "unsignedInt", "unsignedLong", "gYear")},
    XSD + "decimal": Decimal, XSD + "double": float, XSD + "float": float,
    XSD + "date": date, XSD + "dateTime": datetime, XSD + "boolean": bool,
}
MAX_LIMIT = 500
MAX_OFFSET = 10_000


class EntityLink(BaseModel):
    """Another entity, by id, IRI and label."""

    id: str
    iri: str
    label: str | None = None


class EntitySummary(EntityLink):
    """One item of a list or search: the entity with its asserted types."""

    types: list[str] = Field(default_factory=list,
                             description="IRIs of the classes the data asserts (not inferred)")
    matched: str | None = Field(None, description="The label or alias that matched (search)")
    score: float | None = Field(None, description="Search relevance (higher is better)")
    members: list[EntityLink] | None = Field(
        None, description="With resolved=true: the records resolved into this actor (empty "
        "for a record in no actor)")


class EvidenceReport(EntityLink):
    """An intelligence report supporting a link, with its Admiralty grades and marking."""

    reliability: str | None = None
    credibility: str | None = None
    marking: str | None = None


class BatchGrade(BaseModel):
    """The loaded batch a link comes from, as graded and marked when it was loaded."""

    batch: str
    graph: str
    source: str | None = None
    agency: str | None = None
    marking: str | None = None
    reliability: str | None = None
    credibility: str | None = None


class NeighbourLink(BaseModel):
    """One link in or out of an entity."""

    direction: Literal["in", "out"]
    property: str = Field(description="The linking property's IRI")
    other: EntityLink
    graphs: list[str] = Field(description="The batches (named graphs) that assert the link")
    evidence: list[EvidenceReport] = Field(
        default_factory=list, description="Intelligence reports supporting the link")
    batches: list[BatchGrade] = Field(
        default_factory=list, description="Catalog grades of the batches asserting the link")
    inferred: bool = Field(
        default=False, description="Only materialized by reasoning (in a batch's /inferred "
        "graph), stated by no batch; such a link carries no evidence of its own")
    via: list[str] | None = Field(
        None, description="With resolved=true: the actor's members that have this link")


class Neighbours(BaseModel):
    """A page of an entity's links (filtered by relation and direction when asked)."""

    id: str
    iri: str
    total: int = Field(description="Links matching the filters, over all pages")
    limit: int
    offset: int
    truncated: bool = Field(description="The store held more links than one answer reads")
    members: list[EntityLink] | None = Field(
        None, description="With resolved=true: the actor's records whose links these are")
    links: list[NeighbourLink]


class ProvenanceValue(BaseModel):
    """One value of a resolved actor's property and the members that state it."""

    value: Any
    members: list[str]


class BulkRequest(BaseModel):
    """Entity ids to read in one request."""

    ids: list[str] = Field(min_length=1, max_length=100,
                           description="Short ids (or ~ and base64url IRIs), at most 100",
                           examples=[["organization/demo/valle-dorado", "person/demo/x"]])


class BulkAnswer(BaseModel):
    items: list[dict[str, Any]] = Field(
        description="Each found entity as its class's GET returns it, plus 'class' (its slug)")
    missing: list[str] = Field(description="Ids not found (or not visible to you)")


#: Names of the models above: a class named like one gets an ``Entity`` suffix.
HELPER_NAMES = frozenset({"EntityLink", "EntitySummary", "EvidenceReport", "BatchGrade",
                          "NeighbourLink", "Neighbours", "BulkRequest", "BulkAnswer", "Problem",
                          "ProvenanceValue",
                          # api.routes.ingest_models and api.routes.listing_models
                          "QuarantineReason", "QuarantinedRecord", "IngestLinks", "IngestAnswer",
                          "Uploader", "BatchStatus", "QuarantineLinks", "BatchQuarantine",
                          "PropertyInfo", "ClassInfo", "QueryParameterInfo", "SavedQueryInfo",
                          "SelectAnswer", "AskAnswer", "ChangeLinks", "ChangeEvent",
                          "ChangesPage"})


def model_name(cls: ClassSpec) -> str:
    """A unique, valid model name from the slug (``criminal-organization``).

    >>> from ipas.facade.model import ClassSpec
    >>> model_name(ClassSpec("urn:x", "X", "criminal-organization", "", "", (), ()))
    'CriminalOrganization'
    >>> model_name(ClassSpec("urn:x", "X", "neighbours", "", "", (), ()))
    'NeighboursEntity'
    """
    name = "".join(p.capitalize() for p in re.split(r"[^A-Za-z0-9]+", cls.slug)) or "Thing"
    return name + "Entity" if name in HELPER_NAMES or name.endswith(("Page", "Search")) else name


def value_type(prop: PropertySpec) -> Any:
    """The JSON value type of one value of ``prop``."""
    if prop.is_link:
        return EntityLink
    base = _PY_TYPES.get(prop.datatype or "", str)
    if prop.values:
        return Literal[tuple(base(v) if base in (int, float) else v for v in prop.values)]
    return float if base is Decimal else base


@lru_cache(maxsize=1024)
def entity_model(cls: ClassSpec) -> type[BaseModel]:
    """The response model of one entity of ``cls``."""
    fields: dict[str, Any] = {
        "id": (str, Field(description="Short id used in this API's paths")),
        "iri": (str, Field(description="The entity's IRI")),
        "label": (str | None, None),
        "types": (list[str], Field(description="IRIs of the entity's classes")),
        "members": (list[EntityLink] | None, Field(
            None, description="With resolved=true: the records merged into this actor")),
        "provenance": (dict[str, list[ProvenanceValue]] | None, Field(
            None, description="With resolved=true: per property, each value with the "
            "members that state it")),
    }
    for prop in cls.properties:
        one = value_type(prop)
        annotation = list[one] if prop.many else one | None  # type: ignore[valid-type]
        fields[prop.name] = (annotation, Field(
            default_factory=list if prop.many else lambda: None,
            title=prop.label, description=f"{prop.description} ({prop.iri})".strip()))
    return create_model(model_name(cls), __doc__=cls.definition or cls.label, **fields)


_RESOLVED: Any = (dict[str, list[str]] | None, Field(
    None, description="With resolved=true: each actor on the page and its members' IRIs"))


@lru_cache(maxsize=1024)
def page_model(cls: ClassSpec) -> type[BaseModel]:
    fields: dict[str, Any] = {
        "class": (str, ...), "total": (int, ...), "limit": (int, ...), "offset": (int, ...),
        "items": (list[EntitySummary], ...), "resolved": _RESOLVED}
    return create_model(f"{model_name(cls)}Page", __doc__=f"A page of {cls.label} entities",
                        **fields)


@lru_cache(maxsize=1024)
def search_model(cls: ClassSpec) -> type[BaseModel]:
    fields: dict[str, Any] = {
        "class": (str, ...), "q": (str, ...), "total": (int, ...), "limit": (int, ...),
        "offset": (int, ...), "items": (list[EntitySummary], ...), "resolved": _RESOLVED}
    return create_model(f"{model_name(cls)}Search", **fields)


def sort_values(cls: ClassSpec) -> tuple[str, ...]:
    names = ["label", *(p.name for p in cls.properties if not p.many and not p.is_link)]
    return tuple(v for n in names for v in (n, f"-{n}"))
