"""Scale benchmark: a synthetic archive of N pages through one ``corrector auto`` process (time, memory, accuracy).

Run from the repository root::

    python -m bench.synthetic --pages 250 500 1000 [--seed 1] [--workers N] [--stages] [--keep DIR] [--json FILE]

``peak_mib`` is the peak resident memory of the whole process tree of the ``corrector auto`` run
(its worker processes included), sampled every :data:`bench.stages.SAMPLE_SECONDS`, and ``CPU`` the CPU seconds of
that tree (what wall time would be on an idle machine with one worker; other load on the machine
stretches wall time, not CPU); ``--stages`` runs the engine a second time (``bench.stages``, same
workers) for the seconds, the tree's CPU seconds and its peak memory in each stage.

Each page has about 3,000 characters: printings of stories reprinted 2 to 6 times (each on a
different page, with OCR noise, one paper's editorial rewrites and layout effects: headlines,
paragraph splits, cuts, continuations, columns interleaved with another article) among unrelated
articles that appear once. The text is word salad drawn from jieba's dictionary (the held-out
corpus is too small for 3 million characters), so the accuracy figures here are a sanity check;
``bench/accuracy.py`` gives the accuracy on real prose. Unrelated articles carry OCR errors that no
collation can fix, so the residual error here has a floor.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RewriteCheck, check_rewrites, load_report, pct, print_rows, run_corrector, verdict, write_text  # noqa: E402
from bench.corpus import WordSalad  # noqa: E402
from bench.noise import Generator, Layout, Realised, Span, Witness, concat  # noqa: E402
from bench.stages import Sampling, tree_usage  # noqa: E402
from corrector.evaluate import Report, evaluate_paths, normalise  # noqa: E402
from corrector.evaluate import cer as measure_cer  # noqa: E402

PAGE_CHARS = 3000
#: Share of a page's text that comes from reprinted stories.
REPRINT_SHARE = 0.5
#: Targets from issue 2.
MAX_SECONDS_1000 = 60.0
MAX_MIB_1000 = 2048.0
MAX_RATIO = 4.5
#: Targets from issue 12 (``--workers 2``).
MAX_SECONDS_10000 = 600.0
MAX_MIB_10000 = 4096.0
MAX_RATIO_10000 = 11.0


@dataclass
class Archive:
    """A generated archive: noisy pages, gold pages and where the rewrites are."""

    folder: Path
    pages: int
    chars: int
    stories: int
    witnesses: int
    rewrites: int
    reprint_errors: int = 0
    places: dict[str, list[tuple[int, bool, Span]]] = field(default_factory=dict)
    #: page -> (start, end) of each printing of a reprinted story in the page's *normalised* gold text
    printings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def build_archive(folder: Path, pages: int, seed: int, cer: tuple[float, float] = (0.01, 0.04)) -> Archive:
    """Write ``pages/`` (OCR'd) and ``gold/`` (ground truth) under ``folder``."""
    rng = random.Random(seed)
    gen = Generator(seed)
    salad = WordSalad(seed)
    layout = Layout(protect_filler=True)  # each printing's interleaved text is unique: its errors could not be fixed
    n_stories = max(1, round(REPRINT_SHARE * pages * PAGE_CHARS / (1650 * 4)))
    page_pieces: list[list[tuple[Realised, list[tuple[int, bool]]]]] = [[] for _ in range(pages)]
    n_wit = n_rw = n_err = 0
    for _ in range(n_stories):
        k = min(rng.randint(2, 6), pages)
        paras = salad.paragraphs(rng.randint(800, 2500))
        filler = salad.paragraphs(800 * k)
        art = gen.article(paras, k, cer=cer, rewrites=rng.choice((1, 2)), layout=layout, filler=filler)
        n_rw += len(art.rewrites)
        for w, page in zip(art.witnesses, rng.sample(range(pages), k)):
            owners = [(r.id, r.witness == w.index) for r in art.rewrites if r.id in w.spans]
            page_pieces[page].append((w, owners))
            n_wit += 1
            n_err += measure_cer(w.truth, w.noisy).errors
    total = 0
    places: dict[str, list[tuple[int, bool, Span]]] = {}
    printings: dict[str, list[tuple[int, int]]] = {}
    for i, pieces in enumerate(page_pieces):
        have = sum(len(p.truth) for p, _ in pieces)
        while have < PAGE_CHARS - 200:
            text = "\n".join(salad.paragraphs(min(max(300, PAGE_CHARS - have - 100), 1500)))
            single = gen.ocr(text, cer)
            pieces.append((single, []))
            have += len(single.truth)
        rng.shuffle(pieces)
        page = concat([p for p, _ in pieces], sep="\n\n")
        name = f"p{i + 1:04d}.txt"
        at, ranges = 0, []
        for p, _owners in pieces:
            if p is not None and isinstance(p, Witness):
                n0 = len(normalise(page.truth[:at]))
                ranges.append((n0, n0 + len(normalise(p.truth))))
            at += len(p.truth) + 2
        printings[name] = ranges
        write_text(folder / "pages" / name, page.noisy)
        write_text(folder / "gold" / name, page.truth)
        total += len(page.truth)
        places[name] = [(rid, own, page.spans[rid]) for _, owners in pieces for rid, own in owners]
    return Archive(folder, pages, total, n_stories, n_wit, n_rw, n_err, places, printings)


def printings_worse(ev: Report, arch: Archive) -> int:
    """Printings of reprinted stories that have more errors after correction than before."""
    worse = 0
    for f in ev.files:
        ranges = arch.printings.get(f.name, [])
        delta = [0] * len(ranges)
        for d in f.changes.details if f.changes else []:
            for k, (s, e) in enumerate(ranges):
                if s <= d.gold_start < e or (d.gold_start == e and not d.gold):
                    delta[k] += d.after - d.before
                    break
        worse += sum(1 for x in delta if x > 0)
    return worse


@dataclass
class Row:
    pages: int
    chars: int
    stories: int
    witnesses: int
    seconds: float
    peak_mib: float
    cer_before: float
    cer_after: float
    residual: float | None
    precision: float
    recall: float
    errors_before: int
    reprint_errors: int
    applied: int
    fixed: int
    introduced: int
    worse: int
    printings_worse: int
    rewrites: RewriteCheck
    workers: int = 1
    #: CPU seconds (user + system) of the ``auto`` process and its workers.
    cpu_seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stage_cpu: dict[str, float] = field(default_factory=dict)
    #: the driver process alone (its serial part; the tree's CPU minus this is the workers')
    stage_driver_cpu: dict[str, float] = field(default_factory=dict)
    #: each worker's CPU seconds per stage (busiest first): how evenly the stage was dealt out
    stage_worker_cpu: dict[str, list[float]] = field(default_factory=dict)
    stage_peak_mib: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["rewrites"] = self.rewrites.to_json()
        return d


def _tree_rss(root: int) -> int:
    """Resident bytes of every descendant of process ``root`` (Linux /proc; 0 elsewhere)."""
    return tree_usage(root, include_root=False)[0]


class TreePeak(Sampling):
    """Peak resident memory (MiB) of this process's descendants while the ``with`` block runs."""

    def __init__(self) -> None:
        super().__init__()
        self.peak_mib = 0.0

    def sample(self) -> None:
        self.peak_mib = max(self.peak_mib, _tree_rss(os.getpid()) / 2**20)


def stage_seconds(pages: Path, workers: int) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Seconds per stage of the engine on ``pages`` (a child process running :mod:`bench.stages`), and per
    stage the CPU seconds and peak MiB of its process tree (``{"cpu": …, "peak_mib": …}``)."""
    with tempfile.TemporaryDirectory(prefix="corrector-stages-") as tmp:
        detail = Path(tmp) / "detail.json"
        out = subprocess.run([sys.executable, "-m", "bench.stages", str(pages), "--workers", str(workers), "--detail", str(detail)],
                             check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
        return json.loads(out.stdout), json.loads(detail.read_text())


def measure(pages: int, seed: int, keep: Path | None, workers: int = 1, stages: bool = False) -> Row:
    """Build an archive of ``pages`` pages, run ``corrector auto`` on it and score the output."""
    with tempfile.TemporaryDirectory(prefix=f"corrector-bench-{pages}-") as tmp:
        folder = (keep / f"pages-{pages}") if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"building {pages} pages in {folder} …", file=sys.stderr)
        arch = build_archive(folder, pages, seed)
        out = folder / "out"
        print(f"running corrector auto on {arch.chars:,} characters …", file=sys.stderr)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with TreePeak() as tree:
            run = run_corrector(["auto", str(folder / "pages"), "--out", str(out), "--quiet", "--workers", str(workers)])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the reaped child and the workers it reaped
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        times, detail = stage_seconds(folder / "pages", workers) if stages else ({}, {})
        report = load_report(out)
        ev = evaluate_paths(folder / "gold", out, folder / "pages")
        ch = ev.changes
        assert ch is not None
        return Row(
            pages=pages,
            chars=arch.chars,
            stories=arch.stories,
            witnesses=arch.witnesses,
            seconds=run.seconds,
            peak_mib=max(run.peak_mib, tree.peak_mib),
            workers=workers,
            cpu_seconds=cpu,
            stage_seconds=times,
            stage_cpu=detail.get("cpu", {}),
            stage_driver_cpu=detail.get("driver_cpu", {}),
            stage_worker_cpu=detail.get("worker_cpu", {}),
            stage_peak_mib=detail.get("peak_mib", {}),
            cer_before=ev.cer_orig.rate,  # type: ignore[union-attr]
            cer_after=ev.cer.rate,
            residual=ch.errors_after / ch.errors_before if ch.errors_before else None,
            precision=ch.precision,
            recall=ch.recall,
            errors_before=ch.errors_before,
            reprint_errors=arch.reprint_errors,
            applied=len(report.get("applied", [])),
            fixed=ch.fixed,
            introduced=ch.introduced,
            worse=len(ev.worse),
            printings_worse=printings_worse(ev, arch),
            rewrites=check_rewrites(report.get("applied", []), arch.places),
        )


def print_table(rows: list[Row]) -> bool:
    lines = [
        ("characters", lambda r: f"{r.chars:,}"),
        ("stories / printings", lambda r: f"{r.stories} / {r.witnesses}"),
        ("wall time", lambda r: f"{r.seconds:.1f} s"),
        ("workers", lambda r: str(r.workers)),
        ("CPU (process tree)", lambda r: f"{r.cpu_seconds:.1f} s"),
        ("peak memory (process tree)", lambda r: f"{r.peak_mib:.0f} MiB"),
        ("stage seconds", lambda r: " ".join(f"{k} {v:.1f}" for k, v in r.stage_seconds.items()) or "-"),
        ("stage CPU seconds (tree)", lambda r: " ".join(f"{k} {v:.1f}" for k, v in r.stage_cpu.items()) or "-"),
        ("stage CPU seconds (driver)", lambda r: " ".join(f"{k} {v:.1f}" for k, v in r.stage_driver_cpu.items()) or "-"),
        ("stage CPU seconds (workers)", lambda r: " ".join(f"{k} {'/'.join(f'{c:.1f}' for c in v if c >= 0.05)}"
                                                           for k, v in r.stage_worker_cpu.items() if any(c >= 0.05 for c in v)) or "-"),
        ("stage peak MiB (tree)", lambda r: " ".join(f"{k} {v:.0f}" for k, v in r.stage_peak_mib.items()) or "-"),
        ("CER before", lambda r: pct(r.cer_before)),
        ("CER after", lambda r: pct(r.cer_after)),
        ("residual (after/before)", lambda r: pct(r.residual, 1)),
        ("precision", lambda r: pct(r.precision, 2)),
        ("recall", lambda r: pct(r.recall, 1)),
        ("errors: all / in reprinted stories", lambda r: f"{r.errors_before:,} / {r.reprint_errors:,}"),
        ("recall on reprinted stories", lambda r: pct(r.fixed / r.reprint_errors if r.reprint_errors else None, 1)),
        ("corrections applied", lambda r: f"{r.applied:,}"),
        ("errors fixed / introduced", lambda r: f"{r.fixed:,} / {r.introduced:,}"),
        ("rewrites touched (own / other papers)", lambda r: r.rewrites.touched()),
        ("pages / printings made worse", lambda r: f"{r.worse} / {r.printings_worse}"),
    ]
    console = print_rows(
        "Synthetic archive: one `corrector auto` process per size",
        "pages",
        [f"{r.pages:,}" for r in rows],
        rows,
        lines,
        "residual = errors after / errors before; precision = fixed / (fixed + introduced), recall = fixed / errors "
        "before, in character errors (corrector.evaluate.compare); recall on reprinted stories = fixed / errors "
        "in the printings of reprinted stories (the unrelated articles' errors cannot be fixed by collation); "
        "rewrites touched = applied corrections at an editorial rewrite in the paper that made it / at the same "
        "place in the other papers. CER normalisation: NFC, whitespace removed, full-width forms folded."
    )
    ok = True
    by = {r.pages: r for r in rows}
    if 1000 in by:
        r = by[1000]
        console.print(f"1,000 pages in {r.seconds:.1f} s (target < {MAX_SECONDS_1000:.0f} s): {verdict(r.seconds < MAX_SECONDS_1000)}")
        console.print(f"1,000 pages peak {r.peak_mib:.0f} MiB (target < {MAX_MIB_1000:.0f} MiB): {verdict(r.peak_mib < MAX_MIB_1000)}")
        ok &= r.seconds < MAX_SECONDS_1000 and r.peak_mib < MAX_MIB_1000
        if 250 in by:
            ratio = r.seconds / by[250].seconds
            console.print(f"time ratio 1000/250 = {ratio:.2f} (target ≤ {MAX_RATIO}): {verdict(ratio <= MAX_RATIO)}")
            ok &= ratio <= MAX_RATIO
    if 10000 in by:
        r = by[10000]
        console.print(f"10,000 pages in {r.seconds:.1f} s (issue 12: < {MAX_SECONDS_10000:.0f} s with --workers 2): "
                      f"{verdict(r.seconds < MAX_SECONDS_10000)}")
        console.print(f"10,000 pages peak {r.peak_mib:.0f} MiB (issue 12: < {MAX_MIB_10000:.0f} MiB): "
                      f"{verdict(r.peak_mib < MAX_MIB_10000)}")
        ok &= r.seconds < MAX_SECONDS_10000 and r.peak_mib < MAX_MIB_10000
        if 1000 in by:
            ratio = r.seconds / by[1000].seconds
            console.print(f"time ratio 10000/1000 = {ratio:.2f} (issue 12: ≤ {MAX_RATIO_10000}): {verdict(ratio <= MAX_RATIO_10000)}")
            ok &= ratio <= MAX_RATIO_10000
    for r in rows:
        if r.rewrites.touched_own or r.worse or r.printings_worse:
            ok = False
            console.print(f"[red]{r.pages} pages: {r.rewrites.touched_own} rewrites touched, {r.worse} pages and "
                          f"{r.printings_worse} printings made worse[/red]")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[250, 500, 1000], help="archive sizes (default: 250 500 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep the generated pages, gold and output under this folder")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--workers", type=int, default=1, help="corrector auto --workers N (default 1: in process)")
    ap.add_argument("--stages", action="store_true", help="also time each stage (a second run of the engine)")
    args = ap.parse_args(argv)
    rows = [measure(n, args.seed, args.keep, args.workers, args.stages) for n in args.pages]
    ok = print_table(rows)
    if args.json:
        args.json.write_text(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
