"""The journal's rules, without SQLite: what a list of entries means (the verdict in force on each proposal)
and which entries an undo takes back.

The journal is append-only.  An entry is a decision (``accept``, ``reject``, ``edit``) or an ``undo`` of an
earlier entry; the verdict on a proposal is its latest decision that no undo took back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

#: What a proposal's review status can be.
STATUSES = ("pending", "accepted", "rejected", "edited")

#: Journal actions that are decisions (``undo`` is the other action).
DECISIONS = ("accept", "reject", "edit")

#: The status a decision gives.
STATUS_OF = {"accept": "accepted", "reject": "rejected", "edit": "edited"}


@dataclass(frozen=True)
class Entry:
    """One row of the journal."""

    seq: int
    pid: int
    action: str
    value: str | None
    who: str
    at: str
    undoes: int | None = None
    origin: int | None = None
    batch: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Verdict:
    """The verdict in force on one proposal: its latest journal entry not undone.

    Attributes:
        status: One of :data:`STATUSES`.
        value: The text that replaces ``old`` (``new`` when accepted, the editor's text when edited,
            ``old`` when rejected); ``None`` while pending.
        seq: Journal entry that made the decision (0 while pending).
        who: The editor who made it.
        at: When (ISO 8601, UTC).
        note: Free text (for example "witness 2 (001.txt)" or "carried from #12").
    """

    status: str = "pending"
    value: str | None = None
    seq: int = 0
    who: str = ""
    at: str = ""
    note: str | None = None

    @property
    def decided(self) -> bool:
        return self.status != "pending"


#: The verdict on a proposal nobody decided.
PENDING = Verdict()


def normalise(action: str, value: str | None, old: str, new: str) -> tuple[str, str | None]:
    """The action to record: an edit whose text is the proposal's new text is an accept, its old text a reject.

    Raises:
        ValueError: an unknown action, or an edit without text.
    """
    if action not in DECISIONS:
        raise ValueError(f"unknown action {action!r}")
    if action == "edit":
        if value is None:
            raise ValueError("an edit needs the editor's text")
        if value == new:
            return "accept", value
        if value == old:
            return "reject", value
    return action, value


def replay(entries: Iterable[Entry], texts: Mapping[int, tuple[str, str]]) -> dict[int, Verdict]:
    """The verdict in force on every decided proposal.

    Args:
        entries: Journal entries, oldest first (every entry of the proposals asked about, undos included).
        texts: ``(old, new)`` of each proposal under review, by pid; entries of other proposals (retired
            by a newer proposal run) are ignored.

    Returns:
        Verdicts by pid; pending proposals are absent.
    """
    entries = list(entries)
    undone = {e.undoes for e in entries if e.action == "undo"}
    out: dict[int, Verdict] = {}
    for e in entries:
        if e.action == "undo" or e.seq in undone or e.pid not in texts:
            continue
        old, new = texts[e.pid]
        value = new if e.action == "accept" else old if e.action == "reject" else e.value
        out[e.pid] = Verdict(STATUS_OF[e.action], value, e.seq, e.who, e.at, e.note)
    return out


def undo_targets(entries: Iterable[Entry], who: str, live: set[int]) -> list[Entry]:
    """The entries ``who``'s next undo takes back: their latest decision in force (a whole batch at once).

    Only ``who``'s own decisions count, and only on proposals under review (``live``); an entry that a
    later decision by someone else replaced is still ``who``'s to take back (the other decision stays).
    """
    entries = list(entries)
    undone = {e.undoes for e in entries if e.action == "undo"}
    mine = [e for e in entries if e.action != "undo" and e.seq not in undone and e.who == who and e.pid in live]
    if not mine:
        return []
    last = mine[-1]
    return [e for e in mine if last.batch and e.batch == last.batch] or [last]


def history(entries: Iterable[Entry], pid: int) -> list[Entry]:
    """Every entry about one proposal, oldest first (decisions, undos, carried-over copies)."""
    return [e for e in entries if e.pid == pid]
