"""Which OCR engines stand behind auto's corrections: how far printings read by one engine err alike.

Usage (from the repository root)::

    python -m bench.ocr.habits OUT... [--k 3 4 5]

``OUT`` is a ``bench.ocr`` output folder (``OUT/manifest.json``, ``OUT/gold``,
``OUT/auto/kK/ARTICLE/{in,out/report.json}``).  The engine that read each printing is in the
benchmark's manifest; corrector never sees it.  For every article and number of printings the
engine is run again on auto's input pages (in this process, default settings) so that each
proposal's readings name their printings, and two tables are printed:

- the corrections auto applied (matched to the proposals by id), by who reads the change: two or
  more printings of **both** engines, or of **one** engine while the target was read by the other
  (or by the same one), or a single printing, each applied alone and judged against the gold
  (right / wrong / neutral, as the CER counts);
- for every pair of printings of an article, how often the two read alike against two or more
  other printings that agree with each other (a *shared minority*: what two printings of one
  engine's habit look like), for pairs of one engine and pairs of two.

The vote weighs printings as independent witnesses; these tables measure how far that fails for
printings one engine read (see the README's known limits).  Run it on tuning text only.

Measured on the tuning benches (news and training text, parts 0 and 1, session 12's code; about
20 s): corrections two or more printings of both engines read were 99.0 / 99.0 / 99.3 % right at
k = 3 / 4 / 5, those two or more of one engine read against the other's target 94.5 / 92.5 / 94.9 %
(the Shif, S-for-$ and dropped-quote habits), those one printing read 88.5 / 84.0 / 70.0 %; two
printings of one engine share a minority reading 0.51 times a pair and article (k = 4-5), two of
different engines 0.07 times.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from corrector.policy import own_reading

from ..common import outcome as judge
from .skips import units

#: Outcomes, in the table's order.
OUTCOMES = ("right", "wrong", "neutral")


def supporters_class(target: str, supporters: list[str]) -> str:
    """Who reads the change (``supporters``: the engines of the printings that read it, ``target``: the
    target's engine): ``one printing`` (or none: a reading no printing has whole), ``both engines``,
    ``one engine, target other`` or ``one engine, target same``."""
    if len(supporters) < 2:
        return "one printing or none"
    if len(set(supporters)) > 1:
        return "both engines"
    return "one engine, target " + ("same" if supporters[0] == target else "other")


def shared_minorities(proposals: list, ids: list[str]) -> Counter:
    """Per pair of printings (sorted ids), the places where the two read alike, no other printing reads
    as they do, and another reading has two or more printings: each place counted once (from the
    first printing of the pair)."""
    counts: Counter = Counter({pair: 0 for pair in itertools.combinations(sorted(ids), 2)})
    for p in proposals:
        own = own_reading(p)
        if own is None or len({w.doc for w in own.witnesses}) != 2:
            continue
        pair = tuple(sorted({w.doc for w in own.witnesses}))
        if p.doc != pair[0] or not any(r is not own and len(r.witnesses) >= 2 for r in p.readings):
            continue
        counts[pair] += 1
    return counts


def engines(root: Path) -> dict[str, str]:
    """The engine that read each printing (``NAME.txt``) of a ``bench.ocr`` output folder, from its manifest.

    Raises:
        ValueError: One line saying what is wrong with the manifest.
    """
    try:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        return {w["id"] + ".txt": w["spec"]["engine"] for w in manifest["witnesses"]}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise ValueError(f"{root / 'manifest.json'} is no bench.ocr manifest ({type(err).__name__}: {err})") from None


def audit(roots: list[Path], ks: list[int]) -> tuple[dict[tuple[int, str], Counter], dict[str, list[int]]]:
    """``(corrections by (k, supporters class), shared minorities per pair by 'one engine'/'two engines')``."""
    import corrector

    applied_by: dict[tuple[int, str], Counter] = defaultdict(Counter)
    pairs: dict[str, list[int]] = defaultdict(list)
    cache: dict = {}
    for root in roots:
        engine = engines(root)
        for k in ks:
            for report, pages, gold in units(root, [k]):
                applied = {row["id"]: row for row in json.loads(report.read_text(encoding="utf-8"))["applied"]}
                docs = corrector.load([pages])
                proposals = corrector.propose(docs).proposals
                for p in proposals:
                    row = applied.get(p.id)
                    if row is None or p.kind in ("variant", "suspect"):
                        continue
                    # the best-ranked reading other than the target's (policy.new_reading asks for the
                    # change's exact text, which a restyled mark does not have)
                    own = own_reading(p)
                    chosen = next((r for r in p.readings if r is not own), None)
                    backers = [engine[w.doc] for w in chosen.witnesses] if chosen is not None else []
                    cls = supporters_class(engine[p.doc], backers)
                    applied_by[(k, cls)][judge(row, pages, gold, cache)] += 1
                if k >= 4:
                    for (a, b), n in shared_minorities(proposals, [d.id for d in docs]).items():
                        pairs["one engine" if engine[a] == engine[b] else "two engines"].append(n)
    return applied_by, pairs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr.habits", description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="+", help="bench.ocr output folders")
    ap.add_argument("--k", type=int, nargs="+", default=[3, 4, 5], help="printings (default 3 4 5)")
    args = ap.parse_args(argv)
    for root in args.out:
        if not (root / "manifest.json").is_file():
            print(f"error: {root} is no bench.ocr output folder (no manifest.json)", file=sys.stderr)
            return 2
        try:
            engines(root)
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    applied_by, pairs = audit(args.out, args.k)
    if not applied_by:
        print("no applied correction found", file=sys.stderr)
        return 1
    print(f"{'k':>2} {'who reads the change':<26} {'n':>6} {'right':>6} {'wrong':>6} {'neutral':>7} {'right %':>8}")
    for (k, cls), c in sorted(applied_by.items()):
        n = sum(c.values())
        print(f"{k:>2} {cls:<26} {n:>6} {c['right']:>6} {c['wrong']:>6} {c['neutral']:>7} {100 * c['right'] / n:>7.1f}%")
    if pairs:
        print()
        print(f"{'pairs of printings (k >= 4)':<28} {'pairs':>6} {'shared minorities a pair':>25}")
        for name, counts in sorted(pairs.items()):
            print(f"{name:<28} {len(counts):>6} {sum(counts) / len(counts):>25.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
