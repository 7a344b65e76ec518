"""The change feed: batches committed, replaced and retracted, read from the catalog, with an
opaque cursor so that a system can ask what changed since its last sync.

Events come from the catalog alone: ``committed`` at a batch's load time, ``retracted`` at its
retraction time, and ``replaced`` when a later delta batch of the same source withdrew some of
its statements (at that batch's load time). Catalog times have one-second precision and are
taken before the commit ends, so an event can appear with a time a little before events a
reader has already seen. The cursor therefore holds the last time delivered and the keys of
the events delivered within :data:`GRACE` before it; the next read returns every event of that
window the reader has not seen, and everything after it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ipas.catalog import RETRACTED, BatchEntry
from ipas.errors import InvalidParameter

#: How far back from the cursor's time late-committed events are still looked for.
GRACE = timedelta(minutes=10)


@dataclass(frozen=True)
class Change:
    """One event of the feed."""

    kind: str  # committed, replaced, retracted
    at: str  # xsd:dateTime, UTC
    entry: BatchEntry
    by: str | None = None  # the batch that replaced this one

    @property
    def key(self) -> str:
        """A short stable digest of the event (what a cursor remembers)."""
        text = f"{self.kind}|{self.entry.id}|{self.at}|{self.by or ''}"
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def to_dict(self) -> dict[str, object]:
        e = self.entry
        out: dict[str, object] = {
            "kind": self.kind, "at": self.at, "batch_id": e.id, "graph": e.graph,
            "source": e.source, "marking": e.marking, "agency": e.agency,
            "records": e.records, "triples": e.triples,
            "links": {"batch": f"/ingest/{e.id}"},
        }
        if self.by is not None:
            out["by"] = self.by
            out["links"] = {"batch": f"/ingest/{e.id}", "by": f"/ingest/{self.by}"}
        return out


def events(entries: Iterable[BatchEntry]) -> list[Change]:
    """Every event the catalog records, oldest first.

    >>> a = BatchEntry("a", "urn:a", "s", "rdf", "", "2026-01-01T00:00:00Z")
    >>> b = BatchEntry("b", "urn:b", "s", "rdf", "", "2026-01-02T00:00:00Z", revises=("urn:a",),
    ...                status="retracted", retracted_at="2026-01-03T00:00:00Z")
    >>> [(c.kind, c.entry.id, c.by) for c in events([a, b])]  # doctest: +NORMALIZE_WHITESPACE
    [('committed', 'a', None), ('committed', 'b', None), ('replaced', 'a', 'b'),
     ('retracted', 'b', None)]
    """
    entries = list(entries)
    by_graph = {e.graph: e for e in entries}
    out: list[Change] = []
    for e in entries:
        out.append(Change("committed", e.loaded_at, e))
        for graph in e.revises:
            if graph in by_graph:
                out.append(Change("replaced", e.loaded_at, by_graph[graph], by=e.id))
        if e.status == RETRACTED:
            out.append(Change("retracted", e.retracted_at or e.loaded_at, e))
    order = {"committed": 0, "replaced": 1, "retracted": 2}
    return sorted(out, key=lambda c: (c.at, order[c.kind], c.entry.id))


@dataclass(frozen=True)
class Cursor:
    """Where a reader is: the last time delivered and the events seen around it."""

    at: str = ""
    seen: frozenset[str] = frozenset()

    def encode(self) -> str:
        text = json.dumps({"t": self.at, "k": sorted(self.seen)}, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        """A cursor from its token; InvalidParameter (422) for anything else.

        >>> Cursor.decode(Cursor("2026-01-01T00:00:00Z", frozenset({"ab"})).encode()).seen
        frozenset({'ab'})
        """
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            at, seen = data["t"], data["k"]
            if not isinstance(at, str) or not all(isinstance(k, str) for k in seen):
                raise ValueError(token)
            if at:
                _time(at)
            return cls(at, frozenset(seen))
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise InvalidParameter("parameter 'since': not a cursor this feed gave out",
                                   parameter="since", expected="cursor") from None


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _window(at: str) -> str:
    """The earliest time still looked at after a cursor at ``at``."""
    if not at:
        return ""
    return (_time(at) - GRACE).strftime("%Y-%m-%dT%H:%M:%SZ")


def read(changes: list[Change], cursor: Cursor, limit: int,
         visible: Callable[[Change], bool]) -> tuple[list[Change], Cursor, bool]:
    """The next ``limit`` visible events after ``cursor``, the cursor after them, and whether
    more are waiting.

    >>> a = BatchEntry("a", "urn:a", "s", "rdf", "", "2026-01-01T00:00:00Z")
    >>> b = BatchEntry("b", "urn:b", "s", "rdf", "", "2026-01-01T00:00:00Z")
    >>> got, cur, more = read(events([a]), Cursor(), 10, lambda c: True)
    >>> [c.entry.id for c in got], more
    (['a'], False)
    >>> [c.entry.id for c in read(events([a, b]), cur, 10, lambda c: True)[0]]
    ['b']
    """
    start = _window(cursor.at)
    pending = [c for c in changes if c.at >= start and c.key not in cursor.seen and visible(c)]
    page, more = pending[:limit], len(pending) > limit
    at = max([cursor.at, *(c.at for c in page)])
    floor = _window(at)
    delivered = cursor.seen | {c.key for c in page}
    seen = {c.key for c in changes if c.at >= floor and c.key in delivered}
    return page, Cursor(at, frozenset(seen)), more
