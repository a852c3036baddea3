"""The dictionary gain of one Han character read as another, computed around that character only.

:meth:`corrector.language.Dictionary.score` segments a whole context (four characters either side)
for every reading; the broken-word detector weighs tens of thousands of substitutions, and that
segmentation was the largest part of its time.  A substitution changes one character, so:

- the Han runs of the context that do not hold it score the same for every reading and cancel;
- in the Han run that holds it, every segmentation has exactly one word covering it, so the best
  segmentation is the best over those covering words ``w`` of ``F[s] + log P(w) + B[e]``, where
  ``F`` (the best segmentations of the run's left part) and ``B`` (of its right part) do not depend
  on the reading and are computed once per place.

The result equals ``Dictionary.score(left + new + right) - Dictionary.score(left + old + right)``
(a test compares them), with a few dozen dictionary look-ups per reading instead of hundreds.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ..chars import is_han
from ..language import Dictionary
from . import word_tables


@lru_cache(maxsize=4)
def _constants(dictionary: Dictionary) -> tuple[float, int]:
    """The dictionary's log total frequency and longest word (as :meth:`Dictionary.score` uses them)."""
    def derive() -> tuple[float, int]:
        freq = dictionary.frequencies()
        return math.log(sum(freq.values())), max(len(w) for w in freq)

    logtotal, maxlen = word_tables.cached(dictionary, "constants", derive)
    return logtotal, maxlen


@lru_cache(maxsize=4)
def prefixes(dictionary: Dictionary) -> frozenset[str]:
    """Every proper prefix of two or more characters of the dictionary's words (about 195,000 for
    jieba's; made once, about 0.2 s): a string that is none of them nor a word starts no word, so a
    covering word's right end need not be pushed further (most of the look-ups it saves)."""
    found: frozenset[str] = word_tables.cached(
        dictionary, "prefixes", lambda: frozenset(w[:j] for w in dictionary.frequencies() for j in range(2, len(w))))
    return found


@lru_cache(maxsize=4)
def _tables(dictionary: Dictionary) -> tuple[dict[str, int], float, int, frozenset[str]]:
    """The frequencies, :func:`_constants` and :func:`prefixes` of a dictionary, in one look-up (a
    substitution place asks for all of them)."""
    logtotal, maxlen = _constants(dictionary)
    return dictionary.frequencies(), logtotal, maxlen, prefixes(dictionary)


def han_run_edges(left: str, right: str) -> tuple[str, str]:
    """The Han characters of ``left`` just before the place and of ``right`` just after it."""
    a = len(left)
    while a > 0 and is_han(left[a - 1]):
        a -= 1
    b = 0
    while b < len(right) and is_han(right[b]):
        b += 1
    return left[a:], right[:b]


def best_prefixes(run: str, freq: dict[str, int], logtotal: float, maxlen: int, reverse: bool = False) -> list[float]:
    """``out[i]``: the best segmentation score of ``run[:i]`` (of the reversed run's words when ``reverse``)."""
    log = math.log
    out = [0.0] * (len(run) + 1)
    for i in range(1, len(run) + 1):
        # a single character is always a segment (log of its frequency, or of 1 when unknown)
        best = out[i - 1] + log(freq.get(run[i - 1]) or 1) - logtotal
        for k in range(max(0, i - maxlen), i - 1):
            piece = run[k:i]
            f = freq.get(piece[::-1] if reverse else piece)
            if f and out[k] + log(f) - logtotal > best:
                best = out[k] + log(f) - logtotal
        out[i] = best
    return out


def best_suffixes(run: str, freq: dict[str, int], logtotal: float, maxlen: int) -> list[float]:
    """``out[j]``: the best segmentation score of ``run[j:]``: :func:`best_prefixes` of the reversed
    run, reversed back (the same sums, term for term), without reversing strings."""
    log = math.log
    n = len(run)
    out = [0.0] * (n + 1)
    for j in range(n - 1, -1, -1):
        best = out[j + 1] + log(freq.get(run[j]) or 1) - logtotal
        for m in range(min(n, j + maxlen), j + 1, -1):
            f = freq.get(run[j:m])
            if f and out[m] + log(f) - logtotal > best:
                best = out[m] + log(f) - logtotal
        out[j] = best
    return out


def edge_scores(left: str, right: str, freq: dict[str, int], logtotal: float, maxlen: int) -> tuple[list[float], list[float]]:
    """``F``: the best segmentation score of each prefix of ``left``; ``B``: of each suffix of ``right``."""
    return best_prefixes(left, freq, logtotal, maxlen), best_suffixes(right, freq, logtotal, maxlen)


class SubstitutionGain:
    """The gains of readings of the one Han character between ``left`` and ``right`` over ``old``."""

    def __init__(self, dictionary: Dictionary, left: str, old: str, right: str,
                 edges: tuple[str, str] | None = None) -> None:
        """``edges``: :func:`han_run_edges` of ``left`` and ``right``, when the caller has them."""
        self._freq, self._logtotal, self._maxlen, self._prefixes = _tables(dictionary)
        self._l, self._r = han_run_edges(left, right) if edges is None else edges
        self._F, self._B = edge_scores(self._l, self._r, self._freq, self._logtotal, self._maxlen)
        # where a covering word may start: at the place, just before it, or where the characters
        # from there to the place begin some longer word (a proper prefix of two or more characters
        # of any word is in prefixes); the same for every reading, so asked once per place
        n = len(self._l)
        self._starts = [s for s in range(n, max(-1, n - self._maxlen), -1) if n - s <= 1 or self._l[s:] in self._prefixes]
        self._old = self._covering(old)

    def gain(self, new: str) -> float:
        """Dictionary gain (nats) of ``new`` (one Han character) over the place's own reading."""
        return self._covering(new) - self._old

    def _covering(self, ch: str) -> float:
        """The best segmentation score of the run with ``ch`` at the place (the best covering word)."""
        left, right, F, B = self._l, self._r, self._F, self._B
        freq, logtotal, log, maxlen, prefixes = self._freq, self._logtotal, math.log, self._maxlen, self._prefixes
        n = len(left)
        best = F[n] + log(freq.get(ch) or 1) - logtotal + B[0]
        for s in self._starts:
            head = left[s:] + ch
            for e in range(1 if s == n else 0, min(len(right), maxlen - len(head)) + 1):
                piece = head + right[:e]
                f = freq.get(piece)
                if f and F[s] + log(f) - logtotal + B[e] > best:
                    best = F[s] + log(f) - logtotal + B[e]
                if len(piece) > 1 and piece not in prefixes:
                    break  # no word starts with it: none longer to the right
        return best
