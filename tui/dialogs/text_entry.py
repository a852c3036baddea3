"""A dialog around one text box: Enter dismisses with the text typed, Esc with ``None``."""

from __future__ import annotations

from textual.screen import ModalScreen
from textual.widgets import Input

from .opening import focus_input, release_held_keys


class TextEntryDialog(ModalScreen[str | None]):
    """The behaviour of a dialog whose answer is the text of its box (``INPUT``, a selector); subclasses
    give the bindings (``save`` and ``cancel`` actions) and the layout."""

    INPUT = "#text-input"

    def on_mount(self) -> None:
        focus_input(self.query_one(self.INPUT, Input))
        release_held_keys(self)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_save(self) -> None:
        self.dismiss(self.query_one(self.INPUT, Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)
