"""A passage printed twice in a row by the layout (seed 004 repeats whole paragraphs): delete the repeat."""

from __future__ import annotations

import numpy as np

from ..discover import rolling_hashes
from .evidence import Evidence, Text, flag

NAME = "repeated"
#: Shortest repeat (key characters) taken for a layout duplication: shorter immediate repeats are
#: rhetoric (共建共治共享, 一步一步) or lists.
MIN_REPEAT = 12
#: Longest repeat looked for (key characters): a few paragraphs.
MAX_REPEAT = 3000
#: Confidence: an exact repeat of a dozen characters or more, back to back, is not prose.
CONFIDENCE = 0.95


def _line_start(t: str, i: int) -> bool:
    """Whether only spaces stand between offset ``i`` and the start of its line."""
    j = t.rfind("\n", 0, i)
    return not t[j + 1:i].strip()


def _line_end(t: str, i: int) -> bool:
    """Whether only spaces stand between offset ``i`` and the end of its line."""
    j = t.find("\n", i)
    return not t[i:(len(t) if j < 0 else j)].strip()


def _letters(s: str) -> int:
    """Letters in a block (a rule of dashes or dots repeated is no duplicated text)."""
    return sum(ch.isalnum() for ch in s)


def find(text: Text, ev: Evidence) -> list:
    k, n = text.k, MIN_REPEAT
    if len(k) < 2 * n:
        return []
    h = rolling_hashes(text.cps.astype(np.uint64), n)
    sorted_h = np.sort(h)
    if not (sorted_h[1:] == sorted_h[:-1]).any():
        return []  # no block of MIN_REPEAT characters occurs twice (most texts: a plain sort is a
        # fifteenth of the stable argsort the pairs need)
    order = np.argsort(h, kind="stable")
    hs = h[order]
    same = np.nonzero(hs[1:] == hs[:-1])[0]
    a_all, b_all = order[same], order[same + 1]
    d_all = b_all - a_all
    keep = (d_all >= n) & (d_all <= MAX_REPEAT)
    pairs = sorted(zip(d_all[keep].tolist(), a_all[keep].tolist()))
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(pairs):
        # a run of consecutive starts with the same period d: k[a0 : a1 + n] equals the text d further on
        d, a0 = pairs[i]
        a1 = a0
        while i + 1 < len(pairs) and pairs[i + 1] == (d, a1 + 1):
            i += 1
            a1 += 1
        i += 1
        if a1 + n - a0 >= d and k[a0:a0 + d] == k[a0 + d:a0 + 2 * d] and _letters(k[a0:a0 + d]) >= n:
            b = a0 + d
            if not any(s < b + d and b < e for s, e in found):
                found.append((b, b + d))
    out = []
    for b, e in sorted(set(found)):
        first = int(text.key.pos[b - (e - b)])
        start = int(text.key.pos[b - 1]) + 1  # the whitespace between the copies goes with the repeat
        end = int(text.key.pos[e - 1]) + 1
        if not (_line_start(text.original, first) and _line_end(text.original, end)):
            continue  # a layout repeats whole lines; a headline the lead repeats (标题 / 标题……) is no repeat
        out.append(flag(text, start, end, "", CONFIDENCE,
                        f"suspect layout repeat: {e - b} characters printed twice in a row; the second copy deleted"))
    return out
