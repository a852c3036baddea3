"""Seeds end to end: time one ``corrector auto seeds --out TMP`` process and count its proposals.

Run from the repository root::

    python -m bench.seeds [--repeat 3] [--seeds DIR]

Target (issue 2): under 2 s for the five seed pages, start-up included. The seeds are the pages
the engine was developed on, so this is a speed and sanity check, not an accuracy figure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path
from statistics import median

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_report, run_corrector, verdict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of pages (default: the repository's seeds)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the median time is judged (default %(default)s)")
    args = ap.parse_args(argv)
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 110))
    times, peaks = [], []
    report = {}
    for _ in range(max(1, args.repeat)):
        with tempfile.TemporaryDirectory(prefix="corrector-seeds-") as tmp:
            run = run_corrector(["auto", str(args.seeds), "--out", str(Path(tmp) / "out"), "--quiet"])
            report = load_report(Path(tmp) / "out")
        times.append(run.seconds)
        peaks.append(run.peak_mib)
    applied, skipped = report.get("applied", []), report.get("skipped", [])
    t = Table(title=f"corrector auto {args.seeds}", title_justify="left")
    t.add_column("kind")
    t.add_column("applied", justify="right")
    t.add_column("skipped", justify="right")
    a, s = Counter(p["kind"] for p in applied), Counter(p["kind"] for p in skipped)
    for kind in sorted(set(a) | set(s)):
        t.add_row(kind, str(a.get(kind, 0)), str(s.get(kind, 0)))
    t.add_row("total", str(len(applied)), str(len(skipped)), end_section=True)
    console.print(t)
    changed = sum(1 for d in report.get("documents", []) if d.get("applied"))
    groups = report.get("groups", [])
    n_groups = groups if isinstance(groups, int) else len(groups)
    console.print(f"documents: {len(report.get('documents', []))}, changed: {changed}, groups of versions: {n_groups}")
    console.print("applied corrections:")
    for p in applied:
        diff = " ".join(str(p.get("diff") or f"{p['old']} → {p['new']}").split())
        console.print(f"  {p['doc']} {p['start']}: {diff}  ({p['confidence']:.3f}, {p['kind']})",
                      markup=False, highlight=False, soft_wrap=True)
    med = median(times)
    console.print(
        f"wall time: median {med:.2f} s of {len(times)} runs ({', '.join(f'{x:.2f}' for x in times)}), peak memory "
        f"{max(peaks):.0f} MiB; target < {TARGET_SECONDS:.0f} s: {verdict(med < TARGET_SECONDS)}"
    )
    return 0 if med < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
