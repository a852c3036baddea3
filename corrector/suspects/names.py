"""Where a text itself marks characters as a name or a term of its own, which no dictionary holds.

News names people, places and things the dictionary lacks (赵敏, 禾源县), and a word one
look-alike, one dropped character or one swap away then reads better to the language evidence: the
doubled, transposed and broken-word detectors leave these characters alone.  The marks, each a
habit of the written language rather than of the OCR:

- the characters just before a place-name suffix (禾源县, 柳湾村): :data:`PLACE_SUFFIXES`;
- the person named after a byline marker (记者 赵敏, 通讯员 刘建军): :data:`BYLINE_MARKERS`.

Short quoted terms (“柳湾红心”) were tried as a third mark and dropped: a quoted word is as often
one the dictionary has, misread (“页献” for “贡献”: a right flag lost on the training pages).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .evidence import Text

#: Suffixes of place names: the :data:`PLACE_NAME` characters before one are a name's (禾源县 → 来源县
#: was a wrong broken-word flag on the news tuning pages).
PLACE_SUFFIXES = frozenset("省市县区镇乡村")
#: Characters before a place-name suffix taken as the name's.
PLACE_NAME = 2
#: Words a byline names a person after (记者 赵敏 通讯员 刘建军): the news tuning text opens its
#: articles so, as the papers do.
BYLINE_MARKERS = ("记者", "通讯员", "实习生", "摄影")
#: Han characters of a person's name after a byline marker (Chinese names have two to three).
PERSON_NAME = 3
_BYLINE = re.compile("(?:%s)[ \u3000\t]*([\u3400-\u4dbf\u4e00-\u9fff]{1,%d})" % ("|".join(BYLINE_MARKERS), PERSON_NAME))


def name_mask(text: "Text", words: dict[int, frozenset[str]]) -> np.ndarray:
    """``out[i]``: key character ``i`` is part of a name or term the text marks (see the module).

    ``words``: the dictionary's words by length (:attr:`.lexicon.Lexicon.words`): a suffix that
    ends one with the characters before it (社区, 城市, 农村) names no place.
    """
    k, pos = text.k, text.key.pos
    out = np.zeros(len(k), dtype=bool)
    if not len(k):
        return out
    for j in np.nonzero(np.isin(text.cps, [ord(c) for c in PLACE_SUFFIXES]))[0].tolist():
        if not any(k[j - n:j + 1] in words.get(n + 1, ()) for n in range(1, PLACE_NAME + 1) if j >= n):
            out[max(0, j - PLACE_NAME):j] = True
    original = text.original
    spans = []
    for m in _BYLINE.finditer(original):
        name = m.group(1)
        # a name ends where the next marker begins (记者 赵敏通讯员: the key has no blank between)
        cut = min((name.find(b[0]) for b in BYLINE_MARKERS if name.find(b[0]) > 0), default=len(name))
        spans.append((m.start(1), m.start(1) + cut))
    for s, e in spans:
        a, b = int(np.searchsorted(pos, s)), int(np.searchsorted(pos, e))
        out[a:b] = True
    return out
