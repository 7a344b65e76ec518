"""The batch's type index (``ipas.ingest.types``) on disk: flushed as it grows, so what the
engine holds in memory stays bounded whatever the batch's size.

The threshold is shrunk (``FLUSH_BYTES``) so a few hundred types cross it: the mechanism is
the same as for the million types of a 10M-triple batch, which the benchmark measures
(docs/performance.md, "10M").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipas.ingest import types
from ipas.ingest.types import TypeIndex

TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _lines(start: int, count: int) -> bytes:
    return "".join(f"<urn:n{i}> {TYPE} <urn:C{i % 7}> .\n"
                   for i in range(start, start + count)).encode()


def _tables(directory: Path) -> int:
    return sum(1 for f in directory.iterdir() if f.suffix == ".sst")


def test_an_on_disk_index_is_flushed_every_flush_bytes(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(types, "FLUSH_BYTES", 10_000)
    index = TypeIndex(tmp_path / "types")
    before = _tables(tmp_path / "types")
    index.load(_lines(0, 50))  # ~2 kB: under the threshold, still in memory
    assert _tables(tmp_path / "types") == before
    for start in range(50, 500, 50):  # past it: written out as tables
        index.load(_lines(start, 50))
    assert _tables(tmp_path / "types") > before
    # Flushed or not, every type is found.
    found = {line.split(b" ", 1)[0][1:-1].decode()  # N-Triples lines: subject first
             for line in index.types_of([f"urn:n{i}" for i in range(500)]).splitlines()}
    assert found == {f"urn:n{i}" for i in range(500)}
    index.close()
    assert not (tmp_path / "types").exists()
