"""A character that belongs to no word where one edit makes a word the dictionary and the corpus prefer.

The OCR drops a character (国家安一切 for 国家安全一切), adds one, or reads one as a look-alike
(己经 for 已经).  The place is found cheaply first: a Han character inside no dictionary word of the
text and not common as a word of its own.  Then every one-edit reading that forms a word there is
weighed; substitutions are only between look-alike glyphs (:mod:`corrector.glyphs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Mapping, Sequence

import numpy as np

from .. import glyphs
from .edit_gains import edit_gains_of, score_edits
from .evidence import Evidence, Text, confidence, context, han_mask, is_han, proposal, single_char_words
from .lexicon import MAX_WORD, Lexicon
from .lookalikes import similarities
from .substitution_gain import SubstitutionGain
from .substitution_gains import Places, gains_of, places_of

NAME = "broken word"
#: Nats by which the dictionary and the corpus must prefer the edited reading, per edit.  A look-alike
#: substitution is the common OCR error; adding a character (a dropped one restored) is checked
#: harder because some added character nearly always makes some word.
#: Substitutions are weighed by :func:`substitution_score` (the bar is on that score).  On the 60
#: single real-OCR pages of the training text (``python -m bench.ocr.single --text train``; 168
#: look-alike errors at suspected places) a bar of 10 nats ranked per place: 15 right, 2 wrong, no
#: flag on the same pages' gold text; 8 nats: 18 right, 5 wrong; the former rule (look-alikes of 0.62
#: only, plain gain 8): 9 right, 2 wrong.  With parts 0 and 1 of the training text (120 pages, 1,156
#: non-punctuation errors; ``--part``): 10 nats 23 right of 25, 9 nats 25 of 27 (the two more both
#: right), 8 nats 28 of 36 (the band between 8 and 9 a third right); no flag on the gold text at any.
#: 9 nats was tried and left at 10: its 2 more right flags (0.2 % of those errors) cost 15 % more
#: flags on ``bench.synthetic`` at 1,000 pages (4,198 against 3,637) and about a fifth more of the
#: flags' time (CPU 18.7 s against 15.5 s, one run each under load).
#: Deletions and insertions were rarely right below their bars on OCR-like noise (1 of 9 deletions
#: over 6 nats, 1 of 3 over 8; 2 of 8 insertions over 8).
MIN_GAIN = {"substitution": 10.0, "deletion": 14.0, "insertion": 14.0}
#: Share of flags right at the threshold (sets the confidence; deletions and insertions: too few
#: flags to measure, so a cautious guess).
PRECISION = {"substitution": 0.8, "deletion": 0.6, "insertion": 0.6}
#: Nats added to the threshold where the character is a common word of its own (的, 在, 壁: it may
#: well stand alone; only look-alikes making two-character words are weighed there).  On OCR-like
#: noise in the training text, substitutions of the 1,324 commonest such characters were 109 of 109
#: right at 8 nats and over, with 4 flags on 40 clean pages (1 at 10 nats).  The margin keeps clean
#: text quiet.
COMMON_EXTRA = 2.0
#: Least glyph similarity (:func:`corrector.glyphs.similarity`) of a substitution candidate: the
#: collation's look-alike bar.  Real OCR confuses characters the shape table rates only fairly alike
#: (坎/软 0.86 but 寞/模 0.58), so likeness enters the score (:data:`LIKENESS_NATS`) instead of a
#: stricter bar.  On the training OCR pages: 0.58 gave 15 right / 1 wrong flags, 0.5 gave 14 / 1 with
#: twice the candidates to score (the detectors' time), 0.62 (the former bar) 9 / 2 per place.
LOOKALIKE = 0.58
#: Nats the score gains per unit of glyph similarity over :data:`LIKENESS_REF` (loses under it): the
#: OCR's own prior, P(read b | printed a) grows with likeness.  12 nats: 15 right / 2 wrong on the
#: training OCR pages; 8: 13 / 1 at a lower yield; 16: 16 / 2.
LIKENESS_NATS = 12.0
#: Similarity at which likeness adds nothing to the score.
LIKENESS_REF = 0.6
#: Look-alikes less alike than this (just over :data:`LOOKALIKE`) are seldom what the OCR confused:
#: their substitution must clear the bar by :data:`LOW_LIKENESS_EXTRA` more.  On the training and news
#: tuning pages (parts 0 and 1) the substitutions under 0.63 scoring under 14 were 1 right (适台于 →
#: 适合于), 6 wrong (楼栋 → 楼梯 4, 饕餮纹, 条件), 3 neutral, and 4 of the 8 false alarms on their
#: gold text (楼栋); over it, 48 right, 2 wrong and 1 neutral.
LOW_LIKENESS = 0.63
#: Nats added to the substitution bar under :data:`LOW_LIKENESS` (a score of 14: every wrong or
#: neutral one above was under 13.9, the right ones under 0.63 were 12.1 and 16.4).
LOW_LIKENESS_EXTRA = 4.0
#: Weight of the corpus n-gram evidence (the reading intact elsewhere in the input) against the
#: dictionary's in a substitution's score: 2 found 14 right / 1 wrong where 1 found 11 / 0, with no
#: flag on gold text either way (training OCR pages; a term of the text that repeats is the best
#: evidence for what a misread occurrence of it should be).
CORPUS_WEIGHT = 2.0
#: Most corpus support (:meth:`Evidence.support`, nats) a substitution is assumed to find: three
#: trigrams seen twice each elsewhere give 3.3.  A candidate the dictionary and likeness leave more
#: than this (weighted) under what could matter, the bar less the margin, is scored without the
#: corpus: on ``bench.synthetic`` most candidates, and none of the right flags on the training pages.
CORPUS_REACH = 3.0
#: Nats by which the best substitution must outscore the next best at the same place: where two
#: words fit about as well, the dictionary cannot tell which was printed.  4 nats: 14 right / 1 wrong;
#: 2 nats: 15 / 5 (training OCR pages).
MARGIN = 4.0
#: A character that is no common word of its own and that the document prints this many times is the
#: text's own (菇 in a story on mushroom growers: 菇棚 → 草棚 was 3 wrong flags and 4 false alarms on
#: the news tuning text's pages, 楼栋 → 楼梯 likewise): OCR misreadings fall at random and seldom
#: repeat a rare character.  On the training and news tuning pages no right flag's character was
#: printed more than once in its page but common ones (全, 干, 增: those keep their place).
TOPIC_REPEATS = 3
#: Most strokes of a character the OCR is taken to have added (a deletion's candidate): it adds specks
#: and rules, read as simple characters (引丨用 for 引用, a stroke the training pages' OCR took for
#: 丨: the one right deletion on the training and news tuning pages), not complex ones: the wrong
#: and neutral deletions there were all of 8 or more strokes (白琵鹭 → 白鹭 7 times, 吃侈饭, 好瑚生).
MAX_ADDED_STROKES = 4
#: A dropped character is only restored where the restored reading forms a word of three or four
#: characters (安全 alone is no evidence, 国家安全 is): :meth:`Lexicon.fill`.


def suspects(text: Text, lexicon: Lexicon) -> list[int]:
    """Key positions of Han characters inside no dictionary word of the text (settled places left out)."""
    cps = text.cps
    han = ((cps >= 0x4E00) & (cps <= 0x9FFF)) | ((cps >= 0x3400) & (cps <= 0x4DBF))
    if text.settled is not None:
        han &= ~text.settled
    return np.nonzero(han & text.loose(lexicon))[0].tolist()


def recurring(text: Text, ev: Evidence, at: list[int] | None = None, counts: np.ndarray | None = None) -> np.ndarray:
    """``out[i]``: the Han character at ``i`` stands next to the same Han neighbour elsewhere in the input.

    OCR errors fall at random and seldom repeat letter for letter; names and terms the dictionary
    lacks (a company, a person) do.  With ``at`` (key positions), only those entries are computed
    (the others are False): only the bigrams touching them are counted; ``counts``: their
    :meth:`Evidence.bigram_counts` (at :func:`bigram_starts`), when counted already.
    """
    cps = text.cps
    han = ((cps >= 0x4E00) & (cps <= 0x9FFF)) | ((cps >= 0x3400) & (cps <= 0x4DBF))
    out = np.zeros(len(cps), dtype=bool)
    if len(cps) < 2:
        return out
    if at is None:
        starts = np.arange(len(cps) - 1)
        counts = ev.bigram_counts(text)
    else:
        starts = bigram_starts(cps, at)
        if counts is None:
            counts = ev.bigram_counts(text, starts)
    pair = han[starts] & han[starts + 1] & (counts >= 2)  # pair[j]: k[s:s+2] recurs, s = starts[j]
    out[starts[pair]] = True
    out[starts[pair] + 1] = True
    if at is not None:
        keep = np.zeros(len(cps), dtype=bool)
        keep[np.asarray(at, dtype=np.int64)] = True
        out &= keep
    return out


def bigram_starts(cps: np.ndarray, at: list[int]) -> np.ndarray:
    """The starts of the bigrams of a text (code points ``cps``) that touch key positions ``at``:
    the one each position ends and the one it starts, in order."""
    if len(cps) < 2:
        return np.zeros(0, dtype=np.int64)
    pos = np.asarray(at, dtype=np.int64)
    touching = np.zeros(len(cps) + 1, dtype=bool)  # (a mask, not np.unique: no sort)
    touching[pos] = True
    touching[pos[pos > 0] - 1] = True
    return np.flatnonzero(touching[:len(cps) - 1])


def _candidates(k: str, i: int, lexicon: Lexicon, alike: frozenset[str], commons: frozenset[str] | None = None,
                han: list[bool] | None = None, fills: tuple[bool, bool, bool] = (True, True, True)
                ) -> list[tuple[int, int, str, str, str]]:
    """One-edit readings around key position ``i``: (start, end, old, new, edit).

    ``alike``: the characters that look like ``k[i]`` (:data:`LOOKALIKE`), as a set; ``commons``:
    :func:`.evidence.single_char_words`, and ``han`` (whether each key character is Han), when at hand.
    ``fills``: whether a gap at ``i``, just before it and just after it may be filled
    (:meth:`.candidate_screen.CandidateScreen.possible`); one that cannot is not looked up.
    """
    if han is None:
        han = [is_han(c) for c in k]
    ch = k[i]
    prev = k[i - 1] if i > 0 and han[i - 1] else ""
    nxt = k[i + 1] if i + 1 < len(k) and han[i + 1] else ""
    common = ch in (single_char_words() if commons is None else commons)
    found: frozenset[str] | set[str] = frozenset()
    if alike:  # with no look-alike there is no substitution to weigh
        # the look-alikes are few, the words' characters many (all x of 的x): ask each look-alike
        if prev:
            found = alike & lexicon.after_set(prev)
        if nxt:
            found = found | (alike & lexicon.before_set(nxt))
    if common:
        # a common word of its own (的, 在, 壁) often stands alone: only a look-alike that makes a
        # two-character word with a neighbour is weighed (the cheap case; most such places are fine)
        return [(i, i + 1, ch, x, "substitution") for x in sorted(found)]
    at, before, after = fills
    if at or before or after:
        left, right = _han_run(k, han, i, False, MAX_WORD - 1), _han_run(k, han, i + 1, True, MAX_WORD - 1)
    filled = lexicon.fill(left, right) if at else ""
    if filled and alike:
        found = found | (alike & frozenset(filled))
    out = [(i, i + 1, ch, x, "substitution") for x in sorted(found)]
    if prev and nxt and prev + nxt in lexicon.words[2] and _strokes(ch) <= MAX_ADDED_STROKES:
        out.append((i, i + 1, ch, "", "deletion"))
    # a dropped character restored before or after this one, forming a word of 3 or 4 characters
    if after:
        out += [(i + 1, i + 1, "", x, "insertion") for x in sorted(set(lexicon.fill(left + ch, right)))]
    if before:
        out += [(i, i, "", x, "insertion") for x in sorted(set(lexicon.fill(left, ch + right)))]
    return out


def substitution_base(ev: Evidence, left: str, old: str, new: str, right: str,
                      gains: SubstitutionGain | None = None) -> float:
    """A substitution's score without the corpus: dictionary gain and glyph likeness.

    ``gains``: the place's :class:`SubstitutionGain` (the same dictionary gain, computed around the
    place only), when made.
    """
    gain = gains.gain(new) if gains is not None else ev.dict_gain(left, old, new, right)
    return gain + LIKENESS_NATS * (_similarity(old, new) - LIKENESS_REF)


#: Look-alike pairs whose similarity is kept (:func:`_similarity`, :func:`substitution_base`'s, one
#: pair at a time; the detector computes a batch's pairs together: :func:`ask_all`): the pairs asked
#: repeat (的/约 at every loose 的), and a few MB hold the commonest.
SIMILARITY_CACHE = 1 << 16


@lru_cache(maxsize=SIMILARITY_CACHE)
def _similarity(a: str, b: str) -> float:
    """:func:`corrector.glyphs.similarity`, kept for the pairs asked again."""
    return glyphs.similarity(a, b)


def substitution_score(ev: Evidence, left: str, old: str, new: str, right: str, old_support: float | None = None,
                       floor: float | None = None, base: float | None = None) -> float:
    """A look-alike substitution's score: dictionary gain, corpus gain (weighted) and glyph likeness.

    ``old_support``: :meth:`Evidence.support` of the text's own reading here, when already known.
    ``floor``: a score under which the exact value does not matter; where the dictionary and the
    likeness leave the score under it even with :data:`CORPUS_REACH` of corpus support, the corpus
    is not asked (it is the slow part) and the score without that support is returned.
    ``base``: :func:`substitution_base`, when already known.
    """
    if old_support is None:
        old_support = ev.support(left, old, right, 1)
    if base is None:
        base = substitution_base(ev, left, old, new, right)
    if floor is not None and base + CORPUS_WEIGHT * (CORPUS_REACH - old_support) < floor:
        return base - CORPUS_WEIGHT * old_support
    return base + CORPUS_WEIGHT * (ev.support(left, new, right, 0) - old_support)


def _strokes(ch: str) -> int:
    """Strokes of a Han character (the shape table's stroke order); one the table lacks counts as complex."""
    shape = glyphs._table().get(ch)
    return len(shape[1]) if shape else MAX_ADDED_STROKES + 1


def _han_run(k: str, han: list[bool], i: int, forward: bool, most: int) -> str:
    """Up to ``most`` characters of ``k`` that ``han`` marks Han, before position ``i`` (or from ``i`` on)."""
    if forward:
        j, end = i, min(len(han), i + most)
        while j < end and han[j]:
            j += 1
        return k[i:j]
    j, end = i, max(0, i - most)
    while j > end and han[j - 1]:
        j -= 1
    return k[j:i]


def _clusters(positions: list[int]) -> list[list[int]]:
    """Runs of neighbouring positions: an error leaves its neighbour in no word too (忧惠意识: 忧 and 惠)."""
    out: list[list[int]] = []
    for i in positions:
        if out and i == out[-1][-1] + 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


@dataclass
class Pending:
    """The detector's work on one text between its first pass (every place's candidates, the
    dropped and added characters scored) and the substitutions' dictionary gains (:meth:`request`:
    asked for many texts at once by :func:`corrector.suspects.add_suspects`)."""

    text: Text
    ev: Evidence
    commons: frozenset[str]
    han: np.ndarray
    #: Per cluster of places: its scored deletions and insertions, its places waiting for the corpus.
    clusters: list[tuple[list, list]]
    #: (the cluster's waiting list, place, its substitution candidates) per place with any.
    swapping: list[tuple[list, int, list]]
    #: Deletions and insertions to score (:func:`score_edits`): cluster's list, s, e, old, new, edit, place, bar.
    edits: list[tuple[list, int, int, str, str, str, int, float]]
    #: The corpus supports :func:`finish` needs (:func:`ask`), once asked: per entry ``(left,
    #: readings, right, owns)`` for :meth:`.evidence.Evidence.supports_many`.
    asks: list[tuple[str, list[str], str, list[int]]] | None = None

    def request(self) -> Places:
        """The places whose substitutions' dictionary gains :func:`finish` needs, in order."""
        return places_of(self.text.cps, self.han, [i for _, i, _ in self.swapping],
                         [[c[3] for c in swaps] for _, _, swaps in self.swapping])


def find(text: Text, ev: Evidence, lexicon: Lexicon) -> list:
    """The detector's flags on one text (:func:`begin`, the gains, :func:`finish`)."""
    pending = begin(text, ev, lexicon)
    return finish(pending, gains_of(ev.dictionary, [pending.request()])[0])


@dataclass
class Placed:
    """The detector's places on one text (:func:`place`), before the recurring test."""

    commons: frozenset[str]
    #: The places that may have a candidate, and the cluster of each.
    weighed: list[int]
    clusters: list[int]
    #: Per place of ``weighed``: whether a gap at it, before it and after it may be filled.
    fill_at: dict[int, tuple[bool, bool, bool]]


def place(text: Text, lexicon: Lexicon) -> Placed:
    """The places :func:`begin` weighs (then it asks which recur: :func:`recurring`)."""
    k = text.k
    places = suspects(text, lexicon)
    commons = single_char_words()
    if places:
        # the text's own characters (TOPIC_REPEATS): counted once per text, looked up for the places
        # at once; a place's character printed that often is left out unless a common word
        printed = np.sort(text.cps)  # (a sort and two look-ups: np.unique's counts cost five times that)
        mine = text.cps[np.asarray(places, dtype=np.int64)]
        often = (np.searchsorted(printed, mine, "right") - np.searchsorted(printed, mine, "left") >= TOPIC_REPEATS).tolist()
        named = text.names(lexicon)[places].tolist()  # a name the text marks (禾源县, 记者 赵敏): .names
        places = [i for i, o, n in zip(places, often, named) if not n and (not o or k[i] in commons)]
    # the places that may have a candidate (CandidateScreen: most have none), each with its cluster
    # (_clusters: counted over every place, as a place with no candidate still joins its neighbours)
    at = np.asarray(places, dtype=np.int64)
    cluster_of = np.cumsum(np.diff(at, prepend=-2) != 1)
    possible, fills = lexicon.candidate_screen(LOOKALIKE, commons).possible(text.cps, at)
    weighed = at[possible].tolist()
    fill_at = dict(zip(weighed, map(tuple, fills[possible].tolist())))
    return Placed(commons, weighed, cluster_of[possible].tolist(), fill_at)


def begin(text: Text, ev: Evidence, lexicon: Lexicon, placed: Placed | None = None,
          counts: np.ndarray | None = None, score: bool = True) -> Pending:
    """The first pass over a text's places (see :class:`Pending`); ``placed``: :func:`place`, and
    ``counts``: the bigram counts its recurring test asks (:func:`recurring`), when at hand.
    ``score``: its deletions and insertions scored too (else left waiting in :attr:`Pending.edits`
    for :func:`edit_gains_of` and :func:`score_edits`, a batch of texts' at once)."""
    if placed is None:
        placed = place(text, lexicon)
    k = text.k
    commons, weighed, fill_at = placed.commons, placed.weighed, placed.fill_at
    recurs = recurring(text, ev, weighed, counts)
    alike = lexicon.lookalike_sets({k[i] for i in weighed if not recurs[i]}, LOOKALIKE)
    han_array = han_mask(text.cps)
    han = han_array.tolist()
    # first pass: every place's candidates; deletions and insertions kept for their dictionary gains
    # (edit_gains_of), substitutions for theirs (substitution_gains), each computed for many places at once
    clusters: list[tuple[list, list]] = []  # per cluster: its scored deletions and insertions, its waiting places
    swapping: list[tuple[list, int, list]] = []  # (the cluster's waiting list, place, its substitutions)
    edits: list[tuple[list, int, int, str, str, str, int, float]] = []  # deletions and insertions to score
    for _, group in groupby(zip(placed.clusters, weighed), key=itemgetter(0)):
        scored: list = []
        waiting: list = []
        clusters.append((scored, waiting))
        for i in (i for _, i in group):
            if recurs[i]:
                continue  # a name or term of the text, not an OCR error (cheap: asked before any scoring)
            joined: dict[tuple[int, int], bool] = {}  # the candidates of a place share a few ranges
            cands = []
            for c in _candidates(k, i, lexicon, alike[k[i]], commons, han, fill_at[i]):
                span = (max(0, c[0] - 1), min(len(k), c[1] + 1))
                if span not in joined:
                    joined[span] = text.contiguous(*span)
                if joined[span]:
                    cands.append(c)
            common = COMMON_EXTRA if k[i] in commons else 0
            swaps = [c for c in cands if c[4] == "substitution"]
            if swaps:
                swapping.append((waiting, i, swaps))
            for s, e, old, new, edit in cands:
                if edit == "substitution":
                    continue
                edits.append((scored, s, e, old, new, edit, i, MIN_GAIN[edit] + common))
    pending = Pending(text, ev, commons, han_array, clusters, swapping, edits)
    if score:
        score_edits(pending, edit_gains_of([pending])[0])
    return pending


def ask(pending: Pending, every_gain: list[list[float]],
        likeness: Mapping[tuple[str, str], float] | None = None) -> list[tuple[str, list[str], str, list[int]]]:
    """The corpus supports a text's substitutions need (see :attr:`Pending.asks`), given their
    dictionary gains (``every_gain[j][m]``: of the m-th candidate of the j-th place of
    :meth:`Pending.request`): asked once per text, :func:`corrector.suspects.add_suspects` counts
    those of a batch of texts at once (:func:`.evidence.supports_of`).  ``likeness``: the glyph
    similarity of every (old, new) pair within reach (:func:`within_reach`), when computed already
    (:func:`ask_all`)."""
    if pending.asks is not None:
        return pending.asks
    reach = within_reach(pending, every_gain)
    return _ask(pending, reach, _likenesses([reach]) if likeness is None else likeness)


def ask_all(pendings: Sequence[Pending], gains: Sequence[list[list[float]]]) -> None:
    """:func:`ask` of a batch of texts (``gains[t]`` for ``pendings[t]``), the glyph similarities of
    all their candidates within reach computed at once (:func:`.lookalikes.similarities`)."""
    todo = [(pending, gained) for pending, gained in zip(pendings, gains) if pending.asks is None]
    reaches = [within_reach(pending, gained) for pending, gained in todo]
    likeness = _likenesses(reaches)
    for (pending, _), reach in zip(todo, reaches):
        _ask(pending, reach, likeness)


def within_reach(pending: Pending, every_gain: list[list[float]]) -> list[tuple[list, list[float]]]:
    """Per place of :meth:`Pending.request`: its substitution candidates that may come within reach
    of the bar, and their dictionary gains (``every_gain``, as :func:`ask`).

    The likeness adds at most ``LIKENESS_NATS * (1 - LIKENESS_REF)`` to a base, and the corpus at
    most ``CORPUS_WEIGHT * CORPUS_REACH``: a candidate that even with both stays more than the
    margin under the bar can neither be flagged nor keep a rival from the margin, and is left out
    (its likeness is not computed: on ``bench.synthetic`` a third of the places have none left).
    """
    k, commons = pending.text.k, pending.commons
    out = []
    for (_, i, swaps), dict_gains in zip(pending.swapping, every_gain):
        bar = MIN_GAIN["substitution"] + (COMMON_EXTRA if k[i] in commons else 0)
        near = [g + LIKENESS_NATS * (1.0 - LIKENESS_REF) + CORPUS_WEIGHT * CORPUS_REACH >= bar - MARGIN
                for g in dict_gains]
        if not all(near):
            swaps = [c for c, n in zip(swaps, near) if n]
            dict_gains = [g for g, n in zip(dict_gains, near) if n]
        out.append((swaps, dict_gains))
    return out


def _likenesses(reaches: Sequence[list[tuple[list, list[float]]]]) -> dict[tuple[str, str], float]:
    """The glyph similarity of every (old, new) pair of the candidates of ``reaches`` (:func:`within_reach`
    of one text or several), computed together (:func:`.lookalikes.similarities`)."""
    pairs = list({(c[2], c[3]) for reach in reaches for swaps, _ in reach for c in swaps})
    return dict(zip(pairs, similarities(pairs)))


def _ask(pending: Pending, reach: list[tuple[list, list[float]]],
         likeness: Mapping[tuple[str, str], float]) -> list[tuple[str, list[str], str, list[int]]]:
    """:func:`ask`, given :func:`within_reach` and the likenesses of its pairs."""
    text, commons = pending.text, pending.commons
    k = text.k
    asks: list[tuple[str, list[str], str, list[int]]] = []
    for (waiting, i, _), (swaps, dict_gains) in zip(pending.swapping, reach):
        left, right = context(k, i, i + 1)
        bar = MIN_GAIN["substitution"] + (COMMON_EXTRA if k[i] in commons else 0)
        # substitution_base, term for term
        likes = [likeness[(old, new)] for _, _, old, new, _ in swaps]
        bases = [g + LIKENESS_NATS * (like - LIKENESS_REF) for g, like in zip(dict_gains, likes)]
        if bases and max(bases) + CORPUS_WEIGHT * CORPUS_REACH >= bar - MARGIN:
            # a candidate out of reach even with no support for the own reading scores
            # without its own support (below): that is not asked either
            asked = [base + CORPUS_WEIGHT * CORPUS_REACH >= bar - MARGIN for base in bases]
            waiting.append((len(asks), swaps, bases, asked, i, bar, likes))
            asks.append((left, [k[i]] + [c[3] for c, a in zip(swaps, asked) if a], right, [1] + [0] * sum(asked)))
    pending.asks = asks
    return asks


def finish(pending: Pending, every_gain: list[list[float]], found: list[list[float]] | None = None) -> list:
    """The flags of a text whose first pass is ``pending``, given the dictionary gains of its
    substitutions (as :func:`ask`) and, when counted already, the corpus supports of its
    :func:`ask` (``found[a][r]``: of the r-th reading of the a-th entry)."""
    text, ev, clusters = pending.text, pending.ev, pending.clusters
    k = text.k
    out = []
    asks = ask(pending, every_gain)
    # the own reading's support and every candidate's, counted at once; a candidate the floor rules
    # out scores as substitution_score scores it (without its support)
    if found is None:
        found = ev.supports_many(asks) if asks else []
    for scored, waiting in clusters:
        for entry, swaps, bases, asked, i, bar, likes in waiting:
            own, *found_news = found[entry]
            supports = iter(found_news)
            news = [next(supports) if a else 0.0 for a in asked]
            subs = []
            for (s, e, old, new, edit), base, sup, like in zip(swaps, bases, news, likes):
                reach = base + CORPUS_WEIGHT * (CORPUS_REACH - own) >= bar - MARGIN
                score = base + CORPUS_WEIGHT * ((sup if reach else 0.0) - own)
                faint = LOW_LIKENESS_EXTRA if like < LOW_LIKENESS else 0.0
                subs.append((score, s, e, old, new, edit, i, bar + faint))
            subs.sort(reverse=True)
            if subs and (len(subs) == 1 or subs[0][0] - subs[1][0] >= MARGIN):
                score, s, e, old, new, edit, i, bar = subs[0]
                scored.append((score - bar, score, s, e, old, new, edit, i))
        if not scored:
            continue
        scored.sort(reverse=True)
        over, gain, s, e, old, new, edit, i = scored[0]
        if over < 0:
            continue
        rivals = [c[5] for c in scored[1:4] if c[0] >= 0]
        what = {"substitution": f"{old} looks like {new}", "deletion": f"{old} looks added",
                "insertion": f"{new} looks dropped"}[edit]
        out.append(proposal(text, s, e, new, confidence(gain, MIN_GAIN[edit], PRECISION[edit]),
                            f"suspect broken word ({edit}): {k[i]} belongs to no word here; {what}, and that reading "
                            f"is better by {gain:.1f} nats (dictionary, corpus{' and likeness' if edit == 'substitution' else ''})",
                            alternatives=rivals, gain=gain))
    return out
