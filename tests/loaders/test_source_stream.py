"""Source files stream (loaders/_source.py ``open_lines``): a loader holds a line, not the file.

The proof counts the bytes the reader has taken from the file when the first record comes
out (a wrapper on the file, not timing or RSS): a multi-MB file yields its first record after
one read block. The streamed rows are then compared with the whole-text reading they replace,
on the quirks of real files (BOM, CRLF, quoted fields spanning lines, a bad byte, 0x1A).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import loaders._source as source
from ipas.errors import LimitExceeded
from loaders._source import csv_rows, decode, open_lines, strip_dos_eof, undecodable
from loaders.ftm.stream import read_ops


class CountingFile(io.FileIO):
    """A file that counts the bytes read from it."""

    taken = 0

    def readinto(self, buffer: bytearray | memoryview) -> int | None:  # type: ignore[override]
        n = super().readinto(buffer)
        CountingFile.taken += n or 0
        return n


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> type[CountingFile]:
    # The reader opens files through source._open; a counting file there sees every byte.
    CountingFile.taken = 0
    monkeypatch.setattr(source, "_open", lambda p: io.BufferedReader(CountingFile(p, "rb")))
    return CountingFile


def _ftm_file(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"p-{i}", "schema": "Person",
                                  "properties": {"name": [f"Pérez Número {i}"],
                                                 "notes": ["x" * 200]}}) + "\n")
    return path


def test_ftm_first_entity_before_the_file_is_read(
    tmp_path: Path, counted: type[CountingFile]
) -> None:
    path = _ftm_file(tmp_path / "big.ftm.json", 12_000)  # ~3.6 MB
    size = path.stat().st_size
    ops = read_ops([path])
    first = next(ops)
    assert first.entity_id == "p-0"  # type: ignore[union-attr]
    assert counted.taken < size / 20, (counted.taken, size)
    assert sum(1 for _ in ops) == 11_999
    assert counted.taken == size


def test_csv_first_row_before_the_file_is_read(tmp_path: Path, counted: type[CountingFile]) -> None:
    path = tmp_path / "big.csv"
    row = '1,"Pérez\r\nline two",x\r\n'
    path.write_bytes(("a,b,c\r\n" + row * 100_000).encode())  # ~2.7 MB, 200,001 lines
    rows = csv_rows(open_lines(path), path.name)
    assert next(rows).fields == ["a", "b", "c"]
    second = next(rows)
    assert (second.line, second.fields) == (2, ["1", "Pérez\r\nline two", "x"])
    assert counted.taken < path.stat().st_size / 20
    lines = [r.line for r in rows]
    assert len(lines) == 99_999 and lines[-1] == 200_000  # a record spanning lines 200,000-1
    assert counted.taken == path.stat().st_size


QUIRKS = [
    b'\xef\xbb\xbfa,b\r\n"x\r\ny",2\r\n\r\n1,2\r\n\x1a',
    b"a,b\ncaf\xe9,1\n\"open,2\nc\xc3\xa9,3\n",
    b"a,b\r1,2\r\n\r\n3,\"\x1a\"\r\n\x1a\r\n\r\n",
    b"a,b\n" + "é,ü\n".encode() * 5000,  # multi-byte characters across read blocks
    b"\xff\xfea\x00,\x00b\x00\r\x00\n\x00\xe9\x00,\x001\x00",
]


@pytest.mark.parametrize("data", QUIRKS)
def test_streamed_rows_equal_whole_text(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(data)
    whole = list(csv_rows(strip_dos_eof(decode(data)), "q.csv"))
    streamed = list(csv_rows(open_lines(path), "q.csv"))
    assert streamed == whole


def test_bad_byte_rejects_its_record_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"name,n\r\nP\xc3\xa9lisserie,1\r\nPer\xfa,2\r\nOK,3\r\n")
    rows = list(csv_rows(open_lines(path), path.name))
    assert [(r.line, r.error is None) for r in rows] == [
        (1, True), (2, True), (3, False), (4, True)]
    assert rows[1].fields[0] == "Pélisserie"
    assert rows[2].raw == "Per\\xfa,2" and "0xfa" in (rows[2].error or "")
    legacy = list(csv_rows(open_lines(path, "cp1252"), path.name))
    assert legacy[2].fields[0] == "Perú" and legacy[1].fields[0] == "PÃ©lisserie"


def test_dos_eof_inside_the_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "eof.txt"
    path.write_bytes(b"a\x1ab\n\x1a\n\nc\n\x1a  \n")
    assert list(open_lines(path)) == ["a\x1ab\n", "\x1a\n", "\n", "c\n"]


def test_an_overlong_line_is_refused_with_its_line(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_LINE_CHARS", 10)
    path = tmp_path / "long.jsonl"
    path.write_text("{}\n" + "x" * 50 + "\n")
    with pytest.raises(LimitExceeded) as exc:
        list(open_lines(path))
    assert exc.value.detail.get("line") == 2


def test_unknown_encoding_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n")
    with pytest.raises(Exception, match="unknown encoding"):
        list(open_lines(path, "no-such-codec"))
    with pytest.raises(Exception, match="cannot read source file"):
        list(open_lines(tmp_path / "absent.csv"))
    assert undecodable(next(open_lines(path))) is None


def test_icij_loader_yields_a_node_before_reading_its_file(tmp_path: Path,
                                                          counted: type[CountingFile]) -> None:
    from ipas.sources import LoadOptions, Record
    from loaders.icij import IcijLoader

    path = tmp_path / "nodes-entities.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("node_id,name,jurisdiction,sourceID\r\n")
        for i in range(3_000):  # ~1.9 MB: few rows (mapping is the slow part), long names
            out.write(f'{i},"Société {i}\r\nLimited {"x" * 600}",PA,Panama Papers\r\n')
    records = IcijLoader().read([path], LoadOptions())
    first = next(records)
    assert isinstance(first, Record) and first.position.line == 2
    assert counted.taken < path.stat().st_size / 10
    assert sum(isinstance(r, Record) for r in records) == 2_999
    assert counted.taken == path.stat().st_size
