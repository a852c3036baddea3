"""The dictionary gain of one Han reading over another at a place, computed around that place only.

:meth:`corrector.language.Dictionary.score` segments a whole context (four characters either side)
for each reading; the doubled, transposed and broken-word (dropped or added character) detectors
ask it for tens of thousands of places.  :class:`.substitution_gain.SubstitutionGain` does this for
one character read as another; this is the same for readings of any length, the empty one included
(a deletion, an insertion, a doubling, a swapped pair):

- the Han runs of the context that do not touch the place score the same for every reading and
  cancel; so do its marks and Latin runs;
- in the Han run that holds the place, ``l + reading + r``, the best segmentation is made of the
  best segmentation of a prefix of ``l`` (``F``, computed once per place), words over the reading
  (and the characters of ``l`` before it), and either a boundary at the reading's end followed by
  the best segmentation of ``r`` (``B``, once per place) or a word that crosses into ``r`` followed
  by the best segmentation of the rest of ``r``.

The gain equals ``Dictionary.score(left + new + right) - Dictionary.score(left + old + right)`` up
to float rounding (a test compares them), with a few dozen dictionary look-ups instead of a hundred.
"""

from __future__ import annotations

import math

from ..chars import is_han
from ..language import HAN_BONUS, Dictionary
from .substitution_gain import _constants, edge_scores, han_run_edges, prefixes


def local(left: str, old: str, new: str, right: str) -> bool:
    """Whether :class:`EditGain` gives the gain of ``new`` over ``old`` between ``left`` and ``right``:
    both readings Han only, and where one is empty, Han characters (or the context's ends) either
    side of the place (else its neighbours meet: a Latin run, or a mark between Han characters,
    scores otherwise)."""
    if not all(is_han(c) for c in old + new):
        return False
    return bool(old and new) or ((not left or is_han(left[-1])) and (not right or is_han(right[0])))


class EditGain:
    """Dictionary scores of Han readings (of any length) between ``left`` and ``right``."""

    def __init__(self, dictionary: Dictionary, left: str, right: str) -> None:
        self._freq = dictionary.frequencies()
        self._logtotal, self._maxlen = _constants(dictionary)
        self._prefixes = prefixes(dictionary)
        self._l, self._r = han_run_edges(left, right)
        self._F, self._B = edge_scores(self._l, self._r, self._freq, self._logtotal, self._maxlen)

    def gain(self, old: str, new: str) -> float:
        """Dictionary gain (nats) of ``new`` over ``old`` at the place (both all Han, either may be empty)."""
        return self.score(new) - self.score(old) + HAN_BONUS * (len(new) - len(old))

    def score(self, mid: str) -> float:
        """The best segmentation score of ``l + mid + r`` (``mid`` all Han, possibly empty)."""
        freq, logtotal, log, maxlen, prefixes = self._freq, self._logtotal, math.log, self._maxlen, self._prefixes
        run = self._l + mid + self._r
        n, end = len(self._l), len(self._l) + len(mid)
        # G[p]: the best segmentation of run[:p] for p up to the reading's end (F inside l)
        G = self._F + [0.0] * len(mid)
        for p in range(n + 1, end + 1):
            best = G[p - 1] + log(freq.get(run[p - 1]) or 1) - logtotal
            for a in range(max(0, p - maxlen), p - 1):
                f = freq.get(run[a:p])
                if f and G[a] + log(f) - logtotal > best:
                    best = G[a] + log(f) - logtotal
            G[p] = best
        B = self._B
        best = G[end] + B[0]
        # a word that crosses from before the reading's end into r
        for a in range(end - 1, max(-1, end - maxlen), -1):
            for e in range(1, len(self._r) + 1):
                if end + e - a > maxlen:
                    break
                piece = run[a:end + e]
                f = freq.get(piece)
                if f and G[a] + log(f) - logtotal + B[e] > best:
                    best = G[a] + log(f) - logtotal + B[e]
                if piece not in prefixes:
                    break  # no word starts with it: none longer to the right
        return best
