"""The scoring model: gradient-boosted trees over pair features, calibrated on labelled pairs.

The trees, their baseline and the thresholds live in ``model.json`` beside this module,
written by the calibration run (``python -m bench.resolution_calibrate``: scikit-learn's
histogram gradient boosting fitted on the shared OFAC files' calibration half) and read here;
nothing is typed in by hand, and scikit-learn is not needed to score. Trees let corroboration
(a date, nationality, identifier or country that agrees) change how much a name similarity
counts, and conflicts pull the score down, without hand-made interaction terms. The score is
the model's probability that the pair is one actor (log-loss boosting: the sigmoid of the
summed leaves).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ipas.resolution.features import FEATURES

MODEL_PATH = Path(__file__).with_name("model.json")

_CORROBORATION = ("dob_match", "year_match", "nat_match", "id_match", "country_match")
_CONFLICTS = ("dob_conflict", "nat_conflict", "id_conflict", "country_conflict")


def agrees(features: Sequence[float]) -> bool:
    """Attributes agree: at least one corroborates and none conflicts (auto-accept needs it).

    >>> f = dict.fromkeys(FEATURES, 0.0); f["year_match"] = 1.0
    >>> agrees([f[n] for n in FEATURES])
    True
    """
    f = dict(zip(FEATURES, features, strict=True))
    return any(f[c] for c in _CORROBORATION) and not any(f[c] for c in _CONFLICTS)


@dataclass
class Tree:
    """One regression tree as arrays: node ``n`` splits on ``feature[n]`` (``-1``: a leaf
    worth ``value[n]``); a value ``<= threshold[n]`` goes to ``left[n]``, else ``right[n]``.

    >>> t = Tree([0, -1, -1], [0.5, 0.0, 0.0], [1, 0, 0], [2, 0, 0], [0.0, -1.0, 1.0])
    >>> t.predict([0.9]), t.depth
    (1.0, 1)
    """

    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]
    depth: int = 0

    def __post_init__(self) -> None:
        if not self.depth:
            self.depth = self._depth(0)

    def _depth(self, node: int) -> int:
        if self.feature[node] < 0:
            return 0
        return 1 + max(self._depth(self.left[node]), self._depth(self.right[node]))

    def predict(self, x: Sequence[float]) -> float:
        node = 0
        while self.feature[node] >= 0:
            node = (self.left[node] if x[self.feature[node]] <= self.threshold[node]
                    else self.right[node])
        return self.value[node]

    def predict_many(self, x: np.ndarray) -> np.ndarray:
        """Leaf values for every row of ``x`` at once (all rows walk one level per step)."""
        feature, threshold = np.asarray(self.feature), np.asarray(self.threshold)
        left, right = np.asarray(self.left), np.asarray(self.right)
        node = np.zeros(len(x), dtype=np.int64)
        rows = np.arange(len(x))
        for _ in range(self.depth):
            f = feature[node]
            inner = f >= 0
            go_left = x[rows, np.maximum(f, 0)] <= threshold[node]
            node = np.where(inner, np.where(go_left, left[node], right[node]), node)
        return np.asarray(self.value)[node]

    def to_dict(self) -> dict[str, list[float] | list[int]]:
        return {"feature": self.feature, "threshold": self.threshold, "left": self.left,
                "right": self.right, "value": self.value}


@dataclass
class Model:
    """Trees, a baseline (log-odds), and the calibrated thresholds."""

    trees: list[Tree]
    baseline: float
    auto_accept: float
    review: float
    calibration: dict[str, object] = field(default_factory=dict)

    def score(self, features: Sequence[float]) -> float:
        """Probability that the pair is one actor.

        >>> Model([], 0.0, 0.99, 0.5).score([0.0] * len(FEATURES))
        0.5
        """
        z = self.baseline + sum(t.predict(features) for t in self.trees)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def score_many(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """:meth:`score` of many pairs at once (what a run uses: one pass per tree).

        >>> t = Tree([0, -1, -1], [0.5, 0.0, 0.0], [1, 0, 0], [2, 0, 0], [-2.0, -2.0, 2.0])
        >>> m = Model([t], 0.0, 0.99, 0.5)
        >>> x = [[0.9] + [0.0] * (len(FEATURES) - 1)]
        >>> m.score_many(x) == [m.score(x[0])]
        True
        """
        if not rows:
            return []
        x = np.asarray(rows, dtype=np.float64)
        z = np.full(len(x), self.baseline)
        for tree in self.trees:
            z += tree.predict_many(x)
        return [float(v) for v in 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))]

    def to_json(self) -> str:
        return json.dumps({"features": list(FEATURES), "baseline": self.baseline,
                           "auto_accept": self.auto_accept, "review": self.review,
                           "calibration": self.calibration,
                           "trees": [t.to_dict() for t in self.trees]},
                          separators=(",", ":"))


def load_model(path: Path = MODEL_PATH) -> Model:
    """The calibrated model; a model file for other features than this code's is refused."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("features") != list(FEATURES):
        raise ValueError(f"{path}: model features differ from the code's; re-run the "
                         "calibration (python -m bench.resolution_calibrate)")
    return Model([Tree(**t) for t in data["trees"]], data["baseline"], data["auto_accept"],
                 data["review"], data.get("calibration", {}))
