"""Language evidence: jieba's dictionary as a scorer, and n-gram counts from the input corpus itself."""

from __future__ import annotations

import logging
import math
import threading
import unicodedata

import numpy as np

from .discover import rolling_hashes

#: Cost in nats of a punctuation mark, and of a run of Latin letters or digits, as one token.
PUNCT_COST = 0.0
LATIN_COST = -9.0
#: Nats charged for a typographic impossibility in Chinese text, such as an ASCII full stop
#: between two Han characters (an OCR reading of 。).
TYPO_PENALTY = -16.0
#: Added per Han character so that readings of different lengths compare fairly (a word
#: insertion penalty, as in speech decoding): about the mean log-probability per character.
HAN_BONUS = 4.5


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F or 0xF900 <= o <= 0xFAFF


class Dictionary:
    """Scores text by its best segmentation into jieba dictionary words (no guessing of unknown words).

    The score is the sum of ``log(freq / total)`` over the words of the best segmentation
    (jieba's own dynamic programme over its prefix dictionary); a character the dictionary
    lacks costs ``log(1 / total)``.  Runs of Latin letters or digits and punctuation marks are
    scored as single tokens with fixed costs, and an ASCII full stop between Han characters costs
    :data:`TYPO_PENALTY`.  jieba is loaded once, on first use.
    """

    _lock = threading.Lock()
    _tokenizer = None

    def __init__(self) -> None:
        self._cache: dict[str, float] = {}

    @classmethod
    def tokenizer(cls):
        with cls._lock:
            if cls._tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.check_initialized()
                cls._tokenizer = jieba.dt
        return cls._tokenizer

    def word_freq(self, word: str) -> int:
        """Frequency of ``word`` in the dictionary (0 when absent)."""
        return int(self.tokenizer().FREQ.get(word) or 0)

    def score(self, text: str) -> float:
        """Log-probability (nats) of the best dictionary segmentation of ``text``, plus :data:`HAN_BONUS` per Han character."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        total = 0.0
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            j = i + 1
            if _is_han(ch):
                while j < n and _is_han(text[j]):
                    j += 1
                total += self._han(text[i:j]) + HAN_BONUS * (j - i)
            elif ch.isalnum():
                while j < n and text[j].isalnum() and not _is_han(text[j]):
                    j += 1
                total += LATIN_COST
            else:
                total += PUNCT_COST
                if ch == "." and 0 < i and j < n and _is_han(text[i - 1]) and _is_han(text[j]):
                    total += TYPO_PENALTY
            i = j
        self._cache[text] = total
        return total

    def _han(self, run: str) -> float:
        dt = self.tokenizer()
        dag = dt.get_DAG(run)
        route: dict[int, tuple[float, int]] = {}
        dt.calc(run, dag, route)
        return route[0][0]

    def segment(self, text: str) -> list[str]:
        """The best segmentation of a Han run (for reasons shown to people)."""
        dt = self.tokenizer()
        dag = dt.get_DAG(text)
        route: dict[int, tuple[float, int]] = {}
        dt.calc(text, dag, route)
        out, i = [], 0
        while i < len(text):
            j = route[i][1] + 1
            out.append(text[i:j])
            i = j
        return out


class CorpusCounts:
    """Counts of character trigrams over the comparison keys of every input document."""

    N = 3

    def __init__(self, keys: list[str]) -> None:
        parts = [rolling_hashes(np.frombuffer(k.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64), self.N) for k in keys]
        self._sorted = np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.uint64)
        self._cache: dict[str, int] = {}

    def count(self, gram: str) -> int:
        """How many times ``gram`` (a trigram) occurs in the corpus."""
        c = self._cache.get(gram)
        if c is None:
            h = rolling_hashes(np.frombuffer(gram.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64), self.N)
            lo = np.searchsorted(self._sorted, h[0], side="left")
            hi = np.searchsorted(self._sorted, h[0], side="right")
            c = self._cache[gram] = int(hi - lo)
        return c

    def grams(self, left: str, reading: str, right: str) -> list[str]:
        """The trigrams of letters that touch ``reading`` between ``left`` and ``right``."""
        l2 = left[-(self.N - 1):]
        window = l2 + reading + right[:self.N - 1]
        lo, hi = len(l2), len(l2) + len(reading)
        out = []
        for k in range(0, len(window) - self.N + 1):
            if k + self.N > lo and k < max(hi, lo + 1) and (hi > lo or k < lo):
                gram = window[k:k + self.N]
                if all(_is_han(c) or c.isalnum() for c in gram):
                    out.append(gram)
        return out

    def evidence(self, left: str, right: str, readings: list[tuple[str, int]]) -> list[float]:
        """For each reading, the sum of ``log(1 + 2 count)`` over its trigrams (0 when unseen).

        A trigram's count leaves out the occurrences the witnesses of this very hunk supply
        (each witness whose reading makes that trigram here), so only text elsewhere is evidence.

        Args:
            left, right: Context (key form) before and after the hunk.
            readings: ``(text, number of witnesses reading it)`` for every candidate.
        """
        grams = [self.grams(left, text, right) for text, _ in readings]
        own: dict[str, int] = {}
        for gs, (_, n) in zip(grams, readings):
            for g in set(gs):
                own[g] = own.get(g, 0) + n
        return [sum(math.log1p(2 * max(0, self.count(g) - own[g])) for g in gs) for gs in grams]


def is_punct(ch: str) -> bool:
    """Punctuation or symbol (not a letter, digit or Han character)."""
    return unicodedata.category(ch)[0] not in "LN"
