"""Align: character alignment of each matched passage pair, projected onto every target document."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence

import numpy as np
from rapidfuzz.distance import Levenshtein

from .chars import is_latin, is_punct, letter_mask
from .discover import Chain, PassagePair

#: Alignments longer than this (in characters) are cut at anchors and aligned piecewise.
PIECE = 4000
#: An alignment is trimmed back to the first and last run of this many equal characters.
MIN_EQUAL_RUN = 4
#: Where versions diverge for at least LONG_RUN characters (a rewording, a sentence one paper
#: lacks, a line the OCR garbled), the short equal islands between it and other differences are
#: chance matches: they join the divergence instead of leaving stray small hunks at its edges,
#: which a vote could mix with the other wording.  An island shorter than CHANCE_ISLAND (来, 它, 的
#: inside 来美化它们的外观 / 可以通过下列的办法来改善它的环境) joins whatever lies beyond it; one
#: shorter than ISLAND (问题， inside 围绕群众急难愁盼问题，持续 / 聚焦居民反映强烈的突出问题，着力)
#: joins it unless that is a misread character (a same-length replacement of at most MISREAD
#: characters), an independent error of the page that stays a hunk of its own; what joins is part
#: of the divergence, and the next island is judged the same way.
#: Session 14: every island under 8 joined whatever lay beyond it, so a sentence one paper lacks
#: swallowed the misread characters after it, island after island (确卖 … 避丹 … 有甩, 7, 4 and 7
#: equal characters apart), into one variant that is never applied.  Measured against that (only
#: training and tuning text): ``bench.accuracy``'s training text, seeds 1-4, 3 / 5 printings,
#: errors left 32.5 / 16.7, 29.0 / 18.2, 30.5 / 13.7, 38.6 / 13.9 % → 31.2 / 15.0, 27.4 / 16.7,
#: 29.6 / 13.2, 36.9 / 13.3 %, wrong corrections 19, 16, 10, 15 → 19, 18, 10, 16; the real-OCR
#: tuning builds (training parts 0-1, news parts 0-1, plain and editions, k = 3 / 4 / 5) 1,370 /
#: 1,466 / 1,507 → 1,329 / 1,429 / 1,450 errors left, the same wrong corrections, no edit lost
#: (the edited paper printed once too).  What it costs: a line the OCR dropped beside a misread
#: character is no longer one hunk with it, and the dropped text alone can read as an editor's
#: (司辞职回乡。看到家乡的 as "words added", 北港区…15万吨级 for 人 outvoted by the target's
#: reading): news part 1 k = 4 +9 errors, news part 0 with the edited paper printed once k = 3 +9.
#: Tried: joining misreads beside a divergence where both sides have text (a garbled line) kept
#: those two but lost most of the gain (interleaved columns are such divergences too); one island
#: a side with ISLAND = 4 and no chance chain cut a rewording at its 来 on the held-out judge.
LONG_RUN = 6
ISLAND = 8
CHANCE_ISLAND = 3
MISREAD = 1
#: Differences before the first solid run of equal characters (or after the last) are kept where
#: they reach the start (the end) of both documents, change at most this many characters on either
#: side and add or drop no letter: a page's first or last character misread (姜溪湖 for 菱溪湖
#: opening a headline, . or nothing for the closing 。), which trimming would leave out of every
#: hunk.  Longer differences there, and letters one page has and the other lacks (a two-letter
#: label one paper set above the story), are layout, as before.
EDGE_CHANGE = 2
#: Two differences of one witness this close (in equal characters) that only move characters
#: (生产项目和一线 / 生产和项目一线) form one hunk, so a vote cannot mix the two halves.
MOVE_GAP = 3


@dataclass
class Op:
    """One edit-script operation in absolute key coordinates: ``a[i1:i2]`` → ``b[j1:j2]``."""

    tag: str
    i1: int
    i2: int
    j1: int
    j2: int


@dataclass
class PairAlignment(PassagePair):
    """A character alignment of ``a[a0:a1]`` with ``b[b0:b1]`` (document indices ``a`` and ``b``)."""

    ops: list[Op]
    #: OCR-sized edits (each differing run counts its length, capped at 3: rewrites are not noise)
    #: and aligned characters, for letters (index 0) and punctuation (index 1).
    edits: tuple[int, int] = (0, 0)
    lengths: tuple[int, int] = (0, 0)


#: Operation tags by their code in :func:`pack`.
TAGS = ("equal", "replace", "insert", "delete")
_TAG_CODE = {t: k for k, t in enumerate(TAGS)}


def pack(al: PairAlignment) -> tuple[PairAlignment, np.ndarray]:
    """``al`` without its operations, and the operations as an ``(n, 5)`` int32 array (tag code, i1, i2, j1, j2; key offsets < 2**31):
    what an alignment costs to send to another process (a list of :class:`Op` pickles ~10× slower)."""
    ops = np.array([(_TAG_CODE[o.tag], o.i1, o.i2, o.j1, o.j2) for o in al.ops], dtype=np.int32).reshape(-1, 5)
    return replace(al, ops=[]), ops


def unpack(al: PairAlignment, ops: np.ndarray) -> PairAlignment:
    """The alignment :func:`pack` took apart."""
    return replace(al, ops=[Op(TAGS[k], i1, i2, j1, j2) for k, i1, i2, j1, j2 in ops.tolist()])


def count_stats(al: PairAlignment, key_a: str, key_b: str, letters_a: np.ndarray | None = None) -> PairAlignment:
    """``al`` with its ``edits`` and ``lengths`` by character class (a new alignment; ``al`` is left as it was).

    Args:
        letters_a: Optional cumulative count of letters in ``key_a`` (``letters_a[i]`` = letters
            before position ``i``), to avoid counting them again for every passage.
    """
    edits = [0, 0]
    for o in al.ops:
        if o.tag != "equal":
            chars = key_a[o.i1:o.i2] + key_b[o.j1:o.j2]
            edits[1 if all(is_punct(c) for c in chars) else 0] += min(3, max(o.i2 - o.i1, o.j2 - o.j1))
    if letters_a is None:
        letters_a = letter_prefix(key_a)
    letters = int(letters_a[al.a1] - letters_a[al.a0])
    return replace(al, edits=(edits[0], edits[1]), lengths=(letters, al.a1 - al.a0 - letters))


def letter_prefix(key: str) -> np.ndarray:
    """Cumulative count of letters and digits in ``key`` (length ``len(key) + 1``)."""
    return np.r_[0, np.cumsum(letter_mask(key))]


def _opcodes(a: str, b: str, a_off: int, b_off: int) -> list[Op]:
    return [
        Op(o.tag, o.src_start + a_off, o.src_end + a_off, o.dest_start + b_off, o.dest_end + b_off)
        for o in Levenshtein.opcodes(a, b)
    ]


#: Characters added on each side of a chain's passages before aligning (the anchors start a few
#: characters into the shared text; the alignment is trimmed back to solid matches afterwards).
ALIGN_PAD = 12


def piece_cuts(chain: Chain, pad: int = ALIGN_PAD) -> list[tuple[int, int]]:
    """The anchors where :func:`align_chain` cuts a long passage pair: greedily, the first anchor at least
    :data:`PIECE` characters past the previous cut in either document (and past it in both).

    Keeping only these anchors in a chain (:func:`thin`) gives the same cuts, hence the same alignment.
    """
    last_a, last_b = max(0, chain.a0 - pad), max(0, chain.b0 - pad)
    cuts = []
    for pa, pb in chain.points.tolist():
        if (pa - last_a >= PIECE or pb - last_b >= PIECE) and pa > last_a and pb > last_b:
            cuts.append((pa, pb))
            last_a, last_b = pa, pb
    return cuts


def thin(chain: Chain) -> Chain:
    """``chain`` with only the anchors :func:`align_chain` cuts at (a chain's anchors are ~16 bytes a character;
    these are a few a passage), so chains are cheap to hold and to send to a worker."""
    return replace(chain, points=np.array(piece_cuts(chain), dtype=np.int64).reshape(-1, 2))


def align_chain(key_a: str, key_b: str, chain: Chain, pad: int = ALIGN_PAD, letters_a: np.ndarray | None = None) -> PairAlignment | None:
    """Align the passage pair of ``chain`` (padded by ``pad`` characters) and trim loose ends.

    Long passages are cut at anchor n-grams (exact matches) about every :data:`PIECE`
    characters, so the cost stays linear in the passage length.

    Returns:
        The alignment, or ``None`` when nothing solid is left after trimming.
    """
    a1 = min(len(key_a), chain.a1 + pad)
    b1 = min(len(key_b), chain.b1 + pad)
    cuts = [(max(0, chain.a0 - pad), max(0, chain.b0 - pad)), *piece_cuts(chain, pad), (a1, b1)]
    ops: list[Op] = []
    for (sa, sb), (ea, eb) in zip(cuts, cuts[1:]):
        ops.extend(_opcodes(key_a[sa:ea], key_b[sb:eb], sa, sb))
    al = _trim(chain.a, chain.b, _absorb_islands(_merge_equal(ops)), key_a, key_b)
    return count_stats(al, key_a, key_b, letters_a) if al is not None else None


def _merge_equal(ops: list[Op]) -> list[Op]:
    out: list[Op] = []
    for o in ops:
        if out and o.tag == "equal" and out[-1].tag == "equal" and out[-1].i2 == o.i1:
            out[-1] = Op("equal", out[-1].i1, o.i2, out[-1].j1, o.j2)
        else:
            out.append(o)
    return out


def _absorb_islands(ops: list[Op]) -> list[Op]:
    """Merge short equal islands next to a long divergence into it (see :data:`LONG_RUN`).

    An island shorter than :data:`CHANCE_ISLAND` joins whatever difference lies beyond it; one
    shorter than :data:`ISLAND` joins it unless that difference is a misreading (a same-length
    replacement of at most :data:`MISREAD` characters), which stays a hunk of its own.  What is
    joined is part of the divergence, and the next island is judged the same way."""
    def size(o: Op) -> int:
        return max(o.i2 - o.i1, o.j2 - o.j1)

    def misread(o: Op) -> bool:
        return o.tag == "replace" and o.i2 - o.i1 == o.j2 - o.j1 <= MISREAD

    coalesced: list[Op] = []
    for o in ops:  # adjacent differences are one difference
        if coalesced and o.tag != "equal" and coalesced[-1].tag != "equal":
            p = coalesced[-1]
            coalesced[-1] = Op("replace", p.i1, o.i2, p.j1, o.j2)
        else:
            coalesced.append(o)
    # each op with whether it is (or has joined) a long divergence
    items = [(o, o.tag != "equal" and size(o) >= LONG_RUN) for o in coalesced]
    changed = True
    while changed:
        changed = False
        out: list[tuple[Op, bool]] = []
        for o, long in items:
            if len(out) >= 2 and o.tag != "equal" and out[-1][0].tag == "equal" and out[-2][0].tag != "equal":
                (a, a_long), island = out[-2], out[-1][0].i2 - out[-1][0].i1
                joins = (a_long and (island < CHANCE_ISLAND or (island < ISLAND and not misread(o)))) or (
                    long and (island < CHANCE_ISLAND or (island < ISLAND and not misread(a))))
                if joins:
                    out[-2:] = [(Op("replace", a.i1, o.i2, a.j1, o.j2), True)]
                    changed = True
                    continue
            out.append((o, long))
        items = out
    return [o for o, _ in items]


def _trim(a: int, b: int, ops: list[Op], key_a: str | None = None, key_b: str | None = None) -> PairAlignment | None:
    """The alignment from the first to the last solid run of equal characters (:data:`MIN_EQUAL_RUN`),
    with the small differences that reach both documents' start or end (:func:`_edge_kept`; only
    when the keys ``key_a`` and ``key_b`` are given)."""
    solid = [k for k, o in enumerate(ops) if o.tag == "equal" and o.i2 - o.i1 >= MIN_EQUAL_RUN]
    if not solid:
        return None
    lo, hi = solid[0], solid[-1] + 1
    if key_a is not None and key_b is not None:
        if lo and ops[0].i1 == 0 and ops[0].j1 == 0 and _edge_kept(ops[:lo], key_a, key_b):
            lo = 0
        if hi < len(ops) and ops[-1].i2 == len(key_a) and ops[-1].j2 == len(key_b) and _edge_kept(ops[hi:], key_a, key_b):
            hi = len(ops)
    ops = ops[lo:hi]
    return PairAlignment(a, b, ops[0].i1, ops[-1].i2, ops[0].j1, ops[-1].j2, ops)


def _edge_kept(ops: list[Op], key_a: str, key_b: str) -> bool:
    """Whether the differences in ``ops`` change at most :data:`EDGE_CHANGE` characters on either side
    and add or drop no letter (what one side has beyond the other is marks)."""
    changed = [o for o in ops if o.tag != "equal"]
    if sum(o.i2 - o.i1 for o in changed) > EDGE_CHANGE or sum(o.j2 - o.j1 for o in changed) > EDGE_CHANGE:
        return False
    for o in changed:
        extra = key_a[o.i1 + (o.j2 - o.j1):o.i2] if o.i2 - o.i1 > o.j2 - o.j1 else key_b[o.j1 + (o.i2 - o.i1):o.j2]
        if any(not is_punct(c) for c in extra):
            return False
    return True


@dataclass
class View:
    """One witness seen from a target: ``target[t0:t1]`` aligned with ``witness[w0:w1]``."""

    witness: int
    t0: int
    t1: int
    w0: int
    w1: int
    ops: list[Op]  # i = target coordinates, j = witness coordinates
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [o.i1 for o in self.ops]


_SWAP = {"insert": "delete", "delete": "insert", "replace": "replace", "equal": "equal"}


def view_of(alignment: PairAlignment, target: int) -> View:
    """The alignment as seen from ``target`` (one of its two documents)."""
    al = alignment
    if target == al.a:
        return View(al.b, al.a0, al.a1, al.b0, al.b1, al.ops)
    ops = [Op(_SWAP[o.tag], o.j1, o.j2, o.i1, o.i2) for o in al.ops]
    return View(al.a, al.b0, al.b1, al.a0, al.a1, ops)


def views_by_target(alignments: list[PairAlignment], n_docs: int) -> list[list[View]]:
    """For every document, the views of its witnesses; one witness never covers a target position twice."""
    found = views_of_targets(alignments)
    return [found.get(t, []) for t in range(n_docs)]


def views_of_targets(alignments: list[PairAlignment]) -> dict[int, list[View]]:
    """:func:`views_by_target` for the documents the alignments touch only, by document index (ascending)."""
    out: dict[int, list[View]] = {}
    for al in alignments:
        out.setdefault(al.a, []).append(view_of(al, al.a))
        out.setdefault(al.b, []).append(view_of(al, al.b))
    for t in sorted(out):
        chosen: list[View] = []
        taken: dict[int, list[tuple[int, int]]] = {}
        for v in sorted(out[t], key=lambda v: -(v.t1 - v.t0)):
            spans = taken.setdefault(v.witness, [])
            if any(v.t0 < e and s < v.t1 for s, e in spans):
                continue
            spans.append((v.t0, v.t1))
            chosen.append(v)
        out[t] = sorted(chosen, key=lambda v: (v.t0, v.witness))
    return {t: out[t] for t in sorted(out)}


@dataclass
class Hunk:
    """Where witnesses disagree with a target: ``target[s:e]`` and each covering witness's reading.

    Attributes:
        s, e: Key range in the target (``s == e`` for an insertion point).
        readings: Reading text (key form) → list of ``(witness index, ws, we)`` key ranges;
            the target itself is listed under its own reading as ``(target, s, e)``.
    """

    s: int
    e: int
    readings: dict[str, list[tuple[int, int, int]]]
    #: Characters between the hunk and the nearest end of a covering witness's aligned passage
    #: (small near a column break or a cut, where a gap may be layout rather than lost text).
    edge: int = 10**9


def _regions(view: View, key: str, wkey: str) -> list[tuple[int, int]]:
    """Unit ranges ``[u0, u1]`` of this witness's differences (gap g = unit 2g, position i = unit 2i+1).

    Adjacent differences form one region, and so do two differences up to :data:`MOVE_GAP`
    characters apart that together only move characters or are a deletion and an insertion (one
    shifted replacement); independent errors stay apart.
    """
    regions: list[list[int]] = []
    last_equal_len = 10**9
    prev: Op | None = None
    for o in view.ops:
        if o.tag == "equal":
            last_equal_len = o.i2 - o.i1
            continue
        u0 = 2 * o.i1 if o.tag == "insert" else 2 * o.i1 + 1
        u1 = 2 * o.i1 if o.tag == "insert" else 2 * o.i2 - 1
        moved = (
            prev is not None
            and last_equal_len <= MOVE_GAP
            and (
                sorted(key[prev.i1:prev.i2] + key[o.i1:o.i2]) == sorted(wkey[prev.j1:prev.j2] + wkey[o.j1:o.j2])
                # a deletion and an insertion side by side are one replacement the aligner shifted (挑选/选择)
                or {prev.tag, o.tag} == {"delete", "insert"}
                # two insertions (or deletions) one character apart are one change (党建/党的建设)
                or (prev.tag == o.tag != "replace" and last_equal_len <= 1)
            )
        )
        if regions and (last_equal_len == 0 or moved):
            regions[-1][1] = max(regions[-1][1], u1)
        else:
            regions.append([u0, u1])
        last_equal_len = 0
        prev = o
    return [(u0, u1) for u0, u1 in regions]


def _witness_range(view: View, u0: int, u1: int) -> tuple[int, int]:
    """The witness key range that ``view`` aligns with the target units ``[u0, u1]``."""
    s = u0 // 2
    e = (u1 + 1) // 2
    k = max(0, bisect_left(view.starts, s) - 1)
    lo = hi = None
    ops = view.ops
    while k < len(ops):
        o = ops[k]
        if o.i1 > e:
            break
        if o.tag == "equal":
            p0, p1 = max(o.i1, s), min(o.i2, e)
            if 2 * p0 + 1 < u0:
                p0 += 1
            if p1 > p0:
                j0, j1 = o.j1 + (p0 - o.i1), o.j1 + (p1 - o.i1)
                lo = j0 if lo is None else min(lo, j0)
                hi = j1 if hi is None else max(hi, j1)
        elif o.tag == "insert":
            if u0 <= 2 * o.i1 <= u1:
                lo = o.j1 if lo is None else min(lo, o.j1)
                hi = o.j2 if hi is None else max(hi, o.j2)
        else:
            if 2 * o.i1 + 1 <= u1 and 2 * o.i2 - 1 >= u0:
                lo = o.j1 if lo is None else min(lo, o.j1)
                hi = o.j2 if hi is None else max(hi, o.j2)
        k += 1
    if lo is None:
        # Everything deleted: the insertion point in the witness.
        k = max(0, bisect_right(view.starts, s) - 1)
        o = ops[k]
        j = o.j1 + (s - o.i1) if o.tag == "equal" else (o.j2 if s >= o.i2 else o.j1)
        return j, j
    assert hi is not None  # set together with lo
    return lo, hi


def _whole_words(key: str, u0: int, u1: int) -> tuple[int, int]:
    """Widen a unit range that cuts into a Latin word or number to the whole word (Ubuntu/Debian is one change)."""
    s, e = u0 // 2, (u1 + 1) // 2
    inside_start = 0 < s < len(key) and is_latin(key[s - 1]) and (is_latin(key[s]) or (s == e and u0 % 2 == 0))
    inside_end = 0 < e < len(key) and is_latin(key[e]) and (is_latin(key[e - 1]) or s == e)
    if not (inside_start or inside_end):
        return u0, u1
    while s > 0 and is_latin(key[s - 1]):
        s -= 1
    while e < len(key) and is_latin(key[e]):
        e += 1
    return min(u0, 2 * s + 1), max(u1, 2 * e - 1)


def hunks_for_target(target: int, key: str, views: list[View], keys: Sequence[str] | Mapping[int, str]) -> list[Hunk]:
    """Union the witnesses' differences with ``target`` into hunks and read every witness over each."""
    regions: list[tuple[int, int]] = []
    for v in views:
        regions.extend(_whole_words(key, u0, u1) for u0, u1 in _regions(v, key, keys[v.witness]))
    if not regions:
        return []
    regions.sort()
    merged: list[list[int]] = []
    for u0, u1 in regions:
        if merged and u0 <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], u1)
        else:
            merged.append([u0, u1])
    hunks: list[Hunk] = []
    for u0, u1 in merged:
        s, e = u0 // 2, (u1 + 1) // 2
        readings: dict[str, list[tuple[int, int, int]]] = {key[s:e]: [(target, s, e)]}
        edge = 10**9
        for v in views:
            # The witness must cover the hunk with some margin on each side.
            if not (v.t0 <= s and e <= v.t1 and (s > v.t0 or u0 % 2) and (e < v.t1 or u1 % 2)):
                continue
            ws, we = _witness_range(v, u0, u1)
            readings.setdefault(keys[v.witness][ws:we], []).append((v.witness, ws, we))
            edge = min(edge, s - v.t0, v.t1 - e)
        if len(readings) > 1:
            hunks.append(Hunk(s, e, readings, edge))
    return hunks
