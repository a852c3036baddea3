"""Tests of the OCR benchmark's editions: the edited reprint's bookkeeping and whether an edit survived."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

from bench.ocr.corpus import Article  # noqa: E402
from bench.ocr.editions import EDIT_GAP, edition  # noqa: E402
from bench.ocr.report import NORM, Witness, edit_survival  # noqa: E402
from corrector.evaluate import normalise  # noqa: E402

PARAS = [
    "目前，全市已经建成社区服务中心12个。各区积极推进老旧小区改造工作，群众反映的问题得到解决。",
    "北京市有关部门表示，今年将进行第二轮检查。检查结果将向社会公布。但是部分项目进展较慢，需要加强督促。",
]


def test_edition_edits_are_where_they_say_and_do_not_overlap():
    art = Article("a00", "社区服务中心建设提速", PARAS)
    b, edits = edition(art)
    kinds = [e.kind for e in edits]
    assert kinds.count("lead-in") == 1 and kinds.count("cut") == 1
    assert "number" in kinds or "name" in kinds
    for e in edits:
        assert art.text[e.a_start:e.a_end] == e.old
        assert b.text[e.b_start:e.b_end] == e.new
    spans = sorted((e.a_start, e.a_end) for e in edits)
    for (s1, e1), (s2, _) in zip(spans, spans[1:]):
        assert e1 + EDIT_GAP <= s2 or (s1 == e1 == s2)  # the lead-in is a point at the start
    # the edition is the original with exactly these edits
    rebuilt, at = [], 0
    for e in sorted(edits, key=lambda e: e.a_start):
        rebuilt += [art.text[at:e.a_start], e.new]
        at = e.a_end
    assert "".join(rebuilt) + art.text[at:] == b.text
    # deterministic
    assert edition(art)[0].text == b.text


def test_lead_in_opens_the_first_paragraph_and_cut_is_a_whole_sentence():
    art = Article("a01", "", PARAS)
    b, edits = edition(art)
    lead = next(e for e in edits if e.kind == "lead-in")
    assert lead.a_start == 0 and b.paragraphs[0].startswith(lead.new)
    cut = next(e for e in edits if e.kind == "cut")
    assert cut.new == "" and cut.old[-1] in "。！？" and art.text[cut.a_start - 1] in "。！？"


def _witness(gold: str, art_start: int, edition_: int) -> Witness:
    seg = {"start": 0, "end": len(gold), "kind": "article", "art_start": art_start}
    return Witness("a00_w1", "a00", "plain", "tesseract", "ukai", gold, gold, [seg], edition_)


def test_edit_survival_by_hand():
    # the edited paper printed 开展 where the agency printed 进行
    gold = "今年将开展第二轮检查。"
    w = _witness(gold, 100, 1)
    edit = {"kind": "style", "old": "进行", "new": "开展", "a_start": 103, "a_end": 105, "b_start": 103, "b_end": 105}
    g = normalise(gold, **NORM)
    kept = {"witness": g, "auto": g, "majority": "今年将进行第二轮检查。"}
    assert edit_survival(w, edit, g, kept) == {"ocr": True, "auto": True, "majority": False}
    misread = {"witness": "今年将开屐第二轮检查。", "auto": g, "majority": g}
    assert edit_survival(w, edit, g, misread)["ocr"] is False
    # a neighbour within EDIT_CONTEXT counts: an error there means the place did not survive
    near = {"witness": g, "auto": "今年特开展第二轮检查。", "majority": g}
    assert edit_survival(w, edit, g, near)["auto"] is False
    # an error further away does not
    far = {"witness": g, "auto": "今年将开展第二轮检杳。", "majority": g}
    assert edit_survival(w, edit, g, far)["auto"] is True


def test_cut_sentence_reinserted_is_not_kept():
    gold = "将向社会公布。但是部分"  # the edited paper cut a sentence between 。 and 但
    w = _witness(gold, 200, 1)
    edit = {"kind": "cut", "old": "检查结果很好。", "new": "", "a_start": 207, "a_end": 214, "b_start": 207, "b_end": 207}
    g = normalise(gold, **NORM)
    back = {"witness": g, "auto": "将向社会公布。检查结果很好。但是部分", "majority": g}
    got = edit_survival(w, edit, g, back)
    assert got == {"ocr": True, "auto": False, "majority": True}


def test_place_outside_the_page_is_skipped():
    w = _witness("今年将开展检查。", 100, 1)
    edit = {"kind": "style", "old": "进行", "new": "开展", "a_start": 500, "a_end": 502, "b_start": 500, "b_end": 502}
    assert edit_survival(w, edit, "今年将开展检查。", {"witness": "", "auto": "", "majority": ""}) is None


def test_edited_once_puts_one_edited_printing_among_the_first_four(tmp_path):
    from bench.ocr.report import edited_once, load
    import json

    # the build's order: w0 agency, w1 and w2 the edited reprint, w3 and w4 agency
    editions = [0, 1, 1, 0, 0]
    ws = [Witness(f"a00_w{i}", "a00", "plain", "tesseract", "ukai", "t", "t", [], e) for i, e in enumerate(editions)]
    order = [w.id[-2:] for w in edited_once(ws)]
    assert order == ["w0", "w1", "w3", "w4", "w2"]
    for k in (3, 4):
        assert sum(w.edition for w in edited_once(ws)[:k]) == 1
    assert edited_once(ws[:1] + ws[3:]) == ws[:1] + ws[3:]  # no edited printing: the order stands
    # load() applies it only when asked, reading the witnesses in id order first
    (tmp_path / "witnesses").mkdir()
    (tmp_path / "gold").mkdir()
    man = {"witnesses": [{"id": w.id, "article": "a00", "index": i, "edition": w.edition, "segments": [],
                          "spec": {"layout": "plain", "engine": "tesseract", "font": "ukai"}}
                         for i, w in reversed(list(enumerate(ws)))]}
    (tmp_path / "manifest.json").write_text(json.dumps(man))
    for w in ws:
        for sub in ("witnesses", "gold"):
            (tmp_path / sub / f"{w.id}.txt").write_text("t")
    assert [w.id[-2:] for w in load(tmp_path)[1]["a00"]] == ["w0", "w1", "w2", "w3", "w4"]
    assert [w.id[-2:] for w in load(tmp_path, once=True)[1]["a00"]] == order
    # a build without editions has no edited paper to print once: one line, before any run
    import pytest
    from bench.ocr.report import report

    with pytest.raises(SystemExit, match="needs an --editions build"):
        report(tmp_path, once=True)
    assert not (tmp_path / "auto").exists()
    # a folder that holds no build, or a manifest that is not JSON: one line, no traceback
    with pytest.raises(SystemExit, match="holds no benchmark build"):
        load(tmp_path / "missing")
    (tmp_path / "manifest.json").write_bytes(b"\x00\xff")
    with pytest.raises(SystemExit, match="holds no benchmark build"):
        load(tmp_path)
