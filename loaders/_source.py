"""Reading real source files as they are: BOMs, CRLF, the DOS end-of-file byte, bad bytes.

Bytes that do not decode are never re-read in another encoding: the record holding them is
rejected at its line with the bytes shown escaped; ``--encoding`` names a legacy encoding.

Every tabular loader reads through :func:`open_lines` and :func:`csv_rows`, so a quirk of real
files is handled once and every row keeps the physical line it started on. :func:`open_lines`
streams: it decodes block by block and yields one physical line at a time, so a loader's
memory is bounded by its longest line, not by the file (:func:`read_text` is for the small
whole documents a parser needs at once: a mapping file, an XML list, a delta index).

>>> rows = list(csv_rows('\\ufeffa,b\\r\\n"x\\r\\ny",2\\r\\n\\r\\n1,2\\r\\n\\x1a', "t.csv"))
>>> [(r.line, r.fields) for r in rows]
[(1, ['a', 'b']), (2, ['x\\r\\ny', '2']), (5, ['1', '2'])]
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ipas.errors import BadInput, LimitExceeded

#: Largest single source file a loader reads into memory (bytes).
MAX_SOURCE_BYTES = 512 * 1024 * 1024
#: Longest physical line a streamed read accepts (characters): the memory bound of a read.
MAX_LINE_CHARS = 64 * 1024 * 1024
#: Largest CSV field (characters); OFAC splits remarks longer than ~1,000 into comments files.
MAX_FIELD_CHARS = 1_000_000
#: How much of a bad row a rejection keeps for the person reading the quarantine.
RAW_PREVIEW_CHARS = 500

DOS_EOF = "\x1a"


BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
#: Surrogates that stand for bytes the encoding could not decode (Python's surrogateescape).
_ESCAPED = re.compile("[\udc80-\udcff]")


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of ``data``: UTF-8 unless ``encoding`` names a legacy one; a BOM is dropped.

    A byte the encoding cannot decode is kept as an escape surrogate, never guessed at: the
    record holding it is rejected at its own line (:func:`undecodable`) and the rest of the file
    reads as it is, so one bad byte never garbles the valid names around it.

    >>> decode(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9"), decode(b"caf\\xe9", "cp1252")
    ('café', 'café')
    >>> undecodable(decode(b"caf\\xe9"))
    'byte 0xe9 is not valid UTF-8 (give --encoding for a legacy file)'
    """
    if encoding is None:
        for bom, name in BOMS:
            if data.startswith(bom):
                return data[len(bom) :].decode(name, errors="surrogateescape")
        return data.decode("utf-8", errors="surrogateescape")
    try:
        text = data.decode(encoding, errors="surrogateescape")
    except LookupError as exc:
        raise BadInput(f"unknown encoding {encoding!r}", field="encoding") from exc
    return text.removeprefix("\ufeff")


def undecodable(text: str) -> str | None:
    """Why ``text`` holds bytes its encoding could not decode, or None when it holds none."""
    found = _ESCAPED.search(text)
    if found is None:
        return None
    byte = ord(found.group()) - 0xDC00
    return f"byte 0x{byte:02x} is not valid UTF-8 (give --encoding for a legacy file)"


def escape_raw(text: str) -> str:
    """``text`` with undecodable bytes shown as ``\\xNN`` escapes, for the quarantine.

    >>> escape_raw(decode(b"\\xc9AL-UBAYDI"))
    '\\\\xc9AL-UBAYDI'
    """
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that did not come from a byte
        data = text.encode("utf-8", "backslashreplace")
    return data.decode("utf-8", "backslashreplace")


def strip_dos_eof(text: str) -> str:
    """Drop the DOS end-of-file byte (0x1A) and anything after it at the end of a file.

    >>> strip_dos_eof('a,b\\r\\n\\x1a'), strip_dos_eof('a,b\\x1a')
    ('a,b\\r\\n', 'a,b')
    """
    cut = text.rfind(DOS_EOF)
    if cut != -1 and not text[cut + 1 :].strip():
        return text[:cut]
    return text


def read_text(path: Path, encoding: str | None = None) -> str:
    """The decoded text of ``path`` (see :func:`decode`), refused past :data:`MAX_SOURCE_BYTES`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadInput("cannot read source file", source=path.name) from exc
    if size > MAX_SOURCE_BYTES:
        raise LimitExceeded(
            f"source file is {size} bytes; the limit is {MAX_SOURCE_BYTES}", source=path.name
        )
    return strip_dos_eof(decode(path.read_bytes(), encoding))


def _encoding_of(head: bytes, encoding: str | None) -> str:
    """The codec to read a stream with: its BOM's (``-sig`` drops a UTF-8 BOM) or the one given."""
    if encoding is None:
        for bom, name in BOMS:
            if head.startswith(bom):
                return "utf-8-sig" if name == "utf-8" else name
        return "utf-8"
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as exc:
        raise BadInput(f"unknown encoding {encoding!r}", field="encoding") from exc
    return "utf-8-sig" if codec == "utf-8" else codec


def _decoded_lines(handle: io.BufferedReader, encoding: str | None, name: str) -> Iterator[str]:
    codec = _encoding_of(handle.peek(4)[:4], encoding)
    text = io.TextIOWrapper(handle, codec, errors="surrogateescape", newline="")
    first = True
    for n in itertools.count(1):
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_LINE_CHARS:
            raise LimitExceeded(f"line is longer than {MAX_LINE_CHARS} characters",
                                source=name, line=n)
        if first:  # a BOM of a UTF-16 file or a legacy encoding's decoded U+FEFF
            line, first = line.removeprefix("\ufeff"), False
        yield line


def _open(path: Path) -> io.BufferedReader:
    """The buffered byte stream of ``path`` (one place, so a test can count what is read)."""
    return path.open("rb")


def open_lines(path: Path, encoding: str | None = None) -> Iterator[str]:
    """The physical lines of ``path``, decoded as :func:`decode` does, read as they are needed.

    Line ends are kept (``\\r\\n``, ``\\n`` or ``\\r``, as ``newline=""`` reads them) so
    that CSV quoted fields spanning lines read exactly and line numbers match the file. A DOS
    end-of-file byte at the end is dropped: lines after a 0x1A are held back until the file
    shows whether only blank space follows it (then it was the end), which holds no more than
    those lines.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".csv") as f:
    ...     _ = f.write(b"\\xef\\xbb\\xbfa,b\\r\\ncaf\\xe9\\r\\n\\x1a"); f.flush()
    ...     lines = list(open_lines(Path(f.name)))
    >>> lines[0], undecodable(lines[1]), lines[2:]
    ('a,b\\r\\n', 'byte 0xe9 is not valid UTF-8 (give --encoding for a legacy file)', [])
    """
    try:
        handle = _open(path)
    except OSError as exc:
        raise BadInput("cannot read source file", source=path.name) from exc
    with handle:
        held: list[str] = []  # lines from a 0x1A on, while only blank space followed it
        for line in _decoded_lines(handle, encoding, path.name):
            if held and line.strip():
                yield from held
                held = []
            if held or DOS_EOF in line:
                held.append(line)
                continue
            yield line
        tail = strip_dos_eof("".join(held))
        if tail:
            yield from io.StringIO(tail, newline="")


@dataclass(frozen=True)
class Row:
    """One CSV record: the physical line it starts on, its fields, or why it could not be read."""

    line: int
    fields: list[str]
    raw: str
    error: str | None = None


def _lines_of(text: str | Iterable[str]) -> Iterator[str]:
    if isinstance(text, str):
        yield from io.StringIO(strip_dos_eof(text.removeprefix("\ufeff")), newline="")
        return
    lines = iter(text)
    first = next(lines, None)
    if first is not None:
        yield first.removeprefix("\ufeff")
        yield from lines


def csv_rows(text: str | Iterable[str], source: str, delimiter: str = ",") -> Iterator[Row]:
    """The records of CSV ``text`` with their starting line; blank lines are skipped.

    ``text`` is a whole text or its physical lines as :func:`open_lines` streams them (line
    ends kept); rows are yielded as they are read, holding only the lines of the current
    record. A leading BOM and a trailing DOS end-of-file byte are dropped here too, so callers
    that decode text themselves get the same rows. A record the csv module cannot read comes
    back with ``error`` set instead of stopping the file: the caller makes it a ``Rejected``.
    """
    current: list[str] = []  # the physical lines of the record being read

    def feed() -> Iterator[str]:
        for line in _lines_of(text):
            current.append(line)
            yield line

    reader = csv.reader(feed(), strict=True, delimiter=delimiter)
    old_limit = csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        end = 0
        while True:
            start = end + 1
            current.clear()
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                end = reader.line_num
                raw = "".join(current)
                yield Row(start, [], escape_raw(raw)[:RAW_PREVIEW_CHARS], f"unreadable CSV: {exc}")
                continue
            end = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            raw = "".join(current).rstrip("\r\n")
            bad = undecodable(raw)
            if bad is not None:
                yield Row(start, [], escape_raw(raw)[:RAW_PREVIEW_CHARS], bad)
                continue
            yield Row(start, fields, raw[:RAW_PREVIEW_CHARS])
    finally:
        csv.field_size_limit(old_limit)


def csv_dicts(
    text: str | Iterable[str], source: str, required: tuple[str, ...] = (), delimiter: str = ","
) -> tuple[list[str], Iterator[Row]]:
    """The header of CSV ``text`` and an iterator over the records after it.

    Raises :class:`BadInput` (with the source) when the header lacks a ``required`` column.
    """
    rows = csv_rows(text, source, delimiter)
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
