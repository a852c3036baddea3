"""Carrying decisions over to a new proposal run, without SQLite.

When an input changes, the engine proposes afresh.  A decision is carried to a new proposal on the same
document with the same old text and the same :data:`CARRY_CONTEXT` code points on each side (and, for
accept and reject, the same new text; an edit carries to a new proposal on the same old text whatever it
now proposes, since the editor typed what should stand there).  Decisions that find no such proposal are
dropped: they stay in the journal against the retired proposal and are reported, never applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .journal import Verdict

#: Code points of text kept on each side of a hunk to recognise it again after a re-proposal.
CARRY_CONTEXT = 30


@dataclass(frozen=True)
class Hunk:
    """What identifies a proposal's place across proposal runs."""

    pid: int
    doc: str
    old: str
    new: str
    before: str
    after: str


def surroundings(text: str, start: int, end: int) -> tuple[str, str]:
    """The :data:`CARRY_CONTEXT` code points before ``start`` and after ``end``."""
    return text[max(0, start - CARRY_CONTEXT):start], text[end:end + CARRY_CONTEXT]


@dataclass
class CarryPlan:
    """Where each old decision goes.

    Attributes:
        carried: ``(verdict, new pid)`` pairs, in the order the decisions were made.
        dropped: ``(old hunk, verdict)`` of decisions with no place in the new run.
    """

    carried: list[tuple[Verdict, int]]
    dropped: list[tuple[Hunk, Verdict]]


def carry_over(decided: Sequence[tuple[Hunk, Verdict]], new: Sequence[Hunk]) -> CarryPlan:
    """Match the decided hunks of the old run to the hunks of the new one (each new hunk takes one decision).

    Args:
        decided: The old run's decided hunks with their verdicts, in queue order.
        new: The new run's hunks.
    """
    exact: dict[tuple, list[int]] = {}
    loose: dict[tuple, list[int]] = {}
    for h in new:
        exact.setdefault((h.doc, h.old, h.new, h.before, h.after), []).append(h.pid)
        loose.setdefault((h.doc, h.old, h.before, h.after), []).append(h.pid)
    taken: set[int] = set()
    carried: list[tuple[Verdict, int]] = []
    dropped: list[tuple[Hunk, Verdict]] = []
    for h, verdict in decided:
        pool = exact.get((h.doc, h.old, h.new, h.before, h.after), [])
        if verdict.status == "edited":
            pool = pool or loose.get((h.doc, h.old, h.before, h.after), [])
        target = next((pid for pid in pool if pid not in taken), None)
        if target is None:
            dropped.append((h, verdict))
            continue
        taken.add(target)
        carried.append((verdict, target))
    carried.sort(key=lambda c: c[0].seq)
    return CarryPlan(carried, dropped)
