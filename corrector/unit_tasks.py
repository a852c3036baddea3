"""Unit tasks: what a worker does with one work unit (a cluster of aligned passages) at each stage.

A unit's documents travel by id and path (:class:`Source`: the worker reads the file), its
alignments packed; the worker keeps the unit's votes between stages (spilling them to a file past
:data:`SPILL_ABOVE_MIB`) and returns small records named by document id (:class:`UnitRecords`), which
the driver (:mod:`corrector.pipeline`) reduces in the whole-corpus order.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections import Counter
from dataclasses import replace
from array import array
from typing import Any, Callable, Iterator, Mapping, NamedTuple, Sequence

import numpy as np

from .align import PairAlignment, align_chain, letter_prefix, pack, unpack, views_of_targets
from .discover import Chain
from .executors import Executor
from .worker_loop import loads_paused
from .errors import InputError, shown
from .ingest import make_key, read_bytes, read_document
from .decision import Model
from .editions import propose_checked
from .language import Dictionary, LanguageEvidence
from .model import Document, Options, Proposal
from .proposal import habits, make_proposal
from .typography import Printing, Style
from .vote import (
    Confusions, HunkVote, MarkReadings, error_share, mark_readings,
)
from .stages import Progress, _covered_by_class, _silent, vote_target


def warm_worker(use_language: bool) -> None:
    """A worker's head start (:meth:`corrector.executors.Executor.warm`): the engine is imported by
    unpickling this function, and jieba's dictionary is loaded (≈ 1 s) while the driver discovers."""
    if use_language:
        Dictionary.load()


class DictionaryRef:
    """Stands for jieba's dictionary (:meth:`Dictionary.load`) in the language evidence sent to the workers.

    Unpickled where it arrives as that process's own loaded dictionary (as the loaded one pickles),
    so a driver that votes nothing itself does not load the dictionary (≈ 1 s of its serial part).
    """

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Dictionary.load, ())


class UnitRecords(NamedTuple):
    """What a unit returns for its ranked hunks, as columns (compact to pickle and to take in): hunk ``i``
    is ``(ids[t[i]], s[i], e[i])`` (target by id, start, end in its key) with :func:`corrector.vote.error_share`
    ``(cls[i], val[i])`` (class -1: none) and :func:`corrector.vote.mark_readings` ``marks.get(i)`` (witnesses named by id)."""

    ids: tuple[str, ...]
    t: array
    s: array
    e: array
    cls: array
    val: array
    marks: dict[int, MarkReadings]


class HunkTable:
    """One round's hunk records from every unit, kept compact in the driver (about 40 bytes a hunk and
    the punctuation hunks' :func:`corrector.vote.mark_readings`), read back in the order a whole-corpus
    run visits the hunks: by the target's place in the corpus (``at``), start and end (ties, if any,
    by unit and then in the unit's order, whatever order the units answered in)."""

    def __init__(self, at: Mapping[str, int]) -> None:
        self.at = at
        self._chunks: list[tuple[np.ndarray, ...]] = []  # (t, s, e, unit, cls, val) of each unit, as it came
        self.mark: dict[int, MarkReadings] = {}
        self._n = 0
        self._sorted: tuple[list[int], list[int], list[int], list[int], list[float], list[int]] | None = None

    def add(self, unit: int, records: UnitRecords) -> None:
        """Take in a unit's records."""
        n = len(records.t)
        if not n:
            return
        for i, m in records.marks.items():
            self.mark[self._n + i] = m
        where = np.array([self.at[d] for d in records.ids], dtype=np.int64)
        self._chunks.append((where[np.frombuffer(records.t, dtype=np.int32)], np.frombuffer(records.s, dtype=np.int64),
                             np.frombuffer(records.e, dtype=np.int64), np.full(n, unit, dtype=np.int64),
                             np.frombuffer(records.cls, dtype=np.int8), np.frombuffer(records.val, dtype=np.float64)))
        self._n += n
        self._sorted = None

    def _columns(self) -> tuple[list[int], list[int], list[int], list[int], list[float], list[int]]:
        """Target, start, end, error-share class and value, and place as taken in, of every hunk in order (Python values)."""
        if self._sorted is None:
            if not self._chunks:
                self._sorted = ([], [], [], [], [], [])
            else:
                t, s, e, u, cls, val = (np.concatenate([c[k] for c in self._chunks]) for k in range(6))
                order = np.lexsort((np.arange(len(t)), u, e, s, t))
                self._sorted = (t[order].tolist(), s[order].tolist(), e[order].tolist(), cls[order].tolist(),
                                val[order].tolist(), order.tolist())
        return self._sorted

    def shares(self) -> Iterator[tuple[int, tuple[int, float] | None]]:
        """``(target index, error share)`` of every hunk, in order (for :func:`corrector.vote.rates_from_errors`)."""
        t, _, _, cls, val, _ = self._columns()
        for i in range(len(t)):
            yield t[i], (None if cls[i] < 0 else (cls[i], val[i]))

    def marks(self) -> Iterator[MarkReadings | None]:
        """Every hunk's mark readings, in order (for :meth:`corrector.vote.Confusions.from_marks`)."""
        for i in self._columns()[5]:
            yield self.mark.get(i)

    def names(self) -> list[tuple[int, int, int]]:
        """Every hunk as ``(target index, start, end)``, in order."""
        t, s, e, _, _, _ = self._columns()
        return list(zip(t, s, e))


def _records(votes: list[HunkVote], ids: Sequence[str], statistics: bool = True) -> tuple[UnitRecords, Counter]:
    """The hunks' records (without the error shares and confusion counts unless ``statistics``: after the
    last round only the names, for the suspicion flags, and the habits are needed) and the habits."""
    t, s, e, cls, val = array("i"), array("q"), array("q"), array("b"), array("d")
    marks: dict[int, MarkReadings] = {}
    for i, v in enumerate(votes):
        t.append(v.target)
        s.append(v.hunk.s)
        e.append(v.hunk.e)
        share = error_share(v) if statistics else None
        cls.append(-1 if share is None else share[0])
        val.append(0.0 if share is None else share[1])
        m = _marks_by_id(mark_readings(v), ids) if statistics else None
        if m is not None:
            marks[i] = m
    return UnitRecords(tuple(ids), t, s, e, cls, val, marks), habits(votes)


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
    """A document to be read from its file where the unit runs (its text does not travel).

    With the encoding and byte-order mark the driver found (``encoding`` given), the worker decodes
    the bytes as the driver did, once their SHA-256 shows they are the bytes the driver read (the
    same bytes decode to the same text), without detecting the encoding and checking the text again.
    """

    id: str
    path: str
    sha256: str  # of the bytes the driver read
    encoding: str = ""  # as the driver decoded it ("": detect it again)
    bom: bytes = b""
    newline: str = "\n"

    @classmethod
    def of(cls, doc: Document) -> "Source":
        """Where to read ``doc`` again, and how the driver decoded it."""
        return cls(doc.id, doc.path, doc.sha256, doc.encoding, doc.bom, doc.newline)

    def read(self) -> Printing:
        """The document read again from its file, with its key; refused if the file changed since the driver read it.

        On a cluster every worker needs the inputs at the paths the driver was given (shared storage).
        """
        if not os.path.isfile(self.path):
            raise InputError(f"{shown(self.path)} cannot be read where the work runs: every worker needs the inputs at the "
                             "paths given to corrector (shared storage)")
        if self.encoding:
            data = read_bytes(self.path)
            if hashlib.sha256(data).hexdigest() != self.sha256:
                raise InputError(f"{shown(self.path)} changed while corrector was running; run it again")
            doc = Document(self.id, self.path, self.encoding, self.bom, self.newline, self.sha256,
                           data[len(self.bom):].decode(self.encoding))
        else:
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
        if al is None or al.length < min_passage:
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
) -> tuple[UnitRecords, Counter, dict[str, tuple[int, int]]]:
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


def _unit_rescore(shared: tuple[WeightsById, Confusions, bool], state: dict[Any, Any], unit: int) -> tuple[UnitRecords, Counter]:
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
            loaded = loads_paused(f.read())
        if last:
            os.unlink(value)
        return loaded
    return value


def _unit_propose(
    shared: tuple[Counter, Model | None, bool, bool], state: dict[Any, Any], unit: int, passages: dict[str, list[tuple[int, int, int]]],
) -> list[tuple[tuple[str, int, int], Proposal]]:
    """A unit's proposals, each with the name of its hunk; the unit's values are dropped from the worker.

    ``shared`` is the corpus's :func:`corrector.proposal.habits`, the decision model (``None``: the
    rules decide), whether every printing is one edition (``Options.one_edition``, checked against
    the unit's clusters by :mod:`corrector.editions`) and whether the corpus's printings add dots to
    commas (:func:`corrector.holds.corpus_adds_dots`); the language evidence is the one the vote left
    on this worker.  ``passages`` are each of the unit's documents' passages, by id.
    """
    recurring, model, one_edition, dots_added = shared
    language = state["language"]
    ids, printings, votes = _take(state, unit, last=True)
    styles: dict[int, Style] = {}

    def make(v: HunkVote, one: bool) -> Proposal | None:
        t = v.target
        if t not in styles:
            styles[t] = Style.of(printings[t].doc, printings[t].key)
        return make_proposal(v, printings, styles[t], language, passages[ids[t]], recurring, model, one, dots_added)

    # one edition as the user states, where the unit's clusters bear it out (corrector.editions)
    made = propose_checked(votes, make) if one_edition else [make(v, False) for v in votes]
    return [((ids[v.target], v.hunk.s, v.hunk.e), p) for v, p in zip(votes, made) if p is not None]

