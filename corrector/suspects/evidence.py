"""What the suspicion detectors weigh: one document's text in key form, the dictionary and the corpus n-grams."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..discover import rolling_hashes
from ..ingest import Key, make_key
from ..chars import HAN_RANGES, is_han, is_punct  # is_han re-exported for the detectors
from ..language import MARK_WEIGHT, CorpusCounts, Dictionary
from ..model import Proposal, Reading, Span, WitnessReading
from . import word_tables
from .edit_gain import EditGain, local

if TYPE_CHECKING:
    from .latin_words import LatinWords
    from .lexicon import Lexicon

#: The corpus counts are only consulted where the dictionary alone comes this close (nats) to a
#: detector's threshold: a phrase intact elsewhere in the input adds a few nats, rarely more.
CORPUS_SLACK = 6.0
#: Characters of context on each side of a place when the dictionary and the corpus weigh a reading.
CONTEXT = 4


@dataclass
class Text:
    """One document as the detectors see it: the original text, its key and the key's code points."""

    doc: str
    original: str
    key: Key
    cps: np.ndarray

    #: ``settled[i]``: key character ``i`` lies where no flag may go (see :meth:`of`).
    settled: np.ndarray | None = None

    @classmethod
    def of(cls, doc: str, original: str, settled: Sequence[Span] = (), key: Key | None = None) -> "Text":
        """The text; ``settled``: original ranges where no flag may go (a collation proposal, a
        disputed place): the costly detectors skip the key characters inside them.  ``key``:
        ``make_key(original)`` when the caller has it already."""
        if key is None:
            key = make_key(original)
        cps = np.frombuffer(key.text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        return cls(doc, original, key, cps, settled_mask(key.pos, settled))

    _loose: np.ndarray | None = None

    def loose(self, lexicon: "Lexicon") -> np.ndarray:
        """``out[i]``: key character ``i`` lies inside no dictionary word of the text
        (:meth:`Lexicon.covered`, negated; computed once per text, several detectors ask)."""
        if self._loose is None:
            self._loose = ~lexicon.covered(self.cps)
        return self._loose

    _names: np.ndarray | None = None

    def names(self, lexicon: "Lexicon") -> np.ndarray:
        """``out[i]``: key character ``i`` is part of a name or term the text itself marks
        (:func:`.names.name_mask`; computed once per text, several detectors ask)."""
        if self._names is None:
            from .names import name_mask

            self._names = name_mask(self, lexicon.words)
        return self._names

    @property
    def k(self) -> str:
        return self.key.text

    def contiguous(self, s: int, e: int) -> bool:
        """Whether key characters ``[s, e)`` stand next to each other in the original (no whitespace between)."""
        return e - s <= 1 or int(self.key.pos[e - 1]) - int(self.key.pos[s]) == e - s - 1

    def span(self, s: int, e: int) -> tuple[int, int]:
        """Original offsets of the key range ``[s, e)`` (an empty range: just after key character s - 1)."""
        return self.key.to_original(s, e, len(self.original))


class Evidence:
    """The dictionary and the corpus counts, as gains in nats of one reading over another in context."""

    def __init__(self, dictionary: Dictionary, corpus: CorpusCounts | None, copies: CorpusCounts | None = None,
                 chars: frozenset[str] | None = None, latin: "LatinWords | None" = None) -> None:
        self.dictionary = dictionary
        #: The Latin words of the whole input (:mod:`.latin_words`), or None: this text's own.
        self.latin = latin
        self.corpus = corpus
        #: Every character of the corpus, when known: an n-gram with any other character occurs nowhere,
        #: so its count need not be looked up (most candidates of a substitution are such).
        self.chars = chars
        #: N-grams of the second copies of layout repeats and of the other printings of this text's
        #: passages: a passage printed twice, or reprinted, is one text, so its copy is no evidence
        #: that the first copy's reading occurs elsewhere.
        self.copies = copies
        #: The :class:`.edit_gain.EditGain` of each context ``(left, right)`` asked (its segmentations
        #: either side are the same for every reading there: a dropped character restored before a
        #: place or after it has a few candidates in one context, half the contexts asked repeat).
        self._edit_gains: dict[tuple[str, str], EditGain] = {}

    def dict_gain(self, left: str, old: str, new: str, right: str) -> float:
        """Dictionary score of ``new`` minus that of ``old`` between ``left`` and ``right`` (nats).

        Readings of Han characters only are scored around the place (:class:`.edit_gain.EditGain`, the
        same gain without segmenting the whole context twice); an empty one too where Han characters
        (or the context's ends) stand either side of it (else its neighbours would meet: a Latin run
        or a mark between Han characters scores otherwise).
        """
        if local(left, old, new, right):
            found = self._edit_gains.get((left, right))
            if found is None:
                found = self._edit_gains[(left, right)] = EditGain(self.dictionary, left, right)
            return found.gain(old, new)
        d = self.dictionary
        return d.score(left + new + right) - d.score(left + old + right)

    def corpus_gain(self, left: str, old: str, new: str, right: str) -> float:
        """Corpus n-gram evidence for ``new`` minus that for ``old`` (this place's own reading left out)."""
        return self.support(left, new, right, 0) - self.support(left, old, right, 1)

    def support(self, left: str, reading: str, right: str, own: int) -> float:
        """Corpus n-gram evidence for ``reading`` in context (``own``: occurrences this place supplies).

        :meth:`corpus_gain` is ``support(new, 0) - support(old, 1)``.
        """
        if self.corpus is None or (self.chars is not None and not set(reading) <= self.chars):
            return 0.0
        total = 0.0
        for g in self.corpus.grams(left, reading, right):
            weight = 1.0 if len(g) == 3 else MARK_WEIGHT
            total += weight * math.log1p(2 * max(0, self.count(g) - own))
        return total

    def supports(self, left: str, readings: Sequence[str], right: str, owns: Sequence[int]) -> list[float]:
        """:meth:`support` of several readings at one place (``owns[j]`` for ``readings[j]``), their
        n-grams counted in one look-up of the corpus's sorted table (and of the copies' where the
        corpus has them) instead of one per n-gram."""
        return self.supports_many([(left, readings, right, owns)])[0]

    def supports_many(self, places: Sequence[tuple[str, Sequence[str], str, Sequence[int]]]) -> list[list[float]]:
        """:meth:`supports` of many places ``(left, readings, right, owns)`` at once: every n-gram of
        every place hashed and counted in one pass over the corpus's sorted tables (a document's
        places together: the per-place NumPy calls were most of a substitution's corpus look-up)."""
        return supports_of([self], [places])[0]

    def gain(self, left: str, old: str, new: str, right: str, min_gain: float) -> float:
        """Dictionary plus corpus gain of ``new`` over ``old``; the corpus is only asked when the
        dictionary's gain is within :data:`CORPUS_SLACK` of ``min_gain`` (it is the slow part)."""
        return self.with_corpus(self.dict_gain(left, old, new, right), left, old, new, right, min_gain)

    def with_corpus(self, g: float, left: str, old: str, new: str, right: str, min_gain: float) -> float:
        """:meth:`gain`, given the dictionary's gain ``g`` (:meth:`dict_gain`)."""
        if g < min_gain - CORPUS_SLACK:
            return g
        return g + self.corpus_gain(left, old, new, right)

    def bigram_counts(self, text: Text, starts: np.ndarray | None = None) -> np.ndarray:
        """``out[i]``: :meth:`count` of the bigram ``text.k[i:i+2]``, for every ``i`` at once (NumPy);
        with ``starts``, ``out[j]`` for the bigram at ``starts[j]`` only (a few places of a long text:
        each look-up in a table of millions of n-grams is a cache miss)."""
        m = max(0, len(text.cps) - 1)
        if starts is not None:
            starts = np.asarray(starts, dtype=np.int64)
        want = m if starts is None else len(starts)
        if self.corpus is None or m == 0 or want == 0:
            return np.zeros(want, dtype=np.int64)
        cps = text.cps if starts is None else np.stack([text.cps[starts], text.cps[starts + 1]], axis=1).reshape(-1)
        step = 1 if starts is None else 2  # the pairs laid end to end: every other window is one
        out = gram_counts(self.corpus, cps, 2)
        where = range(m) if starts is None else starts.tolist()
        if out is None:  # another counter: ask gram by gram
            return np.array([self.count(text.k[i:i + 2]) for i in where], dtype=np.int64)
        out = out[::step]
        if self.copies is not None:
            cut = gram_counts(self.copies, cps, 2)
            out -= cut[::step] if cut is not None else np.array([self.copies.count(text.k[i:i + 2]) for i in where],
                                                                dtype=np.int64)
        return out

    def count(self, gram: str) -> int:
        """Occurrences of ``gram`` in the corpus (this place included), layout copies left out."""
        if self.corpus is None:
            return 0
        n = self.corpus.count(gram)
        # the copies are passages of the corpus: where it has none, so have they (most candidates' grams)
        return n - self.copies.count(gram) if n and self.copies is not None else n


def supports_of(evidences: Sequence[Evidence],
                places: Sequence[Sequence[tuple[str, Sequence[str], str, Sequence[int]]]]) -> list[list[list[float]]]:
    """:meth:`Evidence.supports_many` of several texts at once (``out[t]`` for ``evidences[t]`` and
    ``places[t]``): where they share one corpus (the texts of one run), every text's n-grams are
    counted in one pass over its sorted tables (a batch of texts together: per text, the NumPy
    calls of the look-ups cost about what the look-ups did), then each text's copies taken off."""
    corpus = evidences[0].corpus if evidences else None
    if any(ev.corpus is not corpus for ev in evidences):  # (no run does this: each text on its own)
        return [supports_of([ev], [ps])[0] for ev, ps in zip(evidences, places)]
    tables = getattr(corpus, "_tables", None)
    if corpus is None or not tables or 2 not in tables or 3 not in tables:
        return [[[ev.support(left, r, right, o) for r, o in zip(readings, owns)] for left, readings, right, owns in ps]
                for ev, ps in zip(evidences, places)]
    grams: list[str] = []
    where: list[tuple[int, int, int]] = []  # (text, place, reading) of each gram
    bounds = [0]
    for t, (ev, ps) in enumerate(zip(evidences, places)):
        _place_grams(ev, ps, t, grams, where)
        bounds.append(len(grams))
    counts = _table_counts(tables, grams)
    for t, ev in enumerate(evidences):
        if ev.copies is not None:
            at = [i for i in range(bounds[t], bounds[t + 1]) if counts[i]]
            if at:
                cut = [grams[i] for i in at]
                less = (_table_counts(ev.copies._tables, cut) if getattr(ev.copies, "_tables", None)
                        else [ev.copies.count(g) for g in cut])
                for i, c in zip(at, less):
                    counts[i] -= c
    totals = [[[0.0] * len(readings) for _, readings, _, _ in ps] for ps in places]
    log1p = math.log1p
    for (t, p, j), g, c in zip(where, grams, counts):
        if c <= 0:
            continue  # (a gram found nowhere else adds 0.0: most of the candidates')
        weight = 1.0 if len(g) == 3 else MARK_WEIGHT
        totals[t][p][j] += weight * log1p(2 * max(0, c - places[t][p][3][j]))
    return totals


def bigram_counts_of(evidences: Sequence[Evidence], texts: Sequence[Text], starts: Sequence[np.ndarray]) -> list[np.ndarray]:
    """:meth:`Evidence.bigram_counts` of several texts at once (``out[t]``: of ``texts[t]`` at
    ``starts[t]`` under ``evidences[t]``): where they share one corpus, every text's bigrams looked
    up in one pass over its table, then each text's copies taken off (a batch of texts together:
    per text, the NumPy calls cost about what the look-ups did)."""
    corpus = evidences[0].corpus if evidences else None
    if corpus is None or getattr(corpus, "_tables", {}).get(2) is None or any(ev.corpus is not corpus for ev in evidences):
        return [ev.bigram_counts(t, s) for ev, t, s in zip(evidences, texts, starts)]
    at = [np.asarray(s, dtype=np.int64) for s in starts]
    # each text's pairs laid end to end, the texts one after another: every other window is a pair
    pairs = [np.stack([t.cps[s], t.cps[s + 1]], axis=1).reshape(-1) for t, s in zip(texts, at)]
    joined = gram_counts(corpus, np.concatenate(pairs) if pairs else np.zeros(0, dtype=np.int64), 2)
    assert joined is not None
    counts = joined[::2]
    out = []
    bounds = np.cumsum([0] + [len(s) for s in at]).tolist()
    for t, (ev, text, s, cps) in enumerate(zip(evidences, texts, at, pairs)):
        mine = counts[bounds[t]:bounds[t + 1]].copy()
        if ev.copies is not None and len(s):
            cut = gram_counts(ev.copies, cps, 2)
            mine -= cut[::2] if cut is not None else np.array([ev.copies.count(text.k[i:i + 2]) for i in s.tolist()],
                                                              dtype=np.int64)
        out.append(mine)
    return out


def _place_grams(ev: Evidence, places: Sequence[tuple[str, Sequence[str], str, Sequence[int]]], t: int,
                 grams: list[str], where: list[tuple[int, int, int]]) -> None:
    """Appends to ``grams`` the n-grams :meth:`Evidence.support` counts for every reading of every
    place of text ``t`` (a reading with a character the corpus lacks: none), and to ``where`` the
    ``(t, place, reading)`` of each."""
    chars = ev.chars
    corpus = ev.corpus
    assert corpus is not None
    for p, (left, readings, right, _) in enumerate(places):
        if all(len(r) == 1 and is_han(r) for r in readings):
            shapes = _han_gram_shapes(left, right)
            for j, r in enumerate(readings):
                if chars is None or r in chars:  # (one character: set(r) <= chars)
                    grams += [a + r + b for a, b in shapes]
                    where += [(t, p, j)] * len(shapes)
            continue
        for j, r in enumerate(readings):
            if chars is None or set(r) <= chars:
                found = corpus.grams(left, r, right)
                grams += found
                where += [(t, p, j)] * len(found)


class JoinedCounts(CorpusCounts):
    """:class:`corrector.language.CorpusCounts` of a few short texts (a document's layout copies and
    reprinted passages), the same tables made from the texts joined: every window hashed in one pass
    and those that cross from one text into the next left out, instead of one pass per text (a
    document has about ten such passages: per text, the NumPy calls were most of the cost)."""

    def __init__(self, keys: list[str]) -> None:
        cps = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        # inside[o] counts the texts begun up to offset o: a window [o, o + n) lies in one text
        # when no text begins in (o, o + n)
        begun = np.zeros(len(cps) + 1, dtype=np.int64)
        np.add.at(begun, np.cumsum(lengths)[:-1], 1)
        begun = np.cumsum(begun)
        self._tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in (2, 3):
            h = rolling_hashes(cps, n)
            h = h[begun[n - 1:n - 1 + len(h)] == begun[:len(h)]]
            grams, counts = np.unique(h, return_counts=True)
            self._tables[n] = (grams, counts.astype(np.uint32))
        self._cache: dict[str, int] = {}


def han_mask(cps: np.ndarray) -> np.ndarray:
    """``out[i]``: code point ``cps[i]`` is a Han character (:func:`corrector.chars.is_han`, vectorised
    over :data:`corrector.chars.HAN_RANGES`)."""
    out = np.zeros(len(cps), dtype=bool)
    for lo, hi in HAN_RANGES:
        out |= (cps >= lo) & (cps <= hi)
    return out


def settled_mask(pos: np.ndarray, settled: Sequence[Span]) -> np.ndarray:
    """``out[i]``: the key character at original offset ``pos[i]`` lies inside one of the ``settled``
    ranges (all ranges looked up at once: a document may carry thousands)."""
    mask = np.zeros(len(pos), dtype=bool)
    if not len(settled) or not len(pos):
        return mask
    lo = np.searchsorted(pos, np.fromiter((r.start for r in settled), dtype=np.int64, count=len(settled)))
    hi = np.searchsorted(pos, np.fromiter((r.end for r in settled), dtype=np.int64, count=len(settled)))
    depth = np.zeros(len(pos) + 1, dtype=np.int64)
    np.add.at(depth, lo, 1)
    np.add.at(depth, hi, -1)
    return np.cumsum(depth[:-1]) > 0


def _han_gram_shapes(left: str, right: str) -> list[tuple[str, str]]:
    """The n-grams :meth:`CorpusCounts.grams` takes around one Han character between ``left`` and
    ``right``, as (before, after) pieces: which they are depends on the context only (a trigram of
    letters, a bigram with a mark; the Han character is neither a mark nor a separator).  In the
    order ``grams`` gives them, so that sums come out the same.

    Only the two characters either side matter, and of them only whether each is a letter and
    whether it is a mark: the pieces' lengths are kept per such pattern (:func:`_shape_lengths`).
    """
    before, after = left[-2:], right[:2]
    lengths = _shape_lengths(tuple(map(_char_class, before)), tuple(map(_char_class, after)))
    return [(before[len(before) - a:] if a else "", after[:b]) for a, b in lengths]


@lru_cache(maxsize=1 << 14)
def _char_class(c: str) -> tuple[bool, bool]:
    """What :func:`_shape_lengths` asks of a character: a letter of a trigram, a mark of a bigram."""
    return is_han(c) or c.isalnum(), is_punct(c)


@lru_cache(maxsize=None)
def _shape_lengths(before: tuple[tuple[bool, bool], ...], after: tuple[tuple[bool, bool], ...]) -> tuple[tuple[int, int], ...]:
    """The (before, after) piece lengths of :func:`_han_gram_shapes` for the classes
    (:func:`_char_class`) of the two characters either side (the Han character itself, a letter and
    no mark, is not asked)."""
    out = []
    for n, test in ((3, lambda piece: all(letter for letter, _ in piece)), (2, lambda piece: any(mark for _, mark in piece))):
        pre, post = before[len(before) - (n - 1):], after[:n - 1]
        lo = len(pre)
        size = lo + 1 + len(post)
        for k in range(max(0, lo - n + 1), min(lo, size - n) + 1):
            a, b = pre[k:], post[:k + n - lo - 1]
            if test(a + b):
                out.append((len(a), len(b)))
    return tuple(out)


def _table_counts(tables: dict, grams: list[str]) -> list[int]:
    """Counts of ``grams`` (two or three characters) in a counter's sorted hash tables, as
    :meth:`CorpusCounts.count` finds them one at a time (hashed together: :func:`_gram_hashes`)."""
    out = [0] * len(grams)
    for n in (2, 3):
        at = [i for i, g in enumerate(grams) if len(g) == n]
        if not at:
            continue
        hashes, counts = tables[n]
        if not len(hashes):
            continue
        found = _lookup(hashes, counts, _gram_hashes([grams[i] for i in at], n))
        for a, c in zip(at, found.tolist()):
            out[a] = c
    return out


def _gram_hashes(grams: list[str], n: int) -> np.ndarray:
    """:func:`corrector.discover.gram_hash` of many ``n``-character grams at once (the rolling hashes
    of their concatenation, every ``n``-th window)."""
    cps = np.frombuffer("".join(grams).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return rolling_hashes(cps, n)[::n]  # the windows that start a gram


def gram_counts(corpus: CorpusCounts, cps: np.ndarray, n: int) -> np.ndarray | None:
    """``out[i]``: the corpus's count of the ``n``-gram ``cps[i:i+n]``, for every ``i`` at once; None
    where the counter keeps no sorted hash table of ``n``-grams (then ask :meth:`CorpusCounts.count`).

    Reads the counter's table (sorted distinct hashes and their counts, as
    :meth:`CorpusCounts.count` looks them up one at a time): one ``searchsorted`` for the whole text
    instead of hundreds of thousands of Python calls, the detectors' largest cost at scale.
    """
    table = getattr(corpus, "_tables", {}).get(n)
    if table is None or len(cps) < n:
        return None if table is None else np.zeros(0, dtype=np.int64)
    grams, counts = table
    h = rolling_hashes(cps.astype(np.uint64), n)
    if len(grams) == 0:
        return np.zeros(len(h), dtype=np.int64)
    return _lookup(grams, counts, h)


def _lookup(hashes: np.ndarray, counts: np.ndarray, h: np.ndarray) -> np.ndarray:
    """``out[j]``: the count of hash ``h[j]`` in a counter's table (sorted distinct ``hashes`` and
    their ``counts``; 0 where absent).  The hashes asked are looked up in sorted order: in a table of
    millions each look-up in random order is a run of cache misses, in order they share them (about
    half the time on a 1,000-page archive's tables)."""
    if not len(h):
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(h)
    i = np.empty(len(h), dtype=np.intp)
    i[order] = np.minimum(np.searchsorted(hashes, h[order]), len(hashes) - 1)
    return np.where(hashes[i] == h, counts[i].astype(np.int64), 0)


def context(k: str, s: int, e: int, n: int = CONTEXT) -> tuple[str, str]:
    return k[max(0, s - n):s], k[e:e + n]


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def proposal(text: Text, s: int, e: int, new: str, confidence: float, reason: str, alternatives=(),
             gain: float = 0.0) -> Proposal:
    """A ``suspect`` proposal replacing key range ``[s, e)`` of ``text`` by ``new`` (see :func:`flag`)."""
    return flag(text, *text.span(s, e), new, confidence, reason, alternatives, gain)


def flag(text: Text, start: int, end: int, new: str, confidence: float, reason: str, alternatives=(),
         gain: float = 0.0) -> Proposal:
    """A ``suspect`` proposal replacing ``text.original[start:end]`` by ``new``.

    Its readings: ``new``, then any ``alternatives`` (other candidates), then the text's own reading.
    ``gain``: the language evidence (nats) for ``new`` over the text's reading, shown as the new
    reading's language score (the text's own reading scores 0).
    """
    old = text.original[start:end]
    readings = [Reading(new, [], language=round(gain, 3), probability=round(confidence, 6))]
    readings += [Reading(a, []) for a in alternatives if a != new]
    readings.append(Reading(old, [WitnessReading(text.doc, start, end, old)], probability=round(1 - confidence, 6)))
    return Proposal(doc=text.doc, start=start, end=end, old=old, new=new, confidence=round(confidence, 4),
                    kind="suspect", reason=reason, readings=readings)


@lru_cache(maxsize=1)
def single_char_words() -> frozenset[str]:
    """Han characters common enough as words of their own (的, 在, 和) that standing alone says nothing."""
    dictionary = Dictionary.load()
    found: frozenset[str] = word_tables.cached(dictionary, f"single-{COMMON_SINGLE}", lambda: frozenset(
        w for w, f in dictionary.frequencies().items() if len(w) == 1 and f >= COMMON_SINGLE))
    return found


#: Dictionary frequency from which a single character is a common word of its own: the 3,522 most
#: frequent of the 11,580 single-character entries of jieba's dictionary (的 at 318,825 down to 300).
#: With 2,000 (1,324 characters) the broken-word flags on the tuning text were 92 % right covering
#: 15.2 % of its errors; with 300, 97 % right covering 13.5 %, in two thirds of the time.
COMMON_SINGLE = 300


#: Nats of evidence over a detector's threshold that multiply the odds of a flag being right by e.
GAIN_SCALE = 3.0


def confidence(gain: float, min_gain: float, precision: float) -> float:
    """Confidence of a flag: the detector's measured precision at its threshold, rising with the evidence over it."""
    return logistic(math.log(precision / (1.0 - precision)) + (gain - min_gain) / GAIN_SCALE)
