"""How much two Chinese characters look alike (OCR confusability), from stroke orders and four-corner codes."""

from __future__ import annotations

import gzip
import unicodedata
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Indel, Levenshtein

#: Similarity at or above which two characters count as look-alikes. It lies midway between the
#: weakest hand-checked OCR confusion (璧/辟 0.65) and the strongest editorial substitution
#: (续/继 0.51); about 1.5 % of random pairs of common characters reach it.
DEFAULT = 0.58

#: The shape table: character, four-corner code, stroke order (see data/glyph_shapes.LICENSE).
DATA = Path(__file__).resolve().parent / "data" / "glyph_shapes.tsv.gz"

# Weights of the evidence (they add up to 1). Stroke orders are compared twice: edit distance
# rewards the same strokes in the same places (己/已, 乎/平, 拔/拨), longest common subsequence
# rewards one character containing the other (辟/壁, 侯/候). The four-corner code describes the
# outline at the corners (日/曰, 惠/患, 冶/治); its fifth digit is a minor extra corner.
_W_EDIT = 0.45
_W_COMMON = 0.20
_W_CORNERS = 0.25
_W_EXTRA = 0.05
_W_COUNT = 0.05
#: Distinct characters never score 1.0, even when the table describes them identically (己/已).
_MAX_DISTINCT = 0.99


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, str]]:
    """The shape table, read once.

    Returns:
        character -> (four-corner code or "", stroke order as digits 1-5).
    """
    table: dict[str, tuple[str, str]] = {}
    for line in gzip.decompress(DATA.read_bytes()).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, corners, strokes = line.split("\t")
            table[ch] = ("" if corners == "-" else corners, strokes)
    return table


def _fold(ch: str) -> str:
    """A CJK compatibility ideograph as its unified ideograph (豈 U+F900 -> 豈 U+8C48); others unchanged."""
    return unicodedata.normalize("NFC", ch) if "\uf900" <= ch <= "\ufaff" else ch


@lru_cache(maxsize=1 << 17)
def similarity(a: str, b: str) -> float:
    """How much two characters look alike.

    Args:
        a: One character.
        b: Another character.

    Returns:
        A score in [0, 1], symmetric: 1.0 for the same character (of any kind), at most 0.99
        for two different ones, 0.0 when either is empty, longer than one character, or not a
        CJK ideograph of the shape table (U+4E00..U+9FFF; compatibility ideographs folded).
    """
    if len(a) != 1 or len(b) != 1:
        return 0.0
    a, b = _fold(a), _fold(b)
    if a == b:
        return 1.0
    table = _table()
    sa, sb = table.get(a), table.get(b)
    if sa is None or sb is None:
        return 0.0
    (ca, oa), (cb, ob) = sa, sb
    la, lb = len(oa), len(ob)
    longer = max(la, lb)
    score = (
        _W_EDIT * (1.0 - Levenshtein.distance(oa, ob) / longer)
        + _W_COMMON * (1.0 - Indel.distance(oa, ob) / (la + lb))
        + _W_COUNT * (1.0 - abs(la - lb) / longer)
    )
    if ca and cb:
        score += _W_CORNERS * sum(x == y for x, y in zip(ca[:4], cb[:4])) / 4 + _W_EXTRA * (ca[4] == cb[4])
    else:  # no four-corner code: judge by the strokes alone
        score /= _W_EDIT + _W_COMMON + _W_COUNT
    return min(score, _MAX_DISTINCT)


def lookalike(a: str, b: str, threshold: float = DEFAULT) -> bool:
    """Whether two characters look alike enough for OCR to confuse them.

    Args:
        a: One character.
        b: Another character.
        threshold: Least similarity that counts (``DEFAULT`` unless told).

    Returns:
        ``similarity(a, b) >= threshold``.
    """
    return similarity(a, b) >= threshold


#: A character counts as a part of another (:func:`part_of`) only with at least this many strokes:
#: one stroke (一 丨) begins or ends half of all characters.
PART_MIN_STROKES = 2


def part_of(part: str, whole: str, leading: bool) -> bool:
    """Whether ``part`` is written as the first strokes of ``whole`` (``leading``: 人 of 金, 木 of 林) or
    as its last strokes (not ``leading``), with :data:`PART_MIN_STROKES` or more and fewer than ``whole``.

    By the stroke orders of the shape table: a component that the writing order puts first or last.
    """
    if len(part) != 1 or len(whole) != 1:
        return False
    table = _table()
    sp, sw = table.get(_fold(part)), table.get(_fold(whole))
    if sp is None or sw is None:
        return False
    p, w = sp[1], sw[1]
    if len(p) < PART_MIN_STROKES or len(p) >= len(w):
        return False
    return w.startswith(p) if leading else w.endswith(p)


@lru_cache(maxsize=1 << 16)
def reading_similarity(old: str, new: str) -> float:
    """How much one short reading looks like another, over the characters their alignment substitutes.

    Args:
        old: One reading, e.g. ``"习近乎"``.
        new: Another reading, e.g. ``"习近平"``.

    Returns:
        The mean ``similarity`` of the substituted character pairs of the Levenshtein alignment
        (inserted, deleted and equal characters do not count); 0.0 when nothing is substituted.
    """
    scores = [
        similarity(x, y)
        for op in Levenshtein.opcodes(old, new)
        if op.tag == "replace"
        for x, y in zip(old[op.src_start : op.src_end], new[op.dest_start : op.dest_end])
    ]
    return sum(scores) / len(scores) if scores else 0.0
