"""The append-only audit log: one JSON object per line, at ``settings.audit_path``.

Entries are appended by the file's writer thread (:mod:`ipas.security.audit_writer`): with
one ``write`` on a file opened ``O_APPEND`` under an exclusive ``flock`` (so concurrent writers,
threads or processes, never interleave lines), the entries waiting at that moment together,
then one fsync; :meth:`AuditLog.record` (and :meth:`AuditLog.record_async`, for the event loop)
returns only after the fsync that covers its entry: an entry the caller has seen acknowledged
survives a crash. Nothing rewrites or truncates the file.

Routes call :meth:`AuditLog.record` (or the :meth:`AuditLog.timed` context manager) once per
query or write; ``search`` backs ``ipas audit``.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ipas.security.audit_writer import GroupWriter, writer_for
from ipas.security.principal import Principal
from ipas.settings import Settings

#: Graph lists longer than this are recorded as a count only (keeps lines small).
MAX_LISTED_GRAPHS = 50
#: Query texts longer than this are cut in the log (the sha256 still covers the whole text).
MAX_QUERY_CHARS = 20_000


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def cli_user() -> str:
    """Who runs a CLI command, for its audit entries (``cli:<OS user>``).

    >>> cli_user().startswith("cli:")
    True
    """
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry (containers)
        return f"cli:uid{os.getuid()}"


def audit_load(settings: Settings, result: Any) -> None:
    """Record one batch loaded from the CLI (``result``: an ``ipas.ingest.IngestResult``)."""
    AuditLog(settings.audit_path).record(
        who=cli_user(), role="cli", action="ingest",
        status="ok" if not result.quarantined else "quarantined", target=result.batch.id,
        result_count=result.triples, created=result.created, **batch_facts(result.batch),
    )


def batch_facts(entry: Any) -> dict[str, Any]:
    """What an ingest audit entry says about its batch, the same from the CLI and HTTP
    (``entry``: an ``ipas.catalog.BatchEntry``)."""
    return {"batch": entry.id, "marking": entry.marking, "agency": entry.agency,
            "source": entry.source, "shared_with": list(entry.shared_with) or None}


def query_hash(text: str) -> str:
    """The sha256 recorded beside a query, so equal queries can be found without the text.

    >>> query_hash("ASK {}")[:12]
    '819ea91ed5f1'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class AuditEvent:
    """An entry being filled in by the code that serves one request (see ``AuditLog.timed``)."""

    status: str = "ok"
    result_count: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


class AuditLog:
    """Appends entries to one file; safe for concurrent writers.

    >>> import tempfile, pathlib
    >>> log = AuditLog(pathlib.Path(tempfile.mkdtemp()) / "audit.jsonl")
    >>> entry = log.record(who="ana", role="analyst", action="query", query="ASK {}", status="ok")
    >>> entry["query_sha256"][:6]
    '819ea9'
    >>> [e["who"] for e in log.search(action="query")]
    ['ana']
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: tuple[int, GroupWriter] | None = None  # (pid, the process's writer)

    def writer(self) -> GroupWriter:
        """The process's writer for this file (looked up once per process)."""
        pid = os.getpid()
        if self._writer is None or self._writer[0] != pid:
            self._writer = (pid, writer_for(self.path))
        return self._writer[1]

    def record(self, **fields: Any) -> dict[str, Any]:
        """Append one entry (fields as :meth:`entry` takes them); returns it once on disk."""
        entry, line = self.entry(**fields)
        self.writer().append(line)
        return entry

    async def record_async(self, **fields: Any) -> dict[str, Any]:
        """:meth:`record` for the event loop: awaits the fsync without holding a thread."""
        entry, line = self.entry(**fields)
        await self.writer().append_async(line)
        return entry

    @staticmethod
    def entry(
        *,
        who: str,
        role: str | None,
        action: str,
        status: str,
        query: str | None = None,
        graphs: Iterable[str] | None = None,
        result_count: int | None = None,
        duration_ms: float | None = None,
        client: str | None = None,
        target: str | None = None,
        **detail: Any,
    ) -> tuple[dict[str, Any], bytes]:
        """One entry and its line (JSON, ASCII, newline-terminated)."""
        entry: dict[str, Any] = {"time": _utc_now(), "who": who, "role": role, "action": action}
        if target is not None:
            entry["target"] = target
        if query is not None:
            entry["query_sha256"] = query_hash(query)
            entry["query"] = query[:MAX_QUERY_CHARS]
            if len(query) > MAX_QUERY_CHARS:
                entry["query_truncated"] = True
        if graphs is not None:
            listed = sorted(graphs)
            entry["graphs_in_scope"] = len(listed)
            if len(listed) <= MAX_LISTED_GRAPHS:
                entry["graphs"] = listed
        entry["result_count"] = result_count
        entry["status"] = status
        if duration_ms is not None:
            entry["duration_ms"] = round(duration_ms, 3)
        if client is not None:
            entry["client"] = client
        entry.update({k: v for k, v in detail.items() if v is not None})
        line = (json.dumps(entry, ensure_ascii=True, default=str) + "\n").encode("ascii")
        return entry, line

    @contextlib.contextmanager
    def timed(
        self,
        principal: Principal,
        action: str,
        *,
        query: str | None = None,
        graphs: Iterable[str] | None = None,
        client: str | None = None,
        target: str | None = None,
    ) -> Iterator[AuditEvent]:
        """Record one request: duration measured, status ``error:<code>`` if an exception escapes.

        The caller sets ``event.result_count`` (and may set ``event.status``) inside the block.
        """
        event = AuditEvent()
        started = time.perf_counter()
        try:
            yield event
        except BaseException as exc:
            event.status = f"error:{getattr(exc, 'code', type(exc).__name__)}"
            raise
        finally:
            self.record(
                who=principal.name,
                role=principal.role.value,
                action=action,
                status=event.status,
                query=query,
                graphs=graphs,
                result_count=event.result_count,
                duration_ms=(time.perf_counter() - started) * 1000,
                client=client,
                target=target,
                **event.detail,
            )

    # -- reading ----------------------------------------------------------------------------
    def entries(self) -> Iterator[dict[str, Any]]:
        """Every entry in order; a torn last line (crash mid-write) is skipped."""
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return
        with handle:
            for raw in handle:
                try:
                    yield json.loads(raw)
                except ValueError:
                    continue

    def search(
        self,
        *,
        who: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        status: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Entries matching every given filter (``status`` matches a prefix: ``error``)."""
        for entry in self.entries():
            if who is not None and entry.get("who") != who:
                continue
            if action is not None and entry.get("action") != action:
                continue
            if status is not None and not str(entry.get("status", "")).startswith(status):
                continue
            if since is not None:
                try:
                    stamp = datetime.fromisoformat(str(entry.get("time")))
                except ValueError:
                    continue
                if stamp < since:
                    continue
            yield entry
