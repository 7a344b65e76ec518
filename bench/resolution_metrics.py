"""Pairwise precision, recall and F1 over thresholds, and cluster sizes, against a truth.

Shared by the resolution stage (ours and the peer's scores are measured the same way) and
the calibration run. A pair nobody scored counts as a miss.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

THRESHOLDS = (*(round(0.05 * n, 2) for n in range(1, 20)), 0.97, 0.98, 0.99)
#: Pairwise figures are cheap to take at every hundredth.
FINE = tuple(round(0.01 * n, 2) for n in range(1, 100))


def true_pair_count(truth: Sequence[str | None]) -> int:
    """Pairs of records that belong to one entity.

    >>> true_pair_count(["a", "a", "a", "b", None, None])
    3
    """
    sizes = Counter(t for t in truth if t is not None)
    return sum(n * (n - 1) // 2 for n in sizes.values())


def is_true(truth: Sequence[str | None], i: int, j: int) -> bool:
    return truth[i] is not None and truth[i] == truth[j]


def curve(scored: Iterable[tuple[int, int, float]], truth: Sequence[str | None],
          thresholds: Sequence[float] = FINE) -> dict[str, object]:
    """Precision, recall and F1 at each threshold; best F1; recall at precision >= 0.95.

    >>> c = curve([(0, 1, 0.9), (0, 2, 0.4)], ["a", "a", "b"], thresholds=(0.3, 0.5))
    >>> c["best_f1"], c["recall_at_p95"]
    (1.0, 1.0)
    """
    total = true_pair_count(truth)
    labelled = [(s, is_true(truth, i, j)) for i, j, s in scored]
    rows = []
    for t in thresholds:
        predicted = [ok for s, ok in labelled if s >= t]
        tp = sum(predicted)
        precision = tp / len(predicted) if predicted else 1.0
        recall = tp / total if total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"threshold": t, "precision": round(precision, 4),
                     "recall": round(recall, 4), "f1": round(f1, 4), "predicted": len(predicted)})
    best = max(rows, key=lambda r: r["f1"])
    at95 = max((r["recall"] for r in rows if r["precision"] >= 0.95), default=0.0)
    return {"true_pairs": total, "candidates": len(labelled),
            "candidate_recall": round(sum(ok for _, ok in labelled) / total, 4) if total else 0,
            "best_f1": best["f1"], "best_threshold": best["threshold"],
            "recall_at_p95": at95, "curve": rows}


def cluster_figures(groups: Iterable[Iterable[int]], truth: Sequence[str | None]) -> dict[str,
                                                                                          object]:
    """Pairwise precision/recall/F1 of resolved groups, and their sizes against the true ones.

    >>> cluster_figures([[0, 1], [2, 3]], ["a", "a", "b", None])["precision"]
    0.5
    """
    tp = predicted = largest = 0
    for group in groups:
        members = list(group)
        largest = max(largest, len(members))
        n = len(members)
        predicted += n * (n - 1) // 2
        counts = Counter(truth[m] for m in members if truth[m] is not None)
        tp += sum(c * (c - 1) // 2 for c in counts.values())
    total = true_pair_count(truth)
    precision = tp / predicted if predicted else 1.0
    recall = tp / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    true_largest = max(Counter(t for t in truth if t is not None).values(), default=0)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "largest_cluster": largest, "largest_true_cluster": true_largest}
