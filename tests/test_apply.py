"""Apply: corrected text, diffs and patches, atomic outputs, and the output-folder guard."""

from __future__ import annotations

import json

import diff_match_patch
import pytest

from corrector.apply import apply, check_out_dir, inline_diff, patch_text, unified_diff, write_outputs
from corrector.errors import CorrectorError
from corrector.ingest import read_document
from corrector.model import Proposal

from .conftest import make_doc

TEXT = "第一行：全面从严治政纵深推进。\n第二行：以点带面、抓抓扩面。\n"


def _p(doc, old_ctx, old, new, **kw):
    start = doc.text.index(old_ctx) + old_ctx.index(old)
    return Proposal(doc.id, start, start + len(old), old, new, kw.pop("confidence", 0.99), kw.pop("kind", "substitution"), "test", **kw)


def test_apply_nothing_is_the_identity_and_changes_only_the_hunks():
    doc = make_doc("a.txt", TEXT)
    assert apply(doc, []) == doc.text
    second = doc.text.index("抓抓") + 1
    ps = [_p(doc, "治政", "政", "党"), Proposal("a.txt", second, second + 1, "抓", "点", 0.95, "substitution", "t")]
    out = apply(doc, ps)
    assert out == TEXT.replace("治政", "治党").replace("抓抓", "抓点")
    # insertions and deletions
    ins = Proposal("a.txt", 3, 3, "", "＊", 0.9, "insertion", "t")
    dele = Proposal("a.txt", 0, 1, "第", "", 0.9, "deletion", "t")
    assert apply(doc, [ins, dele]) == TEXT[1:3] + "＊" + TEXT[3:]


def test_apply_refuses_stale_or_overlapping_proposals():
    doc = make_doc("a.txt", TEXT)
    with pytest.raises(CorrectorError, match="does not match"):
        apply(doc, [Proposal("a.txt", 0, 2, "XX", "Y", 0.9, "substitution", "t")])
    a = Proposal("a.txt", 4, 8, TEXT[4:8], "x", 0.9, "substitution", "t")
    b = Proposal("a.txt", 6, 9, TEXT[6:9], "y", 0.9, "substitution", "t")
    with pytest.raises(CorrectorError, match="overlaps"):
        apply(doc, [a, b])


def test_patch_and_unified_diff_reproduce_the_correction():
    doc = make_doc("a.txt", TEXT)
    ps = [_p(doc, "治政", "政", "党")]
    corrected = apply(doc, ps)
    dmp = diff_match_patch.diff_match_patch()
    patched, ok = dmp.patch_apply(dmp.patch_fromText(patch_text(doc.text, ps)), doc.text)
    assert patched == corrected and all(ok)
    diff = unified_diff(doc, corrected)
    assert "-第一行：全面从严治政纵深推进。" in diff and "+第一行：全面从严治党纵深推进。" in diff
    assert "第二行" not in diff.split("@@")[-1].split("\n")[0]


def test_inline_diff_marks_only_the_change():
    assert inline_diff("治政", "治党") == "治[-政-]{+党+}"
    assert inline_diff("你我谦让", "你谦我让") == "你[-我谦-]{+谦我+}让"
    assert inline_diff("", "头") == "{+头+}"


def test_write_outputs_keeps_encoding_and_writes_report(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "g.txt").write_bytes(TEXT.replace("\n", "\r\n").encode("gb18030"))
    doc = read_document(src / "g.txt")
    p = _p(doc, "治政", "政", "党")
    skipped_p = _p(doc, "抓抓", "抓抓", "抓点", confidence=0.4)
    from corrector.apply import Skipped

    out = tmp_path / "out"
    summary = write_outputs(out, [doc], [p], [Skipped(skipped_p, "too low")])
    data = (out / "g.txt").read_bytes()
    assert data == TEXT.replace("\n", "\r\n").replace("治政", "治党").encode("gb18030")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [r["new"] for r in report["applied"]] == ["党"] and report["skipped"][0]["skipped_because"] == "too low"
    assert (out / "g.txt.diff").exists() and summary.changed == ["g.txt"]
    assert not list(out.glob(".*.tmp"))  # no temporary files left behind


def test_out_dir_guard(tmp_path):
    (tmp_path / "in").mkdir()
    with pytest.raises(CorrectorError):
        check_out_dir(tmp_path / "in", [tmp_path / "in"])
    with pytest.raises(CorrectorError):
        check_out_dir(tmp_path / "in" / "sub", [tmp_path / "in"])
    with pytest.raises(CorrectorError):
        check_out_dir(tmp_path, [tmp_path / "in"])  # contains the input folder
    assert check_out_dir(tmp_path / "elsewhere", [tmp_path / "in"]) == (tmp_path / "elsewhere").resolve()
