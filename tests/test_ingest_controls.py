"""The binary-file check counts exactly Unicode's control characters other than the five whitespace ones."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

import corrector
from corrector.ingest import _CONTROLS


def test_the_control_pattern_is_category_cc_without_whitespace() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    expected = [ch for ch in every if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"]
    assert _CONTROLS.findall(every) == expected
    assert len(expected) == 60


def test_a_text_full_of_control_characters_is_refused_and_whitespace_is_not(tmp_path: Path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text("新华社\t北京\f电\v。\r\n" * 20, encoding="utf-8")
    assert corrector.load([str(ok)])[0].text.startswith("新华社")
    bad = tmp_path / "bad.txt"
    bad.write_text("新华社北京电" + "\x01\x85" * 5, encoding="utf-8")
    with pytest.raises(corrector.CorrectorError, match="binary file \\(10 control characters\\)"):
        corrector.load([str(bad)])
