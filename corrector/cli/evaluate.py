"""The ``eval`` subcommand: CER against gold and the precision and recall of corrections, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from typing import Any

from ..errors import CorrectorError, shown
from ..evaluate import CER, Changes, Report, describe_normalisation, evaluate_paths
from ..ingest import EmptyInput, find_files, read_document


def register(subparsers: Any) -> None:
    """Add ``corrector eval`` to the CLI."""
    p = subparsers.add_parser(
        "eval",
        help="character error rate against gold, and what the corrections fixed or broke",
        description=(
            "Score HYP against GOLD (files, or folders matched by relative path or file name): the character "
            "error rate of each file and overall. With --orig, class every change from ORIG to HYP as fixing "
            "an error, introducing one, or neutral, and give the precision and recall of the correction."
        ),
    )
    p.add_argument("--gold", required=True, metavar="GOLD", help="the true text: a file or a folder of *.txt")
    p.add_argument("--hyp", required=True, metavar="HYP", help="the text to score (e.g. corrector's output)")
    p.add_argument("--orig", metavar="ORIG", help="the text before correction (e.g. the OCR input)")
    p.add_argument("--keep-whitespace", action="store_true", help="count whitespace differences as errors")
    p.add_argument("--keep-width", action="store_true", help="count full-width/half-width and quote-style differences")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--details", action="store_true", help="list every changed region (JSON) or every harmful one (table)")
    p.set_defaults(func=run)


def refuse_empty_gold(gold: str) -> None:
    """An empty gold file scores every hypothesis as all insertions: refuse it (one line, exit 2)."""
    if not os.path.exists(gold):
        return  # evaluate_paths says so
    for path, _ in find_files([gold]):
        try:
            read_document(path)
        except EmptyInput:
            raise CorrectorError(f"gold {shown(path)}: empty file; there is nothing to score against") from None


def run(args: argparse.Namespace) -> int:
    refuse_empty_gold(args.gold)
    report = evaluate_paths(args.gold, args.hyp, args.orig, whitespace=not args.keep_whitespace, width=not args.keep_width)
    if args.json:
        json.dump(report.to_json(details=args.details), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print_report(report, details=args.details)
    return 0


def _pct(x: float) -> str:
    return "n/a" if math.isinf(x) else f"{100 * x:.2f} %"


def _changes_cells(c: Changes) -> list[str]:
    return [f"{c.fixed:,}", f"{c.introduced:,}", _pct(c.precision), _pct(c.recall)]


def print_report(report: Report, *, details: bool = False, console: Any = None) -> None:
    """Print the report as a Rich table, with the normalisation and the overall figures spelt out."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=120)
    orig = report.has_orig
    total = report.changes
    many = len(report.files) > 1
    table = Table(title="Character error rate against gold", title_justify="left", show_footer=many)
    table.add_column("file", footer=f"all {len(report.files)} files")
    table.add_column("gold chars", justify="right", footer=f"{report.cer.length:,}")

    def errors(f_orig: CER | None, f_hyp: CER) -> str:
        return f"{f_orig.errors:,} → {f_hyp.errors:,}" if f_orig is not None else f"{f_hyp.errors:,}"

    table.add_column("errors", justify="right", footer=errors(report.cer_orig, report.cer))
    if orig:
        table.add_column("CER before", justify="right", footer=report.cer_orig.percent())  # type: ignore[union-attr]
    table.add_column("CER after" if orig else "CER", justify="right", footer=report.cer.percent())
    if orig:
        for name, cell in zip(("fixed", "introduced", "precision", "recall"), _changes_cells(total)):  # type: ignore[arg-type]
            table.add_column(name, justify="right", footer=cell)
    for f in report.files:
        row = [escape(shown(f.name)) + (" [red](worse)[/red]" if f.worse else ""), f"{f.cer.length:,}", errors(f.cer_orig, f.cer)]
        if orig:
            row.append(f.cer_orig.percent())  # type: ignore[union-attr]
        row.append(f.cer.percent())
        if orig:
            row += _changes_cells(f.changes)  # type: ignore[arg-type]
        table.add_row(*row)
    console.print(table)
    console.print(f"Normalisation: {describe_normalisation(**report.normalisation)}.")
    console.print("CER = (substitutions + deletions + insertions) / characters of gold, Levenshtein distance.")
    if orig and total is not None:
        console.print(
            f"Errors {total.errors_before:,} → {total.errors_after:,} (residual {_pct(total.residual)}); "
            f"{total.fixed:,} fixed, {total.introduced:,} introduced. Changed regions {total.changes:,}: "
            f"{total.changes_fixed:,} only fixed, {total.changes_introduced:,} only introduced, {total.changes_mixed:,} both, "
            f"{total.neutral:,} neutral (one wrong reading for another). Precision = fixed / (fixed + introduced), "
            "recall = fixed / errors before, counted in character errors."
        )
        if report.worse:
            console.print(f"[red]Made worse: {escape(shown(', '.join(report.worse[:10])))}{' …' if len(report.worse) > 10 else ''}[/red]")
        if details:
            for f in report.files:
                for ch in (f.changes.details if f.changes else []):
                    if ch.kind != "fixed":
                        console.print(
                            f"{shown(f.name)} @{ch.gold_start}: {ch.kind}: gold {ch.gold!r}, orig {ch.orig!r}, hyp {ch.hyp!r}",
                            markup=False,
                        )
    for w in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(shown(w))}")
