"""The review app: holds the store and the editor's name; the review screen does the rest."""

from __future__ import annotations

from typing import Callable, Sequence

from textual.app import App
from textual.screen import Screen

from corrector.model import Document, Result
from corrector.store import Plan, ReviewStore, default_editor

from .screens import ReviewScreen


class ReviewApp(App[int]):
    """Review the proposals stored in ``store`` (making them first when ``plan`` says so).

    Args:
        store: The open review database.
        documents: The documents as loaded now (needed when proposing).
        plan: How they compare with the stored ones (``store.plan(documents)``); ``None``: just review.
        inputs: The paths given on the command line (remembered in the database).
        propose: The engine call, ``propose(documents, progress=...) -> Result`` (default
            :func:`corrector.propose`).
        editor: The name recorded with each decision (default: the login name).
        poll_interval: Seconds between checks for other windows' decisions.
        cursor_blink: Blink the text cursor in inputs (off for snapshots).
    """

    CSS_PATH = "app.tcss"
    TITLE = "corrector review"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        store: ReviewStore,
        *,
        documents: Sequence[Document] = (),
        plan: Plan | None = None,
        inputs: Sequence[str] = (),
        propose: Callable[..., Result] | None = None,
        editor: str | None = None,
        poll_interval: float = 1.0,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.documents = list(documents)
        self.plan = plan
        self.inputs = list(inputs)
        if propose is None:
            from corrector import propose as engine_propose

            propose = engine_propose
        self.propose_fn = propose
        self.editor = editor or default_editor()
        self.poll_interval = poll_interval
        self.cursor_blink = cursor_blink
        self.failure: str | None = None
        #: True when the editor quit while the engine was still proposing (nothing to save yet).
        self.abandoned = False
        self.messages: list[str] = []

    def get_default_screen(self) -> Screen:
        return ReviewScreen()

    def say(self, message: str, *, severity: str = "information", timeout: float | None = None) -> None:
        """Notify the editor, and keep the message for the command line to repeat after quitting."""
        if severity in ("warning", "error"):
            self.messages.append(message)
        self.notify(message, severity=severity, timeout=timeout or (12 if severity != "information" else 4))
