"""Commands ``review`` (the editors' terminal app) and ``export`` (corrected copies from their decisions)."""

from __future__ import annotations

import argparse
import os
import sqlite3
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import CorrectorError, shown
from ..store import DEFAULT_DB
from ..safe_files import check_out_dir
from .options import folder_name

_DB_HELP = (
    f"review database (SQLite); default: {DEFAULT_DB} in the current folder. It keeps the documents' "
    "hashes, the proposals and every decision; reopening it resumes the review"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``review`` and ``export`` subcommands."""
    review = subparsers.add_parser(
        "review",
        help="review proposals in a terminal app (accept, reject, edit)",
        description=(
            "Open the review app on the proposals for PATH... (files or folders of *.txt). Every decision is "
            f"saved the moment it is made in the review database (--db, default ./{DEFAULT_DB}); quit any time "
            "and reopen to resume. If a file changed since, its proposals are made afresh and only decisions "
            "on identical text are kept. Press ? in the app for the keys."
        ),
    )
    review.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to review (default: those the database was opened on last)")
    review.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=_DB_HELP)
    review.add_argument("--editor", metavar="NAME", help="name recorded with each decision (default: your login name)")
    review.add_argument("--read-only", action="store_true", help="look without deciding (the database is not written)")
    review.set_defaults(func=run_review)

    export = subparsers.add_parser(
        "export",
        help="write corrected copies from the review decisions",
        description=(
            "Write every reviewed document to DIR with the accepted and edited changes applied, a .diff per "
            "changed document and report.json (like auto). Rejected and undecided proposals are listed as "
            "skipped. Refuses if an input file changed since it was reviewed."
        ),
    )
    export.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=_DB_HELP)
    export.add_argument("--out", required=True, metavar="DIR", type=folder_name,
                        help="output folder (outside the input folders); a re-export replaces the set written before")
    export.set_defaults(func=run_export)


@contextmanager
def database_errors(db: str, *, contents: bool = False) -> Iterator[None]:
    """Turn an SQLite error from a damaged or foreign review database into one line (exit 2).

    With ``contents`` (export, where every value comes from the database) a stored value that does
    not parse (a proposal's JSON, a field of the wrong type) counts as damage too.
    """
    damaged = (sqlite3.Error, ValueError, KeyError, TypeError) if contents else (sqlite3.Error,)
    try:
        yield
    except damaged as err:
        raise CorrectorError(f"{shown(db)}: damaged or not a corrector review database "
                             f"({type(err).__name__}: {shown(str(err))[:200]})") from None


def run_review(args: argparse.Namespace) -> int:
    """Open the app; returns 0 when the editor quits (decisions are already saved)."""
    with database_errors(args.db):
        return _run_review(args)


def _run_review(args: argparse.Namespace) -> int:
    import corrector
    from ..store import ReviewStore

    store = ReviewStore(args.db, read_only=args.read_only)
    try:
        paths = list(args.paths) or store.inputs()
        if not paths:
            raise CorrectorError(f"give the files or folders to review ({args.db} does not name any yet)")
        warnings: list[str] = []
        documents = corrector.load(paths, on_warning=warnings.append)
        plan = store.plan(documents)
        if plan.new and store.read_only:
            raise CorrectorError(f"{args.db} holds no proposals yet and is read-only ({store.read_only_reason})")
        if not plan.needs_proposals and not store.read_only:
            store.remember_inputs(paths, documents)
        if not (sys.stdin.isatty() and sys.stderr.isatty()):  # Textual draws on stderr
            raise CorrectorError("corrector review needs a terminal; in scripts use corrector propose or auto")
        from tui.app import Outcome, ReviewApp  # Textual is loaded only here

        app = ReviewApp(store, documents=documents, plan=plan, inputs=paths, editor=args.editor)
        outcome = app.run() or Outcome()
        for w in warnings + outcome.messages:
            print(f"corrector: {shown(w)}", file=sys.stderr)
        if outcome.state == "abandoned":
            print("corrector: quit before the proposals were ready; nothing was decided", file=sys.stderr)
            return 0
        if outcome.state == "failed":
            raise CorrectorError(outcome.failure or "the engine failed")
        counts = store.counts()
        total = sum(counts.values())
        print(
            f"{total - counts['pending']} of {total} proposals decided ({counts['accepted']} accepted, "
            f"{counts['edited']} edited, {counts['rejected']} rejected); saved in {args.db}. "
            f"Write the corrected copies with: corrector export --db {shown(args.db)} --out DIR"
        )
        return 0
    finally:
        store.close()


def run_export(args: argparse.Namespace) -> int:
    """Write the corrected copies; returns 0."""
    from ..store import ReviewStore, export

    if not Path(args.db).exists():
        raise CorrectorError(f"{shown(args.db)}: no review database there (run corrector review first, or give --db)")
    with database_errors(args.db, contents=True):
        store = ReviewStore(args.db)
        try:
            check_inputs_are_files(store.document_paths())
            check_out_dir(args.out, store.inputs())  # the folders the review was opened on, too
            summary = export(store, args.out)
        finally:
            store.close()
    print(
        f"wrote {summary.documents} document(s) to {shown(summary.out)} ({summary.changed} changed, "
        f"{summary.applied} correction(s) applied, {summary.skipped} skipped); report: {shown(summary.report)}"
    )
    return 0


def check_inputs_are_files(paths: dict[str, str]) -> None:
    """Refuse a database naming an input that is not a regular file (a device or FIFO would be read for ever).

    The database is untrusted input: export hashes every input it names before writing.
    """
    for doc_id, path in paths.items():
        try:
            mode = os.stat(path).st_mode
        except OSError:
            continue  # export reports a missing input itself
        if not stat.S_ISREG(mode):
            raise CorrectorError(f"{shown(path)}: not a regular file, yet the review database names it as the input "
                                 f"{shown(doc_id)}")
