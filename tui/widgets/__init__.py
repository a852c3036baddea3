"""Widgets of the review app."""

from .card import Card
from .keybar import KeyBar
from .queue import QueueTable
from .status import StatusLine
from .ticks import Tick, TickList

__all__ = ["Card", "KeyBar", "QueueTable", "StatusLine", "Tick", "TickList"]
