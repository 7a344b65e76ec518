"""The records one load quarantines, bounded in memory: the first few kept, the rest on disk.

A source that mostly fails (a file in the wrong format, a legacy encoding read as UTF-8, a
list whose every row lacks a column) quarantines as many records as it has; each carries its
reasons and its raw text or triples. Held in a list for the load's report, they made the
report the one part of a load whose memory grew with the file. :class:`QuarantineLog` keeps
the first :data:`REPORT_EXAMPLES` in memory (what a report shows) and writes the others to a
spill file as JSON lines (the quarantine store's own format, ``QuarantinedRecord.to_dict``),
read back one at a time whenever the whole log is iterated (writing the quarantine store,
counting reasons). It is a read-only ``Sequence`` for readers, so a plain list still serves
wherever a report is built from records already in memory.

>>> from ipas.sources import SourcePosition
>>> log = QuarantineLog(keep=2)
>>> log.extend(QuarantinedRecord(SourcePosition("a.csv", n), [{"message": "bad"}])
...            for n in (2, 3, 4, 5))
>>> len(log), bool(log), log.spilled, [r.position.line for r in log.examples]
(4, True, 2, [2, 3])
>>> [r.position.line for r in log], [r.position.line for r in log[1:3]], log[-1].position.line
([2, 3, 4, 5], [3, 4], 5)
>>> bool(QuarantineLog()), QuarantineLog() == [], log == list(log)
(False, True, True)
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, overload

from ipas.quarantine import QuarantinedRecord

#: Quarantined records a load keeps in memory for its report; the rest wait on disk.
REPORT_EXAMPLES = 1_000


class QuarantineLog(Sequence[QuarantinedRecord]):
    """The quarantined records of one load, in order: the first ``keep`` in memory, all
    later ones in an unnamed temporary file (gone when the log is, or the process ends)."""

    def __init__(self, keep: int | None = None) -> None:
        self.keep = REPORT_EXAMPLES if keep is None else keep
        self.examples: list[QuarantinedRecord] = []
        self.spilled = 0
        self._spill: IO[str] | None = None

    def append(self, record: QuarantinedRecord) -> None:
        if len(self.examples) < self.keep:
            self.examples.append(record)
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="quarantine-")
        self._spill.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        self.spilled += 1

    def extend(self, records: Iterable[QuarantinedRecord]) -> None:
        for record in records:
            self.append(record)

    def __eq__(self, other: object) -> bool:
        """Equal to a sequence (a list) of the same records, as a list would be."""
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable, as a list

    def __len__(self) -> int:
        return len(self.examples) + self.spilled

    def __iter__(self) -> Iterator[QuarantinedRecord]:
        yield from self.examples
        if self._spill is None:
            return
        self._spill.flush()
        self._spill.seek(0)
        for _ in range(self.spilled):  # a line each (JSON escapes line breaks in strings)
            yield QuarantinedRecord.from_dict(json.loads(self._spill.readline()))
        self._spill.seek(0, 2)  # appends go on at the end

    @overload
    def __getitem__(self, index: int) -> QuarantinedRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[QuarantinedRecord]: ...

    def __getitem__(self, index: int | slice) -> QuarantinedRecord | list[QuarantinedRecord]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step < 0:
                return list(self)[index]
            if stop <= len(self.examples):
                return self.examples[index]
            return list(itertools.islice(self, start, stop, step))
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError(index)
        if position < len(self.examples):
            return self.examples[position]
        return next(itertools.islice(self, position, None))
