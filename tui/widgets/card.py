"""The card: the current proposal in context, its witnesses in aligned columns, the votes and the reason."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from corrector.store import Item

from ..render import card_lines
from ..state import ReviewState


class Card(ScrollView):
    """Shows one proposal; the text is laid out for the card's width in cells, so it is re-laid on resize.

    Its lines are drawn one by one (the line API): showing another proposal redraws the card only,
    without laying the screen out again.
    """

    DEFAULT_CSS = """
    Card { scrollbar-gutter: stable; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._state: ReviewState | None = None
        self._item: Item | None = None
        self._laid_out_for = 0
        self._empty = "No proposal to show."
        self._lines: list[Text] = []
        self._strips: list[Strip | None] = []
        self._plain = ""

    def show(self, state: ReviewState, item: Item | None, *, empty: str = "No proposal to show.") -> None:
        """Show ``item`` (or the ``empty`` message when ``None``)."""
        self._state, self._item, self._empty = state, item, empty
        self._lay_out()
        self.scroll_to(y=0, animate=False, immediate=True)

    def _width(self) -> int:
        return max(20, self.scrollable_content_region.width or self.size.width - 2)

    def _lay_out(self) -> None:
        width = self._width()
        self._laid_out_for = width
        if self._item is None or self._state is None:
            lines = [Text(self._empty, style="dim")]
        else:
            dec = self._state.decision(self._item.pid)
            lines = card_lines(
                self._state.evidence(self._item), self._state.documents, self._state.labels, width,
                status=dec.status, value=dec.value, who=dec.who,
            )
        self._lines = lines
        self._strips = [None] * len(lines)
        self._plain = "\n".join(line.plain for line in lines)
        size = Size(width, len(lines))
        if size != self.virtual_size:
            # the card's own size does not depend on its content: update the scroll range without laying
            # the whole screen out again (Textual's virtual_size would), which is most of a j or k press
            self.set_reactive(Card.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        k = round(self.scroll_y) + y
        if not 0 <= k < len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips[k]
        if strip is None:
            text = self._lines[k].copy()
            text.truncate(width, pad=True)
            strip = Strip(Segment.apply_style(list(text.render(self.app.console)), self.rich_style), width)
            self._strips[k] = strip
        return strip.crop(0, width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = [None] * len(self._lines)

    def on_resize(self) -> None:
        if self._width() != self._laid_out_for:
            self._lay_out()

    @property
    def text(self) -> str:
        """The plain text shown (for tests)."""
        return self._plain
