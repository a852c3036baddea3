"""One editor's place in the review: the proposal they were on and their queue filter, kept in the database."""

from __future__ import annotations

from typing import Any

from ..errors import CorrectorError
from .review import ReviewStore


class Session:
    """Saved per editor, so that reopening the review puts each editor back where they were.

    Saving is best effort: a read-only or busy database keeps the place in memory only.
    """

    def __init__(self, store: ReviewStore, editor: str) -> None:
        self.store = store
        self.editor = editor

    def place(self) -> int | None:
        """The pid the editor was on (``None`` when unknown)."""
        value = self.store.get_state(f"cursor:{self.editor}")
        return value if isinstance(value, int) else None

    def save_place(self, pid: int) -> None:
        try:
            self.store.set_state(f"cursor:{self.editor}", pid)
        except CorrectorError:
            pass

    def filter(self) -> Any:
        """The editor's filter as saved (JSON; the UI reads it)."""
        return self.store.get_state(f"filter:{self.editor}")

    def save_filter(self, value: Any) -> None:
        try:
            self.store.set_state(f"filter:{self.editor}", value)
        except CorrectorError:
            pass
