"""Two neighbouring pieces printed in each other's place where swapping them forms a word (供销社合作 → 供销合作社)."""

from __future__ import annotations

import numpy as np

from .evidence import Evidence, Text, confidence, context, is_han, proposal
from .lexicon import Lexicon, pack_columns

NAME = "transposed"
#: Nats by which the dictionary and the corpus must prefer the swapped reading.  Two characters in
#: either order are often both words (故事/事故, 积累/累积), so only a clear preference counts.
#: On 60 pages of the training text with 2 % noise: 79 % right at 8 nats, 11 of 11 at 10; on 40 clean
#: pages, none at 6 nats or over (是不/不是 and 会不/不会 sit at 2–4).
MIN_GAIN = 10.0
#: Share of flags right at the threshold (measured on the tuning text; sets the confidence).
PRECISION = 0.85
#: Occurrences in the input (this one included) from which a reading is the text's own, not a swap:
#: OCR errors fall at random and seldom repeat letter for letter; names the dictionary lacks do.
RECURS = 2
#: Pieces swapped: (left length, right length).  A pair (ab → ba) or a character and a word (社合作 → 合作社).
SHAPES = ((1, 1), (1, 2), (2, 1))
#: The swapped reading must be a word of :attr:`Lexicon.candidates` (as frequent as the broken-word
#: detector's candidates, names left out): on OCR-like noise in the training text every right flag
#: was a common word (彻底, 如果, 目录, 状态), and weighing the rare ones was a seventh of the
#: detectors' time on ``bench.synthetic``.


def find(text: Text, ev: Evidence, lexicon: Lexicon) -> list:
    k, cps = text.k, text.cps
    out = []
    seen: set[int] = set()
    loose = text.loose(lexicon)
    for a, b in SHAPES:
        n = a + b
        if len(cps) < n:
            continue
        # a transposition breaks the words it touches: some character of the window is in no word
        some_loose = np.zeros(len(cps) - n + 1, dtype=bool)
        for j in range(n):
            some_loose |= loose[j:j + len(some_loose)]
        if text.settled is not None:  # no flag may go where a window touches a settled place
            for j in range(n):
                some_loose &= ~text.settled[j:j + len(some_loose)]
        names = text.names(lexicon)  # nor on a name or term the text marks (.names)
        for j in range(n):
            some_loose &= ~names[j:j + len(some_loose)]
        # the word tables asked only for the windows that touch a loose character (a few in a
        # hundred: each look-up in a table of millions of bits is a cache miss)
        at = np.flatnonzero(some_loose)
        hits = at[~lexicon.packed_words(pack_columns([cps[at + j] for j in range(n)]), n)
                  & _swapped_words(lexicon, cps, a, b, at)]
        for i in hits.tolist():
            old = k[i:i + n]
            new = old[a:] + old[:a]
            if i in seen or new == old or new not in lexicon.candidates or not all(is_han(c) for c in old):
                continue
            if not text.contiguous(i, i + n):
                continue
            if ev.count(old) >= RECURS:
                continue  # printed so elsewhere too: a name or term of the text (an OCR swap seldom repeats)
            left, right = context(k, i, i + n)
            gain = ev.gain(left, old, new, right, MIN_GAIN)
            if gain < MIN_GAIN:
                continue
            seen.add(i)
            out.append(proposal(text, i, i + n, new, confidence(gain, MIN_GAIN, PRECISION),
                                f"suspect transposition: {new} is a word and reads better than {old} "
                                f"by {gain:.1f} nats (dictionary and corpus)", gain=gain))
    return out


def _swapped_words(lexicon: Lexicon, cps: np.ndarray, a: int, b: int, at: np.ndarray | None = None) -> np.ndarray:
    """``out[i]`` is whether ``cps[i+a:i+a+b] + cps[i:i+a]`` may be a dictionary word; with ``at``
    (window starts), ``out[j]`` for the window at ``at[j]`` only."""
    n = a + b
    if at is None:
        at = np.arange(max(0, len(cps) - n + 1))
    columns = [cps[at + a + j] for j in range(b)] + [cps[at + j] for j in range(a)]
    return lexicon.packed_words(pack_columns(columns), n)
