"""The trade.gov Consolidated Screening List (``csl.csv``): one header row, one entry per row.

Each row is turned into the same :class:`~loaders.ofac.files.Entry` the legacy files give, its
list columns rewritten as OFAC remarks (``DOB ...; POB ...; Tax ID No. ...``), so one mapping
serves both. Rows whose column count differs from the header's are rejected with their line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ipas.errors import BadInput
from ipas.sources import Record, Rejected, SourcePosition
from loaders._iri import digest_key
from loaders._source import csv_dicts, read_text
from loaders.ofac.files import Address, Alias, Entry, null
from loaders.ofac.mapping import map_entry

REQUIRED = ("source", "entity_number", "type", "programs", "name")
TYPES = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft", "entity": None}


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _remarks(row: dict[str, str | None]) -> str:
    parts = [row.get("remarks") or ""]
    for column, label in (
        ("dates_of_birth", "DOB"), ("places_of_birth", "POB"),
        ("nationalities", "nationality"), ("citizenships", "citizen"),
    ):
        parts += [f"{label} {v}" for v in _list(row.get(column))]
    for ident in _list(row.get("ids")):
        value, _, scheme = ident.partition(",")
        if scheme.strip() and value.strip():
            parts.append(f"{scheme.strip()} {value.strip()}")
    return "; ".join(p for p in parts if p)


def csl_entry(row: dict[str, str | None], pos: SourcePosition) -> Entry:
    """The legacy-shaped entry of one CSL row (key: entity_number, else name and list)."""
    fallback = "csl-" + digest_key(row.get("source") or "", row["name"] or "")
    key = row.get("entity_number") or fallback
    entry = Entry(
        "csl", key, row["name"] or "", TYPES.get((row.get("type") or "entity").lower()),
        _list(row.get("programs")), row.get("title"),
        {k: v for k in ("call_sign", "vessel_type", "vessel_flag", "vessel_owner")
         if (v := row.get(k))},
        _remarks(row), SourcePosition(pos.source, pos.line, key),
    )
    if "vessel_flag" in entry.vessel:
        entry.vessel["flag"] = entry.vessel.pop("vessel_flag")
    entry.addresses = [
        Address(str(n), text, None, None, None, pos)
        for n, text in enumerate(_list(row.get("addresses")), start=1)
    ]
    entry.aliases = [
        Alias(str(n), "aka", text, None, pos) for n, text in enumerate(_list(row.get("alt_names")))
    ]
    return entry


def read_csl(path: Path, encoding: str | None = None) -> Iterator[Record | Rejected]:
    """Records of a CSL file; a file without the CSL header is rejected as a whole."""
    try:
        header, rows = csv_dicts(read_text(path, encoding), path.name, REQUIRED)
    except BadInput as exc:
        yield Rejected(SourcePosition(path.name, exc.detail.get("line")), exc.message)
        return
    for row in rows:
        pos = SourcePosition(path.name, row.line)
        if row.error or len(row.fields) != len(header):
            reason = row.error or f"expected {len(header)} columns, found {len(row.fields)}"
            yield Rejected(pos, reason, row.raw)
            continue
        values = {h: null(v) for h, v in zip(header, row.fields, strict=True)}
        if not values.get("name"):
            yield Rejected(pos, "name is empty", row.raw)
            continue
        entry = csl_entry(values, pos)
        mapped = map_entry(entry, {})
        yield Record(entry.position, mapped.graph, frozenset(mapped.subjects))
