"""Why auto held proposals back, and how often it was right to: a rule audit over benchmark output.

Usage (from the repository root)::

    python -m bench.ocr.skips OUT... [--k 3 4 5] [--min-confidence 0.78] [--show TEXT] [--applied]

``OUT`` is a ``bench.ocr`` output folder (``OUT/gold``, ``OUT/auto/kK/ARTICLE/{in,out/report.json}``) or a
``bench.accuracy --keep`` folder (``pages``, ``gold``, ``out/report.json``).  Every proposal auto skipped
(variants and suspects left out) at or above ``--min-confidence`` is applied alone to its page and
judged against the gold as the benchmarks judge it: right (the page's character errors go down),
wrong (up) or neutral.  The proposals are grouped by the reason auto gave, its numbers masked as N,
and the table says, per reason, how many were right, wrong and neutral: a rule that holds back
mostly right corrections shows at once.  ``--show TEXT`` lists the proposals of the reasons that
contain TEXT.  Run it on tuning text only (``bench/data/README.md``); a rule changed because of
what it shows on a judging split is a rule tuned on that split.

``--applied`` audits what auto applied instead, grouped by the proposal's kind, the classifier's
note (:attr:`corrector.model.Proposal.note`) and the rules that stated its confidence
(:attr:`~corrector.model.Proposal.stated_by`): where the wrong corrections come from.

The rule *printed mark kept* was narrowed this way (2026-12-02): on the tuning benches, of its 122
skips at auto's bar, those at 0.9 or more and those the language evidence favoured were 73 right,
0 wrong.  ``--applied`` found the hyphens two printings read as 一 (背书-举例来说: 4 wrong, 6 neutral
where the language opposed 一 or was even) and a figure deleted as stray digits (58岁), both now rules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

from ..common import outcome as judge

#: Outcomes, in the table's order.
OUTCOMES = ("right", "wrong", "neutral")


def units(root: Path, ks: list[int]) -> Iterator[tuple[Path, Path, Path]]:
    """``(report.json, pages folder, gold folder)`` of every ``corrector auto`` run under ``root``."""
    if (root / "out" / "report.json").is_file():  # a bench.accuracy --keep folder
        yield root / "out" / "report.json", root / "pages", root / "gold"
        return
    for k in ks:
        kdir = root / "auto" / f"k{k}"
        if not kdir.is_dir():
            continue
        for art in sorted(kdir.iterdir()):
            report = art / "out" / "report.json"
            if report.is_file():
                yield report, art / "in", root / "gold"


def reason_class(why: str) -> str:
    """A skip reason with its numbers masked, so that one rule's skips fall in one class."""
    return re.sub(r"\d+(\.\d+)?", "N", why)


def applied_class(row: dict) -> str:
    """An applied proposal's class: its kind, the classifier's note and the rules that stated its confidence."""
    cls = row.get("kind", "?")
    if row.get("note"):
        cls += f" ({row['note']})"
    if row.get("stated_by"):
        cls += " [" + ", ".join(row["stated_by"]) + "]"
    return reason_class(cls)


def audit(roots: list[Path], ks: list[int], min_confidence: float = 0.0,
          applied: bool = False) -> tuple[dict[str, Counter], dict[str, list[str]]]:
    """Per class, the outcomes of the skipped proposals (by reason) or, with ``applied``, of the applied
    ones (by :func:`applied_class`), and one line per proposal."""
    table: dict[str, Counter] = defaultdict(Counter)
    lines: dict[str, list[str]] = defaultdict(list)
    cache: dict = {}
    for root in roots:
        for report, pages, gold in units(root, ks):
            for row in json.loads(report.read_text(encoding="utf-8")).get("applied" if applied else "skipped", []):
                if row.get("kind") in ("variant", "suspect") or row.get("confidence", 0.0) < min_confidence:
                    continue
                outcome = judge(row, pages, gold, cache)
                cls = applied_class(row) if applied else reason_class(row.get("skipped_because", ""))
                table[cls][outcome] += 1
                lines[cls].append(f"{outcome:7s} {report.parent.parent.name}/{row['doc']} [{row['old']}→{row['new']}] "
                                  f"{row['confidence']:.2f} :: {row['reason'][:120]}".replace("\n", "/"))
    return table, lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr.skips", description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="+", help="bench.ocr output folders or bench.accuracy --keep folders")
    ap.add_argument("--k", type=int, nargs="+", default=[2, 3, 4, 5], help="printings (default 2 3 4 5)")
    ap.add_argument("--min-confidence", type=float, default=0.0, help="only skips at or above this confidence")
    ap.add_argument("--show", default=None, help="list the proposals of the reasons containing this text")
    ap.add_argument("--applied", action="store_true",
                    help="audit the applied proposals instead, by kind, note and the rules that stated their confidence")
    args = ap.parse_args(argv)
    for root in args.out:
        if not root.is_dir():
            print(f"error: no folder {root}", file=sys.stderr)
            return 2
    table, lines = audit(args.out, args.k, args.min_confidence, args.applied)
    what = "applied" if args.applied else "skipped"
    if not table:
        print(f"no {what} proposal found (is it a bench.ocr or bench.accuracy --keep folder?)", file=sys.stderr)
        return 1
    head = "kind (note) [rules that stated the confidence]" if args.applied else "reason auto gave (numbers as N)"
    print(f"{'n':>6} {'right':>6} {'wrong':>6} {'neutral':>7}  {head}")
    for cls, c in sorted(table.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"{sum(c.values()):6d} {c['right']:6d} {c['wrong']:6d} {c['neutral']:7d}  {cls}")
        if args.show and args.show in cls:
            for line in lines[cls]:
                print("         " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
