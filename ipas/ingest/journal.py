"""Where a load is, on disk: so a load whose process died is reported by the next one.

The kernel's out-of-memory killer, ``kill -9`` or a power cut ends a load with no chance to
print anything. Each load therefore keeps a small JSON note in ``{home}/loads/`` naming its
batch, source, process and phase (validating, reasoning, committing, then finishing: the
derived facts, the catalog's counts and the quarantine report that follow the commit), and
removes it when it ends, whether it committed or failed with an error. A note whose process
is gone is a load that was killed: :func:`unfinished` finds them, and the ingest pipeline says
what each left (:meth:`ipas.ingest.Ingestor.recover`): before the commit, nothing; after it,
a committed batch whose derived facts and counts it then brings up to date.

>>> import tempfile
>>> home = Path(tempfile.mkdtemp())
>>> note = LoadNote.begin(home, "20250101T000000000000-ab", "a.nt")
>>> note.phase("committing")
>>> [(n.batch, n.phase) for n in unfinished(home)]  # this process is alive: not unfinished
[]
>>> note.end()
>>> list((home / "loads").iterdir())
[]
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from ipas.ingest.files import _alive

#: Phases before the commit: a load killed in one of them committed nothing.
BEFORE_COMMIT = ("validating", "reasoning")
#: The atomic commit itself: whether it finished, the catalog says.
COMMITTING = "committing"
#: After the commit: derived facts, counts, quarantine report, search index.
FINISHING = "finishing"


@dataclass
class LoadNote:
    """One load in progress (see module docstring)."""

    path: Path
    batch: str
    source: str
    pid: int
    started: str
    phase_name: str = "validating"
    quarantined: int = 0

    @classmethod
    def begin(cls, home: Path, batch: str, source: str) -> LoadNote:
        directory = home / "loads"
        directory.mkdir(parents=True, exist_ok=True)
        note = cls(directory / f"{os.getpid()}-{batch}.json", batch, source, os.getpid(),
                   datetime.now(UTC).isoformat(timespec="seconds"))
        note._write()
        return note

    def phase(self, name: str, *, quarantined: int | None = None) -> None:
        """The load moved on to ``name`` (with the count of records it quarantines, once
        known: the report of a load killed after its commit is lost, the count is not)."""
        self.phase_name = name
        if quarantined is not None:
            self.quarantined = quarantined
        self._write()

    def end(self) -> None:
        self.path.unlink(missing_ok=True)

    def _write(self) -> None:
        fields = {k: v for k, v in asdict(self).items() if k != "path"}
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(fields))
        partial.replace(self.path)  # a reader sees the old note or the new one, never half

    def describe(self, committed: bool) -> str:
        """What this killed load left, in words.

        >>> note = LoadNote(Path("x.json"), "B1", "big.nt", 42, "2025-01-01T00:00:00+00:00",
        ...                 "reasoning")
        >>> print(note.describe(False))  # doctest: +NORMALIZE_WHITESPACE
        an earlier load of big.nt (batch B1, process 42, started 2025-01-01T00:00:00+00:00)
        was killed while reasoning: nothing of it was committed (a batch commits whole or not
        at all). It is often the kernel's out-of-memory killer: see `dmesg`.
        """
        head = (f"an earlier load of {self.source} (batch {self.batch}, process {self.pid}, "
                f"started {self.started}) was killed while {self.phase_name}")
        oom = " It is often the kernel's out-of-memory killer: see `dmesg`."
        if not committed:
            return (f"{head}: nothing of it was committed (a batch commits whole or not at "
                    f"all).{oom}")
        lost = (f" Its quarantine report ({self.quarantined} record(s)) was lost: check the "
                f"file with `ipas validate`." if self.quarantined else "")
        return (f"{head}, after its commit: the batch is committed with its OWL RL "
                f"inferences; its derived facts and counts have now been brought up to "
                f"date.{lost}{oom}")


def unfinished(home: Path) -> list[LoadNote]:
    """Notes of loads whose process is gone (killed mid-load), oldest first."""
    directory = home / "loads"
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob("*.json")):
        try:
            fields = json.loads(path.read_text())
        except (OSError, ValueError):
            continue  # being replaced this instant, or not ours
        note = LoadNote(path, fields["batch"], fields["source"], int(fields["pid"]),
                        fields["started"], fields.get("phase_name", "validating"),
                        int(fields.get("quarantined", 0)))
        if not _alive(note.pid):
            found.append(note)
    return sorted(found, key=lambda n: n.started)
