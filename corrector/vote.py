"""Vote: weigh witnesses by estimated reliability, add language evidence, and rank each hunk's readings."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
from rapidfuzz.distance import OSA, Levenshtein

from .align import Hunk, PairAlignment
from .chars import is_punct
from .editorial import editorial_shape
from .language import LanguageEvidence
from .unionfind import UnionFind

#: Character classes with their own error rates: letters (Han, Latin, digits) and punctuation.
LETTER, PUNCT = 0, 1
#: Prior error rate of a witness per class, and the weight (in characters) of that prior.
PRIOR_RATE = (0.01, 0.05)
PRIOR_WEIGHT = (300.0, 40.0)
#: Probability that an OCR error produces one particular wrong reading, per class
#: (punctuation errors concentrate on a few confusions such as 。 read as ，).
Q_SPECIFIC = (0.1, 0.3)
#: Per-edit vote weight bounds (nats).
MIN_WEIGHT, MAX_WEIGHT = 2.0, 6.0
#: Weights of the dictionary score and of the corpus n-gram evidence.
LM_WEIGHT = 0.5
CORPUS_WEIGHT = 1.0
#: Characters of context scored around a hunk.
SCORE_CONTEXT = 6
#: A witness's reading counts at most this many edits away from a candidate: one that differs
#: by more (another wording) says nothing about which of two close readings is right.
MAX_EDITS = 1.5


def estimate_error_rates(alignments: list[PairAlignment], n_docs: int) -> np.ndarray:
    """Error rates of every document for letters and for punctuation, from how much aligned pairs disagree.

    Two witnesses with error rates ``e_i`` and ``e_j`` disagree on about ``e_i + e_j`` of their
    characters; a regularised least-squares fit over all aligned pairs (weighted by aligned
    length) separates the rates — with three or more witnesses of a text, each is
    identified; with two, they share the disagreement.  Order-independent, no pivot witness.

    Returns:
        Array of shape ``(2, n_docs)``: row :data:`LETTER` and row :data:`PUNCT`.
    """
    rates = np.zeros((2, n_docs))
    for cls in (LETTER, PUNCT):
        pair_stats: dict[tuple[int, int], list[float]] = {}
        for al in alignments:
            st = pair_stats.setdefault((al.a, al.b), [0.0, 0.0])
            st[0] += al.edits[cls]
            st[1] += al.lengths[cls]
        rates[cls] = _least_squares(pair_stats, n_docs, PRIOR_RATE[cls], PRIOR_WEIGHT[cls])
    return rates


def _least_squares(pair_stats: dict[tuple[int, int], list[float]], n_docs: int, prior_rate: float, prior_weight: float) -> np.ndarray:
    """Regularised least squares for ``e_a + e_b ≈ d_ab``, solved per connected set of documents."""
    rates = np.full(n_docs, prior_rate)
    pairs = [(a, b, edits / length, length) for (a, b), (edits, length) in pair_stats.items() if length > 0]
    sets = UnionFind(n_docs)
    for a, b, _, _ in pairs:
        sets.union(a, b)
    comp_pairs: dict[int, list[tuple[int, int, float, float]]] = {}
    for pair in pairs:
        comp_pairs.setdefault(sets.find(pair[0]), []).append(pair)
    comps = {root: members for root, members in sets.components().items() if root in comp_pairs}
    for root, members in comps.items():
        index = {d: i for i, d in enumerate(members)}
        m = len(members)
        lhs = prior_weight * np.eye(m)
        rhs = np.full(m, prior_weight * prior_rate)
        for a, b, d, w in comp_pairs[root]:
            i, j = index[a], index[b]
            lhs[i, i] += w
            lhs[j, j] += w
            lhs[i, j] += w
            lhs[j, i] += w
            rhs[i] += w * d
            rhs[j] += w * d
        rates[members] = np.linalg.solve(lhs, rhs)
    return np.clip(rates, 0.002, 0.3)


def vote_weights(rates: np.ndarray) -> np.ndarray:
    """Nats of evidence a witness's reading carries per edit, ``log((1 - e) / (e q))``, bounded; same shape as ``rates``."""
    q = np.asarray(Q_SPECIFIC)[:, None]
    return np.clip(np.log((1 - rates) / (rates * q)), MIN_WEIGHT, MAX_WEIGHT)


@dataclass
class Candidate:
    """A reading of a hunk with its evidence."""

    text: str
    support: list[tuple[int, int, int]]
    votes: float = 0.0
    lm: float = 0.0
    corpus: float = 0.0
    channel: float = 0.0
    score: float = 0.0
    probability: float = 0.0
    edits: list[tuple[float, int]] = field(default_factory=list)  # (edits, class) from each observation

    @property
    def language(self) -> float:
        return LM_WEIGHT * self.lm + CORPUS_WEIGHT * self.corpus


@dataclass
class HunkVote:
    """The ranked readings of one hunk in one target document.

    Attributes:
        target: Index of the target document.
        hunk: The hunk.
        own: The target's own reading (key form).
        candidates: Candidates, most probable first after :meth:`rescore`.
        observations: ``(witness index, text)`` for every covering witness, target included.
    """

    target: int
    hunk: Hunk
    own: str
    candidates: list[Candidate] = field(default_factory=list)
    observations: list[tuple[int, str]] = field(default_factory=list)

    @property
    def best(self) -> Candidate:
        return self.candidates[0]

    def candidate(self, text: str) -> Candidate:
        return next(c for c in self.candidates if c.text == text)

    def rescore(self, weights: "np.ndarray | list[list[float]]", confusions: "Confusions | None" = None) -> "HunkVote":
        """This hunk ranked anew for new witness weights (see :func:`vote_weights`); ``self`` is left as it was.

        Args:
            weights: Vote weights of the witnesses, shape ``(2, n_docs)`` (or the same as nested lists,
                ``weights.tolist()``, which callers rescoring many hunks pass to save the conversion).
            confusions: Learned punctuation confusions, which replace the generic chance of a
                particular misreading for single marks.

        Returns:
            A new decision whose candidates (new objects) carry the new votes, channel costs,
            scores and probabilities, most probable first.
        """
        scored = []
        # Python floats by witness (indexing a numpy array one element at a time costs more than the sums)
        if isinstance(weights, np.ndarray):  # only the witnesses of this hunk, not every document
            involved = {w for w, _ in self.observations} | {w for c in self.candidates for w, _, _ in c.support}
            rows: Any = [{w: float(weights[k, w]) for w in involved} for k in range(weights.shape[0])]
        else:
            rows = weights
        letter = rows[LETTER]
        for c in self.candidates:
            votes = sum(letter[w] for w, _, _ in c.support)
            channel = sum(rows[cls][w] * cost for (w, _), (cost, cls) in zip(self.observations, c.edits))
            if confusions is not None:
                channel += sum(confusions.adjust(obs, c.text) for _, obs in self.observations)
            scored.append((c, votes, channel, c.language - channel))
        top = max(score for *_, score in scored)
        z = sum(math.exp(score - top) for *_, score in scored)
        # Built field by field: dataclasses.replace costs a third of the vote's time on a large archive.
        ranked = [
            Candidate(c.text, c.support, votes, c.lm, c.corpus, channel, score, math.exp(score - top) / z, c.edits)
            for c, votes, channel, score in scored
        ]
        own = self.own
        ranked.sort(key=lambda c: (-c.probability, c.text != own, c.text))
        return HunkVote(self.target, self.hunk, own, ranked, self.observations)


def settled(hunk: Hunk, key: str) -> bool:
    """Whether the target's reading has at least two witnesses more than any other (nothing to propose)."""
    own = len(hunk.readings[key[hunk.s:hunk.e]])
    rival = max(len(sup) for text, sup in hunk.readings.items() if text != key[hunk.s:hunk.e])
    return own - rival >= 2


def _edit_cost(obs: str, truth: str, left: str = "", right: str = "") -> tuple[float, int]:
    """Edits (OSA distance) for an OCR error to turn ``truth`` into ``obs``, and their class.

    Edits touching only punctuation are of class :data:`PUNCT` (weighed by the witness's
    punctuation reliability); a character doubled from its neighbour (in the reading or in the
    context ``left``/``right``) is a common OCR error and costs less than an arbitrary
    substitution; the count is capped at :data:`MAX_EDITS`.
    """
    if obs == truth:
        return 0.0, LETTER
    dist = min(MAX_EDITS, OSA.distance(obs, truth))
    diff = set(obs) ^ set(truth)
    if diff and all(is_punct(c) for c in diff):
        return float(dist), PUNCT
    if dist == 1:
        wide = left[-1:] + obs + right[:1]
        off = len(left[-1:])
        extra = None
        if len(obs) == len(truth):
            extra = off + next(i for i in range(len(obs)) if obs[i] != truth[i])
        elif len(obs) == len(truth) + 1:
            extra = off + next((i for i in range(len(truth)) if obs[i] != truth[i]), len(truth))
        if extra is not None and (
            (extra > 0 and wide[extra] == wide[extra - 1]) or (extra + 1 < len(wide) and wide[extra] == wide[extra + 1])
        ):
            return 0.7, LETTER
    return float(dist), LETTER


def _column_majority(readings: dict[str, list[tuple[int, int, int]]], weights: np.ndarray) -> str | None:
    """The per-column weighted majority when every reading has the same length, else ``None``."""
    lengths = {len(r) for r in readings}
    if len(lengths) != 1 or 0 in lengths:
        return None
    n = lengths.pop()
    out = []
    for k in range(n):
        tally: dict[str, float] = {}
        for text, support in readings.items():
            tally[text[k]] = tally.get(text[k], 0.0) + sum(float(weights[LETTER, w]) for w, _, _ in support)
        out.append(max(sorted(tally), key=lambda ch: tally[ch]))
    return "".join(out)


def _slot_majority(own: str, readings: dict[str, list[tuple[int, int, int]]], weights: np.ndarray) -> str | None:
    """The weighted majority slot by slot when the readings differ in length (``None`` under three readings).

    The pivot is the medoid reading (the least weighted edit distance to all the others; the
    target's own on a tie); every reading is aligned to it (rapidfuzz Levenshtein opcodes) and in
    each slot (one of the pivot's characters, or the gap before it) the reading with the most weight
    wins, a tie keeping the pivot's.  Printings that garble a run each in their own way (ustbinydash,
    /usrVbin/dash, /ust/bin/dash) rarely agree on the whole run while most of them agree on each of
    its characters: this is the candidate a per-column vote would form if the readings had one
    length (ROVER's word transition network, on characters).
    """
    if len(readings) < 3:
        return None
    weight = {text: sum(float(weights[LETTER, x]) for x, _, _ in support) for text, support in readings.items()}
    texts = [t for t in readings if weight[t] > 0]
    if len(texts) < 3:
        return None
    pivot = min(texts, key=lambda t: (sum(weight[o] * Levenshtein.distance(t, o) for o in texts), t != own, t))
    n = len(pivot)
    tally: list[dict[str, float]] = [{} for _ in range(2 * n + 1)]
    for text in texts:
        slot = [""] * (2 * n + 1)
        for k in range(n):
            slot[2 * k + 1] = pivot[k]
        if text != pivot:
            for op in Levenshtein.opcodes(pivot, text):
                i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
                if op.tag == "replace":  # rapidfuzz's replace blocks are of equal length
                    for k in range(i2 - i1):
                        slot[2 * (i1 + k) + 1] = text[j1 + k]
                elif op.tag == "delete":
                    for k in range(i1, i2):
                        slot[2 * k + 1] = ""
                elif op.tag == "insert":
                    slot[2 * i1] += text[j1:j2]
        for k, r in enumerate(slot):
            tally[k][r] = tally[k].get(r, 0.0) + weight[text]
    out = []
    for k, votes in enumerate(tally):
        mine = pivot[(k - 1) // 2] if k % 2 else ""
        best = max(votes.values(), default=0.0)
        out.append(mine if votes.get(mine, 0.0) >= best else min(r for r, v in votes.items() if v == best))
    return "".join(out)


def prepare(target: int, key: str, hunk: Hunk, weights: np.ndarray, language: LanguageEvidence | None) -> HunkVote:
    """Collect the candidates of ``hunk`` in ``target`` with their language evidence and edit costs.

    Candidates are every witness's reading, plus the per-column majority when all readings
    have one length, else the slot-by-slot majority (:func:`_slot_majority`).  Call :meth:`HunkVote.rescore` to rank them.

    Args:
        target: Index of the target document.
        key: The target's comparison key.
        hunk: The hunk, with every covering witness's reading.
        weights: Vote weights (see :func:`vote_weights`; used only to form the column majority).
        language: Language evidence, or ``None`` to vote on witnesses alone.
    """
    own = key[hunk.s:hunk.e]
    texts = dict(hunk.readings)
    majority = _column_majority(texts, weights)
    if majority is None:
        majority = _slot_majority(own, hunk.readings, weights)
    if majority is not None and majority not in texts:
        texts[majority] = []
    left = key[max(0, hunk.s - SCORE_CONTEXT):hunk.s]
    right = key[hunk.e:hunk.e + SCORE_CONTEXT]
    observations = [(w, obs) for obs, sup in hunk.readings.items() for w, _, _ in sup]
    cands = [Candidate(t, list(sup)) for t, sup in texts.items()]
    for c in cands:
        c.edits = [_edit_cost(obs, c.text, left, right) for _, obs in observations]
    if language is not None:
        for c, (lm, corpus) in zip(cands, language.score(left, right, [(c.text, len(c.support)) for c in cands])):
            c.lm, c.corpus = lm, corpus
    return HunkVote(target, hunk, own, cands, observations)


def decide(target: int, key: str, hunk: Hunk, weights: np.ndarray, language: LanguageEvidence | None) -> HunkVote:
    """Rank the readings of ``hunk`` in ``target`` by posterior probability.

    Each candidate scores ``language - sum over witnesses of weight * edits(truth -> reading)``;
    a softmax of the scores gives each candidate's probability.
    """
    return prepare(target, key, hunk, weights, language).rescore(weights)


#: What one hunk teaches :class:`Confusions` (see :func:`mark_readings`).
MarkReadings = tuple[frozenset, list[tuple[str, float, list[str], int]]]

#: Readings less probable than this teach no confusion.
MIN_CONFUSION_PROBABILITY = 1e-3


def mark_readings(d: HunkVote) -> MarkReadings | None:
    """What one hunk contributes to the punctuation confusions, or ``None`` unless every reading is a single mark.

    Returns:
        ``(where, [(reading, its probability, the other observations, the printings reading it), ...])``:
        ``where`` (the witnesses and their offsets) identifies a hunk voted in several targets, which
        counts once.
    """
    if not all(_single_mark(c.text) for c in d.candidates):
        return None
    where = frozenset((w, ws) for c in d.candidates for w, ws, _ in c.support)
    readings = [
        (c.text, c.probability, [obs for _, obs in d.observations if obs != c.text],
         sum(1 for _, obs in d.observations if obs == c.text))
        for c in d.candidates if c.probability >= MIN_CONFUSION_PROBABILITY
    ]
    return where, readings


def _single_mark(s: str) -> bool:
    """Whether ``s`` is one punctuation mark or nothing."""
    return not s or (len(s) == 1 and is_punct(s))


class Confusions:
    """Which punctuation misreadings these witnesses make, learned from the voted hunks.

    A generic chance :data:`Q_SPECIFIC` that an error produces one particular wrong mark stands
    in for ``P(read o | printed t)`` until the data say otherwise (Dawid and Skene's confusion
    matrices, per mark instead of per witness, learned by soft counts: each hunk counts once,
    each of its readings by its probability).  OCR reads 。 as ， far more often than ， as 。,
    and ； where ，or ：was printed but hardly ever where 。 was: a majority of common
    misreadings weighs less, and a reading that one mark rarely turns into points to another.
    """

    PRIOR = 5.0  # pseudo-observations of the generic chance
    #: Bounds (nats) of the change to the generic cost of one misreading.
    LOW, HIGH = -1.5, 3.0

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, float]] = {}
        #: The same, counted only where a majority of the printings (two or more) reads the printed mark.
        self.clear: dict[str, dict[str, float]] = {}
        self._totals: dict[str, float] = {}

    @classmethod
    def learn(cls, decisions: list["HunkVote"]) -> "Confusions":
        """Soft counts of ``(printed, read)`` over the hunks whose readings are all single marks.

        Args:
            decisions: Every ranked hunk (a hunk voted in several targets counts once).
        """
        return cls.from_marks(mark_readings(d) for d in decisions)

    @classmethod
    def from_marks(cls, marks: "Iterable[MarkReadings | None]") -> "Confusions":
        """:meth:`learn` from each hunk's :func:`mark_readings`, in the order of the hunks (the reduction
        the driver runs over what the work units return; the same sums in the same order)."""
        conf = cls()
        seen: set[frozenset] = set()
        for m in marks:
            if m is None:
                continue
            where, readings = m
            if where:
                if where in seen:
                    continue
                seen.add(where)
            for text, probability, misread, support in readings:
                row = conf.counts.setdefault(text, {})
                for obs in misread:
                    row[obs] = row.get(obs, 0.0) + probability
                if support >= 2 and support > len(misread):
                    # a majority of the printings reads it: counted apart, free of the ties the vote
                    # itself settled (which the language evidence tips towards the commoner mark)
                    clear = conf.clear.setdefault(text, {})
                    for obs in misread:
                        clear[obs] = clear.get(obs, 0.0) + probability
        return conf

    def misread(self, truth: str, obs: str, clear: bool = False) -> float:
        """Soft count of the hunks where ``truth`` was printed and a printing read ``obs`` (``clear``: only
        the hunks where a majority of the printings, two or more, read ``truth``)."""
        return (self.clear if clear else self.counts).get(truth, {}).get(obs, 0.0)

    def q(self, obs: str, truth: str) -> float:
        """Chance that an error on ``truth`` reads ``obs`` (smoothed towards the generic chance)."""
        row = self.counts.get(truth, {})
        total = self._totals.get(truth)
        if total is None:  # counts are complete once learned: each row's total is summed once
            total = self._totals[truth] = sum(row.values())
        return (row.get(obs, 0.0) + self.PRIOR * Q_SPECIFIC[PUNCT]) / (total + self.PRIOR)

    def adjust(self, obs: str, truth: str) -> float:
        """Nats to add to the channel cost of reading ``obs`` where ``truth`` was printed (0 unless single marks)."""
        if obs == truth or not (_single_mark(obs) and _single_mark(truth)):
            return 0.0
        return min(max(math.log(Q_SPECIFIC[PUNCT] / self.q(obs, truth)), self.LOW), self.HIGH)


def refine_error_rates(decisions: list[HunkVote], covered: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Re-estimate each document's error rates from the voted consensus (one step of the iteration).

    A document's expected OCR errors are the probability that its own reading is wrong, summed
    over its hunks (counting the edits to the best reading; differences an editor made, by
    :func:`corrector.editorial.editorial_shape` — rewordings, added or cut words, numbers — are
    left out), smoothed towards the previous estimate.

    Args:
        decisions: Every ranked hunk.
        covered: Shape ``(2, n_docs)``: letters and punctuation of each document covered by a witness.
        rates: Current estimates, shape ``(2, n_docs)``.
    """
    return rates_from_errors(((d.target, error_share(d)) for d in decisions), covered, rates)


def error_share(d: HunkVote) -> tuple[int, float] | None:
    """One ranked hunk's share of its target's expected OCR errors: ``(class, edits)``, or ``None`` for none.

    The probability that the target's own reading is wrong times the edits to the best other
    reading; differences an editor made are left out (see :func:`refine_error_rates`).
    """
    best = d.best.text if d.best.text != d.own else (d.candidates[1].text if len(d.candidates) > 1 else d.own)
    size = OSA.distance(d.own, best)
    if size == 0 or editorial_shape(d.own, best) is not None:
        return None
    return _edit_cost(d.own, best)[1], (1.0 - d.candidate(d.own).probability) * size


def rates_from_errors(
    shares: Iterable[tuple[int, tuple[int, float] | None]], covered: np.ndarray, rates: np.ndarray
) -> np.ndarray:
    """:func:`refine_error_rates` from ``(target, error_share)`` of every hunk, summed in the order given."""
    errors = np.zeros_like(rates)
    for target, share in shares:
        if share is not None:
            errors[share[0], target] += share[1]
    prior = np.asarray(PRIOR_WEIGHT)[:, None]
    new = (errors + prior * rates) / (covered + prior)
    return np.clip(new, 0.002, 0.3)

