"""Real-size source lists through ``ipas load`` as a user runs it, under ``/usr/bin/time -v``.

Two of issue #14's targets are about the command a user types, not a library call: a
15,000-entry OFAC SDN list and a 27,000-row ICIJ intermediaries file, each validated,
committed and reasoned over in a fresh on-disk store. Neither exists in ``../shared`` at that
size, so both are replicated from the shared real files at run time (never kept in the
repository): OFAC as :func:`bench.stage_loader.replicate_ofac` does, ICIJ by
:func:`replicate_icij` (real rows with their ``node_id``, ``internal_id`` and name renamed).
``/usr/bin/time -v`` reports CPU seconds of the command and of the children it waited for
(the validation worker) and the peak RSS of the largest of those processes.

>>> _clock("1:02.50"), _clock("0:33.21"), _clock("1:00:01")
(62.5, 33.21, 3601.0)
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

#: node_id and internal_id of ICIJ copy c are the source's plus c * ICIJ_OFFSET.
ICIJ_OFFSET = 100_000_000
TIME = Path("/usr/bin/time")
_SUMMARY = re.compile(
    r"(\d+) records, (\d+)\s+triples committed, (\d+) inferred, (\d+) quarantined")


def replicate_icij(intermediaries: Path, rows: int, out: Path) -> Path:
    """An intermediaries file of ``rows`` rows: row ``j`` is source row ``j mod n`` with its
    ids offset and its name suffixed ``R<copy>`` (copy 0 is the source row as it is)."""
    text = intermediaries.read_bytes().decode("utf-8")
    source = list(csv.reader(io.StringIO(text, newline="")))
    header, body = source[0], [r for r in source[1:] if len(r) == len(source[0])]
    col = {name: i for i, name in enumerate(header)}
    out.mkdir(parents=True, exist_ok=True)
    target = out / "Intermediaries_replicated.csv"
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for j in range(rows):
            copy, index = divmod(j, len(body))
            row = list(body[index])
            if copy:
                for key in ("node_id", "internal_id"):
                    value = row[col[key]].strip()
                    if value.isdigit():
                        row[col[key]] = str(int(value) + copy * ICIJ_OFFSET)
                if row[col["name"]].strip():
                    row[col["name"]] = f"{row[col['name']]} R{copy}"
            writer.writerow(row)
    return target


def _clock(text: str) -> float:
    """``h:mm:ss`` or ``m:ss.ss`` (GNU time's elapsed) in seconds."""
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def timed_load(files: list[Path], fmt: str, work: Path) -> dict[str, object]:
    """``ipas --store S --home H load FILES --format FMT`` into a fresh store (reasoning on, as
    the command runs by default), with its wall, CPU and peak RSS and the counts it printed."""
    if not TIME.exists():
        return {"skipped": f"{TIME} is absent (Debian package 'time')"}
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    argv = [str(TIME), "-v", sys.executable, "-m", "ipas", "--store", str(work / "store"),
            "--home", str(work / "home"), "load", *map(str, files), "--format", fmt]
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0:
        raise RuntimeError(f"ipas load --format {fmt} failed:\n{proc.stderr[-2000:]}")
    stats = dict(line.strip().rsplit(": ", 1) for line in proc.stderr.splitlines()
                 if line.startswith("\t") and ": " in line)
    # ipas load reports on stderr (beside time's figures), one line per batch
    batches = _SUMMARY.findall(" ".join((proc.stdout + proc.stderr).split()))
    counts = {key: sum(int(b[i]) for b in batches)
              for i, key in enumerate(("records", "triples", "inferred", "quarantined"))}
    return {"format": fmt, "wall_s": round(wall, 2),
            "elapsed_s": _clock(stats["Elapsed (wall clock) time (h:mm:ss or m:ss)"]),
            "cpu_s": round(float(stats["User time (seconds)"])
                           + float(stats["System time (seconds)"]), 2),
            "peak_rss_mb": round(int(stats["Maximum resident set size (kbytes)"]) / 1024, 1),
            **counts}


def user_lists(ofac: Path, icij: Path, work: Path, ofac_entries: int = 15_000,
               icij_rows: int = 27_000) -> dict[str, object]:
    """Both target lists replicated under ``work`` and loaded by ``ipas load``, one after the
    other, each into its own fresh store."""
    from bench.stage_loader import FILES, replicate_ofac

    figures: dict[str, object] = {}
    if (ofac / "sdn.csv").is_file():
        replicate_ofac(ofac, ofac_entries, work / "ofac-list")
        figures["ofac"] = {"entries": ofac_entries, **timed_load(
            [work / "ofac-list" / n for n in FILES], "ofac", work / "ofac-run")}
    mini = icij / "panama-2016-mini-EDITED" / "Intermediaries_mini.csv"
    if mini.is_file():
        path = replicate_icij(mini, icij_rows, work / "icij-list")
        figures["icij"] = {"rows": icij_rows, **timed_load([path], "icij", work / "icij-run")}
    shutil.rmtree(work / "ofac-list", ignore_errors=True)
    shutil.rmtree(work / "icij-list", ignore_errors=True)
    return figures
