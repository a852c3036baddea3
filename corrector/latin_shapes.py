"""Latin shapes: where a Latin word of Chinese text prints the digit 1 that can only be a misread l.

One place for the patterns the single-witness flag *digit for l* (:mod:`corrector.suspects.latin`)
searches a page with and the dictionary's score (:meth:`corrector.language.Dictionary.score`)
charges a reading for: a 1 between two letters, one of them lower case (Pub1ic, A1t), a lone 1
ending a word after two or more lower-case letters where English can end a word in l (Per1,
shel1; :data:`BEFORE_FINAL_L`), or a final 11 after a lower-case vowel (Sma11, she11).  Codes,
units and versions keep their digits (A1, MP1, 1kg, iPhone11, latin1, sdb1, rc1).
"""

from __future__ import annotations

import re

#: Letters after which English ends a word in l: a vowel or y (model, pupil, cool, vinyl), l (small,
#: shell), r (Perl, girl), and w after a or o (bowl, crawl).  Consonant +
#: l never ends an English word (no -nl, -bl, -gl, -cl), so a 1 after one is a number: latin1, sdb1,
#: debug1, rc1 name the first of a series.
BEFORE_FINAL_L = re.compile(r"(?:[aeiouylr]|[ao]w)$")
# a 1 between letters, one of them lower case; or a lone 1 ending a word after 2+ lower-case letters
# (the 1 first, what stands before it looked behind from there: a pattern opening with a lookbehind
# is tried at every position of the text)
INSIDE = re.compile(r"1(?:(?<=[A-Za-z]1)(?=[a-z])|(?<=[a-z]1)(?=[A-Za-z]))")
END = re.compile(r"1(?<=[a-z]{2}1)(?![A-Za-z0-9])")
#: Letters before which English ends a word in a double l (small, shell, kill, poll, full): a vowel.
BEFORE_FINAL_LL = "aeiou"
END_LL = re.compile(r"11(?<=[a-z][" + BEFORE_FINAL_LL + r"]11)(?![A-Za-z0-9])")
_LETTERS = re.compile(r"[A-Za-z]+$")
_RUN = re.compile(r"[A-Za-z0-9]+")
#: How far (characters) either side of a reading its Latin word is looked for.
_REACH = 40


def digit_for_l(token: str) -> bool:
    """Whether a run of Latin letters and digits prints a 1 (or a final 11) that can only be a misread l
    (shel1, Pub1ic, Sma11), judged on the run alone (no series check: view1 beside view2 is the flag's)."""
    if "1" not in token:
        return False
    if INSIDE.search(token):
        return True
    if END.search(token):
        stem = _LETTERS.search(token[:-1])
        if stem is not None and BEFORE_FINAL_L.search(stem.group().lower()):
            return True
    m = END_LL.search(token)
    if m is None:
        return False
    stem = _LETTERS.search(token[:m.start()])
    return stem is not None and stem.group()[1:].islower()  # iPhone11 is a model's number


def misread_l_at(text: str, start: int, end: int) -> bool:
    """Whether a run of Latin letters and digits of ``text`` that overlaps or touches ``[start, end)``
    is :func:`digit_for_l`'s (the reading at ``start:end`` makes or is part of such a word)."""
    lo, hi = max(0, start - _REACH), min(len(text), end + _REACH)
    if "1" not in text[lo:hi]:
        return False
    return any(m.start() <= end and m.end() >= start and digit_for_l(m.group()) for m in _RUN.finditer(text, lo, hi))
