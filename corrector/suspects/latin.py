"""The digit 1 read where a Latin word prints the letter l (Pub1ic, A1t+F, Per1, Smal1).

OCR engines trained on Chinese read a small l as 1 inside the English words of Chinese text (menu
keys, program and licence names).  A 1 is taken for an l only where a word cannot print a digit:
between two letters, one of them lower case (Pub1ic, A1t), or alone at the end of a word after
two or more lower-case letters (Per1, Smal1).  Codes, units and versions keep their digits: a 1
after a capital (A1, MP1), before a unit (1kg), or among other digits (iPhone11, Win10, H1N1:
capitals on both sides) is not flagged: a 1 before another digit is never one of those places.
"""

from __future__ import annotations

import re

from .evidence import Evidence, Text, flag

NAME = "digit for l"
#: Confidence of a flag (precision measured on the training pages, see ``bench/ocr/single.py``).
CONFIDENCE = 0.8

# a 1 between letters, one of them lower case; or a lone 1 ending a word after 2+ lower-case letters
_INSIDE = re.compile(r"(?<=[A-Za-z])1(?=[a-z])|(?<=[a-z])1(?=[A-Za-z])")
_END = re.compile(r"(?<=[a-z]{2})1(?![A-Za-z0-9])")
# a word of Latin letters and digits that holds the 1 (for the reason line)
_WORD = re.compile(r"[A-Za-z0-9]+")


def find(text: Text, ev: Evidence) -> list:
    t = text.original
    out = []
    hits = sorted({m.start() for m in _INSIDE.finditer(t)} | {m.start() for m in _END.finditer(t)})
    for i in hits:
        word = next(m.group() for m in _WORD.finditer(t, max(0, i - 40)) if m.start() <= i < m.end())
        out.append(flag(text, i, i + 1, "l", CONFIDENCE, f"suspect 1 read for l: {word} is a word, not a code"))
    return out
