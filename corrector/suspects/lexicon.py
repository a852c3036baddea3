"""Dictionary words as packed integer arrays, so every window of a long text is looked up at once (NumPy)."""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from ..language import MIN_WORD_FREQ, Dictionary
from . import word_tables

if TYPE_CHECKING:
    from .candidate_screen import CandidateScreen
    from .lookalikes import Lookalikes

#: Longest word looked up by window (two to this many characters).
MAX_WORD = 4
#: Dictionary entries rarer than this are left out of the word lists (:data:`corrector.language.MIN_WORD_FREQ`).
MIN_FREQ = MIN_WORD_FREQ

#: The bit tables have 2**BITS slots (16 MB each as bytes): with about 100,000 words of each length,
#: about 0.6 % of the windows that are no word hit a slot of one.
BITS = 24
#: A one-edit reading is only proposed to form a word at least this frequent in the dictionary
#: (45,810 of its 109,101 two-character words; 9,243 and 6,285 of three and four characters): rarer
#: words are seldom what was printed, and weighing them all was most of the detectors' time.
CANDIDATE_FREQ = 20
#: Where the character is missing in :attr:`Lexicon.gaps` keys.
GAP = "?"
_SHIFT = np.int64(21)  # code points fit in 21 bits, so up to three pack exactly into 63


def pack(cps: np.ndarray, n: int) -> np.ndarray:
    """An integer per ``n``-gram of ``cps`` (exact for ``n`` ≤ 3; for 4, three packed and one mixed in)."""
    m = len(cps) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    return pack_columns([cps[j:j + m] for j in range(n)])


def pack_columns(columns: list[np.ndarray]) -> np.ndarray:
    """:func:`pack` of windows given column by column (``columns[j][i]`` is character j of window i)."""
    h = np.zeros(len(columns[0]), dtype=np.int64)
    with np.errstate(over="ignore"):
        for j, col in enumerate(columns):
            h = (h << _SHIFT) ^ col if j < 3 else h * np.int64(1_000_003) + col
    return h


def _slot(h: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        h = h * np.int64(-7046029254386353131)
    return (h >> np.int64(40)) & np.int64((1 << BITS) - 1)


def derive(dictionary: Dictionary) -> tuple[list[list[str]], list[str], dict[str, str], dict[str, str], dict[str, str]]:
    """What a :class:`Lexicon` is made of (kept between runs by :mod:`.word_tables`): the words of
    2..MAX_WORD characters (:data:`MIN_FREQ`) by length, the candidate words (:data:`CANDIDATE_FREQ`,
    names left out), and the candidates' ``gaps``, ``after`` and ``before`` (see :class:`Lexicon`)."""
    freq = dictionary.frequencies()
    names = dictionary.names()
    by_len: dict[int, list[str]] = {n: [] for n in range(2, MAX_WORD + 1)}
    frequent: list[str] = []
    for w, f in freq.items():
        # entries with Latin letters or digits (T恤, 3D) are kept: they never match a Han window
        if f >= MIN_FREQ and 2 <= len(w) <= MAX_WORD:
            by_len[len(w)].append(w)
            if f >= CANDIDATE_FREQ and w not in names:
                frequent.append(w)
    after: dict[str, list[str]] = defaultdict(list)
    before: dict[str, list[str]] = defaultdict(list)
    gaps: dict[str, list[str]] = defaultdict(list)
    for w in frequent:
        if len(w) == 2:
            after[w[0]].append(w[1])
            before[w[1]].append(w[0])
        else:
            for j in range(len(w)):
                gaps[w[:j] + GAP + w[j + 1:]].append(w[j])
    return ([by_len[n] for n in range(2, MAX_WORD + 1)], frequent, {key: "".join(xs) for key, xs in gaps.items()},
            {c: "".join(xs) for c, xs in after.items()}, {c: "".join(xs) for c, xs in before.items()})


#: The (a, b) of :meth:`Lexicon.fill`: a characters before the gap and b after it, in words of 3 then 4.
_FILL_SHAPES = tuple((a, n - 1 - a) for n in (3, 4) for a in range(n))


class Lexicon:
    """The dictionary's words of 2..:data:`MAX_WORD` Han characters, for window lookups and candidates."""

    _lock = threading.Lock()
    _shared: "Lexicon | None" = None

    def __init__(self, dictionary: Dictionary) -> None:
        by_len, frequent, gaps, after, before = word_tables.cached(
            dictionary, f"lexicon-{MIN_FREQ}-{CANDIDATE_FREQ}-{MAX_WORD}", lambda: derive(dictionary))
        #: The dictionary the lexicon is made from (tables derived from it are kept by :mod:`.word_tables`).
        self.dictionary = dictionary
        #: 国?安全 -> the characters x that make 国x安全 a word (words of 3 and 4 characters, names left out).
        self.gaps: dict[str, str] = gaps
        #: 安 -> the characters x that make 安x a word (names left out); ``before`` the same on the left.
        self.after: dict[str, str] = after
        self.before: dict[str, str] = before
        self._lookalikes: "Lookalikes | None" = None
        self._after_sets: dict[str, frozenset[str]] = {}
        self._before_sets: dict[str, frozenset[str]] = {}
        self._alike_sets: dict[float, dict[str, frozenset[str]]] = {}  # per bar: character -> its look-alikes
        self._screens: dict[tuple[float, frozenset[str]], "CandidateScreen"] = {}
        self.words = {n: frozenset(by_len[n - 2]) for n in range(2, MAX_WORD + 1)}
        #: The words a one-edit reading may form (:data:`CANDIDATE_FREQ`, names left out).
        self.candidates = frozenset(frequent)
        self.bits = {}
        for n in range(2, MAX_WORD + 1):
            words = by_len[n - 2]
            cps = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
            table = np.zeros(1 << BITS, dtype=bool)
            # pack each word on its own: take every n-th window of the concatenation
            table[_slot(pack(cps, n)[::n])] = True
            self.bits[n] = table

    def fill(self, left: str, right: str) -> str:
        """Characters x that make ``left[-a:] + x + right[:b]`` a word of 3 or 4 characters, for some a and b."""
        gaps, n_left, n_right = self.gaps, len(left), len(right)
        return "".join([gaps.get(left[n_left - a:] + GAP + right[:b], "") for a, b in _FILL_SHAPES
                         if a <= n_left and b <= n_right])

    def after_set(self, c: str) -> frozenset[str]:
        """:attr:`after` of ``c`` as a set (made on first use: membership of a few look-alikes is asked)."""
        found = self._after_sets.get(c)
        if found is None:
            found = self._after_sets[c] = frozenset(self.after.get(c, ""))
        return found

    def before_set(self, c: str) -> frozenset[str]:
        """:attr:`before` of ``c`` as a set (made on first use)."""
        found = self._before_sets.get(c)
        if found is None:
            found = self._before_sets[c] = frozenset(self.before.get(c, ""))
        return found

    def lookalike_sets(self, chars: set[str], threshold: float) -> dict[str, frozenset[str]]:
        """:meth:`Lookalikes.neighbours` as sets, kept (every text asks for the same characters' rows):
        a mapping that holds (at least) every character of ``chars``."""
        known = self._alike_sets.setdefault(threshold, {})
        todo = [c for c in chars if c not in known]  # (chars - known.keys() copies every key known)
        if todo:
            for c, row in self.lookalikes.neighbours(set(todo), threshold).items():
                known[c] = frozenset(row)
        return known

    def candidate_screen(self, threshold: float, commons: frozenset[str]) -> "CandidateScreen":
        """The :class:`.candidate_screen.CandidateScreen` of this lexicon with the shipped look-alike
        rows at ``threshold`` and the common characters ``commons`` (made on first use, kept)."""
        with self._lock:
            found = self._screens.get((threshold, commons))
            if found is None:
                from .candidate_screen import CandidateScreen

                found = CandidateScreen(self, self.lookalikes.shipped_rows(threshold), commons)
                self._screens[(threshold, commons)] = found
            return found

    @property
    def lookalikes(self) -> "Lookalikes":
        """Look-alike neighbours within the characters the candidate words are made of (made on first use)."""
        if self._lookalikes is None:
            from .lookalikes import Lookalikes

            self._lookalikes = Lookalikes(self.alphabet)
        return self._lookalikes

    @property
    def alphabet(self) -> str:
        """The characters the candidate two-character words are made of (the look-alikes' alphabet)."""
        return "".join(self.after.values()) + "".join(self.before.values())

    @classmethod
    def shared(cls, dictionary: Dictionary) -> "Lexicon":
        with cls._lock:
            if cls._shared is None:
                cls._shared = Lexicon(dictionary)
            return cls._shared

    def words_at(self, cps: np.ndarray, n: int) -> np.ndarray:
        """``out[i]`` is whether ``cps[i:i+n]`` may be a dictionary word (length ``len(cps) - n + 1``).

        A hash table of bits: never false for a word, true for about 1 % of other windows (check a
        hit with :attr:`words` where it matters).
        """
        return self.bits[n][_slot(pack(cps, n))]

    def packed_words(self, h: np.ndarray, n: int) -> np.ndarray:
        """Whether each packed window (:func:`pack_columns` of ``n`` columns) may be a word."""
        return self.bits[n][_slot(h)]

    def covered(self, cps: np.ndarray) -> np.ndarray:
        """``out[i]`` is whether character ``i`` lies inside some dictionary word of the text (2..MAX_WORD long)."""
        out = np.zeros(len(cps), dtype=bool)
        for n in range(2, MAX_WORD + 1):
            hit = self.words_at(cps, n)
            for j in range(n):
                out[j:j + len(hit)] |= hit
        return out
