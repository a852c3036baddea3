"""The concordance: every occurrence of one error pattern, decided ones included, each in its context.

PoCoTo's series view: the editor sees all places where the same ``old › new`` (or any change of the
same ``old``) is proposed, lined up on the hunk, and decides them one by one or together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from corrector.store import Item

from ..render import ARROW, STATUS_GLYPH, crop, fit, shown
from ..widgets import QueueView, screen_bottom
from ..widgets.queue import STATUS_STYLE
from .over_review import OverReview

if TYPE_CHECKING:
    from .review import ReviewScreen


def _flat(text: str) -> str:
    return "".join(" " if c.isspace() else c for c in text)


def _left_crop(text: str, width: int) -> str:
    """The end of ``text`` in at most ``width`` cells, right-aligned (padded on the left)."""
    out, w = [], 0
    for ch in reversed(text):
        cw = cell_len(ch)
        if w + cw > width:
            break
        out.append(ch)
        w += cw
    return " " * (width - w) + "".join(reversed(out))


class ConcordanceList(QueueView):
    """Rows of a concordance: status, document, position, left context | hunk | right context."""

    #: Code points of the document read on each side of a hunk (more than any row shows).
    CONTEXT = 40

    def _header(self, w: dict[str, int]) -> Text:
        return Text(fit(" " * 2 + "doc", 2 + w["doc"]) + fit("pos", w["pos"] - 1, right=True) + "  in context")

    def _row(self, pid: int, width: int) -> Text:
        state = self._state
        assert state is not None
        w = self._column_widths(width)
        item = state.item(pid)
        assert item is not None
        p = item.proposal
        dec = state.decision(pid)
        new = dec.value if dec.status == "edited" and dec.value is not None else p.new
        doc = state.documents.get(p.doc)
        text = doc.text if doc else ""
        before = _flat(text[max(0, p.start - self.CONTEXT):p.start])
        after = _flat(text[p.end:p.end + self.CONTEXT])
        t = Text()
        t.append(fit(STATUS_GLYPH[dec.status], 2), style=STATUS_STYLE[dec.status])
        t.append(fit(state.labels.get(p.doc, p.doc), w["doc"]))
        t.append(fit(str(p.start), w["pos"] - 1, right=True) + " ")
        room = max(10, width - t.cell_len - 1)
        hunk = Text()
        hunk.append(shown(p.old), style="red strike")
        hunk.append(ARROW, style="dim")
        hunk.append(shown(new), style="green underline")
        side = max(2, (room - hunk.cell_len) // 2)
        t.append(_left_crop(before, side), style="dim")
        t.append_text(hunk)
        t.append(crop(after, max(1, room - side - hunk.cell_len)), style="dim")
        return t


class ConcordanceScreen(OverReview):
    """Every proposal of one pattern; ``j``/``k`` move, ``y``/``n`` decide one, ``Y``/``N`` all undecided ones.

    Args:
        review: The review screen (its state and verdict logic are used).
        item: The proposal whose pattern is shown.
        same_new: Only proposals of the same ``old › new`` (True) or every change of the same ``old``.
    """

    BINDINGS = [
        Binding("y", "decide('accept')", "accept", id="conc-accept", tooltip="accept the highlighted proposal"),
        Binding("n", "decide('reject')", "reject", id="conc-reject", tooltip="reject the highlighted proposal"),
        Binding("j", "move(1)", "move", key_display="j/k", id="conc-next", tooltip="next occurrence"),
        Binding("k", "move(-1)", "previous", show=False, id="conc-previous", tooltip="previous occurrence"),
        Binding("Y", "all('accept')", "accept all", key_display="Y/N", id="conc-accept-all",
                tooltip="accept every undecided occurrence listed (confirm, untick items)"),
        Binding("N", "all('reject')", "reject all", show=False, id="conc-reject-all",
                tooltip="reject every undecided occurrence listed (confirm, untick items)"),
        Binding("tab", "widen", "same old / same change", id="conc-widen",
                tooltip="switch between the same old › new and every change of the same old text"),
        Binding("escape,c,q", "close", "back", key_display="esc", id="conc-close", tooltip="back to the queue"),
    ]

    def __init__(self, review: ReviewScreen, item: Item, *, same_new: bool = True) -> None:
        super().__init__(review)
        self.pattern = item.proposal
        self.start_pid = item.pid
        self.same_new = same_new

    def compose(self) -> ComposeResult:
        yield Static(id="conc-title")
        yield ConcordanceList(id="conc-list")
        yield screen_bottom()

    def on_mount(self) -> None:
        self.show_list(keep=self.start_pid)
        self.query_one("#conc-list", ConcordanceList).focus()

    def items(self) -> list[Item]:
        p = self.pattern
        return [i for i in self.state.items
                if i.proposal.old == p.old and (not self.same_new or i.proposal.new == p.new)]

    def show_list(self, keep: int | None = None) -> None:
        items = self.items()
        listing = self.query_one("#conc-list", ConcordanceList)
        listing.show(self.state, items, keep=keep if keep is not None else listing.current_pid)
        p = self.pattern
        pending = sum(1 for i in items if i.pid not in self.state.decisions)
        what = f"{shown(p.old)} {ARROW} {shown(p.new)}" if self.same_new else f"{shown(p.old)} {ARROW} anything"
        title = Text(f" Concordance: {what}", style="bold")
        title.append(f"   {len(items)} place(s), {pending} undecided", style="dim")
        self.query_one("#conc-title", Static).update(title)

    def current(self) -> Item | None:
        pid = self.query_one("#conc-list", ConcordanceList).current_pid
        return self.state.item(pid) if pid is not None else None

    def action_move(self, step: int) -> None:
        listing = self.query_one("#conc-list", ConcordanceList)
        listing.goto_row(listing.cursor_row + step)

    def action_decide(self, action: str) -> None:
        item = self.current()
        if item is None:
            return
        self.review._decide(action, item=item)
        self.after_decision(item.pid)

    def after_decision(self, pid: int) -> None:
        listing = self.query_one("#conc-list", ConcordanceList)
        pids = listing.pids
        at = pids.index(pid) if pid in pids else listing.cursor_row
        nxt = next((q for q in pids[at + 1:] if q not in self.state.decisions), pid)
        self.show_list(keep=nxt)

    def action_all(self, action: str) -> None:
        pending = [i for i in self.items() if i.pid not in self.state.decisions]
        if not pending:
            self.app.say("every occurrence listed is decided")
            self.app.release_keys()
            return
        from ..dialogs import SeriesDialog

        p = self.pattern
        title = f"{action.capitalize()} {len(pending)} undecided place(s) of {shown(p.old)} {ARROW} {shown(p.new)}?"
        note = f"concordance: {p.old} {ARROW} {p.new if self.same_new else '*'}"
        self.app.push_screen(SeriesDialog(title, self.state, pending, action),
                             lambda pids: self.review._decide_many(pids, action, note))

    def action_widen(self) -> None:
        self.same_new = not self.same_new
        self.show_list()

    def redraw(self) -> None:
        self.show_list()
