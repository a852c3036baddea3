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

import os
import pickle
import tempfile
from collections import Counter
from dataclasses import replace
from array import array
from typing import Any, Callable, Iterator, Mapping, NamedTuple, Sequence

import numpy as np

from .align import PairAlignment, View, align_chain, hunks_for_target, letter_prefix, pack, thin, unpack, views_of_targets
from .chars import is_punct
from .discover import Chain, find_chains, make_groups
from .executors import Executor, make_executor
from .errors import InputError, shown
from .ingest import Key, make_key, read_document
from .decision import Model, model_for
from .language import Dictionary, LanguageEvidence
from .model import Document, Group, Options, Proposal, Result
from .proposal import habits, make_proposal
from .suspects import add_suspects
from .typography import Printing, Style
from .units import unit_documents, work_units
from .vote import (
    LETTER, Confusions, HunkVote, MarkReadings, error_share, estimate_error_rates, mark_readings, prepare, rates_from_errors,
    refine_error_rates, settled, vote_weights,
)

#: ``progress(stage, done, total)``, called while working.
Progress = Callable[[str, int, int], None]

#: ``on_document(index, proposals)``: one document's proposals (sorted by offset), handed over when ready.
DocumentSink = Callable[[int, list[Proposal]], None]

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
    keys = [make_key(d.text) for d in documents]
    texts = [k.text for k in keys]
    chains = discover(texts, opts, tick)
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
    language = LanguageEvidence(texts, Dictionary.load()) if alignments and opts.use_language else None
    ids = [d.id for d in documents]
    at = {d: t for t, d in enumerate(ids)}  # the driver's own order, used only to reduce in a whole-corpus run's order
    # Workers in other processes read a document from its file (its id, path and SHA-256 travel, not its text).
    by_path = type(executor) is not Executor
    from_file = [by_path and os.path.isfile(d.path) for d in documents]
    tasks = [unit_task(u, [shipped[i] for i in unit], ids,
                       lambda d: Source(documents[d].id, documents[d].path, documents[d].sha256) if from_file[d]
                       else Printing(documents[d], keys[d]))
             for u, unit in enumerate(units)]
    unit_ids = [task[1] for task in tasks]
    costs = [float(sum(len(texts[d]) for d in docs)) for docs in unit_docs]
    del shipped, alignments, texts, unit_docs
    suspects = opts.suspects and opts.use_language
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
    recurring: Counter = sum(found, Counter())  # only looked up: the order of the sum does not matter
    del found
    passages = passages_by_doc(groups)
    model = model_for(opts.decision)
    tasks_p = [(u, {d: passages.get(d, []) for d in mine}) for u, mine in enumerate(unit_ids)]
    if sink is not None and not suspects:
        _propose_streaming(executor, tasks_p, (recurring, model), unit_ids, at, sink)
        proposals: list[Proposal] = []
    else:
        made = executor.each_unit(_unit_propose, tasks_p, (recurring, model))
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
    executor: Executor, tasks: list[tuple[int, dict[str, list[tuple[int, int, int]]]]], shared: tuple[Counter, Model | None],
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

#: What a unit returns for each ranked hunk: its name, :func:`corrector.vote.error_share` and
#: :func:`corrector.vote.mark_readings` (witnesses named by id; with the unit's :func:`corrector.proposal.habits`).
HunkRecord = tuple[tuple[str, int, int], Any, Any]


class HunkTable:
    """One round's hunk records from every unit, kept compact in the driver (about 40 bytes a hunk and
    the punctuation hunks' :func:`corrector.vote.mark_readings`), read back in the order a whole-corpus
    run visits the hunks: by the target's place in the corpus (``at``), start and end (ties, if any,
    by unit and then in the unit's order, whatever order the units answered in)."""

    def __init__(self, at: Mapping[str, int]) -> None:
        self.at = at
        self.t, self.s, self.e, self.u = array("q"), array("q"), array("q"), array("q")
        self.cls, self.val = array("b"), array("d")  # the error share (class -1: none)
        self.mark: dict[int, MarkReadings] = {}
        self._order: list[int] | None = None

    def add(self, unit: int, records: list[HunkRecord]) -> None:
        """Take in a unit's records."""
        for (d, s, e), share, marks in records:
            if marks is not None:
                self.mark[len(self.t)] = marks
            self.t.append(self.at[d])
            self.s.append(s)
            self.e.append(e)
            self.u.append(unit)
            self.cls.append(-1 if share is None else share[0])
            self.val.append(0.0 if share is None else share[1])
        self._order = None

    def order(self) -> list[int]:
        if self._order is None:
            columns = [np.frombuffer(c, dtype=np.int64) if len(c) else np.zeros(0, np.int64) for c in (self.t, self.s, self.e, self.u)]
            self._order = np.lexsort((np.arange(len(self.t)), columns[3], columns[2], columns[1], columns[0])).tolist()
        return self._order

    def shares(self) -> Iterator[tuple[int, tuple[int, float] | None]]:
        """``(target index, error share)`` of every hunk, in order (for :func:`corrector.vote.rates_from_errors`)."""
        for i in self.order():
            yield self.t[i], (None if self.cls[i] < 0 else (self.cls[i], self.val[i]))

    def marks(self) -> Iterator[MarkReadings | None]:
        """Every hunk's mark readings, in order (for :meth:`corrector.vote.Confusions.from_marks`)."""
        for i in self.order():
            yield self.mark.get(i)

    def names(self) -> list[tuple[int, int, int]]:
        """Every hunk as ``(target index, start, end)``, in order."""
        return [(self.t[i], self.s[i], self.e[i]) for i in self.order()]


def _records(votes: list[HunkVote], ids: Sequence[str], statistics: bool = True) -> tuple[list[HunkRecord], Counter]:
    """Each hunk's record (without the error share and confusion counts unless ``statistics``) and the habits."""
    if not statistics:  # after the last round only the names (for the suspicion flags) and the habits are needed
        return [((ids[v.target], v.hunk.s, v.hunk.e), None, None) for v in votes], habits(votes)
    return [((ids[v.target], v.hunk.s, v.hunk.e), error_share(v), _marks_by_id(mark_readings(v), ids)) for v in votes], habits(votes)


def _marks_by_id(marks: MarkReadings | None, ids: Sequence[str]) -> MarkReadings | None:
    """:func:`corrector.vote.mark_readings` with its witnesses named by id (a hunk's place is then the same in every unit)."""
    if marks is None:
        return None
    where, readings = marks
    return frozenset((ids[w], ws) for w, ws in where), readings


#: Vote weights of each document by id: one value per character class (:func:`corrector.vote.vote_weights`).
WeightsById = dict[str, tuple[float, ...]]


def weights_by_id(weights: np.ndarray, ids: Sequence[str]) -> WeightsById:
    """``weights`` (shape ``(classes, n_docs)``) by document id."""
    columns = weights.T.tolist()
    return {d: tuple(columns[t]) for t, d in enumerate(ids)}


def local_weights(by_id: WeightsById, ids: Sequence[str]) -> list[list[float]]:
    """A unit's vote weights, one row per character class, one column per document of the unit (``ids``, in unit order)."""
    return [list(row) for row in zip(*(by_id[d] for d in ids))]


class Source(NamedTuple):
    """A document to be read from its file where the unit runs (its text does not travel)."""

    id: str
    path: str
    sha256: str  # of the bytes the driver read

    def read(self) -> Printing:
        """The document read again from its file, with its key; refused if the file changed since the driver read it.

        On a cluster every worker needs the inputs at the paths the driver was given (shared storage).
        """
        if not os.path.isfile(self.path):
            raise InputError(f"{shown(self.path)} cannot be read where the work runs: every worker needs the inputs at the "
                             "paths given to corrector (shared storage)")
        doc = read_document(self.path, self.id)
        if doc.sha256 != self.sha256:
            raise InputError(f"{shown(self.path)} changed while corrector was running; run it again")
        return Printing(doc, make_key(doc.text))


def unit_task(
    unit: int, shipped: Sequence["Shipped"], ids: Sequence[str], printing: Callable[[int], Printing | Source]
) -> tuple[int, list[str], list["Shipped"], list[Printing | Source]]:
    """The vote task of one unit: its documents' ids (sorted), its alignments and its printings, in unit-local indices.

    Args:
        unit: The unit's id.
        shipped: Its alignments, naming documents by their index in ``ids``.
        ids: Every document's id, by index.
        printing: A document's :class:`Printing`, by index.

    Returns:
        ``(unit, unit ids, alignments, printings)``: document ``k`` of the unit is ``unit ids[k]``
        (ascending), the alignments name documents by ``k`` and are sorted by documents and offsets,
        and ``printings[k]`` is its printing (or the :class:`Source` to read it from).  Nothing in it
        depends on the documents' order in ``ids``.
    """
    touched = sorted({d for al, _ in shipped for d in (al.a, al.b)}, key=lambda d: ids[d])
    local = {d: k for k, d in enumerate(touched)}
    moved = [(replace(al, a=local[al.a], b=local[al.b]), ops) for al, ops in shipped]
    moved.sort(key=lambda pair: (pair[0].a, pair[0].b, pair[0].a0, pair[0].a1, pair[0].b0, pair[0].b1))
    return unit, [ids[d] for d in touched], moved, [printing(d) for d in touched]


#: An alignment as it travels: with its operations, or without them and the operations packed (:func:`corrector.align.pack`).
Shipped = tuple[PairAlignment, np.ndarray | None]


def _align_task(
    shared: tuple[int, bool], text_a: str, pairs: list[tuple[int, str, Chain]]
) -> list[tuple[int, Shipped | None]]:
    """Align one document with each of its partners: ``(chain index, alignment or None)`` per pair."""
    min_passage, packed = shared
    letters_a = letter_prefix(text_a)
    out: list[tuple[int, Shipped | None]] = []
    for i, text_b, ch in pairs:
        al = align_chain(text_a, text_b, ch, letters_a=letters_a)
        if al is None or min(al.a1 - al.a0, al.b1 - al.b0) < min_passage:
            out.append((i, None))
        else:
            out.append((i, pack(al) if packed else (al, None)))
    return out


def align_pairs_on(
    executor: Executor, texts: list[str], chains: list[Chain], options: Options, tick: Progress = _silent
) -> list[Shipped]:
    """:func:`align_pairs` on ``executor``: one task per first document of a pair, carrying it and its partners.

    The alignments come back in the order of ``chains``, packed when they travel between processes.
    """
    by_a: dict[int, list[tuple[int, str, Chain]]] = {}
    for i, ch in enumerate(chains):
        by_a.setdefault(ch.a, []).append((i, texts[ch.b], ch))
    tick("align", 0, len(chains))
    packed = type(executor) is not Executor
    done = executor.map(_align_task, [(texts[a], pairs) for a, pairs in by_a.items()], (options.min_passage, packed))
    tick("align", len(chains), len(chains))
    found = sorted(((i, al) for part in done for i, al in part if al is not None), key=lambda pair: pair[0])
    return [al for _, al in found]


def _unit_vote(
    shared: tuple[WeightsById, LanguageEvidence | None], state: dict[Any, Any], unit: int, ids: list[str],
    alignments: list[Shipped], given: list[Printing | Source],
) -> tuple[list[HunkRecord], Counter, dict[str, tuple[int, int]]]:
    """Vote every target of a unit (a :func:`unit_task`); keep the votes on the worker (and the language evidence, for proposing).

    Returns the hunks' records, the unit's habits and what each of its documents (by id) has covered by witnesses.
    """
    weights, language = shared
    state["language"] = language
    printings = [p.read() if isinstance(p, Source) else p for p in given]
    keys = [p.key.text for p in printings]
    views = views_of_targets([al if ops is None else unpack(al, ops) for al, ops in alignments])
    rows = np.array(local_weights(weights, ids))
    votes = [v for t, mine in views.items() for v in vote_target(t, keys, mine, rows, language)]
    _keep(state, unit, (ids, printings, votes))
    cover = {ids[t]: _covered_by_class(keys[t], [(v.t0, v.t1) for v in mine]) for t, mine in views.items()}
    records, found = _records(votes, ids)
    return records, found, cover


def _unit_rescore(shared: tuple[WeightsById, Confusions, bool], state: dict[Any, Any], unit: int) -> tuple[list[HunkRecord], Counter]:
    """Re-rank a unit's votes with the refined weights and confusions (one round of :func:`refine`)."""
    weights, confusions, again = shared
    ids, printings, votes = _take(state, unit)
    rows = local_weights(weights, ids)
    votes = [d.rescore(rows, confusions) for d in votes]
    _keep(state, unit, (ids, printings, votes))
    return _records(votes, ids, statistics=again)


#: A worker whose resident memory exceeds this many MiB keeps the units it votes on from then on
#: in files (a pickle each, read and written again at every later stage of the unit) instead of in
#: memory: at 10,000 pages the votes alone would take ~1.5 GiB a worker.  Below it (every run up to a
#: few thousand pages) nothing is written and nothing is paid.
SPILL_ABOVE_MIB = 700


def _resident_mib() -> float:
    """This process's resident memory (Linux /proc; 0 elsewhere, where units are never spilled)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


def _keep(state: dict[Any, Any], unit: int, value: Any) -> None:
    """Keep a unit's values on this worker: in memory, or in a file once the worker is over :data:`SPILL_ABOVE_MIB`."""
    spilled = isinstance(state.get(unit), str)
    if not spilled and _resident_mib() <= SPILL_ABOVE_MIB:
        state[unit] = value
        return
    if "spill" not in state:  # removed with the state (the run's end, or the worker's)
        state["spill"] = tempfile.TemporaryDirectory(prefix="corrector-units-")
    path = os.path.join(state["spill"].name, f"{unit}.pickle")
    with open(path, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    state[unit] = path


def _take(state: dict[Any, Any], unit: int, last: bool = False) -> Any:
    """A unit's values kept by :func:`_keep` (dropped from the worker when ``last``)."""
    value = state.pop(unit) if last else state[unit]
    if isinstance(value, str):
        with open(value, "rb") as f:
            loaded = pickle.load(f)
        if last:
            os.unlink(value)
        return loaded
    return value


def _unit_propose(
    shared: tuple[Counter, Model | None], state: dict[Any, Any], unit: int, passages: dict[str, list[tuple[int, int, int]]],
) -> list[tuple[tuple[str, int, int], Proposal]]:
    """A unit's proposals, each with the name of its hunk; the unit's values are dropped from the worker.

    ``shared`` is the corpus's :func:`corrector.proposal.habits` and the decision model (``None``: the
    rules decide); the language evidence is the one the vote left on this worker.  ``passages`` are
    each of the unit's documents' passages, by id.
    """
    recurring, model = shared
    language = state["language"]
    ids, printings, votes = _take(state, unit, last=True)
    out = []
    styles: dict[int, Style] = {}
    for v in votes:
        t = v.target
        if t not in styles:
            styles[t] = Style.of(printings[t].doc, printings[t].key)
        p = make_proposal(v, printings, styles[t], language, passages[ids[t]], recurring, model)
        if p is not None:
            out.append(((ids[t], v.hunk.s, v.hunk.e), p))
    return out


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


def discover(texts: list[str], options: Options, tick: Progress = _silent) -> list[Chain]:
    """Stage 1: passage pairs that look like versions of one text (see :func:`corrector.discover.find_chains`)."""
    tick("discover", 0, 1)
    chains = find_chains(texts, options, keep=thin)
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
