"""Widgets of the review app."""

from .bottom import screen_bottom
from .card import Card
from .keybar import KeyBar
from .message import MessageLine
from .queue import QueueView
from .status import StatusLine
from .ticks import Tick, TickList

__all__ = ["Card", "KeyBar", "MessageLine", "QueueView", "StatusLine", "Tick", "TickList", "screen_bottom"]
