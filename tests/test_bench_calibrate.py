"""The calibration fitting script: pooling adjacent violators, and the map it makes."""

from __future__ import annotations

import numpy as np
import pytest

from bench.calibrate import fit, pav
from corrector.calibration import LOGIT_CLIP, logit


def test_pav_pools_violators_into_increasing_blocks():
    # y = 1, 0 at x = 1, 2 violate; pooled to 0.5 at x 1.5; then 1, 1 (equal means pool too)
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([1.0, 0.0, 1.0, 1.0])
    assert pav(x, y, np.ones(4)) == [(1.5, 0.5, 2.0), (3.5, 1.0, 2.0)]
    # weights: the heavier point pulls the pooled mean
    assert pav(np.array([1.0, 2.0]), np.array([1.0, 0.0]), np.array([3.0, 1.0])) == [(1.5, 0.75, 4.0)]
    # ties in x always pool
    assert pav(np.array([1.0, 1.0, 2.0]), np.array([0.0, 1.0, 1.0]), np.ones(3)) == [(1.0, 0.5, 2.0), (2.0, 1.0, 1.0)]


def _slow_pav_means(x, y):
    """Reference: the isotonic fit as the increasing step function minimising squared error (brute force)."""
    import itertools

    n = len(x)
    best = None
    for cuts in itertools.product([0, 1], repeat=n - 1):
        blocks, cur = [], [0]
        for i, c in enumerate(cuts, 1):
            if c:
                blocks.append(cur)
                cur = [i]
            else:
                cur.append(i)
        blocks.append(cur)
        means = [float(np.mean(y[b])) for b in blocks]
        if any(b <= a for a, b in zip(means, means[1:])):
            continue
        sse = sum(float(((y[b] - m) ** 2).sum()) for b, m in zip(blocks, means))
        if best is None or sse < best[0] - 1e-12:
            best = (sse, means)
    return best[1]


@pytest.mark.parametrize("seed", range(6))
def test_pav_matches_the_brute_force_isotonic_fit(seed):
    rng = np.random.default_rng(seed)
    x = np.arange(8, dtype=float)
    y = (rng.random(8) < np.linspace(0.2, 0.9, 8)).astype(float)
    assert [m for _, m, _ in pav(x, y, np.ones(8))] == pytest.approx(_slow_pav_means(x, y))


def test_fit_is_strictly_increasing_spans_the_log_odds_and_weights_benches_alike():
    rng = np.random.default_rng(0)
    data = []
    for kind, n, skew in (("synthetic", 3000, 0.0), ("ocr", 300, 0.1)):
        for _ in range(n):
            post = float(1 / (1 + np.exp(-rng.uniform(-2, 14))))
            right = rng.random() < min(1.0, 0.6 + 0.4 * post - skew)
            data.append((kind, post, bool(right)))
    cal = fit(data)
    assert cal.xs[0] == -LOGIT_CLIP and cal.xs[-1] == LOGIT_CLIP
    assert all(b > a for a, b in zip(cal.ys, cal.ys[1:]))
    # the OCR proposals weigh as much as the synthetic ones although ten times fewer: at a posterior
    # of 0.993 (log-odds 5) the shares are 0.997 and 0.897, so the fit sits near their mean 0.947
    # (the synthetic proposals alone would put it near 1)
    assert 0.92 < cal(1 / (1 + np.exp(-5.0))) < 0.97
    assert cal(0.5) < cal(0.99) < cal(1.0) < 1.0
    assert "3000 synthetic" in cal.fitted_on and "300 ocr" in cal.fitted_on
    assert logit(0.5) == 0.0
