"""Tests of the OCR benchmark's baselines, alignment and layout logic on small hand-made examples."""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

from bench.ocr import vote  # noqa: E402


# --------------------------------------------------------------------------- slots and majority vote


@pytest.mark.parametrize("gold, hyp, expected", [
    ("，", "。", "punctuation confused"),
    ("。", "", "punctuation dropped"),
    ("", "、", "punctuation inserted"),
    ("己", "已", "look-alike character"),
    ("的", "", "character dropped"),
    ("", "的", "character inserted"),
    ("的", "。", "other"),  # a character read as a mark: neither kind alone
    ("。", "的", "other"),
])
def test_error_classes_of_marks_and_characters(gold, hyp, expected):
    assert vote.classify(gold, hyp) == expected


def test_slots_equal_and_substitution():
    s = vote.slots("abcd", "abXd")
    assert s.readings == ["", "a", "", "b", "", "X", "", "d", ""]
    assert not any(s.abstain)


def test_slots_insertion_goes_in_the_gap_before():
    s = vote.slots("abc", "abZc")
    assert s.readings[4] == "Z"  # gap before pivot character 2 ("c")
    assert s.readings[5] == "c"


def test_slots_long_deletion_abstains_short_does_not():
    short = vote.slots("abcdefghij", "abefghij")  # "cd" missing: an OCR error
    assert short.readings[5] == "" and short.readings[7] == ""
    assert not any(short.abstain)
    long_ = vote.slots("0123456789abcdefghij", "0123456789")  # ten characters missing: cut short
    assert all(long_.abstain[2 * k + 1] for k in range(10, 20))
    assert not any(long_.abstain[: 2 * 10 + 1])


def test_majority_hand_checked():
    # Two of three read "b" where the pivot reads "X": the vote fixes the pivot.
    assert vote.majority("aXc", ["abc", "abc"]) == "abc"
    # One against one (plus the pivot): the pivot's reading stays.
    assert vote.majority("abc", ["abc", "aXc"]) == "abc"
    # Two witnesses insert "Z" after "b": a majority of three inserts it.
    assert vote.majority("abc", ["abZc", "abZc"]) == "abZc"
    # Two witnesses lack "b": deleted.
    assert vote.majority("abc", ["ac", "ac"]) == "ac"
    # A tie between two other readings (no majority for either, pivot alone): pivot kept.
    assert vote.majority("aXc", ["aYc", "aZc"]) == "aXc"


def test_majority_does_not_delete_or_insert_layout_differences():
    article = "我们要坚持人民城市人民建，人民城市为人民的理念。"
    cut = article[:10]  # a story cut short
    filler = "另一篇报道的内容在这里出现了"
    interleaved = article[:12] + filler + article[12:]
    # Pivot cut short: the others' tail (a long insertion) is not added.
    assert vote.majority(cut, [article, article]) == cut
    # Pivot with another story's column inside: the others' long "deletion" does not remove it.
    assert vote.majority(interleaved, [article, article]) == interleaved


# --------------------------------------------------------------------------- oracle


def _brute_oracle(gold: str, pivot: str, others: list[str]) -> int:
    """Every combination of slot readings, scored by Levenshtein distance (tiny inputs only)."""
    base = vote._pivot_readings(pivot)
    aligned = [vote.slots(pivot, o) for o in others]
    options = [sorted({mine, *(a.readings[s] for a in aligned)}) for s, mine in enumerate(base)]
    return min(Levenshtein.distance(gold, "".join(path)) for path in itertools.product(*options))


def test_oracle_hand_checked():
    # Each wrong character is right in some witness: the oracle reaches gold.
    text, dist = vote.oracle("abcdef", "abXdeF", ["aYcdeF", "abXdef"])
    assert (text, dist) == ("abcdef", 0)
    # No witness has the right reading at position 2: one error remains.
    text, dist = vote.oracle("abcdef", "abXdef", ["abYdef"])
    assert dist == 1 and Levenshtein.distance("abcdef", text) == 1
    # No other witness: the oracle is the pivot.
    assert vote.oracle("abcdef", "abXdf", []) == ("abXdf", 2)
    # Empty gold and empty pivot.
    assert vote.oracle("", "ab", ["", "ab"]) == ("", 0)
    assert vote.oracle("ab", "", ["ab"]) == ("ab", 0)


def test_oracle_matches_brute_force_and_its_own_text():
    rng = random.Random(7)

    def noisy(s: str) -> str:
        out = ""
        for ch in s:
            r = rng.random()
            if r < 0.12:
                continue
            out += rng.choice("abcxy") if r < 0.25 else ch
            if rng.random() < 0.06:
                out += rng.choice("xy")
        return out

    for _ in range(120):
        gold = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 7)))
        ws = [noisy(gold) for _ in range(3)]
        text, dist = vote.oracle(gold, ws[0], ws[1:])
        assert Levenshtein.distance(gold, text) == dist
        assert dist == _brute_oracle(gold, ws[0], ws[1:])
        assert dist <= Levenshtein.distance(gold, ws[0])


# --------------------------------------------------------------------------- error events and classes


def test_error_events_positions():
    ev = vote.error_events("abcdef", "abXdf")
    assert [(e.pos, e.gold, e.hyp) for e in ev] == [(2, "c", "X"), (4, "e", "")]
    ev = vote.error_events("abc", "aZZbc")
    assert [(e.pos, e.gold, e.hyp) for e in ev] == [(1, "", "ZZ")]
    ev = vote.error_events("0123456789", "0189", runs=True)
    assert [(e.pos, e.gold, e.hyp) for e in ev] == [(2, "234567", "")]


@pytest.mark.parametrize(
    "gold,hyp,cls",
    [
        ("—", "一", "dash read as 一 or -"),
        ("，", ",", "ASCII/half-width mark for full-width"),
        ("“", '"', "ASCII/half-width mark for full-width"),
        ("。", "，", "punctuation confused"),
        ("、", "", "punctuation dropped"),
        ("", "，", "punctuation inserted"),
        ("己", "已", "look-alike character"),
        ("治", "", "character dropped"),
        ("", "抓", "character inserted"),
        ("1", "l", "digit or Latin letter"),
        ("提高政治站位", "", "run of characters dropped"),
    ],
)
def test_classify(gold, hyp, cls):
    assert vote.classify(gold, hyp) == cls


# --------------------------------------------------------------------------- report helpers and layout


def test_article_cer_leaves_filler_out():
    from bench.ocr.report import article_cer, norm_segments

    gold = "甲乙丙丁\n子丑寅卯\n戊己庚辛"
    segs = [
        {"start": 0, "end": 4, "kind": "article", "art_start": 0},
        {"start": 5, "end": 9, "kind": "filler", "art_start": None},
        {"start": 10, "end": 14, "kind": "article", "art_start": 4},
    ]
    gold_n, segs_n = norm_segments(gold, segs, {"whitespace": True, "width": True})
    assert gold_n == "甲乙丙丁子丑寅卯戊己庚辛"
    assert [s[:2] for s in segs_n] == [(0, 4), (4, 8), (8, 12)]
    # Two errors in the filler, one in the article: only the article's counts.
    c = article_cer(gold_n, segs_n, "甲乙丙丁子XX卯戊已庚辛")
    assert (c.errors, c.length) == (1, 8)


def test_segments_locate_columns_in_the_article():
    pytest.importorskip("PIL")  # bench.ocr.build typesets with Pillow
    from bench.ocr.build import JUMP_LINE, segments
    from bench.ocr.corpus import Article

    art = Article("t", "标题", ["第一段文字很长。", "第二段。"])
    # Columns as the typesetter cuts them: the article over two columns with a filler column between.
    columns = [(0, "标题\n第一段"), (1, "别的报道"), (0, "文字很长。\n第二段。")]
    gold, segs = segments(art, columns)
    assert gold == "标题\n第一段\n别的报道\n文字很长。\n第二段。"
    arts = [s for s in segs if s["kind"] == "article"]
    found = [art.text[s["art_start"] : s["art_start"] + s["end"] - s["start"]] for s in arts]
    assert found == ["标题\n第一段", "文字很长。\n第二段。"]
    # A story cut short: the jump line is its own segment.
    gold, segs = segments(art, [(0, "标题\n第一段文字很长。\n" + JUMP_LINE)])
    assert [s["kind"] for s in segs] == ["article", "jump"]


def test_cut_keeps_whole_sentences():
    pytest.importorskip("PIL")
    from bench.ocr.build import JUMP_LINE, _cut

    paras = ["一二三。四五六。", "七八九。"]
    assert _cut(paras, 6) == ["一二三。", JUMP_LINE]
    assert _cut(paras, 8) == ["一二三。四五六。", JUMP_LINE]


def test_reading_order_columns_left_to_right():
    from bench.ocr.engines import assemble, reading_order

    def quad(x0, y0, x1, y1):
        return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]

    # Two columns given in row order, as a detector returns them; the second column's first line is
    # indented (a new paragraph).
    quads = [
        (quad(0, 0, 300, 20), "左一"), (quad(400, 0, 700, 20), "右一"),
        (quad(0, 30, 300, 50), "左二"), (quad(440, 30, 700, 50), "右二"),
    ]
    lines = reading_order(quads)
    assert [ln.text for ln in lines] == ["左一", "左二", "右一", "右二"]
    assert assemble(lines) == "左一左二右一\n右二\n"


def test_find_columns_on_a_drawn_page():
    np = pytest.importorskip("numpy")
    pytest.importorskip("cv2")  # OpenCV comes with rapidocr-onnxruntime (bench/ocr/setup.sh)
    from bench.ocr.engines import find_columns

    page = np.full((200, 400), 245, dtype=np.uint8)
    for x0 in (20, 220):  # two columns of 8 "characters" 18 px wide with 4 px gaps
        for row in range(5):
            for c in range(8):
                x = x0 + c * 22
                page[20 + row * 30 : 38 + row * 30, x : x + 18] = 20
    page[:, 205:207] = 40  # a column rule
    cols = find_columns(page)
    assert len(cols) == 2
    assert abs(cols[0][0] - 20) <= 2 and abs(cols[1][0] - 220) <= 2


def test_skew_angle_recovers_rotation():
    Image = pytest.importorskip("PIL.Image")
    pytest.importorskip("cv2")
    np = pytest.importorskip("numpy")
    from bench.ocr.engines import skew_angle

    page = np.full((400, 600), 245, dtype=np.uint8)
    for row in range(10):
        page[30 + row * 35 : 50 + row * 35, 40:560] = 30
    img = Image.fromarray(page).rotate(1.2, resample=Image.BICUBIC, fillcolor=245)
    assert abs(skew_angle(img) - 1.2) <= 0.1


# --------------------------------------------------------------------------- real engines (skipped when absent)


def _engine(name: str):
    from bench.ocr import engines

    if not engines.available(name):
        pytest.skip(f"{name} not installed (bench/ocr/setup.sh)")
    return engines


@pytest.mark.parametrize("name", ["tesseract", "rapidocr"])
def test_engine_reads_a_typeset_line(tmp_path, name):
    engines = _engine(name)
    pytest.importorskip("PIL")
    from bench.ocr import typeset

    if typeset.missing_fonts():
        pytest.skip("CJK fonts not installed (bench/ocr/setup.sh)")
    text = "人民城市人民建，人民城市为人民。"
    img, _ = typeset.page_from_stories([("", [text])], [[0, 0]], [1], "noto-sans", 40, 18)
    path = tmp_path / "p.png"
    img.save(path)
    got = engines.assemble(engines.ocr(name, str(path)))
    assert Levenshtein.distance(text, got.strip()) <= 3
