"""Editions: whether the printings of a cluster of versions bear out ``--one-edition``.

``Options.one_edition`` is the user's statement that every printing is one edition: then a printing
alone against three or more that agree is corrected whatever the shape of its reading
(:func:`corrector.classify.classify`, rule *one edition*).  Where the statement is wrong, that rule
writes one paper's words into another's printing.  The printings themselves can contradict it: a
paper's edit is in every printing of that paper, so where two or more printings read one word and
two or more others read another (a ``variant`` with two printings on each side), the cluster holds
two editions, and the rule is not applied anywhere in it.  In one edition such a place is an
engine's habit shared by two printings, which happens (璧山/壁山), and costs only the rule's
corrections in that cluster.  A place where the language evidence rejects one side
(:data:`~corrector.classify.OWN_READS_BETTER`: 鸟/乌, Shift/Shif) is such a habit, not an edit, and
does not count.

Measured at k = 5 on the editions benchmarks with ``--one-edition`` before this check: 6, 9, 6 and 7
of the edited paper's edit places lost (news and training tuning text, training part 1, news
held-out); 32 of the 36 articles showed such a place.  On the plain benchmarks (one edition), 6 of
84 articles at k = 5 did (one place each).

Counting unit: proposals (a place with two printings on one side yields a proposal in each of them).
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence, TypeVar

from .classify import HYPHEN_HALVED, OWN_READS_BETTER, THIN_DROPPED
from .model import Proposal
from .policy import new_reading, own_support

#: Proposals of the kind described above that mark a cluster as holding two editions: one is
#: enough (in the editions benchmark every paper's edit shows this way wherever both of its
#: printings cover it; fewer than this would leave the rule on where an edit is lost).
EDITION_PROPOSALS = 1

#: Variant notes that never show an edition: the language evidence rejects the change's reading by
#: :data:`~corrector.classify.FLUENT_MARGIN` or more, a misreading two printings share.  Measured
#: with default settings at k = 4-5 (bench.ocr tuning reports): on the plain benchmarks (one
#: edition), 4 of the 8 articles that showed two editions showed them only by such places (鸟/乌,
#: Shift/Shif, $@/S@, bje/b}e); on the editions benchmarks every article that showed two editions
#: also showed them by another note.  A thin letter the other printings drop
#: (:data:`~corrector.classify.THIN_DROPPED`: Shift/Shif, the language against the change) and a
#: double hyphen they read as one (:data:`~corrector.classify.HYPHEN_HALVED`) are such misreadings too.
NOT_AN_EDIT = frozenset({OWN_READS_BETTER, THIN_DROPPED, HYPHEN_HALVED})

V = TypeVar("V")


def shows_two_editions(p: Proposal) -> bool:
    """Whether ``p`` is a variant two or more printings read as the target does and two or more as the change,
    other than a misreading the language evidence rejects (:data:`NOT_AN_EDIT`)."""
    if p.kind != "variant" or own_support(p) < 2 or p.note in NOT_AN_EDIT:
        return False
    chosen = new_reading(p)
    return chosen is not None and len(chosen.witnesses) >= 2


def split_groups(proposals: Iterable[Proposal]) -> set[int]:
    """Ids of the clusters of versions whose proposals show two editions (:data:`EDITION_PROPOSALS` or more)."""
    counts: dict[int, int] = {}
    for p in proposals:
        if shows_two_editions(p):
            counts[p.group] = counts.get(p.group, 0) + 1
    return {g for g, n in counts.items() if n >= EDITION_PROPOSALS}


def propose_checked(votes: Sequence[V], make: Callable[[V, bool], Proposal | None]) -> list[Proposal | None]:
    """Each vote's proposal under ``--one-edition``, where its cluster bears the statement out.

    ``make(vote, one_edition)`` makes one proposal.  Every vote is first proposed as for several
    editions; the few variants the target alone reads are then proposed again as for one edition
    (which corrects those against three or more agreeing printings), except in the clusters
    :func:`split_groups` finds.  ``votes`` must hold every vote
    of the clusters concerned (a work unit holds whole clusters).
    """
    made = [make(v, False) for v in votes]
    split = split_groups(p for p in made if p is not None)
    for i, p in enumerate(made):
        if p is not None and p.group not in split and p.kind == "variant" and own_support(p) == 1:
            made[i] = make(votes[i], True)
    return made
