"""Evaluation metrics: character error rate against a gold text, and which changes fixed or introduced errors."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from ..ingest import fold_char



# --------------------------------------------------------------------------- normalisation


def normalise(text: str, *, whitespace: bool = True, width: bool = True) -> str:
    """The text as it is compared: NFC, then optionally without whitespace and with widths folded.

    Args:
        text: Any text.
        whitespace: Drop every whitespace character (``str.isspace``: spaces, U+3000, line breaks).
            When False, line endings are still unified to ``\\n``.
        width: Fold the way :func:`corrector.ingest.fold_char` does: full-width ASCII forms
            (U+FF01–U+FF5E, e.g. ``，：（Ａ１``) to half-width, curly and corner quotation marks to
            straight ones, and drop invisible characters (zero-width spaces, soft hyphens, BOM).
            Ideographic punctuation with no ASCII twin (``。、《》——…``) is kept as it is.

    Returns:
        The normalised text.
    """
    text = unicodedata.normalize("NFC", text)
    if not whitespace:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not whitespace and not width:
        return text
    out: list[str] = []
    for ch in text:
        if ch.isspace():
            if not whitespace:
                out.append(ch)
        elif width:
            out.append(fold_char(ch))
        else:
            out.append(ch)
    return "".join(out)


def describe_normalisation(*, whitespace: bool = True, width: bool = True) -> str:
    """One line saying how texts are normalised before they are compared."""
    parts = ["Unicode NFC"]
    parts.append("whitespace removed" if whitespace else "whitespace kept (line endings unified)")
    if width:
        parts.append("full-width ASCII forms folded to half-width, curly quotes to straight, invisible characters dropped")
    else:
        parts.append("character widths kept")
    return "; ".join(parts)


def norm_options(norm: dict[str, Any]) -> dict[str, bool]:
    unknown = set(norm) - {"whitespace", "width"}
    if unknown:
        raise TypeError(f"unknown normalisation option(s): {', '.join(sorted(unknown))}")
    return {"whitespace": bool(norm.get("whitespace", True)), "width": bool(norm.get("width", True))}


# --------------------------------------------------------------------------- CER


def _ratio(part: int, whole: int) -> float:
    """``part / whole`` of two counts: 0 when both are 0, infinity when only ``whole`` is 0."""
    if whole:
        return part / whole
    return 0.0 if part == 0 else math.inf


@dataclass
class CER:
    """Character error rate of a text against its gold text.

    Attributes:
        errors: Levenshtein distance (substitutions + deletions + insertions) between the normalised texts.
        length: Number of characters of the normalised gold text.
        substitutions: Gold characters read as another character.
        deletions: Gold characters missing from the text.
        insertions: Characters of the text not in the gold text.
    """

    errors: int
    length: int
    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0

    @property
    def rate(self) -> float:
        """``errors / length``; 0 for two empty texts and infinity for text against an empty gold."""
        return _ratio(self.errors, self.length)

    def __add__(self, other: "CER") -> "CER":
        return CER(
            self.errors + other.errors,
            self.length + other.length,
            self.substitutions + other.substitutions,
            self.deletions + other.deletions,
            self.insertions + other.insertions,
        )

    def percent(self) -> str:
        """The rate as a percentage a person can read, e.g. ``2.31 %``."""
        r = self.rate
        return "n/a" if math.isinf(r) else f"{100 * r:.2f} %"

    def to_json(self) -> dict[str, Any]:
        r = self.rate
        return {
            "errors": self.errors,
            "length": self.length,
            "rate": None if math.isinf(r) else r,
            "substitutions": self.substitutions,
            "deletions": self.deletions,
            "insertions": self.insertions,
        }


def cer_normalised(gold: str, hyp: str) -> CER:
    ops = Levenshtein.editops(hyp, gold)
    sub = dele = ins = 0
    for op in ops:
        if op.tag == "replace":
            sub += 1
        elif op.tag == "insert":  # a gold character the hypothesis lacks
            dele += 1
        else:
            ins += 1
    return CER(len(ops), len(gold), sub, dele, ins)


def cer(gold: str, hyp: str, **norm: bool) -> CER:
    """Character error rate of ``hyp`` against ``gold`` after :func:`normalise`.

    Args:
        gold: The true text.
        hyp: The text to score (OCR output or corrected text).
        **norm: ``whitespace`` and ``width`` for :func:`normalise` (both True by default).

    Returns:
        The :class:`CER` (errors are the Levenshtein distance in code points after NFC).
    """
    opts = norm_options(norm)
    return cer_normalised(normalise(gold, **opts), normalise(hyp, **opts))


# --------------------------------------------------------------------------- changes

#: Classes of a change from the original to the hypothesis.
FIXED, INTRODUCED, MIXED, NEUTRAL = "fixed", "introduced", "mixed", "neutral"


@dataclass
class Change:
    """One changed region between the original and the hypothesis, with the gold text it covers.

    Offsets are into the *normalised* texts. ``before``/``after`` are the character errors of the
    original/hypothesis over the region; ``fixed``/``introduced`` split the difference character by
    character (a region can fix one error and introduce another: ``before - after == fixed - introduced``).
    """

    gold_start: int
    gold: str
    orig: str
    hyp: str
    before: int
    after: int
    fixed: int = 0
    introduced: int = 0

    @property
    def kind(self) -> str:
        """``fixed``, ``introduced``, ``mixed`` (both) or ``neutral`` (neither)."""
        if self.fixed and self.introduced:
            return MIXED
        if self.fixed:
            return FIXED
        if self.introduced:
            return INTRODUCED
        return NEUTRAL

    def to_json(self) -> dict[str, Any]:
        return {
            "gold_start": self.gold_start,
            "gold": self.gold,
            "orig": self.orig,
            "hyp": self.hyp,
            "before": self.before,
            "after": self.after,
            "fixed": self.fixed,
            "introduced": self.introduced,
            "kind": self.kind,
        }


@dataclass
class Changes:
    """What the changes from an original text to a hypothesis did, measured against gold.

    Attributes:
        errors_before: Character errors of the original (Levenshtein distance to gold).
        errors_after: Character errors of the hypothesis.
        length: Characters of the normalised gold text.
        fixed: Character errors removed by the changes.
        introduced: Character errors added by the changes.
        neutral: Changed regions that neither removed nor added an error (e.g. one wrong reading for another).
        changes: Number of changed regions (a region is a run of changes between characters that
            the original, the hypothesis and gold all share at the same place).
        changes_fixed: Regions that only removed errors.
        changes_introduced: Regions that only added errors.
        changes_mixed: Regions that removed one error and added another.
        details: Every changed region.

    ``errors_after == errors_before - fixed + introduced`` always holds.
    """

    errors_before: int = 0
    errors_after: int = 0
    length: int = 0
    fixed: int = 0
    introduced: int = 0
    neutral: int = 0
    changes: int = 0
    changes_fixed: int = 0
    changes_introduced: int = 0
    changes_mixed: int = 0
    details: list[Change] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """``fixed / (fixed + introduced)``; 1.0 when the changes neither fixed nor introduced anything."""
        total = self.fixed + self.introduced
        return self.fixed / total if total else 1.0

    @property
    def recall(self) -> float:
        """``fixed / errors_before``; 1.0 when the original had no error."""
        return self.fixed / self.errors_before if self.errors_before else 1.0

    @property
    def cer_before(self) -> CER:
        return CER(self.errors_before, self.length)

    @property
    def cer_after(self) -> CER:
        return CER(self.errors_after, self.length)

    @property
    def residual(self) -> float:
        """``errors_after / errors_before`` (0 when there was nothing to fix and nothing was broken)."""
        return _ratio(self.errors_after, self.errors_before)

    def __add__(self, other: "Changes") -> "Changes":
        return Changes(
            self.errors_before + other.errors_before,
            self.errors_after + other.errors_after,
            self.length + other.length,
            self.fixed + other.fixed,
            self.introduced + other.introduced,
            self.neutral + other.neutral,
            self.changes + other.changes,
            self.changes_fixed + other.changes_fixed,
            self.changes_introduced + other.changes_introduced,
            self.changes_mixed + other.changes_mixed,
            self.details + other.details,
        )

    def to_json(self, details: bool = False) -> dict[str, Any]:
        res = self.residual
        out: dict[str, Any] = {
            "errors_before": self.errors_before,
            "errors_after": self.errors_after,
            "length": self.length,
            "fixed": self.fixed,
            "introduced": self.introduced,
            "neutral": self.neutral,
            "changes": self.changes,
            "changes_fixed": self.changes_fixed,
            "changes_introduced": self.changes_introduced,
            "changes_mixed": self.changes_mixed,
            "precision": self.precision,
            "recall": self.recall,
            "residual": None if math.isinf(res) else res,
        }
        if details:
            out["details"] = [c.to_json() for c in self.details]
        return out


def _matches(a: str, b: str) -> list[int]:
    """``m[i]`` = index in ``b`` aligned as equal to ``a[i]`` by an optimal alignment, or -1."""
    m = [-1] * len(a)
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                m[op.src_start + k] = op.dest_start + k
    return m


def _slot_errors(s: str, gold: str) -> list[int]:
    """Errors of ``s`` per gold slot under an optimal alignment.

    Slot ``2k + 1`` is gold character ``k`` (1 when ``s`` lacks it or reads another character) and
    slot ``2k`` the gap before it (the number of extra characters ``s`` has there); the sum is the
    Levenshtein distance.
    """
    errs = [0] * (2 * len(gold) + 1)
    for op in Levenshtein.editops(s, gold):
        if op.tag == "delete":  # a character of s with no gold counterpart: extra, in the gap before dest_pos
            errs[2 * op.dest_pos] += 1
        else:  # replace (misread) or insert (gold character missing from s)
            errs[2 * op.dest_pos + 1] += 1
    return errs


def compare_normalised(gold: str, orig: str, hyp: str) -> Changes:
    o2g = _matches(orig, gold)
    o2h = _matches(orig, hyp)
    h2g = _matches(hyp, gold)
    # Sync points: a character that orig and hyp share (unchanged) and that both align to the same gold
    # character.  All alignments are optimal, so the distances to gold split exactly at these points,
    # and a region where orig and hyp read the same cannot change the count whatever its alignment.
    syncs: list[tuple[int, int, int]] = []
    for i, g in enumerate(o2g):
        if g < 0:
            continue
        j = o2h[i]
        if j >= 0 and h2g[j] == g:
            syncs.append((i, j, g))
    syncs.append((len(orig), len(hyp), len(gold)))
    result = Changes(
        errors_before=Levenshtein.distance(orig, gold),
        errors_after=Levenshtein.distance(hyp, gold),
        length=len(gold),
    )
    pi = pj = pg = -1
    for i, j, g in syncs:
        o_seg, h_seg = orig[pi + 1:i], hyp[pj + 1:j]
        if o_seg != h_seg:
            g_seg = gold[pg + 1:g]
            eo, eh = _slot_errors(o_seg, g_seg), _slot_errors(h_seg, g_seg)
            fixed = sum(max(0, a - b) for a, b in zip(eo, eh))
            introduced = sum(max(0, b - a) for a, b in zip(eo, eh))
            ch = Change(pg + 1, g_seg, o_seg, h_seg, sum(eo), sum(eh), fixed, introduced)
            result.details.append(ch)
            result.changes += 1
            result.fixed += fixed
            result.introduced += introduced
            kind = ch.kind
            if kind == FIXED:
                result.changes_fixed += 1
            elif kind == INTRODUCED:
                result.changes_introduced += 1
            elif kind == MIXED:
                result.changes_mixed += 1
            else:
                result.neutral += 1
        pi, pj, pg = i, j, g
    return result


def compare(gold: str, orig: str, hyp: str, **norm: bool) -> Changes:
    """Class each change from ``orig`` to ``hyp`` as fixing an error, introducing one, or neutral.

    The three texts are normalised (:func:`normalise`), ``orig`` and ``hyp`` are each aligned to
    ``gold`` and to each other, and cut into regions at the characters all three share at the same
    place; a changed region whose errors against gold went down fixed errors, one whose errors went
    up introduced errors, and one whose errors stayed the same is neutral.

    Args:
        gold: The true text.
        orig: The text before correction.
        hyp: The text after correction.
        **norm: ``whitespace`` and ``width`` for :func:`normalise`.

    Returns:
        The :class:`Changes` (precision, recall, errors before and after, every changed region).
    """
    opts = norm_options(norm)
    return compare_normalised(normalise(gold, **opts), normalise(orig, **opts), normalise(hyp, **opts))
