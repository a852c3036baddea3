"""The status line: decided / total for the current document and for the whole set, and the filter."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from ..render import crop
from ..state import ReviewState


def status_text(state: ReviewState, doc: str | None, shown: int, *, read_only: str = "", width: int = 80) -> Text:
    """The line's text, at most ``width`` cells.

    Args:
        state: Proposals, decisions and filter.
        doc: The current proposal's document (``None`` when there is none).
        shown: Rows in the queue.
        read_only: Why the database is read-only ("" when it is not).
        width: Cells available.
    """
    t = Text(" ")
    if doc is not None:
        d, n = state.progress(doc)
        t.append(state.labels.get(doc, doc), style="bold")
        t.append(f" {d}/{n}")
        t.append(" | ", style="dim")
    d, n = state.progress()
    t.append("all ", style="bold")
    t.append(f"{d}/{n} decided")
    t.append(" | ", style="dim")
    t.append(f"queue {shown}: {state.filter.describe(state.labels)}")
    if read_only:
        t.append(" | ", style="dim")
        t.append("READ-ONLY", style="bold red")
    if t.cell_len > width:
        plain = crop(t.plain, width)
        t = Text(plain)
    t.pad_right(max(0, width - cell_len(t.plain)))
    return t


class StatusLine(Widget):
    """One line at the top of the review screen (redrawn in place: one line never needs a new layout)."""

    DEFAULT_CSS = """
    StatusLine { dock: top; height: 1; width: 100%; text-wrap: nowrap; background: $panel; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._args: tuple = ()
        self._text = Text()
        self.plain = ""

    def show(self, state: ReviewState, doc: str | None, shown: int, *, read_only: str = "") -> None:
        self._args = (state, doc, shown, read_only)
        self._draw()

    def _draw(self) -> None:
        if not self._args:
            return
        state, doc, shown, read_only = self._args
        text = status_text(state, doc, shown, read_only=read_only, width=max(20, self.size.width or 80))
        self.plain = text.plain
        self._text = text
        self.refresh()

    def render(self) -> Text:
        return self._text

    def on_resize(self) -> None:
        self._draw()
