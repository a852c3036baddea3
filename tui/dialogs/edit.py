"""The edit dialog: the editor types their own text for the hunk."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from corrector.model import Document, Proposal

from ..render import ARROW, STYLE_NEW, STYLE_OLD, context_text, shown
from ..widgets.keybar import KeyBar
from .text_entry import TextEntryDialog


#: Code points of the document shown on each side of the hunk in the edit dialog.
EDIT_CONTEXT = 24


class EditDialog(TextEntryDialog):
    """Ask for the text that replaces the hunk; dismisses with it, or ``None`` when cancelled.

    Args:
        proposal: The proposal being edited.
        initial: Text to start from (the proposed text, or the earlier edit).
        label: Short document label for the title.
    """

    INPUT = "#edit-input"

    BINDINGS = [
        Binding("enter", "save", "save", key_display="enter", id="edit-save"),
        Binding("escape", "cancel", "cancel", id="edit-cancel"),
    ]

    def __init__(self, proposal: Proposal, initial: str, label: str = "", document: Document | None = None) -> None:
        super().__init__()
        self.proposal = proposal
        self.initial = initial
        self.label = label
        self.document = document

    def compose(self) -> ComposeResult:
        p = self.proposal
        change = Text()
        change.append(shown(p.old), style=STYLE_OLD)
        change.append(f" {ARROW} ")
        change.append(shown(p.new), style=STYLE_NEW)
        with Vertical(id="edit-dialog", classes="dialog"):
            yield Static(Text(f"Edit {self.label or p.doc} @{p.start}", style="bold"), classes="dialog-title")
            yield Static(Text("old ", style="dim") + change)
            if self.document is not None:
                # the hunk in its sentence, so the editor sees what the typed text must fit into
                yield Static(context_text(self.document, p, p.new, EDIT_CONTEXT), id="edit-context")
            yield Input(value=self.initial, id="edit-input", compact=True,
                        placeholder="the text that should stand here (empty deletes it)")
            yield Static(Text("Enter saves · Esc cancels", style="dim"), classes="dialog-hint")
        yield KeyBar()
