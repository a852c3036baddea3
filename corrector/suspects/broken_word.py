"""A character that belongs to no word where one edit makes a word the dictionary and the corpus prefer.

The OCR drops a character (国家安一切 for 国家安全一切), adds one, or reads one as a look-alike
(己经 for 已经).  The place is found cheaply first: a Han character inside no dictionary word of the
text and not common as a word of its own.  Then every one-edit reading that forms a word there is
weighed; substitutions are only between look-alike glyphs (:mod:`corrector.glyphs`).
"""

from __future__ import annotations

import numpy as np

from .evidence import Evidence, Text, confidence, context, is_han, proposal, single_char_words
from .lexicon import MAX_WORD, Lexicon

NAME = "broken word"
#: Nats by which the dictionary and the corpus must prefer the edited reading, per edit.  A look-alike
#: substitution is the common OCR error; adding a character (a dropped one restored) is checked
#: harder because some added character nearly always makes some word.  Tuned on OCR-like noise put
#: into generated text.
#: At these thresholds, on 60 pages of the training text with 2 % noise (``python -m bench.ocr.single
#: --noise``), 82 % of the substitution flags were right (69 % at 6 nats, 88 % at 10); deletions and
#: insertions were rarely right below them (1 of 9 deletions over 6 nats, 1 of 3 over 8; 2 of 8
#: insertions over 8).
MIN_GAIN = {"substitution": 8.0, "deletion": 14.0, "insertion": 14.0}
#: Share of flags right at the threshold (sets the confidence; deletions and insertions: too few
#: flags to measure, so a cautious guess).
PRECISION = {"substitution": 0.8, "deletion": 0.6, "insertion": 0.6}
#: Nats added to the threshold where the character is a common word of its own (的, 在, 壁: it may
#: well stand alone; only look-alikes making two-character words are weighed there).  On the tuning
#: text, substitutions of the 1,324 commonest such characters were 109 of 109 right at 8 nats and
#: over, with 4 flags on 40 clean pages (1 at 10 nats); of the other characters 91 % were right at 8
#: nats.  The margin keeps clean text quiet.
COMMON_EXTRA = 2.0
#: Least glyph similarity (:func:`corrector.glyphs.similarity`) of a substitution.  Stricter than the
#: collation's look-alike bar (0.58), as no other printing backs the change: on the tuning text the
#: substitution flags were 85 % right with 0.58, 92 % with 0.62 (158 of 171 right flags kept).
LOOKALIKE = 0.62
#: A dropped character is only restored where the restored reading forms a word of three or four
#: characters (安全 alone is no evidence, 国家安全 is): :meth:`Lexicon.fill`.


def suspects(text: Text, lexicon: Lexicon) -> list[int]:
    """Key positions of Han characters inside no dictionary word of the text."""
    cps = text.cps
    han = ((cps >= 0x4E00) & (cps <= 0x9FFF)) | ((cps >= 0x3400) & (cps <= 0x4DBF))
    return np.nonzero(han & ~lexicon.covered(cps))[0].tolist()


def _recurs(k: str, i: int, ev: Evidence) -> bool:
    """Whether the character at ``i`` stands next to the same neighbour elsewhere in the input.

    OCR errors fall at random and seldom repeat letter for letter; names and terms the dictionary
    lacks (a company, a person) do.
    """
    return any(len(g) == 2 and all(is_han(c) for c in g) and ev.count(g) >= 2 for g in (k[i - 1:i + 1] if i else "", k[i:i + 2]))


def _candidates(k: str, i: int, lexicon: Lexicon, alike: str):
    """One-edit readings around key position ``i``: (start, end, old, new, edit).

    ``alike``: the characters that look like ``k[i]`` (:data:`LOOKALIKE`).
    """
    ch = k[i]
    prev = k[i - 1] if i > 0 and is_han(k[i - 1]) else ""
    nxt = k[i + 1] if i + 1 < len(k) and is_han(k[i + 1]) else ""
    words = (lexicon.after.get(prev, "") if prev else "") + (lexicon.before.get(nxt, "") if nxt else "")
    common = ch in single_char_words()
    if not common:
        left, right = _han_context(k, i), _han_context(k, i + 1, forward=True)
        words += lexicon.fill(left, right)
    for x in sorted(set(alike) & set(words)):
        yield i, i + 1, ch, x, "substitution"
    if common:
        # a common word of its own (的, 在, 壁) often stands alone: only a look-alike that makes a
        # two-character word with a neighbour is weighed (the cheap case; most such places are fine)
        return
    if prev and nxt and prev + nxt in lexicon.words[2]:
        yield i, i + 1, ch, "", "deletion"
    # a dropped character restored before or after this one, forming a word of 3 or 4 characters
    for x in sorted(set(lexicon.fill(left + ch, right))):
        yield i + 1, i + 1, "", x, "insertion"
    for x in sorted(set(lexicon.fill(left, ch + right))):
        yield i, i, "", x, "insertion"


def _han_context(k: str, i: int, forward: bool = False) -> str:
    """Up to three Han characters before key position ``i`` (or from ``i`` on), stopping at anything else."""
    out: list[str] = []
    j = i
    while len(out) < MAX_WORD - 1 and (j < len(k) if forward else j > 0):
        c = k[j] if forward else k[j - 1]
        if not is_han(c):
            break
        out.append(c)
        j = j + 1 if forward else j - 1
    return "".join(out) if forward else "".join(reversed(out))


def _clusters(positions: list[int]) -> list[list[int]]:
    """Runs of neighbouring positions: an error leaves its neighbour in no word too (忧惠意识: 忧 and 惠)."""
    out: list[list[int]] = []
    for i in positions:
        if out and i == out[-1][-1] + 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def find(text: Text, ev: Evidence, lexicon: Lexicon) -> list:
    k = text.k
    out = []
    places = suspects(text, lexicon)
    alike = lexicon.lookalikes.neighbours({k[i] for i in places}, LOOKALIKE)
    for cluster in _clusters(places):
        scored = []
        for i in cluster:
            cands = [c for c in _candidates(k, i, lexicon, alike[k[i]])
                     if text.contiguous(max(0, c[0] - 1), min(len(k), c[1] + 1))]
            for s, e, old, new, edit in cands:
                left, right = context(k, s, e)
                bar = MIN_GAIN[edit] + (COMMON_EXTRA if k[i] in single_char_words() else 0)
                gain = ev.gain(left, old, new, right, bar)
                scored.append((gain - bar, gain, s, e, old, new, edit, i))
        if not scored:
            continue
        scored.sort(reverse=True)
        over, gain, s, e, old, new, edit, i = scored[0]
        if over < 0 or _recurs(k, i, ev):
            continue
        rivals = [c[5] for c in scored[1:4] if c[0] >= 0]
        what = {"substitution": f"{old} looks like {new}", "deletion": f"{old} looks added",
                "insertion": f"{new} looks dropped"}[edit]
        out.append(proposal(text, s, e, new, confidence(gain, MIN_GAIN[edit], PRECISION[edit]),
                            f"suspect broken word ({edit}): {k[i]} belongs to no word here; {what}, and that reading "
                            f"is better by {gain:.1f} nats (dictionary and corpus)", alternatives=rivals,
                            gain=gain))
    return out
