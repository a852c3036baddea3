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
