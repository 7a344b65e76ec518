"""Score candidate pairs: blocking, features and the calibrated model, in one pass.

The result of a run over records: a :class:`ScoredPair` per candidate whose score reaches
``floor``, with its features kept so that every score can be explained later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ipas.resolution.blocking import candidate_pairs
from ipas.resolution.features import FEATURES, TokenStats, keys_of, pair_features
from ipas.resolution.model import Model, agrees
from ipas.resolution.records import Record


@dataclass(frozen=True)
class ScoredPair:
    """Two records (indexes into the scored list), the score and the features behind it."""

    left: int
    right: int
    score: float
    features: tuple[float, ...]

    @property
    def agrees(self) -> bool:
        return agrees(self.features)

    def explain(self) -> dict[str, float]:
        """Features by name, zeros left out.

        >>> ScoredPair(0, 1, 0.9, tuple([1.0] + [0.0] * (len(FEATURES) - 1))).explain()
        {'name_ratio': 1.0}
        """
        return {n: round(v, 3) for n, v in zip(FEATURES, self.features, strict=True) if v}


#: Pairs scored at once.
BATCH = 20_000


def token_stats(records: Sequence[Record]) -> TokenStats:
    """Token rarity over ``records`` (each record's names count once)."""
    return TokenStats({t for k in keys_of(r) for t in k.core} for r in records)


def score_records(
    records: Sequence[Record],
    model: Model,
    *,
    floor: float = 0.0,
    progress: Callable[[int], None] | None = None,
) -> list[ScoredPair]:
    """Every candidate pair scoring ``floor`` or more, best first.

    ``progress`` is called with a count of records indexed, then of pairs scored.
    """
    stats = token_stats(records)
    keys = [keys_of(r) for r in records]
    out: list[ScoredPair] = []
    batch: list[tuple[int, int, tuple[float, ...]]] = []

    def flush() -> None:
        scores = model.score_many([f for _, _, f in batch])
        out.extend(ScoredPair(i, j, s, f) for (i, j, f), s in zip(batch, scores, strict=True)
                   if s >= floor)
        batch.clear()

    for n, (i, j) in enumerate(candidate_pairs(records, progress=progress), 1):
        batch.append((i, j, tuple(pair_features(records[i], records[j], stats,
                                                (keys[i], keys[j])))))
        if len(batch) >= BATCH:  # trees score many pairs at once (numpy), in bounded memory
            flush()
        if progress is not None and n % 1000 == 0:
            progress(0)
    flush()
    out.sort(key=lambda p: (-p.score, p.left, p.right))
    return out
