"""The plain records the review store hands out: items, plans, refresh reports, conflicts; and the editor's name."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

from ..errors import CorrectorError
from ..model import Proposal
from .journal import Verdict


def default_editor() -> str:
    """The name recorded with each decision when none is given: the login name."""
    try:
        return getpass.getuser() or "editor"
    except Exception:  # noqa: BLE001 - no passwd entry in some containers
        return "editor"


@dataclass
class Item:
    """One proposal under review.

    Attributes:
        pid: Row id in the database (unique across re-proposals, unlike ``proposal.id``).
        proposal: The engine's proposal (without readings when read with ``evidence=False``).
        ord: Position of its document in the input order.
    """

    pid: int
    proposal: Proposal
    ord: int = 0


@dataclass
class Plan:
    """How the documents given compare with the ones stored.

    Attributes:
        new: The database holds no proposals yet.
        changed: Ids of documents whose bytes differ from the stored ones (SHA-256).
        added: Ids of documents not in the database.
        removed: Ids of stored documents no longer given.
        generation: The proposal generation the comparison was made against.
    """

    new: bool
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    generation: int = 0

    @property
    def needs_proposals(self) -> bool:
        """True when the engine must (re)propose before the review can go on."""
        return self.new or bool(self.changed or self.added or self.removed)

    def describe(self) -> str:
        """One line saying what changed, for a notice."""
        if self.new:
            return "new review"
        parts = []
        if self.changed:
            parts.append("changed since the review began: " + ", ".join(self.changed))
        if self.added:
            parts.append("added: " + ", ".join(self.added))
        if self.removed:
            parts.append("no longer given: " + ", ".join(self.removed))
        return "; ".join(parts) or "inputs unchanged"


@dataclass
class RefreshReport:
    """What :meth:`ReviewStore.refresh` did.

    Attributes:
        proposals: Number of proposals now under review.
        carried: Decisions carried over to identical hunks.
        dropped: Decisions left behind because their hunk changed or vanished (they stay in the journal).
        superseded: Another process refreshed first; nothing was written.
    """

    proposals: int = 0
    carried: int = 0
    dropped: list[tuple[Item, Verdict]] = field(default_factory=list)
    superseded: bool = False


class Conflict(CorrectorError):
    """Another editor decided the proposal since this window last looked; nothing was written.

    Attributes:
        pid: The proposal.
        verdict: The verdict in force now.
    """

    def __init__(self, pid: int, verdict: Verdict) -> None:
        super().__init__(f"proposal #{pid} was {verdict.status} by {verdict.who} meanwhile")
        self.pid = pid
        self.verdict = verdict
