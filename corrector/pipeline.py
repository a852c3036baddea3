"""Pipeline: the driver, running the engine's named stages over plain values.

    discover → align pairs → estimate witness rates → vote each target → refine (rates, confusions) → propose

The stages themselves are in :mod:`corrector.stages`, what a worker does with one work unit in
:mod:`corrector.unit_tasks`.  Each stage is a function of its inputs and returns new values: corpus statistics (the language
evidence with its n-gram counts, the witness error rates, the learned confusions) are computed
once and handed to the stages that use them; nothing is filled in later or changed in place.  With
``Options.workers > 1`` or ``Options.scheduler`` the driver runs the alignment per first document,
:func:`vote_target` per target and the proposals per work unit on an executor
(:mod:`corrector.executors`: local processes or Dask), each task carrying only the texts it needs;
the result is the same as in process.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any, Callable, Mapping, cast

import numpy as np

from . import holds as _holds
from .executors import Executor, make_executor
from .ingest import make_key
from .decision import Model, model_for
from .language import Dictionary, LanguageEvidence
from .model import Document, Options, Proposal, Result
from .suspects import add_suspects
from .typography import Printing
from .units import unit_documents, work_units
from .stages import REFINE_ROUNDS, Progress, _silent, alone_warnings, discover, group_passages, passages_by_doc
from .unit_tasks import (
    DictionaryRef, HunkTable, Source, _unit_propose, _unit_rescore, _unit_vote, align_pairs_on, unit_task, warm_worker, weights_by_id,
)
from .vote import LETTER, Confusions, estimate_error_rates, rates_from_errors, vote_weights

#: ``on_document(index, proposals)``: one document's proposals (sorted by offset), handed over when ready.
DocumentSink = Callable[[int, list[Proposal]], None]


def propose(
    documents: list[Document],
    *,
    options: Options | None = None,
    progress: Progress | None = None,
    on_document: DocumentSink | None = None,
    **overrides: Any,
) -> Result:
    """Find reprinted passages among ``documents``, align and vote them, and propose corrections.

    Args:
        documents: Documents from :func:`corrector.load`.
        options: Tuning knobs; keyword ``overrides`` (e.g. ``ngram=6``) replace single fields.
        progress: Called as ``progress(stage, done, total)`` while working.
        on_document: Called as ``on_document(index in documents, its proposals sorted by offset)``
            once for every document, as soon as every work unit touching it has proposed (the
            documents in no particular order), so a caller can write each document and let its
            proposals go while the others are computed.  The result's ``proposals`` are then empty.

    Returns:
        The groups of versions found and every proposal, sorted by document and offset.
    """
    opts = Options.make(options, **overrides)
    with make_executor(opts.workers, opts.scheduler) as executor:
        return _run(documents, opts, progress or _silent, executor, on_document)


def _run(documents: list[Document], opts: Options, tick: Progress, executor: Executor, sink: DocumentSink | None = None) -> Result:
    """The stages in order, on ``executor`` (in process by default).

    Discovery runs in the driver (by hash partitions), alignment per first document of a pair, and
    everything from the vote to the proposals per work unit (:mod:`corrector.units`: a cluster of
    aligned passages) on the worker that holds the unit's texts and votes.  The driver reduces what
    the units return (each hunk's error share and confusion counts) in the order a whole-corpus run
    sums them, so the output is the same whatever the executor and the number of workers.
    """
    suspects = opts.suspects and opts.use_language
    executor.warm(warm_worker, opts.use_language)  # the workers start (import, dictionary) while the driver discovers
    keys = [make_key(d.text) for d in documents]
    texts = [k.text for k in keys]
    chains = discover(texts, opts, tick, executor.map, executor.workers)
    shipped = align_pairs_on(executor, texts, chains, opts, tick)
    del chains
    tick("statistics", 0, 1)
    alignments = [al for al, _ in shipped]
    units = work_units(alignments)
    unit_docs = [unit_documents(alignments, u) for u in units]
    has_views = [False] * len(documents)
    for al in alignments:
        has_views[al.a] = has_views[al.b] = True
    groups = group_passages(documents, keys, alignments)
    rates = estimate_error_rates(alignments, len(documents))
    # The driver needs the dictionary itself only when it votes (in process) or flags suspects.
    local = type(executor) is Executor or suspects
    language = (LanguageEvidence(texts, Dictionary.load() if local else cast(Dictionary, DictionaryRef()))
                if alignments and opts.use_language else None)
    ids = [d.id for d in documents]
    at = {d: t for t, d in enumerate(ids)}  # the driver's own order, used only to reduce in a whole-corpus run's order
    # Workers in other processes read a document from its file (its id, path and SHA-256 travel, not its text).
    by_path = type(executor) is not Executor
    from_file = [by_path and os.path.isfile(d.path) for d in documents]
    tasks = [unit_task(u, [shipped[i] for i in unit], ids,
                       lambda d: Source.of(documents[d]) if from_file[d]
                       else Printing(documents[d], keys[d]))
             for u, unit in enumerate(units)]
    unit_ids = [task[1] for task in tasks]
    costs = [float(sum(len(texts[d]) for d in docs)) for docs in unit_docs]
    del shipped, alignments, texts, unit_docs
    if not suspects:
        keys = []  # the units hold them (or read their files) now; only the suspicion flags need them again here
    tick("vote", 0, 1)
    covered = np.zeros((2, len(documents)))
    table = HunkTable(at)  # one round's records at a time in the driver, compact, taken in as each unit answers
    found: list[Counter] = [Counter() for _ in units]
    for u, (records, habits_u, cover) in executor.each_unit_stream(
            _unit_vote, tasks, (weights_by_id(vote_weights(rates), ids), language), costs):
        table.add(u, records)
        found[u] = habits_u
        for d, counts in cover.items():
            covered[:, at[d]] += counts  # integers: the same sum in any order
    del tasks
    if not suspects and type(executor) is not Executor:
        language = None  # the workers hold their copies of the corpus counts
    live = [(u,) for u in range(len(units))]
    tick("refine", 0, 1)
    confusions: Confusions | None = None
    for r in range(REFINE_ROUNDS):
        rates = rates_from_errors(table.shares(), covered, rates)
        confusions = Confusions.from_marks(table.marks())
        table = HunkTable(at)
        for u, (records, habits_u) in executor.each_unit_stream(
                _unit_rescore, live, (weights_by_id(vote_weights(rates), ids), confusions, r + 1 < REFINE_ROUNDS)):
            table.add(u, records)
            found[u] = habits_u
    tick("propose", 0, 1)
    disputed = table.names() if suspects else []
    del table
    recurring: Counter = Counter()  # only looked up: the order of the sum does not matter
    for part in found:
        recurring.update(part)  # in place: sum(found, Counter()) copied the growing total once per unit
    del found
    passages = passages_by_doc(groups)
    model = model_for(opts.decision)
    dots_added = _holds.corpus_adds_dots(confusions)
    tasks_p = [(u, {d: passages.get(d, []) for d in mine}) for u, mine in enumerate(unit_ids)]
    if sink is not None and not suspects:
        _propose_streaming(executor, tasks_p, (recurring, model, opts.one_edition, dots_added), unit_ids, at, sink)
        proposals: list[Proposal] = []
    else:
        made = executor.each_unit(_unit_propose, tasks_p, (recurring, model, opts.one_edition, dots_added))
        proposals = [p for _, p in sorted((pair for part in made for pair in part), key=lambda pair: (at[pair[0][0]], *pair[0][1:]))]
        del made
        proposals.sort(key=lambda p: (p.doc, p.start, p.end))
        if suspects:  # single-witness suspicion flags where no printing disagrees
            proposals = add_suspects(proposals, documents, keys, disputed, language, groups)
        if sink is not None:
            by_doc: dict[str, list[Proposal]] = {}
            for p in proposals:
                by_doc.setdefault(p.doc, []).append(p)
            for t, d in enumerate(documents):
                sink(t, by_doc.pop(d.id, []))
            proposals = []
    tick("propose", 1, 1)
    return Result(
        documents=documents,
        groups=groups,
        proposals=proposals,
        warnings=alone_warnings(documents, has_views),
        witness_error_rates={d.id: round(float(rates[LETTER, t]), 5) for t, d in enumerate(documents) if has_views[t]},
    )


def _propose_streaming(
    executor: Executor, tasks: list[tuple[int, dict[str, list[tuple[int, int, int]]]]], shared: tuple[Counter, Model | None, bool, bool],
    unit_ids: list[list[str]], at: Mapping[str, int], sink: DocumentSink,
) -> None:
    """The propose stage handing each document's proposals to ``sink`` once every unit touching it has proposed.

    A document's proposals are in the order a whole run gives them (by hunk, then by offset), so
    what ``sink`` receives is the same whatever the executor.  Documents in no unit come first, without proposals.
    """
    waiting = [0] * len(at)
    for mine in unit_ids:
        for d in mine:
            waiting[at[d]] += 1
    for t, n in enumerate(waiting):
        if n == 0:
            sink(t, [])
    pending: dict[int, list[tuple[tuple[str, int, int], Proposal]]] = {}
    for i, found in executor.each_unit_stream(_unit_propose, tasks, shared):
        for name, p in found:
            pending.setdefault(at[name[0]], []).append((name, p))
        for d in unit_ids[i]:
            t = at[d]
            waiting[t] -= 1
            if waiting[t] == 0:
                ready = sorted(pending.pop(t, []), key=lambda pair: pair[0][1:])
                sink(t, sorted((q for _, q in ready), key=lambda q: (q.start, q.end)))


# --- the stages of one work unit (run where the executor puts the unit; the unit's values stay there) ---
#
# A unit's task names its documents by id: inside the unit they are numbered 0, 1, … in the order
# of their ids (:func:`unit_task`), so what a unit computes depends on its documents and their ids,
# never on where they stand in the corpus.  Everything a unit returns names documents by id.  A hunk
# is named by ``(target id, start, end)`` in the target's key: a whole-corpus run orders its votes
# by target and then by position, so the driver sorts the units' records by the target's place in
# its own list and then by position, and sums them in that order (the same floating-point sums
# whatever the executor).
