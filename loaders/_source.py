"""Reading real source files as they are: BOMs, CRLF, the DOS end-of-file byte, bad bytes.

Every tabular loader reads through :func:`read_text` and :func:`csv_rows`, so a quirk of real
files is handled once and every row keeps the physical line it started on.

>>> rows = list(csv_rows('\\ufeffa,b\\r\\n"x\\r\\ny",2\\r\\n\\r\\n1,2\\r\\n\\x1a', "t.csv"))
>>> [(r.line, r.fields) for r in rows]
[(1, ['a', 'b']), (2, ['x\\r\\ny', '2']), (5, ['1', '2'])]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ipas.errors import BadInput, LimitExceeded

#: Largest single source file a loader reads into memory (bytes).
MAX_SOURCE_BYTES = 512 * 1024 * 1024
#: Largest CSV field (characters); OFAC splits remarks longer than ~1,000 into comments files.
MAX_FIELD_CHARS = 1_000_000
#: How much of a bad row a rejection keeps for the person reading the quarantine.
RAW_PREVIEW_CHARS = 500

DOS_EOF = "\x1a"


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); Windows-1252 for files that are not UTF-8.

    >>> decode(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9"), decode(b"caf\\xe9")
    ('café', 'café')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def strip_dos_eof(text: str) -> str:
    """Drop the DOS end-of-file byte (0x1A) and anything after it at the end of a file.

    >>> strip_dos_eof('a,b\\r\\n\\x1a'), strip_dos_eof('a,b\\x1a')
    ('a,b\\r\\n', 'a,b')
    """
    cut = text.rfind(DOS_EOF)
    if cut != -1 and not text[cut + 1 :].strip():
        return text[:cut]
    return text


def read_text(path: Path) -> str:
    """The decoded text of ``path``, refused past :data:`MAX_SOURCE_BYTES`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadInput("cannot read source file", source=path.name) from exc
    if size > MAX_SOURCE_BYTES:
        raise LimitExceeded(
            f"source file is {size} bytes; the limit is {MAX_SOURCE_BYTES}", source=path.name
        )
    return strip_dos_eof(decode(path.read_bytes()))


@dataclass(frozen=True)
class Row:
    """One CSV record: the physical line it starts on, its fields, or why it could not be read."""

    line: int
    fields: list[str]
    raw: str
    error: str | None = None


def _raw_lines(text: str) -> list[str]:
    return io.StringIO(text, newline="").readlines()


def csv_rows(text: str, source: str) -> Iterator[Row]:
    """The records of CSV ``text`` with their starting line; blank lines are skipped.

    A leading BOM and a trailing DOS end-of-file byte are dropped here too, so callers that
    decode text themselves get the same rows. A record the csv module cannot read comes back
    with ``error`` set instead of stopping the file: the caller makes it a ``Rejected``.
    """
    text = strip_dos_eof(text.removeprefix("\ufeff"))
    lines = _raw_lines(text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    old_limit = csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        end = 0
        while True:
            start = end + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                end = reader.line_num
                raw = "".join(lines[start - 1 : max(end, start)])
                yield Row(start, [], raw[:RAW_PREVIEW_CHARS], f"unreadable CSV: {exc}")
                continue
            end = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            raw = "".join(lines[start - 1 : end])
            yield Row(start, fields, raw.rstrip("\r\n")[:RAW_PREVIEW_CHARS])
    finally:
        csv.field_size_limit(old_limit)


def csv_dicts(
    text: str, source: str, required: tuple[str, ...] = ()
) -> tuple[list[str], Iterator[Row]]:
    """The header of CSV ``text`` and an iterator over the records after it.

    Raises :class:`BadInput` (with the source) when the header lacks a ``required`` column.
    """
    rows = csv_rows(text, source)
    first = next(rows, None)
    if first is None or first.error is not None:
        raise BadInput("missing or unreadable header row", source=source, line=1)
    header = [h.strip() for h in first.fields]
    missing = [c for c in required if c not in header]
    if missing:
        raise BadInput(
            f"header lacks column(s) {', '.join(missing)}", source=source, line=first.line
        )
    return header, rows
