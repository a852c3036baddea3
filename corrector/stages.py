"""Stages: each of the engine's named stages as a function of its inputs, over the whole corpus.

    discover → align pairs → group passages → coverage → vote each target → refine → propose

The driver (:mod:`corrector.pipeline`) runs them per work unit (:mod:`corrector.unit_tasks`); run
over the whole corpus they give the same result (``tests/test_units.py``), which is how the tests
and the benchmarks read each stage on its own.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np

from .align import PairAlignment, View, align_chain, hunks_for_target, letter_prefix, thin
from .chars import is_punct
from .discover import Chain, MapTasks, find_chains, make_groups
from .ingest import Key
from .decision import Model
from .editions import propose_checked
from .language import LanguageEvidence
from .model import Document, Group, Options, Proposal
from . import holds as _holds
from .proposal import habits, make_proposal
from .typography import Printing, Style
from .vote import (
    Confusions, HunkVote, prepare, refine_error_rates, settled, vote_weights,
)


#: Rounds of re-estimating witness reliability (and learning the punctuation confusions) from the
#: voted consensus: the first round moves the rates most, the second settles them.
REFINE_ROUNDS = 2
#: Report alignment progress every this many passage pairs.
_ALIGN_TICK = 50

#: ``progress(stage, done, total)``, called while working.
Progress = Callable[[str, int, int], None]


def _silent(stage: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


#: Documents named in the warning about documents without another printing (the rest are counted).
_NAMED = 5


def alone_warnings(documents: Sequence[Document], has_views: Sequence[bool]) -> list[str]:
    """One warning naming the documents that share no passage with another (nothing is voted on them)."""
    alone = [d.id for d, mine in zip(documents, has_views) if not mine]
    if not alone or len(documents) < 2:
        return []
    named = ", ".join(alone[:_NAMED]) + (f" and {len(alone) - _NAMED} more" if len(alone) > _NAMED else "")
    return [f"{len(alone)} of {len(documents)} documents share no passage with another, so nothing is proposed for them: {named}"]


# --- the stages -------------------------------------------------------------------------------


def discover(
    texts: list[str], options: Options, tick: Progress = _silent, map_tasks: MapTasks | None = None, workers: int = 1
) -> list[Chain]:
    """Stage 1: passage pairs that look like versions of one text (see :func:`corrector.discover.find_chains`).

    ``map_tasks`` (an executor's ``map``) runs its partitions, at least one for each of ``workers``.
    """
    tick("discover", 0, 1)
    if map_tasks is None:
        chains = find_chains(texts, options, keep=thin)
    else:
        chains = find_chains(texts, options, keep=thin, map_tasks=map_tasks, workers=workers)
    tick("discover", 1, 1)
    return chains


def align_pairs(texts: list[str], chains: list[Chain], options: Options, tick: Progress = _silent) -> list[PairAlignment]:
    """Stage 2: the character alignment of every passage pair long enough to vote on."""
    alignments = []
    prefixes: dict[int, np.ndarray] = {}
    for i, ch in enumerate(chains):
        if ch.a not in prefixes:
            prefixes[ch.a] = letter_prefix(texts[ch.a])
        al = align_chain(texts[ch.a], texts[ch.b], ch, letters_a=prefixes[ch.a])
        if al is not None and al.length >= options.min_passage:
            alignments.append(al)
        if i % _ALIGN_TICK == 0:
            tick("align", i, len(chains))
    tick("align", len(chains), len(chains))
    return alignments


def group_passages(documents: Sequence[Document], keys: Sequence[Key], alignments: list[PairAlignment]) -> list[Group]:
    """The groups of passages (original offsets) the alignments join."""
    spans: list[tuple[int, int, int]] = []
    links: list[tuple[int, int]] = []
    for al in alignments:
        sa = keys[al.a].to_original(al.a0, al.a1, len(documents[al.a].text))
        sb = keys[al.b].to_original(al.b0, al.b1, len(documents[al.b].text))
        spans.append((al.a, *sa))
        spans.append((al.b, *sb))
        links.append((len(spans) - 2, len(spans) - 1))
    return make_groups(spans, [d.id for d in documents], links)


def coverage(texts: list[str], views: list[list[View]]) -> np.ndarray:
    """Letters and punctuation marks of each document that some witness covers, shape ``(2, n_docs)``."""
    covered = np.zeros((2, len(texts)))
    for t, mine in enumerate(views):
        if mine:
            covered[:, t] = _covered_by_class(texts[t], [(v.t0, v.t1) for v in mine])
    return covered


def _covered_by_class(key: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """Letters and punctuation marks of ``key`` inside the union of ``spans``."""
    letters = punct = 0
    end = -1
    for s, e in sorted(spans):
        if e > end:
            part = key[max(s, end):e]
            p = sum(1 for c in part if is_punct(c))
            letters += len(part) - p
            punct += p
            end = e
    return letters, punct


def vote_target(
    t: int, texts: Sequence[str] | Mapping[int, str], views: list[View], weights: np.ndarray, language: LanguageEvidence | None
) -> list[HunkVote]:
    """Stage 3, for one target: the ranked readings of every hunk where its witnesses disagree with it.

    Hunks whose own reading is settled by the witnesses alone (:func:`corrector.vote.settled`) are left out.
    """
    if not views:
        return []
    return [
        prepare(t, texts[t], hunk, weights, language).rescore(weights)
        for hunk in hunks_for_target(t, texts[t], views, texts)
        if not settled(hunk, texts[t])
    ]


def vote_targets(
    texts: list[str], views: list[list[View]], weights: np.ndarray, language: LanguageEvidence | None, tick: Progress = _silent
) -> list[HunkVote]:
    """Stage 3: :func:`vote_target` for every document in turn."""
    votes: list[HunkVote] = []
    for t in range(len(texts)):
        tick("vote", t, len(texts))
        votes.extend(vote_target(t, texts, views[t], weights, language))
    tick("vote", len(texts), len(texts))
    return votes


def refine(
    votes: list[HunkVote], covered: np.ndarray, rates: np.ndarray, rounds: int | None = None
) -> tuple[list[HunkVote], np.ndarray, Confusions | None]:
    """Stage 4: re-estimate the witness error rates and learn the punctuation confusions from the vote, and re-rank.

    Args:
        votes: Every ranked hunk.
        covered: What each document has covered by witnesses (:func:`coverage`).
        rates: The rates the votes were ranked with.
        rounds: Rounds of re-estimation (default :data:`REFINE_ROUNDS`).

    Returns:
        The re-ranked votes (new objects), the new rates and the confusions (``None`` after no round).
    """
    confusions = None
    for _ in range(REFINE_ROUNDS if rounds is None else rounds):
        rates = refine_error_rates(votes, covered, rates)
        weights = vote_weights(rates)
        confusions = Confusions.learn(votes)
        rows = weights.tolist()
        votes = [d.rescore(rows, confusions) for d in votes]
    return votes, rates, confusions


def passages_by_doc(groups: list[Group]) -> dict[str, list[tuple[int, int, int]]]:
    """Each document's passages in groups as ``(start, end, group id)``."""
    out: dict[str, list[tuple[int, int, int]]] = {}
    for g in groups:
        for p in g.passages:
            out.setdefault(p.doc, []).append((p.start, p.end, g.id))
    return out


def propose_all(
    votes: list[HunkVote],
    documents: Sequence[Document],
    keys: Sequence[Key],
    groups: list[Group],
    language: LanguageEvidence | None,
    model: Model | None = None,
    one_edition: bool = False,
    confusions: Confusions | None = None,
) -> list[Proposal]:
    """Stage 5: every proposal, sorted by document and offset (``model``: the learned decision, or ``None`` for the
    rules; ``one_edition``: ``Options.one_edition``, checked against the clusters by :mod:`corrector.editions`;
    ``confusions``: what :func:`refine` learned, for :func:`~corrector.holds.corpus_adds_dots`)."""
    docs = [Printing(d, k) for d, k in zip(documents, keys)]
    by_target: dict[int, list[HunkVote]] = {}
    for vote in votes:
        by_target.setdefault(vote.target, []).append(vote)
    passages = passages_by_doc(groups)
    recurring = habits(votes)
    styles = {t: Style.of(documents[t], keys[t]) for t in by_target}
    dots_added = _holds.corpus_adds_dots(confusions)

    def make(v: HunkVote, one: bool) -> Proposal | None:
        return make_proposal(v, docs, styles[v.target], language, passages.get(documents[v.target].id, []),
                             recurring, model, one, dots_added)

    ordered = [v for mine in by_target.values() for v in mine]
    # one edition as the user states, where the clusters bear it out (corrector.editions)
    made = propose_checked(ordered, make) if one_edition else [make(v, False) for v in ordered]
    proposals = [p for p in made if p is not None]
    proposals.sort(key=lambda p: (p.doc, p.start, p.end))
    return proposals
