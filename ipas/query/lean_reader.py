"""Lean queries (see :mod:`ipas.query.lean`) answered in the calling thread, on a snapshot.

A lean query skips the worker processes: it runs on a read-only view of the on-disk store
opened in this process, once per write generation (after the writer's memtables are flushed,
as for the workers), or on a memory store itself. The answer is built here only while it
stays small (:data:`LEAN_MAX_ROWS`): building rows holds the interpreter, so a larger answer
is dropped and the query handed to a worker, as is one whose bound variables the engine
cannot substitute (the structural bound assumes they are constants) or one whose view lost
a file to the writer's compaction (the view is reopened next time). ``None`` says "use a
worker"; errors in the query itself come back typed, as from a worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

import pyoxigraph as ox

from ipas.errors import BadInput
from ipas.query.worker import (
    Answer,
    Job,
    SubstitutionRefused,
    evaluate,
    limited,
    open_read_only,
    run_job,
)
from ipas.store.base import SelectResult
from ipas.store.terms import from_ox

#: Rows a lean query may build in this process (~15 ms of interpreter time per 1,000).
LEAN_MAX_ROWS = 5_000


class LeanReader:
    """Answers lean jobs over ``engine`` (a memory store) or views of the store at ``path``.

    ``flush(generation)`` makes the writer's recent commits visible to a new view. The
    writer's engine of an on-disk store is not kept here: closing the store must release it.
    """

    def __init__(self, engine: ox.Store, path: str | None,
                 flush: Callable[[int], None]) -> None:
        self._engine: ox.Store | None = engine if path is None else None
        self._path = path
        self._flush = flush
        self._view: tuple[int, ox.Store] | None = None  # (generation, read-only view)
        self._lock = threading.Lock()

    def answer(self, job: Job) -> Answer | None:
        """``job`` serialized as a worker would serialize it, or None (use a worker)."""
        engine = self._engine_for(job.generation)
        if engine is None:
            return None
        try:
            answer = run_job(engine, _capped(job), values_fallback=False)
        except SubstitutionRefused:
            return None
        except (OSError, RuntimeError):
            self._view = None
            return None
        if answer.truncated and (job.max_rows or 0) > LEAN_MAX_ROWS:
            return None
        return answer

    def select(self, job: Job) -> SelectResult | None:
        """A SELECT ``job`` as rows read from the engine's solutions (no serializing and
        parsing back), or None (use a worker)."""
        engine = self._engine_for(job.generation)
        if engine is None:
            return None
        try:
            result = evaluate(engine, job, values_fallback=False)
            if not isinstance(result, ox.QuerySolutions):
                raise BadInput("expected a SELECT query", source="query")
            names = [v.value for v in result.variables]
            rows, truncated = limited(result, _capped(job).max_rows)
        except SubstitutionRefused:
            return None
        except (OSError, RuntimeError):
            self._view = None
            return None
        if truncated and (job.max_rows or 0) > LEAN_MAX_ROWS:
            return None
        out = SelectResult(variables=names, truncated=truncated)
        for row in rows:
            out.rows.append({n: from_ox(row[n]) for n in names if row[n] is not None})
        return out

    def _engine_for(self, generation: int) -> ox.Store | None:
        if self._path is None:
            return self._engine  # a memory store: reads see what is committed
        current = self._view
        if current is not None and current[0] == generation:
            return current[1]
        with self._lock:
            current = self._view
            if current is not None and current[0] == generation:
                return current[1]
            self._flush(generation)
            try:
                view = open_read_only(self._path)
            except (OSError, RuntimeError):
                return None
            self._view = (generation, view)
            return view

    def close(self) -> None:
        self._engine = None
        self._view = None


def _capped(job: Job) -> Job:
    """``job`` with its row limit lowered to what a lean query may build here."""
    return replace(job, max_rows=min(job.max_rows or LEAN_MAX_ROWS, LEAN_MAX_ROWS))
