"""The card: the current proposal in context, its witnesses in aligned columns, the votes and the reason."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from corrector.store import Item

from ..render import card_lines, join_lines
from ..state import ReviewState


class Card(VerticalScroll):
    """Shows one proposal; the text is laid out for the card's width in cells, so it is re-laid on resize."""

    DEFAULT_CSS = """
    Card { scrollbar-gutter: stable; }
    Card > #card-body { width: 100%; height: auto; text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._state: ReviewState | None = None
        self._item: Item | None = None
        self._laid_out_for = 0
        self._empty = "No proposal to show."
        self._plain = ""

    def compose(self):
        yield Static(id="card-body")

    def show(self, state: ReviewState, item: Item | None, *, empty: str = "No proposal to show.") -> None:
        """Show ``item`` (or the ``empty`` message when ``None``)."""
        self._state, self._item, self._empty = state, item, empty
        self._render_body()

    def _width(self) -> int:
        return max(20, self.scrollable_content_region.width or self.size.width - 2)

    def _render_body(self) -> None:
        body = self.query_one("#card-body", Static)
        width = self._width()
        self._laid_out_for = width
        if self._item is None or self._state is None:
            self._plain = self._empty
            body.update(Text(self._empty, style="dim"))
            return
        dec = self._state.decision(self._item.pid)
        lines = card_lines(
            self._item.proposal, self._state.documents, self._state.labels, width,
            status=dec.status, value=dec.value, who=dec.who,
        )
        text = join_lines(lines)
        self._plain = text.plain
        body.update(text)
        self.scroll_home(animate=False)

    def on_resize(self) -> None:
        if self._width() != self._laid_out_for:
            self._render_body()

    @property
    def text(self) -> str:
        """The plain text shown (for tests)."""
        return self._plain
