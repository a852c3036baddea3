"""The reliability check of the benchmark reports: the strict 3-point test and the 95 % interval beside it."""

from __future__ import annotations

import math

import pytest

from bench.common import reliability_ok, reliability_within_noise, share_interval


def _wilson_by_hand(right: int, n: int) -> tuple[float, float]:
    # the textbook form: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.96
    z, p = 1.96, right / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def test_the_interval_is_wilsons():
    # 70 right of 100: 60.4 % to 78.1 % (the standard table's value)
    low, high = share_interval(100, 0.7)
    assert low == pytest.approx(0.6041, abs=1e-4) and high == pytest.approx(0.7811, abs=1e-4)
    for right, n in ((0, 10), (10, 10), (3, 31), (250, 286), (871, 880)):
        assert share_interval(n, right / n) == pytest.approx(_wilson_by_hand(right, n))
    assert share_interval(0, 0.0) == (0.0, 1.0)


def test_a_small_band_off_by_more_than_3_points_can_still_be_calibrated():
    small = [(0.5, 0.7, 88, 0.566, 0.511)]  # held-out OCR: 5.5 points off, inside 41-61 %
    assert not reliability_ok(small) and reliability_within_noise(small)
    wrong = [(0.7, 0.8, 111, 0.749, 0.604)]  # 14.5 points off: outside 51-69 %
    assert not reliability_ok(wrong) and not reliability_within_noise(wrong)
    few = [(0.3, 0.5, 12, 0.381, 0.667)]  # under 30 proposals: not checked by either
    assert reliability_ok(few) and reliability_within_noise(few)
