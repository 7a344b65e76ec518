"""FollowTheMoney JSON lines and OpenSanctions delta streams, read into entity operations.

A plain export line is an entity; a delta line is ``{"op": "ADD"|"MOD"|"DEL", "entity": ...}``.
A folder holding ``delta.json`` (OpenSanctions' index of releases) is read release by release,
oldest first, so that the operations apply in the order they were published. OpenSanctions'
``targets.nested.json`` writes related entities inside their target's properties (a person's
``sanctions``, ``addressEntity``, ``ownershipOwner``...): each nested entity is read as an
entity of its own, at the line of the target, and its place in the property is its id.

>>> ops = list(parse_lines('{"op": "DEL", "entity": {"id": "NK-1"}}\\n', "d.json"))
>>> ops[0].op, ops[0].entity_id, ops[0].position.line
('DEL', 'NK-1', 1)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from ipas.sources import Rejected, SourcePosition
from loaders._source import RAW_PREVIEW_CHARS, escape_raw, open_lines, read_text, undecodable

OPS = ("ADD", "MOD", "DEL")
DELTA_INDEX = "delta.json"
DELTA_FILE = "entities.delta.json"


@dataclass(frozen=True)
class EntityOp:
    """One operation on one entity: an export line is an ADD; DEL carries no proxy."""

    op: str
    entity_id: str
    proxy: EntityProxy | None
    position: SourcePosition
    delta: bool = False
    caption: str | None = None  # the publisher's display name, when the line carries one
    #: The publisher's statements about the entity beside its properties (OpenSanctions:
    #: ``datasets``, ``referents``, ``first_seen``, ``last_seen``, ``last_change``, ``target``).
    meta: tuple[tuple[str, str], ...] = ()


#: Top-level fields of an OpenSanctions entity kept with it (the others are FTM's own).
META_FIELDS = ("datasets", "referents", "first_seen", "last_seen", "last_change", "target")


def meta_of(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """``(field, value)`` pairs of the publisher's top-level fields, lists flattened.

    >>> meta_of({"datasets": ["us_ofac_sdn", "eu_fsf"], "target": True, "id": "x"})
    (('datasets', 'us_ofac_sdn'), ('datasets', 'eu_fsf'), ('target', 'true'))
    """
    out: list[tuple[str, str]] = []
    for name in META_FIELDS:
        value = data.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, bool):
                out.append((name, str(item).lower()))
            elif isinstance(item, str | int | float) and str(item).strip():
                out.append((name, str(item)))
    return tuple(out)


def _proxy(data: Any) -> EntityProxy:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        raise InvalidData("entity has no id")
    if model.get(data.get("schema") or "") is None:
        raise InvalidData(f"unknown schema {data.get('schema')!r}")
    return model.get_proxy(data, cleaned=False)


def flatten(data: dict[str, Any]) -> list[dict[str, Any]]:
    """An entity whose property values may be nested entities (``targets.nested.json``) ->
    the entity with those values replaced by their ids, then every nested entity, depth first.

    >>> [(e["id"], e["properties"]) for e in flatten({"id": "p", "schema": "Person",
    ...     "properties": {"sanctions": [{"id": "s", "schema": "Sanction",
    ...                                   "properties": {"entity": ["p"]}}]}})]
    [('p', {'sanctions': ['s']}), ('s', {'entity': ['p']})]
    """
    props = data.get("properties")
    if not isinstance(props, dict):
        return [data]
    nested: list[dict[str, Any]] = []
    flat: dict[str, Any] = {}
    for name, values in props.items():
        out = []
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                nested.extend(flatten(value))
                out.append(value["id"])
            else:
                out.append(value)
        flat[name] = out
    return [{**data, "properties": flat}, *nested]


def parse_lines(text: str | Iterable[str], source: str) -> Iterator[EntityOp | Rejected]:
    """Operations from JSON-lines ``text``, each with its line; bad lines become Rejected.

    ``text`` is a whole text or its lines as :func:`~loaders._source.open_lines` streams them:
    one entity is parsed at a time, so a multi-GB export never sits in memory.
    """
    lines = text.splitlines() if isinstance(text, str) else (ln.rstrip("\r\n") for ln in text)
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        raw = escape_raw(line)[:RAW_PREVIEW_CHARS]
        bad = undecodable(line)
        if bad is not None:
            yield Rejected(SourcePosition(source, n), bad, raw)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(SourcePosition(source, n), f"invalid JSON: {exc.msg}", raw)
            continue
        if not isinstance(obj, dict):
            yield Rejected(SourcePosition(source, n), "a line must be a JSON object", raw)
            continue
        op = obj.get("op", "ADD") if "entity" in obj or "op" in obj else "ADD"
        data = obj.get("entity") if "op" in obj else obj
        entity_id = data.get("id") if isinstance(data, dict) else None
        pos = SourcePosition(source, n, entity_id if isinstance(entity_id, str) else None)
        if op not in OPS:
            yield Rejected(pos, f"unknown delta op {op!r}", raw)
            continue
        if op == "DEL":
            if not isinstance(entity_id, str) or not entity_id:
                yield Rejected(pos, "DEL without an entity id", raw)
            else:
                yield EntityOp(op, entity_id, None, pos, delta=True)
            continue
        for n_data in flatten(data) if isinstance(data, dict) else [data]:
            n_id = n_data.get("id") if isinstance(n_data, dict) else None
            n_pos = pos if n_data is data else SourcePosition(
                source, n, n_id if isinstance(n_id, str) else None)
            try:
                proxy = _proxy(n_data)
            except InvalidData as exc:
                yield Rejected(n_pos, f"not a FollowTheMoney entity: {exc}", raw)
                continue
            given = n_data.get("caption") if isinstance(n_data, dict) else None
            caption = given if isinstance(given, str) else None
            yield EntityOp(op, proxy.id or "", proxy, n_pos, delta="op" in obj, caption=caption,
                           meta=meta_of(n_data) if isinstance(n_data, dict) else ())


def delta_files(index: Path) -> Iterator[Path | Rejected]:
    """The release files a ``delta.json`` lists, oldest first; absent releases are reported."""
    try:
        versions = json.loads(read_text(index)).get("versions") or {}
    except (json.JSONDecodeError, AttributeError):
        yield Rejected(SourcePosition(index.name, 1), "delta.json is not a delta index")
        return
    for version in sorted(versions):
        path = index.parent / version / DELTA_FILE
        if path.is_file():
            yield path
        else:
            yield Rejected(
                SourcePosition(index.name, None, version),
                f"release {version} is listed but {version}/{DELTA_FILE} is absent",
            )


def expand(paths: Sequence[Path]) -> Iterator[Path | Rejected]:
    """Input files in reading order: a folder with ``delta.json`` is a stream of releases."""
    for path in paths:
        if path.is_dir():
            index = path / DELTA_INDEX
            if index.is_file():
                yield from delta_files(index)
            else:
                yield from sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl"))
        elif path.name == DELTA_INDEX:
            yield from delta_files(path)
        else:
            yield path


def read_ops(
    paths: Sequence[Path], encoding: str | None = None
) -> Iterator[EntityOp | Rejected]:
    """Every operation of ``paths`` in order, positions naming ``release/file`` for deltas."""
    for item in expand(paths):
        if isinstance(item, Rejected):
            yield item
            continue
        name = f"{item.parent.name}/{item.name}" if item.name == DELTA_FILE else item.name
        yield from parse_lines(open_lines(item, encoding), name)
