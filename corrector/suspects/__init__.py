"""Single-witness suspicion flags: places no printing disagrees on but the language evidence doubts.

Each detector is a module named for what it finds and returns proposals of kind ``suspect`` with a
candidate reading, a confidence and the evidence in the reason line.  :func:`find_suspects` runs
them all over one document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from ..ingest import Key, make_key
from ..language import CorpusCounts, Dictionary
from ..model import Document, Group, Proposal, Span
from ..overlap import overlap
from . import broken_word, doubled, latin, marks, repeated, transposed
from .evidence import Evidence, Text
from .lexicon import Lexicon

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
    marks.NAME_STROKE: lambda t, ev, lx: marks.find_strokes(t, ev),
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
        reprints: The other printings' versions of this document's passages (key or original text):
            their n-grams are left out of the corpus counts, so a reading every printing shares
            (the same misreading of the same typeface) counts as printed once, not as "the same
            phrase found elsewhere in the input".
    """
    t = Text.of(doc, text, settled)
    repeats = repeated.find(t, Evidence(dictionary, None))
    copied = [make_key(text[p.start:p.end]).text for p in repeats] + [make_key(r).text for r in reprints]
    copies = CorpusCounts(copied) if copied and corpus else None
    ev = Evidence(dictionary, corpus, copies, corpus_chars)
    lexicon = Lexicon.shared(dictionary)
    found: list[Proposal] = []
    for name in detectors or list(DETECTORS):
        found += repeats if name == repeated.NAME else DETECTORS[name](t, ev, lexicon)
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
    for t, s, e in disputed:
        d = documents[t]
        taken.setdefault(d.id, []).append(Span(d.id, *keys[t].to_original(s, e, len(d.text))))
    out = list(proposals)
    chars = frozenset().union(*(set(k.text) for k in keys))
    texts = {d.id: d.text for d in documents}
    reprints: dict[str, set[tuple[str, int, int]]] = {}
    for g in groups:
        for p in g.passages:
            reprints.setdefault(p.doc, set()).update((q.doc, q.start, q.end) for q in g.passages if q.doc != p.doc)
    for d in documents:
        mine = taken.get(d.id, ())
        found = find_suspects(d.text, dictionary, corpus, doc=d.id, corpus_chars=chars, settled=mine,
                              reprints=[texts[o][a:b] for o, a, b in sorted(reprints.get(d.id, ()))])
        out += without_overlaps(found, mine)
    out.sort(key=lambda p: (p.doc, p.start, p.end))
    return out
