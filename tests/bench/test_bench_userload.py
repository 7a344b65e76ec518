"""The loader stage's replicated ICIJ file is what its figures claim: every copy a distinct,
loadable record (issue #14's 27,000-row target is measured on it)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.userload import replicate_icij
from tests.loaders.loader_run import run

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
ICIJ = SHARED / "icij-offshoreleaks" / "panama-2016-mini-EDITED" / "Intermediaries_mini.csv"

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent (../shared)")


def test_replicated_icij_rows_are_distinct_loadable_intermediaries(tmp_path: Path) -> None:
    path = replicate_icij(ICIJ, 100, tmp_path)  # the mini file has 31 rows: four copies
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 100
    assert len({r["node_id"] for r in rows}) == 100
    assert len({r["name"] for r in rows if r["name"].strip()}) == len(
        [r for r in rows if r["name"].strip()])
    records, rejected, _ = run("icij", [path])
    assert len(records) + len(rejected) == 100
    assert len(records) == 100 - 4 * sum(1 for r in rows[:31] if not r["name"].strip())

