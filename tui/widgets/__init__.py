"""Widgets of the review app."""

from .card import Card
from .keybar import KeyBar
from .queue import QueueView
from .status import StatusLine
from .ticks import Tick, TickList

__all__ = ["Card", "KeyBar", "QueueView", "StatusLine", "Tick", "TickList"]
