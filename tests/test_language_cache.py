"""The dictionary's cached scores and segmentations stay bounded and do not change any score."""

from __future__ import annotations

import pytest

import corrector.language as language
from corrector.language import Dictionary


def test_cached_scores_are_bounded_and_the_same_as_fresh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    d = Dictionary()
    texts = [f"中华人民共和国{chr(0x4E00 + i)}成立了" for i in range(300)]
    fresh = []
    for t in texts:
        Dictionary._cache.clear()
        Dictionary._runs.clear()
        fresh.append(d.score(t))
    monkeypatch.setattr(language, "CACHE_ENTRIES", 50)
    cached = [d.score(t) for t in texts] + [d.score(t) for t in texts]
    assert cached == fresh + fresh
    assert len(Dictionary._cache) + len(Dictionary._runs) + len(Dictionary._segments) <= 50 + 3
    segs = [d.segment(t[:7]) for t in texts]
    assert segs[0] == ["中华人民共和国"] and len(Dictionary._segments) <= 50 + 1
