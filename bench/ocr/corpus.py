"""Clean article texts for the OCR benchmark, cut deterministically from the seeds or a held-out file."""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
HELDOUT = REPO / "bench" / "data" / "heldout_zh.txt"
#: Training text (other Debian documentation, see bench/data/README.md): the only text a model or a
#: constant may be fitted on.
TRAIN = REPO / "bench" / "data" / "train_zh.txt"
#: Newspaper prose written for the project (fictional articles, see bench/data/README.md): ``news`` may be
#: tuned on, ``news-heldout`` (written by another hand, other topics) is only measured.
NEWS = {"news": REPO / "bench" / "data" / "news_train_zh.txt",
        "news-heldout": REPO / "bench" / "data" / "news_heldout_zh.txt"}
#: The text sources, by name: ``seeds`` (newspaper prose; reported, never tuned on), ``heldout`` (the
#: split never tuned on), ``train`` (for fitting), ``news`` (news prose for tuning), ``news-heldout``
#: (news prose never tuned on).
TEXTS = ("seeds", "heldout", "train", "news", "news-heldout")

#: Seed files in the order they are drawn from: 003 and 004 first (no reprint of them among the seeds),
#: then 001 and 000 (002 repeats 001 and is skipped).
SEED_ORDER = ("003", "004", "001", "000")

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_SENTENCE_END = "。！？"


@dataclass
class Article:
    """One clean article: a short title and its paragraphs (the gold every witness is typeset from)."""

    id: str
    title: str
    paragraphs: list[str]
    source: str = ""
    meta: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join([self.title, *self.paragraphs]) if self.title else "\n".join(self.paragraphs)


def clean_paragraph(line: str) -> str:
    """Strip Markdown marks and spaces; make ASCII punctuation next to Chinese text full-width."""
    s = line.strip()
    s = re.sub(r"^#+\s*", "", s)
    s = s.replace("**", "")
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"(?<![A-Za-z0-9.,;:!?%]) | (?![A-Za-z0-9])", "", s)  # spaces only between Latin words
    s = s.replace("口本报", "本报").replace("□", "")

    def full(m: re.Match) -> str:
        return _HALF_TO_FULL[m.group(0)]

    # A half-width mark touching a CJK character or a full-width mark is Chinese punctuation.
    s = re.sub(rf"(?<=[{_CJK}”“》）0-9%])[,;:?!]|[,;:?!](?=[{_CJK}“”《（])", full, s)
    s = re.sub(rf"\((?=[{_CJK}])", "（", s)
    s = re.sub(rf"(?<=[{_CJK}])\)", "）", s)
    return s


def _ngrams(s: str, n: int = 8) -> set[str]:
    return {s[i : i + n] for i in range(max(0, len(s) - n + 1))}


def _split_long(p: str, limit: int) -> list[str]:
    """Split a paragraph longer than ``limit`` at sentence ends."""
    if len(p) <= limit:
        return [p]
    out, cur = [], ""
    for sent in re.findall(rf"[^{_SENTENCE_END}]*[{_SENTENCE_END}]+[”’」]?|[^{_SENTENCE_END}]+$", p):
        if cur and len(cur) + len(sent) > limit:
            out.append(cur)
            cur = ""
        cur += sent
    if cur:
        out.append(cur)
    return out


def source_paragraphs(text: str = "seeds") -> list[tuple[str, str]]:
    """(source, paragraph) pairs from the seeds or from the held-out file, deduplicated.

    ``text`` is ``"seeds"`` (newspaper prose, the default) or ``"heldout"`` (``bench/data/heldout_zh.txt``:
    paragraphs of Debian's Chinese manuals, never used to tune the engine; lines starting with ``#``
    are comments).

    A paragraph sharing more than a fifth of its 8-grams with one already kept is dropped, so no two
    articles (or an article and a filler) repeat each other's text.
    """
    files: list[tuple[str, Path]] = []
    if text in NEWS:
        return _news_paragraphs(text)
    if text in ("heldout", "train"):
        path = HELDOUT if text == "heldout" else TRAIN
        if not path.exists():
            raise FileNotFoundError(path)
        files.append((text, path))
    elif text == "seeds":
        for prefix in SEED_ORDER:
            files += [(p.stem, p) for p in sorted(SEEDS.glob(prefix + "_*.txt"))]
    else:
        raise ValueError(f"unknown text source {text!r}")
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for name, path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") and name in ("heldout", "train"):
                continue
            p = clean_paragraph(line)
            if not p:
                continue
            grams = _ngrams(p)
            if grams and len(grams & seen) > len(grams) / 5:
                continue
            seen |= grams
            out.append((name, p))
    return out


def _news_paragraphs(text: str) -> list[tuple[str, str]]:
    """(source, paragraph) pairs of a news file: one source per written article (blank lines part them).

    The articles are whole stories with their own titles, so :func:`articles_and_fillers` keeps each one
    whole instead of cutting the text at random lengths.
    """
    path = NEWS[text]
    if not path.exists():
        raise FileNotFoundError(path)
    out: list[tuple[str, str]] = []
    n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            n += bool(out and out[-1][0] == f"{text}:{n}")
            continue
        p = clean_paragraph(line)
        if p:
            out.append((f"{text}:{n}", p))
    return out


def _is_title(p: str) -> bool:
    return 6 <= len(p) <= 40 and not p.endswith(tuple(_SENTENCE_END + "，；：")) and not p.startswith("（")


def articles_and_fillers(n: int, *, text: str = "seeds", seed: int = 0, min_len: int = 600, max_len: int = 1300):
    """Cut ``n`` articles of ``min_len``..``max_len`` characters (body) and a pool of filler paragraphs.

    Consecutive body paragraphs of one source make an article; its title is the last title-like line
    seen before them (or its first clause).  Whatever is left over becomes filler: paragraphs of other
    stories set beside an article on reprint-like pages.

    Returns:
        (articles, fillers): a list of :class:`Article` and a list of filler paragraphs.
    """
    rng = random.Random(seed)
    paras = source_paragraphs(text)
    whole = text in NEWS  # written stories: one article each, never cut at a random length
    if whole:
        min_len, max_len = 300, 10**6
    articles: list[Article] = []
    fillers: list[str] = []
    title = ""
    cur: list[str] = []
    cur_src = ""
    target = rng.randint(min_len, max_len)

    def flush() -> None:
        nonlocal cur, target, title
        body = sum(map(len, cur))
        if cur and body >= min_len and len(articles) < n:
            t = title or re.split(r"[，。：；]", cur[0])[0][:24]
            aid = "a%02d" % len(articles)
            articles.append(Article(aid, t, cur, source=cur_src))
            title = ""
            target = rng.randint(min_len, max_len)
        elif cur:
            fillers.extend(cur)
        cur = []

    for src, p in paras:
        if src != cur_src:
            flush()
            cur_src = src
        if _is_title(p):
            if cur and sum(map(len, cur)) >= min_len:
                flush()
            title = p
            continue
        if len(p) < 30:
            fillers.append(p)
            continue
        for piece in _split_long(p, max_len // 2):
            if not whole and cur and sum(map(len, cur)) + len(piece) > target:
                flush()
            cur.append(piece)
    flush()
    return articles, fillers


def digest(*parts) -> str:
    """Short stable hash of the given parts (used for cache keys and per-witness random seeds)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(repr(p).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]
