"""Reliability of the confidence on real OCR: read a ``bench.ocr`` run and check confidence against the share right.

Run from the repository root, after ``python -m bench.ocr --text heldout --out OUT`` (or ``build`` and
``report``)::

    python -m bench.decision.reliability OUT [--plot OUT/reliability.png]

Every proposal of every ``corrector auto`` run the report kept (``OUT/auto/k<K>/<article>/``),
variants left out, is applied alone to its witness and judged against that witness's gold
(``OUT/gold``): right when the witness's character errors go down.  Printed per band: proposals,
mean stated confidence, observed share right; the check passes when every band with at least
``RELIABILITY_MIN`` proposals is within ``RELIABILITY_TOLERANCE`` (3 points).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.common import RELIABILITY_MIN, confidence_outcomes, plot_reliability, reliability, reliability_ok


def runs(out: Path) -> dict[int, list[Path]]:
    """The kept ``corrector auto`` runs of a ``bench.ocr`` output folder, by number of witnesses."""
    found: dict[int, list[Path]] = {}
    for d in sorted((out / "auto").glob("k*/*")):
        if (d / "out" / "report.json").is_file():
            found.setdefault(int(d.parent.name[1:]), []).append(d)
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="a bench.ocr output folder (with auto/ and gold/)")
    ap.add_argument("--plot", type=Path, help="write the reliability diagram (PNG) here")
    args = ap.parse_args(argv)
    found = runs(args.out)
    if not found or not (args.out / "gold").is_dir():
        print(f"error: {args.out} has no kept corrector auto runs (auto/k*/*/out/report.json) or no gold/", file=sys.stderr)
        return 2
    curves = {}
    every = []
    for k, dirs in sorted(found.items()):
        pairs = []
        for d in dirs:
            report = json.loads((d / "out" / "report.json").read_text(encoding="utf-8"))
            pairs += confidence_outcomes(report.get("applied", []) + report.get("skipped", []), d / "in", args.out / "gold")
        every += pairs
        curves[f"{k} witnesses"] = reliability(pairs)
    curves["all"] = reliability(every)
    ok = True
    for name, rows in curves.items():
        good = reliability_ok(rows)
        ok &= good
        print(f"{name}: " + "; ".join(f"[{lo:.2f},{hi:.2f}) {n} stated {st:.3f} seen {ob:.3f}" for lo, hi, n, st, ob in rows)
              + f"  -> {'PASS' if good else 'FAIL'} (bands with ≥ {RELIABILITY_MIN} proposals within 3 points)")
    if args.plot:
        plot_reliability(args.plot, curves, f"corrector auto on real OCR ({args.out.name}): confidence vs share right")
        print(f"wrote {args.plot}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
