"""Noise generator: clean Chinese text in, OCR'd reprints (witnesses) with their ground truth out.

Each witness is one paper's printing of an article. Its ground truth (``truth``) is what that paper
really printed, in the reading order the OCR produced: the article with that paper's own editorial
rewrites, its own headline, paragraph breaks, a cut with "（下转04版）", columns interleaved with an
unrelated article. ``noisy`` is ``truth`` with realistic OCR errors: punctuation misread (about 60 %
of the errors: 。 read as ，·：, — as 一, 《 as <), look-alike characters (己/已, 冶/治, 开/丹, from
``data/lookalike_zh.txt``), dropped and doubled characters, transposed pairs and Latin garbage;
besides these, some full-width punctuation comes out as ASCII (，→,), which the default CER
normalisation does not count.

Editorial rewrites (a synonym, another number or place name, a reworded clause, a dropped sentence)
are made in one paper only; that paper's text is right there. They, headlines, page-continuation
notes and (optionally) interleaved unrelated text carry no OCR error, with a margin of
``PROTECT_MARGIN`` characters, so any change an engine makes there is wrong.

Everything is deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from rapidfuzz.distance import Levenshtein

from corrector.evaluate import normalise

DATA = Path(__file__).resolve().parent / "data"

#: Characters on either side of a protected zone that get no OCR error either.
PROTECT_MARGIN = 2

# Marker characters (supplementary private use planes) carried through layout and noise, then stripped.
_PROT_OPEN, _PROT_CLOSE = "\U000F0000", "\U000F0001"
_RW_BASE = 0x100000
_MARK_MIN = 0xF0000


def _rw_open(k: int) -> str:
    return chr(_RW_BASE + 2 * k)


def _rw_close(k: int) -> str:
    return chr(_RW_BASE + 2 * k + 1)


def _is_mark(ch: str) -> bool:
    return ord(ch) >= _MARK_MIN


def protect(text: str) -> str:
    """Mark ``text`` so that no OCR error is put in it (for headlines and other unique text)."""
    return _PROT_OPEN + text + _PROT_CLOSE


# ----------------------------------------------------------------------------- error tables

#: Punctuation misreadings: truth character -> [(misreading, weight)]; every one counts as an error
#: under the default CER normalisation.
PUNCT_ERRORS: dict[str, list[tuple[str, float]]] = {
    "。": [("，", 5), ("·", 2), ("：", 1), (".", 2), ("o", 1), ("", 1), ("。。", 0.5)],
    "，": [("。", 3), ("、", 2), (".", 2), ("；", 1), ("", 1.5), ("，，", 0.5)],
    "、": [("，", 4), ("`", 1), ("'", 1), ("", 1)],
    "：": [("；", 3), ("，", 1), ("。", 1), (".", 1)],
    "；": [("：", 3), ("，", 2)],
    "！": [("1", 2), ("l", 1), ("。", 1)],
    "？": [("7", 1), ("。", 1)],
    "—": [("一", 6), ("-", 2), ("", 1)],
    "…": [("...", 2), ("。。。", 1), ("··", 1)],
    "·": [("。", 1), (".", 2), ("", 1)],
    "《": [("<", 2), ("（", 1), ("〈", 1)],
    "》": [(">", 2), ("）", 1), ("〉", 1)],
    "（": [("〈", 1), ("[", 1), ("", 1)],
    "）": [("〉", 1), ("]", 1), ("", 1)],
    "“": [("", 2), ("‘", 1)],
    "”": [("", 2), ("’", 1)],
}

#: Full-width punctuation the OCR sometimes gives as ASCII (no error under the default normalisation).
ASCII_FORMS = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}

#: Latin garbage inserted into Chinese text.
GARBAGE = "l|I1i!'`~-_:;^r"

#: Relative frequency of each kind of counted OCR error (punctuation is about 60 % of real errors).
ERROR_MIX: dict[str, float] = {
    "punctuation": 0.58,
    "lookalike": 0.27,
    "dropped": 0.05,
    "doubled": 0.04,
    "transposed": 0.02,
    "garbage": 0.04,
}


@lru_cache(maxsize=None)
def lookalikes() -> dict[str, str]:
    """The look-alike table from ``data/lookalike_zh.txt``: character -> the characters it may be read as."""
    table: dict[str, str] = {}
    for line in (DATA / "lookalike_zh.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for ch in line:
            others = "".join(c for c in line if c != ch and c not in table.get(ch, ""))
            table[ch] = table.get(ch, "") + others
    return table


# ----------------------------------------------------------------------------- editorial rewrite tables

#: Words an editor may swap for another valid word.
SYNONYMS: dict[str, list[str]] = {
    "发展": ["建设"], "使用": ["采用", "利用"], "可以": ["能够"], "需要": ["必须"], "如果": ["假如", "倘若"],
    "但是": ["不过", "然而"], "因为": ["由于"], "所有": ["全部"], "重要": ["关键"], "提供": ["给出"],
    "包括": ["包含"], "方法": ["办法"], "问题": ["情况"], "非常": ["十分"], "已经": ["早已"],
    "现在": ["如今"], "目前": ["当前"], "进行": ["开展"], "加强": ["强化"], "提高": ["提升"],
    "推进": ["推动"], "积极": ["主动"], "群众": ["民众"], "主要": ["首要"], "通过": ["经由"],
    "帮助": ["协助"], "简单": ["简便"], "一些": ["部分"], "很多": ["许多"], "许多": ["不少"],
    "经常": ["常常"], "特别": ["尤其"], "认为": ["觉得"], "表示": ["指出"], "完成": ["实现"],
    "安装": ["部署"], "配置": ["设置"], "用户": ["使用者"], "文件": ["文档"], "选择": ["挑选"],
    "开始": ["着手"], "继续": ["持续"], "相关": ["有关"], "其他": ["别的"], "以及": ["和"],
    "同时": ["此外"], "不断": ["持续"], "深入": ["深刻"], "坚持": ["坚定"], "城市": ["都市"],
    "干部": ["党员"], "服务": ["保障"], "建设": ["发展"], "工作": ["事业"], "希望": ["期望"],
}

#: Names an editor may change (a place for another place, an agency for another).
NAMES: dict[str, list[str]] = {
    "北京": ["南京"], "上海": ["天津"], "广州": ["深圳"], "杭州": ["苏州"], "武汉": ["长沙"],
    "成都": ["重庆"], "西安": ["郑州"], "新华社": ["中新社"], "人民日报": ["光明日报"],
    "Debian": ["Ubuntu"], "Linux": ["Unix"], "GNOME": ["KDE"],
}

_CN_NUM = "一二三四五六七八九十两"

REWRITE_MIX: dict[str, float] = {"synonym": 0.3, "number": 0.15, "name": 0.1, "reword": 0.25, "drop": 0.2}


# ----------------------------------------------------------------------------- results


@dataclass
class Span:
    """Where a rewrite lies in one witness: ``truth[truth_start:truth_end]`` and ``noisy[noisy_start:noisy_end]``.

    The two texts are equal there (protected zones get no OCR error).
    """

    truth_start: int
    truth_end: int
    noisy_start: int
    noisy_end: int


@dataclass
class OcrError:
    """One OCR error: ``truth[truth_start:truth_end]`` (``old``) came out as ``new`` at ``noisy_start``."""

    kind: str
    truth_start: int
    truth_end: int
    old: str
    new: str
    noisy_start: int


@dataclass
class Rewrite:
    """An editorial rewrite made by one paper (``witness``): ``old`` (the agency's text) became ``new``.

    Attributes:
        id: Number, unique within a :class:`Generator`.
        kind: ``synonym``, ``number``, ``name``, ``reword`` or ``drop``.
        witness: Index of the paper that made it.
        old: The text every other paper prints.
        new: What that paper prints ("" for a dropped sentence).
        base_start, base_end: Where ``old`` lies in the article's base text.
    """

    id: int
    kind: str
    witness: int
    old: str
    new: str
    base_start: int
    base_end: int


@dataclass
class Realised:
    """A text as printed (``truth``) and as OCR'd (``noisy``).

    Attributes:
        truth: Ground truth: what was really printed, with layout, in OCR reading order.
        noisy: The OCR'd text.
        errors: Every OCR error put in, in order.
        spans: Rewrite id -> where that rewrite's place lies in this text (absent when cut away).
        cer_target: The character error rate asked for.
    """

    truth: str
    noisy: str
    errors: list[OcrError] = field(default_factory=list)
    spans: dict[int, Span] = field(default_factory=dict)
    cer_target: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Witness(Realised):
    """One paper's printing of an article (see :class:`Realised`).

    Attributes:
        index: Position among the article's witnesses.
        headline: The headline this paper gave the article ("" for none).
        layout: Layout effects applied, e.g. ``["split x3", "cut at 61 %", "interleaved"]``.
    """

    index: int = 0
    headline: str = ""
    layout: list[str] = field(default_factory=list)


@dataclass
class Article:
    """An article and its witnesses.

    Attributes:
        base: The clean text the papers reprinted (paragraphs joined by newlines).
        witnesses: Every printing, OCR'd.
        rewrites: Every editorial rewrite (each in one witness).
    """

    base: str
    witnesses: list[Witness]
    rewrites: list[Rewrite]

    def rewrites_of(self, witness: int) -> list[Rewrite]:
        """The rewrites made by witness number ``witness``."""
        return [r for r in self.rewrites if r.witness == witness]

    def to_json(self) -> dict[str, Any]:
        return {"base": self.base, "witnesses": [w.to_json() for w in self.witnesses], "rewrites": [asdict(r) for r in self.rewrites]}


@dataclass
class Layout:
    """Layout effects of one printing (probabilities are per witness).

    Attributes:
        headline: Give each paper its own headline (protected from noise).
        splits_per_1000: Extra paragraph breaks per 1,000 characters, at random places.
        p_cut: Chance the story is cut short and continued on another page ("（下转04版）").
        p_tail: Chance only the continuation is printed ("（上接01版）" and the second part).
        p_interleave: Chance the columns are interleaved with an unrelated article (given as filler).
        column: Range of characters per column chunk when interleaving.
        protect_filler: Give the interleaved unrelated text no OCR error (its errors cannot be corrected
            by collation, so accuracy benchmarks leave them out).
    """

    headline: bool = True
    splits_per_1000: float = 2.0
    p_cut: float = 0.15
    p_tail: float = 0.1
    p_interleave: float = 0.2
    column: tuple[int, int] = (120, 400)
    protect_filler: bool = False


NO_LAYOUT = Layout(headline=False, splits_per_1000=0.0, p_cut=0.0, p_tail=0.0, p_interleave=0.0)


# ----------------------------------------------------------------------------- marked text helpers


def _strip(marked: str) -> tuple[str, list[int], dict[int, tuple[int, int]]]:
    """Remove markers.

    Returns:
        ``(text, index, rewrites)``: ``index[i]`` is the offset in ``text`` of raw position ``i``
        (of the next real character for a marker), ``rewrites`` maps a rewrite id to its ``(start, end)``.
    """
    out: list[str] = []
    index: list[int] = []
    opens: dict[int, int] = {}
    spans: dict[int, tuple[int, int]] = {}
    n = 0
    for ch in marked:
        index.append(n)
        o = ord(ch)
        if o >= _RW_BASE:
            k, is_close = divmod(o - _RW_BASE, 2)
            if is_close:
                spans[k] = (opens.pop(k, n), n)
            else:
                opens[k] = n
        elif o >= _MARK_MIN:
            pass
        else:
            out.append(ch)
            n += 1
    index.append(n)
    return "".join(out), index, spans


def strip_markers(marked: str) -> str:
    """The text without any marker character."""
    return "".join(ch for ch in marked if ord(ch) < _MARK_MIN)


def _depths(marked: str) -> list[int]:
    """Nesting depth of protected zones (rewrites and :func:`protect`) at each raw position."""
    d = 0
    out = []
    for ch in marked:
        o = ord(ch)
        if o >= _MARK_MIN:
            opening = (o - _RW_BASE) % 2 == 0 if o >= _RW_BASE else ch == _PROT_OPEN
            if opening:
                d += 1
                out.append(d)
            else:
                out.append(d)
                d -= 1
        else:
            out.append(d)
    return out


def _free_points(marked: str, depths: list[int] | None = None) -> list[int]:
    """Raw positions where the text can be cut without cutting a protected zone or a marker pair."""
    depths = depths if depths is not None else _depths(marked)
    pts = [0]
    for i in range(1, len(marked)):
        if depths[i - 1] == 0 and depths[i] == 0 and not _is_mark(marked[i]) and not _is_mark(marked[i - 1]):
            pts.append(i)
    pts.append(len(marked))
    return pts


def _word_bounds(text: str) -> set[int]:
    """Offsets in ``text`` where a word starts or ends (dictionary segmentation of each Han run)."""
    from corrector.language import Dictionary

    d = Dictionary.load()
    bounds: set[int] = set()
    for run in re.finditer(r"[\u4e00-\u9fff]+", text):
        at = run.start()
        bounds.add(at)
        for w in d.segment(run.group()):
            at += len(w)
            bounds.add(at)
    return bounds


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _weighted(rng: random.Random, options: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options], k=1)[0]


def _cost(old: str, new: str) -> int:
    return Levenshtein.distance(normalise(old), normalise(new))


# ----------------------------------------------------------------------------- the generator


class Generator:
    """Makes noisy witnesses; deterministic for a given ``seed``.

    Args:
        seed: Seed of the random generator.
        error_mix: Relative frequency of each kind of counted error (see :data:`ERROR_MIX`).
        ascii_rate: Chance that a full-width punctuation mark comes out as its ASCII form.
    """

    def __init__(self, seed: int = 0, *, error_mix: dict[str, float] | None = None, ascii_rate: float = 0.05):
        self.rng = random.Random(seed)
        self.error_mix = dict(error_mix or ERROR_MIX)
        self.ascii_rate = ascii_rate
        self._next_rewrite = 0

    # ------------------------------------------------------------------ OCR noise

    def _rate(self, cer: float | tuple[float, float]) -> float:
        if isinstance(cer, (tuple, list)):
            lo, hi = cer
            return self.rng.uniform(lo, hi)
        return float(cer)

    def ocr(self, marked: str, cer: float | tuple[float, float] = 0.02) -> Realised:
        """Put OCR errors into ``marked`` text (plain text, or text with protected zones).

        Args:
            marked: The printed text, possibly with markers from :func:`protect` or rewrites.
            cer: Character error rate wanted, measured with the default normalisation of
                :func:`corrector.evaluate.cer` against the truth; or a ``(low, high)`` range to draw from.

        Returns:
            The :class:`Realised` text: truth, noisy text, the errors and where each rewrite lies.
        """
        rng = self.rng
        rate = self._rate(cer)
        n = len(marked)
        depths = _depths(marked)
        blocked = [False] * n
        for i, ch in enumerate(marked):
            if depths[i] > 0 or _is_mark(ch):
                for j in range(max(0, i - PROTECT_MARGIN), min(n, i + PROTECT_MARGIN + 1)):
                    blocked[j] = True
        table = lookalikes()
        punct, look, han, other = [], [], [], []
        for i, ch in enumerate(marked):
            if blocked[i] or ch.isspace():
                continue
            if ch in PUNCT_ERRORS:
                punct.append(i)
            elif _is_han(ch):
                han.append(i)
                if ch in table:
                    look.append(i)
            elif ch.isalnum():
                other.append(i)
        truth, tindex, tspans = _strip(marked)
        target = rate * len(normalise(truth))
        pools = {
            "punctuation": punct,
            "lookalike": look,
            "dropped": han + other,
            "doubled": han + other,
            "transposed": list(han),
            "garbage": list(han),
        }
        used: set[int] = set()
        events: dict[int, tuple[int, str, str]] = {}  # raw start -> (raw end, new, kind)
        cost = 0.0
        mix = dict(self.error_mix)

        def take(pool: list[int], need_next: bool = False) -> int | None:
            while pool:
                k = rng.randrange(len(pool))  # draw without replacement: swap the last one into its place
                i = pool[k]
                pool[k] = pool[-1]
                pool.pop()
                span = (i, i + 1) if need_next else (i,)
                bad_next = need_next and (
                    i + 1 >= n or blocked[i + 1] or not _is_han(marked[i + 1]) or marked[i + 1] == marked[i]
                )
                if any(x in used for x in span) or bad_next:
                    continue
                # keep one clean character between errors so each stays a separate edit
                if (i - 1) in used or (span[-1] + 1) in used:
                    continue
                used.update(span)
                return i
            return None

        guard = 0
        while cost < target - 0.5 and mix and guard < 100_000:
            guard += 1
            kind = _weighted(rng, list(mix.items()))
            pool = pools[kind]
            i = take(pool, need_next=kind == "transposed")
            if i is None:
                del mix[kind]
                continue
            ch = marked[i]
            if kind == "punctuation":
                new = _weighted(rng, PUNCT_ERRORS[ch])
                events[i] = (i + 1, new, kind)
            elif kind == "lookalike":
                new = rng.choice(table[ch])
                events[i] = (i + 1, new, kind)
            elif kind == "dropped":
                new = ""
                events[i] = (i + 1, new, kind)
            elif kind == "doubled":
                new = ch + ch
                events[i] = (i + 1, new, kind)
            elif kind == "transposed":
                new = marked[i + 1] + ch
                events[i] = (i + 2, new, kind)
            else:  # garbage: one or two Latin characters stuck to a character
                junk = "".join(rng.choice(GARBAGE) for _ in range(rng.choice((1, 1, 2))))
                new = junk + ch if rng.random() < 0.5 else ch + junk
                events[i] = (i + 1, new, kind)
            end = events[i][0]
            cost += _cost(marked[i:end], new)
        if self.ascii_rate > 0:
            for i in sorted(p for p in punct if p not in used):
                ch = marked[i]
                if ch in ASCII_FORMS and rng.random() < self.ascii_rate:
                    events[i] = (i + 1, ASCII_FORMS[ch], "ascii")
        # build the noisy marked text
        parts: list[str] = []
        starts: dict[int, int] = {}
        at = 0
        length = 0
        for i in sorted(events):
            end, new, _ = events[i]
            chunk = marked[at:i]
            parts.append(chunk)
            length += len(chunk)
            starts[i] = length
            parts.append(new)
            length += len(new)
            at = end
        parts.append(marked[at:])
        noisy_marked = "".join(parts)
        noisy, nindex, nspans = _strip(noisy_marked)
        errors = []
        for i in sorted(events):
            end, new, kind = events[i]
            errors.append(OcrError(kind, tindex[i], tindex[end], truth[tindex[i]:tindex[end]], new, nindex[starts[i]]))
        spans = {
            k: Span(ts, te, *nspans[k]) for k, (ts, te) in tspans.items() if k in nspans
        }
        return Realised(truth=truth, noisy=noisy, errors=errors, spans=spans, cer_target=rate)

    # ------------------------------------------------------------------ editorial rewrites

    def _rewrite_candidates(self, base: str, kind: str, clause_pool: Sequence[str]) -> list[tuple[int, int, str]]:
        rng = self.rng
        cands: list[tuple[int, int, str]] = []
        if kind in ("synonym", "name"):
            table = SYNONYMS if kind == "synonym" else NAMES
            bounds = _word_bounds(base) if kind == "synonym" else None
            for word, alts in table.items():
                for m in re.finditer(re.escape(word), base):
                    # an editor swaps whole words: 服务 in 服务器 or 文件 in 文件系统 is left alone
                    if bounds is None or (m.start() in bounds and m.end() in bounds):
                        cands.append((m.start(), m.end(), rng.choice(alts)))
        elif kind == "number":
            for m in re.finditer(r"\d+", base):
                old = m.group()
                new = old
                while new == old:
                    new = str(max(0, int(old) + rng.choice([-3, -2, -1, 1, 2, 5, 10])))
                cands.append((m.start(), m.end(), new))
            for m in re.finditer(f"[{_CN_NUM}](?=[个年月日项次名位种条家天])", base):
                cands.append((m.start(), m.end(), rng.choice([c for c in _CN_NUM if c != m.group()])))
        elif kind == "reword":
            if clause_pool:
                for m in re.finditer(r"(?<=[，；])[^，；。！？\n]{4,24}(?=[，；。！？])", base):
                    old = m.group()
                    alts = [c for c in clause_pool if 0.5 * len(old) <= len(c) <= 1.6 * len(old) and c != old]
                    if alts:
                        cands.append((m.start(), m.end(), rng.choice(alts)))
        elif kind == "drop":
            for m in re.finditer(r"(?<=[。！？])[^。！？\n]{6,80}[。！？]", base):
                cands.append((m.start(), m.end(), ""))
        return cands

    def rewrites(self, base: str, count: int, witness: int, clause_pool: Sequence[str] = ()) -> list[Rewrite]:
        """Choose ``count`` editorial rewrites of ``base`` made by paper number ``witness`` (no overlaps)."""
        rng = self.rng
        chosen: list[Rewrite] = []
        mix = dict(REWRITE_MIX)
        cache: dict[str, list[tuple[int, int, str]]] = {}
        while len(chosen) < count and mix:
            kind = _weighted(rng, list(mix.items()))
            if kind not in cache:
                cache[kind] = self._rewrite_candidates(base, kind, clause_pool)
                rng.shuffle(cache[kind])
            pool = cache[kind]
            pick = None
            while pool:
                s, e, new = pool.pop()
                if all(e + 6 <= r.base_start or r.base_end + 6 <= s for r in chosen) and s >= 4:
                    pick = (s, e, new)
                    break
            if pick is None:
                del mix[kind]
                continue
            s, e, new = pick
            if self._next_rewrite >= 32767:
                raise ValueError("too many rewrites for one Generator")
            chosen.append(Rewrite(self._next_rewrite, kind, witness, base[s:e], new, s, e))
            self._next_rewrite += 1
        return sorted(chosen, key=lambda r: r.base_start)

    # ------------------------------------------------------------------ layout

    def _headline(self, base: str, taken: set[str]) -> str:
        rng = self.rng
        clauses = [c for c in re.split(r"[，。；：！？\n]", base) if 4 <= len(c.strip()) <= 40]
        for _ in range(10):
            c = rng.choice(clauses).strip() if clauses else base[:12]
            c = c[: rng.randint(6, 18)]
            head = rng.choice(["", "", "本报讯 ", "新华社电 ", "【要闻】", "综合报道："]) + c
            if head not in taken:
                taken.add(head)
                return head
        return head

    def layout(self, marked: str, layout: Layout, *, headline: str = "", filler: str = "") -> tuple[str, list[str]]:
        """Apply layout effects to one witness's marked text.

        Returns:
            The marked printed text and the list of effects applied.
        """
        rng = self.rng
        done: list[str] = []
        # cut short, or print only the continuation
        r = rng.random()
        if r < layout.p_cut + layout.p_tail:
            pts = _free_points(marked)
            ends = [p for p in pts if 0 < p < len(marked) and marked[p - 1] in "。！？"]
            lo, hi = (0.4, 0.85) if r < layout.p_cut else (0.3, 0.6)
            window = [p for p in ends if lo * len(marked) <= p <= hi * len(marked)] or [
                p for p in pts if lo * len(marked) <= p <= hi * len(marked)
            ]
            if window:
                p = rng.choice(window)
                page = rng.randint(2, 16)
                if r < layout.p_cut:
                    done.append(f"cut at {100 * p // len(marked)} %")
                    marked = marked[:p] + protect(f"（下转{page:02d}版）")
                else:
                    marked = protect(f"（上接{max(1, page - 1):02d}版）") + "\n" + marked[p:].lstrip("\n")
                    done.append("continuation only")
        # paragraph splits
        k = int(layout.splits_per_1000 * len(marked) / 1000 + rng.random())
        if k:
            pts = [p for p in _free_points(marked) if 0 < p < len(marked) and marked[p] != "\n" and marked[p - 1] != "\n"]
            cuts = sorted(rng.sample(pts, min(k, len(pts))))
            pieces, at = [], 0
            for p in cuts:
                pieces.append(marked[at:p])
                at = p
            pieces.append(marked[at:])
            marked = "\n".join(pieces)
            done.append(f"split x{len(cuts)}")
        # columns interleaved with an unrelated article
        if filler and rng.random() < layout.p_interleave:
            lo, hi = layout.column
            pts = _free_points(marked)
            chunks, at = [], 0
            while at < len(marked):
                want = at + rng.randint(lo, hi)
                nxt = next((p for p in pts if p >= want), len(marked))
                chunks.append(marked[at:nxt])
                at = nxt
            fill_at = 0
            out = []
            for i, c in enumerate(chunks):
                out.append(c)
                if i < len(chunks) - 1 and fill_at < len(filler):
                    n = rng.randint(lo, hi)
                    f = filler[fill_at:fill_at + n]
                    fill_at += n
                    out.append(protect(f) if layout.protect_filler else f)
            marked = "\n".join(out)
            done.append(f"interleaved x{len(chunks) - 1}")
        if headline:
            marked = protect(headline) + "\n" + marked
        return marked, done

    # ------------------------------------------------------------------ articles

    def article(
        self,
        paragraphs: Sequence[str],
        n: int,
        *,
        cer: float | tuple[float, float] = 0.02,
        rewrites: int = 2,
        rewrite_witness: int | None = None,
        layout: Layout | None = None,
        filler: Sequence[str] = (),
        clause_pool: Sequence[str] = (),
    ) -> Article:
        """Make ``n`` OCR'd printings of the article made of ``paragraphs``.

        Args:
            paragraphs: The clean article, one string per paragraph.
            n: Number of witnesses (papers).
            cer: Witness character error rate, or a ``(low, high)`` range drawn per witness.
            rewrites: Editorial rewrites, all made by one paper.
            rewrite_witness: Which paper rewrites (default: one at random).
            layout: Layout effects (default :class:`Layout`); :data:`NO_LAYOUT` for none.
            filler: Unrelated paragraphs to interleave columns with; each witness gets its own share.
            clause_pool: Clauses a rewording may use (default: clauses of ``filler``).

        Returns:
            The :class:`Article`.
        """
        rng = self.rng
        layout = layout if layout is not None else Layout()
        base = "\n".join(p.strip() for p in paragraphs if p.strip())
        if any(_is_mark(ch) for ch in base):
            raise ValueError("text contains private-use characters of planes 15-16")
        if not clause_pool and filler:
            clause_pool = [c for p in filler for c in re.split(r"[，。；！？\n]", p) if 4 <= len(c) <= 30]
        who = rewrite_witness if rewrite_witness is not None else rng.randrange(n)
        rws = self.rewrites(base, rewrites, who, clause_pool) if rewrites else []
        taken: set[str] = set()
        witnesses = []
        filler_text = "\n".join(filler)
        for w in range(n):
            parts, at = [], 0
            for r in rws:
                parts.append(base[at:r.base_start])
                parts.append(_rw_open(r.id) + (r.new if w == r.witness else r.old) + _rw_close(r.id))
                at = r.base_end
            parts.append(base[at:])
            marked = "".join(parts)
            head = self._headline(base, taken) if layout.headline else ""
            share = min(len(filler_text) // n, 4000)  # each paper interleaves its own, different text
            printed, done = self.layout(marked, layout, headline=head, filler=filler_text[w * share:(w + 1) * share])
            real = self.ocr(printed, cer)
            witnesses.append(Witness(**vars(real), index=w, headline=head, layout=done))
        return Article(base=base, witnesses=witnesses, rewrites=rws)


def concat(pieces: Sequence[Realised], sep: str = "\n\n") -> Realised:
    """Join realised texts into one page, shifting every offset (the target rate is the mean of the pieces')."""
    truth_parts, noisy_parts, errors, spans = [], [], [], {}
    t_at = n_at = 0
    for i, p in enumerate(pieces):
        if i:
            truth_parts.append(sep)
            noisy_parts.append(sep)
            t_at += len(sep)
            n_at += len(sep)
        truth_parts.append(p.truth)
        noisy_parts.append(p.noisy)
        for e in p.errors:
            errors.append(OcrError(e.kind, e.truth_start + t_at, e.truth_end + t_at, e.old, e.new, e.noisy_start + n_at))
        for k, sp in p.spans.items():
            spans[k] = Span(sp.truth_start + t_at, sp.truth_end + t_at, sp.noisy_start + n_at, sp.noisy_end + n_at)
        t_at += len(p.truth)
        n_at += len(p.noisy)
    rate = sum(p.cer_target for p in pieces) / len(pieces) if pieces else 0.0
    return Realised("".join(truth_parts), "".join(noisy_parts), errors, spans, rate)


def make_witnesses(paragraphs: Sequence[str], n: int, *, seed: int = 0, **kwargs: Any) -> Article:
    """Shortcut: ``Generator(seed).article(paragraphs, n, **kwargs)``."""
    return Generator(seed).article(paragraphs, n, **kwargs)


def add_noise(text: str, cer: float = 0.02, *, seed: int = 0, ascii_rate: float = 0.05) -> Realised:
    """Shortcut: OCR errors in plain ``text`` at the given rate."""
    return Generator(seed, ascii_rate=ascii_rate).ocr(text, cer)


def touched(spans: dict[int, Span], edits: Sequence[tuple[int, int]]) -> set[int]:
    """Rewrite ids whose place (in noisy coordinates) an edit ``(start, end)`` overlaps or touches.

    Args:
        spans: Rewrite id -> :class:`Span` in one document.
        edits: ``(start, end)`` ranges of changes made to that document's noisy text.
    """
    hit = set()
    for k, sp in spans.items():
        for s, e in edits:
            if s <= sp.noisy_end and sp.noisy_start <= e:
                hit.add(k)
                break
    return hit


__all__ = [
    "ASCII_FORMS",
    "ERROR_MIX",
    "NO_LAYOUT",
    "PROTECT_MARGIN",
    "PUNCT_ERRORS",
    "Article",
    "Generator",
    "Layout",
    "OcrError",
    "Realised",
    "Rewrite",
    "Span",
    "Witness",
    "add_noise",
    "concat",
    "lookalikes",
    "make_witnesses",
    "protect",
    "strip_markers",
    "touched",
]

