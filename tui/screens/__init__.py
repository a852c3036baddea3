"""Screens of the review app."""

from .help import HelpScreen
from .review import ReviewScreen

__all__ = ["HelpScreen", "ReviewScreen"]
