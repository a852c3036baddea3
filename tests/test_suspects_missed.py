"""bench.ocr.missed: the error runs no flag removes, and their finer classes (worked by hand)."""

from __future__ import annotations

import pytest

from bench.ocr.missed import fine_class, runs


def test_adjacent_errors_join_into_one_run_and_punctuation_is_left_out():
    # 图层 read as 困屋 (two substitutions side by side), 。 read as ， (punctuation), 的 dropped
    gold = "新的图层上。这是我的书"
    hyp = "新的困屋上，这是我书"
    assert runs(gold, hyp) == [(2, "图层", "困屋"), (9, "的", "")]


@pytest.mark.parametrize("gold, hyp, want", [
    ("己", "已", "Han substituted, shape table rates alike"),
    ("哲", "赫", "Han substituted, shape table rates unlike"),  # 0.43 alike, under the 0.58 bar
    ("图层", "困屋", "garbled run"),
    ("连接起来", "", "run dropped"),
    ("", "和", "Han inserted"),
    ("的", "", "Han dropped"),
    ("M", "N", "Latin/digit: letter for letter"),
    ("l", "1", "Latin/digit: letter for digit or back"),
    ("t", "", "Latin/digit: dropped or read as non-Latin"),
    ("", "9", "Latin/digit: inserted or Han read as Latin"),
    ("ll", "11", "garbled run in Latin/digits"),
    ("工", "5焉", "garbled run (Han read as Latin/digits)"),
    ("→", "一", "other (Han for mark, mark for Han, symbols)"),
])
def test_fine_classes(gold, hyp, want):
    assert fine_class(gold, hyp) == want
