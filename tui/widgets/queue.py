"""The queue of proposals: one row each (status, document, position, old › new, confidence, kind)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from corrector.store import Item

from ..render import ARROW, KIND_SHORT, STATUS_GLYPH, crop, fit, shown
from ..state import ReviewState

STATUS_STYLE = {"pending": "", "accepted": "green", "rejected": "red", "edited": "yellow"}


def change_text(old: str, new: str, width: int) -> Text:
    """``old › new`` in at most ``width`` cells; long sides are cut with ⋯ (the old side keeps at least half)."""
    a, b = shown(old), shown(new)
    arrow = ARROW
    room = width - cell_len(arrow)
    if cell_len(a) + cell_len(b) > room:
        half = max(2, room // 2)
        a = crop(a, max(half, room - cell_len(b)))
        b = crop(b, room - cell_len(a))
    t = Text()
    t.append(a, style="red")
    t.append(arrow, style="dim")
    t.append(b, style="green")
    t.pad_right(max(0, width - t.cell_len))
    return t


class QueueTable(DataTable):
    """A row per proposal; the columns take the width they are given, measured in cells.

    Rows are keyed by the proposal's pid (as a string).
    """

    DEFAULT_CSS = """
    QueueTable { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", cell_padding=0, zebra_stripes=False, **kwargs)
        self._layout_width = 0
        self._pids: list[int] = []
        self._shown: tuple[ReviewState, list[Item]] | None = None

    # -- layout

    def _widths(self, width: int) -> dict[str, int]:
        """Column widths for a table ``width`` cells wide (a one-cell scrollbar is allowed for)."""
        width = max(24, width - 1)
        w = {"st": 2, "doc": 5, "pos": 7, "conf": 5}
        w["kind"] = 14 if width >= 60 else 2
        w["change"] = max(8, width - sum(w.values()))
        return w

    def show(self, state: ReviewState, items: list[Item], *, keep: int | None = None) -> None:
        """Fill the table with ``items`` and put the cursor on ``keep`` (or the nearest row).

        Args:
            state: For statuses and labels.
            items: The rows, in order.
            keep: pid to highlight.
        """
        self._shown = (state, items)
        width = self.size.width or 40
        widths = self._widths(width)
        self._layout_width = width
        label_w = max([cell_len(v) for v in state.labels.values()] + [3]) + 1
        widths["doc"] = min(label_w, 9)
        widths["change"] = max(8, max(24, width - 1) - sum(v for k, v in widths.items() if k != "change"))
        self.clear(columns=True)
        self.add_column(Text(" "), width=widths["st"], key="st")
        self.add_column(Text("doc"), width=widths["doc"], key="doc")
        self.add_column(Text(fit("pos", widths["pos"] - 1, right=True)), width=widths["pos"], key="pos")
        self.add_column(Text(" old" + ARROW + "new"), width=widths["change"], key="change")
        self.add_column(Text(fit("conf", widths["conf"], right=True)), width=widths["conf"], key="conf")
        self.add_column(Text(" kind" if widths["kind"] > 2 else " k"), width=widths["kind"], key="kind")
        self._widths_now = widths
        self._pids = [i.pid for i in items]
        for item in items:
            self.add_row(*self._cells(state, item), key=str(item.pid))
        if keep is not None and keep in self._pids:
            self.move_cursor(row=self._pids.index(keep), animate=False)
        elif self._pids:
            self.move_cursor(row=min(self.cursor_row, len(self._pids) - 1), animate=False)

    def on_resize(self) -> None:
        if self._shown is not None and self.size.width and self.size.width != self._layout_width:
            state, items = self._shown
            self.show(state, items, keep=self.current_pid)

    def _cells(self, state: ReviewState, item: Item) -> list[Text]:
        w = self._widths_now
        p = item.proposal
        status = state.status(item.pid)
        kind = p.kind if w["kind"] > 2 else KIND_SHORT.get(p.kind, "?")
        return [
            Text(fit(STATUS_GLYPH[status], w["st"]), style=STATUS_STYLE[status]),
            Text(fit(state.labels.get(p.doc, p.doc), w["doc"])),
            Text(fit(str(p.start), w["pos"] - 1, right=True) + " "),
            Text(" ") + change_text(p.old, p.new, w["change"] - 1),
            Text(fit(f"{p.confidence:.2f}", w["conf"], right=True)),
            Text(fit(" " + kind, w["kind"]), style="bold magenta" if p.kind == "variant" else "dim"),
        ]

    def update_item(self, state: ReviewState, item: Item) -> None:
        """Refresh one row in place (after a decision that keeps it in the queue)."""
        key = str(item.pid)
        if item.pid not in self._pids:
            return
        for col, value in zip(("st", "doc", "pos", "change", "conf", "kind"), self._cells(state, item)):
            self.update_cell(key, col, value)

    @property
    def pids(self) -> list[int]:
        """The pids shown, in order."""
        return list(self._pids)

    @property
    def current_pid(self) -> int | None:
        """The highlighted proposal's pid."""
        if not self._pids or self.cursor_row < 0 or self.cursor_row >= len(self._pids):
            return None
        return self._pids[self.cursor_row]

    def goto(self, pid: int) -> bool:
        """Highlight ``pid``; False when it is not in the queue."""
        if pid not in self._pids:
            return False
        self.move_cursor(row=self._pids.index(pid), animate=False)
        return True

    @property
    def laid_out_for(self) -> int:
        """The width the columns were computed for."""
        return self._layout_width
