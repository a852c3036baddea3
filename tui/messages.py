"""Messages the propose worker posts to the review screen (handlers on the screen own all state)."""

from __future__ import annotations

from textual.message import Message

from corrector.model import Result


class ProposeProgress(Message):
    """The engine reached a stage (``done`` of ``total``)."""

    def __init__(self, stage: str, done: int, total: int) -> None:
        super().__init__()
        self.stage, self.done, self.total = stage, done, total


class ProposalsReady(Message):
    """The engine finished; ``result`` holds the proposals for the documents it was given."""

    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result


class ProposeFailed(Message):
    """The engine failed; ``message`` is one line for the editor."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message
