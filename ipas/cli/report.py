"""Printing load and validation outcomes (rich tables on stderr, plain text when piped)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from ipas.cli.common import console
from ipas.ingest import IngestResult
from ipas.quarantine import QuarantinedRecord


def short(text: str | None, width: int = 60) -> str:
    if not text:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


def print_quarantined(records: Iterable[QuarantinedRecord]) -> None:
    table = Table("position", "severity", "message", "path", "value", title="quarantined records")
    for record in records:
        for reason in record.reasons:
            table.add_row(str(record.position), reason.get("severity", ""),
                          short(reason.get("message")), short(reason.get("path"), 40),
                          short(reason.get("value"), 40))
    console.print(table)


def print_result(result: IngestResult, *, validate_only: bool = False) -> None:
    b = result.batch
    if validate_only:
        console.print(f"{b.source}: {result.records} records valid, "
                      f"{len(result.quarantined)} would be quarantined")
    elif not result.created:
        console.print(f"{b.source}: unchanged, already loaded as batch {b.id}")
    else:
        console.print(f"{b.source}: batch {b.id}: {result.records} records, {result.triples} "
                      f"triples committed, {result.inferred} inferred, "
                      f"{len(result.quarantined)} quarantined")
    if result.warnings:
        console.print(f"  {len(result.warnings)} warning(s)/info(s) (not blocking)")
    if result.quarantined:
        print_quarantined(result.quarantined)
