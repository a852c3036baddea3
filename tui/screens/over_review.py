"""A full screen opened over the review screen (the document view, the concordance)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import ReviewApp
    from ..state import ReviewState
    from .review import ReviewScreen


class OverReview(Screen):
    """Decides with the review screen's state and verdict logic; drawn afresh (:meth:`redraw`) whenever it
    shows again, after a dialog over it closed; ``close`` goes back to the queue.

    Args:
        review: The review screen.
    """

    if TYPE_CHECKING:
        app = getters.app(ReviewApp)

    def __init__(self, review: ReviewScreen) -> None:
        super().__init__()
        self.review = review

    @property
    def state(self) -> ReviewState:
        return self.review.state

    def redraw(self) -> None:
        """Draw the screen from the state."""
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        self.redraw()
        self.app.release_keys_when_shown()  # keys typed as the dialog closed come here now

    def action_close(self) -> None:
        self.app.pop_screen()
