"""Language evidence: jieba's dictionary as a scorer, and n-gram counts from the input corpus itself."""

from __future__ import annotations

import functools
import importlib.util
import marshal
import math
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from .chars import is_han, is_punct
from .discover import gram_hash, rolling_hashes
from .latin_shapes import digit_for_l, misread_l_at
from .particles import PAIRS, doubled_at

#: Cost in nats of a punctuation mark, and of a run of Latin letters or digits, as one token.
PUNCT_COST = 0.0
LATIN_COST = -9.0
#: Nats charged for a typographic impossibility in Chinese text: an ASCII full stop between two
#: Han characters, or a middle dot after a Han character but not before one (OCR readings of 。);
#: and a Latin word that prints a 1 only a misread l can be (shel1, Pub1ic: :mod:`corrector.latin_shapes`),
#: which the corpus's own counts favour where one engine misreads it in every printing it reads.  The
#: collation's language evidence charges it too for a doubled particle inside no word (硬性和和柔性:
#: :mod:`corrector.particles`, :meth:`LanguageEvidence.score`).
TYPO_PENALTY = -16.0
#: Added per Han character so that readings of different lengths compare fairly (a word
#: insertion penalty, as in speech decoding): about the mean log-probability per character.
HAN_BONUS = 4.5


def _dict_path() -> Path:
    """Where jieba's ``dict.txt`` is installed (found without importing jieba)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "dict.txt"


def _cache_dir() -> Path:
    base = os.environ.get("CORRECTOR_CACHE") or os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "corrector"


#: jieba part-of-speech tags of names: places, people (with transliterations and foreign
#: names), organisations and other proper nouns.  jieba's tags are rough (从严治党 is tagged
#: ``nr``), so a name is only ever a reason to leave a difference to an editor.
NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz"})


def load_dictionary() -> tuple[dict[str, int], frozenset[str]]:
    """jieba's dictionary as ``({word: frequency}, names)``, from a marshal cache made on first use.

    ``names`` holds the words of two or more characters tagged as names (:data:`NAME_TAGS`).
    The cache (a few MB in ``$CORRECTOR_CACHE`` or ``~/.cache/corrector``) is keyed by the
    dictionary file's size and time and loads in about a tenth of the time jieba takes to start;
    when it cannot be written the dictionary is simply parsed each time.
    """
    src = _dict_path()
    st = src.stat()
    cache = _cache_dir() / f"jieba-dict-v2-{st.st_size}-{int(st.st_mtime)}.marshal"
    try:
        cached_freq, cached_names = marshal.loads(cache.read_bytes())
        return cached_freq, cached_names
    except (OSError, ValueError, EOFError, TypeError):
        pass
    freq: dict[str, int] = {}
    name_set: set[str] = set()
    with open(src, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                freq[parts[0]] = int(parts[1])
                if len(parts) >= 3 and parts[2] in NAME_TAGS and len(parts[0]) >= 2:
                    name_set.add(parts[0])
    names = frozenset(name_set)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((freq, names)))
        os.replace(tmp, cache)
    except OSError:
        pass
    return freq, names


#: Cached dictionary scores and segmentations kept at most (then forgotten at once): about 200 bytes
#: each, so at most ~100 MB however large the corpus, while a page's hunks (which share contexts)
#: still find theirs.
CACHE_ENTRIES = 500_000

#: Dictionary entries rarer than this are no evidence that a string is a word: jieba's rarest entries
#: are mostly names and segmentation debris (the suspicion flags' word lists and rule *part of a word
#: lost outvoted* both read the dictionary so).
MIN_WORD_FREQ = 3


class Dictionary:
    """Scores text by its best segmentation into dictionary words (no guessing of unknown words).

    The score is the sum of ``log(freq / total)`` over the words of the best segmentation
    (the dynamic programme of jieba's ``cut(HMM=False)``, over jieba's ``dict.txt``); a character
    the dictionary lacks costs ``log(1 / total)``.  Runs of Latin letters or digits and
    punctuation marks are scored as single tokens with fixed costs, and an ASCII full stop between
    Han characters costs :data:`TYPO_PENALTY`.

    A value: made from its word frequencies and names, never changed after.  :meth:`load` gives
    jieba's dictionary, loaded once per process; the pipeline loads it and passes it to the stages.
    Each instance keeps its own cache of scores and segmentations (they depend only on it), so a
    worker process that loaded the dictionary keeps them from one stage (vote) to the next (propose).
    """

    def __init__(self, frequencies: dict[str, int], names: frozenset[str] = frozenset(), *, loaded: bool = False) -> None:
        """
        Args:
            frequencies: ``{word: frequency}``; must not be changed afterwards.
            names: The words tagged as names (:data:`NAME_TAGS`).
            loaded: True only for :meth:`load`'s dictionary: it is pickled as a reference, so a
                worker process loads its own copy once instead of receiving every entry.
        """
        if not frequencies:
            raise ValueError("a dictionary needs at least one word")
        self._freq = frequencies
        self._names = names
        self._logtotal = math.log(sum(frequencies.values()))
        self._maxlen = max(len(w) for w in frequencies)
        self._loaded = loaded
        self._cache: dict[str, float] = {}
        self._runs: dict[str, float] = {}
        self._segments: dict[str, list[str]] = {}

    @staticmethod
    def load() -> "Dictionary":
        """jieba's dictionary (:func:`load_dictionary`), loaded on the first call in a process and shared after."""
        with _LOAD_LOCK:
            return _jieba_dictionary()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        if self._loaded:
            return (Dictionary.load, ())
        return (Dictionary, (self._freq, self._names))

    def _bound(self) -> None:
        """Forget the cached scores and segmentations when they hold more than :data:`CACHE_ENTRIES` entries."""
        if len(self._cache) + len(self._runs) + len(self._segments) > CACHE_ENTRIES:
            self._cache.clear()
            self._runs.clear()
            self._segments.clear()

    def frequencies(self) -> dict[str, int]:
        """``{word: frequency}`` (read only)."""
        return self._freq

    def word_freq(self, word: str) -> int:
        """Frequency of ``word`` in the dictionary (0 when absent)."""
        return int(self.frequencies().get(word) or 0)

    def names(self) -> frozenset[str]:
        """Every word of two or more characters the dictionary tags as a name (:data:`NAME_TAGS`)."""
        return self._names

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is a dictionary word of two or more characters, as frequent as :data:`MIN_WORD_FREQ`."""
        return len(word) >= 2 and self.word_freq(word) >= MIN_WORD_FREQ

    def is_name(self, word: str) -> bool:
        """Whether the dictionary tags ``word`` as a name (place, person, organisation, proper noun)."""
        return word in self._names

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
            if is_han(ch):
                while j < n and is_han(text[j]):
                    j += 1
                total += self._han(text[i:j]) + HAN_BONUS * (j - i)
            elif ch.isalnum():
                while j < n and text[j].isalnum() and not is_han(text[j]):
                    j += 1
                total += LATIN_COST + (TYPO_PENALTY if digit_for_l(text[i:j]) else 0.0)
            else:
                total += PUNCT_COST
                if 0 < i and j < n and is_han(text[i - 1]):
                    # an ASCII full stop between Han characters, or a middle dot anywhere but
                    # between two Han characters (马克·吐温), is an OCR reading of 。
                    if (ch == "." and is_han(text[j])) or (ch in "·・" and not is_han(text[j])):
                        total += TYPO_PENALTY
            i = j
        self._bound()
        self._cache[text] = total
        return total

    def _route(self, run: str) -> list[tuple[float, int]]:
        """Best segmentation from every position: ``route[i] = (log-prob of run[i:], end of first word)``."""
        freq = self._freq
        logtotal, maxlen = self._logtotal, self._maxlen
        n = len(run)
        route: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            best = (math.log(freq.get(run[i]) or 1) - logtotal + route[i + 1][0], i + 1)
            for j in range(i + 2, min(n, i + maxlen) + 1):
                f = freq.get(run[i:j])
                if f:
                    cand = math.log(f) - logtotal + route[j][0]
                    if cand > best[0]:
                        best = (cand, j)
            route[i] = best
        return route

    def _han(self, run: str) -> float:
        # The readings of a hunk share their context: a Han run of the context that does not touch
        # the reading is segmented once.
        cached = self._runs.get(run)
        if cached is None:
            cached = self._runs[run] = self._route(run)[0][0]
        return cached

    def segment(self, text: str) -> list[str]:
        """The best segmentation of a Han run (for reasons shown to people, and word boundaries)."""
        cached = self._segments.get(text)
        if cached is not None:
            return list(cached)
        route = self._route(text)
        out, i = [], 0
        while i < len(text):
            j = route[i][1]
            out.append(text[i:j])
            i = j
        self._bound()
        self._segments[text] = out
        return list(out)


#: Serialises the first :meth:`Dictionary.load` of a process (threads in one worker share it).
_LOAD_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _jieba_dictionary() -> Dictionary:
    """The process's one copy of jieba's dictionary (call :meth:`Dictionary.load`)."""
    freq, names = load_dictionary()
    return Dictionary(freq, names, loaded=True)


#: Weight of the punctuation-bigram evidence relative to the letter trigrams (which mark follows and
#: precedes which character: 时钟。 rather than 时钟. before a new sentence).
MARK_WEIGHT = 1.0


#: Marks that are never doubled in print: a doubled one (，，) is an OCR artefact, so the corpus's
#: count of it is no evidence for it (unlike —— or ……).
_SEPARATORS = set(",.;:，。；：、")


class CorpusCounts:
    """Counts of character bigrams and trigrams over the comparison keys of every input document.

    Each distinct n-gram is kept once, as its hash with its count (sorted by hash), not once per
    occurrence: every worker process holds a copy, and text repeats its n-grams.
    """

    def __init__(self, keys: list[str]) -> None:
        self._tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in (2, 3):
            found = [rolling_hashes(np.frombuffer(k.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64), n) for k in keys]
            grams, counts = np.unique(np.concatenate(found) if found else np.zeros(0, dtype=np.uint64), return_counts=True)
            self._tables[n] = (grams, counts.astype(np.uint32))
        self._cache: dict[str, int] = {}

    def count(self, gram: str) -> int:
        """How many times ``gram`` (two or three characters) occurs in the corpus."""
        c = self._cache.get(gram)
        if c is None:
            grams, counts = self._tables[len(gram)]
            h = np.uint64(gram_hash(gram))
            i = int(np.searchsorted(grams, h))
            c = self._cache[gram] = int(counts[i]) if i < len(grams) and grams[i] == h else 0
        return c

    @staticmethod
    def _touching(left: str, reading: str, right: str, n: int) -> list[str]:
        ctx = n - 1
        l2 = left[-ctx:] if ctx else ""
        window = l2 + reading + right[:ctx]
        lo, hi = len(l2), len(l2) + len(reading)
        return [
            window[k:k + n]
            for k in range(0, len(window) - n + 1)
            if k + n > lo and k < max(hi, lo + 1) and (hi > lo or k < lo)
        ]

    def grams(self, left: str, reading: str, right: str) -> list[str]:
        """The n-grams that touch ``reading`` between ``left`` and ``right``.

        Trigrams of letters (words and phrases), and bigrams with a punctuation mark (which
        marks follow and precede which characters: 时钟。 rather than 时钟. before a new sentence).
        """
        tri = [g for g in self._touching(left, reading, right, 3) if all(is_han(c) or c.isalnum() for c in g)]
        bi = [
            g for g in self._touching(left, reading, right, 2)
            if any(is_punct(c) for c in g) and not (g[0] == g[1] and g[0] in _SEPARATORS)
        ]
        return tri + bi

    def attested(self, left: str, right: str, reading: str, witnesses: int, other: str) -> bool:
        """Whether ``reading`` is written so elsewhere in the corpus, where it differs from ``other``.

        Every trigram of letters in ``reading`` (with its context where it is shorter than three)
        that ``other`` does not have occurs in the corpus more often than the ``witnesses`` reading
        it here supply (Unix for Linux, written so in other passages); a garble's own trigrams
        (ustbinydash: ust, stb, …) occur nowhere else, whatever it shares with the other reading (dash).
        """
        mine = [g for g in self.grams("", reading, "") if len(g) == 3]  # the reading's own, not its context's
        theirs = set(self.grams("", other, ""))
        if not mine:  # shorter than a trigram: the ones it makes with its context
            mine = [g for g in self.grams(left, reading, right) if len(g) == 3]
            theirs = set(self.grams(left, other, right))
        distinct = [g for g in mine if g not in theirs]
        return bool(distinct) and all(self.count(g) > witnesses * mine.count(g) for g in distinct)

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
        return [
            sum((1.0 if len(g) == 3 else MARK_WEIGHT) * math.log1p(2 * max(0, self.count(g) - own[g])) for g in gs)
            for gs in grams
        ]


class LanguageEvidence:
    """Language evidence for a reading in its context: dictionary score plus corpus n-grams (computed once per corpus)."""

    def __init__(self, keys: list[str], dictionary: Dictionary | None) -> None:
        """
        Args:
            keys: The comparison keys of every input document (the corpus counted).
            dictionary: The dictionary scorer (:meth:`Dictionary.load`), or ``None`` for corpus counts alone.
        """
        self.dictionary = dictionary
        self.corpus = CorpusCounts(keys)

    def score(self, left: str, right: str, readings: list[tuple[str, int]]) -> list[tuple[float, float]]:
        """``(dictionary nats, corpus evidence)`` of each reading (text, witnesses) between ``left`` and ``right``."""
        lms = [self.dictionary.score(left + text + right) if self.dictionary else 0.0 for text, _ in readings]
        corpus = self.corpus.evidence(left, right, readings)
        # the corpus's counts of a Latin word only a misread l makes (shel1) are one engine's habit,
        # not text printed elsewhere: no evidence (corrector.latin_shapes)
        corpus = [0.0 if misread_l_at(left + text + right, len(left), len(left) + len(text)) else c
                  for c, (text, _) in zip(corpus, readings)]
        if self.dictionary is not None:
            # a doubled particle inside no word (硬性和和柔性) is tesseract's, not the language's
            # (corrector.particles): the reading that makes it is charged (here, not in Dictionary.score,
            # whose gains the suspicion flags compute locally) and its corpus counts are no evidence
            d = self.dictionary
            for j, (text, _) in enumerate(readings):
                whole = left + text + right
                if not any(pair in whole for pair in PAIRS):
                    continue
                at = doubled_at(whole, d.is_word, d.word_freq)
                lms[j] += TYPO_PENALTY * len(at)
                if any(i <= len(left) + len(text) and len(left) <= i + 2 for i in at):
                    corpus[j] = 0.0
        return list(zip(lms, corpus))
