"""Accuracy on unseen text: 2 to 5 OCR'd printings of held-out articles through ``corrector auto``.

Run from the repository root::

    python -m bench.accuracy [--witnesses 2 3 4 5] [--articles 12] [--seed 1] [--source heldout|seeds|train] [--keep DIR] [--plot PNG]

For each number of printings, every article of the held-out text (``bench/data/heldout_zh.txt``,
never used to tune the engine) is printed that many times with OCR noise (witness CER drawn from
--cer, default 1-3 %), one paper's editorial rewrites and layout effects, one file per printing;
one ``corrector auto`` process corrects them all. Interleaved unrelated text, headlines and
continuation notes carry no OCR error, so every error counted can in principle be fixed by collation.
Every proposal but the variants is also judged alone, to check the stated confidence against the
share of right changes per band (``--plot`` draws the reliability diagram).  ``CORRECTOR_DECISION=model``
in the environment measures the learned decision instead of the rules.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    RewriteCheck,
    check_rewrites,
    confidence_outcomes,
    plot_reliability,
    reliability,
    reliability_ok,
    reliability_within_noise,
    share_interval,
    load_report,
    pct,
    print_rows,
    proposal_outcomes,
    run_corrector,
    verdict,
    write_text,
)
from bench.corpus import articles, heldout_paragraphs, seed_paragraphs, train_paragraphs  # noqa: E402
from bench.noise import Generator, Layout, Span  # noqa: E402
from corrector.evaluate import evaluate_paths  # noqa: E402

#: Targets from issue 11 (issue 2's were 1/6 and 1/3, and 99 %): witnesses -> highest residual
#: (errors after / errors before), and the share of applied corrections that must not be wrong.
RESIDUAL_TARGET = {5: 1 / 10, 3: 1 / 5}
PRECISION_TARGET = 0.995


@dataclass
class Row:
    witnesses: int
    files: int
    chars: int
    seconds: float
    mean_cer: float
    cer_before: float
    cer_after: float
    residual: float | None
    precision: float
    recall: float
    applied: int
    skipped: int
    fixed: int
    introduced: int
    worse: int
    worst_increase: int
    rewrites: RewriteCheck
    outcomes: tuple[int, int, int] = (0, 0, 0)
    #: (low, high, n, stated, observed) per confidence band, every proposal but variants applied alone
    calibration: list[tuple[float, float, int, float, float]] = field(default_factory=list)
    introduced_examples: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["rewrites"] = self.rewrites.to_json()
        return d


def build(
    folder: Path, k: int, arts: list[list[str]], filler: list[str], seed: int, cer: tuple[float, float]
) -> dict[str, list[tuple[int, bool, Span]]]:
    """Write ``pages/`` and ``gold/`` for ``k`` printings of each article; return the rewrite places."""
    gen = Generator(seed * 100 + k)
    layout = Layout(protect_filler=True)
    places: dict[str, list[tuple[int, bool, Span]]] = {}
    per = max(1, len(filler) // len(arts))
    for j, paras in enumerate(arts):
        own = filler[j * per:(j + 1) * per]  # unrelated text no other article uses
        art = gen.article(paras, k, cer=cer, rewrites=2, layout=layout, filler=own)
        for w in art.witnesses:
            name = f"a{j:02d}_w{w.index}.txt"
            write_text(folder / "pages" / name, w.noisy)
            write_text(folder / "gold" / name, w.truth)
            places[name] = [(r.id, r.witness == w.index, w.spans[r.id]) for r in art.rewrites if r.id in w.spans]
    return places


def measure(k: int, arts: list[list[str]], filler: list[str], seed: int, cer: tuple[float, float], keep: Path | None) -> Row:
    with tempfile.TemporaryDirectory(prefix=f"corrector-acc-{k}-") as tmp:
        folder = (keep / f"witnesses-{k}") if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        places = build(folder, k, arts, filler, seed, cer)
        out = folder / "out"
        run = run_corrector(["auto", str(folder / "pages"), "--out", str(out), "--quiet"])
        report = load_report(out)
        ev = evaluate_paths(folder / "gold", out, folder / "pages")
        ch = ev.changes
        assert ch is not None and ev.cer_orig is not None
        increases = [f.cer.errors - f.cer_orig.errors for f in ev.files if f.cer_orig is not None]
        bad = [
            {"file": f.name, **d.to_json()}
            for f in ev.files if f.changes for d in f.changes.details if d.introduced
        ]
        return Row(
            witnesses=k,
            files=len(ev.files),
            chars=ev.cer.length,
            seconds=run.seconds,
            mean_cer=mean(f.cer_orig.rate for f in ev.files if f.cer_orig is not None),
            cer_before=ev.cer_orig.rate,
            cer_after=ev.cer.rate,
            residual=ch.errors_after / ch.errors_before if ch.errors_before else None,
            precision=ch.precision,
            recall=ch.recall,
            applied=len(report.get("applied", [])),
            skipped=len(report.get("skipped", [])),
            fixed=ch.fixed,
            introduced=ch.introduced,
            worse=sum(1 for x in increases if x > 0),
            worst_increase=max(increases, default=0),
            rewrites=check_rewrites(report.get("applied", []), places),
            outcomes=proposal_outcomes(report.get("applied", []), folder / "pages", folder / "gold"),
            calibration=reliability(
                confidence_outcomes(report.get("applied", []) + report.get("skipped", []), folder / "pages", folder / "gold")
            ),
            introduced_examples=bad[:20],
        )


def print_table(rows: list[Row], source: str) -> bool:
    lines = [
        ("files / gold characters", lambda r: f"{r.files} / {r.chars:,}"),
        ("mean witness CER", lambda r: pct(r.mean_cer)),
        ("CER before (overall)", lambda r: pct(r.cer_before)),
        ("CER after (overall)", lambda r: pct(r.cer_after)),
        ("residual (after/before)", lambda r: pct(r.residual, 1)),
        ("precision of applied", lambda r: pct(r.precision, 2)),
        ("recall", lambda r: pct(r.recall, 1)),
        ("applied / skipped proposals", lambda r: f"{r.applied} / {r.skipped}"),
        ("applied corrections right / wrong / neutral", lambda r: "{} / {} / {}".format(*r.outcomes)),
        ("corrections not wrong", lambda r: pct(1 - r.outcomes[1] / max(1, sum(r.outcomes)), 2)),
        ("errors fixed / introduced", lambda r: f"{r.fixed} / {r.introduced}"),
        ("rewrites touched (own / other papers)", lambda r: r.rewrites.touched()),
        ("witnesses made worse", lambda r: str(r.worse) + (f" (up to +{r.worst_increase} errors)" if r.worse else "")),
        ("wall time", lambda r: f"{r.seconds:.1f} s"),
    ]
    console = print_rows(
        f"Accuracy on unseen text ({source}): one `corrector auto` process per row",
        "printings",
        [str(r.witnesses) for r in rows],
        rows,
        lines,
        "residual = character errors after / before; precision = fixed / (fixed + introduced) in character errors; "
        "a correction is right / wrong / neutral when, applied alone, it lowers / raises / keeps its page's errors; "
        "rewrites touched = applied corrections at an editorial rewrite in the paper that made it (must be 0) / at "
        "the same place in the other papers. CER normalisation: NFC, whitespace removed, full-width forms folded."
    )
    ok = True
    for r in rows:
        checks = []
        if r.witnesses in RESIDUAL_TARGET:
            lim = RESIDUAL_TARGET[r.witnesses]
            good = r.residual is not None and r.residual < lim
            checks.append((f"residual < {lim:.3f}", good))
        if r.witnesses == 5:
            # issue 11: "at least 99.5 % of applied corrections right": per correction, a
            # correction that raises its page's errors is wrong (the character-level figure is printed too)
            wrong = r.outcomes[1] / max(1, sum(r.outcomes))
            checks.append((f"corrections not wrong ≥ {PRECISION_TARGET:.1%}", 1 - wrong >= PRECISION_TARGET))
        checks.append(("no rewrite touched", r.rewrites.touched_own == 0))
        checks.append(("no witness worse", r.worse == 0))
        checks.append(("confidence within 3 points of the share right in every band", reliability_ok(r.calibration)))
        checks.append(("(within the 95 % interval of the share right)", reliability_within_noise(r.calibration)))
        console.print(f"{r.witnesses} printings: " + ", ".join(f"{name} {verdict(good)}" for name, good in checks))
        console.print(
            "  reliability (band: proposals, stated, observed right): "
            + "; ".join(f"[{lo:.2f},{hi:.2f}) {n} {st:.3f} {ob:.3f} ({'-'.join(f'{x:.2f}' for x in share_interval(n, ob))})"
                        for lo, hi, n, st, ob in r.calibration)
        )
        ok &= all(good for _, good in checks)
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--witnesses", type=int, nargs="+", default=[2, 3, 4, 5], help="printings per article (default 2 3 4 5)")
    ap.add_argument("--articles", type=int, default=12, help="articles (default %(default)s)")
    ap.add_argument("--size", type=int, default=1500, help="characters per article (default %(default)s)")
    ap.add_argument("--cer", type=float, nargs=2, default=[0.01, 0.03], metavar=("LOW", "HIGH"), help="witness CER range")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", choices=["heldout", "seeds", "train"], default="heldout",
                    help="heldout: Debian manuals (unseen); seeds: the seed pages' paragraphs (news, but seen and "
                         "not error-free); train: other Debian documentation (the only text to fit or tune on)")
    ap.add_argument("--keep", type=Path, help="keep pages, gold and output under this folder")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--plot", type=Path, help="write the reliability diagram (PNG) to this file")
    args = ap.parse_args(argv)
    paras = list({"heldout": heldout_paragraphs, "seeds": seed_paragraphs, "train": train_paragraphs}[args.source]())
    blocks = articles(paras, None, args.size, seed=args.seed)
    arts = blocks[: args.articles]
    filler = [p for b in blocks[args.articles:] for p in b]
    if len(arts) < args.articles or not filler:
        raise SystemExit(f"not enough text in {args.source} for {args.articles} articles of {args.size} characters")
    if args.keep:
        # which text the kept pages come from: bench.calibrate fits only on "train"
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "source.txt").write_text(args.source + "\n", encoding="utf-8")
    rows = [measure(k, arts, filler, args.seed, tuple(args.cer), args.keep) for k in args.witnesses]
    ok = print_table(rows, args.source)
    if args.plot:
        plot_reliability(args.plot, {f"{r.witnesses} printings": r.calibration for r in rows},
                         f"corrector auto on {args.source}, seed {args.seed}: confidence vs share right")
    if args.json:
        args.json.write_text(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
