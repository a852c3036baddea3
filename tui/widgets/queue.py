"""The queue of proposals: one row each (status, document, position, old › new, confidence, kind).

A virtual list: only the rows on screen are rendered, each when it is drawn, from the review state.
A verdict therefore costs a redraw of the visible rows, not of the whole queue, and a new filter only
replaces the list of pids.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from corrector.store import Item

from ..render import ARROW, KIND_SHORT, STATUS_GLYPH, crop, fit, shown
from ..state import ReviewState

STATUS_STYLE = {"pending": "", "accepted": "green", "rejected": "red", "edited": "yellow"}

#: Rendered rows kept (a few screens' worth; the cache is emptied when it grows past this).
ROW_CACHE = 2000

#: Least width of the kind column that spells the kind out (narrower: one letter, see the legend).
KIND_WORDS_FROM = 60


def change_text(old: str, new: str, width: int) -> Text:
    """``old › new`` in at most ``width`` cells; long sides are cut with ⋯ (the old side keeps at least half).

    The old side is struck through and the new side underlined, so the two read apart without colour
    (``NO_COLOR``) too.
    """
    a, b = shown(old), shown(new)
    arrow = ARROW
    room = width - cell_len(arrow)
    if cell_len(a) + cell_len(b) > room:
        half = max(2, room // 2)
        a = crop(a, max(half, room - cell_len(b)))
        b = crop(b, room - cell_len(a))
    t = Text()
    t.append(a, style="red strike")
    t.append(arrow, style="dim")
    t.append(b, style="green underline")
    t.pad_right(max(0, width - t.cell_len))
    return t


class QueueView(ScrollView, can_focus=True, inherit_bindings=False):
    """The proposals in the queue, a row each under a fixed header line; the cursor marks the current one.

    Rows are rendered on demand from the :class:`ReviewState` given to :meth:`show`, so a changed
    decision shows on the next redraw without touching the other rows.
    """

    DEFAULT_CSS = """
    QueueView { height: 1fr; }
    QueueView > .queue--header { text-style: bold; background: $panel; }
    QueueView > .queue--cursor { background: $block-cursor-blurred-background; }
    QueueView:focus > .queue--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
                                       text-style: bold; }
    """

    COMPONENT_CLASSES = {"queue--header", "queue--cursor"}

    BINDINGS = [
        Binding("down", "cursor(1)", "down", show=False),
        Binding("up", "cursor(-1)", "up", show=False),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("home", "edge(0)", "first", show=False),
        Binding("end", "edge(1)", "last", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to another proposal (``pid`` is ``None`` when the queue is empty)."""

        def __init__(self, queue: "QueueView", pid: int | None) -> None:
            super().__init__()
            self.queue = queue
            self.pid = pid

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._state: ReviewState | None = None
        self._pids: list[int] = []
        self._index: dict[int, int] = {}
        self._cursor = 0
        self._layout_width = 0
        self._widths: dict[str, int] = {}
        self._strips: dict[tuple, Strip] = {}
        self._style_cache: tuple[bool, tuple[Style, Style, Style]] | None = None

    # -- content

    def show(self, state: ReviewState, items: list[Item], *, keep: int | None = None) -> None:
        """Show ``items`` and put the cursor on ``keep`` (or the nearest row in place).

        Args:
            state: For statuses and labels (read again at every redraw).
            items: The rows, in order.
            keep: pid to highlight.
        """
        self._state = state
        self._strips.clear()
        self._widths = {}
        self._pids = [i.pid for i in items]
        self._index = {pid: n for n, pid in enumerate(self._pids)}
        self.virtual_size = Size(self.size.width, len(self._pids) + 1)
        row = self._index.get(keep, min(self._cursor, max(0, len(self._pids) - 1))) if keep is not None else \
            min(self._cursor, max(0, len(self._pids) - 1))
        self._set_cursor(row, force=True)
        self.refresh()

    def redraw(self) -> None:
        """Redraw the visible rows (after decisions that leave the queue's rows as they are)."""
        self.refresh()

    @property
    def pids(self) -> list[int]:
        """The pids shown, in order."""
        return list(self._pids)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def current_pid(self) -> int | None:
        """The highlighted proposal's pid."""
        return self._pids[self._cursor] if 0 <= self._cursor < len(self._pids) else None

    def goto(self, pid: int) -> bool:
        """Highlight ``pid``; False when it is not in the queue."""
        row = self._index.get(pid)
        if row is None:
            return False
        self._set_cursor(row)
        return True

    def goto_row(self, row: int) -> None:
        """Highlight row ``row`` (clamped to the queue)."""
        if self._pids:
            self._set_cursor(max(0, min(row, len(self._pids) - 1)))

    @property
    def laid_out_for(self) -> int:
        """The width the columns were last computed for."""
        return self._layout_width

    def row_text(self, pid: int) -> str:
        """The plain text of ``pid``'s row (for tests and the tmux check)."""
        return self._row(pid, self._layout_width or self.size.width or 80).plain

    def row_cells(self, pid: int) -> list[str]:
        """The row's columns as plain strings: status, document, position, change, confidence, kind."""
        width = self._layout_width or self.size.width or 80
        return [t.plain for t in self._cells(pid, self._column_widths(width))]

    # -- cursor

    @property
    def _rows_visible(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _set_cursor(self, row: int, *, force: bool = False) -> None:
        old = self._cursor
        self._cursor = row
        self._scroll_to_cursor()
        if old != row or force:
            self.refresh()
            self.post_message(self.Highlighted(self, self.current_pid))

    def _scroll_to_cursor(self) -> None:
        """Scroll so that the cursor's row is visible (done again after a resize)."""
        if not self.size.height:
            return
        top = round(self.scroll_y)
        rows = self._rows_visible
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + rows:
            self.scroll_to(y=self._cursor - rows + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        if self._pids:
            self.goto_row(self._cursor + step)

    def action_edge(self, last: int) -> None:
        if self._pids:
            self.goto_row(len(self._pids) - 1 if last else 0)

    def action_page(self, step: int) -> None:
        if self._pids:
            self.goto_row(self._cursor + step * self._rows_visible)

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self._pids):
            self.goto_row(row)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._pids) + 1)
        self._scroll_to_cursor()
        # the content region (scroll bars) settles only after this layout: check again then
        self.call_after_refresh(self._scroll_to_cursor)
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- layout and rendering

    def _column_widths(self, width: int) -> dict[str, int]:
        """Column widths for a queue ``width`` cells wide (a one-cell scrollbar is allowed for)."""
        if self._widths and self._layout_width == width:
            return self._widths
        inner = max(24, width - 1)
        labels = self._state.labels.values() if self._state else ()
        w = {"st": 2, "doc": min(max([cell_len(v) for v in labels] + [3]) + 1, 9), "pos": 7, "conf": 5}
        w["kind"] = 14 if inner >= KIND_WORDS_FROM else 2
        w["change"] = max(8, inner - sum(w.values()))
        self._widths, self._layout_width = w, width
        return w

    def _header(self, w: dict[str, int]) -> Text:
        t = Text()
        t.append(" " * w["st"])
        t.append(fit("doc", w["doc"]))
        t.append(fit("pos", w["pos"] - 1, right=True) + " ")
        t.append(fit(" old" + ARROW + "new", w["change"]))
        t.append(fit("conf", w["conf"], right=True))
        t.append(fit(" kind" if w["kind"] > 2 else " k", w["kind"]))
        return t

    def _cells(self, pid: int, w: dict[str, int]) -> list[Text]:
        state = self._state
        assert state is not None
        item = state.item(pid)
        assert item is not None
        p = item.proposal
        dec = state.decision(pid)
        status = dec.status
        kind = p.kind if w["kind"] > 2 else KIND_SHORT.get(p.kind, "?")
        # an edited proposal shows the editor's text, not the engine's
        new = dec.value if status == "edited" and dec.value is not None else p.new
        return [
            Text(fit(STATUS_GLYPH[status], w["st"]), style=STATUS_STYLE[status]),
            Text(fit(state.labels.get(p.doc, p.doc), w["doc"])),
            Text(fit(str(p.start), w["pos"] - 1, right=True) + " "),
            Text(" ") + change_text(p.old, new, w["change"] - 1),
            Text(fit(f"{p.confidence:.2f}", w["conf"], right=True)),
            Text(fit(" " + kind, w["kind"]), style="bold magenta" if p.kind == "variant" else "dim"),
        ]

    def _row(self, pid: int, width: int) -> Text:
        return Text("").join(self._cells(pid, self._column_widths(width)))

    def _styles(self) -> tuple[Style, Style, Style]:
        """Base, header and cursor styles (computing them from the CSS is slow: once per focus change)."""
        key = self.has_focus
        if self._style_cache is None or self._style_cache[0] != key:
            base = self.rich_style
            self._style_cache = (key, (base, base + self.get_component_rich_style("queue--header"),
                                       base + self.get_component_rich_style("queue--cursor")))
        return self._style_cache[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache = None
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0 or self._state is None:
            return Strip.blank(max(0, width))
        base, header, cursor = self._styles()
        if y == 0:
            key: tuple = ("header", width, self.has_focus)
            pid = None
        else:
            row = round(self.scroll_y) + y - 1
            if row >= len(self._pids):
                return Strip.blank(width, base)
            pid = self._pids[row]
            # a row is drawn again only when its decision, the cursor, the focus or the width changed
            key = (pid, self._state.decision(pid).seq, row == self._cursor, self.has_focus, width)
        strip = self._strips.get(key)
        if strip is None:
            if pid is None:
                text, style = self._header(self._column_widths(width)), header
            else:
                text, style = self._row(pid, width), cursor if row == self._cursor else base
            text.truncate(width, pad=True)
            segments = list(text.render(self.app.console))
            strip = Strip(Segment.apply_style(segments, style), text.cell_len).crop(0, width)
            if len(self._strips) > ROW_CACHE:
                self._strips.clear()
            self._strips[key] = strip
        return strip
