"""Pipeline: the driver, running the engine's named stages over plain values.

    discover → align pairs → estimate witness rates → vote each target → refine (rates, confusions) → propose

Each stage is a function of its inputs and returns new values: corpus statistics (the language
evidence with its n-gram counts, the witness error rates, the learned confusions) are computed
once and handed to the stages that use them; nothing is filled in later or changed in place.  With
``Options.workers > 1`` or ``Options.scheduler`` the driver runs the alignment per first document,
:func:`vote_target` per target and :func:`propose_target` per target on an executor
(:mod:`corrector.executors`: local processes or Dask), each task carrying only the texts it needs;
the result is the same as in process.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Mapping, Sequence, cast

import numpy as np

from .align import PairAlignment, View, align_chain, hunks_for_target, letter_prefix, views_by_target
from .chars import is_punct
from .discover import Chain, find_chains, make_groups
from .executors import Executor, make_executor
from .ingest import Key, make_key
from .decision import Model, model_for
from .language import Dictionary, LanguageEvidence
from .model import Document, Group, Options, Proposal, Result
from .proposal import habits, make_proposal
from .suspects import add_suspects
from .typography import Printing, Style
from .vote import LETTER, Confusions, HunkVote, estimate_error_rates, prepare, refine_error_rates, settled, vote_weights

#: ``progress(stage, done, total)``, called while working.
Progress = Callable[[str, int, int], None]

#: Rounds of re-estimating witness reliability (and learning the punctuation confusions) from the
#: voted consensus: the first round moves the rates most, the second settles them.
REFINE_ROUNDS = 2
#: Report alignment progress every this many passage pairs.
_ALIGN_TICK = 50


def _silent(stage: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


def propose(
    documents: list[Document],
    *,
    options: Options | None = None,
    progress: Progress | None = None,
    **overrides: Any,
) -> Result:
    """Find reprinted passages among ``documents``, align and vote them, and propose corrections.

    Args:
        documents: Documents from :func:`corrector.load`.
        options: Tuning knobs; keyword ``overrides`` (e.g. ``ngram=6``) replace single fields.
        progress: Called as ``progress(stage, done, total)`` while working.

    Returns:
        The groups of versions found and every proposal, sorted by document and offset.
    """
    opts = Options.make(options, **overrides)
    with make_executor(opts.workers, opts.scheduler) as executor:
        return _run(documents, opts, progress or _silent, executor)


def _run(documents: list[Document], opts: Options, tick: Progress, executor: Executor) -> Result:
    """The stages in order; the per-pair and per-target ones on ``executor`` when it is not in process."""
    local = type(executor) is Executor
    keys = [make_key(d.text) for d in documents]
    texts = [k.text for k in keys]
    chains = discover(texts, opts, tick)
    alignments = align_pairs(texts, chains, opts, tick) if local else align_pairs_on(executor, texts, chains, opts, tick)
    tick("statistics", 0, 1)
    groups = group_passages(documents, keys, alignments)
    rates = estimate_error_rates(alignments, len(documents))
    views = views_by_target(alignments, len(documents))
    language = LanguageEvidence(texts, Dictionary.load()) if alignments and opts.use_language else None
    covered = coverage(texts, views)
    weights = vote_weights(rates)
    if local:
        votes = vote_targets(texts, views, weights, language, tick)
    else:
        votes = vote_targets_on(executor, texts, views, weights, language, tick)
    tick("refine", 0, 1)
    votes, rates, _ = refine(votes, covered, rates)
    tick("propose", 0, 1)
    model = model_for(opts.decision)
    proposals = (propose_all(votes, documents, keys, groups, language, model) if local
                 else propose_all_on(executor, votes, documents, keys, groups, language, model))
    tick("propose", 1, 1)
    if opts.suspects and opts.use_language:  # single-witness suspicion flags where no printing disagrees
        proposals = add_suspects(proposals, documents, keys, [(v.target, v.hunk.s, v.hunk.e) for v in votes], language)
    return Result(
        documents=documents,
        groups=groups,
        proposals=proposals,
        warnings=alone_warnings(documents, views),
        witness_error_rates={d.id: round(float(rates[LETTER, t]), 5) for t, d in enumerate(documents) if views[t]},
    )


#: Documents named in the warning about documents without another printing (the rest are counted).
_NAMED = 5


def alone_warnings(documents: Sequence[Document], views: list[list[View]]) -> list[str]:
    """One warning naming the documents that share no passage with another (nothing is voted on them)."""
    alone = [d.id for d, mine in zip(documents, views) if not mine]
    if not alone or len(documents) < 2:
        return []
    named = ", ".join(alone[:_NAMED]) + (f" and {len(alone) - _NAMED} more" if len(alone) > _NAMED else "")
    return [f"{len(alone)} of {len(documents)} documents share no passage with another, so nothing is proposed for them: {named}"]


# --- the stages -------------------------------------------------------------------------------


def discover(texts: list[str], options: Options, tick: Progress = _silent) -> list[Chain]:
    """Stage 1: passage pairs that look like versions of one text (see :func:`corrector.discover.find_chains`)."""
    tick("discover", 0, 1)
    chains = find_chains(texts, options)
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
        if al is not None and min(al.a1 - al.a0, al.b1 - al.b0) >= options.min_passage:
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


def propose_target(
    votes: list[HunkVote],
    docs: Sequence[Printing],
    style: Style,
    language: LanguageEvidence | None,
    passages: Sequence[tuple[int, int, int]],
    recurring: Counter | None = None,
    model: Model | None = None,
) -> list[Proposal]:
    """Stage 5, for one target: the proposals its voted hunks make (in the order of ``votes``).

    ``recurring`` is the corpus-wide :func:`corrector.proposal.habits` (the decision model weighs an
    engine's recurring misreading); ``model`` the learned decision (``None``: the hand-written rules).
    """
    out = []
    for vote in votes:
        p = make_proposal(vote, docs, style, language, passages, recurring, model)
        if p is not None:
            out.append(p)
    return out


def propose_all(
    votes: list[HunkVote],
    documents: Sequence[Document],
    keys: Sequence[Key],
    groups: list[Group],
    language: LanguageEvidence | None,
    model: Model | None = None,
) -> list[Proposal]:
    """Stage 5: every proposal, sorted by document and offset (``model``: the learned decision, or ``None`` for the rules)."""
    docs = [Printing(d, k) for d, k in zip(documents, keys)]
    by_target: dict[int, list[HunkVote]] = {}
    for vote in votes:
        by_target.setdefault(vote.target, []).append(vote)
    passages = passages_by_doc(groups)
    recurring = habits(votes)
    proposals: list[Proposal] = []
    for t, mine in by_target.items():
        style = Style.of(documents[t], keys[t])
        proposals.extend(propose_target(mine, docs, style, language, passages.get(documents[t].id, []), recurring, model))
    proposals.sort(key=lambda p: (p.doc, p.start, p.end))
    return proposals


# --- the same stages as tasks on an executor (each task carries only the texts it needs) ---------
#
# Each ``*_on`` function returns exactly what its in-process stage returns, in the same order: the
# tasks are pure functions and the executor gives their results back in task order.


def _align_task(min_passage: int, text_a: str, pairs: list[tuple[int, str, Chain]]) -> list[tuple[int, PairAlignment | None]]:
    """Align one document with each of its partners: ``(chain index, alignment or None)`` per pair."""
    letters_a = letter_prefix(text_a)
    out: list[tuple[int, PairAlignment | None]] = []
    for i, text_b, ch in pairs:
        al = align_chain(text_a, text_b, ch, letters_a=letters_a)
        out.append((i, al if al is not None and min(al.a1 - al.a0, al.b1 - al.b0) >= min_passage else None))
    return out


def align_pairs_on(
    executor: Executor, texts: list[str], chains: list[Chain], options: Options, tick: Progress = _silent
) -> list[PairAlignment]:
    """:func:`align_pairs` on ``executor``: one task per first document of a pair, carrying it and its partners."""
    by_a: dict[int, list[tuple[int, str, Chain]]] = {}
    for i, ch in enumerate(chains):
        by_a.setdefault(ch.a, []).append((i, texts[ch.b], ch))
    tick("align", 0, len(chains))
    done = executor.map(_align_task, [(texts[a], pairs) for a, pairs in by_a.items()], options.min_passage)
    tick("align", len(chains), len(chains))
    found = sorted((i, al) for part in done for i, al in part if al is not None)
    return [al for _, al in found]


def _vote_task(shared: tuple[np.ndarray, LanguageEvidence | None], t: int, texts: Mapping[int, str], views: list[View]) -> list[HunkVote]:
    weights, language = shared
    return vote_target(t, texts, views, weights, language)


def vote_targets_on(
    executor: Executor, texts: list[str], views: list[list[View]], weights: np.ndarray, language: LanguageEvidence | None,
    tick: Progress = _silent,
) -> list[HunkVote]:
    """:func:`vote_targets` on ``executor``: one task per target with witnesses, carrying its text and theirs."""
    tasks = [(t, {i: texts[i] for i in [t, *(v.witness for v in mine)]}, mine) for t, mine in enumerate(views) if mine]
    tick("vote", 0, len(texts))
    done = executor.map(_vote_task, tasks, (weights, language))
    tick("vote", len(texts), len(texts))
    return [v for part in done for v in part]


def _propose_task(
    shared: tuple[LanguageEvidence | None, Counter, Model | None], votes: list[HunkVote], docs: Mapping[int, Printing],
    style: Style, passages: Sequence[tuple[int, int, int]],
) -> list[Proposal]:
    # make_proposal reads docs[i] only for the target and the witnesses of its votes, which ``docs`` holds.
    language, recurring, model = shared
    return propose_target(votes, cast(Sequence[Printing], docs), style, language, passages, recurring, model)


def propose_all_on(
    executor: Executor,
    votes: list[HunkVote],
    documents: Sequence[Document],
    keys: Sequence[Key],
    groups: list[Group],
    language: LanguageEvidence | None,
    model: Model | None = None,
) -> list[Proposal]:
    """:func:`propose_all` on ``executor``: one task per target, carrying its printing and its witnesses'."""
    by_target: dict[int, list[HunkVote]] = {}
    for vote in votes:
        by_target.setdefault(vote.target, []).append(vote)
    passages = passages_by_doc(groups)
    tasks = []
    for t, mine in by_target.items():
        needed = {t} | {w for v in mine for c in v.candidates for w, _, _ in c.support}
        docs = {i: Printing(documents[i], keys[i]) for i in sorted(needed)}
        tasks.append((mine, docs, Style.of(documents[t], keys[t]), passages.get(documents[t].id, [])))
    shared = (language, habits(votes), model)  # corpus-wide values every task reads, sent once per worker
    proposals = [p for part in executor.map(_propose_task, tasks, shared) for p in part]
    proposals.sort(key=lambda p: (p.doc, p.start, p.end))
    return proposals
