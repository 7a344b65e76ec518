"""Calibrate the resolution model on the calibration half of the labelled OFAC/ICIJ set.

``python -m bench.resolution_calibrate [--shared ../shared]`` fits a logistic regression
(scikit-learn, a dev dependency) on the features of every candidate pair of the calibration
half, picks the thresholds, and writes ``ipas/resolution/model.json``. The evaluation half is
never seen here; ``make bench`` reports on it.

Thresholds: ``auto_accept`` is the lowest score at which agreeing pairs of the calibration
half are right at least 99% of the time. ``review`` is a probability, not a fit: the score is
a calibrated probability, and a pair with less than a 30% chance of being one actor is not
worth a reviewer's time.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from bench.proc import PROJECT_ROOT
from bench.resolution_data import Labelled, build
from bench.resolution_metrics import is_true
from ipas.resolution.blocking import candidate_pairs
from ipas.resolution.features import pair_features
from ipas.resolution.model import MODEL_PATH, TERMS, Model, agrees, expand
from ipas.resolution.scoring import token_stats

REVIEW = 0.3


def _threshold(scored: list[tuple[float, bool]], precision: float) -> float:
    """Lowest score from which, going down from the top, precision stays >= ``precision``."""
    scored = sorted(scored, reverse=True)
    tp = n = 0
    best = 1.0
    for score, ok in scored:
        n += 1
        tp += ok
        if tp / n >= precision:
            best = score
    return round(best, 4)


def calibrate(data: Labelled) -> Model:
    from sklearn.linear_model import LogisticRegression

    stats = token_stats(data.records)
    rows, labels, features_of = [], [], []
    for i, j in candidate_pairs(data.records):
        features = pair_features(data.records[i], data.records[j], stats)
        features_of.append(features)
        rows.append(expand(features))
        labels.append(is_true(data.truth, i, j))
    fit = LogisticRegression(C=1.0, max_iter=2000, class_weight=None).fit(rows, labels)
    model = Model([round(float(w), 5) for w in fit.coef_[0]], round(float(fit.intercept_[0]), 5),
                  auto_accept=1.0, review=0.5)
    scores = [model.score(f) for f in features_of]
    model.auto_accept = max(0.5, _threshold(
        [(s, ok) for s, ok, f in zip(scores, labels, features_of, strict=True) if agrees(f)],
        0.99))
    model.review = REVIEW
    model.calibration = {
        "data": "OFAC SDN + consolidated (a.k.a. names, perturbed copies), ICIJ distractors: "
                "calibration half",
        "records": len(data.records), "candidate_pairs": len(rows),
        "true_candidate_pairs": sum(labels), "date": dt.date.today().isoformat(),
    }
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    data = build(args.shared).held_out(0)
    model = calibrate(data)
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    weights = dict(zip(TERMS, model.weights, strict=True))
    print(f"wrote {args.out}: auto_accept {model.auto_accept}, review {model.review}")
    for name, weight in sorted(weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {name:28} {weight:+.3f}")


if __name__ == "__main__":
    main()
