"""Single-witness suspicion flags: places no printing disagrees on but the language evidence doubts.

Each detector is a module named for what it finds and returns proposals of kind ``suspect`` with a
candidate reading, a confidence and the evidence in the reason line.  :func:`find_suspects` runs
them all over one document.
"""

from __future__ import annotations

import functools
import gc
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, ParamSpec, Sequence, TypeVar

import numpy as np

from ..ingest import Key, make_key
from ..language import CorpusCounts, Dictionary
from ..model import Document, Group, Proposal, Span
from ..overlap import overlap
from ..worker_loop import WORKER_GC_THRESHOLDS
from . import broken_word, doubled, latin, latin_words, marks, repeated, stray_particles, transposed
from .evidence import Evidence, JoinedCounts, Text, bigram_counts_of, supports_of
from .lexicon import Lexicon
from .substitution_gains import Places, gains_of, places_of

if TYPE_CHECKING:
    from ..language import LanguageEvidence as Language

Detector = Callable[[Text, Evidence, Lexicon], list]

#: Every detector by name (the names the benchmark reports).
DETECTORS: dict[str, Detector] = {
    doubled.NAME: doubled.find,
    broken_word.NAME: broken_word.find,
    transposed.NAME: transposed.find,
    marks.NAME_BOX: lambda t, ev, lx: marks.find_box(t, ev),
    marks.NAME_MARK: lambda t, ev, lx: marks.find_marks(t, ev),
    marks.NAME_GARBAGE: lambda t, ev, lx: marks.find_garbage(t, ev),
    marks.NAME_STAR: lambda t, ev, lx: marks.find_stars(t, ev),
    latin.NAME: lambda t, ev, lx: latin.find(t, ev),
    latin_words.NAME: lambda t, ev, lx: latin_words.find(t, ev),
    marks.NAME_STROKE: lambda t, ev, lx: marks.find_strokes(t, ev),
    marks.NAME_EQUALS: lambda t, ev, lx: marks.find_equals(t, ev),
    marks.NAME_DOLLAR: lambda t, ev, lx: marks.find_dollars(t, ev),
    marks.NAME_SLASH: lambda t, ev, lx: marks.find_slashes(t, ev),
    stray_particles.NAME_DOUBLED: stray_particles.find_doubled,
    stray_particles.NAME_AND: stray_particles.find_and_before_conjunction,
    repeated.NAME: lambda t, ev, lx: repeated.find(t, ev),
}


def find_suspects(
    text: str,
    dictionary: Dictionary,
    corpus: CorpusCounts | None,
    *,
    doc: str = "",
    detectors: list[str] | None = None,
    corpus_chars: frozenset[str] | None = None,
    settled: Sequence[Span] = (),
    reprints: Sequence[str] = (),
    latin: latin_words.LatinWords | None = None,
    key: Key | None = None,
) -> list[Proposal]:
    """Suspicion flags over one document's text, sorted by offset, none overlapping another.

    Args:
        text: The document's original text (offsets of the proposals are code points into it).
        dictionary: The dictionary evidence.
        corpus: N-gram counts over the whole input (this document included), or None.
        doc: The document id the proposals carry.
        detectors: Names from :data:`DETECTORS` to run (default all).
        corpus_chars: Every character of the corpus's keys, if known (saves looking up n-grams that
            cannot occur); None: every n-gram is looked up.
        settled: Ranges of ``text`` where no flag may go (collation proposals, disputed places):
            the costly detectors do not look there.
        reprints: The other printings' versions of this document's passages (in key form):
            their n-grams are left out of the corpus counts, so a reading every printing shares
            (the same misreading of the same typeface) counts as printed once, not as "the same
            phrase found elsewhere in the input".
        latin: The Latin words of the whole input (:class:`.latin_words.LatinWords`); None: this
            text's own.
        key: ``make_key(text)``, when the caller has it (the engine does).
    """
    begun = begin_suspects(text, dictionary, corpus, doc=doc, detectors=detectors, corpus_chars=corpus_chars,
                           settled=settled, reprints=reprints, latin=latin, key=key)
    return finish_suspects(begun, gains_of(dictionary, [begun.request()])[0])


@dataclass
class Begun:
    """:func:`find_suspects` on one document up to the broken-word detector's substitution gains
    (:meth:`request`), which :func:`add_suspects` asks for many documents at once."""

    text: Text
    evidence: Evidence
    lexicon: Lexicon
    #: The flags found so far (the detectors before broken word, in :data:`DETECTORS`' order).
    found: list[Proposal]
    #: The broken-word detector's first pass, or None where it is not run (or runs as patched in).
    pending: broken_word.Pending | None
    #: The detectors still to run after it, and the layout repeats (found once, for two uses).
    rest: list[str]
    repeats: list[Proposal]
    #: The broken-word detector's places (:func:`.broken_word.place`), where it runs as this module defines it.
    placed: broken_word.Placed | None = None

    def begin_broken_word(self, counts: np.ndarray | None = None, score: bool = True) -> None:
        """The broken-word detector's first pass (:attr:`pending`), where it is placed and not yet
        begun; ``counts``: the bigram counts of its recurring test, when counted already; ``score``:
        its deletions and insertions scored too (:func:`.broken_word.begin`)."""
        if self.placed is not None and self.pending is None:
            self.pending = broken_word.begin(self.text, self.evidence, self.lexicon, self.placed, counts, score)

    def request(self) -> Places:
        return self.pending.request() if self.pending is not None else places_of(self.text.cps, self.text.cps == 0, [], [])

    def ask(self, gains: list[list[float]]) -> list[tuple[str, list[str], str, list[int]]]:
        """The corpus supports the broken-word detector's substitutions need, given the gains of
        :meth:`request` (:func:`.broken_word.ask`; none where it is not run)."""
        return broken_word.ask(self.pending, gains) if self.pending is not None else []


def begin_suspects(text: str, dictionary: Dictionary, corpus: CorpusCounts | None, *, doc: str = "",
                   detectors: list[str] | None = None, corpus_chars: frozenset[str] | None = None,
                   settled: Sequence[Span] = (), reprints: Sequence[str] = (),
                   latin: latin_words.LatinWords | None = None, key: Key | None = None,
                   placed_only: bool = False) -> Begun:
    """:func:`find_suspects` (the same arguments) up to the substitution gains (see :class:`Begun`);
    ``placed_only``: only up to the broken-word detector's places (:meth:`Begun.begin_broken_word`
    then begins it: :func:`begin_broken_words` for a batch)."""
    t = Text.of(doc, text, settled, key)
    repeats = repeated.find(t, Evidence(dictionary, None))
    copied = [make_key(text[p.start:p.end]).text for p in repeats] + list(reprints)
    copies = JoinedCounts(copied) if copied and corpus else None
    ev = Evidence(dictionary, corpus, copies, corpus_chars, latin)
    lexicon = Lexicon.shared(dictionary)
    names = detectors or list(DETECTORS)
    # broken word in two halves where it runs as this module defines it (a benchmark or a test may
    # have patched in another: that one runs whole, in its turn)
    split = broken_word.NAME in names and DETECTORS[broken_word.NAME] is broken_word.find
    before = names[:names.index(broken_word.NAME)] if split else names
    found: list[Proposal] = []
    for name in before:
        found += repeats if name == repeated.NAME else DETECTORS[name](t, ev, lexicon)
    rest = names[names.index(broken_word.NAME) + 1:] if split else []
    begun = Begun(t, ev, lexicon, found, None, rest, repeats, broken_word.place(t, lexicon) if split else None)
    if not placed_only:
        begun.begin_broken_word()
    return begun


def finish_suspects(begun: Begun, gains: list[list[float]], supports: list[list[float]] | None = None) -> list[Proposal]:
    """The flags of a document :func:`begin_suspects` began, given the gains of its :meth:`Begun.request`
    (and, when counted already, the corpus supports of its :meth:`Begun.ask`)."""
    found = list(begun.found)
    if begun.pending is not None:
        found += broken_word.finish(begun.pending, gains, supports)
    for name in begun.rest:
        found += begun.repeats if name == repeated.NAME else DETECTORS[name](begun.text, begun.evidence, begun.lexicon)
    return without_overlaps(found)


def without_overlaps(proposals: list[Proposal], taken: Sequence[Span] = ()) -> list[Proposal]:
    """The proposals, most confident first, that overlap (:func:`corrector.overlap.overlap`) no other
    kept one nor a range of ``taken``; in text order."""
    kept: list[Proposal] = []
    spans: list = list(taken)
    for p in sorted(proposals, key=lambda p: (-p.confidence, p.start, p.end)):
        if any(overlap(p, s) for s in spans):
            continue
        kept.append(p)
        spans.append(p)
    return sorted(kept, key=lambda p: (p.start, p.end))


P = ParamSpec("P")
R = TypeVar("R")


_step = threading.local()


def old_objects_frozen(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run with the objects that exist before the call set aside from the cyclic garbage
    collector (``gc.freeze``), and given back after; meanwhile the collector's thresholds are the
    engine's workers' (:data:`corrector.worker_loop.WORKER_GC_THRESHOLDS`), restored after.

    The flags' step makes hundreds of thousands of small objects, which sets off a full collection
    now and then; a full collection walks every object of the process (the engine's whole input:
    several hundred thousand objects at 1,000 pages of ``bench.synthetic``), and one cost half a
    second there, a twentieth of the step.  Frozen, the old objects are not walked; the step's own
    are, as before, but for what :func:`set_aside` sets aside as the step goes.  Like the votes
    there, the step allocates millions of short-lived objects and next to no cyclic garbage: at
    Python's default thresholds its thousand young collections walked the survivors again and again
    (0.3 s of a 4.4 s step alone at 1,000 pages of ``bench.synthetic``; at the workers', four, 0.1 s).
    Nothing else changes: the collector stays on, every frozen object is given back after.  Where
    some caller has frozen objects already, they and the thresholds are left as they are (and
    :func:`set_aside` sets nothing aside).
    """
    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if gc.get_freeze_count():
            return fn(*args, **kwargs)
        thresholds = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(*WORKER_GC_THRESHOLDS)
        _step.frozen = True
        try:
            return fn(*args, **kwargs)
        finally:
            _step.frozen = False
            gc.set_threshold(*thresholds)
            gc.unfreeze()
    return run


def set_aside() -> None:
    """Inside :func:`old_objects_frozen`'s call (where it froze the objects from before), the objects
    made since set aside from the collector too, until that call ends: at the start of each batch
    of :func:`add_suspects`, the word tables the first batch made and the flags of the batches
    before.

    The step keeps tables of a million references (the dictionary's words by length, their
    prefixes, as frozensets and lists) beside its flags; a full collection walked them all again,
    about a tenth of a second each time at 1,000 pages of ``bench.synthetic``, where Python's rule
    (a full collection once the objects that survived the young ones reach a quarter of those of
    the last) set off eight of them: 0.8 s of a 5.3 s step.  Set aside per batch, one, 0.01 s (at
    the thresholds :func:`old_objects_frozen` sets, none).
    The engine makes next to no cyclic garbage (:mod:`corrector.worker_loop`); what little a batch
    leaves is collected after the step, when it is given back.  Objects are freed by reference
    counting, frozen or not.
    """
    if getattr(_step, "frozen", False):
        gc.freeze()


@old_objects_frozen
def add_suspects(
    proposals: list[Proposal],
    documents: Sequence[Document],
    keys: Sequence[Key],
    disputed: Sequence[tuple[int, int, int]],
    language: Language | None,
    groups: Sequence[Group] = (),
) -> list[Proposal]:
    """The collation proposals and every document's suspicion flags, sorted by document and offset.

    A flag goes only where no printing disagrees with the document: never over a collation proposal
    nor over a place its witnesses dispute (``disputed``: ``(document index, key start, key end)``).

    Args:
        proposals: The collation proposals.
        documents, keys: Every document and its comparison key.
        disputed: The key ranges the vote weighed, per document.
        language: The collation's language evidence (its corpus counts are reused), or None to
            count the n-grams of ``keys`` here.
        groups: The groups of aligned passages: where every printing agrees, the detectors weigh the
            text as printed once (see ``reprints`` in :func:`find_suspects`), so an error all of them
            share is flagged in each.
    """
    dictionary = language.dictionary if language is not None and language.dictionary is not None else Dictionary.load()
    corpus = language.corpus if language is not None else CorpusCounts([k.text for k in keys])
    taken: dict[str, list[Span]] = {}
    for p in proposals:
        taken.setdefault(p.doc, []).append(Span(p.doc, p.start, p.end))
    for t, (starts, ends) in original_ranges(keys, disputed).items():
        doc = documents[t].id
        taken.setdefault(doc, []).extend(Span(doc, a, b) for a, b in zip(starts.tolist(), ends.tolist()))
    out = list(proposals)
    chars = key_chars(keys)
    texts = {d.id: d.text for d in documents}
    index = {d.id: t for t, d in enumerate(documents)}
    reprints: dict[str, set[tuple[str, int, int]]] = {}
    # each group's passages are searched in one printing (the first by document id, whatever the
    # order of the inputs): where the others agree with it, so do the flags, which are copied to
    # them (projected) instead of searched again
    searched: dict[str, list[tuple[Span, list[Span]]]] = {}
    skipped: dict[str, list[Span]] = {}
    for g in groups:
        for sp in g.passages:
            reprints.setdefault(sp.doc, set()).update((q.doc, q.start, q.end) for q in g.passages if q.doc != sp.doc)
        first = min(g.passages, key=lambda sp: (sp.doc, sp.start))
        others = [q for q in g.passages if q.doc != first.doc]
        searched.setdefault(first.doc, []).append((first, others))
        for q in others:
            skipped.setdefault(q.doc, []).append(q)
    found: dict[str, list[Proposal]] = {}
    latin = latin_words.LatinWords(d.text for d in documents)
    # the documents in batches: each begun up to the broken-word detector's places, its recurring
    # test's bigrams counted for the whole batch at once, the substitution gains of the whole batch
    # computed at once (gains_of), then their corpus supports (supports_of), then each finished
    for start in range(0, len(documents), BATCH):
        set_aside()
        batch = documents[start:start + BATCH]
        begun = [begin_suspects(d.text, dictionary, corpus, doc=d.id, corpus_chars=chars, latin=latin, key=keys[index[d.id]],
                                settled=list(taken.get(d.id, ())) + skipped.get(d.id, []),
                                reprints=[key_slice(keys[index[o]], a, b) for o, a, b in sorted(reprints.get(d.id, ()))],
                                placed_only=True)
                 for d in batch]
        begin_broken_words(begun)
        gains = gains_of(dictionary, [one.request() for one in begun])
        supports = batch_supports(begun, gains)
        for d, one, gained, counted in zip(batch, begun, gains, supports):
            found[d.id] = finish_suspects(one, gained, counted)
    for d in documents:
        for r, others in searched.get(d.id, ()):
            for p in found[d.id]:
                if r.start <= p.start and p.end <= r.end:
                    for q in others:
                        moved = project(p, keys[index[d.id]], keys[index[q.doc]], q, texts[q.doc])
                        if moved is not None:
                            found[q.doc].append(moved)
    for d in documents:
        mine = taken.get(d.id, ())
        out += without_overlaps(found[d.id], mine)
    out.sort(key=lambda p: (p.doc, p.start, p.end))
    return out


def begin_broken_words(begun: Sequence[Begun]) -> None:
    """The broken-word detector's first pass in each of a batch of documents begun up to its places
    (``placed_only``), the bigrams of its recurring test counted for the whole batch at once
    (:func:`.evidence.bigram_counts_of`), and the dictionary gains of its deletions and insertions
    (:func:`.broken_word.edit_gains_of`)."""
    waiting = [one for one in begun if one.placed is not None and one.pending is None]
    counts = bigram_counts_of([one.evidence for one in waiting], [one.text for one in waiting],
                              [broken_word.bigram_starts(one.text.cps, one.placed.weighed) for one in waiting
                               if one.placed is not None])
    for one, counted in zip(waiting, counts):
        one.begin_broken_word(counted, score=False)
    # their deletions' and insertions' dictionary gains, the whole batch's at once
    pendings = [one.pending for one in waiting if one.pending is not None]
    for pending, gained in zip(pendings, broken_word.edit_gains_of(pendings)):
        broken_word.score_edits(pending, gained)


def batch_supports(begun: Sequence[Begun], gains: Sequence[list[list[float]]]) -> list[list[list[float]]]:
    """The corpus supports the broken-word detector's substitutions need in each of a batch of
    documents (:meth:`Begun.ask`, given the gains of its :meth:`Begun.request`), the whole batch's
    counted at once (:func:`.evidence.supports_of`): ``out[t]`` for :func:`finish_suspects`.  What
    each asks is found for the whole batch at once too (:func:`.broken_word.ask_all`: the glyph
    similarities of its candidates)."""
    asking = [(one.pending, gained) for one, gained in zip(begun, gains) if one.pending is not None]
    broken_word.ask_all([pending for pending, _ in asking], [gained for _, gained in asking])
    return supports_of([one.evidence for one in begun], [one.ask(gained) for one, gained in zip(begun, gains)])


#: Documents whose broken-word substitution gains are computed together (:func:`add_suspects`): the
#: gains of a text's few dozen places cost in NumPy what they cost in Python, those of many texts'
#: together a third; a batch's first halves wait in memory for them (at 1,000 pages of
#: ``bench.synthetic``, batches of 100 raised the step's peak by 25 MiB over batches of 1; of 50, by half that).
BATCH = 50


def key_chars(keys: Sequence[Key]) -> frozenset[str]:
    """Every character of the keys' texts: ``frozenset("".join(k.text for k in keys))``, marked in a
    table of code points key by key (the frozenset of millions of characters took a fortieth of the
    flags' time on a 1,000-page archive; this takes a tenth of that)."""
    seen = np.zeros(0x110000, dtype=bool)
    for k in keys:
        seen[np.frombuffer(k.text.encode("utf-32-le"), dtype=np.uint32)] = True
    return frozenset(map(chr, np.flatnonzero(seen).tolist()))


def original_ranges(keys: Sequence[Key], ranges: Sequence[tuple[int, int, int]]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """:meth:`Key.to_original` of many key ranges ``(document index, key start, key end)`` at once:
    per document index, the original starts and ends, in the order given (tens of thousands of
    disputed places on a large archive: one call each was a twentieth of the flags' time)."""
    by_doc: dict[int, list[tuple[int, int]]] = {}
    for t, s, e in ranges:
        by_doc.setdefault(t, []).append((s, e))
    out = {}
    for t, pairs in by_doc.items():
        pos = keys[t].pos.astype(np.int64)
        se = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        ks, ke = se[:, 0], se[:, 1]
        if not len(pos):
            out[t] = (np.zeros(len(ks), dtype=np.int64), np.zeros(len(ks), dtype=np.int64))
            continue
        filled = ks < ke
        # a range of characters: its first character's offset, its last's plus one; an empty range
        # (an insertion point): just after the previous key character, or at the first one
        start = np.where(filled, pos[np.minimum(ks, len(pos) - 1)],
                         np.where(ks == 0, pos[0], pos[np.maximum(ks - 1, 0)] + 1))
        end = np.where(filled, pos[np.maximum(ke - 1, 0)] + 1, start)
        out[t] = (start, end)
    return out


def key_slice(key: Key, start: int, end: int) -> str:
    """The key text of the original range ``[start, end)``."""
    return key.text[int(np.searchsorted(key.pos, start)):int(np.searchsorted(key.pos, end))]


#: Key characters on each side of a flag that must read the same in another printing for the flag to
#: be copied there (:func:`project`): the printings agree around it, so it is the same place.
PROJECT_REACH = 8


def project(p: Proposal, src: Key, dst: Key, passage: Span, text: str) -> Proposal | None:
    """The flag ``p`` of one printing at the same place of another printing's ``passage``, or None.

    The same place is where the key characters around the flag (:data:`PROJECT_REACH` on each side,
    inside the passage) read alike, nearest the flag's offset within the passage; the copy takes
    that printing's own characters as its old reading.
    """
    s0 = int(np.searchsorted(src.pos, p.start))
    e0 = int(np.searchsorted(src.pos, p.end))
    a, b = max(0, s0 - PROJECT_REACH), min(len(src.text), e0 + PROJECT_REACH)
    ctx = src.text[a:b]
    lo = int(np.searchsorted(dst.pos, passage.start))
    hi = int(np.searchsorted(dst.pos, passage.end))
    best = -1
    i = dst.text.find(ctx, lo, hi)
    while i >= 0:
        if best < 0 or abs(i - lo - a) < abs(best - lo - a):
            best = i
        i = dst.text.find(ctx, i + 1, hi)
    if best < 0:
        return None
    s, e = dst.to_original(best + s0 - a, best + e0 - a, len(text))
    old = text[s:e]
    readings = [replace(rd, witnesses=[replace(w, doc=passage.doc, start=s, end=e, text=old) for w in rd.witnesses],
                        text=old if rd.witnesses else rd.text) for rd in p.readings]
    return replace(p, doc=passage.doc, start=s, end=e, old=old, readings=readings)
