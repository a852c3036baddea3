"""bench.ocr.bound: which single-printing errors the dictionary can see, and how it ranks their fixes (worked by hand)."""

from __future__ import annotations

import pytest

from bench.ocr.bound import Bound, ranked, visible
from corrector.language import Dictionary
from corrector.suspects.lexicon import Lexicon


@pytest.fixture(scope="module")
def dictionary() -> Dictionary:
    return Dictionary.load()


def counted(dictionary: Dictionary, gold: str, hyp: str) -> Bound:
    b = Bound()
    visible(gold, hyp, Lexicon.shared(dictionary), b)
    return b


def test_a_character_in_no_word_whose_gold_makes_one_is_visible(dictionary):
    # 己经 is no word and 己 makes none with 们 or 完; the printed 已 is in 已经
    b = counted(dictionary, "他们已经完成了任务", "他们己经完成了任务")
    assert (b.errors, dict(b.single), dict(b.visible)) == (1, {"substituted": 1}, {"substituted": 1})


def test_a_drop_between_two_words_is_not_visible(dictionary):
    # 全 of 国家安全 dropped: 安 still stands in 家安 (a word of jieba's dictionary), 一 in 一切, so no
    # character around the gap lies outside every word: no detector of such characters sees it
    b = counted(dictionary, "我们要维护国家安全一切利益", "我们要维护国家安一切利益")
    assert (b.errors, dict(b.single), dict(b.visible)) == (1, {"dropped": 1}, {})


def test_punctuation_is_not_counted(dictionary):
    b = counted(dictionary, "他们已经完成了任务。", "他们已经完成了任务，")
    assert (b.errors, dict(b.single)) == (0, {})


def test_the_dictionary_ranks_the_only_four_character_word_first(dictionary):
    # at 仝 (in no word), 全 alone makes the four-character word 国家安全 with what stands before it
    b = Bound()
    ranked("p", "我们要维护国家安仝，这是每个公民的责任。", "我们要维护国家安全，这是每个公民的责任。", dictionary, 20, b)
    assert b.ranks[0] == 1
    assert sum(b.ranks.values()) == b.places  # every other place weighed has no right candidate
    assert b.flags["wrong"] == 0


def test_a_shape_blind_flag_over_the_bar_is_judged_against_the_gold(dictionary):
    # 市场经齐: 济 makes 市场经济, a common four-character word, far above any other reading there
    b = Bound()
    ranked("p", "我们要发展市场经齐，这是方向。", "我们要发展市场经济，这是方向。", dictionary, 20, b)
    assert dict(b.flags) == {"right": 1}
    g = Bound()
    ranked("p:gold", "我们要发展市场经济，这是方向。", None, dictionary, 20, g)
    assert g.flags["false alarm"] == 0
