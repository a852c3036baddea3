"""The dictionary gains of the broken-word detector's dropped and added characters at a batch of
texts' places at once (NumPy): :class:`.edit_gain.EditGain`'s gains, the same floats.

A deletion of the Han character ``c`` between ``left`` and ``right`` and an insertion of ``c``
there weigh the same two readings of the place: ``l + c + r`` and ``l + r`` (``l``, ``r``: the Han
runs of the context either side, :func:`.substitution_gain.han_run_edges`).  Each edit is a row of
:data:`.substitution_gains.WIDTH` key characters, ``c`` at column :data:`CONTEXT` with up to that
many characters of the text either side; the first reading scores as
:func:`.substitution_gains.covers_of` scores a substitution's reading, the second (:func:`_joined`)
the same way with the row's middle column taken out: the best segmentation of ``l``, then either a
boundary and the best segmentation of ``r`` (``F + B``) or a word over the join, term for term as
:meth:`EditGain.score` sums them (``((F + log f) - logtotal) + B``; a maximum where it keeps a
running ``best``: the same float).  The gain is then summed in Python as :meth:`EditGain.gain`
sums it.  Only edits :func:`.edit_gain.local` takes (a test compares the gains with EditGain's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..language import HAN_BONUS, Dictionary
from .edit_gain import local
from .evidence import CONTEXT, context
from .substitution_gains import WIDTH, WordValues, covers_of, edge_scores_of, word_values

#: The windows of the row with its middle column taken out (``l`` at columns ..CONTEXT-1, ``r`` from
#: column CONTEXT on) that hold the join: a word of ``l``'s end and ``r``'s start.
_JOIN = [(x, y) for x in range(CONTEXT) for y in range(CONTEXT + 1, WIDTH)]
_COLS = np.arange(CONTEXT)

if TYPE_CHECKING:
    from .broken_word import Pending


def edit_gains(dictionary: Dictionary, texts: Sequence[tuple[np.ndarray, np.ndarray, Sequence[tuple[int, int, str, str]]]]
               ) -> list[list[float]]:
    """``out[t][j]``: ``EditGain(dictionary, left, right).gain(old, new)`` of the j-th edit ``(s, e,
    old, new)`` of text ``t`` (``texts[t]``: its code points, which are Han (as
    :func:`.evidence.han_mask`), its edits), ``left, right = context(k, s, e)``: a deletion (``old``
    one Han character, ``new`` empty, ``e == s + 1``) or an insertion (``old`` empty, ``new`` one Han
    character, ``e == s``), each one :func:`.edit_gain.local` takes."""
    sizes = [len(edits) for _, _, edits in texts]
    if not sum(sizes):
        return [[] for _ in texts]
    wins, hans, mids, signs = [], [], [], []
    for cps, han, edits in texts:
        if not edits:
            continue
        c = np.concatenate([np.zeros(CONTEXT, dtype=np.int64), cps.astype(np.int64), np.zeros(CONTEXT, dtype=np.int64)])
        hm = np.concatenate([np.zeros(CONTEXT, dtype=bool), han.astype(bool), np.zeros(CONTEXT, dtype=bool)])
        s = np.fromiter((x[0] for x in edits), dtype=np.int64, count=len(edits))
        e = np.fromiter((x[1] for x in edits), dtype=np.int64, count=len(edits))
        # padded coordinates: the text's position p at p + CONTEXT
        idx = np.concatenate([s[:, None] + _COLS, s[:, None], e[:, None] + CONTEXT + _COLS], axis=1)
        wins.append(c[idx])
        hans.append(hm[idx])
        mids.append(np.fromiter((ord(old or new) for _, _, old, new in edits), dtype=np.int64, count=len(edits)))
        signs += [1 if new else -1 for _, _, _, new in edits]
    win = np.concatenate(wins)
    hw = np.concatenate(hans)
    win[:, CONTEXT] = np.concatenate(mids)
    a = CONTEXT - np.cumprod(hw[:, CONTEXT - 1::-1], axis=1).sum(axis=1)
    z = CONTEXT + 1 + np.cumprod(hw[:, CONTEXT + 1:], axis=1).sum(axis=1)
    wv = word_values(dictionary)
    urows = win.astype(np.uint64)
    prefix = wv.prefix_hashes(urows)
    F, B = edge_scores_of(wv, win, urows, prefix, a, z)
    with_c = covers_of(wv, win, urows, prefix, F, B, a, z).tolist()
    without = _joined(wv, win, F, B, a, z).tolist()
    gains = [(w - o if sign > 0 else o - w) + HAN_BONUS * sign for w, o, sign in zip(with_c, without, signs)]
    out, j = [], 0
    for size in sizes:
        out.append(gains[j:j + size])
        j += size
    return out


def _joined(wv: WordValues, win: np.ndarray, F: np.ndarray, B: np.ndarray, a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Each row's best segmentation score of ``l + r`` (its middle column taken out): ``l`` then a
    boundary then ``r`` (``F + B``), or a word over the join between them."""
    rows = np.concatenate([win[:, :CONTEXT], win[:, CONTEXT + 1:], np.zeros((len(win), 1), dtype=win.dtype)], axis=1)
    urows = rows.astype(np.uint64)
    xs = np.array([x for x, _ in _JOIN], dtype=np.int64)
    ys = np.array([y for _, y in _JOIN], dtype=np.int64)
    # r's characters are the columns CONTEXT..z-2 here (z counts the middle column)
    valid = (xs[None, :] >= a[:, None]) & (ys[None, :] <= z[:, None] - 1)
    words = wv.values(urows, wv.prefix_hashes(urows), _JOIN, valid)
    best = F[:, CONTEXT] + B[:, 0]
    return np.maximum(best, (((F[:, xs] + words) - wv.logtotal) + B[:, ys - CONTEXT]).max(axis=1))


def edit_gains_of(pendings: Sequence[Pending]) -> list[list[float]]:
    """The dictionary gains (:meth:`.evidence.Evidence.dict_gain`) of the deletions and insertions
    waiting in a batch of texts' first passes (``out[t][j]``: of ``pendings[t].edits[j]``): those
    :class:`.edit_gain.EditGain` would weigh computed for the whole batch at once
    (:func:`edit_gains`, the same floats), the others (a Latin letter or a mark beside
    the place) one by one."""
    batch, spots = [], []
    out: list[list[float]] = []
    for t, pending in enumerate(pendings):
        k, ev = pending.text.k, pending.ev
        gains = [0.0] * len(pending.edits)
        local_edits = []
        for j, (_, s, e, old, new, _, _, _) in enumerate(pending.edits):
            left, right = context(k, s, e)
            if local(left, old, new, right):
                local_edits.append((s, e, old, new))
                spots.append((t, j))
            else:
                gains[j] = ev.dict_gain(left, old, new, right)
        out.append(gains)
        batch.append((pending.text.cps, pending.han, local_edits))
    if spots:
        found = edit_gains(pendings[0].ev.dictionary, batch)
        for (t, j), g in zip(spots, (g for gained in found for g in gained)):
            out[t][j] = g
    return out


def score_edits(pending: Pending, gains: list[float]) -> None:
    """Scores a text's waiting deletions and insertions (into their clusters' lists), given their
    dictionary gains (:func:`edit_gains_of`): the corpus asked as :meth:`.evidence.Evidence.gain` asks it."""
    k, ev = pending.text.k, pending.ev
    for (scored, s, e, old, new, edit, i, bar), g in zip(pending.edits, gains):
        left, right = context(k, s, e)
        gain = ev.with_corpus(g, left, old, new, right, bar)
        scored.append((gain - bar, gain, s, e, old, new, edit, i))
    pending.edits = []
