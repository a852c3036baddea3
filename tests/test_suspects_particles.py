"""tesseract's added particles (corrector.suspects.stray_particles): 和和 / 了了 inside no word, 和 opening a
clause before a conjunction."""

from __future__ import annotations

import pytest

import corrector
from corrector.ingest import make_key
from corrector.language import CorpusCounts, Dictionary
from corrector.suspects import find_suspects
from corrector.suspects.stray_particles import NAME_AND, NAME_DOUBLED
from tests.conftest import make_doc
from tests.texts import OTHER


@pytest.fixture(scope="module")
def dictionary():
    return Dictionary.load()


def flags(text: str, dictionary, detector: str):
    corpus = CorpusCounts([make_key(text).text])
    return find_suspects(text, dictionary, corpus, doc="d", detectors=[detector])


def fixed(text: str, p) -> str:
    return text[: p.start] + p.new + text[p.end:]


@pytest.mark.parametrize("text, want", [
    ("一些工具比如裁切和和矩形选择工具都有了改进。", "一些工具比如裁切和矩形选择工具都有了改进。"),
    ("新手更容易上手了了，因为重要的功能都在菜单里。", "新手更容易上手了，因为重要的功能都在菜单里。"),
    ("这个选项之后就被关闭了了。在一定的条件下", "这个选项之后就被关闭了。在一定的条件下"),
])
def test_a_doubled_particle_inside_no_word_loses_its_copy(dictionary, text, want):
    (p,) = flags(text, dictionary, NAME_DOUBLED)
    assert p.kind == "suspect" and p.new == "" and p.old in "和了"
    assert fixed(text, p) == want
    # the second copy is the one removed (the first may end a line; the flag sits after it)
    assert text[p.start - 1] == p.old


@pytest.mark.parametrize("text", [
    "为了了解情况，他去了现场。",        # 为了|了解: the second copy starts a word
    "坚持发展和和平的道路。",            # 发展和|和平
    "他说话温和和耐心都很好。",          # 温和|和: the first copy ends a word
    "对此事他不甚了了。",                # 不甚了了: a word holds both
    "家庭和和美美，日子红火。",          # 和和美美
    "裁切和\n和矩形选择工具。",          # across a line break: not one place
])
def test_a_doubled_particle_the_language_makes_is_left_alone(dictionary, text):
    assert flags(text, dictionary, NAME_DOUBLED) == []


@pytest.mark.parametrize("text, want", [
    ("如果指定了选项，返回值是0。和否则，返回1。", "如果指定了选项，返回值是0。否则，返回1。"),
    ("默认不打开rps选项，和否则不把时间赋给变量。", "默认不打开rps选项，否则不把时间赋给变量。"),
    ("和因为这样，程序退出了。", "因为这样，程序退出了。"),   # at the text's start
])
def test_and_opening_a_clause_before_a_conjunction_is_added(dictionary, text, want):
    (p,) = flags(text, dictionary, NAME_AND)
    assert (p.old, p.new) == ("和", "") and fixed(text, p) == want
    assert "否则" in p.reason or "因为" in p.reason


@pytest.mark.parametrize("text", [
    "程序和否则分支都要检查。",            # 和 joins two words here: no mark before it
    "我们和另外两个小组一起完成。",        # 另外: a determiner after 和 (left out of the list)
    "。和截至去年相比，今年增长较快。",     # 截至: left out of the list
    "，和但丁的诗一样。",                  # 但: left out (但丁)
    "，和一个转换函数。",                  # 和 opening a clause before no conjunction: the text's
])
def test_and_before_other_words_is_left_alone(dictionary, text):
    assert flags(text, dictionary, NAME_AND) == []


def test_the_engine_flags_an_added_and_and_a_doubled_particle():
    """Pipeline: a lone page's 和否则 and 和和 get their flags through corrector.propose."""
    text = "如果指定了选项，返回值是0。和否则，返回1。一些工具比如裁切和和矩形选择工具都有了改进。"
    found = [p for p in corrector.propose([make_doc("a.txt", text), make_doc("b.txt", OTHER)], suspects=True).proposals
             if p.doc == "a.txt" and p.kind == "suspect"]
    got = {(text[p.start - 1:p.end + 2], p.new) for p in found}
    assert ("。和否则", "") in got and ("和和矩形", "") in got


# ------------------------------------------------------------------ the same rule in the collation

@pytest.mark.parametrize("text, i, want", [
    ("设定的硬性和和柔性限额", 5, True),  # training OCR part 2: two tesseract printings of five
    ("发展和和平", 2, False),  # 和平 starts with the second copy
    ("为了了解情况", 1, False),  # 了解
    ("真是不甚了了", 4, False),  # a four-character entry holds both
    ("日子过得和和美美", 4, False),
])
def test_inside_no_word_is_the_dictionarys_call(dictionary, text, i, want):
    from corrector.particles import inside_no_word

    assert inside_no_word(text, i, dictionary.is_word, dictionary.word_freq) is want


def test_the_language_evidence_charges_a_doubled_particle_and_counts_it_for_nothing(dictionary):
    from corrector.language import TYPO_PENALTY, LanguageEvidence

    doubled, single = dictionary.score("设定的硬性和和柔性限额"), dictionary.score("设定的硬性和柔性限额")
    assert abs(doubled - single) < 1.0  # to the dictionary alone one 和 more costs a fraction of a nat (0.18)
    keys = ["设定的硬性和柔性限额，同时设置硬性和柔性限额。"] * 3 + ["设定的硬性和和柔性限额，同时设置硬性和和柔性限额。"] * 2
    ev = LanguageEvidence(keys, dictionary)
    (lm_habit, habit), (lm_text, text) = ev.score("设定的硬性和", "柔性限额", [("和", 2), ("", 3)])
    assert lm_habit - lm_text < TYPO_PENALTY / 2 and habit == 0.0 and text > 0.0
    assert ev.corpus.evidence("设定的硬性和", "柔性限额", [("和", 2), ("", 3)])[0] > 0.0  # what it would have counted


def test_two_printings_of_one_engine_that_double_a_particle_are_corrected():
    # training OCR part 2 (tuning, checked by hand): two tesseract printings of five read 硬性和柔性 as
    # 硬性和和柔性 twice; the corpus counted their habit and auto left both
    base = "为所给资源设定的硬性和柔性限额。硬性限额在设置后不能增加，柔性限额可以增加。同时设置硬性和柔性限额。"
    doubled = base.replace("硬性和柔性", "硬性和和柔性")
    texts = {"a.txt": OTHER + doubled, "b.txt": OTHER + doubled, "c.txt": OTHER + base,
             "d.txt": OTHER + base, "e.txt": OTHER + base}
    result = corrector.propose([make_doc(k, v) for k, v in texts.items()])
    applied, _ = corrector.select(result.proposals)
    for doc in ("a.txt", "b.txt"):
        fixes = [p for p in applied if p.doc == doc]
        assert len(fixes) == 2 and all(p.old == "和" and p.new == "" for p in fixes)
