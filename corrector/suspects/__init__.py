"""Single-witness suspicion flags: places no printing disagrees on but the language evidence doubts.

Each detector is a module named for what it finds and returns proposals of kind ``suspect`` with a
candidate reading, a confidence and the evidence in the reason line.  :func:`find_suspects` runs
them all over one document.
"""

from __future__ import annotations

from typing import Callable

from ..ingest import make_key
from ..language import CorpusCounts, Dictionary
from ..model import Proposal
from . import broken_word, doubled, marks, repeated, transposed
from .evidence import Evidence, Text
from .lexicon import Lexicon

Detector = Callable[[Text, Evidence, Lexicon], list]

#: Every detector by name (the names the benchmark reports).
DETECTORS: dict[str, Detector] = {
    doubled.NAME: lambda t, ev, lx: doubled.find(t, ev),
    broken_word.NAME: broken_word.find,
    transposed.NAME: transposed.find,
    marks.NAME_BOX: lambda t, ev, lx: marks.find_box(t, ev),
    marks.NAME_MARK: lambda t, ev, lx: marks.find_marks(t, ev),
    marks.NAME_GARBAGE: lambda t, ev, lx: marks.find_garbage(t, ev),
    repeated.NAME: lambda t, ev, lx: repeated.find(t, ev),
}


def find_suspects(
    text: str,
    dictionary: Dictionary,
    corpus: CorpusCounts | None,
    *,
    doc: str = "",
    detectors: list[str] | None = None,
) -> list[Proposal]:
    """Suspicion flags over one document's text, sorted by offset, none overlapping another.

    Args:
        text: The document's original text (offsets of the proposals are code points into it).
        dictionary: The dictionary evidence.
        corpus: N-gram counts over the whole input (this document included), or None.
        doc: The document id the proposals carry.
        detectors: Names from :data:`DETECTORS` to run (default all).
    """
    t = Text.of(doc, text)
    repeats = repeated.find(t, Evidence(dictionary, None))
    copies = CorpusCounts([make_key(text[p.start:p.end]).text for p in repeats]) if repeats and corpus else None
    ev = Evidence(dictionary, corpus, copies)
    lexicon = Lexicon.shared(dictionary)
    found: list[Proposal] = []
    for name in detectors or list(DETECTORS):
        found += repeats if name == repeated.NAME else DETECTORS[name](t, ev, lexicon)
    return without_overlaps(found)


def without_overlaps(proposals: list[Proposal], taken: list[tuple[int, int]] = ()) -> list[Proposal]:
    """The proposals, most confident first, that overlap no other kept one nor a range of ``taken``; by offset."""
    kept: list[Proposal] = []
    spans = list(taken)
    for p in sorted(proposals, key=lambda p: (-p.confidence, p.start, p.end)):
        if any(_overlap(p.start, p.end, s, e) for s, e in spans):
            continue
        kept.append(p)
        spans.append((p.start, p.end))
    return sorted(kept, key=lambda p: (p.start, p.end))


def _overlap(s1: int, e1: int, s2: int, e2: int) -> bool:
    """Whether two ranges share a character, or an insertion point lies inside or touches the other."""
    if s1 == e1 or s2 == e2:
        return s2 <= s1 <= e2 if s1 == e1 else s1 <= s2 <= e1
    return s1 < e2 and s2 < e1
