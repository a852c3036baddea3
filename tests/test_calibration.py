"""Calibration: the shipped map, its inverse, auto mode's bars carried over, and the fitting script's pooling."""

from __future__ import annotations

import math

import pytest

import corrector
from corrector import calibration, policy
from corrector.calibration import LOGIT_CLIP, Calibration, logit

from .conftest import make_doc
from .texts import OTHER, STORY, THIRD


def _sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def test_a_map_is_piecewise_linear_in_the_log_odds_and_clipped():
    # knots at log-odds -clip, 0, 2, +clip (posterior 1e-6, 0.5, 0.881, 1 - 1e-6)
    cal = Calibration((-LOGIT_CLIP, 0.0, 2.0, LOGIT_CLIP), (0.1, 0.4, 0.8, 0.9))
    assert cal(0.5) == pytest.approx(0.4)
    assert cal(_sig(1.0)) == pytest.approx(0.6)  # half way from 0 to 2 in log-odds: half way from 0.4 to 0.8
    assert cal(_sig(2.0)) == pytest.approx(0.8)
    assert cal(1.0) == pytest.approx(0.9) and cal(1 - 1e-12) == pytest.approx(0.9)  # beyond the clip: the last knot
    assert cal(0.0) == pytest.approx(0.1)
    # the inverse: the posterior the map takes to a confidence
    assert cal.raw(0.6) == pytest.approx(_sig(1.0))
    assert cal.raw(0.4) == pytest.approx(0.5)
    assert cal.raw(0.95) == pytest.approx(_sig(LOGIT_CLIP))  # above the map's range: its top


@pytest.mark.parametrize(
    "xs, ys",
    [
        ((-LOGIT_CLIP, 0.0, 0.0, LOGIT_CLIP), (0.1, 0.2, 0.3, 0.4)),  # knots not strictly increasing
        ((-LOGIT_CLIP, 0.0, LOGIT_CLIP), (0.1, 0.5, 0.5)),  # flat: no inverse, bars would not carry over
        ((-1.0, LOGIT_CLIP), (0.1, 0.9)),  # does not span the log-odds
        ((-LOGIT_CLIP, LOGIT_CLIP), (0.1, 1.0)),  # certainty stated
        ((-LOGIT_CLIP,), (0.1,)),
    ],
)
def test_a_map_that_is_not_strictly_increasing_or_does_not_span_is_refused(xs, ys):
    with pytest.raises(ValueError):
        Calibration(xs, ys)


def test_the_shipped_map_is_increasing_and_overconfidence_is_taken_out():
    cal = calibration.shipped()
    grid = [_sig(x / 10) for x in range(-138, 139)]  # inside the clipped log-odds
    values = [cal(p) for p in grid]
    assert all(b > a for a, b in zip(values, values[1:]))
    # fitted on the training benches: a posterior of 0.9 is right far less often than 90 % of the
    # time, and nothing is stated as certain
    assert cal(0.9) < 0.88
    assert cal(1.0) < 1.0
    for p in (0.3, 0.6, 0.9, 0.99, 0.999):
        assert cal.raw(cal(p)) == pytest.approx(p, rel=1e-9)


def test_auto_modes_bars_are_the_posterior_bars_carried_over():
    cal = calibration.shipped()
    assert policy.MIN_CONFIDENCE == round(cal(policy.POSTERIOR_BAR), 4)
    assert policy.shared_bar(policy.MIN_CONFIDENCE) == pytest.approx(cal(policy.POSTERIOR_SHARED_BAR), abs=2e-4)
    # so a posterior passes the calibrated bar exactly when it passed the posterior bar
    for x in range(-60, 140):
        p = _sig(x / 10)
        if abs(p - policy.POSTERIOR_BAR) > 1e-3:
            assert (round(cal(p), 4) >= policy.MIN_CONFIDENCE) == (p >= policy.POSTERIOR_BAR), p


def test_proposals_state_the_calibrated_posterior(monkeypatch):
    texts = {
        "a.txt": OTHER + STORY.replace("统筹协调", "统筹协凋"),
        "b.txt": STORY + THIRD,
        "c.txt": THIRD + STORY,
    }
    docs = [make_doc(k, v) for k, v in texts.items()]
    shipped = calibration.shipped()
    seen: list[float] = []

    class Spy:
        def __call__(self, posterior: float) -> float:
            seen.append(posterior)
            return shipped(posterior)

    monkeypatch.setattr(calibration, "active", lambda: Spy())
    stated = {(p.doc, p.old, p.new): p.confidence for p in corrector.propose(docs).proposals}
    assert ("a.txt", "凋", "调") in stated and seen
    assert set(stated.values()) <= {round(shipped(x), 4) for x in seen}
    monkeypatch.setattr(calibration, "active", lambda: None)
    raw = {(p.doc, p.old, p.new): p.confidence for p in corrector.propose(docs).proposals}
    assert raw.keys() == stated.keys()
    # three printings, two against one, and the dictionary for 调: the vote is sure; calibrated, less so
    assert raw[("a.txt", "凋", "调")] > 0.999 > stated[("a.txt", "凋", "调")] > 0.9


def test_logit_is_clipped():
    assert logit(0.0) == -LOGIT_CLIP and logit(1.0) == LOGIT_CLIP
    assert logit(0.5) == 0.0
    assert logit(1 - 1e-12) == LOGIT_CLIP
