"""Baselines on witnesses aligned to a pivot: naive majority vote and the oracle best path."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein

#: A run of at least this many characters that one witness lacks (or has in excess) against the pivot
#: is a layout difference (a cut story, another story's columns), not an OCR error: the naive vote
#: lets that witness abstain there.
LONG_GAP = 8


@dataclass
class Slots:
    """One witness's readings in the pivot's slots.

    Slot ``2i + 1`` is pivot character ``i``; slot ``2i`` is the gap before it (slot ``2n`` the gap after
    the last character).  ``readings[s]`` is what the witness has there: a character or ``""`` in a
    character slot, an inserted string (usually ``""``) in a gap slot.  ``abstain[s]`` marks slots inside a
    long run the witness lacks or a long insertion (see :data:`LONG_GAP`).
    """

    readings: list[str]
    abstain: list[bool]


def slots(pivot: str, other: str, *, long_gap: int = LONG_GAP) -> Slots:
    """Align ``other`` to ``pivot`` (rapidfuzz Levenshtein opcodes) and read it slot by slot."""
    n = len(pivot)
    readings = [""] * (2 * n + 1)
    abstain = [False] * (2 * n + 1)
    for op in Levenshtein.opcodes(pivot, other):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag in ("equal", "replace"):
            m = min(i2 - i1, j2 - j1)
            for k in range(m):
                readings[2 * (i1 + k) + 1] = other[j1 + k]
            # An unequal replace block (not produced by rapidfuzz, handled for safety).
            for k in range(i1 + m, i2):
                readings[2 * k + 1] = ""
            if j2 - j1 > m:
                readings[2 * i2] += other[j1 + m : j2]
        elif tag == "delete":
            for k in range(i1, i2):
                readings[2 * k + 1] = ""
            if i2 - i1 >= long_gap:
                for s in range(2 * i1 + 1, 2 * i2):  # the characters it lacks and the gaps between them
                    abstain[s] = True
        elif tag == "insert":
            readings[2 * i1] += other[j1:j2]
            if j2 - j1 >= long_gap:
                abstain[2 * i1] = True
    return Slots(readings, abstain)


def _pivot_readings(pivot: str) -> list[str]:
    r = [""] * (2 * len(pivot) + 1)
    for i, ch in enumerate(pivot):
        r[2 * i + 1] = ch
    return r


def majority(pivot: str, others: list[str], *, long_gap: int = LONG_GAP) -> str:
    """Naive majority vote with ``pivot`` as the skeleton.

    Every other witness is aligned to the pivot; in each slot (a pivot character or the gap before it)
    the reading most witnesses have wins, the pivot included; a tie keeps the pivot's reading.
    Witnesses abstain inside long gaps or insertions (layout differences), so a story cut short or a
    column of another story neither deletes nor inserts text.

    Returns:
        The voted text.
    """
    base = _pivot_readings(pivot)
    aligned = [slots(pivot, o, long_gap=long_gap) for o in others]
    out = []
    for s, mine in enumerate(base):
        votes = Counter([mine])
        for a in aligned:
            if not a.abstain[s]:
                votes[a.readings[s]] += 1
        best = max(votes.values())
        out.append(mine if votes[mine] == best else next(r for r, c in votes.items() if c == best))
    return "".join(out)


def oracle(gold: str, pivot: str, others: list[str]) -> tuple[str, int]:
    """The best text any choice of the witnesses' readings could make, slot by slot.

    Definition: every witness is aligned to ``pivot`` as in :func:`majority`; in each slot the oracle
    may take any witness's reading (the pivot's included; abstentions are ignored, so any reading at all
    is allowed); it picks the path through the slots whose concatenation is closest to ``gold`` in
    Levenshtein distance.  Computed exactly by dynamic programming over (slot, gold position).

    Returns:
        (text, distance): the best path's text and its Levenshtein distance to ``gold``.
    """
    base = _pivot_readings(pivot)
    aligned = [slots(pivot, o) for o in others]
    m = len(gold)
    g = np.frombuffer(gold.encode("utf-32-le"), dtype=np.uint32) if m else np.zeros(0, dtype=np.uint32)
    ar = np.arange(m + 1, dtype=np.int64)
    big = np.int64(1 << 40)

    def step(d: np.ndarray, ch: str) -> np.ndarray:
        # Hypothesis character ``ch`` either matches/substitutes gold[j-1] or is an extra character;
        # then gold characters may be skipped (deleted) at cost 1 each: a running minimum.
        sub = np.empty_like(d)
        sub[0] = big
        sub[1:] = d[:-1] + (g != ord(ch))
        e = np.minimum(sub, d + 1)
        return np.minimum.accumulate(e - ar) + ar

    d = ar.copy()  # gold characters deleted before the first slot
    history: list[tuple[np.ndarray, list[tuple[str, list[np.ndarray]]], np.ndarray]] = []
    for s, mine in enumerate(base):
        cands = list(dict.fromkeys([mine] + [a.readings[s] for a in aligned]))
        if len(cands) == 1 and len(mine) <= 1:
            # The common case: every witness reads the same; no choice to remember beyond the steps.
            steps = [step(d, mine)] if mine else []
            history.append((d, [(mine, steps)], np.zeros(m + 1, dtype=np.int8)))
            d = steps[-1] if steps else d
            continue
        ends, per = [], []
        for c in cands:
            steps = []
            cur = d
            for ch in c:
                cur = step(cur, ch)
                steps.append(cur)
            per.append((c, steps))
            ends.append(cur)
        stack = np.vstack(ends)
        choice = stack.argmin(axis=0).astype(np.int8)
        history.append((d, per, choice))
        d = stack.min(axis=0)
    dist = int(d[m])
    # Trace back: which candidate in each slot, and where in gold it started.
    j = m
    pieces: list[str] = []
    for before, per, choice in reversed(history):
        c, steps = per[int(choice[j])]
        for t in range(len(c) - 1, -1, -1):
            cur = steps[t]
            prev = steps[t - 1] if t else before
            while True:
                if j > 0 and cur[j] == prev[j - 1] + (gold[j - 1] != c[t]):
                    j -= 1
                    break
                if cur[j] == prev[j] + 1:
                    break
                j -= 1  # a gold character deleted (the running minimum came from the left)
        pieces.append(c)
    text = "".join(reversed(pieces))
    return text, dist


@dataclass
class ErrorEvent:
    """One difference between a gold text and a reading: gold ``gold[pos:pos+len(gold_s)]`` read as ``hyp``."""

    pos: int
    gold: str
    hyp: str


#: A deletion at least this long is one event (a lost line or part of one) when runs are kept whole.
RUN = 4


def error_events(gold: str, hyp: str, *, runs: bool = False) -> list[ErrorEvent]:
    """The differences of ``hyp`` against ``gold`` as events at gold positions (Levenshtein opcodes).

    Every non-equal opcode block is split into single-character substitutions or deletions at each gold
    position, and insertions (``gold == ""``) at the gold position they precede.  With ``runs``, a
    deletion of :data:`RUN` or more characters stays one event.
    """
    out: list[ErrorEvent] = []
    for op in Levenshtein.opcodes(gold, hyp):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            continue
        if tag == "insert":
            out.append(ErrorEvent(i1, "", hyp[j1:j2]))
            continue
        if tag == "delete" and runs and i2 - i1 >= RUN:
            out.append(ErrorEvent(i1, gold[i1:i2], ""))
            continue
        m = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(i2 - i1):
            out.append(ErrorEvent(i1 + k, gold[i1 + k], hyp[j1 + k] if k < m else ""))
        if tag == "replace" and j2 - j1 > m:
            out.append(ErrorEvent(i2, "", hyp[j1 + m : j2]))
    return out


_FULL_PUNCT = set("，。、；：？！“”‘’（）《》〈〉「」『』【】—…·～－％")
_ASCII_PUNCT = set(",.;:?!\"'()<>[]-~%/")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _is_punct(ch: str) -> bool:
    return ch in _FULL_PUNCT or ch in _ASCII_PUNCT or ch in "\u2014\u2015\u2026"


#: Error classes, in report order.
CLASSES = (
    "dash read as 一 or -",
    "ASCII/half-width mark for full-width",
    "punctuation confused",
    "punctuation dropped",
    "punctuation inserted",
    "look-alike character",
    "character dropped",
    "character inserted",
    "run of characters dropped",
    "run of characters inserted",
    "digit or Latin letter",
    "other",
)


#: Kinds of character, each with its classes: one read as others of the kind, dropped, inserted.
_KIND_CLASSES = (
    (_is_punct, ("punctuation confused", "punctuation dropped", "punctuation inserted")),
    (_is_cjk, ("look-alike character", "character dropped", "character inserted")),
)


def classify(gold: str, hyp: str) -> str:
    """The class of one error event (see :data:`CLASSES`)."""
    from corrector.ingest import fold_char

    if len(gold) > 1 and not hyp:
        return "run of characters dropped"
    if not gold and len(hyp) >= RUN:
        return "run of characters inserted"
    if gold in ("—", "―") and hyp and all(c in "一-－_" for c in hyp):
        return "dash read as 一 or -"
    if len(gold) == 1 and len(hyp) == 1 and gold != hyp and fold_char(gold) == fold_char(hyp):
        return "ASCII/half-width mark for full-width"
    if any(c.isascii() and c.isalnum() for c in gold + hyp):
        return "digit or Latin letter"
    for member, names in _KIND_CLASSES:
        if gold and member(gold) and hyp and all(member(c) for c in hyp):
            return names[0]
        if gold and member(gold) and not hyp:
            return names[1]
        if not gold and hyp and all(member(c) for c in hyp):
            return names[2]
    return "other"
