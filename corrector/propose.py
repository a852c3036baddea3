"""Propose: turn the voted hunks into proposals with a kind, a confidence and a reason."""

from __future__ import annotations

from typing import Callable

from .apply import Skipped
from .model import Document, Options, Proposal, Result


def propose(
    documents: list[Document],
    *,
    options: Options | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    **overrides,
) -> Result:
    """Find reprinted passages among ``documents``, align and vote them, and propose corrections."""
    raise NotImplementedError  # under construction


def select(proposals: list[Proposal], *, min_confidence: float = 0.9) -> tuple[list[Proposal], list[Skipped]]:
    """Split proposals into those auto mode applies and those it skips (with the reason)."""
    raise NotImplementedError  # under construction
