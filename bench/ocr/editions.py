"""A second paper's edited reprint of an article: what an editor changes, recorded exactly.

Wire stories are reprinted with edits: a sentence cut for space, the house style's words (进行→开展),
a lead-in phrase (据新华社报道，), a number or a name changed.  None of these is an OCR error, and a
correction tool must keep every one of them in the paper that made it (and must not copy them into
the papers that did not).  :func:`edition` makes such a reprint from a clean :class:`Article`,
deterministically from the article's id, and returns each edit with its place in both texts so the
report can check, after OCR and correction, whether it survived.

The tables here are this benchmark's own (house-style pairs as Chinese papers' style guides have
them), written independently of the noise generator's rewrite tables in ``bench/noise.py``.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass

from ..noise import _word_bounds  # dictionary word boundaries, as the noise generator's rewrites use them
from .corpus import Article

#: House-style swaps a second paper makes (agency word → the paper's word).  Whole words only.
HOUSE_STYLE: dict[str, str] = {
    "进行": "开展", "目前": "当前", "但是": "不过", "加强": "强化", "提高": "提升", "推进": "推动",
    "表示": "指出", "群众": "民众", "已经": "业已", "非常": "十分", "一些": "部分", "许多": "不少",
    "重要": "关键", "积极": "主动", "认为": "觉得", "特别": "尤其", "经常": "常常", "开始": "着手",
    "同时": "与此同时", "所以": "因此", "如果": "倘若", "因为": "由于", "可以": "能够", "需要": "须",
    "帮助": "协助", "现在": "如今", "情况": "状况", "工作": "事务", "方面": "领域", "发展": "进步",
    "使用": "采用", "提供": "给予", "包括": "包含", "问题": "难题", "简单": "简便", "选择": "挑选",
}
#: Lead-in phrases a paper puts in front of a wire story's first paragraph.
LEAD_INS = ("据新华社报道，", "记者从有关方面获悉，", "本报综合消息，", "据了解，")
#: Names an editor may localise (one place or agency for another).
NAMES: dict[str, str] = {
    "北京": "天津", "上海": "南京", "广州": "深圳", "杭州": "宁波", "成都": "重庆", "新华社": "中新社",
    "人民日报": "光明日报", "武汉": "长沙", "西安": "兰州", "Debian": "Ubuntu", "Linux": "BSD",
}
_CN_DIGITS = "一二三四五六七八九"
#: House-style swaps per edition (at most; fewer when the article offers fewer).
STYLE_SWAPS = 3
#: Characters kept unedited between two edits, so each edit can be checked on its own.
EDIT_GAP = 6


@dataclass
class Edit:
    """One editorial change: ``a_text[a_start:a_end]`` (the agency's) became ``b_text[b_start:b_end]``.

    Offsets are code points of :attr:`Article.text` of the original (``a``) and of the edition (``b``).
    """

    kind: str  # "cut", "style", "lead-in", "number" or "name"
    old: str
    new: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def to_json(self) -> dict:
        return asdict(self)


def _candidates(paras: list[str]) -> dict[str, list[tuple[int, int, int, str]]]:
    """Every possible edit, by kind: (paragraph, start, end, new text) in the article's paragraphs."""
    out: dict[str, list[tuple[int, int, int, str]]] = {k: [] for k in ("cut", "style", "number", "name")}
    for i, p in enumerate(paras):
        bounds = _word_bounds(p)
        # a whole sentence, not a paragraph's first one (the paragraph stays)
        for m in re.finditer(r"(?<=[。！？])[^。！？\n]{8,90}[。！？]", p):
            out["cut"].append((i, m.start(), m.end(), ""))
        for word, new in HOUSE_STYLE.items():
            for m in re.finditer(re.escape(word), p):
                if m.start() in bounds and m.end() in bounds:
                    out["style"].append((i, m.start(), m.end(), new))
        for m in re.finditer(r"(?<![\d.])\d{1,4}(?![\d.])", p):
            old = int(m.group())
            new = str(old + 2) if old % 10 < 7 else str(old - 3)
            out["number"].append((i, m.start(), m.end(), new))
        for m in re.finditer(f"[{_CN_DIGITS}](?=[个年月日项次名位种条家天批处])", p):
            c = m.group()
            out["number"].append((i, m.start(), m.end(), _CN_DIGITS[(_CN_DIGITS.index(c) + 2) % 9]))
        for name, new in NAMES.items():
            for m in re.finditer(re.escape(name), p):
                out["name"].append((i, m.start(), m.end(), new))
    return out


def edition(article: Article, *, seed: str = "") -> tuple[Article, list[Edit]]:
    """The article as a second paper reprints it, and its edits (with offsets in both texts).

    The paper cuts one sentence, makes up to :data:`STYLE_SWAPS` house-style swaps, puts a lead-in
    phrase in front of the first paragraph and changes one number (or, where the article has none,
    one name).  Edits never overlap and keep :data:`EDIT_GAP` characters between them.
    """
    rng = random.Random(f"edition:{seed}:{article.id}")
    paras = list(article.paragraphs)
    cands = _candidates(paras)
    chosen: list[tuple[str, int, int, int, str]] = []

    def free(i: int, s: int, e: int) -> bool:
        return all(j != i or e + EDIT_GAP <= cs or ce + EDIT_GAP <= s for _, j, cs, ce, _ in chosen) and s >= 2

    def pick(kind: str, count: int) -> None:
        pool = list(cands[kind])
        rng.shuffle(pool)
        got = 0
        for i, s, e, new in pool:
            if got >= count:
                break
            if free(i, s, e):
                chosen.append((kind, i, s, e, new))
                got += 1

    chosen.append(("lead-in", 0, 0, 0, rng.choice(LEAD_INS)))
    pick("cut", 1)
    pick("number", 1)
    if not any(k == "number" for k, *_ in chosen):
        pick("name", 1)
    pick("style", STYLE_SWAPS)

    # Apply per paragraph from the right, then compute offsets in both whole texts.
    new_paras = list(paras)
    by_para: dict[int, list[tuple[str, int, int, str]]] = {}
    for kind, i, s, e, new in chosen:
        by_para.setdefault(i, []).append((kind, s, e, new))
    for i, edits in by_para.items():
        p = paras[i]
        for _, s, e, new in sorted(edits, key=lambda x: (-x[1], -x[2])):
            p = p[:s] + new + p[e:]
        new_paras[i] = p
    b_article = Article(article.id, article.title, new_paras, source=article.source, meta=dict(article.meta))
    head = len(article.title) + 1 if article.title else 0
    a_offsets, b_offsets = [], []
    at_a = at_b = head
    for p, q in zip(paras, new_paras):
        a_offsets.append(at_a)
        b_offsets.append(at_b)
        at_a += len(p) + 1
        at_b += len(q) + 1
    edits: list[Edit] = []
    for i, items in by_para.items():
        shift = 0
        for kind, s, e, new in sorted(items, key=lambda x: (x[1], x[2])):
            a0 = a_offsets[i] + s
            b0 = b_offsets[i] + s + shift
            edits.append(Edit(kind, paras[i][s:e], new, a0, a_offsets[i] + e, b0, b0 + len(new)))
            shift += len(new) - (e - s)
    edits.sort(key=lambda x: x.a_start)
    for ed in edits:  # the bookkeeping is checked, not trusted
        assert article.text[ed.a_start:ed.a_end] == ed.old, ed
        assert b_article.text[ed.b_start:ed.b_end] == ed.new, ed
    return b_article, edits
