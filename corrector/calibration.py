"""Calibration: the vote's posterior for a change, mapped to the share of such changes that are right.

The vote (:func:`corrector.proposal.toward`) treats the printings as independent witnesses and the
language evidence as exact, so its posterior is overconfident: on the training benchmarks the
changes it put at 0.999 and above were right 96–99 % of the time, and those it put at 0.9–0.95
only 70–80 % (a change is *right* when, applied alone, it lowers its page's distance to the truth).
The map from the posterior to the observed share is fitted on the training benchmarks only
(``python -m bench.calibrate``: isotonic regression on the posterior's log-odds, the synthetic and
the real-OCR benchmarks weighted alike) and shipped as ``data/calibration.json``; between its knots
it is linear in the log-odds, so it is strictly increasing and has an inverse (:meth:`Calibration.raw`).

Every confidence a proposal states is calibrated (the learned decision's are calibrated already
and do not pass through here).  Auto mode's bars are the vote's bars carried over by the same map
(:data:`corrector.policy.MIN_CONFIDENCE`), so calibrating changes what a proposal says, not what
auto mode applies.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Posteriors are read as log-odds clipped to this magnitude: 1e-6 from 0 or 1, which is as far as
#: the training data can tell changes apart (the vote's posteriors run to 1 - 1e-12).
LOGIT_CLIP = math.log((1 - 1e-6) / 1e-6)
#: The shipped map, written by ``python -m bench.calibrate``.
SHIPPED = Path(__file__).with_name("data") / "calibration.json"


def logit(p: float) -> float:
    """Log-odds of ``p``, clipped to ±:data:`LOGIT_CLIP`."""
    p = min(max(p, 0.0), 1.0)
    if p <= 0.0:
        return -LOGIT_CLIP
    if p >= 1.0:
        return LOGIT_CLIP
    return max(-LOGIT_CLIP, min(LOGIT_CLIP, math.log(p / (1.0 - p))))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class Calibration:
    """A strictly increasing map of the vote's posterior, piecewise linear in its log-odds.

    Attributes:
        xs: Knots: log-odds of the posterior, strictly increasing, from -LOGIT_CLIP to LOGIT_CLIP.
        ys: Calibrated confidence at each knot, strictly increasing, in (0, 1).
        fitted_on: What the knots were fitted on (for the record).
    """

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    fitted_on: str = ""

    def __post_init__(self) -> None:
        if len(self.xs) != len(self.ys) or len(self.xs) < 2:
            raise ValueError("a calibration needs two or more knots, as many xs as ys")
        if any(b <= a for a, b in zip(self.xs, self.xs[1:])) or any(b <= a for a, b in zip(self.ys, self.ys[1:])):
            raise ValueError("a calibration's knots must be strictly increasing")
        if not (0.0 < self.ys[0] and self.ys[-1] < 1.0):
            raise ValueError("calibrated confidences must lie strictly between 0 and 1")
        if self.xs[0] > -LOGIT_CLIP or self.xs[-1] < LOGIT_CLIP:
            raise ValueError("a calibration's knots must span the clipped log-odds")

    def __call__(self, posterior: float) -> float:
        """The calibrated confidence of a change the vote gives ``posterior``."""
        return _interp(logit(posterior), self.xs, self.ys)

    def raw(self, confidence: float) -> float:
        """The posterior the map takes to ``confidence`` (clipped to the map's range): its inverse."""
        c = min(max(confidence, self.ys[0]), self.ys[-1])
        return _sigmoid(_interp(c, self.ys, self.xs))

    def to_json(self) -> dict:
        return {"xs": list(self.xs), "ys": list(self.ys), "fitted_on": self.fitted_on}

    @classmethod
    def from_json(cls, data: dict) -> "Calibration":
        return cls(tuple(float(x) for x in data["xs"]), tuple(float(y) for y in data["ys"]), str(data.get("fitted_on", "")))


def _interp(x: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    i = bisect_right(xs, x) - 1
    t = (x - xs[i]) / (xs[i + 1] - xs[i])
    return ys[i] + t * (ys[i + 1] - ys[i])


@lru_cache(maxsize=1)
def shipped() -> Calibration:
    """The calibration shipped with the package (``data/calibration.json``)."""
    return Calibration.from_json(json.loads(SHIPPED.read_text(encoding="utf-8")))


def active() -> Calibration | None:
    """The calibration proposals state their confidence in: the shipped one.

    ``python -m bench.calibrate`` replaces this function in its own process by one returning
    ``None`` (the vote's posterior as it is), to fit a new map.
    """
    return shipped()


def calibrated(posterior: float) -> float:
    """``posterior`` through the active calibration (as it is when there is none)."""
    cal = active()
    return posterior if cal is None else cal(posterior)
