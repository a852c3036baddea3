"""Look-alike neighbours of characters, many at once: :func:`corrector.glyphs.similarity` vectorised.

The broken-word detector asks, for every character it suspects, which characters that could form a
word there look like it.  Asking :func:`corrector.glyphs.similarity` pair by pair was most of the
detectors' time, so the neighbours of each new character are computed against the whole candidate
alphabet at once (rapidfuzz ``cdist`` over the stroke orders, NumPy over the four-corner codes) and
kept; every pair found is then confirmed by :func:`corrector.glyphs.similarity` itself, which stays
the one rule.
"""

from __future__ import annotations

import threading

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein
from rapidfuzz.process import cdist

from .. import glyphs

#: Pairs the vectorised pass scores within this much of the bar (float rounding: the pass computes
#: the same formula) are settled by :func:`corrector.glyphs.similarity` itself.
SLACK = 1e-6


class Lookalikes:
    """Look-alike neighbours within a fixed alphabet (the characters candidate words are made of)."""

    def __init__(self, alphabet: str) -> None:
        table = glyphs._table()
        chars = sorted({c for c in alphabet if c in table})
        self.chars = chars
        self._strokes = [table[c][1] for c in chars]
        self._len = np.array([len(s) for s in self._strokes], dtype=np.float64)
        self._corners = [table[c][0] for c in chars]
        self._digits = np.array([[ord(x) for x in (cc + "-----")[:5]] for cc in self._corners], dtype=np.int32)
        self._has = np.array([bool(cc) for cc in self._corners])
        self._known: dict[tuple[str, float], str] = {}
        self._lock = threading.Lock()

    def neighbours(self, chars: set[str], threshold: float) -> dict[str, str]:
        """For each of ``chars``, the alphabet's characters at least ``threshold`` alike (as one string)."""
        with self._lock:
            todo = sorted(c for c in chars if (c, threshold) not in self._known)
            if todo:
                for c, found in zip(todo, self._compute(todo, threshold)):
                    self._known[(c, threshold)] = found
            return {c: self._known[(c, threshold)] for c in chars}

    def _compute(self, chars: list[str], threshold: float) -> list[str]:
        table = glyphs._table()
        known = [c for c in chars if c in table]
        out = {c: "" for c in chars}
        if not known or not self.chars:
            return [out[c] for c in chars]
        strokes = [table[c][1] for c in known]
        la = np.array([len(s) for s in strokes], dtype=np.float64)[:, None]
        lb = self._len[None, :]
        longer = np.maximum(la, lb)
        lev = cdist(strokes, self._strokes, scorer=Levenshtein.distance, dtype=np.int32, workers=1)
        ind = cdist(strokes, self._strokes, scorer=Indel.distance, dtype=np.int32, workers=1)
        score = (glyphs._W_EDIT * (1 - lev / longer) + glyphs._W_COMMON * (1 - ind / (la + lb))
                 + glyphs._W_COUNT * (1 - np.abs(la - lb) / longer))
        corners = [table[c][0] for c in known]
        dig = np.array([[ord(x) for x in (cc + "-----")[:5]] for cc in corners], dtype=np.int32)
        has = np.array([bool(cc) for cc in corners])[:, None] & self._has[None, :]
        corners_same = sum((dig[:, None, j] == self._digits[None, :, j]).astype(np.float64) for j in range(4))
        extra_same = dig[:, None, 4] == self._digits[None, :, 4]
        with_corners = score + glyphs._W_CORNERS * corners_same / 4 + glyphs._W_EXTRA * extra_same
        score = np.where(has, with_corners, score / (glyphs._W_EDIT + glyphs._W_COMMON + glyphs._W_COUNT))
        alphabet = self.chars
        for r, c in enumerate(known):
            sure = np.nonzero(score[r] >= threshold + SLACK)[0]
            near = np.nonzero((score[r] >= threshold - SLACK) & (score[r] < threshold + SLACK))[0]
            out[c] = "".join(alphabet[j] for j in sure if alphabet[j] != c) + "".join(
                alphabet[j] for j in near if alphabet[j] != c and glyphs.similarity(c, alphabet[j]) >= threshold)
        return [out[c] for c in chars]
