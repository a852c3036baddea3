"""The message line: the latest notice, on its own line above the key bar (it covers nothing)."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

from ..render import crop

#: Seconds a notice stays; warnings and errors longer (they are repeated on the command line at exit too).
SHOW_FOR = {"information": 4.0, "warning": 8.0, "error": 10.0}
STYLE = {"information": "", "warning": "bold yellow", "error": "bold red"}
MARK = {"information": "", "warning": "! ", "error": "!! "}


class MessageLine(Widget):
    """One line; :meth:`show` puts a notice there and clears it after a while."""

    DEFAULT_CSS = """
    MessageLine { height: 1; width: 100%; background: $panel; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.plain = ""
        self._severity = "information"
        self._timer: Timer | None = None

    def show(self, message: str, severity: str = "information", timeout: float | None = None) -> None:
        self.plain = MARK.get(severity, "") + " ".join(message.split())
        self._severity = severity
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout or SHOW_FOR.get(severity, 4.0), self.clear)
        self.refresh()

    def clear(self) -> None:
        self.plain = ""
        self.refresh()

    def render(self) -> Text:
        width = max(1, self.size.width - 2)
        return Text(" " + crop(self.plain, width), style=STYLE.get(self._severity, ""))
