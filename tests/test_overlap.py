"""The one overlap rule: which changes to one text cannot both be applied (apply, export and the review app use it)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corrector.apply import apply
from corrector.errors import CorrectorError
from corrector.model import Proposal
from corrector.overlap import first_overlap, overlap

from .conftest import make_doc

TEXT = "第一行：全面从严治政纵深推进。"


def _p(start: int, end: int, new: str = "x") -> Proposal:
    return Proposal("a.txt", start, end, TEXT[start:end], new, 0.9, "substitution", "t")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((4, 8), (7, 9), True),  # one character shared: 7
        ((4, 8), (4, 8), True),  # the same range
        ((4, 8), (5, 6), True),  # one inside the other
        ((4, 8), (6, 6), True),  # an insertion strictly inside a replaced range
        ((6, 6), (6, 6), True),  # two insertions at one point: which goes first is arbitrary
        ((4, 8), (8, 9), False),  # touching: 8 is not in [4, 8)
        ((4, 8), (8, 8), False),  # an insertion right after a replaced range
        ((4, 8), (4, 4), False),  # an insertion right before it
        ((4, 8), (9, 12), False),
        ((6, 6), (7, 7), False),  # insertions at two points
    ],
)
def test_overlap(a, b, expected):
    pa, pb = _p(*a), _p(*b)
    assert overlap(pa, pb) is expected
    assert overlap(pb, pa) is expected  # symmetric


def test_first_overlap_in_text_order():
    long, inside_gap, late = _p(0, 10), _p(2, 3), _p(12, 13)
    assert first_overlap([late, inside_gap, long]) == (long, inside_gap)
    assert first_overlap([_p(0, 1), _p(1, 2), _p(2, 2), _p(5, 6)]) is None
    # an insertion at the start of a long change sorts first; a later change inside the long one is still found
    ins, wide, inner = _p(3, 3), _p(3, 10), _p(6, 7)
    assert first_overlap([inner, wide, ins]) == (wide, inner)
    a, b = _p(6, 6, "甲"), _p(6, 6, "乙")
    assert first_overlap([a, _p(0, 2), b]) == (a, b)


def test_apply_uses_the_rule():
    doc = make_doc("a.txt", TEXT)
    with pytest.raises(CorrectorError, match="overlaps"):
        apply(doc, [_p(4, 8), _p(7, 9)])  # one character
    with pytest.raises(CorrectorError, match="overlaps"):
        apply(doc, [_p(6, 6, "甲"), _p(6, 6, "乙")])  # two insertions at one point, in either input order
    # an insertion at either edge of a replacement is applied in text order
    assert apply(doc, [_p(4, 8, "X"), _p(4, 4, "<"), _p(8, 8, ">")]) == TEXT[:4] + "<X>" + TEXT[8:]


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 3)), max_size=8))
def test_first_overlap_agrees_with_comparing_every_pair(ranges):
    changes = [_p(s, s + n) for s, n in ranges]
    any_pair = any(overlap(a, b) for a, b in itertools.combinations(changes, 2))
    found = first_overlap(changes)
    assert (found is not None) == any_pair
    if found is not None:
        assert overlap(*found)
