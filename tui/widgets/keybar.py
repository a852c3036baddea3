"""The key bar: every key of the screen with a word or two, wrapped onto as many lines as the width needs."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from ..render import wrap

KEY_STYLE = "bold #ffa62b"


class KeyBar(Static):
    """Like Textual's Footer, but it wraps instead of cutting keys off in a narrow terminal."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: auto; max-height: 4; width: 100%; text-wrap: nowrap;
             background: $footer-background; color: $footer-foreground; }
    """

    plain = ""
    """The text shown (for tests)."""
    _spans: list = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.draw)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.draw)

    def on_resize(self) -> None:
        self.draw()

    def entries(self) -> list[tuple[str, str, bool]]:
        """``(key, description, enabled)`` for each binding shown, in order, one per action."""
        out, seen = [], set()
        for _key, (_node, binding, enabled, _tip) in self.screen.active_bindings.items():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append((binding.key_display or self.app.get_key_display(binding), binding.description, enabled))
        return out

    def draw(self) -> None:
        if not self.is_attached or self.app is None:
            return
        try:
            _ = self.screen  # raises while the bar is being removed with its screen
        except Exception:  # noqa: BLE001 - being removed with its screen
            return
        width = self.size.width or self.app.size.width
        lines: list[Text] = []
        current = Text(" ")
        for key, description, enabled in self.entries():
            piece = Text()
            piece.append(key, style=KEY_STYLE if enabled else "dim")
            piece.append(" " + description, style="" if enabled else "dim")
            if current.cell_len + piece.cell_len > width and current.plain.strip():
                lines.append(current)
                current = Text(" ")
            current.append_text(piece)
            current.append("  ")
        if current.plain.strip():
            lines.append(current)
        lines = [ln for line in lines for ln in wrap(line, width)]
        text = Text("\n").join(lines)
        if text.plain == self.plain and text.spans == self._spans and self.size.height == len(lines):
            return  # unchanged: an update would lay the screen out again for nothing
        self.plain, self._spans = text.plain, list(text.spans)
        self.update(text)
