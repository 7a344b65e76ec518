"""Calibrate the resolution model on the calibration half of the labelled OFAC/ICIJ set.

``python -m bench.resolution_calibrate [--shared ../shared]`` computes the features of every
candidate pair of the calibration half, fits gradient-boosted trees (scikit-learn's
``HistGradientBoostingClassifier``, log loss: its output is a probability), picks the
thresholds, and writes ``ipas/resolution/model.json``. The evaluation half is never seen
here; ``make bench`` reports on it.

Choosing the model is done inside the calibration half too: its entities are split in two
folds by a hash, and each candidate model is fitted on one fold and measured on the other
(best F1 and recall at precision >= 0.95, a true pair that is no candidate counting as
missed). The figures of the linear model (logistic regression) and of the trees are printed
and kept in ``model.json``.

Thresholds: ``auto_accept`` is the lowest score at which agreeing pairs are right at least 99%
of the time, taken on the out-of-fold scores (a model's scores on its own training pairs
would be too sure of themselves). ``review`` is a probability, not a fit: a pair with less
than a 30% chance of being one actor is not worth a reviewer's time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from bench.proc import PROJECT_ROOT
from bench.resolution_data import Labelled, build
from bench.resolution_metrics import is_true
from ipas.resolution.blocking import candidate_pairs
from ipas.resolution.features import FEATURES, keys_of, pair_features
from ipas.resolution.model import MODEL_PATH, Model, Tree, agrees
from ipas.resolution.scoring import token_stats

REVIEW = 0.3
#: The trees' settings (chosen by the two-fold comparison above, on the calibration half).
TREES = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 15, "random_state": 0}


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


def _fold(key: str) -> int:
    return hashlib.sha256(f"fold:{key}".encode()).digest()[0] & 1


def _figures(scores: np.ndarray, labels: np.ndarray, true_pairs: int) -> dict[str, float]:
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(labels[order])
    precision = tp / np.arange(1, len(order) + 1)
    recall = tp / true_pairs
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    ok = precision >= 0.95
    return {"best_f1": round(float(f1.max()), 4),
            "recall_at_p95": round(float(recall[ok].max()) if ok.any() else 0.0, 4)}


def export_trees(fit: Any) -> tuple[list[Tree], float]:
    """The fitted trees as arrays, and the baseline log-odds (scikit-learn's predictors)."""
    trees = []
    for (predictor,) in fit._predictors:
        nodes = predictor.nodes
        trees.append(Tree(
            [-1 if leaf else int(f) for f, leaf in zip(nodes["feature_idx"], nodes["is_leaf"],
                                                       strict=True)],
            [float(t) for t in nodes["num_threshold"]],
            [int(x) for x in nodes["left"]], [int(x) for x in nodes["right"]],
            [round(float(v), 6) for v in nodes["value"]]))
    return trees, float(np.ravel(fit._baseline_prediction)[0])


def calibrate(data: Labelled) -> Model:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    stats = token_stats(data.records)
    keys = [keys_of(r) for r in data.records]
    rows, labels, folds = [], [], []
    for i, j in candidate_pairs(data.records):
        rows.append(pair_features(data.records[i], data.records[j], stats, (keys[i], keys[j])))
        labels.append(is_true(data.truth, i, j))
        folds.append(_fold(data.truth[i] or data.records[i].iri))
    x, y, fold = np.asarray(rows), np.asarray(labels), np.asarray(folds)
    sizes = Counter(t for t in data.truth if t is not None)
    true_in = Counter()
    for entity, n in sizes.items():
        true_in[_fold(entity)] += n * (n - 1) // 2

    makers = {"logistic regression": lambda: LogisticRegression(C=1.0, max_iter=3000),
              "boosted trees": lambda: HistGradientBoostingClassifier(**TREES)}
    compared: dict[str, list[dict[str, float]]] = {}
    out_of_fold = np.zeros(len(y))
    for name, make in makers.items():
        compared[name] = []
        for held in (0, 1):
            train, test = fold != held, fold == held
            scores = make().fit(x[train], y[train]).predict_proba(x[test])[:, 1]
            compared[name].append(_figures(scores, y[test], true_in[held]))
            if name == "boosted trees":
                out_of_fold[test] = scores
        print(f"  {name:20} fold figures (fit on one, measured on the other): "
              f"{compared[name]}")

    fit = HistGradientBoostingClassifier(**TREES).fit(x, y)
    trees, baseline = export_trees(fit)
    model = Model(trees, round(baseline, 6), auto_accept=1.0, review=REVIEW)
    mine = np.asarray(model.score_many(rows[:5000]))
    theirs = fit.predict_proba(x[:5000])[:, 1]
    if not np.allclose(mine, theirs, atol=1e-4):  # the exported trees must be the fitted ones
        raise RuntimeError("exported trees do not reproduce scikit-learn's scores")
    model.auto_accept = max(0.5, _threshold(
        [(float(s), bool(ok)) for s, ok, f in zip(out_of_fold, y, rows, strict=True)
         if agrees(f)], 0.99))
    model.calibration = {
        "data": "OFAC SDN + consolidated (a.k.a. names, perturbed copies), ICIJ distractors: "
                "calibration half",
        "records": len(data.records), "candidate_pairs": len(rows),
        "true_candidate_pairs": int(y.sum()), "true_pairs": sum(true_in.values()),
        "trees": TREES, "two_fold_comparison": compared,
        "date": dt.date.today().isoformat(),
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
    print(f"wrote {args.out}: {len(model.trees)} trees over {len(FEATURES)} features, "
          f"auto_accept {model.auto_accept}, review {model.review}")


if __name__ == "__main__":
    main()
