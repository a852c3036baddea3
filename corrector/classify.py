"""Classify: what kind of change a voted difference is — an OCR error (and of which shape) or an editor's variant.

These rules look at the change alone (the two readings, their context and the language evidence),
before any confidence is considered; :mod:`corrector.proposal` applies them to each voted hunk.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from .chars import HAN_RUN, is_latin, is_punct
from .editorial import MAX_OCR_CHANGE, Difference, number_changed, rewording
from .language import Dictionary
from .vote import LM_WEIGHT

#: OCR errors make text worse: when the paper's own reading is better language than the
#: witnesses' by this many nats, the difference is taken for an editorial choice.
FLUENT_MARGIN = 3.0
#: Language evidence (nats) that makes a look-alike substitution an OCR error even when both
#: readings are words (习近乎/习近平, 优惠意识/忧患意识).
CLEAR_GAIN = 3.0
#: Dictionary evidence alone (nats; corpus counts left out, since a phrase common in the corpus says
#: nothing against a word an editor chose) that makes any substitution an OCR error even when both
#: readings are words (现生化/现代化), and a look-alike number an OCR error (a different number is
#: otherwise an editor's).
VERY_CLEAR_GAIN = 5.0
#: ... and that makes a short garbled run an OCR error (了上蚁 for 瞄: one character read as several).
GARBLE_GAIN = 6.0
#: Longest run (letters) taken for a line the OCR dropped or doubled rather than an editor's cut.
MAX_LINE = 40
#: ... and only this far (characters) from the ends of the aligned passages: next to a column
#: break a gap is layout, not a lost line.
LINE_EDGE = 30

#: Symbols that have no business inside Chinese text (stray OCR marks).
GARBAGE = set("□■◆◇○●△▲▽▼☆★※�|\\_~^`@#$&*+=<>{}[]")


def _looks_alike(old: str, new: str) -> bool:
    """Whether the substituted characters look alike (an OCR confusion rather than an editor's word)."""
    try:
        from .glyphs import reading_similarity, DEFAULT
    except ImportError:  # pragma: no cover - the glyph table is optional
        return False
    return len(old) == len(new) and reading_similarity(old, new) >= DEFAULT


def _stray(ch: str) -> bool:
    """A character that has no business inside Chinese text: Latin letters, digits, symbols."""
    return ch in GARBAGE or is_latin(ch)


@lru_cache(maxsize=1 << 14)
def _in_words(dictionary: Dictionary | None, left: str, reading: str, right: str, other: str) -> tuple[bool, bool]:
    """Whether every character ``reading`` changes (relative to ``other``) lies inside a dictionary word of 2+ characters.

    Cached: :func:`classify` and the decision model's features (:mod:`corrector.proposal`) ask the
    same question of the same change.

    Returns:
        ``(in words, in names)``: the second counts only the words the dictionary tags as names
        (places, people, organisations).
    """
    if dictionary is None:
        return False, False
    text = left + reading + right
    marks: set[int] = set()
    for op in Levenshtein.opcodes(reading, other):
        if op.tag in ("replace", "delete"):
            marks.update(range(len(left) + op.src_start, len(left) + op.src_end))
    if not marks:
        return False, False
    words: set[int] = set()
    names: set[int] = set()
    for run in HAN_RUN.finditer(text):
        at = run.start()
        for word in dictionary.segment(run.group()):
            if len(word) >= 2 and dictionary.word_freq(word) > 0:
                words.update(range(at, at + len(word)))
                if dictionary.is_name(word):
                    names.update(range(at, at + len(word)))
            at += len(word)
    return marks <= words, marks <= names


def _whole_sentence(text: str, at: int, run: str) -> bool:
    """Whether inserting ``run`` into ``text`` at ``at`` adds whole clauses: some equivalent place for it
    (the run slid along the letters it repeats on either side: ``你[必须……。你]可以`` is ``[你必须……。]你可以``)
    has a mark or the start of the text before it, and the slid run ends with a mark.
    """
    n = len(run)
    lo = at
    while lo > 0 and text[lo - 1] == run[(lo - 1 - at) % n]:
        lo -= 1
    hi = at
    while hi < len(text) and text[hi] == run[(hi - at) % n]:
        hi += 1
    for i in range(lo, hi + 1):
        slid = run[(i - at) % n:] + run[:(i - at) % n]
        if (i == 0 or is_punct(text[i - 1])) and is_punct(slid[-1]):
            return True
    return False


def _any_alike(a: str, b: str) -> bool:
    """Whether some character of ``a`` looks like some character of ``b``."""
    return any(_looks_alike(x, y) for x in a for y in b)


def _word_gain(dictionary: Dictionary | None, left: str, own: str, new: str, right: str) -> float:
    """Dictionary evidence (weighted nats) for ``new`` over ``own`` in its context; 0 without a dictionary."""
    if dictionary is None:
        return 0.0
    return LM_WEIGHT * (dictionary.score(left + new + right) - dictionary.score(left + own + right))


def classify(
    own: str,
    new: str,
    left: str,
    right: str,
    lang_gain: float,
    dictionary: Dictionary | None,
    support: int = 1,
    edge: int = 10**9,
    word_gain: float | None = None,
) -> tuple[str, str]:
    """Kind of the change ``own`` → ``new`` and a note on why, before confidence is considered.

    Args:
        own, new: The target's reading and the proposed one (key form).
        left, right: Key context around the hunk.
        lang_gain: Language evidence for ``new`` over ``own`` (nats).
        dictionary: The :class:`~corrector.language.Dictionary`, or ``None``.
        support: Witnesses reading ``new``.
        edge: Distance (characters) from the hunk to the nearest end of an aligned passage.
        word_gain: Dictionary evidence alone for ``new`` over ``own`` (weighted nats, corpus counts
            left out), when the vote has it already (``LM_WEIGHT`` × the difference of the
            candidates' ``lm``); computed from ``dictionary`` when ``None``.

    Returns:
        ``(kind, note)``; ``note`` explains a ``variant`` or a ``noise`` verdict.
    """
    diff = Difference.of(own, new)
    co, cn, lo, ln = diff.old, diff.new, diff.old_letters, diff.new_letters
    tags = [op.tag for op in Levenshtein.opcodes(own, new)]
    runs = sum(1 for k, t in enumerate(tags) if t != "equal" and (k == 0 or tags[k - 1] == "equal"))
    alike = lo and ln and _looks_alike(co, cn)
    numbers = number_changed(diff)
    if word_gain is None:
        word_gain = _word_gain(dictionary, left, own, new, right)
    clear = (alike and (lang_gain >= CLEAR_GAIN or support >= 3)) or word_gain >= VERY_CLEAR_GAIN
    own_word, own_name = _in_words(dictionary, left, own, right, new)
    new_word, new_name = _in_words(dictionary, left, new, right, own)
    if numbers and not (alike and word_gain >= VERY_CLEAR_GAIN and not own_word):
        # 统二 for 统一 breaks a word; 二个 for 一个 is a word, and another number.
        return "variant", "a different number"
    if (
        len(ln) <= MAX_OCR_CHANGE
        and len(co) <= 8
        and any(_stray(c) for c in co)
        and not any(_stray(c) for c in cn)
        and not any(is_latin(c) for c in new)  # Shift → Shif: a Latin letter inside a Latin word is no stray
    ):
        return "noise", f"stray {co!r} inside Chinese text"
    if len(own) >= 2 and own != new and sorted(own) == sorted(new) and OSA.distance(own, new) <= max(1, len(own) // 2):
        return "transposition", "characters in another order"
    if (
        runs == 1
        and 0 < len(ln) <= 2
        and len(ln) < len(lo) <= 2 * len(ln) + 1
        and lang_gain >= GARBLE_GAIN
    ):
        return "noise", "a character read as several"
    if not lo and 1 < len(ln) <= MAX_LINE and support >= 2 and runs == 1 and edge >= LINE_EDGE:
        # A line the OCR dropped cuts a clause in two; an editor leaves out whole clauses.  (Extra
        # text in the target is never cut this way: it may be another story's interleaved column.)
        ins = next(op for op in Levenshtein.opcodes(own, new) if op.tag != "equal")
        if not _whole_sentence(left + own + right, len(left) + ins.src_start, new[ins.dest_start:ins.dest_end]):
            return "insertion", "a dropped line"
    if (why := rewording(diff)) is not None:
        return "variant", why
    if lo and ln and len(lo) != len(ln) and not _any_alike(lo, ln):
        # OCR misreads a character as one that looks like it; 和 for 以及 is another word.
        return "variant", "another word"
    if lo and ln and own_word and new_word:
        if not alike and (own_name or new_name):
            # However rare one of them, 天津 for 上海 is no misreading: never overruled.
            return "variant", "a different name"
        if not clear:
            return "variant", "both readings are words"
    if lo + ln and lang_gain <= -FLUENT_MARGIN:
        return "variant", "the paper's own reading reads better"
    if not co:
        return "insertion", ""
    if not cn:
        return "deletion", ""
    return "substitution", ""
