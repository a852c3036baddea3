"""The ``propose`` and ``auto`` commands: summaries in the terminal, JSON and corrected copies on disk."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import load, propose, select
from ..apply import context
from ..editions import split_groups
from ..errors import shown
from ..ingest import find_files
from ..model import DEFAULT_DECISION, KINDS, Document, Options, Proposal, Result
from ..outputs import CorrectedSet, json_bytes
from ..safe_files import check_file_target, check_out_dir, write_file
from ..passages import counts as passage_counts
from ..passages import write_passim_json
from ..policy import BANDS, MIN_CONFIDENCE, MODEL_MIN_CONFIDENCE, band, default_bar, lone_outvoted_variant
from .options import NGRAM_RANGE, count, decision_mode, file_name, folder_name, int_range, probability


#: Environment variable that gives ``--decision`` its default (the benchmarks run ``corrector auto``
#: as a subprocess and choose the learned decision with it); the option given wins.
DECISION_ENV = "CORRECTOR_DECISION"

#: More local processes than this is a typing slip, not a machine (a cluster is --scheduler's job).
MAX_WORKERS = 512


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that runs the engine (the same keywords as :class:`Options`)."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="text files or folders (searched recursively for *.txt)")
    p.add_argument("--ngram", type=int_range(*NGRAM_RANGE), default=None,
                   help=f"anchor n-gram length, {NGRAM_RANGE[0]}–{NGRAM_RANGE[1]} (default 5)")
    p.add_argument("--no-language", dest="use_language", action="store_false", default=None,
                   help="vote on witnesses alone, without jieba's dictionary or corpus n-grams")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary table")
    p.add_argument("--workers", type=int_range(1, MAX_WORKERS), default=None, metavar="N",
                   help=f"run alignment, voting and proposing on N local processes, 1–{MAX_WORKERS} (default 1: in this process)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run them on a dask.distributed scheduler, e.g. tcp://10.0.0.5:8786 (needs corrector[dask])")
    # a string default goes through decision_mode too, so a bad $CORRECTOR_DECISION is one line and exit 2
    p.add_argument("--decision", type=decision_mode, default=os.environ.get(DECISION_ENV) or None, metavar="rules|model",
                   help=f"who decides each proposal's kind and confidence: the hand-written rules or the learned model "
                        f"(default ${DECISION_ENV} if set, else {DEFAULT_DECISION})")
    p.add_argument("--one-edition", action="store_true", default=None,
                   help="every printing is one edition (scans or OCR engines of one paper, or word-for-word reprints): "
                        "a printing alone against three or more that agree is corrected even where both readings are "
                        "words, numbers or names, except in clusters whose printings show two editions "
                        "(default: shown as an editorial variant)")
    p.add_argument("--passim-json", metavar="FILE", type=file_name,
                   help="also write the passage clusters as passim's out.json (a JSON line per passage); never replaces an input")


def options_from(args: argparse.Namespace) -> Options:
    """An :class:`Options` from the parsed command line."""
    fields = {k: getattr(args, k, None) for k in Options.__dataclass_fields__}
    if getattr(args, "suspect_confidence", None) is not None:  # auto --suspects X: a bar to apply them needs them found
        fields["suspects"] = True
    return Options.make(None, **fields)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``propose`` and ``auto`` subcommands."""
    p = sub.add_parser("propose", help="find reprints, vote, and list proposed corrections",
                       description="Find passages printed in several documents, align and vote them, and list "
                                   "the proposed corrections. Nothing is written unless --json is given.")
    add_engine_options(p)
    p.add_argument("--json", metavar="FILE", type=file_name,
                   help="write every proposal as JSON (schema corrector.proposals/1); '-' for stdout. Never replaces an "
                        "input, a link or anything but a regular file")
    p.add_argument("--min-confidence", type=probability, default=None,
                   help="band boundary for the summary's 'auto' column, 0–1 (default %s, with --decision model %s)"
                        % (MIN_CONFIDENCE, MODEL_MIN_CONFIDENCE))
    p.add_argument("--limit", type=count, default=40, help="proposals listed in the terminal (default %(default)s; 0 for none)")
    p.add_argument("--suspects", action="store_true", default=None,
                   help="also look for single-witness suspicion flags (kind suspect; never applied by auto unless asked)")
    p.set_defaults(func=cmd_propose)

    a = sub.add_parser("auto", help="apply the confident corrections and write corrected copies to --out",
                       description="Apply every proposal at or above --min-confidence (never an editorial variant) and "
                                   "write all inputs, changed or not, to --out with a .diff per changed file and report.json.")
    add_engine_options(a)
    a.add_argument("--out", required=True, metavar="DIR", type=folder_name,
                   help="output folder (not an input folder, nor inside one); a re-run replaces the set it wrote before")
    a.add_argument("--min-confidence", type=probability, default=None,
                   help="apply proposals at or above this (calibrated) confidence, 0–1 (default %s: the vote's 0.9; "
                        "with --decision model %s)" % (MIN_CONFIDENCE, MODEL_MIN_CONFIDENCE))
    a.add_argument("--force", action="store_true",
                   help="replace files in --out that corrector did not write (other files there are left alone)")
    a.add_argument("--suspects", type=probability, default=None, metavar="X", dest="suspect_confidence",
                   help="also look for single-witness suspicion flags and apply those at or above confidence X, "
                        "0–1 (default: none looked for, none applied)")
    a.set_defaults(func=cmd_auto)


@contextmanager
def progress_bar(console: Console, enabled: bool) -> Iterator:
    """A transient progress bar on stderr for long runs; yields the engine's progress callback."""
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.description:<9}"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
        console=console, transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield tick


def warn(msg: str) -> None:
    """One warning line on stderr (names in it escaped)."""
    print(f"corrector: warning: {shown(msg)}", file=sys.stderr)


def run_engine(
    args: argparse.Namespace, err: Console, on_document: Callable[[list[Document], int, list[Proposal]], None] | None = None,
) -> tuple[Result, Options, float]:
    """Load the inputs and propose corrections, with warnings and a progress bar on stderr.

    With ``on_document``, each document's proposals go to ``on_document(documents, index, proposals)``
    as soon as they are made (see :func:`corrector.propose`) and the result holds none.
    """
    opts = options_from(args)
    if getattr(args, "passim_json", None):  # refused before the work, like --json
        check_file_target(args.passim_json, inputs=[f for f, _ in find_files(args.paths)])
    t0 = time.perf_counter()
    docs = load(args.paths, on_warning=warn)
    big = sum(len(d.text) for d in docs) > 200_000
    sink = None if on_document is None else (lambda t, proposals: on_document(docs, t, proposals))
    with progress_bar(err, big and err.is_terminal) as tick:
        result = propose(docs, options=opts, progress=tick, on_document=sink)
    if getattr(args, "passim_json", None):
        write_passim_json(args.passim_json, result.documents, result.groups)
    return result, opts, time.perf_counter() - t0


class Tally:
    """Proposals counted by kind and confidence band, and those auto mode would apply at ``min_confidence``
    (what the summary shows), added a document's proposals at a time."""

    def __init__(self, min_confidence: float, decision: str) -> None:
        self.min_confidence = min_confidence
        self.decision = decision
        self.bands: Counter = Counter()  # (kind, band name) → proposals
        self.kinds: Counter = Counter()
        self.auto: Counter = Counter()  # kind → proposals auto mode applies (suspects never: as without --suspects)
        self.lone = 0  # variants one printing alone reads against three or more (what --one-edition corrects)
        self.split: set[int] = set()  # clusters whose printings show two editions (corrector.editions)
        self.total = 0

    def add(self, proposals: list[Proposal]) -> None:
        applied, _ = select(proposals, min_confidence=self.min_confidence, decision=self.decision)
        self.auto.update(p.kind for p in applied)
        self.lone += sum(1 for p in proposals if lone_outvoted_variant(p))
        self.split |= split_groups(proposals)
        self.kinds.update(p.kind for p in proposals)
        self.bands.update((p.kind, band(p.confidence)) for p in proposals)
        self.total += len(proposals)


def summary_table(result: Result, min_confidence: float, decision: str, seconds: float, tally: Tally | None = None) -> Table:
    """Documents, groups, and proposals by kind and confidence band (``tally``: the proposals counted, if not ``result``'s)."""
    t = Table(title="corrector", title_justify="left", show_edge=False)
    t.add_column("kind")
    for _, name in BANDS:
        t.add_column(name, justify="right")
    t.add_column("total", justify="right")
    t.add_column(f"auto ≥{min_confidence:.2f}", justify="right")
    if tally is None:
        tally = Tally(min_confidence, decision)
        tally.add(result.proposals)
    for kind in KINDS:
        if not tally.kinds[kind]:
            continue
        t.add_row(kind, *[str(tally.bands.get((kind, name), "")) for _, name in BANDS], str(tally.kinds[kind]),
                  str(tally.auto[kind]))
    n_passages, n_clusters, n_covered = passage_counts(result.groups)
    t.caption = (
        f"{len(result.documents)} documents, {n_passages} passages in {n_clusters} clusters of versions "
        f"covering {n_covered} documents, {tally.total} proposals, {seconds:.1f} s"
    )
    t.caption_justify = "left"
    return t


def one_edition_hint(tally: Tally, opts: Options) -> str | None:
    """The line that says what ``--one-edition`` would correct, where it would correct something; with it,
    in how many clusters the printings contradicted it."""
    if opts.one_edition:
        n = len(tally.split)
        if not n:
            return None
        return (f"--one-edition was not applied in {n} cluster{'s' if n > 1 else ''} of versions whose printings "
                f"show two editions (two or more read one word where two or more others read another)")
    if not tally.lone:
        return None
    return (f"{tally.lone} variant{'s are' if tally.lone > 1 else ' is'} one printing's reading against three or more "
            f"that agree: if every printing is one edition (scans or OCR engines of one paper), --one-edition "
            f"corrects {'them' if tally.lone > 1 else 'it'}")


def proposals_table(result: Result, limit: int) -> Table:
    """The proposals, best first, with their context."""
    docs = {d.id: d for d in result.documents}
    t = Table(show_edge=False)
    for name, kw in (("document", {"max_width": 14, "no_wrap": True}), ("at", {"justify": "right"}),
                     ("change in context", {"overflow": "fold", "ratio": 1}), ("kind", {"no_wrap": True}),
                     ("conf", {"justify": "right"})):
        t.add_column(name, **kw)
    for p in sorted(result.proposals, key=lambda p: -p.confidence)[:limit]:
        t.add_row(escape(shown(p.doc)), str(p.start), escape(shown(context(docs[p.doc], p, 5))), p.kind, f"{p.confidence:.2f}")
    return t


def cmd_propose(args: argparse.Namespace) -> int:
    out, err = Console(), Console(stderr=True)
    if args.json and args.json != "-":  # refused before the work, and checked again when written
        check_file_target(args.json, inputs=[f for f, _ in find_files(args.paths)])
    result, opts, seconds = run_engine(args, err)
    min_conf = args.min_confidence if args.min_confidence is not None else default_bar(opts.decision)
    if args.json:
        data = json_bytes(result.to_json(), indent=1 if len(result.proposals) <= 2000 else None) + b"\n"
        if args.json == "-":
            sys.stdout.flush()
            if hasattr(sys.stdout, "buffer"):
                sys.stdout.buffer.write(data)
            else:  # a text stream standing in for stdout (tests, notebooks)
                sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
            return 0
        write_file(args.json, data, inputs=[d.path for d in result.documents])
    if not args.quiet:
        tally = Tally(min_conf, opts.decision)
        tally.add(result.proposals)
        out.print(summary_table(result, min_conf, opts.decision, seconds, tally))
        if (hint := one_edition_hint(tally, opts)) is not None:
            out.print(hint)
        if args.limit and result.proposals:
            out.print(proposals_table(result, args.limit))
        if args.json:
            out.print(f"proposals written to {escape(shown(args.json))}")
    return 0


def cmd_auto(args: argparse.Namespace) -> int:
    out, err = Console(), Console(stderr=True)
    find_files(args.paths)  # a missing input is reported before anything about --out
    out_dir = check_out_dir(args.out, args.paths, files_alone=True)
    decision = options_from(args).decision
    min_conf = args.min_confidence if args.min_confidence is not None else default_bar(decision)
    tally = Tally(min_conf, decision)
    applied_n = 0
    writer: CorrectedSet | None = None

    def write(documents: list[Document], t: int, proposals: list[Proposal]) -> None:
        """Stage one document as soon as its proposals are made (the set is put in place at the end)."""
        nonlocal writer, applied_n
        if writer is None:  # opened once the inputs are read and the engine has run: a refused input leaves --out alone
            writer = CorrectedSet(out_dir, inputs=[d.path for d in documents], force=args.force)
        applied, skipped = select(proposals, min_confidence=min_conf, min_suspect_confidence=args.suspect_confidence,
                                  decision=decision)
        writer.add_document(t, documents[t], applied, skipped)
        applied_n += len(applied)
        tally.add(proposals)

    try:
        result, opts, seconds = run_engine(args, err, on_document=write)
        assert writer is not None  # every document was handed over
        summary = writer.finish(_auto_meta(args, min_conf, opts, result))
    finally:
        if writer is not None:
            writer.close()
    if not args.quiet:
        out.print(summary_table(result, min_conf, opts.decision, seconds, tally))
        if (hint := one_edition_hint(tally, opts)) is not None:
            out.print(hint)
        out.print(
            f"applied {applied_n} of {tally.total} proposals in {len(summary.changed)} of "
            f"{len(result.documents)} documents; wrote {escape(shown(out_dir))} (report.json, .diff per changed file)"
        )
    return 0


def _auto_meta(args: argparse.Namespace, min_conf: float, opts: Options, result: Result) -> dict:
    """The fields ``auto`` adds to ``report.json``."""
    return {
        "command": "auto",
        "min_confidence": min_conf,
        "suspects": args.suspect_confidence,
        "decision": opts.decision,
        "groups": len(result.groups),
        "witness_error_rates": result.witness_error_rates,
        "warnings": result.warnings,
    }
