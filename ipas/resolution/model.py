"""The scoring model: a logistic regression over pair features, calibrated on labelled pairs.

The weights and thresholds live in ``model.json`` beside this module, written by the
calibration run (``python -m bench.resolution_calibrate``, from the shared OFAC files) and
read here; nothing is typed in by hand. The score is a probability that the pair is one actor.
Interaction terms let corroboration (a date, nationality, identifier or country that agrees)
change how much a name similarity counts, and conflicts pull the score down.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipas.resolution.features import FEATURES

MODEL_PATH = Path(__file__).with_name("model.json")

_CORROBORATION = ("dob_match", "year_match", "nat_match", "id_match", "country_match")
_CONFLICTS = ("dob_conflict", "nat_conflict", "id_conflict", "country_conflict")
_NAMES = ("name_ratio", "name_jw", "soft_tokens", "name_set")

#: Terms the model sees: the features, then interactions (name x corroborated, name x conflict).
TERMS = (*FEATURES, *(f"{n}*corroborated" for n in _NAMES), *(f"{n}*conflict" for n in _NAMES))


def expand(features: Sequence[float]) -> list[float]:
    """Features plus interaction terms, in :data:`TERMS` order.

    >>> len(expand([0.0] * len(FEATURES))) == len(TERMS)
    True
    """
    f = dict(zip(FEATURES, features, strict=True))
    corroborated = max(f[c] for c in _CORROBORATION)
    conflict = max(f[c] for c in _CONFLICTS)
    return [*features, *(f[n] * corroborated for n in _NAMES), *(f[n] * conflict for n in _NAMES)]


def agrees(features: Sequence[float]) -> bool:
    """Attributes agree: at least one corroborates and none conflicts (auto-accept needs it).

    >>> f = dict.fromkeys(FEATURES, 0.0); f["year_match"] = 1.0
    >>> agrees([f[n] for n in FEATURES])
    True
    """
    f = dict(zip(FEATURES, features, strict=True))
    return any(f[c] for c in _CORROBORATION) and not any(f[c] for c in _CONFLICTS)


@dataclass
class Model:
    """Weights per term, a bias, and the calibrated thresholds."""

    weights: list[float]
    bias: float
    auto_accept: float
    review: float
    calibration: dict[str, object] = field(default_factory=dict)

    def score(self, features: Sequence[float]) -> float:
        """Probability that the pair is one actor.

        >>> m = Model([0.0] * len(TERMS), 0.0, 0.99, 0.5)
        >>> m.score([0.0] * len(FEATURES))
        0.5
        """
        z = self.bias + sum(w * x for w, x in zip(self.weights, expand(features), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        return json.dumps({"terms": list(TERMS), "weights": self.weights, "bias": self.bias,
                           "auto_accept": self.auto_accept, "review": self.review,
                           "calibration": self.calibration}, indent=1)


def load_model(path: Path = MODEL_PATH) -> Model:
    """The calibrated model; a model file for other terms than this code's is refused."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data["terms"] != list(TERMS):
        raise ValueError(f"{path}: model terms differ from the code's; re-run the calibration")
    return Model(data["weights"], data["bias"], data["auto_accept"], data["review"],
                 data.get("calibration", {}))
