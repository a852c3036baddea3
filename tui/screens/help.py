"""The ``?`` help screen: every key of the review screen and of its dialogs."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.keybar import KeyBar
from ..dialogs.opening import release_held_keys

#: Keys of the dialogs, listed after the review screen's own.
DIALOG_KEYS = (
    ("Every dialog", "enter", "confirm (save the text, apply the filter, decide the ticked items)"),
    ("Every dialog", "esc", "cancel"),
    ("Every dialog", "space", "tick or untick the highlighted item"),
    ("Every dialog", "tab", "move between the choices"),
    ("Edit dialog", "enter", "save the text typed (empty deletes the hunk)"),
    ("Confidence dialog", "enter", "list the proposals auto mode would apply at the number typed (0.9, 90, 90%)"),
    ("Filter dialog", "enter", "on a drop-down: open it; elsewhere: apply the filter"),
    ("Search box", "enter", "keep the search and go back to the queue"),
    ("Search box", "esc", "clear the search"),
)

#: The queue's one-letter kinds (a narrow queue shows these).
KIND_LEGEND = ("s substitution", "i insertion", "d deletion", "t transposition", "n noise",
               "V variant (an editorial difference: never applied automatically)",
               "? suspect (one printing, or all agree; the language evidence doubts it: applied only with --suspects)")


def help_table(bindings: list[Binding], get_key_display) -> Table:
    """A table of keys and what they do."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    table.add_column("key", no_wrap=True)
    table.add_column("what it does")
    for b in bindings:
        if b.id and b.id.startswith("take-") and b.id != "take-1":
            continue  # 1-9 is one row
        if b.id == "take-1":
            key, what = "1-9", "take witness k's reading (the card numbers them; from ten witnesses on, two digits: 1 2 takes 12)"
        else:
            key, what = get_key_display(b.with_key(b.key, None)), b.tooltip or b.description
        table.add_row(Text(key, style="bold"), what)
    from .concordance import ConcordanceScreen
    from .document import DocumentScreen

    for title, screen in (("Document view (d)", DocumentScreen), ("Concordance (c)", ConcordanceScreen)):
        table.add_row("", "")
        table.add_row("", Text(title, style="bold underline"))
        for entry in screen.BINDINGS:
            if isinstance(entry, Binding) and entry.tooltip:
                key = entry.key_display or get_key_display(entry.with_key(entry.key, None))
                table.add_row(Text(key, style="bold"), entry.tooltip)
    table.add_row("", "")
    table.add_row("", Text("Kinds in a narrow queue", style="bold underline"))
    for legend in KIND_LEGEND:
        letter, what = legend.split(" ", 1)
        table.add_row(Text(letter, style="bold"), what)
    last = ""
    for where, key, what in DIALOG_KEYS:
        if where != last:
            table.add_row("", "")
            table.add_row("", Text(where, style="bold underline"))
            last = where
        table.add_row(Text(key, style="bold"), what)
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the keys; any of ``esc``, ``q`` or ``?`` closes it.

    Args:
        bindings: The review screen's bindings, in order.
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "close", id="help-close"),
    ]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings_shown = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(Text("Keys", style="bold"), classes="dialog-title")
            yield Static(help_table(self.bindings_shown, self.app.get_key_display), id="help-table")
        yield KeyBar()

    def on_mount(self) -> None:
        release_held_keys(self)

    def action_close(self) -> None:
        self.dismiss(None)
