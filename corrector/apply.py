"""Apply: build corrected text from chosen proposals, with diffs, and write outputs atomically."""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import diff_match_patch

from .errors import CorrectorError
from .model import SCHEMA, Document, Proposal
from .overlap import overlap
from .policy import Skipped


def apply(document: Document, proposals: Iterable[Proposal]) -> str:
    """Return ``document.text`` with ``proposals`` applied; with none, the original text itself.

    Raises:
        CorrectorError: a proposal for another document, one whose ``old`` text is not at its
            offsets, or two proposals that overlap.
    """
    chosen = sorted(proposals, key=lambda p: (p.start, p.end))
    text = document.text
    out: list[str] = []
    at = 0
    for k, p in enumerate(chosen):
        if p.doc != document.id:
            raise CorrectorError(f"proposal {p.id} is for {p.doc}, not {document.id}")
        if text[p.start:p.end] != p.old:
            raise CorrectorError(f"proposal {p.id} does not match {document.id} at {p.start}-{p.end}")
        if k and overlap(chosen[k - 1], p):
            raise CorrectorError(f"proposal {p.id} overlaps another one in {document.id} at {p.start}")
        out.append(text[at:p.start])
        out.append(p.new)
        at = p.end
    out.append(text[at:])
    return "".join(out)


def unified_diff(document: Document, corrected: str) -> str:
    """A unified line diff (``patch -p0`` applies it) between the original and ``corrected``."""
    name = document.id
    lines = difflib.unified_diff(
        document.text.splitlines(keepends=True),
        corrected.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def patch_text(original: str, proposals: Iterable[Proposal]) -> str:
    """diff-match-patch patch text of applying ``proposals`` (apply with ``patch_fromText`` + ``patch_apply``).

    The edits are known exactly, so they are handed to diff-match-patch instead of being found again.
    """
    diffs: list[tuple[int, str]] = []
    at = 0
    for p in sorted(proposals, key=lambda p: (p.start, p.end)):
        if p.start > at:
            diffs.append((0, original[at:p.start]))
        if p.old:
            diffs.append((-1, p.old))
        if p.new:
            diffs.append((1, p.new))
        at = p.end
    if at < len(original):
        diffs.append((0, original[at:]))
    dmp = diff_match_patch.diff_match_patch()
    return dmp.patch_toText(dmp.patch_make(original, diffs))


def inline_diff(old: str, new: str) -> str:
    """Human-readable character diff: ``[-removed-]{+added+}`` around the changed parts."""
    if len(old) <= 32 and len(new) <= 32:
        # Short hunks: the common prefix and suffix are the whole story.
        k = 0
        while k < min(len(old), len(new)) and old[k] == new[k]:
            k += 1
        m = 0
        while m < min(len(old), len(new)) - k and old[-1 - m] == new[-1 - m]:
            m += 1
        mid_old, mid_new = old[k:len(old) - m], new[k:len(new) - m]
        return old[:k] + (f"[-{mid_old}-]" if mid_old else "") + (f"{{+{mid_new}+}}" if mid_new else "") + old[len(old) - m:]
    dmp = diff_match_patch.diff_match_patch()
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)
    parts = []
    for op, s in diffs:
        parts.append(s if op == 0 else (f"[-{s}-]" if op < 0 else f"{{+{s}+}}"))
    return "".join(parts)


def context(document: Document, proposal: Proposal, width: int = 12) -> str:
    """The proposal in its surroundings as an inline diff, on one line."""
    t = document.text
    before = t[max(0, proposal.start - width):proposal.start]
    after = t[proposal.end:proposal.end + width]
    flat = lambda s: " ".join(s.split())  # noqa: E731
    return flat(before) + inline_diff(proposal.old, proposal.new) + flat(after)


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


@dataclass
class WriteSummary:
    """What :func:`write_outputs` wrote."""

    written: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    report: str = ""


def check_out_dir(out_dir: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> Path:
    """Refuse an output folder that is, contains or lies inside an input folder or holds an input file.

    Raises:
        CorrectorError: with the reason.
    """
    out = Path(out_dir).resolve()
    for raw in inputs:
        p = Path(raw).resolve()
        folder = p if p.is_dir() else p.parent
        if out == folder or folder in out.parents:
            raise CorrectorError(f"--out {out_dir} is inside the input folder {raw}; choose a folder outside the inputs")
        if out in folder.parents and p.is_dir():
            raise CorrectorError(f"--out {out_dir} contains the input folder {raw}; choose another folder")
    if out.exists() and not out.is_dir():
        raise CorrectorError(f"--out {out_dir} exists and is not a folder")
    return out


def write_outputs(
    out_dir: str | os.PathLike[str],
    documents: list[Document],
    applied: list[Proposal],
    skipped: list[Skipped],
    *,
    meta: dict[str, Any] | None = None,
) -> WriteSummary:
    """Write every document (changed or not) under its id, a ``.diff`` per changed one, and ``report.json``.

    Args:
        out_dir: Destination folder (created if needed); see :func:`check_out_dir`.
        documents: All input documents.
        applied: Proposals to apply (at most one per span; they must not overlap).
        skipped: Proposals not applied, with the reason (listed in the report without their readings,
            which ``corrector propose --json`` gives).
        meta: Extra fields for the report (command, options, timings).

    Returns:
        The files written.
    """
    out = Path(out_dir)
    summary = WriteSummary()
    by_doc: dict[str, list[Proposal]] = {}
    for p in applied:
        by_doc.setdefault(p.doc, []).append(p)
    doc_reports = []
    for doc in documents:
        chosen = by_doc.get(doc.id, [])
        corrected = apply(doc, chosen)
        target = out / doc.id
        atomic_write(target, doc.encode(corrected))
        summary.written.append(str(target))
        entry: dict[str, Any] = {"id": doc.id, "path": doc.path, "applied": len(chosen), "output": str(target)}
        diff_path = out / f"{doc.id}.diff"
        if chosen:
            atomic_write(diff_path, unified_diff(doc, corrected).encode("utf-8"))
            entry["diff"] = str(diff_path)
            entry["patch"] = patch_text(doc.text, chosen)
            summary.changed.append(doc.id)
        elif diff_path.exists():
            diff_path.unlink()
        doc_reports.append(entry)
    docs_by_id = {d.id: d for d in documents}

    def row(p: Proposal, why: str | None = None) -> dict[str, Any]:
        r = p.to_json(readings=why is None)
        r["diff"] = context(docs_by_id[p.doc], p) if p.doc in docs_by_id else inline_diff(p.old, p.new)
        if why is not None:
            r["skipped_because"] = why
        return r

    report = {
        "schema": SCHEMA,
        **(meta or {}),
        "documents": doc_reports,
        "applied": [row(p) for p in sorted(applied, key=lambda p: (p.doc, p.start))],
        "skipped": [row(s.proposal, s.why) for s in sorted(skipped, key=lambda s: (s.proposal.doc, s.proposal.start))],
    }
    report_path = out / "report.json"
    atomic_write(report_path, json.dumps(report, ensure_ascii=False).encode("utf-8"))
    summary.report = str(report_path)
    return summary
