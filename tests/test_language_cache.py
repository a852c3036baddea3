"""The dictionary is a value loaded once per process; its cached scores stay bounded and change no score."""

from __future__ import annotations

import pickle
import threading

import pytest

import corrector.language as language
from corrector.language import Dictionary


def test_cached_scores_are_bounded_and_the_same_as_fresh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    freq, names = language.load_dictionary()
    texts = [f"中华人民共和国{chr(0x4E00 + i)}成立了" for i in range(300)]
    fresh = [Dictionary(freq, names).score(t) for t in texts]  # a new instance each: nothing cached
    monkeypatch.setattr(language, "CACHE_ENTRIES", 50)
    d = Dictionary(freq, names)
    cached = [d.score(t) for t in texts] + [d.score(t) for t in texts]
    assert cached == fresh + fresh
    assert len(d._cache) + len(d._runs) + len(d._segments) <= 50 + 3
    segs = [d.segment(t[:7]) for t in texts]
    assert segs[0] == ["中华人民共和国"] and len(d._segments) <= 50 + 1


def test_load_gives_one_dictionary_per_process_even_across_threads() -> None:
    got: list[Dictionary] = []
    threads = [threading.Thread(target=lambda: got.append(Dictionary.load())) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(got) == 4 and all(d is Dictionary.load() for d in got)
    assert Dictionary.load().word_freq("抓住") == 4069  # jieba 0.42.1's dict.txt (NOTES.md)


def test_the_dictionary_has_no_state_on_the_class() -> None:
    """Everything a dictionary knows lives on its instance: the class holds only methods."""
    d = Dictionary.load()
    d.score("抓住社区治理")
    d.segment("抓住社区治理")
    state = {k for k, v in vars(Dictionary).items() if not callable(v) and not isinstance(v, (staticmethod, classmethod, property))}
    assert state <= {"__module__", "__doc__", "__dict__", "__weakref__", "__annotations__", "__firstlineno__", "__static_attributes__"}


def test_two_dictionaries_are_independent_values() -> None:
    small = Dictionary({"社区": 100, "社": 1, "区": 1}, frozenset({"社区"}))
    big = Dictionary.load()
    assert small.segment("社区") == ["社区"] and small.is_name("社区") and not big.is_name("社区")
    assert small.score("社区") != big.score("社区")
    assert small.word_freq("抓住") == 0 and big.word_freq("抓住") == 4069


def test_the_loaded_dictionary_pickles_as_a_reference_and_others_as_their_words() -> None:
    big = Dictionary.load()
    blob = pickle.dumps(big)
    assert len(blob) < 200  # not 349,046 entries: a worker loads its own copy
    assert pickle.loads(blob) is big  # in this process: the one already loaded
    small = Dictionary({"社区": 100, "社": 1}, frozenset())
    copy = pickle.loads(pickle.dumps(small))
    assert copy is not small and copy.frequencies() == small.frequencies() and copy.score("社区") == small.score("社区")


def test_an_empty_dictionary_is_refused() -> None:
    with pytest.raises(ValueError):
        Dictionary({})
