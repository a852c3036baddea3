"""Agreement: how the other printings stand on one change — reading it, reading the target's text, or something else.

An OCR error is a page's own accident: the other printings, read by other engines from other
scans, do not share it, and they agree with each other on what the page should read.  An editor's
change is the paper's: every printing of that paper carries it.  So where the target stands alone
and every other printing reads the change, the difference is very likely the target's OCR — the
classification rules (:mod:`corrector.classify`) use that to let look-alike misreadings and lost
lines through that their shape alone would leave to an editor.

Counting unit: printings (witnesses) covering the hunk, the target left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Sequence

from rapidfuzz.distance import Levenshtein

from .chars import is_han

#: Share of a long reading's characters (at least one) by which another printing's reading may
#: differ from the change and still be counted as reading it: printings that lost text and
#: printings that kept it disagree by whole runs; two printings that kept it differ by a stray mark
#: or a misread character or two (中积累了多数的工具、插件 / 中积累了多数的工具插件).
NEAR_SHARE = 0.1
#: Printings that must read the change, every other printing with them, before the target's lone
#: reading is taken for its OCR even where both readings are words or numbers (志/电, 75/78): three
#: pages set in other fonts and read by other engines rarely share one misreading, while the one page
#: that differs is where OCR errors come from.  Two are not enough: two printings read by one engine
#: share its habits (two tesseract printings reading 璧山 as 壁山 against one RapidOCR printing).
OUTVOTED = 3
#: ... and only readings at least this long get that slack (a one- or two-letter reading differing
#: by one letter is another reading, not the same one).
NEAR_MIN_LENGTH = 6


@dataclass(frozen=True)
class Agreement:
    """How the printings other than the target read one hunk.

    Attributes:
        others: Printings covering the hunk, the target left out.
        backers: Of them, those reading the change (exactly, or within :data:`NEAR_SHARE` for long readings).
        shared: Of them, those reading exactly what the target reads.
    """

    others: int
    backers: int
    shared: int

    @property
    def unanimous(self) -> bool:
        """Every other printing — at least two — reads the change, and the target stands alone."""
        return self.backers >= 2 and self.backers == self.others and self.shared == 0

    @property
    def outvoted(self) -> bool:
        """:attr:`unanimous`, with at least :data:`OUTVOTED` printings reading the change."""
        return self.unanimous and self.backers >= OUTVOTED

    @property
    def majority(self) -> bool:
        """More than half of the printings covering the hunk, the target included, read the change."""
        return 2 * self.backers > self.others + 1

    @property
    def clear_majority(self) -> bool:
        """At least :data:`OUTVOTED` printings read the change, more than half of the others, and none
        reads what the target reads: :attr:`outvoted`, or all but a printing or two that misread the
        place their own way (3 of 5 read 琴, the target 其, another 雄)."""
        return self.backers >= OUTVOTED and 2 * self.backers > self.others and self.shared == 0


def _near(reading: str, change: str, own: str) -> bool:
    """Whether ``reading`` is the change: equal, or (long readings) within :data:`NEAR_EDITS` and closer to it than to ``own``."""
    if reading == change:
        return True
    if reading == own or min(len(reading), len(change)) < NEAR_MIN_LENGTH:
        return False
    d = Levenshtein.distance(reading, change)
    return d <= max(1, int(NEAR_SHARE * len(change))) and d < Levenshtein.distance(reading, own)


def agreement(observations: Sequence[tuple[Hashable, str]], target: Hashable, own: str, change: str) -> Agreement:
    """How the printings other than ``target`` stand on the change ``own`` → ``change``.

    Args:
        observations: ``(witness, reading)`` for every printing covering the hunk, target included
            (:attr:`corrector.vote.HunkVote.observations`).
        target: The target's witness key in ``observations``.
        own, change: The target's reading and the proposed one (key form).
    """
    others = [text for w, text in observations if w != target]
    return Agreement(
        others=len(others),
        backers=sum(1 for text in others if _near(text, change, own)),
        shared=sum(1 for text in others if text == own),
    )


def stands_apart(observations: Sequence[tuple[Hashable, str]], change: str) -> bool:
    """Whether ``change`` is a reading apart: every printing covering the hunk reads it its own way (three
    or more), the change shares no Han character with any other printing's reading, and two of those
    share one (the target's 琵鹭 and another's 琵路 against a third's 环约; "一景难求 and "一票难求
    against 全来).

    With no two printings agreeing, the language evidence picks the reading, and it prefers common
    characters (环约, 一) and short readings (全来) to a rare word it does not know (琵鹭, 饕餮); but
    where two printings share a character, the place holds that character, and a reading without it
    is a third printing's garble, not what was printed.  On the real-OCR tuning benches (news and
    training text, plain and with editions, k = 3-5) auto applied 5 such changes, all wrong (the two
    above, and the edited paper's 倘若 and 倘车 turned into the agency's 如果 at k = 3); of the 545
    other changes it applied where every printing read the place its own way, 461 were right and 15
    wrong.
    """
    texts = [text for _, text in observations]
    if len(texts) < 3 or len(set(texts)) != len(texts):
        return False
    mine = {c for c in change if is_han(c)}
    if not mine:
        return False
    rest = [{c for c in text if is_han(c)} for text in texts if text != change]
    if any(mine & other for other in rest):
        return False
    return any(a & b for i, a in enumerate(rest) for b in rest[i + 1:])
