"""The dictionary gains of one-character readings at all of a text's places at once (NumPy).

:class:`.substitution_gain.SubstitutionGain` weighs one place at a time: two small segmentation
DPs (the best segmentations of the Han run's part before the place, ``F``, and after it, ``B``)
and, per reading, the best covering word, each step a dictionary look-up in Python.  On
``bench.synthetic`` at 1,000 pages that is 25,632 places and 68,524 coverings, about 1.3 s.  This
computes the same numbers for a text's places together: every place is a row of
:data:`WIDTH` key characters centred on it, every window of a row that the DPs or a covering word
could use is hashed at once and looked up in one sorted table of the dictionary's words (a bit
table first, then an exact comparison of the characters: a hash never stands for a word), and the
DPs run column by column over all rows.

The same sums, term for term (``(F + log f) - logtotal``, then ``+ B``), with the log frequencies
taken by :func:`math.log` as the Python code takes them, and maxima in place of its running
``best``: the gains equal :meth:`SubstitutionGain.gain`'s exactly (a test compares them), so the
flags do not change.  The Python version's pruning (a covering word's starts, the prefix break) only
skips windows that are no word, which here are simply looked up and found absent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from ..language import Dictionary
from .evidence import CONTEXT
from . import word_tables
from .substitution_gain import _constants

#: Key characters of a row: the place at column :data:`CONTEXT`, up to that many either side (the
#: Han runs :class:`.substitution_gain.SubstitutionGain` is given reach no further).
WIDTH = 2 * CONTEXT + 1
#: Slots of the words' bit table (2**BITS bits: 2 MB): with about 335,000 words, about 2 % of the
#: windows that are no word hit a slot of one (they are then looked up in the sorted table and found
#: absent).
BITS = 24
#: Multipliers of the words' polynomial hash, tried in turn until no two words share a hash (the
#: first always has, for jieba's dictionary: the sorted table needs one word per hash).
MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)
_MIX = np.uint64(0xD6E8FEB86659FD93)
_COLS = np.arange(WIDTH)
#: The windows (start column, end column) a covering word may take: over the place, two or more
#: characters (the place alone is the single-character term).
_COVER = [(x, y) for x in range(CONTEXT + 1) for y in range(CONTEXT + 1, WIDTH + 1) if y - x >= 2]
#: The windows of two or more characters before the place, and after it (the DPs' words).
_LEFT = [(x, y) for x in range(CONTEXT + 1) for y in range(x + 2, CONTEXT + 1)]
_RIGHT = [(x, y) for x in range(CONTEXT + 1, WIDTH + 1) for y in range(x + 2, WIDTH + 1)]


def _slots(h: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return ((h * _MIX) >> np.uint64(64 - BITS)).astype(np.int64)


def _hashes(m: int, cps: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The polynomial hashes (multiplier ``m``) of words given as their joined code points and lengths."""
    starts = np.cumsum(lengths) - lengths
    h = np.zeros(len(lengths), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(int(lengths.max(initial=0))):
            inside = j < lengths
            h = np.where(inside, h * np.uint64(m) + cps[np.minimum(starts + j, len(cps) - 1)], h)
    return h


def _collision_free(cps: np.ndarray, lengths: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """The first of :data:`MULTIPLIERS` under which no two of the words share a hash: its index, the
    words' hashes and the order that sorts them."""
    for which, m in enumerate(MULTIPLIERS):
        h = _hashes(m, cps, lengths)
        order = np.argsort(h, kind="stable")
        if not (h[order][1:] == h[order][:-1]).any():
            return which, h, order
    raise RuntimeError("no collision-free hash for the dictionary's words")


def derive(dictionary: Dictionary) -> tuple[int, bytes, bytes, bytes, bytes, bytes, bytes]:
    """What a :class:`WordValues` is made of (kept between runs by :mod:`.word_tables`): the index of
    the multiplier used; the words' hashes (sorted), their code points joined in that order, their
    lengths and log frequencies; the single characters' code points and log frequencies."""
    freq = dictionary.frequencies()
    # a word of frequency 0 is skipped by the Python DPs (``if f and ...``): left out here
    words = [w for w, f in freq.items() if 2 <= len(w) <= WIDTH and f]
    ones = [w for w, f in freq.items() if len(w) == 1 and f]
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    cps = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    logs = np.array([math.log(freq[w]) for w in words], dtype=np.float64)
    which, h, order = _collision_free(cps, lengths)
    starts = np.cumsum(lengths) - lengths
    joined = cps[np.concatenate([np.arange(s, s + n) for s, n in zip(starts[order].tolist(), lengths[order].tolist())])
                 if len(order) else np.zeros(0, dtype=np.int64)]
    return (which, h[order].tobytes(), joined.astype(np.uint32).tobytes(), lengths[order].astype(np.uint8).tobytes(),
            logs[order].tobytes(), np.array([ord(w) for w in ones], dtype=np.uint32).tobytes(),
            np.array([math.log(freq[w]) for w in ones], dtype=np.float64).tobytes())


class WordValues:
    """A dictionary's words of 2..:data:`WIDTH` characters with their log frequencies, as hashed
    arrays; the single characters' log frequencies by code point."""

    def __init__(self, dictionary: Dictionary) -> None:
        self.logtotal, _ = _constants(dictionary)
        which, hashes, joined, lengths, logs, ones, one_logs = word_tables.cached(
            dictionary, f"word-values-{WIDTH}-{MULTIPLIERS[0]:x}", lambda: derive(dictionary))
        m = MULTIPLIERS[which]
        self._m = np.uint64(m)
        self._powers = np.array([pow(m, j, 1 << 64) for j in range(WIDTH + 1)], dtype=np.uint64)
        self._hashes = np.frombuffer(hashes, dtype=np.uint64)
        self._chars = np.frombuffer(joined, dtype=np.uint32).astype(np.uint64)
        self._lengths = np.frombuffer(lengths, dtype=np.uint8).astype(np.int64)
        self._starts = np.cumsum(self._lengths) - self._lengths
        self._logs = np.frombuffer(logs, dtype=np.float64)
        #: ``log(freq.get(c) or 1)`` per code point (0.0 where the character is no word or of frequency 0).
        self.single = np.zeros(0x110000, dtype=np.float64)
        self.single[np.frombuffer(ones, dtype=np.uint32).astype(np.int64)] = np.frombuffer(one_logs, dtype=np.float64)
        # one bit a slot, 8 to a byte (as one byte a slot the table was 16 MB more of the step's memory)
        self._bits = np.zeros(1 << (BITS - 3), dtype=np.uint8)
        slots = _slots(self._hashes)
        np.bitwise_or.at(self._bits, slots >> 3, (1 << (slots & 7)).astype(np.uint8))

    def prefix_hashes(self, rows: np.ndarray) -> np.ndarray:
        """``out[:, j]``: the hash of each row's first ``j`` characters (a window ``[x, y)`` hashes to
        ``out[:, y] - out[:, x] * m**(y - x)``, as the word of those characters does)."""
        out = np.zeros((len(rows), WIDTH + 1), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(WIDTH):
                out[:, j + 1] = out[:, j] * self._m + rows[:, j]
        return out

    def values(self, rows: np.ndarray, prefix: np.ndarray, windows: list[tuple[int, int]], valid: np.ndarray) -> np.ndarray:
        """``out[r, q]``: ``log`` of the frequency of the word ``rows[r, x:y]`` (``(x, y) = windows[q]``),
        -inf where it is no word or ``valid[r, q]`` is False."""
        xs = np.array([x for x, _ in windows], dtype=np.int64)
        ys = np.array([y for _, y in windows], dtype=np.int64)
        with np.errstate(over="ignore"):
            h = prefix[:, ys] - prefix[:, xs] * self._powers[ys - xs]
        out = np.full(h.shape, -np.inf)
        slots = _slots(h)
        r, q = np.nonzero(valid & ((self._bits[slots >> 3] >> (slots & 7).astype(np.uint8)) & 1).astype(bool))
        if r.size and len(self._hashes):
            hh = h[r, q]
            idx = np.minimum(np.searchsorted(self._hashes, hh), len(self._hashes) - 1)
            # the window's characters, padded as the words are: the word itself, not a hash of it
            n = (ys - xs)[q]
            inside = _COLS < n[:, None]
            chars = np.where(inside, rows[r[:, None], np.minimum(xs[q][:, None] + _COLS, WIDTH - 1)], 0)
            word = np.where(inside & (_COLS < self._lengths[idx][:, None]),
                            self._chars[np.minimum(self._starts[idx][:, None] + _COLS, len(self._chars) - 1)], 0)
            ok = (self._hashes[idx] == hh) & (self._lengths[idx] == n) & (chars == word).all(axis=1)
            out[r[ok], q[ok]] = self._logs[idx[ok]]
        return out


@lru_cache(maxsize=4)
def word_values(dictionary: Dictionary) -> WordValues:
    """The :class:`WordValues` of a dictionary (made once, about 0.3 s for jieba's)."""
    return WordValues(dictionary)


@dataclass
class Places:
    """A text's places as :func:`gains_of` weighs them: each place's row of :data:`WIDTH` key
    characters (the place at column :data:`CONTEXT`, zeros past the text's ends), the columns its
    Han runs span (``a`` to ``z``, the place's excluded from neither), and its readings (code points,
    ``counts`` of them per place)."""

    win: np.ndarray
    a: np.ndarray
    z: np.ndarray
    news: np.ndarray
    counts: np.ndarray


def places_of(cps: np.ndarray, han: np.ndarray, places: Sequence[int], readings: Sequence[Sequence[str]]) -> Places:
    """The :class:`Places` of key positions ``places`` of the text whose code points are ``cps``
    (``han``: which are Han, as :func:`.evidence.han_mask`), ``readings[j]`` weighed at ``places[j]``."""
    at = np.asarray(places, dtype=np.int64)
    c = np.concatenate([np.zeros(CONTEXT, dtype=np.int64), cps.astype(np.int64), np.zeros(CONTEXT, dtype=np.int64)])
    hm = np.concatenate([np.zeros(CONTEXT, dtype=bool), han.astype(bool), np.zeros(CONTEXT, dtype=bool)])
    idx = at[:, None] + _COLS  # the padded arrays: column CONTEXT is the place
    win, hw = c[idx], hm[idx]
    # the Han runs either side: columns a..CONTEXT-1 and CONTEXT+1..z-1
    a = CONTEXT - np.cumprod(hw[:, CONTEXT - 1::-1], axis=1).sum(axis=1)
    z = CONTEXT + 1 + np.cumprod(hw[:, CONTEXT + 1:], axis=1).sum(axis=1)
    counts = np.fromiter(map(len, readings), dtype=np.int64, count=len(at))
    news = np.array([ord(x) for rs in readings for x in rs], dtype=np.int64)
    return Places(win, a, z, news, counts)


def substitution_gains(dictionary: Dictionary, cps: np.ndarray, han: np.ndarray, places: Sequence[int],
                       readings: Sequence[Sequence[str]]) -> list[list[float]]:
    """``out[j][m]``: :meth:`SubstitutionGain.gain` of ``readings[j][m]`` (one character) at key
    position ``places[j]`` of the text whose code points are ``cps`` (``han``: which are Han, as
    :func:`.evidence.han_mask`), for ``SubstitutionGain(dictionary, left, cps[place], right,
    edges)`` with ``edges`` the Han runs of up to :data:`CONTEXT` characters either side."""
    return gains_of(dictionary, [places_of(cps, han, places, readings)])[0]


def gains_of(dictionary: Dictionary, texts: Sequence[Places]) -> list[list[list[float]]]:
    """:func:`substitution_gains` of several texts' places at once (``out[t][j][m]``): at a text's
    few dozen places the array operations cost what the Python did, over many texts a third."""
    sizes = [len(p.win) for p in texts]
    n = sum(sizes)
    if not n:
        return [[] for _ in texts]
    wv = word_values(dictionary)
    win = np.concatenate([p.win for p in texts])
    a = np.concatenate([p.a for p in texts])
    z = np.concatenate([p.z for p in texts])
    counts = np.concatenate([p.counts for p in texts])
    news = np.concatenate([p.news for p in texts])
    place_of = np.concatenate([np.arange(n), np.repeat(np.arange(n), counts)])  # own readings first
    rows = win[place_of]
    rows[n:, CONTEXT] = news
    urows = rows.astype(np.uint64)
    prefix = wv.prefix_hashes(urows)
    F, B = edge_scores_of(wv, win, urows[:n], prefix[:n], a, z)
    # every reading's best covering word (the reading alone, or a word of the run over it)
    cover = covers_of(wv, rows, urows, prefix, F[place_of], B[place_of], a[place_of], z[place_of])
    gains = (cover[n:] - cover[:n][place_of[n:]]).tolist()
    per_place, j = [], 0
    for m in counts.tolist():
        per_place.append(gains[j:j + m])
        j += m
    out, j = [], 0
    for size in sizes:
        out.append(per_place[j:j + size])
        j += size
    return out


def edge_scores_of(wv: WordValues, win: np.ndarray, own_u: np.ndarray, own_p: np.ndarray, a: np.ndarray,
                   z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``F[:, x]``: the best segmentation score of each row's columns a..x-1 (-inf left of a);
    ``B[:, y - CONTEXT - 1]``: of its columns y..z-1 (-inf right of z); ``own_u``, ``own_p``: the rows
    as uint64 and their :meth:`WordValues.prefix_hashes` (the place's column is used by neither)."""
    logtotal, single = wv.logtotal, wv.single
    n = len(win)
    left = wv.values(own_u, own_p, _LEFT, np.array([x for x, _ in _LEFT])[None, :] >= a[:, None])
    F = np.full((n, CONTEXT + 1), -np.inf)
    F[a == 0, 0] = 0.0
    for y in range(1, CONTEXT + 1):
        best = (F[:, y - 1] + single[win[:, y - 1]]) - logtotal
        for q, (x, yy) in enumerate(_LEFT):
            if yy == y:
                best = np.maximum(best, (F[:, x] + left[:, q]) - logtotal)
        F[:, y] = np.where(a == y, 0.0, np.where(a < y, best, -np.inf))
    # B[:, y - CONTEXT - 1]: the best segmentation score of the columns y..z-1 (-inf right of z)
    right = wv.values(own_u, own_p, _RIGHT, np.array([y for _, y in _RIGHT])[None, :] <= z[:, None])
    B = np.full((n, CONTEXT + 1), -np.inf)
    B[z == WIDTH, CONTEXT] = 0.0
    for x in range(WIDTH - 1, CONTEXT, -1):
        best = (B[:, x - CONTEXT] + single[win[:, x]]) - logtotal
        for q, (xx, y) in enumerate(_RIGHT):
            if xx == x:
                best = np.maximum(best, (B[:, y - CONTEXT - 1] + right[:, q]) - logtotal)
        B[:, x - CONTEXT - 1] = np.where(z == x, 0.0, np.where(z > x, best, -np.inf))
    return F, B


def covers_of(wv: WordValues, rows: np.ndarray, urows: np.ndarray, prefix: np.ndarray, Fr: np.ndarray,
              Br: np.ndarray, a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Each row's best segmentation score over its Han run (columns a..z-1) with its place's
    character (column :data:`CONTEXT`): the best covering word (the character alone, or a word of the
    run over it) between the best segmentations either side (``Fr``, ``Br``: :func:`edge_scores_of`)."""
    logtotal, single = wv.logtotal, wv.single
    xs = np.array([x for x, _ in _COVER], dtype=np.int64)
    ys = np.array([y for _, y in _COVER], dtype=np.int64)
    valid = (xs[None, :] >= a[:, None]) & (ys[None, :] <= z[:, None])
    words = wv.values(urows, prefix, _COVER, valid)
    cover = ((Fr[:, CONTEXT] + single[rows[:, CONTEXT]]) - logtotal) + Br[:, 0]
    return np.maximum(cover, (((Fr[:, xs] + words) - logtotal) + Br[:, ys - CONTEXT - 1]).max(axis=1))
