"""Apply: build corrected text from chosen proposals, with diffs and patches (writing them: :mod:`corrector.outputs`)."""

from __future__ import annotations

import difflib
from typing import Iterable

import diff_match_patch

from .errors import CorrectorError
from .model import Document, Proposal
from .overlap import overlap
from .policy import Skipped  # noqa: F401  (re-exported: it used to live here)


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
    """A unified line diff of the text (as str) between the original and ``corrected``; see :func:`unified_diff_bytes`."""
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


#: Encodings whose bytes a line diff can be taken on: a newline byte is always a newline character.
_LINE_SAFE = ("utf-8", "gb18030")


def unified_diff_bytes(document: Document, corrected: str) -> bytes:
    """The ``.diff`` of a corrected file: ``cd INPUT_FOLDER && patch -p1 < NAME.diff`` turns the input into the output.

    The diff is taken on the bytes of the file as written (same encoding, BOM and line endings), so
    that ``patch`` applies it to the input as it is. UTF-16 text cannot be patched that way (its
    newline is two bytes, one of them NUL); its diff is of the text in UTF-8 (convert the input to
    UTF-8 to apply it, as the README says).
    """
    name = document.id.encode("utf-8", "surrogateescape")
    if document.encoding not in _LINE_SAFE:
        return unified_diff(document, corrected).encode("utf-8", "surrogateescape")
    old_lines = _byte_lines(document.encode(document.text))
    new_lines = _byte_lines(document.encode(corrected))
    out = []
    for line in difflib.diff_bytes(difflib.unified_diff, old_lines, new_lines, fromfile=b"a/" + name, tofile=b"b/" + name):
        out.append(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n")
    return b"".join(out)


def _byte_lines(data: bytes) -> list[bytes]:
    """Lines as ``patch`` sees them: ended by the newline byte only (a CR stays part of its line)."""
    parts = data.split(b"\n")
    return [line + b"\n" for line in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


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


# Output writing lives in corrector.outputs; these names stay importable from here.
from .outputs import WriteSummary, write_outputs  # noqa: E402,F401
from .safe_files import check_out_dir  # noqa: E402,F401
