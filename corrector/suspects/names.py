"""Where a text itself marks characters as a name or a term of its own, which no dictionary holds.

News names people, places and things the dictionary lacks (赵敏, 禾源县), and a word one
look-alike, one dropped character or one swap away then reads better to the language evidence: the
doubled, transposed and broken-word detectors leave these characters alone.  The marks, each a
habit of the written language rather than of the OCR:

- the characters just before a place-name suffix (禾源县, 柳湾村): :data:`PLACE_SUFFIXES`;
- the person named after a byline marker (记者 赵敏, 通讯员 刘建军): :data:`BYLINE_MARKERS`;
- a person quoted or introduced: a common surname and one or two characters after a title
  (局长田宏伟, 讲解员刘佳怡) or before a verb of speech (周德成说, 陈立民介绍): :data:`SURNAMES`,
  :data:`TITLES`, :data:`SPEECH`.

Short quoted terms (“柳湾红心”) were tried as a third mark and dropped: a quoted word is as often
one the dictionary has, misread (“页献” for “贡献”: a right flag lost on the training pages).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..chars import HAN_RANGES

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
#: The commonest Chinese surnames (about 85 % of people bear one of these hundred).
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤")
#: Titles and roles news puts right before a person's name (党委书记何丽萍, 村民马占林, 讲解员刘佳怡):
#: the endings of those on the news tuning text (49 people introduced so, or quoted).
TITLES = ("长", "书记", "主任", "经理", "负责人", "民", "员", "师", "教师", "老师", "师傅", "助理", "医生", "生", "工")
#: Verbs of speech news puts right after a quoted person's name (周德成说, 陈立民介绍, 张桂兰告诉).
SPEECH = ("说", "介绍", "表示", "告诉", "坦言", "笑着", "回忆", "指出", "认为", "感慨")
_HAN = "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_RANGES) + "]"
_TITLED = re.compile("(?:%s)([%s]%s{1,2})" % ("|".join(TITLES), SURNAMES, _HAN))
_SPEAKER = re.compile("([%s]%s{1,2})(?:%s)" % (SURNAMES, _HAN, "|".join(SPEECH)))
_BYLINE = re.compile("(?:%s)[ \u3000\t]*(%s{1,%d})" % ("|".join(BYLINE_MARKERS), _HAN, PERSON_NAME))


@lru_cache(maxsize=1)
def _suffixes() -> np.ndarray:
    """``out[c]``: code point ``c`` is one of :data:`PLACE_SUFFIXES` (a table: one look-up per
    character of a text, a tenth of ``np.isin``'s time)."""
    out = np.zeros(0x110000, dtype=bool)
    out[[ord(c) for c in PLACE_SUFFIXES]] = True
    return out


def name_mask(text: "Text", words: dict[int, frozenset[str]]) -> np.ndarray:
    """``out[i]``: key character ``i`` is part of a name or term the text marks (see the module).

    ``words``: the dictionary's words by length (:attr:`.lexicon.Lexicon.words`): a suffix that
    ends one with the characters before it (社区, 城市, 农村) names no place.
    """
    k, pos = text.k, text.key.pos
    out = np.zeros(len(k), dtype=bool)
    if not len(k):
        return out
    ending = [(n, words.get(n + 1, frozenset())) for n in range(1, PLACE_NAME + 1)]
    for j in np.flatnonzero(_suffixes()[text.cps]).tolist():
        if not any(j >= n and k[j - n:j + 1] in found for n, found in ending):
            out[max(0, j - PLACE_NAME):j] = True
    original = text.original
    spans = []
    for m in _BYLINE.finditer(original):
        name = m.group(1)
        # a name ends where the next marker begins (记者 赵敏通讯员: the key has no blank between)
        cut = min((name.find(b[0]) for b in BYLINE_MARKERS if name.find(b[0]) > 0), default=len(name))
        spans.append((m.start(1), m.start(1) + cut))
    for pattern in (_TITLED, _SPEAKER):
        spans += [m.span(1) for m in pattern.finditer(original)]
    for s, e in spans:
        a, b = int(np.searchsorted(pos, s)), int(np.searchsorted(pos, e))
        out[a:b] = True
    return out
