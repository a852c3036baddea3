"""What a dialog does once it is shown: focus its text box, and take the keys typed while it opened."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Input


def focus_input(inp: Input) -> None:
    """Focus a dialog's text box, its cursor blinking unless the app turned blinking off (tests do)."""
    inp.cursor_blink = getattr(inp.app, "cursor_blink", True)
    inp.focus()


def release_held_keys(screen: Screen) -> None:
    """Keys typed while ``screen`` opened come to it now (the review app holds them meanwhile; an app
    without that hold, such as a test's around one dialog, has none to give)."""
    ready = getattr(screen.app, "release_keys_when_shown", None)
    if ready:
        ready()
