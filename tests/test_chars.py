"""One definition per character class (chars), one union-find, one shape rule for editor-or-OCR (editorial)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from corrector.chars import HAN_RUN, is_han, is_latin, is_letter, is_punct, letter_mask
from corrector.editorial import editorial_shape
from corrector.unionfind import UnionFind


def test_han():
    assert all(is_han(c) for c in "中文㐀豈\U00020000")  # unified, extension A, compatibility, extension B
    assert not any(is_han(c) for c in "。，Aa1ぁア䷀한")  # hexagram symbols (U+4DC0) sit between two Han blocks
    assert [m.group() for m in HAN_RUN.finditer("第2版：中文㐀\U00020000·新闻䷀")] == ["第", "版", "中文㐀\U00020000", "新闻"]


@given(st.characters(blacklist_categories=("Cs",)))
def test_the_classes_agree(ch):
    assert HAN_RUN.fullmatch(ch) is not None if is_han(ch) else HAN_RUN.fullmatch(ch) is None
    assert is_punct(ch) is (not is_letter(ch))
    assert is_letter(ch) is (unicodedata.category(ch)[0] in "LN")
    assert bool(letter_mask(ch)[0]) is is_letter(ch)  # the fast path of letter_mask agrees
    if is_han(ch) or is_latin(ch):
        assert is_letter(ch)


def test_letter_mask():
    assert letter_mask("甲，A1·ü。").tolist() == [True, False, True, True, False, True, False]


def test_union_find():
    sets = UnionFind(6)
    sets.union(4, 2)
    sets.union(2, 5)
    sets.union(0, 1)
    assert sets.components() == {0: [0, 1], 2: [2, 4, 5], 3: [3]}
    assert sets.find(5) == 2  # the root is the smallest member


def test_editorial_shape():
    assert editorial_shape("治政", "治党") is None  # one character: may be the OCR's
    assert editorial_shape("，", "。") is None
    assert editorial_shape("了上", "瞄") is None  # two letters read for one
    assert editorial_shape("一百二十", "一百三十") == "a different number"
    assert editorial_shape("2023", "2024") == "a different number"
    assert editorial_shape("", "3") == "a different number"
    assert editorial_shape("收到", "读到") is None  # one letter (a word, but classify's language rules judge that)
    assert editorial_shape("持续推进", "难以为继") == "a reworded passage"
    assert editorial_shape("甲乙", "丁戊") is None and editorial_shape("甲乙丙", "丁戊己") == "a reworded passage"
    assert editorial_shape("", "头号") == "words added"
    assert editorial_shape("实际问题", "问题") == "words left out"
