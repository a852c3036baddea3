"""Which of a text's loose places can have a broken-word candidate at all, for all of them at once (NumPy).

The broken-word detector (:mod:`.broken_word`) visits every Han character in no dictionary word;
on ``bench.synthetic`` two in three of those have no one-edit reading to weigh, and finding that
out one place at a time (set intersections, string slices, dictionary look-ups) was a fifth of the
detector's time.  This screen answers "may :func:`.broken_word._candidates` give anything here?"
for a text's places together.  It never answers no where a candidate exists (a test compares it
with the candidates themselves); a yes where none exists only costs the usual look.

What a place can have (see :func:`.broken_word._candidates`):

- a look-alike ``x`` of its character forming a two-character candidate word with a neighbour
  (``prev + x`` or ``x + next``): exact, with bit sets over the look-alikes' alphabet (a character's
  look-alike row against the characters that follow ``prev`` in a word, or precede ``next``);
  a character whose row is not in the shipped table (:mod:`.lookalikes`) is always let through;
- only where the character is no common word of its own: a character filling a gap of a three- or
  four-character word around it (a substitution), or just before or after it (a dropped character),
  and a deletion where the two neighbours make a word: a table of hashed bits (never false for a
  real gap or word; true for about one in twenty-five of the others).  The same bits tell which of
  the three gaps (at the place, just before, just after) :meth:`.lexicon.Lexicon.fill` need be
  asked about.
"""

from __future__ import annotations

import hashlib

import numpy as np

from . import word_tables
from .lexicon import _FILL_SHAPES, CANDIDATE_FREQ, GAP, MAX_WORD, MIN_FREQ, Lexicon, pack_columns

#: Slots of the gap table (2**GAP_BITS bytes): with about 45,000 gap keys, about 4 % of the other
#: windows hit a slot of one (they are then looked at as before).
GAP_BITS = 20
#: Code points (the per-character tables' size).
CODE_POINTS = 0x110000
#: The padding around a text's code points, so that every window of a place is inside the array
#: (the longest reach is 3 characters, a word of 4 with the gap at one end); 0 is in no word.
PAD = 3


def _slot(h: np.ndarray, kind: "int | np.ndarray") -> np.ndarray:
    """A slot of the gap table for packed keys ``h`` of the gap shape ``kind``."""
    with np.errstate(over="ignore"):
        x = (h + np.int64(kind + 1) * np.int64(0x9E3779B97F4A7C15 - (1 << 64))) * np.int64(-7046029254386353131)
    return (x >> np.int64(40)) & np.int64((1 << GAP_BITS) - 1)


def _cps(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


class CandidateScreen:
    """The tables of the screen for one lexicon, look-alike rows and set of common characters."""

    def __init__(self, lexicon: Lexicon, rows: dict[str, str], commons: frozenset[str]) -> None:
        """``rows``: look-alike rows (character -> its look-alikes, as :meth:`Lexicon.lookalike_sets`
        gives them) for the characters that are screened; ``commons``: the characters that are a
        common word of their own (:func:`.evidence.single_char_words`)."""
        self.lexicon = lexicon
        # the tables depend on the lexicon (the dictionary and its constants), the rows, the common
        # characters and the gap table's layout: kept between runs under a name that digests them all
        # (built, they cost about 0.15 s a run; read, a hundredth of that)
        digest = hashlib.sha256("\n".join(
            [f"{MIN_FREQ} {CANDIDATE_FREQ} {MAX_WORD} {GAP_BITS} {_FILL_SHAPES}", "".join(sorted(commons))]
            + [f"{c}\t{r}" for c, r in sorted(rows.items())]).encode("utf-8")).hexdigest()[:24]
        kept = word_tables.cached(lexicon.dictionary, f"screen-{digest}", lambda: _derive(lexicon, rows))
        alphabet, tables, gaps = kept
        self._alphabet = np.frombuffer(alphabet, dtype=np.int64)
        (self._rows, self._row_of), (self._after, self._after_of), (self._before, self._before_of) = (
            _rebuild(*t) for t in tables)
        self._common = np.zeros(CODE_POINTS, dtype=bool)
        self._common[_cps("".join(commons))] = True
        self._gaps = np.zeros(1 << GAP_BITS, dtype=bool)
        self._gaps[np.frombuffer(gaps, dtype=np.int64)] = True
        # the windows a place's candidates may need, as offsets from the place, three per window
        # (a window of two: a first column of padding, which packs alike): a substitution's gap at
        # the place, a dropped character's before and after it, per shape; last, the two neighbours
        # (a deletion)
        windows = []
        for a, b in _FILL_SHAPES:
            for before, after in ((range(-a, 0), range(1, b + 1)), (range(-a, 0), range(0, b)), (range(1 - a, 1), range(1, b + 1))):
                windows.append([None] * (3 - a - b) + list(before) + list(after))
        windows.append([None, -1, 1])
        self._offsets = np.array([[0 if o is None else o for o in w] for w in windows], dtype=np.int64).reshape(-1)
        self._padding = np.array([o is None for w in windows for o in w])
        self._kinds = np.repeat(np.arange(len(_FILL_SHAPES)), 3)

    def possible(self, cps: np.ndarray, places: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``out[j]``: the place ``places[j]`` (a key position of the text whose code points are
        ``cps``) may have a broken-word candidate; False only where it has none.  ``fills[j]``: for
        a place that is no common character, whether a gap at it, just before it and just after it
        may be filled (:meth:`Lexicon.fill` of the gap: False only where it gives nothing)."""
        at = np.asarray(places, dtype=np.int64)
        fills = np.zeros((len(at), 3), dtype=bool)
        if not at.size:
            return np.zeros(0, dtype=bool), fills
        c = np.concatenate([np.zeros(PAD, dtype=np.int64), cps, np.zeros(PAD, dtype=np.int64)])
        q = at + PAD
        ch = c[q]
        row = self._row_of[ch]
        near = self._after[self._after_of[c[q - 1]]] | self._before[self._before_of[c[q + 1]]]
        out = (row == len(self._rows) - 1) | (self._rows[row] & near).any(axis=1)
        rest = np.flatnonzero(~self._common[ch])
        if rest.size:
            # every window of every such place at once; a padding column reads c[0] (0)
            idx = np.where(self._padding, 0, q[rest][:, None] + self._offsets[None, :])
            v = c[idx].reshape(len(rest), -1, 3)
            h = (v[:, :, 0] << np.int64(42)) ^ (v[:, :, 1] << np.int64(21)) ^ v[:, :, 2]  # pack_columns of 3
            # per shape its three windows (the gap at the place, before it, after it): any shape
            gaps = self._gaps[_slot(h[:, :-1], self._kinds)].reshape(len(rest), len(_FILL_SHAPES), 3).any(axis=1)
            fills[rest] = gaps
            out[rest] |= gaps.any(axis=1) | self.lexicon.packed_words(h[:, -1], 2)
        return out, fills


def _table(alphabet: np.ndarray, chars_to_strings: dict[str, str], words: int) -> tuple[np.ndarray, np.ndarray]:
    """Bit sets over ``alphabet``, one row per character of ``chars_to_strings`` (its string's
    characters outside the alphabet left out) and a last row of none; and each code point's row."""
    chars = list(chars_to_strings)
    bits = np.zeros((len(chars) + 1, words), dtype=np.uint64)
    row_of = np.full(CODE_POINTS, len(chars), dtype=np.int32)
    if chars and alphabet.size:
        row_of[_cps("".join(chars))] = np.arange(len(chars), dtype=np.int32)
        strings = [chars_to_strings[c] for c in chars]
        lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
        cps = _cps("".join(strings))
        col = np.searchsorted(alphabet, cps)
        inside = (col < alphabet.size) & (alphabet[np.minimum(col, alphabet.size - 1)] == cps)
        row, col = np.repeat(np.arange(len(chars)), lengths)[inside], col[inside]
        np.bitwise_or.at(bits, (row, col >> 6), np.left_shift(np.uint64(1), (col & 63).astype(np.uint64)))
    return bits, row_of


Kept = tuple[bytes, tuple[tuple[bytes, int, bytes, bytes, int], ...], bytes]


def _derive(lexicon: Lexicon, rows: dict[str, str]) -> Kept:
    """The screen's tables (kept between runs by :mod:`.word_tables`): the look-alikes' alphabet; per
    table (the rows, :attr:`Lexicon.after`, :attr:`Lexicon.before`) its bit sets, their width, the
    code points that have a row of their own and those rows, and the row of the others; the gap
    table's slots that are set."""
    # the look-alikes' alphabet: every character of a row, as bit columns
    alphabet = np.unique(_cps("".join(rows.values()))) if rows else np.zeros(0, dtype=np.int64)
    words = (alphabet.size + 63) // 64 or 1
    tables = []
    # per code point, its row in each table (the last row, of no bits, where it has none); the
    # characters that follow c in a candidate word (Lexicon.after), and that precede it
    for chars_to_strings in (rows, lexicon.after, lexicon.before):
        bits, row_of = _table(alphabet, chars_to_strings, words)
        none = len(bits) - 1
        own = np.flatnonzero(row_of != none)
        tables.append((bits.tobytes(), words, own.tobytes(), row_of[own].tobytes(), none))
    gaps = np.zeros(1 << GAP_BITS, dtype=bool)
    by_shape: dict[tuple[int, int], list[str]] = {}  # the gap keys by shape, the gap taken out
    for key in lexicon.gaps:
        a = key.find(GAP)
        while a >= 0:  # (a word holding the mark itself: each place of it, a superset)
            by_shape.setdefault((a, len(key) - 1 - a), []).append(key[:a] + key[a + 1:])
            a = key.find(GAP, a + 1)
    for kind, (a, b) in enumerate(_FILL_SHAPES):
        keys = by_shape.get((a, b), [])
        if keys:
            cps = _cps("".join(keys)).reshape(len(keys), a + b)
            gaps[_slot(pack_columns([cps[:, j] for j in range(a + b)]), kind)] = True
    return alphabet.astype(np.int64).tobytes(), tuple(tables), np.flatnonzero(gaps).astype(np.int64).tobytes()


def _rebuild(bits: bytes, words: int, own: bytes, rows: bytes, none: int) -> tuple[np.ndarray, np.ndarray]:
    """A table of :func:`_derive` as the screen uses it: the bit sets and each code point's row."""
    row_of = np.full(CODE_POINTS, none, dtype=np.int32)
    row_of[np.frombuffer(own, dtype=np.int64)] = np.frombuffer(rows, dtype=np.int32)
    return np.frombuffer(bits, dtype=np.uint64).reshape(-1, words), row_of
