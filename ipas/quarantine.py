"""Quarantine: records that failed validation or mapping, kept on disk with the reason.

``{home}/quarantine/<batch id>/`` holds ``records.jsonl`` (one line per record: its source
position, the SHACL results or loader reason, and its triples as N-Triples) and
``report.ttl`` (the ``sh:ValidationReport`` of the failing records). Nothing is silently
dropped: a record is committed, or it is here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from ipas.errors import BadInput, NotFound
from ipas.sources import Record, Rejected, SourcePosition

_BATCH_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class QuarantinedRecord:
    """One record held back: where it came from, why, and what it said."""

    position: SourcePosition
    reasons: list[dict[str, Any]]
    triples: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.position.source,
            "line": self.position.line,
            "record_id": self.position.record_id,
            "position": str(self.position),
            "reasons": self.reasons,
            "triples": self.triples,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuarantinedRecord:
        pos = SourcePosition(data["source"], line=data.get("line"),
                             record_id=data.get("record_id"))
        return cls(pos, list(data.get("reasons", [])), data.get("triples", ""))

    @classmethod
    def of_record(cls, record: Record, reasons: list[dict[str, Any]]) -> QuarantinedRecord:
        return cls.of_triples(record.position, reasons, record.graph.ox())

    @classmethod
    def of_triples(cls, position: SourcePosition, reasons: list[dict[str, Any]],
                   triples: Iterable[ox.Triple]) -> QuarantinedRecord:
        """A record held back with its triples (written as N-Triples)."""
        text = ox.serialize((ox.Quad(t.subject, t.predicate, t.object) for t in triples),
                            format=ox.RdfFormat.N_TRIPLES)
        return cls(position, reasons, (text or b"").decode())

    @classmethod
    def of_rejected(cls, rejected: Rejected) -> QuarantinedRecord:
        return cls(rejected.position, [{"severity": "Violation", "message": rejected.reason}],
                   rejected.raw)


@dataclass
class QuarantineSummary:
    batch_id: str
    records: int
    path: Path
    sources: list[str] = field(default_factory=list)


class Quarantine:
    """The quarantine directory of a deployment.

    >>> import tempfile
    >>> q = Quarantine(Path(tempfile.mkdtemp()))
    >>> q.add("b1", [QuarantinedRecord(SourcePosition("a.ttl", 3), [{"message": "no name"}])])
    >>> [(s.batch_id, s.records) for s in q.summaries()], str(q.show("b1")[0].position)
    ([('b1', 1)], 'a.ttl:3')
    """

    def __init__(self, home: Path) -> None:
        self.root = home / "quarantine"

    def _dir(self, batch_id: str) -> Path:
        if not _BATCH_ID.fullmatch(batch_id):
            raise BadInput(f"invalid batch id {batch_id!r}", field="batch")
        return self.root / batch_id

    def add(self, batch_id: str, records: Iterable[QuarantinedRecord],
            report: Graph | None = None) -> None:
        """Append records (and merge a report) for ``batch_id``."""
        directory = self._dir(batch_id)
        directory.mkdir(parents=True, exist_ok=True)
        with (directory / "records.jsonl").open("a", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        if report is not None and len(report):
            with (directory / "report.ttl").open("ab") as out:
                out.write(report.serialize(format="nt", encoding="utf-8"))

    def summaries(self) -> list[QuarantineSummary]:
        """One summary per batch with quarantined records."""
        if not self.root.is_dir():
            return []
        out = []
        for directory in sorted(p for p in self.root.iterdir() if p.is_dir()):
            records = self.show(directory.name)
            sources = sorted({r.position.source for r in records})
            out.append(QuarantineSummary(directory.name, len(records), directory, sources))
        return out

    def show(self, batch_id: str) -> list[QuarantinedRecord]:
        path = self._dir(batch_id) / "records.jsonl"
        if not path.is_file():
            raise NotFound(f"nothing quarantined for batch {batch_id!r}", field="batch")
        with path.open(encoding="utf-8") as stream:
            lines = [line for line in stream if line.strip()]
        return [QuarantinedRecord.from_dict(json.loads(line)) for line in lines]

    def report(self, batch_id: str) -> Graph:
        """The SHACL report of the batch's quarantined records."""
        path = self._dir(batch_id) / "report.ttl"
        graph = Graph()
        if path.is_file():
            graph.parse(path, format="nt")
        return graph
