"""Writing the corrected copies from the review decisions (like ``auto``), with the decisions in the report."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from typing import Any

from ..apply import Skipped, check_out_dir
from ..errors import CorrectorError
from ..model import Proposal
from ..overlap import first_overlap
from .journal import PENDING
from .review import ReviewStore


@dataclass
class ExportSummary:
    """What :func:`export` wrote."""

    out: str
    documents: int
    changed: int
    applied: int
    skipped: int
    report: str


def _sha256_file(path: str) -> str | None:
    """SHA-256 of a regular input file (never opening a FIFO or device a crafted database names), or ``None``."""
    from ..ingest import read_bytes

    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except (OSError, CorrectorError):
        return None


def chosen(store: ReviewStore) -> tuple[list[Proposal], list[tuple[Proposal, str]], list[dict[str, Any]]]:
    """The proposals to apply (edits with the editor's text), the others with the reason, and an audit list.

    Raises:
        CorrectorError: two accepted changes overlap.
    """
    decisions = store.decisions()
    applied: list[Proposal] = []
    skipped: list[tuple[Proposal, str]] = []
    audit: list[dict[str, Any]] = []
    for item in store.items():
        p = item.proposal
        dec = decisions.get(item.pid, PENDING)
        audit.append(
            {"id": p.id, "doc": p.doc, "start": p.start, "end": p.end, "old": p.old, "new": p.new,
             "status": dec.status, "value": dec.value, "who": dec.who or None, "at": dec.at or None,
             "note": dec.note}
        )
        if dec.status == "accepted":
            applied.append(p)
        elif dec.status == "edited":
            applied.append(dataclasses.replace(p, new=dec.value or ""))
        else:
            skipped.append((p, "rejected by the editor" if dec.status == "rejected" else "not reviewed"))
    by_doc: dict[str, list[Proposal]] = {}
    for p in applied:
        by_doc.setdefault(p.doc, []).append(p)
    for doc, ps in by_doc.items():
        clash = first_overlap(ps)
        if clash is not None:
            a, b = clash
            raise CorrectorError(
                f"{doc}: accepted changes at {a.start}-{a.end} ({a.old}→{a.new}) and {b.start}-{b.end} "
                f"({b.old}→{b.new}) overlap; reject one of them in corrector review"
            )
    return applied, skipped, audit


def export(store: ReviewStore, out_dir: str | os.PathLike[str]) -> ExportSummary:
    """Write corrected copies, a ``.diff`` per changed document and ``report.json``, like ``auto``.

    Accepted proposals are applied as proposed, edited ones with the editor's text; rejected and
    pending ones are listed as skipped.  Refuses when an input file changed since its proposals were
    made, so that no stale decision is ever applied.  Works on a read-only database.

    Raises:
        CorrectorError: nothing to export, a changed or missing input, an output folder among the
            inputs, overlapping accepted changes.
    """
    import corrector  # the public names: where the engine keeps them may change

    if store.generation() == 0:
        raise CorrectorError(f"{store.path}: no proposals reviewed yet; run corrector review first")
    documents = store.documents()
    paths = store.document_paths()
    for d in documents:
        path = paths.get(d.id, d.path)
        digest = _sha256_file(path)
        if digest is None:
            raise CorrectorError(f"{path}: input file missing; it was reviewed as {d.id}")
        if digest != d.sha256:
            raise CorrectorError(
                f"{path} changed since it was reviewed; run corrector review --db {store.path} to re-check the decisions"
            )
    check_out_dir(out_dir, [*store.inputs(), *paths.values()])  # the folders the review was opened on, too
    applied, skipped, audit = chosen(store)
    meta = {
        "command": "export",
        "review": {"db": str(store.path.resolve()), "generation": store.generation(), "counts": store.counts(),
                   "decisions": audit},
    }
    summary = corrector.write_outputs(out_dir, documents, applied, [Skipped(p, why) for p, why in skipped], meta=meta)
    return ExportSummary(
        out=str(out_dir),
        documents=len(documents),
        changed=len(summary.changed),
        applied=len(applied),
        skipped=len(skipped),
        report=summary.report,
    )
