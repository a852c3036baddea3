"""Ask for a confidence; every undecided proposal at or above it will be accepted (after confirming)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..state import ReviewState
from ..widgets.keybar import KeyBar


def parse_confidence(text: str) -> float | None:
    """A confidence in [0, 1] from what the editor typed (``0.9``, ``.9`` or ``90%``), else ``None``."""
    text = text.strip()
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return None
    return value if 0.0 <= value <= 1.0 else None


class ThresholdDialog(ModalScreen[float | None]):
    """Dismisses with the confidence typed, or ``None``; shows how many proposals it covers as one types."""

    BINDINGS = [
        Binding("enter", "list", "list them", id="threshold-list"),
        Binding("escape", "cancel", "cancel", id="threshold-cancel"),
    ]

    def __init__(self, state: ReviewState, initial: str = "0.90") -> None:
        super().__init__()
        self.state = state
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="threshold-dialog", classes="dialog"):
            yield Static(Text("Accept every undecided proposal at or above a confidence", style="bold"),
                         classes="dialog-title")
            yield Input(value=self.initial, id="threshold-input", compact=True, restrict=r"[0-9.%]*",
                        placeholder="a number from 0 to 1, e.g. 0.9")
            yield Static(id="threshold-count")
            yield Static(Text("Enter: review the list before accepting · Esc cancels", style="dim"),
                         classes="dialog-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        inp = self.query_one("#threshold-input", Input)
        inp.cursor_blink = getattr(self.app, "cursor_blink", True)
        inp.focus()
        self._count(inp.value)

    def _count(self, text: str) -> None:
        value = parse_confidence(text)
        label = self.query_one("#threshold-count", Static)
        if value is None:
            label.update(Text("type a number from 0 to 1", style="red"))
            return
        n = len(self.state.at_or_above(value))
        label.update(Text(f"{n} undecided proposals at or above {value:.2f} (variants are left out)"))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._count(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = parse_confidence(event.value)
        if value is not None:
            self.dismiss(value)

    def action_list(self) -> None:
        value = parse_confidence(self.query_one("#threshold-input", Input).value)
        if value is not None:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
