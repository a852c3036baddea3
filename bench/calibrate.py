"""Fit the confidence calibration (``corrector/data/calibration.json``) on the training benchmarks.

    python -m bench.accuracy --source train --witnesses 2 3 4 5 --seed 1 --keep /tmp/acc-train-s1
    python -m bench.accuracy --source train --witnesses 2 3 4 5 --seed 2 --keep /tmp/acc-train-s2
    python -m bench.ocr --text train --articles 12 --out /tmp/ocr-train
    python -m bench.ocr --text train --articles 12 --part 1 --out /tmp/ocr-train-1
    python -m bench.ocr --text news --articles 12 --out /tmp/ocr-news
    python -m bench.ocr --text news --articles 12 --part 1 --out /tmp/ocr-news-1
    python -m bench.calibrate /tmp/acc-train-s1 /tmp/acc-train-s2 /tmp/ocr-train /tmp/ocr-train-1 \
        /tmp/ocr-news /tmp/ocr-news-1 [--write]

Every folder must hold training text (``source.txt`` of a ``bench.accuracy --keep`` folder, the
``text`` of a ``bench.ocr`` manifest: ``train`` or the news tuning text ``news``): the held-out
texts and the seeds are never fitted on.  The
engine is run again on each folder's pages in this process with the calibration switched off, so
every proposal but the variants states the vote's posterior; each is applied alone to its page and
is *right* when that lowers the page's distance to its gold (as ``bench.accuracy`` judges).  The
map is the isotonic regression (pool-adjacent-violators) of right on the posterior's log-odds,
the synthetic and the real-OCR proposals weighted alike (each kind of bench half of the weight),
made strictly increasing by joining the pooled blocks' centres with straight lines.  The table
printed shows, per confidence band, the training proposals' stated and observed share right
before and after; ``--write`` ships the map.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import corrector  # noqa: E402
from corrector import calibration  # noqa: E402
from corrector.calibration import LOGIT_CLIP, Calibration, logit  # noqa: E402
from corrector.proposal import rule_states_confidence  # noqa: E402

from bench.common import RELIABILITY_BANDS, confidence_outcomes  # noqa: E402

#: Knots closer than this in calibrated confidence are merged (the fitted map keeps a handful of
#: steps; the observed share of a step with few proposals is noise).
MIN_STEP = 0.005
#: A pooled block needs at least this much weight (proposals) to be a knot of its own.
MIN_BLOCK = 20.0
#: Smallest step between knots (the map must be strictly increasing to carry auto mode's bars over).
STRICT = 1e-5


#: bench.ocr's texts that may be fitted on: the training manuals and the news tuning text (never
#: ``heldout`` or ``news-heldout``).
TUNING_TEXTS = ("train", "news")


def cases(folder: Path) -> list[tuple[str, Path, Path]]:
    """``(bench kind, pages folder, gold folder)`` of every engine run a benchmark folder kept."""
    if (folder / "manifest.json").exists():
        text = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("text")
        if text not in TUNING_TEXTS:
            raise SystemExit(f"{folder}: bench.ocr on {text!r} text; only training text is fitted on")
        return [("ocr", art / "in", folder / "gold") for k in sorted((folder / "auto").iterdir())
                for art in sorted(k.iterdir()) if (art / "in").is_dir()]
    source = folder / "source.txt"
    if not source.exists() or source.read_text(encoding="utf-8").strip() != "train":
        raise SystemExit(f"{folder}: not a bench.accuracy --source train --keep folder; only training text is fitted on")
    return [("synthetic", w / "pages", w / "gold") for w in sorted(folder.glob("witnesses-*"))]


def outcomes(kind: str, pages: Path, gold: Path) -> list[tuple[str, float, bool]]:
    """``(bench kind, posterior, right)`` of every proposal but the variants on one run's pages."""
    docs = corrector.load([pages])
    result = corrector.propose(docs)
    # a confidence a rule states (a hold's cap, rule *lost mark put back*) is not the vote's posterior
    rows = [p.to_json() for p in result.proposals if not rule_states_confidence(p)]
    return [(kind, c, r) for c, r in confidence_outcomes(rows, pages, gold)]


def pav(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> list[tuple[float, float, float]]:
    """Pool adjacent violators: ``(centre of x, weighted mean of y, weight)`` per block, means increasing."""
    order = np.argsort(x, kind="stable")
    blocks: list[list[float]] = []  # weighted sum of y, weight, lowest x, highest x
    for xi, yi, wi in zip(x[order], y[order], w[order]):
        blocks.append([wi * yi, wi, xi, xi])
        while len(blocks) > 1 and (
            blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1] or blocks[-2][2] == blocks[-1][2]
        ):
            b = blocks.pop()
            blocks[-1][0] += b[0]
            blocks[-1][1] += b[1]
            blocks[-1][3] = b[3]
    return [((b[2] + b[3]) / 2, b[0] / b[1], b[1]) for b in blocks]


def fit(data: list[tuple[str, float, bool]]) -> Calibration:
    """The strictly increasing map from the posterior to the share right (see the module's docstring)."""
    kinds = np.array([k for k, _, _ in data])
    x = np.array([logit(c) for _, c, _ in data])
    y = np.array([float(r) for _, _, r in data])
    w = np.ones(len(data))
    present = sorted(set(kinds))
    for k in present:
        m = kinds == k
        w[m] = len(data) / (len(present) * m.sum())
    blocks = pav(x, y, w)
    # small blocks join their neighbour (the lower one; the first joins the next)
    merged: list[list[float]] = []
    for cx, cy, cw in blocks:
        if merged and (merged[-1][2] < MIN_BLOCK or cw < MIN_BLOCK or cy - merged[-1][1] < MIN_STEP):
            px, py, pw = merged[-1]
            merged[-1] = [(px * pw + cx * cw) / (pw + cw), (py * pw + cy * cw) / (pw + cw), pw + cw]
        else:
            merged.append([cx, cy, cw])
    # knots: the blocks' centres, with the ends of the clipped log-odds (a block at an end is that end)
    # each knot states its block's share smoothed by one right and one wrong pseudo-proposal
    # (Laplace), so a block without a wrong proposal does not state certainty
    knots = [(min(max(cx, -LOGIT_CLIP), LOGIT_CLIP), (cy * cw + 1) / (cw + 2)) for cx, cy, cw in merged]
    if knots[0][0] > -LOGIT_CLIP:
        knots.insert(0, (-LOGIT_CLIP, knots[0][1]))
    if knots[-1][0] < LOGIT_CLIP:
        knots.append((LOGIT_CLIP, knots[-1][1]))
    n = len(knots)
    # strictly increasing, strictly inside (0, 1): a step of STRICT between equal neighbours
    out_x = [x for x, _ in knots]
    out_y = []
    for i, (_, y) in enumerate(knots):
        y = max(y, STRICT * (i + 1), out_y[-1] + STRICT if out_y else 0.0)
        out_y.append(y)
    top = 1.0 - STRICT
    out_y = [min(y, top - (n - 1 - i) * STRICT) for i, y in enumerate(out_y)]
    total = {k: int((kinds == k).sum()) for k in present}
    what = ", ".join(f"{n} {k} proposals" for k, n in total.items())
    return Calibration(tuple(out_x), tuple(out_y), f"training benchmarks ({what}); python -m bench.calibrate")


def table(data: list[tuple[str, float, bool]], cal: Calibration | None) -> list[str]:
    lines = []
    for kind in sorted({k for k, _, _ in data}):
        rows = [(cal(c) if cal else c, r) for k, c, r in data if k == kind]
        lines.append(f"  {kind} ({len(rows)} proposals)")
        for lo, hi in RELIABILITY_BANDS:
            got = [(c, r) for c, r in rows if lo <= c < hi]
            if got:
                stated = sum(c for c, _ in got) / len(got)
                seen = sum(r for _, r in got) / len(got)
                lines.append(f"    [{lo:.2f}, {min(hi, 1):.2f})  {len(got):5d}  stated {stated:.3f}  right {seen:.3f}  "
                             f"{'' if abs(stated - seen) <= 0.03 else 'off by %+.3f' % (stated - seen)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.calibrate", description=__doc__.splitlines()[0])
    ap.add_argument("folders", type=Path, nargs="+", help="bench.accuracy --keep and bench.ocr folders on training text")
    ap.add_argument("--write", action="store_true", help=f"write the fitted map to {calibration.SHIPPED}")
    ap.add_argument("--data", type=Path, help="also save the (bench kind, posterior, right) triples as JSON")
    args = ap.parse_args(argv)
    runs = [c for f in args.folders for c in cases(f)]
    calibration.active = lambda: None  # the vote's posterior as it is (see corrector.calibration.active)
    data: list[tuple[str, float, bool]] = []
    for n, (kind, pages, gold) in enumerate(runs, 1):
        data += outcomes(kind, pages, gold)
        print(f"\r{n}/{len(runs)} runs, {len(data)} proposals", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if args.data:
        args.data.write_text(json.dumps(data), encoding="utf-8")
    cal = fit(data)
    print("Posterior as stated by the vote, per band: proposals, mean stated, share right")
    print("\n".join(table(data, None)))
    print("Calibrated (fitted on these proposals)")
    print("\n".join(table(data, cal)))
    print("knots (posterior → calibrated):", ", ".join(f"{1 / (1 + np.exp(-x)):.6f}→{y:.3f}" for x, y in zip(cal.xs, cal.ys)))
    if args.write:
        tmp = calibration.SHIPPED.with_name(calibration.SHIPPED.name + ".part")
        tmp.write_text(json.dumps(cal.to_json(), indent=1) + "\n", encoding="utf-8")
        tmp.replace(calibration.SHIPPED)
        print(f"wrote {calibration.SHIPPED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
