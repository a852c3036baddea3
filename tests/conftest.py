"""Shared fixtures: small documents built from strings, and the seed pages."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from corrector.model import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def make_doc(doc_id: str, text: str) -> Document:
    """A UTF-8 document held in memory (no file needed)."""
    data = text.encode("utf-8")
    return Document(doc_id, doc_id, "utf-8", b"", "\n", hashlib.sha256(data).hexdigest(), text)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_result():
    """The engine's result on the seed pages (computed once per session)."""
    import corrector

    docs = corrector.load([SEEDS])
    return corrector.propose(docs)


@pytest.fixture(scope="session")
def seed_result_with_suspects():
    """The same with the single-witness suspicion flags looked for (``suspects=True``)."""
    import corrector

    return corrector.propose(corrector.load([SEEDS]), suspects=True)


#: Test files marked as a whole, so their owners need not mark every test: the review app's files
#: (``tui``) and the ones that run the command line in subprocesses (``slow``).
_FILE_MARKS = {"test_tui": "tui", "test_cli.py": "slow", "test_boundaries.py": "slow"}


def pytest_collection_modifyitems(config, items):
    """Mark every test of the files in :data:`_FILE_MARKS` (the engine tier: ``-m "not tui and not slow"``)."""
    for item in items:
        name = item.path.name
        for prefix, mark in _FILE_MARKS.items():
            if name.startswith(prefix):
                item.add_marker(getattr(pytest.mark, mark))
