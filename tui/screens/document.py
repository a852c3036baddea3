"""The document view: a whole document with every proposal in place, coloured by status; decide in place.

Like meld or ``git add -p``: the editor reads the text as it will stand and moves from change to change.
A pending proposal shows as ``[-old-]{+new+}``; a decided one shows the text that will stand (accepted:
the new text, edited: the editor's, rejected: the old), underlined, so the page reads as it will print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from corrector.store import Item

from ..render import STYLE_MARK, STYLE_NEW, STYLE_OLD, shown, wrap
from ..widgets import screen_bottom
from .over_review import OverReview

if TYPE_CHECKING:
    from .review import ReviewScreen

#: How each status shows in the document (colour, and a mark that reads without colour).
STATUS_LOOK = {"accepted": "green underline", "edited": "yellow underline", "rejected": "red underline"}
#: The proposal the editor is on.
CURRENT = "reverse bold"
#: Tags the current proposal's text so that its line can be found after wrapping.
_HERE = Style(meta={"here": True})


def document_text(text: str, items: list[Item], state, current: int | None) -> Text:
    """``text`` with every proposal of ``items`` (one document, by position) marked by status."""
    out = Text()
    pos = 0
    for item in sorted(items, key=lambda i: (i.proposal.start, i.proposal.end)):
        p = item.proposal
        if p.start < pos:
            continue  # overlaps the one before: that one is shown
        out.append(text[pos:p.start])
        dec = state.decision(item.pid)
        here = item.pid == current
        hunk = Text()
        if dec.status == "pending":
            if p.old:
                hunk.append("[-", style=STYLE_MARK)
                hunk.append(shown(p.old), style=STYLE_OLD)
                hunk.append("-]", style=STYLE_MARK)
            hunk.append("{+", style=STYLE_MARK)
            hunk.append(shown(p.new) if p.new else "", style=STYLE_NEW)
            hunk.append("+}", style=STYLE_MARK)
        else:
            stands = dec.value if dec.value is not None else p.old
            hunk.append(shown(stands) if stands else "{+ +}", style=STATUS_LOOK[dec.status])
        if here:
            hunk.stylize(CURRENT)
            hunk.stylize(_HERE)
        out.append_text(hunk)
        pos = p.end
    out.append(text[pos:])
    return out


class DocumentText(ScrollView):
    """The document's lines (wrapped in cells), drawn one by one; keeps the current proposal in view."""

    DEFAULT_CSS = """
    DocumentText { height: 1fr; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text()
        self._lines: list[Text] = []
        self._width = 0
        self.current_line = 0

    def show(self, text: Text) -> None:
        self._text = text
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width or self.size.width or 80
        self._width = width
        self._lines = wrap(self._text, max(10, width))
        self.current_line = next((n for n, line in enumerate(self._lines)
                                  if any(getattr(s.style, "meta", None) and s.style.meta.get("here")
                                         for s in line.spans if isinstance(s.style, Style))), 0)
        self.virtual_size = Size(width, len(self._lines))
        height = self.scrollable_content_region.height or self.size.height
        if height:
            top = round(self.scroll_y)
            if not top <= self.current_line < top + height:
                self.scroll_to(y=max(0, self.current_line - height // 3), animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        if (self.scrollable_content_region.width or self.size.width) != self._width:
            self._lay_out()
        else:
            self.call_after_refresh(self._lay_out)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        k = round(self.scroll_y) + y
        if not 0 <= k < len(self._lines):
            return Strip.blank(width, self.rich_style)
        line = self._lines[k].copy()
        line.truncate(width, pad=True)
        return Strip(Segment.apply_style(list(line.render(self.app.console)), self.rich_style), width).crop(0, width)

    @property
    def plain_lines(self) -> list[str]:
        """The lines as laid out (for tests)."""
        return [line.plain for line in self._lines]


class DocumentScreen(OverReview):
    """One document whole; ``j``/``k`` go from proposal to proposal, the verdict keys decide in place.

    Args:
        review: The review screen (its state and verdict logic are used).
        doc: The document id.
        pid: The proposal to start on (default: the document's first undecided one).
    """

    BINDINGS = [
        Binding("y", "decide('accept')", "accept", id="doc-accept", tooltip="accept the highlighted proposal"),
        Binding("n", "decide('reject')", "reject", id="doc-reject", tooltip="reject the highlighted proposal"),
        Binding("e", "edit", "edit", id="doc-edit", tooltip="type your own text for the highlighted hunk"),
        Binding("u", "undo", "undo", id="doc-undo", tooltip="undo your last decision"),
        Binding("j", "move(1)", "move", key_display="j/k", id="doc-next", tooltip="next proposal in the document"),
        Binding("k", "move(-1)", "previous", show=False, id="doc-previous", tooltip="previous proposal"),
        Binding("a", "rest('accept')", "accept rest", key_display="a/x", id="doc-accept-rest",
                tooltip="accept every undecided proposal of this document (confirm, untick items)"),
        Binding("x", "rest('reject')", "reject rest", show=False, id="doc-reject-rest",
                tooltip="reject every undecided proposal of this document (confirm, untick items)"),
        Binding("right_square_bracket", "other_document(1)", "next doc", key_display="]/[", id="doc-next-doc",
                tooltip="the next document with proposals"),
        Binding("left_square_bracket", "other_document(-1)", "previous doc", show=False, id="doc-previous-doc",
                tooltip="the previous document with proposals"),
        Binding("escape,d,q", "close", "back", key_display="esc", id="doc-close", tooltip="back to the queue"),
    ]

    def __init__(self, review: ReviewScreen, doc: str, pid: int | None = None) -> None:
        super().__init__(review)
        self.doc = doc
        self.pid = pid

    def compose(self) -> ComposeResult:
        yield Static(id="doc-title")
        yield DocumentText(id="doc-text")
        yield screen_bottom()

    def on_mount(self) -> None:
        self.open(self.doc, self.pid)

    def items(self) -> list[Item]:
        return [i for i in self.state.items if i.proposal.doc == self.doc]

    def open(self, doc: str, pid: int | None = None) -> None:
        self.doc = doc
        items = self.items()
        if pid is None or all(i.pid != pid for i in items):
            pending = [i.pid for i in items if i.pid not in self.state.decisions]
            pid = pending[0] if pending else (items[0].pid if items else None)
        self.pid = pid
        self.redraw()

    def redraw(self) -> None:
        document = self.state.documents.get(self.doc)
        items = self.items()
        decided, total = self.state.progress(self.doc)
        title = Text(f" {self.doc}", style="bold")
        title.append(f"   {decided}/{total} decided", style="dim")
        if self.pid is not None:
            at = [i.pid for i in items].index(self.pid) + 1
            title.append(f"   proposal {at} of {total}", style="dim")
        self.query_one("#doc-title", Static).update(title)
        text = document_text(document.text if document else "", items, self.state, self.pid)
        self.query_one("#doc-text", DocumentText).show(text)

    def current(self) -> Item | None:
        return self.state.item(self.pid) if self.pid is not None else None

    def action_move(self, step: int) -> None:
        pids = [i.pid for i in self.items()]
        if self.pid not in pids:
            return
        k = pids.index(self.pid) + step
        if 0 <= k < len(pids):
            self.pid = pids[k]
            self.redraw()
        else:
            self.app.bell()

    def _next_undecided(self) -> None:
        pids = [i.pid for i in self.items()]
        if self.pid in pids:
            at = pids.index(self.pid)
            nxt = next((q for q in pids[at + 1:] + pids[:at] if q not in self.state.decisions), None)
            if nxt is not None:
                self.pid = nxt

    def action_decide(self, action: str) -> None:
        item = self.current()
        if item is None:
            return
        self.review._decide(action, item=item)
        if self.state.decision(item.pid).decided:
            self._next_undecided()
        self.redraw()

    def action_edit(self) -> None:
        item = self.current()
        if item is not None:
            self.review.edit_item(item)

    def action_undo(self) -> None:
        self.review.action_undo()
        self.redraw()

    def action_rest(self, action: str) -> None:
        self.review.decide_rest_of_document(self.doc, action)

    def action_other_document(self, step: int) -> None:
        docs = [d for d in self.state.documents if any(True for _ in self.state.doc_pids(d))]
        if self.doc not in docs:
            return
        k = docs.index(self.doc) + step
        if 0 <= k < len(docs):
            self.open(docs[k])
        else:
            self.app.say("no further document with proposals")
