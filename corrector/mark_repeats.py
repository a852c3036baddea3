"""Mark repeats: a separator the OCR printed twice, a pair of hyphens it read as one, a clause a
change would take with a stray mark.

Shapes of a change that tell the OCR's marks from the paper's (key form: full-width ，；： fold
to ASCII), used by :func:`corrector.classify.classify`.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from .chars import is_han

#: Marks that close a clause (key form: full-width ，；： fold to ASCII).
CLAUSE_MARKS = frozenset("。,;:、")


def drops_clause(own: str, new: str) -> bool:
    """Whether ``own`` → ``new`` removes a clause's end: two Han characters and the clause mark after
    them (据了解， / 本报综合消息，, a paper's lead-in), which no stray mark beside them makes noise."""
    removed = {i for op in Levenshtein.opcodes(own, new) if op.tag != "equal" and op.tag != "insert"
               for i in range(op.src_start, op.src_end)}
    return any(ch in CLAUSE_MARKS and {i - 2, i - 1, i} <= removed and is_han(own[i - 1]) and is_han(own[i - 2])
               for i, ch in enumerate(own) if i >= 2)


#: Rule *doubled mark*: the clause marks, which print never puts twice in a row.  Where the
#: target prints one twice (人。。如果) and the change deletes the repeat,
#: the mark stays printed: the OCR doubled it, so rule *printed mark kept*
#: (:func:`corrector.policy.drops_printed_mark`), which keeps the marks OCR loses, does not hold it.
#: Not . (an ellipsis read as ...), not ！？ (！！ is written), not …… or ——.  Session 15: also where
#: the hunk is the whole run because another printing reads the place otherwise (。。 → 。 against
#: 。 and ，): bench.accuracy's training text, seeds 1-2, 3 / 5 printings, 20 more right, none wrong
#: (30.3 / 14.8 % → 29.8 / 14.4 % and 26.3 / 16.4 → 26.0 / 16.3 % left); real-OCR tuning pages 3 more.
DOUBLED_SEPARATORS = CLAUSE_MARKS
#: The note of rule *doubled mark*.
DOUBLED_MARK = "a mark printed twice"


def doubled_mark(own: str, new: str, left: str, right: str) -> bool:
    """Rule *doubled mark*: the change deletes one mark of a run of one separator the target prints
    twice or more (:data:`DOUBLED_SEPARATORS`), leaving the mark printed once: the hunk is the extra
    mark (人。|。|如果), or the whole run where another printing reads the place otherwise (。。 → 。
    where the others read 。 and ，)."""
    if not own or len(set(own)) != 1 or own[0] not in DOUBLED_SEPARATORS:
        return False
    if new:
        return len(own) >= 2 and new == own[:-1]
    return left[-1:] == own[0] or right[:1] == own[0]


#: Hyphens, which OCR makes of a dash too, like the long strokes it reads as 一
#: (:data:`corrector.classify.LINE_SYMBOLS`; 版本的背书-举例来说, 文字--先前): the other printings'
#: 一 is taken only where the language evidence favours it (至少一年, 年轻人一起).  On the tuning pages
#: (news and training, plain and editions, k = 2-5) the vote made 23 such changes: the 11 the language
#: favoured by a nat or more were right; of those it opposed or left even (0 nats or less), which this
#: rule keeps, 4 were wrong and 6 neutral; 2 it favoured by less than a nat were neutral.
HYPHENS = frozenset("-")


def one_deletion(own: str, new: str) -> int | None:
    """Where in ``own`` the one character lies that ``new`` leaves out, when that is the whole change."""
    if len(own) != len(new) + 1:
        return None
    ops = Levenshtein.editops(own, new).as_list()
    return int(ops[0][1]) if len(ops) == 1 and str(ops[0][0]) == "delete" else None


def hyphen_pair_halved(own: str, new: str, left: str, right: str) -> bool:
    """Rule *double hyphen kept*: the change deletes one hyphen of two or more in a row that the target prints.

    Technical text prints -- for a dash (切换--这是) and before long options (--ignore); OCR reads the
    two strokes as one where they touch.  On the tuning pages (training and news, plain and
    editions builds, k = 2-5) auto applied 5 such deletions, all wrong (--ignore → -ignore at k = 3,
    4 and 5, 切换--这是, 括号内--这里), and no right one: the hyphens it rightly deleted stood alone
    (工地-一线, 命令/-退出).
    """
    i = one_deletion(own, new)
    if i is None or own[i] not in HYPHENS:
        return False
    text, at = left + own + right, len(left) + i
    return text[at - 1:at] in HYPHENS or text[at + 1:at + 2] in HYPHENS
