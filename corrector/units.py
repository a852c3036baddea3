"""Work units: the clusters of aligned passages, which the vote can treat one at a time.

A unit is a connected component of alignments, two alignments being connected when they overlap
in a document they share: the passage clusters of :func:`corrector.discover.make_groups` (which
merges overlapping passages of one document the same way).  Document components percolate on real
archives (a page prints several stories, each reprinted elsewhere); passage clusters do not.

From the alignments on, everything a target's vote reads comes from one unit: its witnesses' views
(a witness covering a target position twice is resolved among overlapping views), its hunks (an
alignment starts and ends with an equal run of :data:`corrector.align.MIN_EQUAL_RUN` characters, so
differences of two alignments that do not overlap are never adjacent and never form one hunk), and
its coverage (the spans of different units are disjoint).  The one exception: a Latin word or number
running across the boundary of two adjacent passages is widened into one hunk by a whole-corpus run
(:func:`corrector.align.hunks_for_target`) but not here.
"""

from __future__ import annotations

from typing import Sequence

from .align import PairAlignment
from .unionfind import UnionFind


def work_units(alignments: Sequence[PairAlignment]) -> list[list[int]]:
    """The work units: lists of alignment indices (ascending), ordered by their first alignment."""
    sets = UnionFind(len(alignments))
    by_doc: dict[int, list[tuple[int, int, int]]] = {}
    for i, al in enumerate(alignments):
        by_doc.setdefault(al.a, []).append((al.a0, al.a1, i))
        by_doc.setdefault(al.b, []).append((al.b0, al.b1, i))
    for spans in by_doc.values():
        spans.sort()
        end, last = -1, -1
        for s, e, i in spans:
            if s < end:
                sets.union(i, last)
            if e > end:
                end, last = e, i
    return list(sets.components().values())


def unit_documents(alignments: Sequence[PairAlignment], unit: Sequence[int]) -> list[int]:
    """The documents (indices, ascending) a unit's alignments touch."""
    return sorted({d for i in unit for d in (alignments[i].a, alignments[i].b)})
