"""The digit 1 read where a Latin word prints the letter l (Pub1ic, A1t+F, Per1, Smal1, Sma11).

OCR engines trained on Chinese read a small l as 1 inside the English words of Chinese text (menu
keys, program and licence names).  A 1 is taken for an l only where a word cannot print a digit:
between two letters, one of them lower case (Pub1ic, A1t), or alone at the end of a word after
two or more lower-case letters where English can end a word in l (Per1, Smal1; see
:data:`BEFORE_FINAL_L`).  Codes, units and versions keep their digits: a 1
after a capital (A1, MP1), before a unit (1kg), or among other digits (iPhone11, Win10, H1N1:
capitals on both sides) is not flagged: a 1 before another digit is never one of those places.
Nor are technical names numbered with a final 1 (latin1, sdb1, debug1, rc1): their stem ends in a
letter that never comes before a word-final l in English, or the text numbers the same stem with
another digit too (view1 and view2).  A final 11 is a double l after two or more lower-case letters
ending in a vowel (Sma11, she11, ki11: :data:`BEFORE_FINAL_LL`).
"""

from __future__ import annotations

import re

from .. import latin_shapes as _shapes
from .evidence import Evidence, Text, flag

NAME = "digit for l"
#: Confidence of a flag (precision measured on the training pages, see ``bench/ocr/single.py``).
CONFIDENCE = 0.8

BEFORE_FINAL_L = _shapes.BEFORE_FINAL_L
_INSIDE, _END, _END_LL = _shapes.INSIDE, _shapes.END, _shapes.END_LL
#: A word ending in 11 after two or more lower-case letters, a vowel the last (Sma11, she11, ki11),
#: and no capital but its first (iPhone11 is a model), is that ll misread: on the training pages
#: (parts 0 and 1, each page alone) 26 such, all right (the other detectors took 23 of them already,
#: not Sma11 twice nor ki11), none in the gold text; the training text (1.0 M characters) prints
#: a11, a variable (one letter before the digits: left), and no other.
BEFORE_FINAL_LL = _shapes.BEFORE_FINAL_LL
# a word of Latin letters and digits that holds the 1 (for the reason line)
_WORD = re.compile(r"[A-Za-z0-9]+")


def find(text: Text, ev: Evidence) -> list:
    t = text.original
    out = []
    ends = {m.start() for m in _END.finditer(t)}
    hits = sorted({m.start() for m in _INSIDE.finditer(t)} | {i for i in ends if _may_end_in_l(t, i)})
    for i in hits:
        out.append(flag(text, i, i + 1, "l", CONFIDENCE, f"suspect 1 read for l: {_word_at(t, i)} is a word, not a code"))
    for m in _END_LL.finditer(t):
        if not _stem(t, m.start())[1:].islower() or _numbered(t, m.start(), "11"):
            continue  # a capital inside (iPhone11: a model's number), or a series (sda1, sda11)
        out.append(flag(text, m.start(), m.end(), "ll", CONFIDENCE,
                        f"suspect 11 read for ll: {_word_at(t, m.start())} is a word, not a code"))
    return out


def _word_at(t: str, i: int) -> str:
    """The run of Latin letters and digits that holds ``t[i]`` (for the reason line)."""
    return next(m.group() for m in _WORD.finditer(t, max(0, i - 40)) if m.start() <= i < m.end())


def _may_end_in_l(t: str, i: int) -> bool:
    """Whether the word-final 1 at ``t[i]`` may be an l: its stem can end in l in English
    (:data:`BEFORE_FINAL_L`) and the text numbers that stem with no other digit (view1, view2)."""
    return BEFORE_FINAL_L.search(_stem(t, i).lower()) is not None and not _numbered(t, i, "1")


def _stem(t: str, i: int) -> str:
    """The Latin letters that end just before ``t[i]``."""
    start = i
    while start > 0 and t[start - 1].isascii() and t[start - 1].isalpha():
        start -= 1
    return t[start:i]


def _numbered(t: str, i: int, digits: str) -> bool:
    """Whether the text numbers the Latin stem that ends just before ``t[i]`` (followed there by
    ``digits``) with other digits elsewhere (view1 and view2, sda1 and sda11: a series, not a word)."""
    return any(m.group(1) != digits for m in re.finditer(r"(?<![A-Za-z])" + re.escape(_stem(t, i)) + r"(\d+)", t))
