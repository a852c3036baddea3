"""A yes/no question: Enter confirms, Esc cancels (the app's one convention)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.keybar import KeyBar
from .opening import release_held_keys


class ConfirmDialog(ModalScreen[bool]):
    """Dismisses with True on Enter, False on Esc.

    Args:
        title: The question.
        detail: A line or two of explanation.
    """

    BINDINGS = [
        Binding("enter", "confirm", "yes", key_display="enter", id="confirm-yes"),
        Binding("escape", "cancel", "no", id="confirm-no"),
    ]

    def __init__(self, title: str, detail: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            if self.detail:
                yield Static(Text(self.detail), id="confirm-detail")
            yield Static(Text("Enter: yes · Esc: no", style="dim"), classes="dialog-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        release_held_keys(self)

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
