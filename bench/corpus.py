"""Clean Chinese text for the benchmarks: held-out prose, the seeds' paragraphs, and synthetic word salad."""

from __future__ import annotations

import math
import random
import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _han_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum("\u4e00" <= c <= "\u9fff" for c in chars) / len(chars) if chars else 0.0


@lru_cache(maxsize=None)
def heldout_paragraphs() -> tuple[str, ...]:
    """Paragraphs of ``data/heldout_zh.txt`` (Debian's Chinese manuals, GPL-2+): text the engine never saw."""
    lines = (DATA / "heldout_zh.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def train_paragraphs() -> tuple[str, ...]:
    """Paragraphs of ``data/train_zh.txt`` (other Debian documentation): the only text anything is fitted on."""
    lines = (DATA / "train_zh.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def seed_paragraphs(min_chars: int = 30) -> tuple[str, ...]:
    """Paragraphs of the seed pages (real OCR: a few errors remain, so they are not gold), deduplicated."""
    out: list[str] = []
    seen: set[str] = set()
    for f in sorted(SEEDS.glob("*.txt")):
        for para in re.split(r"\n\s*\n|\n", f.read_text(encoding="utf-8")):
            para = para.strip().strip("*#").strip()
            if len(para) >= min_chars and _han_share(para) >= 0.6 and para not in seen:
                seen.add(para)
                out.append(para)
    return tuple(out)


def articles(paragraphs: Sequence[str], count: int | None, size: int, *, seed: int = 0) -> list[list[str]]:
    """Pack consecutive paragraphs into ``count`` articles of about ``size`` characters each (no paragraph twice).

    The articles are shuffled; fewer are returned when the text runs out, and all of them when
    ``count`` is None (so that the ones after the first ``count`` can serve as unrelated text).
    """
    rng = random.Random(seed)
    blocks: list[list[str]] = []
    cur: list[str] = []
    n = 0
    for p in paragraphs:
        cur.append(p)
        n += len(p)
        if n >= size:
            blocks.append(cur)
            cur, n = [], 0
    rng.shuffle(blocks)
    return blocks if count is None else blocks[:count]


class WordSalad:
    """Unlimited, never-repeating Chinese-looking text: words drawn from jieba's dictionary by frequency.

    It has the character and word statistics of Chinese but no meaning; use it where a benchmark
    needs more text than the held-out corpus has (scale tests), not for accuracy figures.
    """

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)
        words, weights = _jieba_words()
        self.words = words
        self.cum = weights

    def sentence(self) -> str:
        rng = self.rng
        ws = rng.choices(self.words, cum_weights=self.cum, k=rng.randint(6, 22))
        out = []
        for i, w in enumerate(ws):
            out.append(w)
            if 0 < i < len(ws) - 1 and rng.random() < 0.12:
                out.append(rng.choice("，，，，、；"))
        return "".join(out) + rng.choice("。。。。。！？")

    def paragraphs(self, chars: int) -> list[str]:
        """About ``chars`` characters as paragraphs of 2 to 6 sentences."""
        rng = self.rng
        paras: list[str] = []
        total = 0
        while total < chars:
            p = "".join(self.sentence() for _ in range(rng.randint(2, 6)))
            paras.append(p)
            total += len(p)
        return paras


@lru_cache(maxsize=1)
def _jieba_words() -> tuple[list[str], list[float]]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words: list[str] = []
    cum: list[float] = []
    total = 0.0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in parts[0]):
                continue
            f = int(parts[1])
            if f < 3:
                continue
            total += math.sqrt(f)  # flatten Zipf a little so that 的/了 do not fill the text
            words.append(parts[0])
            cum.append(total)
    return words, cum
