"""bench.ocr.habits: who reads the changes auto applied, and how often two printings share a minority reading."""

from __future__ import annotations

from bench.ocr import habits
from corrector.model import Proposal, Reading, WitnessReading


def _reading(text: str, docs: list[str]) -> Reading:
    return Reading(text=text, witnesses=[WitnessReading(d, 0, len(text), text) for d in docs])


def _prop(doc: str, own: list[str], rivals: list[list[str]]) -> Proposal:
    readings = [_reading("乙" + str(i), r) for i, r in enumerate(rivals)] + [_reading("甲", own)]
    return Proposal(doc=doc, start=0, end=1, old="甲", new="乙0", confidence=0.9, kind="substitution",
                    reason="", readings=readings)


def test_who_reads_the_change():
    assert habits.supporters_class("tesseract", ["rapidocr", "tesseract"]) == "both engines"
    assert habits.supporters_class("tesseract", ["rapidocr", "rapidocr"]) == "one engine, target other"
    assert habits.supporters_class("rapidocr", ["rapidocr", "rapidocr", "rapidocr"]) == "one engine, target same"
    assert habits.supporters_class("rapidocr", ["tesseract"]) == "one printing or none"
    assert habits.supporters_class("rapidocr", []) == "one printing or none"


def test_a_shared_minority_is_a_pair_against_two_or_more_that_agree_counted_once():
    ids = ["a", "b", "c", "d", "e"]
    proposals = [
        _prop("a", ["a", "b"], [["c", "d", "e"]]),  # a and b alike against three: counted (from a)
        _prop("b", ["a", "b"], [["c", "d", "e"]]),  # the same place seen from b: not again
        _prop("c", ["c", "d"], [["a"], ["b"], ["e"]]),  # the others disagree among themselves: not counted
        _prop("a", ["a", "b", "c"], [["d", "e"]]),  # three alike: no pair
    ]
    counts = habits.shared_minorities(proposals, ids)
    assert counts[("a", "b")] == 1 and sum(counts.values()) == 1
    assert len(counts) == 10  # every pair is listed, most with 0


def test_the_command_refuses_what_is_no_benchmark_folder(tmp_path, capsys):
    assert habits.main([str(tmp_path)]) == 2
    assert "no bench.ocr output folder" in capsys.readouterr().err
    (tmp_path / "manifest.json").write_bytes(b"\xff\xfe\x00garbage")  # not a manifest: one line, no traceback
    assert habits.main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "is no bench.ocr manifest" in err and len(err.strip().splitlines()) == 1
