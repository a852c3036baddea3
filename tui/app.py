"""The review app: holds the store and the editor's name; the review screen does the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from textual import events
from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input

from corrector.model import Document, Result
from corrector.store import Plan, ReviewStore, default_editor

from .screens import ReviewScreen


@dataclass
class Outcome:
    """How the review ended (what :meth:`ReviewApp.run` returns).

    Attributes:
        state: ``"done"`` (the editor quit; every decision is saved), ``"abandoned"`` (quit while the
            engine was still proposing: nothing to save) or ``"failed"`` (the engine failed).
        failure: The engine's one-line error when failed.
        messages: Warnings and errors shown during the review, for the command line to repeat.
    """

    state: str = "done"
    failure: str | None = None
    messages: list[str] = field(default_factory=list)


class ReviewApp(App[Outcome]):
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
        #: Set by the review screen when the engine fails (one line for the editor and the command line).
        self.failure: str | None = None
        self.messages: list[str] = []
        self._held = False
        self._buffer: list[events.Key] = []
        self._hold_timer: Timer | None = None

    def get_default_screen(self) -> Screen:
        return ReviewScreen()

    def finish(self, state: str) -> None:
        """Quit, returning the :class:`Outcome`."""
        self.exit(Outcome(state, self.failure, list(self.messages)))

    def say(self, message: str, *, severity: SeverityLevel = "information", timeout: float | None = None) -> None:
        """Tell the editor on the message line, and keep warnings for the command line to repeat after quitting."""
        if severity in ("warning", "error"):
            self.messages.append(message)
        from .widgets import MessageLine

        for screen in reversed(self.screen_stack):  # the topmost screen with a message line
            try:
                line = screen.query_one("#message", MessageLine)
            except Exception:  # noqa: BLE001 - a dialog, or no review screen yet
                continue
            line.show(message, severity, timeout)
            return
        self.notify(message, severity=severity, timeout=timeout or 4)

    # ------------------------------------------------------------------ keys typed ahead

    def _moves_focus(self, event: events.Key) -> bool:
        """Whether ``event`` opens or closes a dialog or moves the focus (keys after it must wait for that)."""
        if isinstance(self.focused, Input) or isinstance(self.screen, ModalScreen):
            return event.key in ("enter", "escape")
        active = self.screen.active_bindings.get(event.key)
        return active is not None and active.enabled and active.binding.action.split("(")[0] in FOCUS_ACTIONS

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held or self._buffer:
                self._buffer.append(event)  # typed ahead of a dialog or box still opening: keep the order
                return
            await self._route(event)
            return
        await super().on_event(event)

    async def _route(self, event: events.Key) -> None:
        hold = self._moves_focus(event)
        await super().on_event(event)
        if hold:
            self._held = True
            self._hold_timer = self.set_timer(HOLD_LIMIT, self.release_keys)

    def release_keys(self) -> None:
        """The dialog or box is ready: pass on the keys typed meanwhile, in order."""
        if not self._held:
            return
        self._held = False
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        if self._buffer:
            self.call_later(self._replay_held_keys)

    # not ``_flush``: Textual calls ``App._flush(stderr=...)`` whenever something flushes stdout or stderr
    async def _replay_held_keys(self) -> None:
        while self._buffer and not self._held:
            await self._route(self._buffer.pop(0))

    def release_keys_when_shown(self) -> None:
        """Called by a dialog or box once it has the focus: release the held keys after the next refresh."""
        self.call_after_refresh(self.release_keys)


#: Actions of the review screen that open a dialog or a box (the keys typed after them go there).
FOCUS_ACTIONS = {"edit", "filter", "threshold", "series", "help", "search", "close_search", "document", "concordance",
                 "rest", "progress", "note", "history", "retired", "export", "all", "close"}

#: Longest wait for a dialog to open before the keys typed ahead are passed on anyway (seconds): dialogs
#: open in 0.05-0.2 s here, several times that on a loaded machine; a key that opens nothing (Enter on
#: a drop-down) delays the next keys by at most this.
HOLD_LIMIT = 1.0
