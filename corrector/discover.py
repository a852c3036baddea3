"""Discover: find passages that are versions of the same text with an n-gram anchor index (after passim)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from .chars import letter_mask
from .model import Group, Options, Span
from .unionfind import UnionFind

_P = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier for the polynomial rolling hash


@dataclass
class PassagePair:
    """Two passages taken for versions of one text: ``a[a0:a1]`` ↔ ``b[b0:b1]`` in key coordinates.

    Attributes:
        a: Index of the first document.
        b: Index of the second document.
        a0, a1, b0, b1: The passages' key ranges.
    """

    a: int
    b: int
    a0: int
    a1: int
    b0: int
    b1: int

    @property
    def length(self) -> int:
        """The shorter passage's length."""
        return min(self.a1 - self.a0, self.b1 - self.b0)


@dataclass
class Chain(PassagePair):
    """A run of shared anchors between two documents (``a < b``); ``a0:a1`` and ``b0:b1`` are the key ranges
    the anchors cover.

    Attributes:
        anchors: Number of anchor n-grams in the chain.
        points: ``(n, 2)`` array of anchor starts ``(key_a, key_b)``, increasing in both.
    """

    anchors: int
    points: np.ndarray


def skeleton(key: str) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the skeleton characters of ``key`` and their positions in ``key``."""
    cps = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32)
    pos = np.nonzero(letter_mask(key))[0].astype(np.int64)
    return cps[pos].astype(np.uint64), pos


def rolling_hashes(cps: np.ndarray, n: int) -> np.ndarray:
    """64-bit polynomial hashes of every ``n``-gram of the code-point array ``cps``."""
    m = len(cps) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * _P + (cps[k:k + m] + np.uint64(1))
        h ^= h >> np.uint64(29)
    return h


_MASK = (1 << 64) - 1


def gram_hash(gram: str) -> int:
    """:func:`rolling_hashes` of one whole n-gram, in plain Python (fast for single look-ups)."""
    h = 0
    p = int(_P)
    for ch in gram:
        h = (h * p + ord(ch) + 1) & _MASK
    return h ^ (h >> 29)


#: ``map_tasks(fn, tasks, shared)``: ``[fn(shared, *task) for task in tasks]`` wherever the calls run
#: (:meth:`corrector.executors.Executor.map`); ``fn`` is a module-level function.
MapTasks = Callable[[Callable[..., Any], Sequence[tuple[Any, ...]], Any], list[Any]]


def _in_process(fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]], shared: Any) -> list[Any]:
    return [fn(shared, *task) for task in tasks]


def find_chains(
    keys: list[str], options: Options, keep: Callable[[Chain], Chain] | None = None,
    map_tasks: MapTasks = _in_process, workers: int = 1,
) -> list[Chain]:
    """Pair documents that share rare n-grams and chain the shared n-grams into passages.

    An n-gram is an anchor when it occurs at most twice in a document and in 2 to
    ``options.max_df`` documents.  Anchors of one document pair are clustered by diagonal
    (position in b minus position in a) and split where consecutive anchors are far apart, so a
    story interleaved with other columns gives one chain per fragment.

    The hash partitions (anchors) and then the document-pair partitions (chains) are independent
    tasks, run by ``map_tasks`` (an executor's ``map``: on the workers), at least one per worker
    (``workers``); the result does not depend on the number of partitions or where they run.

    Returns:
        Chains with at least ``options.min_anchors`` anchors covering ``options.min_passage`` characters,
        each passed through ``keep`` when given (e.g. :func:`corrector.align.thin`, which drops the
        anchors the alignment does not need as soon as a chain is found), sorted by document pair.
    """
    n = options.ngram
    if not keys:
        return []
    # The postings (hash, document, skeleton position) go straight into arrays sized for every
    # character (a bound on the n-grams), not into per-document pieces joined afterwards (twice the memory).
    bound = sum(len(k) for k in keys)
    H = np.empty(bound, dtype=np.uint64)
    D = np.empty(bound, dtype=np.int32)
    S = np.empty(bound, dtype=np.int32)
    m = 0
    skel_pos: list[np.ndarray] = []
    for i, key in enumerate(keys):
        cps, pos = skeleton(key)
        skel_pos.append(pos.astype(np.int32))  # half the memory of int64 (offsets < 2**31: MAX_BYTES per file)
        h = rolling_hashes(cps, n)
        H[m:m + len(h)] = h
        D[m:m + len(h)] = i
        S[m:m + len(h)] = np.arange(len(h), dtype=np.int32)
        m += len(h)
    H, D, S = H[:m], D[:m], S[:m]
    if m == 0:
        return []
    # The index by hash partitions (as passim's shuffle does): an n-gram's postings all fall in one
    # partition, so each partition finds its anchors on its own and only one is sorted at a time.
    parts = _partitions(len(H), workers)
    if parts == 1:
        tasks = [(H, D, S)]
    else:
        part_of = (H % np.uint64(parts)).astype(np.uint16 if parts < 2**16 else np.uint32)
        tasks = []
        for p in range(parts):
            sel = np.nonzero(part_of == p)[0]
            tasks.append((H[sel], D[sel], S[sel]))
        del part_of
    del H, D, S
    pairs = [f for f in map_tasks(_anchor_task, tasks, options.max_df) if f is not None]
    del tasks
    if not pairs:
        return []
    A, B, PA, PB = (np.concatenate([f[k] for f in pairs]) for k in range(4))  # int32: half the memory
    del pairs
    # Chains by document-pair partitions (every anchor of a pair falls in one), so the sorts that
    # chain them hold one partition at a time; a pair's chains keep their order within it.
    parts = _partitions(len(A), workers)
    if parts == 1:
        chain_tasks = [(A, B, PA, PB)]
    else:
        bucket = (A.astype(np.int64) + B) % parts
        chain_tasks = []
        for p in range(parts):
            sel = np.nonzero(bucket == p)[0]
            if len(sel):
                chain_tasks.append((A[sel], B[sel], PA[sel], PB[sel]))
        del bucket
    del A, B, PA, PB
    found = map_tasks(_chain_task, chain_tasks, (skel_pos, n, options, keep))
    chains = [c for part in found for c in part]
    if len(chain_tasks) > 1:
        chains.sort(key=lambda c: (c.a, c.b))  # stable: the order _chain gives on the whole
    return chains


def _partitions(postings: int, workers: int) -> int:
    """Partitions of about :data:`PARTITION_POSTINGS` postings each, a multiple of ``workers`` (each gets a fair share)."""
    parts = max(1, -(-postings // PARTITION_POSTINGS))
    if workers > 1:
        parts = -(-parts // workers) * workers
    return parts


def _anchor_task(max_df: int, H: np.ndarray, D: np.ndarray, S: np.ndarray) -> tuple[np.ndarray, ...] | None:
    """One hash partition's anchor pairs (a task: see :func:`_anchor_pairs`)."""
    return _anchor_pairs(H, D, S, max_df)


def _chain_task(
    shared: tuple[list[np.ndarray], int, Options, Callable[[Chain], Chain] | None],
    A: np.ndarray, B: np.ndarray, PA: np.ndarray, PB: np.ndarray,
) -> list[Chain]:
    """One document-pair partition's chains (a task: see :func:`_chain`); ``shared`` carries every document's skeleton positions."""
    skel_pos, n, options, keep = shared
    return _chain(A.astype(np.int64), B.astype(np.int64), PA.astype(np.int64), PB.astype(np.int64), skel_pos, n, options, keep)


#: Postings (n-gram occurrences) sorted at a time when finding anchors: the index is split into
#: hash partitions of about this many, bounding the sort's memory (~50 bytes a posting at the peak)
#: instead of letting it grow with the corpus.  One partition up to ~300 pages of 3,000 characters;
#: each further partition costs one pass over the hashes (~10 ms a million).
PARTITION_POSTINGS = 1_000_000


def _anchor_pairs(
    H: np.ndarray, D: np.ndarray, S: np.ndarray, max_df: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Cross-document anchor pairs ``(doc a, doc b, skeleton position in a, in b)`` among the postings of some hashes.

    An n-gram is an anchor when it occurs at most twice in a document and in 2 to ``max_df`` documents.
    """
    order = np.lexsort((S, D, H))
    H, D, S = H[order], D[order], S[order]

    # Occurrences of each (hash, doc): keep n-grams found at most twice in a document.
    hd_start = np.ones(len(H), dtype=bool)
    hd_start[1:] = (H[1:] != H[:-1]) | (D[1:] != D[:-1])
    hd_id = np.cumsum(hd_start) - 1
    hd_count = np.bincount(hd_id)
    keep = hd_count[hd_id] <= 2
    H, D, S, hd_start = H[keep], D[keep], S[keep], hd_start[keep]
    if not len(H):
        return None
    # Document frequency of each hash.
    h_start = np.ones(len(H), dtype=bool)
    h_start[1:] = H[1:] != H[:-1]
    h_id = np.cumsum(h_start) - 1
    df = np.bincount(h_id, weights=hd_start.astype(np.float64)).astype(np.int64)
    keep = (df[h_id] >= 2) & (df[h_id] <= max_df)
    H, D, S, h_id = H[keep], D[keep], S[keep], h_id[keep]
    if not len(H):
        return None
    # Re-number groups and emit every cross-document pair within a group, by group size.
    starts = np.nonzero(np.r_[True, h_id[1:] != h_id[:-1]])[0]
    sizes = np.diff(np.r_[starts, len(H)])
    pa_doc, pa_pos, pb_doc, pb_pos = [], [], [], []
    for s in np.unique(sizes):
        g = starts[sizes == s]
        iu, ju = np.triu_indices(int(s), k=1)
        ia = (g[:, None] + iu[None, :]).ravel()
        ib = (g[:, None] + ju[None, :]).ravel()
        da, db = D[ia], D[ib]
        cross = da != db
        ia, ib, da, db = ia[cross], ib[cross], da[cross], db[cross]
        swap = da > db
        ia2 = np.where(swap, ib, ia)
        ib2 = np.where(swap, ia, ib)
        pa_doc.append(D[ia2])
        pa_pos.append(S[ia2])
        pb_doc.append(D[ib2])
        pb_pos.append(S[ib2])
    return np.concatenate(pa_doc), np.concatenate(pb_doc), np.concatenate(pa_pos), np.concatenate(pb_pos)


def _chain(A, B, PA, PB, skel_pos, n, options: Options, keep: Callable[[Chain], Chain] | None = None) -> list[Chain]:
    diag = PB - PA
    # Sort by document pair, then diagonal; split diagonal clusters where the diagonal jumps.
    order = np.lexsort((PA, diag, B, A))
    A, B, PA, PB, diag = A[order], B[order], PA[order], PB[order], diag[order]
    tol = 24  # characters of drift (dropped or doubled characters) tolerated inside a chain
    new_cluster = np.r_[True, (A[1:] != A[:-1]) | (B[1:] != B[:-1]) | (diag[1:] - diag[:-1] > tol)]
    cluster = np.cumsum(new_cluster) - 1
    # Within a cluster, order by position in a and split where anchors are far apart.
    order = np.lexsort((PB, PA, cluster))
    A, B, PA, PB, cluster = A[order], B[order], PA[order], PB[order], cluster[order]
    gap = 60 + 4 * n
    split = np.r_[True, (cluster[1:] != cluster[:-1]) | (PA[1:] - PA[:-1] > gap) | (PB[1:] - PB[:-1] > gap)]
    bounds = np.nonzero(np.r_[split, True])[0]
    big = np.nonzero(np.diff(bounds) >= options.min_anchors)[0]
    chains: list[Chain] = []
    for c in big:
        lo, hi = bounds[c], bounds[c + 1]
        pa, pb = PA[lo:hi], PB[lo:hi]
        # Keep anchors increasing in both documents (drop crossing ones).  (Slices, not np.r_/np.diff:
        # this loop runs once per candidate chain, ~20,000 times at 1,000 pages.)
        ok = np.empty(len(pa), dtype=bool)
        ok[0] = True
        np.logical_and(pa[1:] > pa[:-1], pb[1:] > pb[:-1], out=ok[1:])
        pa, pb = pa[ok], pb[ok]
        if len(pa) < options.min_anchors:
            continue
        covered = _covered(pa, n)
        if covered < options.min_passage:
            continue
        a, b = int(A[lo]), int(B[lo])
        ka, kb = skel_pos[a], skel_pos[b]
        points = np.stack([ka[pa], kb[pb]], axis=1)
        chain = Chain(
            a=a, b=b,
            a0=int(ka[pa[0]]), a1=int(ka[pa[-1] + n - 1]) + 1,
            b0=int(kb[pb[0]]), b1=int(kb[pb[-1] + n - 1]) + 1,
            anchors=len(pa), points=points,
        )
        chains.append(keep(chain) if keep is not None else chain)
    return chains


def _covered(starts: np.ndarray, n: int) -> int:
    """Number of positions covered by n-grams starting at the sorted ``starts``."""
    if not len(starts):
        return 0
    # each n-gram covers up to the next start; the last covers all n of its positions
    return int(np.minimum(starts[:-1] + n, starts[1:]).sum() - starts[:-1].sum()) + n


def make_groups(spans: list[tuple[int, int, int]], ids: list[str], links: list[tuple[int, int]]) -> list[Group]:
    """Connected components of passages.

    Args:
        spans: ``(doc index, start, end)`` of every aligned passage, in original offsets.
        ids: Document ids by index.
        links: Pairs of indices into ``spans`` that were aligned with each other.

    Returns:
        Groups of overlapping or linked passages spanning at least two documents (overlapping
        passages of one document are merged).
    """
    sets = UnionFind(len(spans))
    for x, y in links:
        sets.union(x, y)
    by_doc: dict[int, list[int]] = {}
    for i, (d, _, _) in enumerate(spans):
        by_doc.setdefault(d, []).append(i)
    for members in by_doc.values():
        members.sort(key=lambda i: spans[i][1])
        end, last = -1, -1
        for i in members:
            if spans[i][1] < end:
                sets.union(i, last)
            if spans[i][2] > end:
                end, last = spans[i][2], i
    comps = sets.components()
    groups: list[Group] = []
    for members in sorted(comps.values(), key=lambda m: min(spans[i][0:2] for i in m)):
        merged: dict[int, list[list[int]]] = {}
        for i in sorted(members, key=lambda i: spans[i]):
            d, s, e = spans[i]
            runs = merged.setdefault(d, [])
            if runs and s <= runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], e)
            else:
                runs.append([s, e])
        if len(merged) < 2:
            continue
        passages = [Span(ids[d], s, e) for d in sorted(merged) for s, e in merged[d]]
        groups.append(Group(id=len(groups), passages=passages))
    return groups
