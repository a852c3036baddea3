"""Shared pieces of the benchmark scripts: run ``corrector auto`` as one child process and score its output."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

from bench.noise import Span, touched


@dataclass
class Run:
    """One run of the ``corrector`` command.

    Attributes:
        argv: The command line.
        seconds: Wall time of the child process.
        peak_mib: Peak resident memory of the child (``ru_maxrss`` from ``wait4``), MiB.
        returncode: Exit status.
        stderr: The last lines it printed on stderr.
        cpu_seconds: CPU time of the child (user + system, from ``wait4``): what a loaded machine
            stretches least.
    """

    argv: list[str]
    seconds: float
    peak_mib: float
    returncode: int
    stderr: str = ""
    cpu_seconds: float = 0.0


def corrector_command() -> list[str]:
    """How to start the command line of the corrector installed for this Python."""
    return [sys.executable, "-c", "import sys; from corrector.cli import main; sys.exit(main())"]


def run_corrector(args: Sequence[str], *, env: dict[str, str] | None = None) -> Run:
    """Run ``corrector ARGS`` as one child process, measuring its wall time and peak memory.

    Returns:
        The :class:`Run`; raises ``SystemExit`` with the child's stderr when it fails.
    """
    argv = [*corrector_command(), *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err_chunks = []
    # read stderr while the child runs so a chatty child cannot block; then reap it with wait4
    for chunk in iter(lambda: proc.stderr.read(65536), b""):
        err_chunks.append(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = b"".join(err_chunks).decode("utf-8", "replace")
    run = Run(argv, seconds, usage.ru_maxrss / 1024, proc.returncode, "\n".join(stderr.strip().splitlines()[-5:]),
              usage.ru_utime + usage.ru_stime)
    if run.returncode != 0:
        raise SystemExit(f"corrector failed (exit {run.returncode}): {' '.join(argv)}\n{stderr[-2000:]}")
    return run


def load_report(out: str | os.PathLike[str]) -> dict[str, Any]:
    """``report.json`` written by ``corrector auto --out OUT``."""
    return json.loads((Path(out) / "report.json").read_text(encoding="utf-8"))


@dataclass
class RewriteCheck:
    """Applied corrections at the places of editorial rewrites.

    Attributes:
        rewrites: Rewrite places checked in the papers that made them.
        touched_own: Rewrites that an applied correction touched in the paper that made the rewrite
            (the engine "corrected" an editorial choice back to the majority reading): must be 0.
        touched_other: Rewrite places touched in the other papers (their text is right there too).
        examples: A few of the touching corrections, for a person to look at.
    """

    rewrites: int = 0
    touched_own: int = 0
    touched_other: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def touched(self) -> str:
        """``own / other of rewrites``, as the benchmark tables print the check."""
        return f"{self.touched_own} / {self.touched_other} of {self.rewrites}"


def changed_range(p: dict[str, Any]) -> tuple[int, int]:
    """The part of a proposal's ``[start, end)`` that it really changes (common prefix and suffix of old and new trimmed)."""
    old, new = p["old"], p["new"]
    pre = 0
    while pre < min(len(old), len(new)) and old[pre] == new[pre]:
        pre += 1
    suf = 0
    while suf < min(len(old), len(new)) - pre and old[len(old) - 1 - suf] == new[len(new) - 1 - suf]:
        suf += 1
    return p["start"] + pre, p["end"] - suf


def check_rewrites(applied: list[dict[str, Any]], places: dict[str, list[tuple[int, bool, Span]]]) -> RewriteCheck:
    """Count applied corrections that touch a rewrite place.

    Args:
        applied: The ``applied`` list of ``report.json``.
        places: Document id -> ``(rewrite id, made by this paper, span)`` for every rewrite place in it.
    """
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for p in applied:
        by_doc.setdefault(p["doc"], []).append(p)
    check = RewriteCheck()
    for doc, items in places.items():
        edits = [changed_range(p) for p in by_doc.get(doc, [])]
        for rid, own, span in items:
            check.rewrites += own
            if edits and touched({rid: span}, edits):
                if own:
                    check.touched_own += 1
                else:
                    check.touched_other += 1
                if len(check.examples) < 10:
                    hits = [p for p in by_doc[doc] if touched({rid: span}, [changed_range(p)])]
                    check.examples.append(
                        {"doc": doc, "rewrite": rid, "own": own, "changes": [(p["old"], p["new"], p["kind"]) for p in hits]}
                    )
    return check


def proposal_outcomes(applied: list[dict[str, Any]], pages: Path, gold: Path) -> tuple[int, int, int]:
    """Each applied proposal alone on its page: ``(right, wrong, neutral)``.

    Right if it lowers that page's character errors (as the CER counts them), wrong if it raises
    them, neutral otherwise (one wrong reading replaced by another).
    """
    cache: dict = {}
    counts = Counter(outcome(row, pages, gold, cache) for row in applied)
    return counts["right"], counts["wrong"], counts["neutral"]


def print_rows(title: str, header: str, columns: list[str], rows: list[Any], lines: list[tuple[str, Any]], note: str):
    """Print a benchmark table (one column per run, one line per measure) and its note; returns the console.

    Args:
        title: Table title.
        header: Name of the first column (what the runs vary in).
        columns: Heading of each run's column.
        rows: The runs, in column order.
        lines: ``(measure, format(run) -> str)`` for every line.
        note: The footnote saying how the measures are defined.
    """
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 110))
    t = Table(title=title, title_justify="left")
    t.add_column(header)
    for c in columns:
        t.add_column(c, justify="right")
    for name, fmt in lines:
        t.add_row(name, *[fmt(r) for r in rows])
    console.print(t)
    console.print(note)
    return console


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pct(x: float | None, digits: int = 2) -> str:
    """A rate as a percentage for tables."""
    return "n/a" if x is None else f"{100 * x:.{digits}f} %"


def verdict(ok: bool) -> str:
    return "[green]PASS[/green]" if ok else "[red]FAIL[/red]"


#: Confidence bands of the reliability check: (lowest included, highest excluded).
RELIABILITY_BANDS = ((0.0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.01))
#: A band is checked against the calibration target only with at least this many proposals in it
#: (with fewer, the observed share is noise: ±3 points needs a few hundred).
RELIABILITY_MIN = 30
#: Largest gap allowed between stated confidence and observed share of right changes (issue 11).
RELIABILITY_TOLERANCE = 0.03


def error_outcome(before: int, after: int) -> str:
    """A change judged by its page's character errors before and after it: ``right`` (fewer), ``wrong``
    (more) or ``neutral`` (as many: one wrong reading for another)."""
    return "right" if after < before else "wrong" if after > before else "neutral"


def outcome(row: dict[str, Any], pages: Path, gold: Path, cache: dict) -> str:
    """One proposal of a ``report.json`` applied alone to its page: ``right`` (the page's character errors
    go down), ``wrong`` (up) or ``neutral`` against the gold.  ``cache`` keeps each page read once."""
    from corrector import apply
    from corrector.evaluate import cer
    from corrector.ingest import read_document
    from corrector.model import Proposal

    p = Proposal.from_json(row)
    key = (pages, p.doc)
    if key not in cache:
        doc = read_document(pages / p.doc, p.doc)
        g = (gold / p.doc).read_text(encoding="utf-8")
        cache[key] = (doc, g, cer(g, doc.text).errors)
    doc, g, before = cache[key]
    return error_outcome(before, cer(g, apply(doc, [p])).errors)


def confidence_outcomes(rows: list[dict[str, Any]], pages: Path, gold: Path) -> list[tuple[float, bool]]:
    """``(confidence, right)`` of every proposal that is not a variant, each applied alone to its page."""
    cache: dict = {}
    return [(row["confidence"], outcome(row, pages, gold, cache) == "right") for row in rows if row.get("kind") != "variant"]


def reliability(pairs: list[tuple[float, bool]]) -> list[tuple[float, float, int, float, float]]:
    """``(low, high, n, mean stated confidence, observed share right)`` for every band with proposals."""
    rows = []
    for lo, hi in RELIABILITY_BANDS:
        got = [(c, r) for c, r in pairs if lo <= c < hi]
        if got:
            rows.append((lo, min(hi, 1.0), len(got), sum(c for c, _ in got) / len(got), sum(r for _, r in got) / len(got)))
    return rows


def share_interval(n: int, share: float, z: float = 1.96) -> tuple[float, float]:
    """The 95 % (Wilson score) interval of a share observed as ``share`` of ``n`` proposals.

    A band of 100 proposals right 70 % of the time shows anything from 60 to 78 %: a calibrated
    confidence is off by more than 3 points in such a band about half the time.  The reports print
    the interval beside the strict check, so a reader can tell a miscalibrated band from a small one.
    """
    if n <= 0:
        return 0.0, 1.0
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def reliability_within_noise(rows: list[tuple[float, float, int, float, float]]) -> bool:
    """Whether every band with enough proposals states a confidence inside the 95 % interval of its
    observed share (:func:`share_interval`) or within the tolerance: what a calibrated confidence
    shows on a sample of this size (a weaker test than :func:`reliability_ok`, printed beside it)."""
    for _, _, n, stated, seen in rows:
        lo, hi = share_interval(n, seen)
        if n >= RELIABILITY_MIN and abs(stated - seen) > RELIABILITY_TOLERANCE and not lo <= stated <= hi:
            return False
    return True


def reliability_ok(rows: list[tuple[float, float, int, float, float]]) -> bool:
    """Whether every band with enough proposals states its share of right changes within the tolerance."""
    return all(abs(stated - seen) <= RELIABILITY_TOLERANCE for _, _, n, stated, seen in rows if n >= RELIABILITY_MIN)


def plot_reliability(path: Path, curves: dict[str, list[tuple[float, float, int, float, float]]], title: str) -> None:
    """Write a reliability diagram (stated confidence against observed share right, per band) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 5.5), dpi=110)
    ax.plot([0, 1], [0, 1], color="grey", lw=1, ls="--", label="perfect calibration")
    ax.fill_between([0, 1], [-RELIABILITY_TOLERANCE, 1 - RELIABILITY_TOLERANCE],
                    [RELIABILITY_TOLERANCE, 1 + RELIABILITY_TOLERANCE], color="grey", alpha=0.15, label="±3 points")
    for name, rows in curves.items():
        xs = [r[3] for r in rows]
        ys = [r[4] for r in rows]
        ax.plot(xs, ys, marker="o", label=name)
        for x, y, r in zip(xs, ys, rows):
            ax.annotate(str(r[2]), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set_xlabel("stated confidence (mean in band)")
    ax.set_ylabel("observed share of right changes")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title(title, fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part.png")
    fig.savefig(tmp)
    plt.close(fig)
    tmp.replace(path)
