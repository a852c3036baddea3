"""Train the decision model on labelled changes and write ``corrector/data/decision.json``.

Run from the repository root::

    python -m bench.decision.dataset --out /tmp/decision/synth.jsonl --runs 10
    python -m bench.decision.ocr_data --out /tmp/decision/ocr.jsonl --slices 1     # optional, real OCR
    python -m bench.decision.train /tmp/decision/*.jsonl [--out corrector/data/decision.json]

Two L2-regularised logistic regressions (numpy, Newton's method) over the features of
:func:`corrector.decision.features`, fitted on the ``train`` rows:

- ``right``: the change, applied alone, lowers its page's errors (neutral and wrong count as not right);
- ``editorial``: the change touches an editorial rewrite of that very paper.

The ``right`` model's logit is then calibrated on the ``validation`` rows (Platt scaling), and the two
bars of :func:`corrector.decision.decide` are chosen there: ``editorial`` (P(editorial) from which a
change is a variant) and ``show`` (P(right) under which no proposal is made).  Nothing here reads the
held-out text or the seeds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

import numpy as np

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "corrector" / "data" / "decision.json"
#: L2 penalties on the standardised weights tried (the bias is not penalised); the validation split picks one.
L2_GRID = (1.0, 10.0, 100.0, 1000.0)
#: Weight of a change from real OCR against one from the noise generator: real OCR is what the tool
#: meets (its errors cluster at lines and column rules), but it is slow to make, so there is less of it.
OCR_WEIGHT = 3.0
#: Share of the validation split's editorial changes the variant bar must catch.
EDITORIAL_RECALL = 0.98
#: Highest share of the validation split's right changes that may go unshown (P(right) below ``show``).
RIGHT_HIDDEN = 0.01
#: Confidence bands of the reliability table.
BANDS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)


def load(paths: list[Path]) -> list[dict]:
    """Labelled rows; their features are recomputed from the stored change with today's :func:`features`."""
    from corrector.decision import Change, features

    rows = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    if "change" in row:
                        row["features"] = features(Change(**row["change"]))
                    rows.append(row)
    return rows


def matrix(rows: list[dict], names: list[str]) -> np.ndarray:
    return np.array([[r["features"][n] for n in names] for r in rows], dtype=float)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50, weight: np.ndarray | None = None) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (column 0 is the unpenalised bias), rows weighted."""
    w = np.zeros(x.shape[1])
    sw = np.ones(len(y)) if weight is None else weight
    pen = np.full(x.shape[1], l2)
    pen[0] = 0.0
    for _ in range(iters):
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = x.T @ (sw * (p - y)) + pen * w
        h = (x * (sw * p * (1 - p))[:, None]).T @ x + np.diag(pen) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(h, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-7:
            break
    return w


def isotonic(x: np.ndarray, y: np.ndarray, min_block: int = 50) -> tuple[list[float], list[float]]:
    """Isotonic regression of ``y`` on ``x`` (pool adjacent violators), as knots for ``np.interp``.

    Blocks hold at least ``min_block`` rows (so a knot is a share of enough changes to mean
    something); each knot is a block's mean ``x`` and its share of ``y``.
    """
    order = np.argsort(x)
    xs, ys = x[order], y[order]
    blocks: list[list[float]] = []  # [sum x, sum y, n]
    for i in range(0, len(xs), min_block):
        blocks.append([float(xs[i:i + min_block].sum()), float(ys[i:i + min_block].sum()), float(len(xs[i:i + min_block]))])
    merged: list[list[float]] = []
    for b in blocks:
        merged.append(b)
        while len(merged) > 1 and merged[-2][1] / merged[-2][2] >= merged[-1][1] / merged[-1][2]:
            last = merged.pop()
            for j in range(3):
                merged[-1][j] += last[j]
    return [round(b[0] / b[2], 6) for b in merged], [round(b[1] / b[2], 6) for b in merged]


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def reliability(p: np.ndarray, y: np.ndarray) -> list[tuple[float, float, int, float, float]]:
    """``(low, high, n, mean stated, observed share)`` per confidence band."""
    out = []
    for lo, hi in zip(BANDS, BANDS[1:]):
        m = (p >= lo) & (p < hi)
        if m.any():
            out.append((lo, min(hi, 1.0), int(m.sum()), float(p[m].mean()), float(y[m].mean())))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, nargs="+", help="JSON-lines files from dataset.py / ocr_data.py")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--l2", type=float, default=None, help="L2 penalty (default: chosen on validation from %s)" % (L2_GRID,))
    args = ap.parse_args(argv)
    for p in args.data:
        if not p.is_file():
            print(f"error: no file {p}", file=sys.stderr)
            return 2
    rows = load(args.data)
    train = [r for r in rows if r["split"] == "train"]
    val = [r for r in rows if r["split"] == "validation"]
    if not train or not val:
        print("error: need rows of both the train and the validation split", file=sys.stderr)
        return 2
    names = list(train[0]["features"])
    xt, xv = matrix(train, names), matrix(val, names)
    mean = xt.mean(axis=0)
    scale = xt.std(axis=0)
    scale[scale < 1e-9] = 1.0
    mean[0], scale[0] = 0.0, 1.0  # the bias column stays 1
    zt, zv = (xt - mean) / scale, (xv - mean) / scale
    yr_t = np.array([r["outcome"] == "right" for r in train], dtype=float)
    yr_v = np.array([r["outcome"] == "right" for r in val], dtype=float)
    ye_t = np.array([r["editorial"] for r in train], dtype=float)
    ye_v = np.array([r["editorial"] for r in val], dtype=float)
    # the penalty: the one of L2_GRID with the lowest validation log loss (unless --l2 is given)
    grid = [args.l2] if args.l2 is not None else list(L2_GRID)
    wt = np.array([OCR_WEIGHT if r.get("source") == "ocr" else 1.0 for r in train])
    fits = {l2: fit_logistic(zt, yr_t, l2, weight=wt) for l2 in grid}
    losses = {l2: log_loss(sigmoid(zv @ w), yr_v) for l2, w in fits.items()}
    l2 = min(losses, key=losses.get)
    print("L2 penalty: validation log loss " + ", ".join(f"{k:g}: {v:.4f}" for k, v in losses.items()) + f" -> {l2:g}")
    w_right = fits[l2]
    w_edit = fit_logistic(zt, ye_t, l2, weight=wt)
    # Platt scaling of the right model on the validation split
    logit_v = zv @ w_right
    ab = fit_logistic(np.column_stack([np.ones_like(logit_v), logit_v]), yr_v, 0.0)
    platt = (float(ab[1]), float(ab[0]))
    # ... then isotonic regression of the outcome on the Platt probability, where the sigmoid's
    # shape does not fit (the confidence is the interpolated knot)
    p_platt = sigmoid(platt[0] * logit_v + platt[1])
    knots = isotonic(p_platt, yr_v)
    p_v = np.interp(p_platt, knots[0], knots[1])
    print(f"calibration: Platt a={platt[0]:.3f} b={platt[1]:.3f}, then {len(knots[0])} isotonic knots")
    pe_v = sigmoid(zv @ w_edit)
    # the bars
    edits = np.sort(pe_v[ye_v == 1])
    edit_bar = float(min(0.5, edits[int((1 - EDITORIAL_RECALL) * len(edits))])) if len(edits) else 0.5
    rights = np.sort(p_v[yr_v == 1])
    show_bar = float(rights[int(RIGHT_HIDDEN * len(rights))]) if len(rights) else 0.0
    show_bar = round(max(0.0, min(show_bar, 0.5)), 4)
    edit_bar = round(max(0.05, edit_bar), 4)

    rules_p = np.array([r["features"]["vote_logit"] for r in val]) * 5.0
    n_ocr = sum(r.get("source") == "ocr" for r in rows)
    print(f"{n_ocr} of the {len(rows)} rows come from real OCR")
    print(f"train {len(train)} rows ({int(yr_t.sum())} right, {int(ye_t.sum())} editorial); "
          f"validation {len(val)} rows ({int(yr_v.sum())} right, {int(ye_v.sum())} editorial)")
    print(f"validation log loss, right: model {log_loss(p_v, yr_v):.4f}, the vote's own probability "
          f"{log_loss(sigmoid(rules_p), yr_v):.4f}; editorial: {log_loss(pe_v, ye_v):.4f}")
    print(f"bars: editorial {edit_bar} (catches {np.mean(pe_v[ye_v == 1] >= edit_bar) if ye_v.any() else 1:.3f} of "
          f"editorial changes; {int(((pe_v >= edit_bar) & (yr_v == 1)).sum())} right changes called variants), "
          f"show {show_bar} (hides {int(((p_v < show_bar) & (pe_v < edit_bar)).sum())} changes, "
          f"{int(((p_v < show_bar) & (pe_v < edit_bar) & (yr_v == 1)).sum())} of them right)")
    shown = pe_v < edit_bar
    print("reliability on validation (non-variant changes): band, n, stated, observed")
    for lo, hi, n, stated, obs in reliability(p_v[shown], yr_v[shown]):
        print(f"  [{lo:.2f}, {hi:.2f})  {n:6d}  {stated:.4f}  {obs:.4f}")
    ocr_v = np.array([r.get("source") == "ocr" for r in val])
    if (shown & ocr_v).any():
        print("... of which real OCR: band, n, stated, observed")
        for lo, hi, n, stated, obs in reliability(p_v[shown & ocr_v], yr_v[shown & ocr_v]):
            print(f"  [{lo:.2f}, {hi:.2f})  {n:6d}  {stated:.4f}  {obs:.4f}")
    applied = shown & (p_v >= 0.9)
    wrong = np.array([r["outcome"] == "wrong" for r in val])
    print(f"at 0.9: {int(applied.sum())} applied, {int((applied & (yr_v == 1)).sum())} right, "
          f"{int((applied & wrong).sum())} wrong, {int((applied & (ye_v == 1)).sum())} editorial")
    order = np.argsort(-np.abs(w_right[1:])) + 1
    print("largest weights (right): " + ", ".join(f"{names[i]} {w_right[i]:+.2f}" for i in order[:12]))
    order = np.argsort(-np.abs(w_edit[1:])) + 1
    print("largest weights (editorial): " + ", ".join(f"{names[i]} {w_edit[i]:+.2f}" for i in order[:12]))

    from corrector.decision import Model

    model = Model(
        names=names, mean=mean, scale=scale, right=w_right, editorial=w_edit, platt=platt, knots=knots,
        bars={"editorial": edit_bar, "show": show_bar},
        version=f"{datetime.date.today().isoformat()}-lr-{len(train)}x{len(names)}-l2-{l2:g}",
    )
    data = model.to_json()
    data["trained_on"] = sorted({p.name for p in args.data})
    tmp = args.out.with_suffix(".json.part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
