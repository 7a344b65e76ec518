"""Saved-query answers kept until the store's next write, per scope: a repeat costs no query.

A saved query's answer is a function of the query and its parameters, the dataset it reads
(the caller's scope after the inference switch), the row limit, the media type and the
store's content. The store counts its committed writes (``generation``), so an answer is
kept under all of these and served to a request that names the same ones while the
generation has not moved; the first request after a write empties the cache. Two callers
share an answer only when their scopes are the same set of graphs, which is exactly when
the query would have read the same triples: the cache never widens what anyone sees.

Audit is unchanged (every request, hits included, is recorded by the audit middleware with
its result count). The cache is bounded in bytes (``IPAS_ANSWER_CACHE_MB``, 0 turns it off),
least recently used answers go first, and an answer larger than an eighth of the budget is
not kept. A store that does not count its writes (a remote engine) gets no cache.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from ipas.store.base import Scope


@dataclass(frozen=True)
class Cached:
    """A rendered answer: its bytes, Content-Type and row count (for the audit entry)."""

    body: bytes
    media_type: str
    row_count: int | None


def answer_key(name: str, params: Mapping[str, Any], media: str, scope: Scope,
               *extra: Hashable) -> tuple[Hashable, ...]:
    """What an answer depends on besides the store's generation.

    >>> a = answer_key("q", {"x": 1}, "text/csv", Scope.of(["urn:g1", "urn:g2"]))
    >>> a == answer_key("q", {"x": 1}, "text/csv", Scope.of(["urn:g2", "urn:g1"]))
    True
    >>> a == answer_key("q", {"x": 1}, "text/csv", Scope.of(["urn:g1"]))
    False
    """
    def names(graphs: Any) -> tuple[str, ...] | None:
        return None if graphs is None else tuple(sorted(graphs))

    text = json.dumps(dict(params), sort_keys=True, default=str)
    return (name, text, media, names(scope.graphs), names(scope.default_graphs),
            names(scope.named_graphs), *extra)


class AnswerCache:
    """Answers of one write generation, least recently used out first, at most ``max_bytes``.

    >>> cache = AnswerCache(1000)
    >>> cache.put(1, ("k",), Cached(b"body", "text/csv", 1))
    >>> cache.get(1, ("k",)).body, cache.get(2, ("k",)), cache.get(1, ("k",))
    (b'body', None, None)
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._generation: int | None = None
        self._answers: OrderedDict[tuple[Hashable, ...], Cached] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, generation: int, key: tuple[Hashable, ...]) -> Cached | None:
        with self._lock:
            self._turn(generation)
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
            return found

    def put(self, generation: int, key: tuple[Hashable, ...], answer: Cached) -> None:
        size = len(answer.body)
        if size > self.max_bytes // 8:
            return
        with self._lock:
            self._turn(generation)
            if self._generation != generation:
                return  # computed before a write that has since emptied the cache
            old = self._answers.pop(key, None)
            self._bytes -= len(old.body) if old is not None else 0
            self._answers[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= len(dropped.body)

    def _turn(self, generation: int) -> None:
        """Empty the cache when the store's generation moves (only forward)."""
        if self._generation is None or generation > self._generation:
            self._answers.clear()
            self._bytes = 0
            self._generation = generation
