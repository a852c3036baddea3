"""The bottom of a full screen of the app: the message line over the key bar (``#bottom``, docked by app.tcss)."""

from __future__ import annotations

from textual.containers import Vertical

from .keybar import KeyBar
from .message import MessageLine


def screen_bottom() -> Vertical:
    """``#message`` over ``#keys``, in the ``#bottom`` container every full screen shows them in."""
    return Vertical(MessageLine(id="message"), KeyBar(id="keys"), id="bottom")
