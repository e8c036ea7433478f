#!/usr/bin/env python3
"""Cross-check vectors for Rewire's calibration metrics, computed by numpy and scikit-learn.

Regenerate (Debian: apt-get install python3-sklearn) with
    /usr/bin/python3 make_vectors.py > vectors.json
The build does not run this: it reads the committed vectors.json.
"""
import json

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score


def numpy_bins(p, bins):
    edges = np.arange(bins + 1) * (1.0 / bins)  # float64 edges k*(1.0/B), as np.histogram's
    idx = np.searchsorted(edges, p, side="right") - 1  # [a, b)
    idx[idx >= bins] = bins - 1  # the last bin is closed
    return idx


def gaps(p, y, idx, bins):
    n = len(p)
    ece = mce = sq = 0.0
    for b in range(bins):
        m = idx == b
        if m.sum() == 0:
            continue
        gap = abs(y[m].mean() - p[m].mean())
        ece += m.sum() / n * gap
        sq += m.sum() / n * gap * gap
        mce = max(mce, gap)
    return ece, mce, float(np.sqrt(sq))


def sklearn_ece(p, y, bins):
    prob_true, prob_pred = calibration_curve(y, p, n_bins=bins, strategy="uniform")
    edges = np.linspace(0.0, 1.0 + 1e-8, bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], p), minlength=bins)
    counts = counts[counts > 0]
    return float(np.sum(counts / len(p) * np.abs(prob_true - prob_pred)))


def equal_mass_ece(p, y, bins):
    order = np.argsort(p, kind="stable")
    ece = 0.0
    for chunk in np.array_split(order, bins):
        if len(chunk):
            ece += len(chunk) / len(p) * abs(y[chunk].mean() - p[chunk].mean())
    return float(ece)


def vector(rng, n, bins, on_edges):
    p = rng.random(n)
    if on_edges:
        p[: n // 3] = rng.integers(0, bins + 1, n // 3) / bins
    y = (rng.random(n) < p ** 0.7).astype(int)
    if y.min() == y.max():
        y[0] = 1 - y[0]
    p = np.round(p, 6)
    idx = numpy_bins(p, bins)
    ece, mce, rmsce = gaps(p, y, idx, bins)
    return {
        "conf": p.tolist(), "correct": y.tolist(), "bins": bins,
        "ece_numpy": ece, "mce_numpy": mce, "rmsce_numpy": rmsce,
        "ece_sklearn": sklearn_ece(p, y, bins),
        "ece_equal_mass": equal_mass_ece(p, y, bins),
        "brier": float(brier_score_loss(y, p)),
        "log_loss": float(log_loss(y, p)),
        "auroc": float(roc_auc_score(y, p)),
    }


def main():
    rng = np.random.default_rng(20261124)
    cases = [vector(rng, n, bins, edges)
             for n, bins, edges in [(50, 10, False), (200, 10, True), (37, 5, True), (500, 15, False), (120, 20, True)]]
    print(json.dumps({"generated_by": f"numpy {np.__version__}, scikit-learn {sklearn.__version__}",
                      "cases": cases}, indent=1))


if __name__ == "__main__":
    main()
