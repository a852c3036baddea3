"""``python -m bench.ocr``: build the witnesses (cached) and write the report, in one command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import add_build_options, build, out_dir
from .report import report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr", description=__doc__)
    add_build_options(ap)
    ap.add_argument("--quiet", "-q", action="store_true", help="do not print the report")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless the pipeline is sane (for CI): every witness read, CER under "
                         f"{MAX_WITNESS_CER * 100:.0f}%%, corrector auto run on every k, oracle no worse than the witnesses")
    ap.add_argument("--one-edition", action="store_true",
                    help="run corrector auto --one-edition (every printing one edition; never with --editions)")
    args = ap.parse_args(argv)
    out = out_dir(args)
    build(args.articles, args.witnesses, text=args.text, out=out, cache=args.cache, editions=args.editions,
          part=args.part)
    result = report(out, one_edition=args.one_edition)
    if not args.quiet:
        print((out / "report.md").read_text(encoding="utf-8"))
    if args.check:
        problems = check(result, args.witnesses)
        for p in problems:
            print("check failed: " + p, file=sys.stderr)
        print(f"bench.ocr check: {len(CHECKS) - len(problems)} passed, {len(problems)} failed")
        return 1 if problems else 0
    return 0


#: A witness worse than this means the typesetting, the OCR or the reading order broke.
MAX_WITNESS_CER = 0.25
CHECKS = ("witnesses read", "witness CER", "auto ran for every k", "auto never failed", "oracle no worse", "plot written",
          "editions measured")


def check(result: dict, k: int) -> list[str]:
    """What is wrong with a benchmark result, as messages (empty when the pipeline is sane)."""
    problems = []
    top = result["by_k"][-1]
    if any(w["witness"]["length"] == 0 for w in top["per_witness"]):
        problems.append("a witness has no article text")
    bad = [w["id"] for w in top["per_witness"] if (w["witness"]["rate"] or 0) > MAX_WITNESS_CER]
    if bad:
        problems.append(f"witness CER over {MAX_WITNESS_CER:.0%}: {', '.join(bad)}")
    if [r["k"] for r in result["by_k"]] != list(range(2, k + 1)):
        problems.append("corrector auto did not run for every witness count")
    fails = [f"k={r['k']} {f}" for r in result["by_k"] for f in r["auto_failures"]]
    if fails:
        problems.append("corrector auto failed: " + "; ".join(fails))
    if any(r["cer"]["oracle"]["errors"] > r["cer"]["witness"]["errors"] for r in result["by_k"]):
        problems.append("oracle worse than the witnesses")
    if not (Path(result["out"]) / "cer.png").exists():
        problems.append("plot missing")
    if result.get("editions"):
        papers = top.get("papers", {})
        if not all(papers.get(p, {}).get("witnesses") for p in ("agency", "edited")):
            problems.append("an editions run without witnesses of both papers")
        elif not papers["edited"]["edit_places"]:
            problems.append("an editions run found no edit on the edited paper's pages")
    return problems


if __name__ == "__main__":
    sys.exit(main())
