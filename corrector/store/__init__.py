"""Review state in SQLite: documents, proposals and an append-only journal of the editors' decisions.

- :mod:`.database` — the file: opening (read-only when it cannot be written), tables, transactions;
- :mod:`.journal` — what the journal's entries mean (verdicts, undo), without SQLite;
- :mod:`.carry` — carrying decisions over to a new proposal run, without SQLite;
- :mod:`.records` — the plain records it hands out (items, plans, reports, conflicts);
- :mod:`.review` — :class:`ReviewStore`, which puts these together;
- :mod:`.export` — the corrected copies from the decisions;
- :mod:`.session` — each editor's saved place and filter.
"""

from .carry import CARRY_CONTEXT, CarryPlan, Hunk, carry_over
from .database import DB_SCHEMA, DEFAULT_DB
from .export import ExportSummary, chosen, export
from .journal import DECISIONS, PENDING, STATUSES, Entry, Verdict, normalise, replay, undo_targets
from .records import Conflict, Item, Plan, RefreshReport, default_editor
from .review import ReviewStore
from .session import Session

__all__ = [
    "CARRY_CONTEXT", "DB_SCHEMA", "DECISIONS", "DEFAULT_DB", "PENDING", "STATUSES", "CarryPlan", "Conflict",
    "Entry", "ExportSummary", "Hunk", "Item", "Plan", "RefreshReport", "ReviewStore", "Session", "Verdict",
    "carry_over", "chosen", "default_editor", "export", "normalise", "replay", "undo_targets",
]
