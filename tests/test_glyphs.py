"""Tests for corrector/glyphs.py: character look-alike scores."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import jieba
import pytest

from corrector import glyphs
from corrector.glyphs import DEFAULT, lookalike, reading_similarity, similarity

#: Characters that print OCR confuses, checked by hand.
OCR_PAIRS = [
    "己已", "乎平", "拉垃", "优忧", "惠患", "冶治", "未末", "二三",
    "土士", "日曰", "壁璧", "壁辟", "璧辟", "候侯", "拔拨",
]
#: Aligned characters of editorial substitutions (服务/保障, 其他/别的, 收到/读到, 持续/为继).
EDITORIAL_PAIRS = ["服保", "务障", "其别", "他的", "收读", "持为", "续继"]


def both_ways(pairs):
    return [(p[0], p[1]) for p in pairs] + [(p[1], p[0]) for p in pairs]


@pytest.mark.parametrize("a,b", both_ways(OCR_PAIRS))
def test_ocr_lookalikes_score_high(a, b):
    assert similarity(a, b) >= DEFAULT
    assert lookalike(a, b)


@pytest.mark.parametrize(
    "a,b",
    [pytest.param(a, b, marks=pytest.mark.xfail(strict=True, reason="开/丹 share no strokes in order; only the corners agree"))
     for a, b in both_ways(["开丹"])],
)
def test_known_miss(a, b):
    assert lookalike(a, b)


@pytest.mark.parametrize("a,b", both_ways(EDITORIAL_PAIRS))
def test_editorial_substitutions_score_low(a, b):
    assert similarity(a, b) < DEFAULT
    assert not lookalike(a, b)


@pytest.mark.parametrize("old,new", [("服务", "保障"), ("其他", "别的"), ("收到", "读到"), ("持续", "为继")])
def test_editorial_readings_score_low(old, new):
    assert reading_similarity(old, new) < DEFAULT
    assert reading_similarity(new, old) < DEFAULT


@pytest.mark.parametrize("old,new", [("习近乎", "习近平"), ("优惠", "忧患"), ("三十大", "二十大"), ("已经", "己经")])
def test_ocr_readings_score_high(old, new):
    assert reading_similarity(old, new) >= DEFAULT
    assert reading_similarity(new, old) >= DEFAULT


def test_reading_similarity_is_the_mean_over_substituted_pairs():
    assert reading_similarity("优惠", "忧患") == pytest.approx((similarity("优", "忧") + similarity("惠", "患")) / 2)
    assert reading_similarity("习近乎", "习近平") == pytest.approx(similarity("乎", "平"))
    # an inserted character is not a substitution
    assert reading_similarity("习近乎", "学习近平") == pytest.approx(similarity("乎", "平"))


@pytest.mark.parametrize("old,new", [("", ""), ("", "己"), ("己", ""), ("己经", "己经"), ("经", "已经"), ("abc", "abc")])
def test_reading_similarity_without_substitutions_is_zero(old, new):
    assert reading_similarity(old, new) == 0.0


def test_reading_similarity_counts_non_cjk_substitutions_as_unlike():
    assert reading_similarity("a", "b") == 0.0
    assert reading_similarity("己，", "已。") == pytest.approx(similarity("己", "已") / 2)


@pytest.mark.parametrize("ch", ["己", "国", "國", "a", "1", "，", "😀"])
def test_same_character_scores_one(ch):
    assert similarity(ch, ch) == 1.0
    assert lookalike(ch, ch)


def test_distinct_characters_never_score_one():
    # the table describes 己 and 已 identically, yet they are different characters
    assert similarity("己", "已") == pytest.approx(0.99)
    assert similarity("未", "末") < 1.0


@pytest.mark.parametrize(
    "a,b",
    [
        ("a", "己"), ("己", "a"), ("1", "一"), ("，", "。"), ("ｌ", "1"), ("😀", "己"),
        ("", ""), ("", "己"), ("己", ""), ("己已", "己已"), ("己已", "已"),
        ("\U00020000", "\U00020001"),  # CJK extension B: not in the table
        ("\U00020000", "己"),
    ],
)
def test_non_cjk_empty_long_or_unknown_score_zero(a, b):
    assert similarity(a, b) == 0.0
    assert not lookalike(a, b)


def test_compatibility_ideograph_is_folded():
    assert similarity("\uf900", "\u8c48") == 1.0
    assert similarity("\uf900", "岂") == similarity("\u8c48", "岂") > 0.0


def test_threshold_argument():
    s = similarity("优", "忧")
    assert lookalike("优", "忧", threshold=s)
    assert not lookalike("优", "忧", threshold=s + 1e-9)
    assert lookalike("服", "保", threshold=0.0)


@pytest.fixture(scope="module")
def common_chars() -> list[str]:
    """The 3,000 most frequent single CJK characters of jieba's dictionary."""
    freq = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, count = line.split()[:2]
            if len(word) == 1 and "\u4e00" <= word <= "\u9fff":
                freq[word] = int(count)
    return sorted(freq, key=lambda c: -freq[c])[:3000]


def test_scores_are_symmetric_and_in_range(common_chars):
    rng = random.Random(1)
    for _ in range(2000):
        a, b = rng.sample(common_chars, 2)
        s = similarity(a, b)
        assert 0.0 <= s <= 0.99
        assert s == similarity(b, a)


def test_few_random_pairs_look_alike(common_chars):
    rng = random.Random(7)
    pairs = [rng.sample(common_chars, 2) for _ in range(5000)]
    share = sum(lookalike(a, b) for a, b in pairs) / len(pairs)
    assert share < 0.03  # measured 1.4 %


def test_common_characters_are_all_known(common_chars):
    table = glyphs._table()
    assert [c for c in common_chars if c not in table] == []


def test_table_is_well_formed():
    table = glyphs._table()
    assert len(table) > 20000
    for ch, (corners, strokes) in table.items():
        assert len(ch) == 1 and "\u4e00" <= ch <= "\u9fff"
        assert corners == "" or (len(corners) == 5 and corners.isdigit())
        assert strokes and set(strokes) <= set("12345")
    assert (glyphs.DATA.parent / "glyph_shapes.LICENSE").is_file()
    assert gzip.decompress(glyphs.DATA.read_bytes()).startswith(b"#")


def test_table_loads_once_and_scores_are_cached():
    """Speed is measured by the benchmarks, not here: this checks only that the work is done once."""
    glyphs._table.cache_clear()
    glyphs._table()
    glyphs._table()
    assert glyphs._table.cache_info().hits >= 1 and glyphs._table.cache_info().misses == 1
    similarity.cache_clear()
    first = similarity("乎", "平")
    assert similarity("乎", "平") == first and similarity.cache_info().hits >= 1
