"""No dangling links: triples that describe or refer to a quarantined record leave the stage.

When a record is quarantined, the other records of its batch may still describe its node or
link to it (a pathway's link to a stash house whose record failed). Committing those triples
would leave a node with no label and no type in the store. After validation, the stage file
is read once and every such triple moves to quarantine, reported under the record that wrote
it with the reason "refers to quarantined record X". The stage carries, before each chunk of
quads, one comment line (``#@ [[count, source, line, id], ...]``) naming the records the
following quads belong to; N-Quads readers skip comments.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

from ipas.quarantine import QuarantinedRecord
from ipas.sources import SourcePosition

_MARK = b"#@ "
_IRI = re.compile(rb"<[^>\s]*>")


class _Described(Protocol):
    @property
    def position(self) -> SourcePosition: ...
    @property
    def triples(self) -> list[ox.Triple]: ...
    @property
    def subjects(self) -> frozenset[ox.NamedNode | ox.BlankNode]: ...


@dataclass
class Removed:
    triples: int = 0
    records: list[QuarantinedRecord] = field(default_factory=list)


def write_rows(sink: IO[bytes], rows: list[list[object]]) -> None:
    """The comment line naming the records whose quads follow, in that order (``rows``:
    ``[count, source, line, record id]`` per record)."""
    if rows:
        sink.write(_MARK + json.dumps(rows, ensure_ascii=True).encode() + b"\n")


def held_iris(units: Iterable[_Described]) -> dict[ox.NamedNode, str]:
    """IRIs of the records held back: their declared subjects (else their triples' subjects).

    >>> from ipas.ingest.fast import Unit
    >>> from rdflib import URIRef
    >>> held_iris([Unit(SourcePosition("a.csv", 2, "7"), [], frozenset({URIRef("urn:x")}))])
    {<NamedNode value=urn:x>: '7'}
    """
    out: dict[ox.NamedNode, str] = {}
    for unit in units:
        nodes = [s for s in unit.subjects if isinstance(s, ox.NamedNode)] or [
            t.subject for t in unit.triples if isinstance(t.subject, ox.NamedNode)]
        for node in nodes:
            out[node] = unit.position.record_id or node.value
    return out


def remove(stage: IO[bytes], units: Iterable[_Described]) -> Removed:
    """Take out of ``stage`` (rewritten in place) every quad whose subject or object is one of
    ``units``' nodes; each referring record's quads become one quarantine entry."""
    held = held_iris(units)
    removed = Removed()
    if not held:
        return removed
    texts = {f"<{node.value}>".encode() for node in held}
    stage.flush()
    stage.seek(0)
    owners: list[tuple[int, SourcePosition]] = []
    dropped: dict[tuple[SourcePosition, str], list[ox.Quad]] = {}
    with tempfile.TemporaryFile(dir=Path(stage.name).parent) as kept:
        for line in stage:
            if line.startswith(_MARK):
                owners = [(n, SourcePosition(src, line=ln, record_id=rid))
                          for n, src, ln, rid in reversed(json.loads(line[len(_MARK):]))]
                kept.write(line)
                continue
            if not line.strip() or line.startswith(b"#"):
                kept.write(line)
                continue
            owner = _advance(owners)
            if not any(token in texts for token in _IRI.findall(line)):
                kept.write(line)
                continue
            (quad,) = ox.parse(line, ox.RdfFormat.N_QUADS)
            target = quad.subject if quad.subject in held else quad.object
            if target not in held:  # the IRI was inside a literal or the graph name
                kept.write(line)
                continue
            verb = "describes" if target == quad.subject else "refers to"
            dropped.setdefault((owner, f"{verb} quarantined record {held[target]}"),
                               []).append(quad)
        kept.seek(0)
        stage.seek(0)
        stage.truncate()
        shutil.copyfileobj(kept, stage)
    for (position, reason), quads in dropped.items():
        removed.triples += len(quads)
        removed.records.append(QuarantinedRecord.of_triples(
            position, [{"severity": "Violation", "message": reason}],
            [ox.Triple(q.subject, q.predicate, q.object) for q in quads]))
    return removed


def _advance(owners: list[tuple[int, SourcePosition]]) -> SourcePosition:
    """The record the next quad line belongs to (``owners`` is a reversed countdown)."""
    while owners and owners[-1][0] == 0:
        owners.pop()
    if not owners:
        return SourcePosition("(unknown)")
    count, position = owners[-1]
    owners[-1] = (count - 1, position)
    return position
