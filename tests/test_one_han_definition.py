"""What a Han character is, is written once (corrector/chars.py); no other module spells out the ranges."""

from __future__ import annotations

import re
from pathlib import Path

import corrector

ENGINE = Path(corrector.__file__).resolve().parent
ROOT = ENGINE.parent

#: A code point that starts or ends a Han block, written as \\uXXXX, \\UXXXXXXXX or 0xXXXX, or a range of 一.
HAN_LITERAL = re.compile(r"(\\u|\\U000|0x)(4e00|9fff|3400|4dbf|20000|2fa1f)\b|一-", re.IGNORECASE)

#: Places that still spell Han ranges out, each with why.  Remove an entry when its module uses corrector.chars.
KNOWN = {
    # the suspects helper's detectors (issue 10 item 3 asks for one module of character classes)
    "corrector/suspects/doubled.py": "suspects: a regex of U+3400..U+9FFF",
    "corrector/suspects/marks.py": "suspects: a regex of U+3400..U+9FFF",
    "corrector/suspects/broken_word.py": "suspects: a NumPy mask of U+3400..U+9FFF",
}


def _spelt_out() -> set[str]:
    found = set()
    for folder in (ENGINE, ROOT / "tui"):
        for path in folder.rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel != "corrector/chars.py" and HAN_LITERAL.search(path.read_text(encoding="utf-8")):
                found.add(rel)
    return found


def test_no_module_but_chars_spells_out_the_han_ranges():
    assert _spelt_out() - set(KNOWN) == set()


def test_the_list_of_known_copies_is_not_stale():
    assert set(KNOWN) <= _spelt_out()  # a copy that is gone leaves the list


def test_the_pattern_finds_the_ways_a_range_is_written():
    for text in (r'"[\u4e00-\u9fff]"', "cps >= 0x4E00", r"[\U00020000-\U0002FA1F]", "[一-龥]"):
        assert HAN_LITERAL.search(text), text
    assert not HAN_LITERAL.search(r'"\uf900" <= ch <= "\ufaff"')  # compatibility ideographs alone (glyphs.py)
