"""Admission of queries to the workers: a per-caller share and a bounded queue.

With two workers, two expensive queries from one partner used to make every other user's
SPARQL, REST and saved queries wait ~30 s, and twenty at once gave everyone 503s. Every read
now takes a slot first: at most ``workers`` run at once, and at most ``per_caller`` of them for
one caller (by default one less than the workers, so one caller never holds them all). A query
that finds no slot waits at most ``wait_s``: then a 429 ``too_many_queries`` when the caller's
own share is full, or a 503 ``busy`` when every worker is, both with ``Retry-After``.

The caller is whoever the request authenticated as: the app puts a :class:`CallerSlot` in
:data:`CALLER` for each request and fills in the name once the token is checked (contexts are
copied into worker threads, the slot object is shared with them).
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from ipas.errors import IpasError


@dataclass
class CallerSlot:
    """The name of the caller of the current request (``None`` until authenticated)."""

    name: str | None = None


CALLER: ContextVar[CallerSlot | None] = ContextVar("ipas_caller", default=None)


def current_caller() -> str:
    """The caller of the current request, ``-`` outside a request (the CLI, internal reads).

    >>> current_caller()
    '-'
    """
    slot = CALLER.get()
    return slot.name if slot is not None and slot.name is not None else "-"


class Busy(IpasError):
    """Every worker stayed busy for the queue's whole wait."""

    status_code = 503
    code = "busy"

    def __init__(self, message: str, *, retry_after: int, **detail: object) -> None:
        super().__init__(message, retry_after_s=retry_after, **detail)
        self.headers = {"Retry-After": str(retry_after)}


class TooManyQueries(Busy):
    """The caller already runs its share of the workers."""

    status_code = 429
    code = "too_many_queries"


class Admission:
    """Slots for queries (see the module docstring).

    >>> a = Admission(workers=2, per_caller=1, wait_s=0.01)
    >>> with a.slot("ana"), a.slot("bob"):
    ...     a.slot("ana").__enter__()
    Traceback (most recent call last):
    ipas.query.fairness.TooManyQueries: caller 'ana' already runs 1 queries at once, its \
share of the 2 query workers (IPAS_MAX_QUERIES_PER_CALLER); retry when one ends
    """

    def __init__(self, *, workers: int, per_caller: int, wait_s: float) -> None:
        self.workers = workers
        self.per_caller = max(1, min(per_caller, workers))
        self.wait_s = wait_s
        self._cond = threading.Condition()
        self._running: dict[str, int] = {}
        self._total = 0

    @contextlib.contextmanager
    def slot(self, caller: str) -> Iterator[None]:
        deadline = time.monotonic() + self.wait_s
        with self._cond:
            while True:
                mine = self._running.get(caller, 0)
                if mine < self.per_caller and self._total < self.workers:
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self._refusal(caller, mine)
                self._cond.wait(left)
            self._running[caller] = mine + 1
            self._total += 1
        try:
            yield
        finally:
            with self._cond:
                self._total -= 1
                if self._running[caller] <= 1:
                    del self._running[caller]
                else:
                    self._running[caller] -= 1
                self._cond.notify_all()

    def _refusal(self, caller: str, mine: int) -> Busy:
        retry = max(1, math.ceil(self.wait_s))
        if mine >= self.per_caller:
            return TooManyQueries(
                f"caller {caller!r} already runs {mine} queries at once, its share of the "
                f"{self.workers} query workers (IPAS_MAX_QUERIES_PER_CALLER); retry when one "
                "ends", retry_after=retry, limit="max_queries_per_caller")
        return Busy(
            f"all {self.workers} query workers stayed busy for {self.wait_s:g} s "
            "(IPAS_QUERY_QUEUE_WAIT_S); retry shortly", retry_after=retry,
            limit="query_queue_wait_s")
