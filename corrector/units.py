"""Work units: the connected components of passage pairs that the vote can treat on their own.

Discovery pairs passages (chains); a unit is a set of chains joined through the documents they
share, where two chains touch the same document within :data:`UNIT_GAP` characters of each other.
Two passages of a page that lie further apart (two stories on one page) fall into different units
unless some other printing links them, so units stay as small as the clusters of versions
(document groups percolate through pages that print several stories; passages do not).

Everything from aligning a pair to proposing a correction reads only the texts of one unit's
documents and the corpus statistics, and a target's hunks never join differences from two units:
alignments are at most :data:`corrector.align.ALIGN_PAD` characters wider than their chains on each
side, so alignments of different units are at least two characters apart in every document they
share.  (A Latin word or number running across that gap could still widen one unit's hunk into the
other's passage; the hunk then differs from a whole-corpus run.)
"""

from __future__ import annotations

from typing import Sequence

from .align import ALIGN_PAD
from .discover import Chain
from .unionfind import UnionFind

#: Chains within this many characters of each other in one document join one unit: each side of
#: each may grow by :data:`ALIGN_PAD` when aligned, and two further characters keep the alignments'
#: differences from touching (hunks merge differences that are adjacent).
UNIT_GAP = 2 * ALIGN_PAD + 2


def work_units(chains: Sequence[Chain]) -> list[list[int]]:
    """The work units of ``chains``: lists of chain indices (ascending), ordered by their first chain."""
    sets = UnionFind(len(chains))
    by_doc: dict[int, list[tuple[int, int, int]]] = {}
    for i, ch in enumerate(chains):
        by_doc.setdefault(ch.a, []).append((ch.a0, ch.a1, i))
        by_doc.setdefault(ch.b, []).append((ch.b0, ch.b1, i))
    for spans in by_doc.values():
        spans.sort()
        end, last = -(10**9), -1
        for s, e, i in spans:
            if s < end + UNIT_GAP:
                sets.union(i, last)
            if e > end:
                end, last = e, i
    return list(sets.components().values())


def unit_documents(chains: Sequence[Chain], unit: Sequence[int]) -> list[int]:
    """The documents (indices, ascending) a unit's chains touch."""
    return sorted({d for i in unit for d in (chains[i].a, chains[i].b)})
