"""The review app's own methods do not shadow Textual's (mypy found two that did)."""

from __future__ import annotations

import inspect
import sys

from textual.binding import Binding
from textual.dom import DOMNode

from tui.app import ReviewApp
from tui.dialogs import SeriesDialog
from tui.widgets import TickList

from .tui_fixtures import drive, open_series, review_app


def test_flushing_stdout_or_stderr_while_the_app_runs_is_harmless(tmp_path):
    # Textual routes prints to the app and calls App._flush(stderr=...) on every flush: an override
    # of that name without the argument raised TypeError from any library that flushed (logging does).
    store, app = review_app(tmp_path)

    async def steps(pilot, _screen):
        print("a line", file=sys.stderr, flush=True)
        sys.stdout.flush()
        await pilot.press("j")  # keys still reach the app
        await pilot.pause()

    drive(app, steps)
    assert "stderr" in inspect.signature(ReviewApp._flush).parameters  # Textual's own, not replaced


def test_the_series_dialogs_tick_action_is_its_own(tmp_path):
    space = next(b for b in SeriesDialog.BINDINGS if isinstance(b, Binding) and b.key == "space")
    assert hasattr(SeriesDialog, f"action_{space.action}")
    assert not hasattr(DOMNode, f"action_{space.action}")  # not a name of Textual's (toggle takes an attribute name)
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        commas, dialog = await open_series(pilot, screen, ",")
        ticks = dialog.query_one("#series-list", TickList)
        assert ticks.ticked == commas
        await dialog.run_action(space.action)  # what space runs where the list does not take it
        await pilot.pause()
        assert ticks.ticked == commas[1:]
        await pilot.press("escape")

    drive(app, steps)
