"""Running a loader over files and collecting what it yields (shared by the loader tests)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from ipas.sources import LoadOptions, Record, Rejected, get_loader


def run(fmt: str, paths: Sequence[Path]) -> tuple[list[Record], list[Rejected], Graph]:
    """Every record and rejection of ``paths``, and the union of the records' graphs."""
    records: list[Record] = []
    rejected: list[Rejected] = []
    union = Graph()
    for item in get_loader(fmt).read(list(paths), LoadOptions()):
        if isinstance(item, Record):
            records.append(item)
            union += item.graph
        else:
            rejected.append(item)
    return records, rejected, union
