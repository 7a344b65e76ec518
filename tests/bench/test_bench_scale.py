"""``make bench`` above the peers' largest scale runs our pipeline alone, resumes, and says
clearly when a stage was killed.

The 10M path is tested at a shrunken threshold (``--peers-max-scale``): the mechanism is the
same at 3,000 triples, and generating 10M here would take minutes and gigabytes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.proc import PROJECT_ROOT, RssSampler, StageFailed, run_stage

pytestmark = pytest.mark.slow

QUERY = "seizures-by-pathway"


def _bench(work: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "3000", "--peers-max-scale", "1000",
         "--runs", "1", "--queries", QUERY, "--work", str(work), "--out", str(out), *extra],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_above_the_peers_scale_only_our_pipeline_runs_and_a_run_resumes(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = _bench(tmp_path / "work", out)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(out.read_text())
    ingest = results["ingest"]
    # Ours between two raw bulk loads; no naive peer, no SPARQL-rules A/B.
    assert "naive" not in ingest and "vs_sparql_rules" not in ingest["reasoning"]
    assert len(ingest["raw_bulk_load"]["runs"]) == 2 and ingest["ratio_vs_raw_bulk_load"] > 0
    # Memory of the whole process tree, by phase of the load.
    assert ingest["tree_peak_rss_mb"] >= max(ingest["peak_rss_mb"], ingest["worker_peak_rss_mb"])
    assert {"parse_validate_stage", "commit"} <= set(ingest["peak_rss_mb_by_phase"])
    assert ingest["cpu_s"] >= sum(ingest["cpu_s_by_phase"].values()) * 0.8 > 0
    for skipped in ("ingest.naive", "queries.rdflib", "loaders", "http", "analysis"):
        assert results["skipped"][skipped].startswith("above 1,000 triples: ")
    assert list(results["queries"]["per_query"]) == [QUERY]
    entry = results["queries"]["per_query"][QUERY]
    assert entry["rdflib_p50_ms"] is None and entry["raw_p50_ms"] is None
    assert "skipped loaders: above 1,000 triples" in done.stdout
    report = subprocess.run([sys.executable, "-m", "bench.report", str(out)], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert report.returncode == 0, report.stderr[-2000:]
    assert "no naive peer at this scale" in report.stdout
    assert "| commit |" in report.stdout and "- loaders: above 1,000 triples" in report.stdout

    # An interrupted run: its partial results keep generation and ingest, not the queries.
    partial = out.with_suffix(".partial.json")
    del results["queries"], results["memory"]
    partial.write_text(json.dumps(results))
    again = _bench(tmp_path / "work", out, "--resume")
    assert again.returncode == 0, again.stderr[-2000:]
    resumed = json.loads(out.read_text())
    assert resumed["ingest"] == ingest  # not run again
    assert list(resumed["queries"]["per_query"]) == [QUERY]
    assert not partial.exists()


def test_a_killed_stage_is_reported_with_where_its_memory_was(tmp_path: Path) -> None:
    timeline = tmp_path / "rss.txt"
    with pytest.raises(StageFailed) as failed:
        run_stage("tests.bench.killed_stage", [str(timeline)], timeline=timeline)
    message = str(failed.value)
    assert "killed by SIGKILL" in message and "out-of-memory killer" in message
    assert "2,900 MB in phase commit" in message


def test_the_sampler_names_the_phase_its_peak_was_in(tmp_path: Path) -> None:
    timeline = tmp_path / "rss.txt"
    with RssSampler(0.01, timeline) as sampler:
        sampler.phase = "small"
        sampler.sample()
        sampler.phase = "large"
        held = bytearray(200 << 20)  # 200 MiB, touched so it is resident
        held[::4096] = b"x" * len(held[::4096])
        sampler.sample()
        del held
    assert sampler.by_phase["large"] > sampler.by_phase["small"] + 150
    assert sampler.peak_mb == pytest.approx(max(sampler.by_phase.values()), abs=0.1)
    assert "large" in timeline.read_text()
