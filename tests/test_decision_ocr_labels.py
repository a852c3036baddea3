"""The labels ``bench.decision.ocr_data`` gives changes on existing ``bench.ocr`` builds (``--label``)."""

from __future__ import annotations

import json

import pytest

from bench.decision import ocr_data

# The agency's article and the edited paper's: 已经 -> 业已 at article offsets 2:4 in both texts, and a
# cut sentence (agency 6:10 '今天下雨', nothing in the edition at 6).
AGENCY = "村口已经排队，今天下雨。"
EDITION = "村口业已排队，。"


def manifest(segments_0, segments_1) -> dict:
    edits = [
        {"kind": "style", "old": "已经", "new": "业已", "a_start": 2, "a_end": 4, "b_start": 2, "b_end": 4},
        {"kind": "cut", "old": "今天下雨", "new": "", "a_start": 7, "a_end": 11, "b_start": 7, "b_end": 7},
    ]
    return {
        "text": "news",
        "editions": True,
        "articles": [{"id": "a00", "text": AGENCY, "edition": {"text": EDITION, "edits": edits}}],
        "witnesses": [
            {"id": "a00_w0", "article": "a00", "edition": 0, "segments": segments_0},
            {"id": "a00_w1", "article": "a00", "edition": 1, "segments": segments_1},
        ],
    }


def test_edit_places_are_mapped_through_the_article_segments_of_each_paper():
    # w0 prints a 3-letter filler column before the article; w1 prints the article in two pieces
    # with a filler between them (gold offsets: article 0:5 at 0, filler 5:8, article 5:8 at 8)
    m = manifest(
        [{"start": 0, "end": 3, "kind": "filler", "art_start": None},
         {"start": 3, "end": 15, "kind": "article", "art_start": 0}],
        [{"start": 0, "end": 5, "kind": "article", "art_start": 0},
         {"start": 5, "end": 8, "kind": "filler", "art_start": None},
         {"start": 8, "end": 11, "kind": "article", "art_start": 5}],
    )
    spans = ocr_data.edit_spans(m)
    # agency: 已经 at 2:4 shifted by the filler's 3, the cut sentence at 7:11 likewise
    assert spans["a00_w0"] == [(5, 7), (10, 14)]
    # edition: 业已 in the first piece (2:4); the cut is the point 7, in the second piece at 8 + (7 - 5)
    assert spans["a00_w1"] == [(2, 4), (10, 10)]


def test_a_place_split_by_a_column_break_is_not_mapped():
    m = manifest(
        [{"start": 0, "end": 3, "kind": "article", "art_start": 0},  # 已经 (2:4) straddles the break at 3
         {"start": 4, "end": 13, "kind": "article", "art_start": 3}],
        [{"start": 0, "end": 8, "kind": "article", "art_start": 0}],
    )
    assert ocr_data.edit_spans(m)["a00_w0"] == [(8, 12)]


def test_a_change_touches_an_edit_place_of_its_own_page_only():
    gold = "村口业已排队，。"
    text = "村口业巳排队，。"  # the OCR misread 已 as 巳
    spans = [(2, 4)]
    assert ocr_data.touches_edit(text, gold, spans, 3, 4)  # 巳 inside the edit place
    assert ocr_data.touches_edit(text, gold, spans, 4, 4)  # an insertion at its end
    assert not ocr_data.touches_edit(text, gold, spans, 5, 6)
    assert not ocr_data.touches_edit(text, gold, [], 3, 4)
    # the OCR dropped a letter before the place: offsets are mapped through the alignment
    assert ocr_data.touches_edit("村业已排队，。", gold, spans, 1, 2)
    assert not ocr_data.touches_edit("村业已排队，。", gold, spans, 4, 5)


def test_label_builds_refuses_held_out_text_and_unknown_splits(tmp_path, capsys):
    held = tmp_path / "held"
    held.mkdir()
    (held / "manifest.json").write_text(json.dumps({"text": "heldout", "witnesses": []}), encoding="utf-8")
    assert ocr_data.label_builds([["train", str(held)]], tmp_path / "o.jsonl", [3]) == 2
    assert "only train, news may be trained on" in capsys.readouterr().err
    assert ocr_data.label_builds([["test", str(held)]], tmp_path / "o.jsonl", [3]) == 2
    assert "neither train nor validation" in capsys.readouterr().err
    assert ocr_data.label_builds([["train", str(tmp_path / "none")]], tmp_path / "o.jsonl", [3]) == 2
    assert "no bench.ocr build" in capsys.readouterr().err
    assert not list(tmp_path.glob("o*.jsonl"))


@pytest.mark.parametrize("outcome", ["right", "wrong"])
def test_label_folder_calls_only_a_change_that_is_not_right_editorial(tmp_path, outcome):
    # one article, three witnesses without misreadings: w0 and w2 of the agency, w1 of the edited paper;
    # the engine sees 业已 in w1 against 已经 in two others, a change at w1's edit place
    ws = tmp_path / "witnesses"
    gd = tmp_path / "gold"
    ws.mkdir()
    gd.mkdir()
    tail = ("一箱箱刚刚分拣好的猕猴桃被装上冷链货车，贴着柳湾红心的标签，即将发往西安、成都、广州等地的商超。"
            "柳湾村种植猕猴桃已有二十多年历史，但过去一家一户分散经营，品种杂、标准乱，收购商上门压价是常事。")
    a, e = "村口已经排起了长队，晨雾还没散尽。" + tail, "村口业已排起了长队，晨雾还没散尽。" + tail
    if outcome == "right":  # w1 is the agency's text too (no edition): the change at 业已 is a fix
        e_gold = a
    else:
        e_gold = e
    for i in (0, 2):
        (ws / f"a00_w{i}.txt").write_text(a, encoding="utf-8")
        (gd / f"a00_w{i}.txt").write_text(a, encoding="utf-8")
    (ws / "a00_w1.txt").write_text(e, encoding="utf-8")
    (gd / "a00_w1.txt").write_text(e_gold, encoding="utf-8")
    edits = [{"kind": "style", "old": "已经", "new": "业已", "a_start": 2, "a_end": 4, "b_start": 2, "b_end": 4}]
    seg = [{"start": 0, "end": len(a), "kind": "article", "art_start": 0}]
    m = {"text": "news", "editions": True,
         "articles": [{"id": "a00", "text": a, "edition": {"text": e, "edits": edits}}],
         "witnesses": [{"id": "a00_w0", "article": "a00", "edition": 0, "segments": seg},
                       {"id": "a00_w1", "article": "a00", "edition": 1, "segments": seg},
                       {"id": "a00_w2", "article": "a00", "edition": 0, "segments": seg}]}
    (tmp_path / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    rows = ocr_data.label_folder("train", tmp_path, [3])
    at_edit = [r for r in rows if r["doc"].endswith("a00_w1.txt")]
    assert at_edit, rows
    for r in at_edit:
        assert r["outcome"] == ("wrong" if outcome == "wrong" else "right")
        assert r["editorial"] is (outcome == "wrong")
