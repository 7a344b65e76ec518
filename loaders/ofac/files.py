"""OFAC legacy CSV files: which file plays which part, and their rows joined on ``ent_num``.

The legacy set has no header row. Files are recognised by name (``sdn.csv``, ``add.csv``,
``alt.csv``, ``sdn_comments.csv`` and the consolidated ``cons_prim.csv``, ``cons_add.csv``,
``cons_alt.csv``, ``cons_comments.csv``), or else by the column count of their first record.
Remarks longer than OFAC's column limit continue in the comments file, so a comment is
appended to its entry's remarks verbatim.

>>> null("-0- "), null(" Havana ")
(None, 'Havana')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipas.sources import Rejected, SourcePosition
from loaders._source import Row, csv_rows, open_lines

ROLES_BY_NAME = {
    "sdn.csv": ("sdn", "prim"),
    "add.csv": ("sdn", "add"),
    "alt.csv": ("sdn", "alt"),
    "sdn_comments.csv": ("sdn", "comments"),
    "cons_prim.csv": ("cons", "prim"),
    "cons_add.csv": ("cons", "add"),
    "cons_alt.csv": ("cons", "alt"),
    "cons_comments.csv": ("cons", "comments"),
}
ROLE_BY_WIDTH = {12: "prim", 6: "add", 5: "alt", 2: "comments"}
WIDTH_BY_ROLE = {role: width for width, role in ROLE_BY_WIDTH.items()}
SDN_TYPES = {"individual", "vessel", "aircraft"}


def null(value: str) -> str | None:
    """OFAC's null is ``-0-`` (usually with a trailing space); empty is null too."""
    text = value.strip()
    return None if text in ("", "-0-") else text


@dataclass
class Address:
    add_num: str
    street: str | None
    city: str | None
    country: str | None
    remarks: str | None
    position: SourcePosition


@dataclass
class Alias:
    alt_num: str
    kind: str
    name: str
    remarks: str | None
    position: SourcePosition


@dataclass
class Entry:
    """One list entry (a primary row) with the rows joined to it."""

    list_name: str
    ent_num: str
    name: str
    sdn_type: str | None  # None: an entity (organization)
    programs: list[str]
    title: str | None
    vessel: dict[str, str]
    remarks: str
    position: SourcePosition
    addresses: list[Address] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    has_primary: bool = True
    untyped: bool = False  # the source gave no type (CSL rows): never guessed as Organization


def split_programs(text: str | None) -> list[str]:
    """``"NPWMD] [IFSR"`` (OFAC's multi-programme cell) -> ``['NPWMD', 'IFSR']``.

    >>> split_programs("NPWMD] [IFSR] [IRAN-CON-ARMS-EO")
    ['NPWMD', 'IFSR', 'IRAN-CON-ARMS-EO']
    """
    if not text:
        return []
    return [p.strip(" []") for p in text.split("] [") if p.strip(" []")]


def classify(path: Path, rows: Iterable[Row]) -> tuple[str, str] | None:
    """``(list, role)`` of a legacy CSV file, or None when it is not one."""
    known = ROLES_BY_NAME.get(path.name.lower())
    if known:
        return known
    first = next((r for r in rows if r.error is None), None)
    role = ROLE_BY_WIDTH.get(len(first.fields)) if first else None
    if role is None:
        return None
    return ("cons" if path.name.lower().startswith("cons") else "sdn", role)


def _bad(path: Path, row: Row, reason: str, key: str | None = None) -> Rejected:
    return Rejected(SourcePosition(path.name, row.line, key), reason, row.raw)


def _check(path: Path, role: str, row: Row) -> Rejected | None:
    if row.error:
        return _bad(path, row, row.error)
    width = WIDTH_BY_ROLE[role]
    if len(row.fields) != width:
        return _bad(path, row, f"expected {width} columns, found {len(row.fields)}")
    if not row.fields[0].strip().isdigit():
        return _bad(path, row, f"ent_num {row.fields[0][:40]!r} is not a number")
    if role in ("add", "alt") and not row.fields[1].strip().isdigit():
        return _bad(path, row, "row number (column 2) is not a number", row.fields[0].strip())
    return None


@dataclass
class ListSet:
    """The files of one list (SDN or consolidated) read into entries keyed by ent_num."""

    name: str
    entries: dict[str, Entry] = field(default_factory=dict)
    has_primary: bool = False
    orphans: dict[str, Entry] = field(default_factory=dict)

    def entry(self, ent_num: str, position: SourcePosition) -> Entry | None:
        found = self.entries.get(ent_num)
        if found is not None or self.has_primary:
            return found
        # Secondary files given without their primary: they extend entries loaded before.
        if ent_num not in self.orphans:
            self.orphans[ent_num] = Entry(
                self.name, ent_num, "", None, [], None, {}, "", position, has_primary=False
            )
        return self.orphans[ent_num]


def _primary(path: Path, ls: ListSet, row: Row) -> Rejected | None:
    f = [null(v) for v in row.fields]
    ent = row.fields[0].strip()
    if not f[1]:
        return _bad(path, row, "SDN_Name is empty", ent)
    sdn_type = f[2].lower() if f[2] else None
    if sdn_type is not None and sdn_type not in SDN_TYPES:
        return _bad(path, row, f"unknown SDN_Type {f[2]!r}", ent)
    if ent in ls.entries:
        return _bad(path, row, f"ent_num {ent} appears twice", ent)
    vessel = {
        k: v
        for k, v in zip(
            ("call_sign", "vessel_type", "tonnage", "grt", "flag", "owner"), f[5:11], strict=True
        )
        if v
    }
    ls.entries[ent] = Entry(
        ls.name, ent, f[1] or "", sdn_type, split_programs(f[3]), f[4], vessel, f[11] or "",
        SourcePosition(path.name, row.line, ent),
    )
    return None


def read_lists(
    paths: Sequence[Path], encoding: str | None = None
) -> tuple[dict[str, ListSet], list[Path], Iterator[Rejected]]:
    """Read every legacy file in ``paths``; also returns the files that are not legacy CSV
    and the rejections (collected: :func:`stream_lists` hands them on as it reads)."""
    rejected: list[Rejected] = []
    stream = stream_lists(paths, encoding)
    while True:
        try:
            rejected.append(next(stream))
        except StopIteration as done:
            lists, others = done.value
            return lists, others, iter(rejected)


def stream_lists(
    paths: Sequence[Path], encoding: str | None = None
) -> Generator[Rejected, None, tuple[dict[str, ListSet], list[Path]]]:
    """Read every legacy file in ``paths``, yielding each rejection as it is found; the
    generator's value is the lists read and the files that are not legacy CSV.

    The files stream, row by row; what is held is the join itself: an ``Entry`` per entity
    number, which add/alt/comments rows of later files complete (their rows are not kept,
    and neither are the rejections: a caller passes them on as they come).
    A file is classified from its name or its first readable row, then read again in turn.
    """
    lists: dict[str, ListSet] = {}
    files: dict[tuple[str, str], list[Path]] = defaultdict(list)
    others: list[Path] = []
    for path in paths:
        kind = classify(path, csv_rows(open_lines(path, encoding), path.name))
        if kind is None:
            others.append(path)
            continue
        files[kind].append(path)
        lists.setdefault(kind[0], ListSet(kind[0])).has_primary |= kind[1] == "prim"
    for role in ("prim", "comments", "add", "alt"):
        for (list_name, file_role), found in files.items():
            if file_role != role:
                continue
            for path in found:
                rows = csv_rows(open_lines(path, encoding), path.name)
                yield from _read_rows(path, role, rows, lists[list_name])
    return lists, others


def _read_rows(path: Path, role: str, rows: Iterable[Row], ls: ListSet) -> Iterator[Rejected]:
    for row in rows:
        bad = _check(path, role, row)
        if bad is not None:
            yield bad
            continue
        if role == "prim":
            bad = _primary(path, ls, row)
            if bad is not None:
                yield bad
            continue
        ent = row.fields[0].strip()
        pos = SourcePosition(path.name, row.line, ent)
        entry = ls.entry(ent, pos)
        if entry is None:
            yield _bad(path, row, f"no primary row for ent_num {ent} in this list", ent)
            continue
        f = [null(v) for v in row.fields]
        if role == "comments":
            entry.remarks += row.fields[1]
        elif role == "add":
            entry.addresses.append(Address(row.fields[1].strip(), f[2], f[3], f[4], f[5], pos))
        elif not f[3]:
            yield _bad(path, row, "alias name is empty", ent)
        else:
            kind = (f[2] or "aka").lower()
            entry.aliases.append(Alias(row.fields[1].strip(), kind, f[3], f[4], pos))
