"""Printing load and validation outcomes (rich tables on stderr, plain text when piped)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from ipas.cli.common import console
from ipas.ingest import IngestResult
from ipas.quarantine import QuarantinedRecord


def print_quarantined(records: Iterable[QuarantinedRecord]) -> None:
    """One row per reason, naming the failing record's focus node; long values wrap in a
    terminal and are written whole, one line per reason, when the output is piped."""
    if not console.is_terminal:
        console.print("quarantined records:")
        for record in records:
            for r in record.reasons:
                console.print(f"  {record.position}  focus {r.get('focus') or '-'}  "
                              f"{r.get('severity', '')}: {r.get('message') or ''}  "
                              f"(path {r.get('path') or '-'}, value {r.get('value') or '-'})",
                              soft_wrap=True, markup=False)
        return
    table = Table(title="quarantined records")
    for name in ("position", "focus", "severity", "message", "path", "value"):
        table.add_column(name, overflow="fold")
    for record in records:
        for reason in record.reasons:
            table.add_row(str(record.position), str(reason.get("focus") or ""),
                          reason.get("severity", ""), str(reason.get("message") or ""),
                          str(reason.get("path") or ""), str(reason.get("value") or ""))
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
