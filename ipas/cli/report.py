"""Printing load and validation outcomes (rich tables on stderr, plain text when piped)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from rich.table import Table

from ipas import quarantine_log
from ipas.cli.common import console
from ipas.ingest import IngestResult
from ipas.quarantine import QuarantinedRecord

#: What varies between reports of the same kind of failure: quoted values, bytes, numbers.
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|\b0x[0-9a-fA-F]+\b|\b\d[\d.,:-]*\b")


def reason_counts(records: Iterable[QuarantinedRecord]) -> list[tuple[str, int]]:
    """How many quarantined records failed for each kind of reason, most frequent first
    (quoted values and numbers are set aside, so 12 unmodelled malware objects, or 300 rows
    with an undecodable byte, count as one kind each).

    >>> from ipas.sources import SourcePosition
    >>> recs = [QuarantinedRecord(SourcePosition("a.csv", n), [{"message": m}])
    ...         for n, m in ((2, "byte 0xe9 is not valid UTF-8"), (3, "byte 0xd1 is not valid "
    ...                      "UTF-8"), (4, "name is empty"))]
    >>> reason_counts(recs)
    [('byte … is not valid UTF-…', 2), ('name is empty', 1)]
    """
    counts: Counter[str] = Counter()
    for record in records:
        for reason in record.reasons:
            counts[_VARYING.sub("…", str(reason.get("message") or ""))] += 1
    return counts.most_common()


def print_quarantined(records: Iterable[QuarantinedRecord], batch: str = "BATCH") -> None:
    """One row per reason, naming the failing record's focus node; long values wrap in a
    terminal and are written whole, one line per reason, when the output is piped. When
    several records failed, a count per kind of reason follows (what a load left out, at a
    glance). Rows are shown for the first ``quarantine_log.REPORT_EXAMPLES`` records; the
    counts cover all of them (a load's ``QuarantineLog`` reads the rest back from disk)."""
    every = records if isinstance(records, Sequence) else list(records)
    shown = list(itertools.islice(every, quarantine_log.REPORT_EXAMPLES))
    _print_records(shown)
    if len(every) > len(shown):
        console.print(f"  ... and {len(every) - len(shown):,} more quarantined records "
                      f"(ipas quarantine show {batch})")
    kinds = reason_counts(every)
    if len(every) > 1:
        console.print("quarantined by reason:")
        for text, count in kinds[:30]:
            console.print(f"  {count:>7,}  {text}", soft_wrap=True, markup=False)
        if len(kinds) > 30:
            console.print(f"  ... and {len(kinds) - 30} more kinds (ipas quarantine show {batch})")


def _print_records(records: list[QuarantinedRecord]) -> None:
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
        print_quarantined(result.quarantined, b.id)
