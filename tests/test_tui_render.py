"""Tests for tui.render: cell-exact wrapping, witness alignment and the card's layout with CJK text."""

from __future__ import annotations

import corrector
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from tui.render import (
    GAP,
    MORE,
    align,
    card_lines,
    crop,
    fit,
    short_labels,
    slot,
    witness_block,
    witness_rows,
    wrap,
)
from corrector.model import Proposal

from .conftest import make_doc
from .tui_fixtures import D0, D1, D2, SEEDS, build_proposals

HAN = st.text(alphabet=st.sampled_from(list("治党政抓点块十八大年你我谦让语重心长，。、“”—…ab 1")), max_size=60)


def test_slot_is_always_two_cells():
    for ch in ["治", "a", "，", ",", "“", "…", " ", "\n", "\u3000", "\u200b", None]:
        assert cell_len(slot(ch)) == 2, repr(ch)
    assert slot(None) == GAP
    assert slot("a") == "a "
    assert slot("\n") == "⏎ "


def test_crop_and_fit_measure_cells():
    assert crop("全面从严治党", 7) == "全面从" + MORE
    assert cell_len(crop("全面从严治党", 7)) == 7
    assert crop("全面", 4) == "全面"
    assert fit("治党", 6) == "治党  "
    assert fit("治党", 6, right=True) == "  治党"
    assert cell_len(fit("全面从严治党纵深推进", 9)) == 9


def test_wrap_breaks_han_runs_by_cells():
    lines = wrap(Text("全面从严治党纵深推进内部管理持续规范"), 10)
    assert [ln.plain for ln in lines] == ["全面从严治", "党纵深推进", "内部管理持", "续规范"]


def test_wrap_keeps_markers_and_closing_punctuation_off_line_starts():
    t = Text("以点带面、[-抓抓-]{+抓点+}扩面，持续")
    lines = [ln.plain for ln in wrap(t, 12)]
    assert "".join(lines) == t.plain
    for ln in lines:
        assert cell_len(ln) <= 12
        assert not ln.startswith(("-]", "+}", "，", "、"))
    for a, b in zip(lines, lines[1:]):
        assert (a[-1] + b[0]) not in ("[-", "-]", "{+", "+}")


def test_wrap_keeps_ascii_words_whole():
    lines = [ln.plain for ln in wrap(Text("why: the dictionary prefers this reading"), 16)]
    assert lines == ["why: the", "dictionary", "prefers this", "reading"]


@settings(max_examples=200, deadline=None)
@given(text=HAN, width=st.integers(2, 30))
def test_wrap_never_overflows_and_loses_nothing(text, width):
    lines = wrap(Text(text), width)
    assert all(cell_len(ln.plain) <= width for ln in lines)
    # only trailing spaces at breaks may go
    assert "".join(ln.plain for ln in lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_align_puts_equal_characters_in_one_column():
    rows = align(["以点带面抓抓扩面", "以点带面抓点扩面", "点带面抓块扩面"])
    assert len({len(r) for r in rows}) == 1
    for r, s in zip(rows, ["以点带面抓抓扩面", "以点带面抓点扩面", "点带面抓块扩面"]):
        assert "".join(c for c in r if c is not None) == s
    # 扩 sits in the same column in every row
    cols = [r.index("扩") for r in rows]
    assert len(set(cols)) == 1
    # the third witness lacks 以: a gap in column 0
    assert rows[2][0] is None


def test_align_insertion_and_empty_reading():
    rows = align(["重心长", "语重心长", ""])
    assert rows[0] == [None, "重", "心", "长"]
    assert rows[1] == ["语", "重", "心", "长"]
    assert rows[2] == [None, None, None, None]


@settings(max_examples=100, deadline=None)
@given(strings=st.lists(HAN.filter(lambda s: len(s) < 20), min_size=1, max_size=5))
def test_align_rows_spell_their_strings(strings):
    rows = align(strings)
    assert len({len(r) for r in rows}) == 1
    for r, s in zip(rows, strings):
        assert "".join(c for c in r if c is not None) == s


def seeds():
    docs = corrector.load([SEEDS])
    return {d.id: d for d in docs}, build_proposals(docs)


def test_witness_rows_number_every_witness_and_mark_the_target():
    docs, props = seeds()
    p = next(p for p in props if p.doc == D0 and p.old == "抓抓")
    labels = short_labels(list(docs))
    rows = witness_rows(p, docs, labels)
    assert [(r.number, r.doc, r.text, r.is_target) for r in rows] == [
        (1, D1, "抓点", False), (2, D2, "抓块", False), (3, D0, "抓抓", True)]
    assert rows[0].reading == "抓点"


def test_witness_block_columns_line_up_in_cells():
    docs, props = seeds()
    labels = short_labels(list(docs))
    for p in props:
        rows = witness_rows(p, docs, labels, context=8)
        for width in (40, 47, 80, 120):
            lines = witness_block(rows, width)
            assert all(cell_len(ln.plain) <= width for ln in lines), (p.old, width)
            band = [ln for ln in lines if ln.plain]
            # every row of a band has the same cell width, and the span starts at the same cell
            widths = {cell_len(ln.plain) for ln in band[:len(rows)]}
            assert len(widths) == 1, (p.old, width, [ln.plain for ln in band])
            starts = set()
            for ln in band[:len(rows)]:
                at = 0
                for span in ln.spans:
                    if "reverse" in str(span.style):
                        starts.add(cell_len(ln.plain[:span.start]))
                        break
                at += 1
            assert len(starts) <= 1, (p.old, width, starts)


def test_witness_block_shows_gaps_for_an_insertion():
    docs, props = seeds()
    p = next(p for p in props if p.old == "" and p.new == "语")
    lines = witness_block(witness_rows(p, docs, short_labels(list(docs))), 60)
    target = next(ln.plain for ln in lines if "*" in ln.plain)
    other = next(ln.plain for ln in lines if ln.plain.startswith("1 "))
    assert GAP in target and "语" in other
    assert target.index(GAP) == other.index("语")  # same position (both are two cells wide)


def test_witness_block_wraps_long_spans_into_bands():
    docs, props = seeds()
    p = next(p for p in props if p.old == "你我谦让")
    rows = witness_rows(p, docs, short_labels(list(docs)))
    assert len(align([r.text for r in rows])[0]) + 2 * 2 > (20 - 7) // 2  # too long for one band
    lines = witness_block(rows, 20)
    assert all(cell_len(ln.plain) <= 20 for ln in lines)
    assert any(ln.plain == "" for ln in lines)  # a blank line between bands


def test_card_lines_fit_every_width_and_show_old_and_new_without_colour():
    docs, props = seeds()
    labels = short_labels(list(docs))
    for p in props:
        for width in (30, 44, 78, 130):
            lines = card_lines(p, docs, labels, width)
            assert all(cell_len(ln.plain) <= width for ln in lines), (p.old, width)
            text = "\n".join(ln.plain for ln in lines)
            if p.old:
                assert "[-" in text and "-]" in text
            if p.new:
                assert "{+" in text and "+}" in text
            assert p.reason.split()[0] in text


def test_card_lines_show_an_edit():
    docs, props = seeds()
    p = next(p for p in props if p.old == "治政")
    text = "\n".join(ln.plain for ln in card_lines(p, docs, short_labels(list(docs)), 60, status="edited",
                                                   value="治国", who="li"))
    assert "EDITED by li" in text and "edited: 治国" in text and "{+治国+}" in text


def test_short_labels_are_unique_prefixes():
    assert short_labels(["000_c80d.txt", "001_d126.txt"]) == {"000_c80d.txt": "000", "001_d126.txt": "001"}
    labels = short_labels(["report-2024-a.txt", "report-2024-b.txt"])
    assert len(set(labels.values())) == 2 and all(cell_len(v) <= 8 for v in labels.values())


def test_labels_of_names_sharing_a_long_prefix_are_short_and_unique():
    ids = [f"renmin-2026-11-30-p{k:02d}.txt" for k in range(1, 30)]
    labels = short_labels(ids)
    assert len(set(labels.values())) == 29
    assert labels["renmin-2026-11-30-p07.txt"] == "⋯07"  # by hand: two last characters tell all 29 apart
    assert all(cell_len(v) <= 8 and not v.startswith("#") for v in labels.values())
    # names that differ in the middle only
    mid = [f"paper{k}-2026-11-30-edition.txt" for k in range(12)]
    got = short_labels(mid)
    assert len(set(got.values())) == 12 and not any(v.startswith("#") for v in got.values())
    # names that differ at the start keep the prefix rule
    assert short_labels(["000_c80d.txt", "001_d126.txt"]) == {"000_c80d.txt": "000", "001_d126.txt": "001"}


def test_the_card_names_the_command_lines_confidence_band():
    from corrector.policy import BANDS

    docs = {"a.txt": make_doc("a.txt", "全面从严治政纵深推进")}
    for conf, name in ((0.995, "≥.99"), (0.97, ".90–.99"), (0.48, "<.50")):
        assert name in [n for _, n in BANDS]
        p = Proposal(doc="a.txt", start=4, end=6, old="治政", new="治党", confidence=conf, kind="substitution",
                     reason="r", readings=[])
        head = card_lines(p, docs, {"a.txt": "a"}, 60)[1].plain
        assert f"confidence {conf:.2f} ({name})" in head
