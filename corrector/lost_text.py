"""Lost text: what the OCR drops and what an editor cuts, told apart by where the missing run begins and ends.

OCR loses lines and parts of lines (a column rule, a fold, a faint line) wherever they fall and
garbles the characters beside the loss; an editor cuts whole clauses and whole words, and puts a
lead-in before a paragraph.  Used by :func:`corrector.classify.classify` (rules *lost text*,
*dropped line* and *part of a word lost outvoted*).
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from .chars import HAN_RUN, SENTENCE_END, is_punct
from .editorial import inserted_run
from .language import MIN_WORD_FREQ, Dictionary

#: Longest run (letters) taken for a line the OCR dropped or doubled rather than an editor's cut.
MAX_LINE = 40
#: Lost text and dropped lines: at least this many letters more in the change than in the target.
#: Shorter runs are as likely an editor's word (与此同时 for 同时: 与此 in the other paper's two
#: printings) as a part of a line the OCR lost.
LOST_MIN = 4
#: ... and at most this many of the target's letters unmatched (the OCR garbles a character or
#: two where it loses a line: 面且更遗憾 for 而且更遗憾的是，之后应该).
LOST_GARBLE = 3

#: Lost text is taken for OCR's only this far (characters) from the ends of the aligned passages:
#: where every other printing reads the text, a page cut short or another story's column shows
#: as a gap reaching the passage's end, not as text missing between anchored letters.
LOST_EDGE = 8


def whole_sentence(text: str, at: int, run: str, starts: frozenset[int] = frozenset(), end: int | None = None) -> bool:
    """Whether inserting ``run`` into ``text`` at ``at`` adds whole clauses: some equivalent place for it
    (the run slid along the letters it repeats on either side: ``你[必须……。你]可以`` is ``[你必须……。]你可以``)
    has a mark, the start of the text or the start of a paragraph (``starts``, where a paper puts a
    lead-in) before it, and the slid run ends with a mark; or the run ends with a mark and holds a
    mark followed by letters (it closes one clause and adds whole ones after it).  ``end`` (default
    ``at``): where the target's text the run replaces ends; a run replacing the target's marks up to a
    paragraph's start is at that start.
    """
    n = len(run)
    if n and is_punct(run[-1]) and any(_clause_mark(run[j - 1]) and not is_punct(run[j]) for j in range(1, n - 1)):
        # the run brings the mark before it: 状态[。如果没有进行命令替换，命令以状态零退出。]中讲到 ends one
        # clause and puts back a whole sentence after it
        return True
    lo = at
    while lo > 0 and text[lo - 1] == run[(lo - 1 - at) % n]:
        lo -= 1
    hi = at
    while hi < len(text) and text[hi] == run[(hi - at) % n]:
        hi += 1
    for i in range(lo, hi + 1):
        slid = run[(i - at) % n:] + run[:(i - at) % n]
        at_start = _before_paragraph(text, i, starts) or (i == at and _before_paragraph(text, end or at, starts))
        if (i == 0 or is_punct(text[i - 1]) or at_start) and is_punct(slid[-1]):
            return True
    return False


def _clause_mark(ch: str) -> bool:
    """A mark that ends a clause or a sentence: punctuation, not a line break (OCR text keeps the printed lines)."""
    return is_punct(ch) and not ch.isspace()


def _before_paragraph(text: str, i: int, starts: frozenset[int]) -> bool:
    """Whether offset ``i`` of ``text`` is a paragraph's start (``starts``) or the end of the line before one.

    The alignment may put a lead-in before the line break instead of after it (标题[本报综合消息，]
    ⏎本报评论员): the same place, the break being layout.
    """
    j = i
    while j < len(text) and text[j] == "\n":
        j += 1
    return j in starts


def lost_text(own: str, new: str, left: str, right: str, starts: frozenset[int] = frozenset()) -> bool:
    """Rule *lost text*: the change puts back text the target lost mid-clause, garbling at most a character or two.

    OCR loses lines and parts of lines (a column rule, a fold, a faint line) and garbles the
    characters next to the loss; an editor cuts whole clauses.  So: at least :data:`LOST_MIN` letters
    more in the change than in the target, at most :data:`LOST_GARBLE` of the target's letters
    unmatched, no more than two lines' worth added (:data:`MAX_LINE` each), and no run put back
    that is a whole clause where it stands (:func:`whole_sentence`; 据新华社报道， before a
    paragraph is an editor's lead-in).
    """
    ops = [op for op in Levenshtein.opcodes(own, new) if op.tag != "equal"]
    lost = "".join(c for op in ops for c in own[op.src_start:op.src_end] if not is_punct(c))
    added = "".join(c for op in ops for c in new[op.dest_start:op.dest_end] if not is_punct(c))
    if len(added) - len(lost) < LOST_MIN or len(lost) > LOST_GARBLE or len(added) > 2 * MAX_LINE:
        return False
    text = left + own + right
    # the differing run weighed whole, as a dropped line is, where it is one run (no text of the
    # target's between its parts) and replaces no letter of the target (a lead-in put before the
    # title's closing quote); a run that replaces letters replaces garble
    one_run = all(b.src_start == a.src_end and b.dest_start == a.dest_end for a, b in zip(ops, ops[1:]))
    whole = new[ops[0].dest_start:ops[-1].dest_end]
    if (one_run and not lost
            and whole_sentence(text, len(left) + ops[0].src_start, whole, starts, len(left) + ops[-1].src_end)):
        return False
    for op in ops:
        run = new[op.dest_start:op.dest_end]
        if op.tag == "insert" and whole_sentence(text, len(left) + op.src_start, run, starts):
            return False
        if op.tag == "replace" and len(run) > op.src_end - op.src_start:
            # the text replaced is garble; the run is whole clauses if it is one in the garble's place
            cut = text[:len(left) + op.src_start] + text[len(left) + op.src_end:]
            if whole_sentence(cut, len(left) + op.src_start, run, starts):
                return False
    return True


def leaves_sentence_open(own: str, new: str, left: str, right: str, starts: frozenset[int] = frozenset()) -> bool:
    """Rule *sentence left open*: the change puts back one run of text that ends one sentence (稳定[就业。],
    通[客车。], 作业5[个小时，赶在天亮前恢复供热。]) where the target, without it, runs letters into
    letters with no mark between them and no paragraph starting there.

    An editor who cuts text leaves the rest punctuated: a cut sentence leaves the mark before it, a
    lead-in starts a paragraph.  A paragraph's last line that the OCR lost leaves the sentence before
    it open.  ``starts``: offsets in ``left + own + right`` of letters that start a paragraph of the
    target (:func:`corrector.proposal._paragraph_starts`: not a line after one that stops mid-clause).
    On the real-OCR tuning benchmarks (news and training text, plain and with editions, k = 3-5)
    every such change was right (9; 7 of them had been left as "words added"), and none touched an
    edit, also with the edited paper printed once.
    """
    put_in = inserted_run(own, new)
    if put_in is None:
        return False
    at, run = put_in
    if run[-1] not in SENTENCE_END or all(is_punct(c) for c in run) or len(run) > 2 * MAX_LINE:
        return False
    if any(c in SENTENCE_END for c in run[:-1]):
        # it ends one sentence and adds another (状态[。如果没有进行命令替换，……退出。]中讲到: an editor's
        # cut whose mark before it the OCR lost): not one open sentence closed
        return False
    text = left + own + right
    at += len(left)
    if at == 0 or at >= len(text) or at in starts:
        return False
    return not is_punct(text[at - 1]) and not is_punct(text[at])


def cuts_a_word(dictionary: Dictionary | None, left: str, own: str, new: str, right: str) -> bool:
    """Whether the change puts back one run of text that begins or ends inside a word: a dictionary
    word of two or more Han characters of the change's reading (its best segmentation) that the
    run's start or end splits, leaving no word of two or more characters in the target (3月设 for
    3月开工建设: the run 开工建 ends inside 建设, and 设 is left; not 同时 for 与此同时, a paper's own
    wording whose 同时 stands as a word).

    An editor cuts whole words; OCR loses a run of characters wherever a line or a speck falls.
    """
    if dictionary is None:
        return False
    put_in = inserted_run(own, new)
    if put_in is None:
        return False
    start = len(left) + put_in[0]
    end = start + len(put_in[1])
    pos = 0
    for word in dictionary.segment(left + new + right):
        w0, w1 = pos, pos + len(word)
        pos = w1
        if len(word) < 2 or not HAN_RUN.fullmatch(word) or not (w0 < start < w1 or w0 < end < w1):
            continue
        rest = word[:max(0, start - w0)] + word[max(0, end - w0):]
        if len(rest) < 2 or dictionary.word_freq(rest) < MIN_WORD_FREQ:
            return True
    return False
