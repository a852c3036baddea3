"""The series confirmation: how many proposals a bulk verdict covers, each of which can be unticked."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from corrector.store import Item

from ..render import ARROW, crop, shown
from ..state import ReviewState
from ..widgets.keybar import KeyBar
from ..widgets.ticks import TickList
from .opening import release_held_keys


def item_prompt(state: ReviewState, item: Item, width: int = 60) -> Text:
    """One line for an item: document, position, status and the hunk in its surroundings."""
    p = item.proposal
    doc = state.documents.get(p.doc)
    before = doc.text[max(0, p.start - 6):p.start] if doc else ""
    after = doc.text[p.end:p.end + 6] if doc else ""
    flat = lambda s: "".join(" " if c.isspace() else c for c in s)  # noqa: E731
    status = state.status(item.pid)
    head = f"{state.labels.get(p.doc, p.doc)} @{p.start} {p.confidence:.2f} "
    if status != "pending":
        head += f"({status}) "
    body = f"{flat(before)}[{shown(p.old)}{ARROW}{shown(p.new)}]{flat(after)}"
    return Text(crop(head + body, width))


class SeriesDialog(ModalScreen[list[int] | None]):
    """Confirm a verdict on many proposals; dismisses with the pids still ticked, or ``None``.

    Args:
        title: What will happen, e.g. "Accept 治政 › 治党".
        state: For labels, documents and statuses.
        items: The proposals concerned (all ticked at first).
        verb: "accept" or "reject", for the button.
    """

    BINDINGS = [
        Binding("enter", "confirm", "confirm", key_display="enter", id="series-confirm"),
        Binding("space", "tick", "tick/untick", id="series-toggle"),
        Binding("escape", "cancel", "cancel", id="series-cancel"),
    ]

    def __init__(self, title: str, state: ReviewState, items: list[Item], verb: str = "accept") -> None:
        super().__init__()
        self.title_text = title
        self.state = state
        self.items = items
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(id="series-dialog", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield TickList([(item_prompt(self.state, i, 68), i.pid, True) for i in self.items], id="series-list")
            yield Static(id="series-count")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.verb.capitalize()} (enter)", id="series-ok", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="series-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self._count()
        self.query_one("#series-list", TickList).focus()
        release_held_keys(self)

    def _count(self) -> None:
        ticks = self.query_one("#series-list", TickList)
        n = len(ticks.ticked)
        self.query_one("#series-count", Static).update(
            Text(f"{n} of {ticks.total} ticked (space ticks/unticks, enter confirms)")
        )
        self.query_one("#series-ok", Button).disabled = n == 0

    def on_tick_list_changed(self, event: TickList.Changed) -> None:
        self._count()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "series-ok":
            self.action_confirm()
        else:
            self.action_cancel()

    def action_confirm(self) -> None:
        pids = self.query_one("#series-list", TickList).ticked
        self.dismiss(pids if pids else None)

    # not ``action_toggle``: that is Textual's ``toggle(attribute_name)`` action on every node
    def action_tick(self) -> None:
        self.query_one("#series-list", TickList).action_select()

    def action_cancel(self) -> None:
        self.dismiss(None)
