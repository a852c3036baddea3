"""A character printed twice where the language does not support the doubling (抓住住社区 → 抓住社区)."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..language import Dictionary
from . import word_tables
from .lexicon import MAX_WORD, Lexicon
from .evidence import Evidence, Text, confidence, context, is_han, proposal

NAME = "doubled"
#: Nats by which the dictionary and the corpus must prefer the single character in its context.
#: Chinese doubles characters on purpose (紧紧, 看看, 天天, 高高兴兴) and the dictionary knows those
#: doublings; an OCR doubling breaks a word.  Tuned on OCR-like noise put into generated text.
#: On 60 pages of the training text with 2 % noise, 86 % of the flags were right at 2 nats and over
#: (75 % at 0); on 40 clean pages of it, 2 flags at 2 nats (both real doublings in that text).
MIN_GAIN = 3.0
#: Share of flags right at the threshold (measured on the tuning text; sets the confidence).
PRECISION = 0.85

#: The numeral before a doubled measure word or noun that means "one after another" (一箱箱, 一部部,
#: 一件件, 一个个): the grammar's doubling, not the OCR's.  On the news tuning text's gold pages 20 of
#: the detector's 34 false alarms were so (and 民一庭庭长: a numbered court, then its president).
ONE_BY_ONE = "一"

#: Least length of the dictionary words the doubling must stand between (:func:`_between_words`).
JUNCTION_WORD = 2

_DOUBLE = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff])\1")


def _boundary(k: str, i: int, words: dict[int, frozenset[str]]) -> bool:
    """Whether ``k[i] == k[i+1]`` may be where one word ends and the next begins: the second starts a
    dictionary word (宣传部|部长, 服务队|队员, 旅游局|局长).  Whether the first ends one is not
    asked: it often ends a name the dictionary lacks (文化和旅游局), and a doubling the OCR makes
    seldom forms a word with what follows (抓住住|社区: 住社 is none).  Asking both (the former
    rule) flagged 博物馆馆长 on the news tuning text's OCR pages; this detector had no right flag on
    the training and news tuning texts' OCR pages either way."""
    return any(k[i + 1:i + 1 + n] in words[n] for n in range(2, MAX_WORD + 1))


def _between_words(k: str, i: int, words: dict[int, frozenset[str]]) -> bool:
    """Whether the doubling ``k[i] k[i+1]`` stands where two dictionary words meet once it is single:
    the first copy ends a word of :data:`JUNCTION_WORD` or more characters with what precedes it and
    the characters after the second copy start another (抓住|住|社区 reads 抓住|社区).

    An OCR stutter repeats a character at a word's edge and leaves the extra copy stranded between
    two words.  Where no word follows, the dictionary cannot say the copy is extra: on the real-OCR
    pages of the training and news tuning texts (parts 0 and 1) the detector's flags were 0 right of
    8 (图像像点 4 times, also 4 false alarms on the gold text; “金果果。” where the OCR moved the
    quote; 旅游局局攻 with 长 misread; 内内的, neutral), and 7 of them had no word after the
    doubling (the eighth, 多部部付到位, neutral, stays).  A doubling that ends a quoted term is a
    coined name (“金果果”: 6 false alarms on the news tuning text's gold pages before): a closing
    quote starts no word, so this rule keeps it too.  On OCR-like noise (``bench.ocr.single --noise
    bench/data/train_zh.txt``: random doublings, not an engine's) it costs recall: 39 flags 28 right
    before, 15 flags 11 right after (precision 72 and 73 %).
    """
    left = any(i + 1 - n >= 0 and k[i + 1 - n:i + 1] in words[n] for n in range(JUNCTION_WORD, MAX_WORD + 1))
    return left and any(k[i + 2:i + 2 + n] in words[n] for n in range(JUNCTION_WORD, MAX_WORD + 1))


def _places_plain(text: Text, ev: Evidence) -> list[int]:
    """Where a doubling the detector weighs starts: each match of :data:`_DOUBLE` (they do not
    overlap: 住住住 is one, at its first character) but after :data:`ONE_BY_ONE` (一箱箱: one after
    another), across a line break, or where the dictionary knows the doubling (看看, 天天).  One
    match at a time, as the detector found them (:func:`_places` is this, for a whole text at once)."""
    k = text.k
    out = []
    for m in _DOUBLE.finditer(k):
        i = m.start()
        ch = k[i]
        if i and k[i - 1] == ONE_BY_ONE:
            continue
        if not text.contiguous(i, i + 2) or ev.dictionary.word_freq(ch + ch):
            continue
        out.append(i)
    return out


def _places(text: Text, ev: Evidence) -> list[int]:
    """:func:`_places_plain`, for the whole text at once (NumPy): on ``bench.synthetic`` a text has
    a few dozen doublings, four in five of them words the dictionary knows, each a match, a slice
    and a look-up in Python; here only the places left are."""
    cps, pos = text.cps, text.key.pos
    if len(cps) < 2:
        return []
    han = ((cps >= 0x4E00) & (cps <= 0x9FFF)) | ((cps >= 0x3400) & (cps <= 0x4DBF))  # _DOUBLE's class
    at = np.flatnonzero(han[:-1] & (cps[:-1] == cps[1:]))
    if not at.size:
        return []
    # the matches do not overlap: in a run of one character, every other pair from the run's start
    first = np.diff(at, prepend=-2) != 1
    run_start = np.maximum.accumulate(np.where(first, at, 0))
    at = at[(at - run_start) % 2 == 0]
    keep = (pos[at + 1].astype(np.int64) - pos[at].astype(np.int64) == 1) & ~_doubling_words(ev.dictionary)[cps[at]]
    keep &= (at == 0) | (cps[np.maximum(at - 1, 0)] != ord(ONE_BY_ONE))
    return at[keep].tolist()


@lru_cache(maxsize=4)
def _doubling_words(dictionary: Dictionary) -> np.ndarray:
    """``out[c]``: the character of code point ``c`` twice is a word of the dictionary (its
    ``word_freq`` nonzero: 看看, 天天), as a table (kept between runs by :mod:`.word_tables`)."""
    chars: str = word_tables.cached(dictionary, "doubling-words", lambda: "".join(
        sorted(w[0] for w in dictionary.frequencies() if len(w) == 2 and w[0] == w[1] and dictionary.word_freq(w))))
    out = np.zeros(0x110000, dtype=bool)
    out[np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)] = True
    return out


def find(text: Text, ev: Evidence, lexicon: Lexicon) -> list:
    k = text.k
    out = []
    names = text.names(lexicon)
    for i in _places(text, ev):
        ch = k[i]
        if _boundary(k, i, lexicon.words):
            continue
        if not _between_words(k, i, lexicon.words):
            continue  # the copy strands no word: the dictionary cannot tell the OCR's doubling from the text's
        if names[i] or names[i + 1]:
            continue  # a name or term the text marks (.names): 记者 王丽丽
        if ev.count(ch + ch) > (ev.count(k[i - 1] + ch + ch) if i and is_han(k[i - 1]) else 1):
            continue  # the doubling occurs elsewhere, after another character: an author's, not the OCR's
        left, right = context(k, i, i + 2)
        gain = ev.gain(left, ch + ch, ch, right, MIN_GAIN)
        if gain < MIN_GAIN:
            continue
        out.append(proposal(text, i + 1, i + 2, "", confidence(gain, MIN_GAIN, PRECISION),
                            f"suspect doubled character: {ch}{ch} is no word here and one {ch} reads "
                            f"better by {gain:.1f} nats (dictionary and corpus)", gain=gain))
    return out
