"""Apply: corrected text, diffs and patches, atomic outputs, and the output-folder guard."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import diff_match_patch
import pytest

from corrector.apply import apply, check_out_dir, inline_diff, patch_text, unified_diff, unified_diff_bytes, write_outputs
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


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs the patch command")
@pytest.mark.parametrize(
    "encoding, bom, newline, final",
    [
        ("utf-8", b"", "\n", True),
        ("utf-8", b"\xef\xbb\xbf", "\n", True),
        ("utf-8", b"", "\r\n", True),
        ("utf-8", b"", "\n", False),
        ("gb18030", b"", "\n", True),
        ("gb18030", b"", "\r\n", False),
    ],
)
def test_diff_applies_with_patch_to_the_input(tmp_path, encoding, bom, newline, final):
    """The README's command, ``cd INPUT && patch -p1 < OUT/NAME.diff``, turns each input into its output."""
    text = newline.join(["第一行：全面从严治政纵深推进。", "第二行：以点带面。", "第三行：抓抓扩面。"]) + (newline if final else "")
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    (src / "g.txt").write_bytes(bom + text.encode(encoding))
    doc = read_document(src / "g.txt", "sub/g.txt")
    ps = [_p(doc, "治政", "政", "党"), _p(doc, "抓抓", "抓抓", "抓点")]
    out = tmp_path / "out"
    write_outputs(out, [doc], ps, [])
    expected = (out / "sub" / "g.txt").read_bytes()
    assert expected == bom + text.replace("治政", "治党").replace("抓抓", "抓点").encode(encoding)
    work = tmp_path / "work"
    shutil.copytree(tmp_path / "in", work)
    r = subprocess.run(["patch", "-p1", "--batch", "-i", str(out / "sub" / "g.txt.diff")], cwd=work, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (work / "sub" / "g.txt").read_bytes() == expected


def test_utf16_diff_is_of_the_text_in_utf8(tmp_path):
    """UTF-16 cannot be patched byte-wise; its .diff is the text's, in UTF-8 (README: convert, patch, convert back)."""
    (tmp_path / "u.txt").write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    doc = read_document(tmp_path / "u.txt")
    corrected = apply(doc, [_p(doc, "治政", "政", "党")])
    diff = unified_diff_bytes(doc, corrected).decode("utf-8")
    assert "-第一行：全面从严治政纵深推进。" in diff and "+第一行：全面从严治党纵深推进。" in diff


def test_outputs_get_ordinary_permissions(tmp_path):
    doc = make_doc("a.txt", TEXT)
    old = os.umask(0o027)
    try:
        write_outputs(tmp_path / "out", [doc], [_p(doc, "治政", "政", "党")], [])
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
    assert modes == {"a.txt": 0o640, "a.txt.diff": 0o640, "report.json": 0o640}


@pytest.mark.parametrize(
    "doc_id",
    ["../victim.cfg", "../../x", "/etc/passwd", "a/../../b.txt", "./a.txt", "a//b.txt", "", "report.json",
     ".corrector-staging/x.txt", "a\x00b.txt", "x" * 300 + ".txt"],
)
def test_output_names_from_outside_are_validated(tmp_path, doc_id):
    """A document id (from a review database, say) never puts a file outside --out or over corrector's own."""
    doc = make_doc("a.txt", TEXT)
    doc.id = doc_id
    with pytest.raises(CorrectorError):
        write_outputs(tmp_path / "out", [doc], [], [])
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["out"])


def test_a_rerun_replaces_the_set_it_wrote_and_nothing_else(tmp_path):
    doc = make_doc("a.txt", TEXT)
    out = tmp_path / "out"
    write_outputs(out, [doc, make_doc("b.txt", "乙")], [_p(doc, "治政", "政", "党")], [])
    (out / "mine.md").write_text("my notes")
    write_outputs(out, [doc], [], [])  # b.txt is no longer an input, a.txt no longer changed
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "mine.md", "report.json"]
    assert (out / "a.txt").read_text(encoding="utf-8") == TEXT
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["files"] == ["a.txt"]


def test_files_corrector_did_not_write_are_not_replaced_without_force(tmp_path):
    doc = make_doc("a.txt", TEXT)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("someone else's file")
    with pytest.raises(CorrectorError, match="did not write"):
        write_outputs(out, [doc], [], [])
    assert (out / "a.txt").read_text() == "someone else's file" and not (out / "report.json").exists()
    write_outputs(out, [doc], [], [], force=True)
    assert (out / "a.txt").read_text(encoding="utf-8") == TEXT


def test_a_link_under_out_is_never_written_through(tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim, out / "sub")
    with pytest.raises(CorrectorError, match="symbolic link"):
        write_outputs(out, [make_doc("sub/a.txt", TEXT)], [], [])
    assert list(victim.iterdir()) == []


def test_a_failed_write_keeps_the_previous_set(tmp_path, monkeypatch):
    from corrector import outputs

    doc = make_doc("a.txt", TEXT)
    out = tmp_path / "out"
    write_outputs(out, [doc], [_p(doc, "治政", "政", "党")], [])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def failing(dir_fd, name, data, real=outputs._write_new):
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(dir_fd, name, data)

    monkeypatch.setattr(outputs, "_write_new", failing)
    with pytest.raises(OSError):
        write_outputs(out, [doc, make_doc("b.txt", "乙")], [], [])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # staging removed, old set intact


def test_an_output_edited_since_is_not_replaced_or_removed_without_force(tmp_path):
    doc = make_doc("a.txt", TEXT)
    out = tmp_path / "out"
    write_outputs(out, [doc, make_doc("b.txt", "乙")], [_p(doc, "治政", "政", "党")], [])
    (out / "a.txt").write_text("hand-corrected by an editor", encoding="utf-8")
    (out / "b.txt").write_text("also edited", encoding="utf-8")
    with pytest.raises(CorrectorError, match="changed since"):
        write_outputs(out, [doc], [], [])
    assert (out / "a.txt").read_text(encoding="utf-8") == "hand-corrected by an editor"
    write_outputs(out, [doc], [], [], force=True)
    assert (out / "a.txt").read_text(encoding="utf-8") == TEXT
    assert (out / "b.txt").read_text(encoding="utf-8") == "also edited"  # edited, so not removed as stale
    assert not (out / "a.txt.diff").exists()
