"""``mapping``: any CSV or JSON source mapped by a declarative YAML document (docs/loaders.md).

Give the mapping and the data together (``ipas load people.yaml people.csv --format
mapping``), or the mapping alone when it lists its ``source.files`` (paths relative to the
mapping file, never outside its folder).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from ipas.errors import BadInput, Refused
from ipas.sources import Loader, LoadOptions, Record, Rejected, SourcePosition
from loaders._source import csv_dicts, escape_raw, open_lines, read_text, undecodable
from loaders.mapping.engine import RowValues, run_mapping
from loaders.mapping.spec import Mapping, parse_mapping
from loaders.mapping.xml import xml_records

MAPPING_SUFFIXES = (".yaml", ".yml")


def _csv(
    m: Mapping, text: str | Iterable[str], source: str
) -> Iterator[tuple[int, RowValues] | Rejected]:
    header, rows = csv_dicts(text, source, delimiter=m.delimiter)
    for row in rows:
        if row.error or len(row.fields) != len(header):
            reason = row.error or f"expected {len(header)} columns, found {len(row.fields)}"
            yield Rejected(SourcePosition(source, row.line), reason, row.raw)
            continue
        yield row.line, dict(zip(header, row.fields, strict=True))


def _json(
    m: Mapping, text: str | Iterable[str], source: str
) -> Iterator[tuple[int, RowValues] | Rejected]:
    if m.format == "jsonl":
        lines = (text.splitlines() if isinstance(text, str)
                 else (ln.rstrip("\r\n") for ln in text))
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            bad = undecodable(line)
            if bad is not None:
                yield Rejected(SourcePosition(source, n), bad, escape_raw(line)[:500])
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejected(SourcePosition(source, n), f"invalid JSON: {exc.msg}", line[:500])
                continue
            if isinstance(obj, dict):
                yield n, obj
            else:
                pos = SourcePosition(source, n)
                yield Rejected(pos, "a line must be a JSON object", line[:500])
        return
    try:
        doc: Any = json.loads(text if isinstance(text, str) else "".join(text))
    except json.JSONDecodeError as exc:
        raise BadInput(f"invalid JSON: {exc.msg}", source=source, line=exc.lineno) from exc
    for part in (m.records or "").split("."):
        if part:
            doc = doc.get(part) if isinstance(doc, dict) else None
    if not isinstance(doc, list):
        raise BadInput("source.records does not lead to a JSON array", source=source)
    for n, obj in enumerate(doc, start=1):
        if isinstance(obj, dict):
            yield n, obj  # JSON arrays have no useful line: the position is the item number
        else:
            yield Rejected(SourcePosition(source, n), "array item is not an object")


def _data_files(mapping_path: Path, m: Mapping) -> list[Path]:
    root = mapping_path.resolve().parent
    out = []
    for name in m.files:
        path = (root / name).resolve()
        if Path(name).is_absolute() or not path.is_relative_to(root):
            raise Refused("mapping files must lie beside the mapping", source=mapping_path.name,
                          field="source.files")
        out.append(path)
    return out


class MappingLoader(Loader):
    """A generic engine for declarative YAML mappings of CSV, JSON and JSON-lines sources."""

    name = "mapping"
    summary = "Any CSV/JSON source through a declarative YAML mapping (docs/loaders.md)"
    extensions: ClassVar[tuple[str, ...]] = ()

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        maps = [p for p in paths if p.suffix.lower() in MAPPING_SUFFIXES]
        data = [p for p in paths if p.suffix.lower() not in MAPPING_SUFFIXES]
        if len(maps) != 1:
            raise BadInput("give exactly one mapping file (.yaml) with --format mapping",
                           field="paths")
        m = parse_mapping(read_text(maps[0]), maps[0].name)
        for path in data or _data_files(maps[0], m):
            encoding = options.encoding or m.encoding
            # CSV and JSON lines stream line by line; an XML or JSON document is parsed whole.
            text: str | Iterator[str] = (
                open_lines(path, encoding) if m.format in ("csv", "jsonl")
                else read_text(path, encoding))
            if m.format == "csv":
                rows = _csv(m, text, path.name)
            elif m.format == "xml":
                rows = xml_records(str(text), m.records or "", path.name)
            else:
                rows = _json(m, text, path.name)
            for item in rows:
                if isinstance(item, Rejected):
                    yield item
                else:
                    yield from run_mapping(m, [item], path.name)
