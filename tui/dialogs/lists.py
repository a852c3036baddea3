"""Small dialogs: a list to read or choose from, and a line of text to type (Enter confirms, Esc cancels)."""

from __future__ import annotations

from typing import Any, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.keybar import KeyBar
from ..widgets.ticks import list_keys
from .opening import release_held_keys
from .text_entry import TextEntryDialog


class ListDialog(ModalScreen[Any]):
    """Lines to read, or to choose one from; dismisses with the chosen line's value (``None`` on Esc).

    Args:
        title: What the list is.
        rows: ``(text, value)`` pairs; a ``None`` value cannot be chosen.
        empty: Shown when there are no rows.
    """

    BINDINGS = [
        Binding("enter", "choose", "choose", key_display="enter", id="list-choose"),
        Binding("escape,q", "cancel", "close", key_display="esc", id="list-close"),
    ]

    def __init__(self, title: str, rows: Sequence[tuple[Text | str, Any]], empty: str = "Nothing to show.") -> None:
        super().__init__()
        self.title_text = title
        self.rows = list(rows)
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog list-dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            if self.rows:
                yield _Choices(*[Option(text if isinstance(text, Text) else Text(text)) for text, _ in self.rows],
                               id="list-options")
            else:
                yield Static(Text(self.empty, style="dim"), id="list-empty")
            yield Static(Text("Enter: go there · Esc: close" if any(v is not None for _, v in self.rows)
                              else "Esc: close", style="dim"), classes="dialog-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.rows:
            self.query_one("#list-options", OptionList).focus()
        release_held_keys(self)

    @property
    def lines(self) -> list[str]:
        """The rows' text (for tests)."""
        return [t.plain if isinstance(t, Text) else t for t, _ in self.rows]

    def action_choose(self) -> None:
        if not self.rows:
            self.dismiss(None)
            return
        k = self.query_one("#list-options", OptionList).highlighted
        value = self.rows[k][1] if k is not None else None
        if value is not None:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class _Choices(OptionList, inherit_bindings=False):
    """An option list whose Enter is the dialog's."""

    BINDINGS = list_keys(down="down,j", up="up,k")


class TextDialog(TextEntryDialog):
    """Ask for a line of text; dismisses with it (Enter) or ``None`` (Esc).

    Args:
        title: The question.
        initial: Text to start from.
        hint: A line under the box.
    """

    BINDINGS = [
        Binding("enter", "save", "save", key_display="enter", id="text-save"),
        Binding("escape", "cancel", "cancel", id="text-cancel"),
    ]

    def __init__(self, title: str, initial: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Input(value=self.initial, id="text-input", compact=True)
            yield Static(Text(self.hint or "Enter saves · Esc cancels", style="dim"), classes="dialog-hint")
        yield KeyBar()
