"""``stix``: STIX 2.1 JSON (a bundle or a single bare object), parsed offline with ``stix2``.

Every object is checked with ``stix2.parse`` (no remote lookups: marking definitions are
resolved from the file itself and the well-known TLP ids), then mapped by
:mod:`loaders.stix.mapping`. Positions name the file, the line where the object's ``"id"``
appears and the STIX id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import stix2
from stix2.exceptions import STIXError

from ipas.sources import Loader, LoadOptions, Record, Rejected, SourcePosition, Triples
from loaders._source import RAW_PREVIEW_CHARS, escape_raw, read_text, undecodable
from loaders.stix.mapping import (
    SIGHTINGS,
    Context,
    map_object,
    read_marking,
    read_statement,
    stricter_marking,
)

_ID = re.compile(r'"id"\s*:\s*"([^"]+)"')


def id_lines(text: str) -> dict[str, int]:
    """The line where each ``"id": "..."`` first appears (the object's own id comes first).

    >>> id_lines('{\\n  "id": "a--1",\\n  "x": 1\\n}')
    {'a--1': 2}
    """
    out: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        for m in _ID.finditer(line):
            out.setdefault(m.group(1), n)
    return out


def objects_of(doc: Any) -> list[Any]:
    """The objects of a bundle, or the one bare object (a list of objects is accepted too)."""
    if isinstance(doc, dict) and doc.get("type") == "bundle":
        return list(doc.get("objects") or [])
    return doc if isinstance(doc, list) else [doc]


def spec_version(obj: dict[str, Any]) -> str:
    """The STIX version an object is written in: 2.1 objects state ``spec_version``; STIX 2.0
    domain and relationship objects (older feeds and reports, in a bundle whose
    ``spec_version`` is "2.0") do not; 2.1 observables may leave it out, but have no
    ``created``.

    >>> spec_version({"type": "identity", "created": "2017-01-01T00:00:00Z"})
    '2.0'
    >>> spec_version({"spec_version": "2.1"}), spec_version({"type": "ipv4-addr"})
    ('2.1', '2.1')
    """
    return "2.0" if "spec_version" not in obj and "created" in obj else "2.1"


def as_21(obj: dict[str, Any]) -> dict[str, Any]:
    """A STIX 2.0 object read as its 2.1 counterpart for mapping: 2.0's ``labels`` held the
    threat-actor, malware and tool types, and indicators had only STIX patterns.

    >>> as_21({"type": "threat-actor", "created": "2017-01-01T00:00:00Z",
    ...        "labels": ["crime-syndicate"]})["threat_actor_types"]
    ['crime-syndicate']
    """
    if spec_version(obj) == "2.1":
        return obj
    out = dict(obj)
    for kind in ("threat-actor", "malware", "tool"):
        key = f"{kind.replace('-', '_')}_types"
        if obj.get("type") == kind and key not in obj:
            out[key] = list(obj.get("labels") or [])
    if obj.get("type") == "indicator" and "pattern_type" not in obj:
        out["pattern_type"] = "stix"
    return out


def _valid(obj: dict[str, Any]) -> bool:
    try:
        stix2.parse(obj, allow_custom=True, version=spec_version(obj))
    except STIXError:
        return False
    return True


def _context(objects: list[Any], options: LoadOptions) -> Context:
    ctx = Context(options=options)
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        if obj.get("type") == "marking-definition" and _valid(obj):
            tlp = read_marking(obj)
            statement = read_statement(obj)
            if tlp is not None and isinstance(obj.get("id"), str):
                ctx.markings[obj["id"]] = tlp
            elif statement is not None and isinstance(obj.get("id"), str):
                ctx.statements[obj["id"]] = statement
        elif obj.get("type") == "identity" and isinstance(obj.get("id"), str):
            ctx.identity_classes[obj["id"]] = str(obj.get("identity_class", ""))
        ctx.note(as_21(obj))
        if isinstance(obj.get("id"), str):
            ctx.present.add(obj["id"])
    # Which objects of the file load, so that a link or report points only at those:
    # relationships are read after the objects they link, reports last (they cite both).
    for obj in sorted((o for o in objects if isinstance(o, dict)),
                      key=lambda o: (o.get("type") in ("relationship", *SIGHTINGS),
                                     o.get("type") == "report")):
        if not isinstance(obj.get("id"), str):
            continue
        if obj.get("type") != "marking-definition" and _valid(obj) and not stricter_marking(
                obj, ctx) and not isinstance(map_object(as_21(obj), ctx), str):
            ctx.loaded.add(obj["id"])
    return ctx


def read_file(path: Path, options: LoadOptions) -> Iterator[Record | Rejected]:
    text = read_text(path, options.encoding)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejected(SourcePosition(path.name, exc.lineno), f"invalid JSON: {exc.msg}")
        return
    objects = objects_of(doc)
    lines = id_lines(text)
    ctx = _context(objects, options)
    for n, obj in enumerate(objects, start=1):
        stix_id = obj.get("id") if isinstance(obj, dict) else None
        pos = SourcePosition(path.name, lines.get(stix_id or ""), stix_id or f"object {n}")
        raw = escape_raw(json.dumps(obj, ensure_ascii=False))[:RAW_PREVIEW_CHARS]
        bad = undecodable(json.dumps(obj, ensure_ascii=False))
        if bad is not None:
            yield Rejected(pos, bad, raw)
            continue
        if not isinstance(obj, dict) or "type" not in obj or not stix_id:
            yield Rejected(pos, "not a STIX object (no type or id)", raw)
            continue
        version = spec_version(obj)
        try:
            stix2.parse(obj, allow_custom=True, version=version)
        except STIXError as exc:
            yield Rejected(pos, f"invalid STIX {version} {obj['type']}: {exc}", raw)
            continue
        if obj["type"] == "marking-definition":
            # Consumed above: markings become ipas:marking on the objects that cite them.
            yield Record(pos, Triples(), frozenset())
            continue
        stricter = stricter_marking(obj, ctx)
        mapped = stricter or map_object(as_21(obj), ctx)
        if isinstance(mapped, str):
            yield Rejected(pos, mapped, raw)
        else:
            yield Record(pos, mapped[0], frozenset(mapped[1]))


class StixLoader(Loader):
    """STIX 2.1 bundles and bare objects (identities, actors, indicators, reports...)."""

    name = "stix"
    summary = ("STIX 2.1 JSON: actors, malware, tools, attack patterns, infrastructure, "
               "vulnerabilities, indicators, relationships, reports")
    extensions: ClassVar[tuple[str, ...]] = (".stix.json",)

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        for path in paths:
            files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
            for file in files:
                yield from read_file(file, options)
