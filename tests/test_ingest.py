"""Ingest: encodings, bad input, and the comparison key with its offsets."""

from __future__ import annotations

import pytest

from corrector.errors import InputError
from corrector.ingest import EmptyInput, decode, find_files, load, make_key, read_document

TEXT = "党的十八大以来，社会工作取得重要成就。\r\n第二段：全面从严治党。\r\n"


@pytest.mark.parametrize(
    "data, encoding, bom",
    [
        (TEXT.encode("utf-8"), "utf-8", b""),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8", b"\xef\xbb\xbf"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le", b"\xff\xfe"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be", b"\xfe\xff"),
        (TEXT.encode("gb18030"), "gb18030", b""),
        (TEXT.encode("gbk"), "gb18030", b""),
    ],
)
def test_encodings_decode_and_round_trip(tmp_path, data, encoding, bom):
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == TEXT
    assert doc.encoding == encoding and doc.bom == bom
    assert doc.newline == "\r\n"
    assert doc.encode() == data  # byte for byte


def test_binary_and_undecodable_are_refused(tmp_path):
    png = tmp_path / "x.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read_document(png)
    latin1 = tmp_path / "y.txt"
    latin1.write_bytes("caf\xe9 au lait".encode("latin-1"))
    with pytest.raises(InputError, match="cannot decode"):
        read_document(latin1)


def test_empty_files_are_skipped_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("正文。", encoding="utf-8")
    warnings = []
    docs = load([tmp_path], on_warning=warnings.append)
    assert [d.id for d in docs] == ["c.txt"]
    assert len(warnings) == 2 and all("empty file" in w for w in warnings)
    with pytest.raises(EmptyInput):
        decode(b"   ", "x")
    with pytest.raises(InputError, match="empty file"):
        load([tmp_path / "a.txt"])


def test_missing_paths_and_folders_without_text(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load([tmp_path / "nope.txt"])
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.md").write_text("x")
    with pytest.raises(InputError, match="no \\*.txt files"):
        load([tmp_path / "sub"])


def test_folders_are_searched_recursively_and_ids_are_relative(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "p1.txt").write_text("一", encoding="utf-8")
    (tmp_path / "a" / "p2.txt").write_text("二", encoding="utf-8")
    found = find_files([tmp_path / "a", tmp_path / "a" / "p2.txt"])  # p2 named twice: read once
    assert [i for _, i in found] == ["b/p1.txt", "p2.txt"]


def test_key_folds_width_and_whitespace_and_maps_offsets():
    text = "ＡＢ， 测试\n文本“引”"
    key = make_key(text)
    assert key.text == 'AB,测试文本"引"'
    assert [int(p) for p in key.pos] == [0, 1, 2, 4, 5, 7, 8, 9, 10, 11]
    # a key range maps back to the original, whitespace inside included
    assert key.to_original(3, 6, len(text)) == (4, 8)
    assert text[4:8] == "测试\n文"
    # an insertion point goes right after the previous character
    assert key.to_original(5, 5, len(text)) == (6, 6)  # after 试, before the newline


def test_key_composes_combining_marks_and_drops_invisible_characters():
    key = make_key("cafe\u0301\u200b店")
    assert key.text == "café店"
    assert [int(p) for p in key.pos] == [0, 1, 2, 3, 6]


def test_fast_and_slow_keys_agree():
    import sys

    from corrector import ingest

    assert sorted(int(c) for c in ingest._DROPPED) == sorted(
        {c for c in range(sys.maxunicode + 1) if chr(c).isspace()} | {ord(c) for c in ingest._INVISIBLE}
    )
    text = "ＡＢ，\u3000测试\r\n文本“引”\u200b（注）\u00a0end"
    fast = make_key(text)
    slow = make_key(text + "\uf900")  # a compatibility ideograph forces the slow path
    assert slow.text == fast.text + "\u8c48"
    assert slow.pos.tolist() == fast.pos.tolist() + [len(text)]


def test_text_that_would_not_write_back_byte_for_byte_is_refused(tmp_path, monkeypatch):
    # every supported codec is lossless on valid input; the guard catches a codec that is not
    from corrector import ingest

    path = tmp_path / "x.txt"
    path.write_bytes("正文。".encode("utf-8"))
    monkeypatch.setattr(ingest, "decode", lambda data, name: ("正文！", "utf-8", b""))
    with pytest.raises(InputError, match="round-trip"):
        read_document(path)


def test_unreadable_subfolders_and_odd_entries_are_named_in_warnings(tmp_path, monkeypatch):
    """A folder that cannot be listed is a warning, not silence (simulated: the tests may run as root)."""
    import os

    from corrector import ingest

    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("正文。", encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    warnings = []
    docs = load([tmp_path], on_warning=warnings.append)
    assert [d.id for d in docs] == ["a.txt"]
    assert len(warnings) == 1 and "locked" in warnings[0] and "Permission denied" in warnings[0]


def test_only_regular_files_are_read(tmp_path):
    import os

    from corrector.ingest import read_bytes

    os.mkfifo(tmp_path / "p.txt")
    with pytest.raises(InputError, match="FIFO"):
        read_bytes(tmp_path / "p.txt")
    with pytest.raises(InputError, match="device"):
        read_bytes("/dev/null")
    with pytest.raises(InputError, match="folder"):
        read_bytes(tmp_path)
