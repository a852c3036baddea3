"""Ask for a confidence; every undecided proposal at or above it will be accepted (after confirming)."""

from __future__ import annotations

from corrector.policy import MIN_CONFIDENCE

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..state import ReviewState
from ..widgets.keybar import KeyBar
from .opening import focus_input, release_held_keys


def parse_confidence(text: str) -> float | None:
    """A confidence in [0, 1] from what the editor typed, else ``None``.

    ``0.9``, ``.9``, ``90%`` and ``90`` all mean 0.90: a number above 1 (up to 100) is a percentage.
    """
    text = text.strip()
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return None
    if 1.0 < value <= 100.0 and not text.endswith("%"):
        value /= 100
    return value if 0.0 <= value <= 1.0 else None


class ThresholdDialog(ModalScreen[float | None]):
    """Dismisses with the confidence typed, or ``None``; shows how many proposals it covers as one types."""

    BINDINGS = [
        Binding("enter", "list", "list them", id="threshold-list"),
        Binding("escape", "cancel", "cancel", id="threshold-cancel"),
    ]

    def __init__(self, state: ReviewState, initial: str = f"{MIN_CONFIDENCE:.2f}") -> None:
        super().__init__()
        self.state = state
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="threshold-dialog", classes="dialog"):
            yield Static(Text("Accept every undecided proposal at or above a confidence", style="bold"),
                         classes="dialog-title")
            yield Input(value=self.initial, id="threshold-input", compact=True, restrict=r"[0-9.%]*",
                        placeholder="a confidence: 0.9, 90 or 90%")
            yield Static(id="threshold-count")
            yield Static(Text("Enter: review the list before accepting · Esc cancels", style="dim"),
                         classes="dialog-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        inp = self.query_one("#threshold-input", Input)
        focus_input(inp)
        release_held_keys(self)
        self._count(inp.value)

    def _count(self, text: str) -> None:
        value = parse_confidence(text)
        label = self.query_one("#threshold-count", Static)
        if value is None:
            label.update(Text("type a number from 0 to 1", style="red"))
            return
        items, left_out = self.state.at_or_above(value)
        line = f"{len(items)} undecided proposals at or above {value:.2f} that auto mode would apply"
        if left_out:
            line += f"; {left_out} more left out by its rules (variants; changes another printing does not back)"
        label.update(Text(line))

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
