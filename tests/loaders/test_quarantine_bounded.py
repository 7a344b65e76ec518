"""A load's quarantine report is bounded in memory: the first records kept, the rest on disk.

Real rows through ``ipas load``: the shared OFAC mini list has nine rows its loader rejects
(comments and aliases of entries missing from its ``sdn.csv``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipas import quarantine_log
from ipas.cli.main import cli
from ipas.quarantine import Quarantine
from tests.loaders.loader_run import run

MINI = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofac-watchman" / "mini"

pytestmark = pytest.mark.skipif(not MINI.is_dir(), reason=f"{MINI} is absent (../shared)")


def test_quarantine_beyond_the_report_is_spilled_and_kept_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(MINI.glob("*.csv"))
    _, rejected, _ = run("ofac", files)
    assert len(rejected) == 9
    # A report of three records (the default is 1,000) so that nine real rejections exceed
    # it: the other six go through the spill file, as a large failing source's would.
    monkeypatch.setattr(quarantine_log, "REPORT_EXAMPLES", 3)
    env = {"IPAS_STORE": str(tmp_path / "store"), "IPAS_HOME": str(tmp_path / "home")}
    out = CliRunner().invoke(cli, ["load", *map(str, files), "--format", "ofac"], env=env)
    text = " ".join(out.output.split())  # the console wraps at its width
    assert "9 quarantined" in text, out.output
    batch = re.search(r"batch (\S+):", text)
    assert batch is not None, out.output
    assert f"... and 6 more quarantined records (ipas quarantine show {batch[1]})" in text
    shown = re.findall(r"^\s+\S+\.csv:\d+ \[", out.output, re.M)
    assert len(shown) == 3, out.output
    counts = [int(m[1]) for m in re.finditer(r"^\s+(\d+)\s{2}\S", out.output.split(
        "quarantined by reason:")[1], re.M)]
    assert sum(counts) == 9, out.output  # the counts read every record, spilled ones too
    stored = Quarantine(tmp_path / "home").show(batch[1])
    assert [str(r.position) for r in stored] == [str(r.position) for r in rejected]
