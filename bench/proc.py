"""Process helpers for the benchmark: stages in subprocesses, servers on loopback, peak RSS."""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """The largest peak RSS of this process's ended (waited-for) children, in MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def emit(result: dict[str, Any]) -> None:
    """A stage's last stdout line: its figures as JSON, with its own peak RSS."""
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(result), flush=True)


class StageFailed(RuntimeError):
    """A stage exited with an error or was killed (the message says which, and how far its
    memory had got when it has an RSS timeline)."""


def run_stage(module: str, args: Sequence[str], *, timeout_s: float = 3600,
              timeline: Path | None = None) -> dict[str, Any]:
    """Run ``python -m module args`` and return the JSON object it printed last.

    ``timeline``: the stage's RSS samples (:class:`RssSampler`), quoted when it fails.
    """
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.splitlines()[-20:])
        raise StageFailed(f"stage {module} {_exit_reason(proc.returncode)}"
                          f"{_last_sample(timeline)}:\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _exit_reason(code: int) -> str:
    """How a stage ended, in words.

    >>> _exit_reason(-9)[:47]
"was killed by SIGKILL (the kernel's out-of-mem"
    >>> _exit_reason(1)
    'failed (exit 1)'
    """
    if code < 0:
        name = signal.Signals(-code).name
        oom = (" (the kernel's out-of-memory killer sends it when memory runs out: see dmesg)"
               if code == -signal.SIGKILL else "")
        return f"was killed by {name}{oom}"
    return f"failed (exit {code})"


def _last_sample(timeline: Path | None) -> str:
    """``; last RSS sample ...`` from a stage's timeline, or nothing."""
    if timeline is None or not timeline.is_file():
        return ""
    samples = timeline.read_text().split("\n")
    last = next((line for line in reversed(samples) if line.strip()), "")
    if not last:
        return ""
    seconds, rss, phase = last.split(" ", 2)
    peak = max(float(line.split(" ")[1]) for line in samples if line.strip())
    return (f"; last RSS sample at {seconds} s: {float(rss):,.0f} MB in phase {phase} "
            f"(peak {peak:,.0f} MB; timeline {timeline})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(
    argv: Sequence[str], url: str, *, env: dict[str, str] | None = None, timeout_s: float = 600,
    cwd: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start a server (in ``cwd``, by default this checkout) and wait until ``url`` answers
    (any HTTP status counts as up)."""
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd or PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server {argv[0]} exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc
        except urllib.error.HTTPError:
            return proc
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError(f"server at {url} did not come up in {timeout_s:.0f}s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _tree_sum(pid: int, field: int, scale: float) -> float:
    """Sum of one ``/proc/N/stat`` field (0-based after the command name) over ``pid`` and
    its live descendants, times ``scale``."""
    parents: dict[int, int] = {}
    values: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        parents[int(entry.name)] = int(fields[1])
        values[int(entry.name)] = int(fields[field]) * scale
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += values.get(current, 0.0)
        todo += [child for child, parent in parents.items() if parent == current]
    return total


def process_tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its live descendants (a server
    and its query workers), from ``/proc``: unlike latency, not inflated by other load."""
    tick = os.sysconf("SC_CLK_TCK")
    return _tree_sum(pid, 11, 1 / tick) + _tree_sum(pid, 12, 1 / tick)


def process_tree_rss_mb(pid: int) -> float:
    """Resident set size now of ``pid`` and its live descendants (a load and its validation
    worker), in MiB: the sum of their RSS (pages two of them share are counted twice)."""
    return _tree_sum(pid, 21, os.sysconf("SC_PAGE_SIZE") / 1024 / 1024)


class RssSampler:
    """Samples this process tree's RSS every ``interval`` seconds in a thread, keeping the
    peak overall and per named phase (set :attr:`phase` as the work moves on: each change
    samples first, so a phase shorter than ``interval`` still has its sample), and the tree's
    CPU seconds spent in each phase (``cpu_by_phase``: on a loaded machine, what a phase costs
    whatever share of the cores it got); with ``timeline``, each sample is appended there as
    ``seconds rss_mb phase``.

    >>> with RssSampler(0.01) as sampler:
    ...     sampler.phase = "work"
    ...     _ = bytearray(1 << 20); time.sleep(0.05)
    >>> sampler.peak_mb > 0 and "work" in sampler.by_phase
    True
    """

    def __init__(self, interval: float = 1.0, timeline: Path | None = None) -> None:
        self.interval = interval
        self.timeline = timeline
        self._phase = "start"
        self._lock = threading.Lock()  # the thread and a phase change both sample
        self.peak_mb = 0.0
        self.by_phase: dict[str, float] = {}
        self.cpu_by_phase: dict[str, float] = {}
        self._cpu = process_tree_cpu_s(os.getpid())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._start = time.monotonic()

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def phase(self) -> str:
        return self._phase

    @phase.setter
    def phase(self, name: str) -> None:
        with self._lock:
            self._sample()  # the phase ending gets what it used up to now
            self._phase = name

    def sample(self) -> None:
        with self._lock:
            self._sample()

    def _sample(self) -> None:
        phase = self._phase
        rss = process_tree_rss_mb(os.getpid())
        cpu = process_tree_cpu_s(os.getpid())
        self.peak_mb = max(self.peak_mb, rss)
        self.by_phase[phase] = round(max(self.by_phase.get(phase, 0.0), rss), 1)
        # A child that ended takes its CPU out of the live tree: never a negative share.
        spent = max(0.0, cpu - self._cpu)
        self.cpu_by_phase[phase] = round(self.cpu_by_phase.get(phase, 0.0) + spent, 2)
        self._cpu = cpu
        if self.timeline is not None:
            with self.timeline.open("a") as out:
                out.write(f"{time.monotonic() - self._start:.1f} {rss:.1f} {phase}\n")

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()


def process_rss_mb(pid: int) -> float:
    """Peak RSS (VmHWM) of a running process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
