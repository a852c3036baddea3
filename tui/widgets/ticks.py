"""Small selection widgets drawn with ASCII brackets (block-drawing glyphs are ambiguous-width in CJK terminals)."""

from __future__ import annotations

from typing import Generic, Iterable, TypeVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Checkbox, OptionList
from textual.widgets.option_list import Option

T = TypeVar("T")


def list_keys(down: str = "down", up: str = "up") -> list[BindingType]:
    """The cursor keys of an option list in a dialog, not shown in the key bar; Enter is left to the dialog (confirm).

    Args:
        down, up: The keys that move the cursor one line (comma-separated, as in a :class:`Binding`).
    """
    return [
        Binding(down, "cursor_down", "down", show=False),
        Binding(up, "cursor_up", "up", show=False),
        Binding("home", "first", "first", show=False),
        Binding("end", "last", "last", show=False),
        Binding("pagedown", "page_down", "page down", show=False),
        Binding("pageup", "page_up", "page up", show=False),
    ]


class Tick(Checkbox, inherit_bindings=False):
    """A checkbox drawn as ``[X] label`` when ticked and ``[ ] label`` when not (readable without colour).

    Space toggles it; Enter is left to the dialog (it confirms, as in every dialog of the app).
    """

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"
    BINDINGS = [Binding("space", "toggle_button", "tick/untick", show=False)]

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "X" if self.value else " "


class TickList(OptionList, Generic[T], inherit_bindings=False):
    """A list of items each ticked or not; space toggles the highlighted one (Enter is the dialog's: confirm).

    Args:
        items: ``(prompt, value, ticked)`` triples.
    """

    BINDINGS = [Binding("space", "select", "tick/untick", show=False), *list_keys()]

    class Changed(Message):
        """The ticked set changed."""

        def __init__(self, ticks: "TickList") -> None:
            super().__init__()
            self.ticks = ticks

    def __init__(self, items: Iterable[tuple[Text | str, T, bool]], **kwargs) -> None:
        self._items = [(Text(p) if isinstance(p, str) else p, v, t) for p, v, t in items]
        self._ticked = [t for _, _, t in self._items]
        super().__init__(*[Option(self._prompt(i), id=str(i)) for i in range(len(self._items))], **kwargs)

    def _prompt(self, i: int) -> Text:
        prompt, _, _ = self._items[i]
        t = Text("[x] " if self._ticked[i] else "[ ] ", style="bold" if self._ticked[i] else "dim")
        return t + prompt

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        i = event.option_index
        self._ticked[i] = not self._ticked[i]
        self.replace_option_prompt_at_index(i, self._prompt(i))
        self.post_message(self.Changed(self))

    @property
    def ticked(self) -> list[T]:
        """Values of the ticked items, in order."""
        return [v for (_, v, _), t in zip(self._items, self._ticked) if t]

    @property
    def total(self) -> int:
        return len(self._items)
