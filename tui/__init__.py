"""The review app (Textual): editors accept, reject or edit the engine's proposals; corrector never imports this."""

from .app import ReviewApp

__all__ = ["ReviewApp"]
