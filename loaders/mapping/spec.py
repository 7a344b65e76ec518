"""The declarative mapping language: a YAML document read into typed, checked rules.

A mapping says, per entity, which class it has, how its stable key is built from a row
(``{column}`` templates), and which property each column feeds (with a datatype, a language,
a link to another entity of the same row, or a value map onto IRIs). See docs/loaders.md.

>>> m = parse_mapping('''
... source: {name: demo, format: csv}
... entities:
...   port:
...     class: rdfs:Resource
...     key: "{code}"
...     properties:
...       rdfs:label: {column: name, lang: en}
... ''', "demo.yaml")
>>> m.entities[0].key, m.entities[0].properties[0].column
('{code}', 'name')
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

import yaml
from rdflib import URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from ipas.errors import BadInput
from loaders.mapping.transforms import STEPS

PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "prov": str(PROV),
}
FORMATS = ("csv", "json", "jsonl", "xml")
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_VALUE_KEYS = {"column", "template", "value", "term", "datatype", "lang", "iri", "entity", "map",
               "split", "required", "ref", "coalesce", "transform", "lookup", "date_format",
               "country", "concat", "join", "currency"}
_ENTITY_KEYS = {"class", "key", "kind", "properties", "each", "when"}


def _ontology_prefix() -> dict[str, str]:
    try:
        from ipas.namespace import IPAS  # generated from ontology/ by H1's generator
    except ImportError:  # pragma: no cover - only before the ontology exists
        return {}
    return {"ipas": str(IPAS)}


@dataclass(frozen=True)
class Ref:
    """A link to an entity named by key (possibly from another mapping or source)."""

    kind: str
    source: str
    key: str


@dataclass(frozen=True)
class PropertyRule:
    """One ``property: {...}`` line: where the value comes from and what term it becomes."""

    predicate: URIRef
    column: str | None = None
    template: str | None = None
    value: str | None = None
    datatype: URIRef | None = None
    lang: str | None = None
    iri: bool = False
    entity: str | None = None
    ref: Ref | None = None
    term: URIRef | None = None
    value_map: dict[str, URIRef] = field(default_factory=dict)
    split: str | None = None
    required: bool = False
    coalesce: tuple[str, ...] = ()  # columns tried in order: the first with a value
    concat: tuple[str, ...] = ()  # columns whose values are joined into one
    join: str = " "  # the separator of concat
    transform: tuple[str, ...] = ()  # strip, upper, lower, title, collapse (in order)
    lookup: dict[str, str] = field(default_factory=dict)  # source wording -> value
    date_format: tuple[str, ...] = ()  # strptime formats -> ISO date
    country: bool = False  # the value names a country: the shared ISO 3166 country node
    currency: bool = False  # the value names a currency: its ISO 4217 code


@dataclass(frozen=True)
class EntityRule:
    """One entity of a row: its class, the key template and the kind segment of its IRI."""

    name: str
    classes: tuple[URIRef, ...]
    key: str
    kind: str
    properties: tuple[PropertyRule, ...]
    each: str | None = None  # one entity per value of this column (one-to-many)
    each_split: str | None = None  # ... after splitting a cell on this separator
    when: tuple[str, frozenset[str]] | None = None  # made only if this column holds one of these


@dataclass(frozen=True)
class Mapping:
    """A whole mapping document."""

    source_name: str
    format: str
    delimiter: str
    records: str | None
    null_values: frozenset[str]
    files: tuple[str, ...]
    entities: tuple[EntityRule, ...]
    encoding: str | None = None


class _Reader:
    def __init__(self, where: str, prefixes: dict[str, str]) -> None:
        self.where = where
        self.prefixes = prefixes

    def fail(self, message: str, path: str) -> BadInput:
        return BadInput(message, source=self.where, field=path)

    def curie(self, text: Any, path: str) -> URIRef:
        if not isinstance(text, str) or ":" not in text:
            raise self.fail(f"expected a prefixed name such as ipas:Person, got {text!r}", path)
        prefix, _, local = text.partition(":")
        if prefix in ("http", "https") or local.startswith("//"):
            return URIRef(text)
        if prefix not in self.prefixes:
            raise self.fail(f"unknown prefix {prefix!r}", path)
        return URIRef(self.prefixes[prefix] + local)

    def template(self, text: Any, path: str) -> str:
        if not isinstance(text, str) or not text:
            raise self.fail("expected a non-empty template string", path)
        try:
            list(string.Formatter().parse(text))
        except ValueError as exc:
            raise self.fail(f"bad template: {exc}", path) from exc
        return text

    def prop(self, pred: str, spec: Any, path: str) -> PropertyRule:
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, dict):
            raise self.fail("expected a column name or a mapping", path)
        unknown = set(spec) - _VALUE_KEYS
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(sorted(unknown))}", path)
        kinds = ("column", "template", "value", "term", "entity", "ref", "coalesce", "concat")
        sources = [k for k in kinds if k in spec]
        if len(sources) != 1:
            raise self.fail(f"give exactly one of {', '.join(kinds)}", path)
        for key in ("coalesce", "concat"):
            if key in spec and (not isinstance(spec[key], list) or not spec[key]):
                raise self.fail(f"{key} is a list of columns", f"{path}.{key}")
        steps = spec.get("transform") or []
        steps = [steps] if isinstance(steps, str) else steps
        bad = [s for s in steps if s not in STEPS]
        if bad:
            raise self.fail(f"unknown transform(s) {', '.join(map(str, bad))}; "
                            f"known: {', '.join(STEPS)}", path + ".transform")
        formats = spec.get("date_format") or []
        formats = [formats] if isinstance(formats, str) else formats
        coalesce = spec.get("coalesce") or []
        lookup = spec.get("lookup") or {}
        if not isinstance(lookup, dict):
            raise self.fail("lookup is a table of source value -> value", path + ".lookup")
        ref = None
        if "ref" in spec:
            r = spec["ref"]
            if not isinstance(r, dict) or not {"kind", "key"} <= set(r):
                raise self.fail("ref needs kind and key (and optionally source)", path + ".ref")
            ref = Ref(str(r["kind"]), str(r.get("source", "")), self.template(r["key"], path))
        vmap = {
            str(k): self.curie(v, f"{path}.map.{k}") for k, v in (spec.get("map") or {}).items()
        }
        return PropertyRule(
            predicate=self.curie(pred, path),
            column=spec.get("column"),
            template=self.template(spec["template"], path) if "template" in spec else None,
            value=None if spec.get("value") is None else str(spec["value"]),
            datatype=self.curie(spec["datatype"], path) if "datatype" in spec else None,
            lang=spec.get("lang"),
            iri=bool(spec.get("iri", False)) or bool(vmap),
            entity=spec.get("entity"),
            ref=ref,
            term=self.curie(spec["term"], f"{path}.term") if "term" in spec else None,
            value_map=vmap,
            split=spec.get("split"),
            required=bool(spec.get("required", False)),
            coalesce=tuple(str(c) for c in coalesce),
            concat=tuple(str(c) for c in spec.get("concat") or ()),
            join=str(spec.get("join", " ")),
            transform=tuple(str(s) for s in steps),
            lookup={str(k): str(v) for k, v in lookup.items()},
            date_format=tuple(str(f) for f in formats),
            country=bool(spec.get("country", False)),
            currency=bool(spec.get("currency", False)),
        )

    def entity(self, name: str, spec: Any) -> EntityRule:
        path = f"entities.{name}"
        if not _NAME.match(name) or not isinstance(spec, dict):
            raise self.fail("entity names are lower-case words mapping to a dict", path)
        raw_classes = spec.get("class")
        classes = raw_classes if isinstance(raw_classes, list) else [raw_classes]
        props = spec.get("properties") or {}
        unknown = set(spec) - _ENTITY_KEYS
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(sorted(unknown))}", path)
        each = spec.get("each")
        if each is not None and not (isinstance(each, str) or (
                isinstance(each, dict) and isinstance(each.get("column"), str))):
            raise self.fail("each is a column, or {column: ..., split: ...}", path + ".each")
        when = spec.get("when")
        if when is not None and not (isinstance(when, dict) and isinstance(when.get("column"), str)
                                     and "equals" in when):
            raise self.fail("when is {column: ..., equals: value or [values]}", path + ".when")
        if not isinstance(props, dict):
            raise self.fail("properties must be a mapping of predicate -> value", path)
        return EntityRule(
            name=name,
            classes=tuple(self.curie(c, f"{path}.class") for c in classes),
            key=self.template(spec.get("key"), f"{path}.key"),
            kind=str(spec.get("kind", name)),
            properties=tuple(
                self.prop(p, one, f"{path}.properties.{p}")
                for p, v in props.items() for one in (v if isinstance(v, list) else [v])
            ),
            each=str(each.get("column")) if isinstance(each, dict) else each,
            each_split=str(each["split"]) if isinstance(each, dict) and each.get("split") else None,
            when=None if when is None else (str(when["column"]), frozenset(
                str(v) for v in (when["equals"] if isinstance(when["equals"], list)
                                 else [when["equals"]]))),
        )


def _delimiter(value: Any, reader: _Reader) -> str:
    text = {"tab": "\t", "\\t": "\t"}.get(str(value), str(value))
    if len(text) != 1:
        raise reader.fail("source.delimiter is one character (or 'tab')", "source.delimiter")
    return text


def parse_mapping(text: str, where: str) -> Mapping:
    """Read and check a mapping document; errors name the offending field."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BadInput(
            "mapping is not valid YAML", source=where, line=mark.line + 1 if mark else None
        ) from exc
    if not isinstance(doc, dict):
        raise BadInput("a mapping is a YAML mapping with source and entities", source=where)
    prefixes = {**PREFIXES, **_ontology_prefix(), **(doc.get("prefixes") or {})}
    reader = _Reader(where, prefixes)
    src = doc.get("source") or {}
    name, fmt = src.get("name"), src.get("format", "csv")
    if not isinstance(name, str) or not _NAME.match(name):
        raise reader.fail("source.name must be a short lower-case name", "source.name")
    if fmt not in FORMATS:
        raise reader.fail(f"source.format must be one of {', '.join(FORMATS)}", "source.format")
    if fmt == "xml" and not src.get("records"):
        raise reader.fail("an XML source needs source.records, the path of its record "
                          "elements (e.g. CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL)",
                          "source.records")
    entities = doc.get("entities")
    if not isinstance(entities, dict) or not entities:
        raise reader.fail("at least one entity is needed", "entities")
    rules = tuple(reader.entity(str(n), s) for n, s in entities.items())
    known = {r.name for r in rules}
    for rule in rules:
        for p in rule.properties:
            if p.entity is not None and p.entity not in known:
                raise reader.fail(f"unknown entity {p.entity!r}", f"entities.{rule.name}")
    files = src.get("files") or []
    return Mapping(
        source_name=name,
        format=fmt,
        delimiter=_delimiter(src.get("delimiter", ","), reader),
        records=src.get("records"),
        null_values=frozenset(str(v) for v in src.get("null_values", ["", "-0-"])),
        files=tuple(str(f) for f in ([files] if isinstance(files, str) else files)),
        entities=rules,
        encoding=str(src["encoding"]) if src.get("encoding") else None,
    )
