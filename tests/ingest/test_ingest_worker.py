"""Chunks judged in a worker process give exactly the results of judging them in-process.

One source exercises every path of a verdict: a person without a name (a Violation, held,
quarantined), a member of an organization typed only further down the source (fails its chunk,
passes when held records are judged again against all the batch's types), a record that links
to the quarantined person (taken out as dangling), a second nickname (a Warning) and blank
nodes (validated the parsed way, labels kept). It is staged twice with small chunks: once with
every chunk judged in this process, once in a worker process; quarantine reasons, warnings
and counts must be the same, and the worker must really have run (and exited). A load killed
mid-batch takes its worker with it, commits nothing, and its leftovers go at the next load.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from ipas.ingest import Ingestor, IngestResult
from ipas.ingest import staging as staging_module
from ipas.ingest.worker import InWorker
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore

N = 240
T = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def source() -> bytes:
    lines = []
    for i in range(N):
        lines.append(f"<urn:ex:p{i}> {T} <urn:ex:Person> .")
        if i != 17:
            lines.append(f'<urn:ex:p{i}> <urn:ex:name> "P{i}" .')
        if i == 3:  # typed only at the very end of the source
            lines.append("<urn:ex:p3> <urn:ex:memberOf> <urn:ex:late> .")
        if i == 5:
            lines.append('<urn:ex:p5> <urn:ex:nick> "a" .')
            lines.append('<urn:ex:p5> <urn:ex:nick> "b" .')
        if i == 9:  # links to the person who fails
            lines.append("<urn:ex:p9> <urn:ex:knows> <urn:ex:p17> .")
        if i % 40 == 0:
            lines.append(f'<urn:ex:p{i}> <urn:ex:address> _:a{i} .')
            lines.append(f'_:a{i} <urn:ex:street> "Calle {i}" .')
    lines.append(f"<urn:ex:late> {T} <urn:ex:Cartel> .")
    return ("\n".join(lines) + "\n").encode()


def summary(result: IngestResult) -> dict[str, Any]:
    return {
        "records": result.records, "triples": result.triples,
        "quarantined": sorted((str(q.position), repr(q.to_dict())) for q in result.quarantined),
        "warnings": sorted(repr(w.to_dict()) for w in result.warnings),
    }


def _judged_in_process_then_by_workers(
    ingestor: Ingestor, path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int,
) -> tuple[dict[str, Any], list[InWorker]]:
    """``path`` checked in process (chunks of ``chunk`` triples), then set up so that the
    next check judges in worker processes: the in-process summary, and the list the workers
    started by that next check are appended to."""
    path.write_bytes(source())
    monkeypatch.setattr("ipas.ingest.fast.CHUNK_TRIPLES", chunk)
    monkeypatch.setattr("ipas.ingest.fast.PROCESS_MIN_CHUNK", 10**9)
    in_process = summary(ingestor.check([path]))

    started: list[InWorker] = []

    class Spy(InWorker):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            started.append(self)

    monkeypatch.setattr("ipas.ingest.fast.PROCESS_MIN_CHUNK", 0)
    monkeypatch.setattr(staging_module, "InWorker", Spy)
    return in_process, started


def test_worker_process_gives_in_process_results(
    ingestor: Ingestor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "people.nt"
    in_process, started = _judged_in_process_then_by_workers(ingestor, path, monkeypatch, 100)
    in_worker = summary(ingestor.check([path]))
    assert len(started) == 1 and not started[0]._process.is_alive()
    assert in_worker == in_process
    reasons = " ".join(q for _, q in in_process["quarantined"])
    assert "a person needs a name" in reasons and "refers to quarantined record" in reasons
    assert "urn:ex:p3" not in reasons  # its organization's type came later: not held for good
    assert len(in_process["warnings"]) == 1


def test_two_worker_processes_give_in_process_results(
    ingestor: Ingestor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks judged in turn by two workers (a large line-based batch) see each earlier
    chunk's types as one judge would: the same quarantine, warnings and counts."""
    path = tmp_path / "people.nt"
    in_process, started = _judged_in_process_then_by_workers(ingestor, path, monkeypatch, 60)
    monkeypatch.setattr(staging_module, "WORKERS", 2)
    monkeypatch.setattr(staging_module, "PARALLEL_MIN_TRIPLES", 150)
    in_workers = summary(ingestor.check([path]))
    assert len(started) == 2 and not any(w._process.is_alive() for w in started)
    assert in_workers == in_process
    assert "urn:ex:p3" not in " ".join(q for _, q in in_process["quarantined"])


CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import ipas.ingest.fast as fast
    import ipas.ingest.staging as staging
    from ipas.ingest import Ingestor
    from ipas.settings import Settings
    from ipas.store.oxigraph import OxigraphStore

    fast.CHUNK_TRIPLES, fast.PROCESS_MIN_CHUNK = 100, 0
    store_dir, home, ontology, shapes, source = sys.argv[1:]

    class Announced(staging.InWorker):
        def verdict(self, *args, **kwargs):
            print("WORKER", self._process.pid, flush=True)
            time.sleep(120)  # killed here, mid-batch

    staging.InWorker = Announced
    settings = Settings(store=store_dir, home=Path(home), ontology_dir=Path(ontology),
                        shapes_dir=Path(shapes))
    Ingestor(OxigraphStore(Path(store_dir)), settings).ingest([Path(source)])
    """
)


def _gone(pid: int) -> bool:
    """No such process, or a zombie waiting for init to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] == "Z"
    except (FileNotFoundError, IndexError):
        return True


def test_kill_mid_batch_ends_the_worker_and_the_next_load_sweeps(
    ingest_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "people.nt"
    path.write_bytes(source())
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, ingest_settings.store, str(ingest_settings.home),
         str(ingest_settings.ontology_dir), str(ingest_settings.shapes_dir), str(path)],
        stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    word, pid = child.stdout.readline().split()
    assert word == "WORKER"
    staging = ingest_settings.home / "tmp"
    assert any(p.name.startswith(f"stage-{child.pid}-types-") for p in staging.iterdir())
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    deadline = time.monotonic() + 30
    while not _gone(int(pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(int(pid))  # its pipe closed with the loading process: it exits by itself
    store = OxigraphStore(Path(ingest_settings.store))
    try:
        ingestor = Ingestor(store, ingest_settings)
        assert ingestor.catalog.batches() == []  # nothing of the killed batch was committed
        assert ingestor.ingest([path]).created
        assert list(staging.iterdir()) == []  # the dead load's stage and type index are swept
    finally:
        store.close()
