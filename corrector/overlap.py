"""Overlap: when two changes to one text cannot both be applied (one rule for apply, export and the review app)."""

from __future__ import annotations

from typing import Iterable, Protocol, TypeVar


class Change(Protocol):
    """Anything that replaces ``text[start:end]`` of one document (a :class:`~corrector.model.Proposal`)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


C = TypeVar("C", bound=Change)


def overlap(a: Change, b: Change) -> bool:
    """Whether changes ``a`` and ``b`` to the same text cannot both be applied.

    They cannot when they share a character, when one inserts strictly inside the other's
    range, or when both insert at the same point (which goes first would be arbitrary).  An
    insertion at the very start or end of a replaced range, or two changes that merely touch
    (``a.end == b.start``), can both be applied: their order in the text is clear.
    """
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


def first_overlap(changes: Iterable[C]) -> tuple[C, C] | None:
    """The first two of ``changes`` (all to one text) that :func:`overlap`, in text order, or ``None``.

    Comparing neighbours in ``(start, end)`` order is enough: while no two neighbours overlap,
    each change starts at or after the end of the one before it (an insertion at the start of a
    range sorts before the range), so it cannot overlap any earlier change either.
    """
    ordered = sorted(changes, key=lambda c: (c.start, c.end))
    for a, b in zip(ordered, ordered[1:]):
        if overlap(a, b):
            return a, b
    return None
