"""Classify: what kind of change a voted difference is — an OCR error (and of which shape) or an editor's variant.

These rules look at the change alone (the two readings, their context and the language evidence),
before any confidence is considered; :mod:`corrector.proposal` applies them to each voted hunk.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from .agreement import Agreement
from .chars import HAN_RUN, THIN_LETTERS, is_latin, is_punct, latin_tokens
from .editorial import (
    MAX_OCR_CHANGE, Difference, digit_added_or_dropped, digits_for_characters, figure_changed, number_changed,
    rewording,
)
from .language import Dictionary
from .lost_text import LOST_EDGE, LOST_MIN, MAX_LINE, cuts_a_word, leaves_sentence_open, lost_text, whole_sentence
from .mark_repeats import DOUBLED_MARK, HYPHENS, doubled_mark, drops_clause, hyphen_pair_halved, one_deletion
from .vote import LM_WEIGHT

#: OCR errors make text worse: when the paper's own reading is better language than the
#: witnesses' by this many nats, the difference is taken for an editorial choice.
FLUENT_MARGIN = 3.0
#: The note of the variant the language evidence calls the target's own better reading (by
#: :data:`FLUENT_MARGIN`): the only note that says one reading is worse language, not another word.
OWN_READS_BETTER = "the paper's own reading reads better"
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
#: ... and only this far (characters) from the ends of the aligned passages: next to a column
#: break a gap is layout, not a lost line.
LINE_EDGE = 30

#: Long strokes OCR reads as the character 一 (a dash, an arrow): where the target prints one and
#: the other printings read 一, the other printings are wrong (图层→颜色, not 图层一颜色).
LINE_SYMBOLS = frozenset("—–―→←⟶")

#: What OCR makes of a percent sign after digits: tesseract reads % in CJK fonts as 96 (7% → 796,
#: 27% → 2796 on the news-prose training bench, 5 of 5 such places), which the shape rules would
#: take for two digits an editor added.
PERCENT_READINGS = ("96",)

#: The note of rule *dash kept*: a long stroke or a hyphen the target prints that other printings read as 一.
DASH_READ_AS_YI = "a dash or an arrow the other printings read as 一"
#: The note of rule *thin letter kept* (:func:`_thin_letter_dropped`).
THIN_DROPPED = "a thin letter the other printings drop"
#: The note of rule *double hyphen kept* (:func:`~corrector.mark_repeats.hyphen_pair_halved`).
HYPHEN_HALVED = "a double hyphen the other printings read as one"
#: Rule *full stop kept*: the target's 。 that other printings read as an ASCII dot, outside a number
#: (2。2 is a misread decimal point), is the printed full stop: OCR reads the small circle as a dot,
#: never a dot as the circle.  On the tuning pages (training and news, plain, k = 2-5) the 11 such
#: changes (3 applied, 8 held) were all wrong, and the 23 the other way (. → 。) all right.  Likewise
#: a 。 after a Han character that other printings read as a star (tesseract's small 。, the
#: single-witness *star* detector's shape, :data:`corrector.suspects.marks.STAR_READING`): real-OCR
#: tuning pages, plain and editions, k = 2-5: 7 such changes, all wrong (one applied).
FULL_STOP_KEPT = "a full stop the other printings read as a dot or a star"

#: Variant notes that say the target prints what the other printings misread: a long stroke they read
#: as 一 (the target's dash), a thin letter they drop from the target's word, a hyphen they drop from
#: its pair, a full stop they read as a dot or a star.  There is nothing to correct in the target, so the rules
#: make no proposal of them
#: (:func:`corrector.proposal.make_proposal`): on the tuning benches (real OCR, news and training,
#: plain and editions builds, k = 2-5) the 54 of the first three shown were 0 right, 46 wrong, 8
#: neutral (one misreading for another where the target's dash was misread too); the full stop's
#: are counted at :data:`FULL_STOP_KEPT`.  The verdict stands where
#: every printing is one edition (``one_edition``).
OTHERS_MISREAD = frozenset({DASH_READ_AS_YI, THIN_DROPPED, HYPHEN_HALVED, FULL_STOP_KEPT})
#: Variant verdicts that stand even where every printing is one edition: the others' misreadings.
ONE_EDITION_KEEPS = OTHERS_MISREAD

#: Symbols that have no business inside Chinese text (stray OCR marks).
GARBAGE = set("□■◆◇○●△▲▽▼☆★※�|\\_~^`@#$&*+=<>{}[]")


def _looks_alike(old: str, new: str) -> bool:
    """Whether the substituted characters look alike (an OCR confusion rather than an editor's word)."""
    try:
        from .glyphs import reading_similarity, DEFAULT
    except ImportError:  # pragma: no cover - the glyph table is optional
        return False
    return len(old) == len(new) and reading_similarity(old, new) >= DEFAULT


def _percent_misread(own: str, new: str, left: str) -> bool:
    """Whether ``own`` is ``new`` with each % after a digit (``left`` may hold it) read as one of :data:`PERCENT_READINGS`."""
    if "%" not in new:
        return False
    lead = left[-1:]
    return any(re.sub(r"(?<=[0-9])%", r, lead + new) == lead + own for r in PERCENT_READINGS)


#: Digits in a row that make a figure, not stray marks: 58岁 is an age, where a lone 1 between Chinese
#: characters is most often a misread ！ (news tuning pages: of 30 changes the noise rule made of
#: digits, the one wrong was 58 → 总, one printing of two against 58岁; the right ones took one digit
#: with marks or letters: 1 → ！, %6 → %，, 人雄立5 → 令。).
FIGURE_DIGITS = 2


def _a_figure(run: str) -> bool:
    """Whether ``run`` is :data:`FIGURE_DIGITS` or more digits and nothing else: a number, which another
    printing's Chinese reading does not make noise (another number or a garble is the vote's, as a word)."""
    return len(run) >= FIGURE_DIGITS and run.isascii() and run.isdigit()


def _thin_letter_dropped(own: str, new: str, left: str, right: str, lang_gain: float) -> bool:
    """Rule *thin letter kept*: the change drops one of :data:`~corrector.chars.THIN_LETTERS` from a Latin word
    the target prints, and the language evidence opposes the change.

    OCR drops a letter one stroke wide (tesseract reads Shift as Shif wherever the font sets it
    tight, list as ist); two printings by one engine then outvote the one that read the letter.
    Where the corpus prints the longer word elsewhere (the language evidence is against the
    change), the printing that has the letter read what was printed.  On the tuning pages (training
    and news, plain and editions builds, k = 2-5) auto applied 15 such deletions: the 5 the language
    opposed were wrong (Shift → Shif four times, list → ist), the 10 it favoured or left even right
    (sheill → shell, shellt → shell, iist → ist: a letter too many); the insertions of a thin
    letter it applied (Shif → Shift, ist → list, unti → until) were 87, all right.
    """
    i = one_deletion(own, new)
    if lang_gain >= 0 or i is None or own[i] not in THIN_LETTERS:
        return False
    text, at = left + own + right, len(left) + i
    return any(c.isascii() and c.isalpha() for c in text[at - 1:at] + text[at + 1:at + 2])


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
            # letters only: a mark changed beside a word (；可以 / ，能够) is no letter of a word
            marks.update(
                len(left) + i for i in range(op.src_start, op.src_end) if not is_punct(reading[i])
            )
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


def _latin_word_outvoted(
    own: str, new: str, left: str, right: str, agree: Agreement | None, lang_gain: float, own_attested: bool = False
) -> bool:
    """Rule *Latin word outvoted*: a Latin word the other printings read otherwise, none as the target does.

    GHP for GIMP, Intemet for Internet, Al1i for Ali, 1list for list: OCR garbles Latin words in
    Chinese text letter by letter (the training OCR's "another word" and "a different number"
    variants were mostly such), while an editor of a Chinese paper seldom swaps one Latin word for
    another.  So where the changed letters lie inside a Latin word on both sides, both words have
    letters (a number is an editor's as often as not), no other printing reads the target's word,
    at least two read the change and they are most of the others, the corpus evidence (``lang_gain``
    here: the dictionary knows Chinese words, not Latin spellings) does not oppose the change, and
    the target's word is not written so elsewhere in the corpus
    (``own_attested``: Unix for Linux is a name an editor chose, GHP for GIMP is nobody's word),
    it is the target's misreading.
    """
    if own_attested or agree is None or agree.shared or agree.backers < 2 or 2 * agree.backers <= agree.others or lang_gain < 0:
        return False
    diff = Difference.of(own, new)
    if not (diff.old_letters or diff.new_letters) or not all(is_latin(c) for c in diff.old_letters + diff.new_letters):
        return False
    mine, theirs = latin_tokens(left, own, new, right)
    if not any(c.isalpha() for c in diff.old_letters + diff.new_letters) and any(c.isdigit() for c in theirs):
        # only digits change and the change keeps a number: VT100 → VT102 is another number (an
        # editor's), Al1i → Ali takes a misread digit out of a word
        return False
    return any(c.isalpha() for c in mine) and any(c.isalpha() for c in theirs) and mine != theirs


def _holds_word(dictionary: Dictionary | None, left: str, own: str, right: str) -> bool:
    """Whether the target's reading holds a whole dictionary word of two or more Han characters in its context.

    A garble (了上蚁 for 瞄) is characters that make no word; a reading that holds one (军饷叫 holds
    军饷) is text someone wrote.
    """
    if dictionary is None or len(own) < 2:
        return False
    at, end, pos = len(left), len(left) + len(own), 0
    for word in dictionary.segment(left + own + right):
        if at <= pos and pos + len(word) <= end and len(word) >= 2 and HAN_RUN.fullmatch(word):
            return True
        pos += len(word)
    return False


def _any_alike(a: str, b: str) -> bool:
    """Whether some character of ``a`` looks like some character of ``b``."""
    return any(_looks_alike(x, y) for x in a for y in b)


def _word_gain(dictionary: Dictionary | None, left: str, own: str, new: str, right: str) -> float:
    """Dictionary evidence (weighted nats) for ``new`` over ``own`` in its context; 0 without a dictionary."""
    if dictionary is None:
        return 0.0
    return LM_WEIGHT * (dictionary.score(left + new + right) - dictionary.score(left + own + right))


def one_edition_verdict(kind: str, note: str, own: str, new: str, agree: Agreement | None) -> tuple[str, str]:
    """Rule *one edition*: :func:`classify`'s verdict where the user states that every printing is one
    edition (``Options.one_edition``).

    Then no paper made a change its other printings lack, and what would tell an editor's word from
    a misreading (志/电 against 便/单: both words, both one look-alike away) is settled: a target that
    stands alone against :data:`~corrector.agreement.OUTVOTED` or more agreeing printings carries OCR
    errors only (a word, a number, a name, lost or added text).  Its variant becomes the OCR kind its
    shape gives; other verdicts, and :data:`ONE_EDITION_KEEPS`, stand.
    """
    if kind != "variant" or agree is None or not agree.outvoted or note in ONE_EDITION_KEEPS:
        return kind, note
    diff = Difference.of(own, new)
    return ("insertion" if not diff.old else "deletion" if not diff.new else "substitution"), ""


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
    agree: Agreement | None = None,
    line_starts: frozenset[int] = frozenset(),
    own_attested: bool = False,
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
        agree: How the other printings read the hunk (:mod:`corrector.agreement`), when known.
        line_starts: Offsets in ``left + own + right`` of letters that start a paragraph of the
            target's text (where a paper puts a lead-in).
        own_attested: Whether the target's reading in its context is found elsewhere in the corpus
            where it differs from the change (:meth:`corrector.language.CorpusCounts.attested`).

    Returns:
        ``(kind, note)``; ``note`` explains a ``variant`` or a ``noise`` verdict.
    """
    diff = Difference.of(own, new)
    co, cn, lo, ln = diff.old, diff.new, diff.old_letters, diff.new_letters
    tags = [op.tag for op in Levenshtein.opcodes(own, new)]
    runs = sum(1 for k, t in enumerate(tags) if t != "equal" and (k == 0 or tags[k - 1] == "equal"))
    alike = lo and ln and _looks_alike(co, cn)
    numbers = number_changed(diff) or figure_changed(own, new)
    if word_gain is None:
        word_gain = _word_gain(dictionary, left, own, new, right)
    alone = agree is not None and agree.unanimous
    # Rule *look-alike outvoted*: a look-alike character the target alone reads, where every other
    # printing (two or more) reads the other, is the target's misreading even when both are words
    # (自已/自己, 分辩/分辨): an editor's word is in every printing of the paper.
    clear = (alike and (lang_gain >= CLEAR_GAIN or support >= 3 or alone)) or word_gain >= VERY_CLEAR_GAIN
    own_word, own_name = _in_words(dictionary, left, own, right, new)
    new_word, new_name = _in_words(dictionary, left, new, right, own)
    # Latin letters and the marks between them are judged by the corpus alone: the Chinese dictionary
    # scores ustbiny/usr/bin by the ASCII marks it counts (-4.5 nats for two slashes), not by spelling
    if _latin_word_outvoted(own, new, left, right, agree, lang_gain - word_gain, own_attested):
        return ("insertion" if not co else "deletion" if not cn else "substitution"), ""
    outvoted = agree is not None and agree.outvoted
    # Rule *digit lost outvoted*: one digit more or fewer than three or more printings that agree, and
    # nothing else (309 for 30, 1 for 11, a doubled 331 for 31), is the target's OCR: a paper's figure
    # is in every printing of the paper, and an editor's keeps its length.
    slip = outvoted and digit_added_or_dropped(own, new)
    if _percent_misread(own, new, left):
        return "noise", "a percent sign read as " + next(r for r in PERCENT_READINGS if r in own)
    if numbers and not (alike and word_gain >= VERY_CLEAR_GAIN and not own_word) and not slip:
        # 统二 for 统一 breaks a word; 二个 for 一个 is a word, and another number.
        return "variant", "a different number"
    clear = clear or slip
    if _thin_letter_dropped(own, new, left, right, lang_gain):
        return "variant", THIN_DROPPED
    if hyphen_pair_halved(own, new, left, right):
        return "variant", HYPHEN_HALVED
    if co == "。" and ((cn == "." and not (left[-1:].isdigit() or right[:1].isdigit()))
                       or (cn == "*" and HAN_RUN.fullmatch(left[-1:]) is not None)):
        return "variant", FULL_STOP_KEPT
    if co and cn and set(cn) <= {"一"} and (set(co) <= LINE_SYMBOLS or (set(co) <= HYPHENS and lang_gain <= 0)):
        return "variant", DASH_READ_AS_YI
    if doubled_mark(own, new, left, right):
        return "noise", DOUBLED_MARK
    if (
        len(ln) <= MAX_OCR_CHANGE
        and len(co) <= 8
        and any(_stray(c) for c in co)
        and not any(_stray(c) for c in cn)
        and not any(is_latin(c) for c in new)  # Shift → Shif: a Latin letter inside a Latin word is no stray
        and not _a_figure(co)
        and not drops_clause(own, new)  # a lead-in beside a stray mark is an editor's (TU据了解， → 元)
    ):
        return "noise", f"stray {co!r} inside Chinese text"
    if len(own) >= 2 and own != new and sorted(own) == sorted(new) and OSA.distance(own, new) <= max(1, len(own) // 2):
        return "transposition", "characters in another order"
    if (
        runs == 1
        and 0 < len(ln) <= 2
        and len(ln) < len(lo) <= 2 * len(ln) + 1
        and lang_gain >= GARBLE_GAIN  # not lowered where the target stands alone: 军饷叫/对地 was an editor's
        and not _holds_word(dictionary, left, own, right)  # 军饷叫 holds 军饷: a rewording (了上蚁 holds none)
    ):
        return "noise", "a character read as several"
    if not lo and LOST_MIN <= len(ln) <= MAX_LINE and support >= 2 and runs == 1 and edge >= LINE_EDGE:
        # A line the OCR dropped cuts a clause in two; an editor leaves out whole clauses.  (Extra
        # text in the target is never cut this way: it may be another story's interleaved column.)
        # the whole differing run (one run: a mark read for another, then the line, is one insertion)
        ops = [op for op in Levenshtein.opcodes(own, new) if op.tag != "equal"]
        run = new[ops[0].dest_start:ops[-1].dest_end]
        if not whole_sentence(left + own + right, len(left) + ops[0].src_start, run, line_starts,
                               len(left) + ops[-1].src_end):
            return "insertion", "a dropped line"
    if alone and edge >= LOST_EDGE and lost_text(own, new, left, right, line_starts):
        return "insertion", "text the OCR lost"
    if support >= 2 and edge >= LOST_EDGE and leaves_sentence_open(own, new, left, right, line_starts):
        return "insertion", "text the OCR lost"
    if outvoted and not lo and 2 <= len(ln) < LOST_MIN and cuts_a_word(dictionary, left, own, new, right):
        # Rule *part of a word lost outvoted*: too short for rule *lost text*, but an editor's cut
        # would not end inside a word
        return "insertion", "text the OCR lost"
    if outvoted and digits_for_characters(lo, ln):
        # Rule *digits misread outvoted*: 了 for 11, 总 for 58 (editorial.digits_for_characters)
        return "substitution", ""
    if (why := rewording(diff)) is not None:
        return "variant", why
    if lo and ln and len(lo) != len(ln) and not _any_alike(lo, ln):
        # OCR misreads a character as one that looks like it; 和 for 以及 is another word.
        return "variant", "another word"
    if alone and len(lo) == len(ln) == 1 and HAN_RUN.fullmatch(lo + ln) and word_gain >= CLEAR_GAIN:
        # Rule *one character outvoted*: one Han character for another, the target alone against
        # every other printing and the dictionary clearly for the change (前对面/前封面, 通明/透明):
        # an editor swaps words, and the swap would be in every printing of the paper.  The
        # dictionary alone: the corpus's counts echo the other paper's house style (包括 for 包含).
        # (Without the dictionary's word, not even against three or more printings: 远程心志 for
        # 远程心电 is tesseract's, 简便 for 简单 an editor's in a paper printed once, and nothing here
        # tells them apart; the synthetic benchmark's lone rewrites were touched 5 times.)
        clear = True
    if lo and ln and own_word and new_word:
        if not alike and (own_name or new_name):
            # However rare one of them, 天津 for 上海 is no misreading: never overruled, not even one
            # character the target alone reads (南京/北京: the paper that printed it once changed it).
            return "variant", "a different name"
        if not clear:
            return "variant", "both readings are words"
    if (lo + ln and lang_gain <= -FLUENT_MARGIN and not (alone and not HAN_RUN.search(lo + ln))
            and not (outvoted and not lo and len(ln) == 1 and HAN_RUN.fullmatch(ln))):
        # (The language evidence knows Chinese words: where every other printing reads the change
        # and no Han character changes — org/copyleft, C语言 — it is no judge of fluency.  Nor
        # where the target alone lacks one character three or more printings agree on, rule
        # *character lost outvoted*: every character costs nats, a rare one many (软烂易嚼 "reads
        # worse" than 软烂易), and an editor does not cut one character of a word.  Real-OCR tuning
        # benchmarks, k = 4-5: 5 more changes applied, all right (腰挎竹篓, 局长覃志远); no edit of the
        # edited paper printed once lost.)
        return "variant", OWN_READS_BETTER
    if not co:
        return "insertion", ""
    if not cn:
        return "deletion", ""
    return "substitution", ""
