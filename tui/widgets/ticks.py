"""Small selection widgets drawn with ASCII brackets (block-drawing glyphs are ambiguous-width in CJK terminals)."""

from __future__ import annotations

from typing import Generic, Iterable, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Checkbox, OptionList
from textual.widgets.option_list import Option

T = TypeVar("T")


class Tick(Checkbox):
    """A checkbox drawn as ``[X] label``."""

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"


class TickList(OptionList, Generic[T]):
    """A list of items each ticked or not; space or enter toggles the highlighted one.

    Args:
        items: ``(prompt, value, ticked)`` triples.
    """

    BINDINGS = [Binding("space", "select", "tick/untick", show=False)]

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
