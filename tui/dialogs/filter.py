"""The filter dialog: status, confidence band, kind and document of the proposals the queue shows."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from corrector.model import KINDS
from corrector.store import STATUSES

from ..state import BAND_LABELS, Filter
from ..widgets.keybar import KeyBar
from ..widgets.ticks import Tick
from .opening import release_held_keys


class FilterDialog(ModalScreen[Filter | None]):
    """Dismisses with the new :class:`Filter` (the search text is kept), or ``None`` when cancelled.

    Args:
        current: The filter in force.
        documents: ``(label, id)`` pairs for the document choice.
    """

    BINDINGS = [
        Binding("enter", "apply", "apply", key_display="enter", id="filter-apply"),
        Binding("escape", "cancel", "cancel", id="filter-cancel"),
    ]

    def __init__(self, current: Filter, documents: list[tuple[str, str]]) -> None:
        super().__init__()
        self.current = current
        self.documents = documents

    def compose(self) -> ComposeResult:
        f = self.current
        with Vertical(id="filter-dialog", classes="dialog"):
            yield Static(Text("Filter the queue", style="bold"), classes="dialog-title")
            with Horizontal(id="filter-statuses"):
                for s in STATUSES:
                    yield Tick(s, value=s in f.statuses, id=f"filter-{s}", compact=True)
            yield Select([(v, k) for k, v in BAND_LABELS.items()], value=f.band, allow_blank=False,
                         id="filter-band", compact=True)
            yield Select([("any kind", "")] + [(k, k) for k in KINDS], value=f.kind or "", allow_blank=False,
                         id="filter-kind", compact=True)
            yield Select([("every document", "")] + [(f"{label}  {doc}", doc) for label, doc in self.documents],
                         value=f.doc or "", allow_blank=False, id="filter-doc", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply (enter)", id="filter-ok", variant="primary", compact=True)
                yield Button("Reset", id="filter-reset", compact=True)
                yield Button("Cancel (esc)", id="filter-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#filter-pending", Tick).focus()
        release_held_keys(self)

    def chosen(self) -> Filter:
        """The filter the dialog's widgets describe now."""
        statuses = frozenset(s for s in STATUSES if self.query_one(f"#filter-{s}", Tick).value)
        band = self.query_one("#filter-band", Select).value
        kind = self.query_one("#filter-kind", Select).value
        doc = self.query_one("#filter-doc", Select).value
        return replace(
            self.current,
            statuses=statuses or frozenset(STATUSES),
            band=str(band) if band in BAND_LABELS else "all",
            kind=str(kind) if kind else None,
            doc=str(doc) if doc else None,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "filter-ok":
            self.action_apply()
        elif event.button.id == "filter-reset":
            self.dismiss(Filter(search=self.current.search))
        else:
            self.action_cancel()

    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    def action_cancel(self) -> None:
        self.dismiss(None)
