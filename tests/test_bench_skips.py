"""bench.ocr.skips: the skipped proposals of benchmark output judged alone and grouped by reason."""

from __future__ import annotations

import json

from bench.ocr import skips
from corrector.model import Proposal

GOLD = "居民意见很多。"
PAGE = "居氏意见很多。"  # the OCR read 氏 for 民


def _row(start: int, old: str, new: str, confidence: float, why: str, kind: str = "substitution") -> dict:
    row = Proposal(doc="a.txt", start=start, end=start + len(old), old=old, new=new, confidence=confidence,
                   kind=kind, reason=f"{kind}: 2 of 4 read {new}").to_json()
    row["skipped_because"] = why
    return row


def _bench(tmp_path):
    (tmp_path / "gold").mkdir(parents=True)
    (tmp_path / "gold" / "a.txt").write_text(GOLD, encoding="utf-8")
    run = tmp_path / "auto" / "k3" / "a00"
    (run / "in").mkdir(parents=True)
    (run / "out").mkdir()
    (run / "in" / "a.txt").write_text(PAGE, encoding="utf-8")
    skipped = [
        _row(1, "氏", "民", 0.829, "2 printings read what this one reads: confidence 0.829 is below 0.885"),  # right
        _row(2, "意", "音", 0.801, "3 printings read what this one reads: confidence 0.801 is below 0.885"),  # wrong
        _row(4, "很", "狠", 0.95, "editorial variant: shown for review", kind="variant"),  # never counted
        _row(6, "。", "", 0.5, "it deletes a Chinese mark this printing prints", kind="deletion"),  # wrong, low
        _row(0, "居", "居", 0.9, "confidence 0.90 is below 0.95"),  # neutral: nothing changes
    ]
    (run / "out" / "report.json").write_text(json.dumps({"applied": [], "skipped": skipped}, ensure_ascii=False),
                                             encoding="utf-8")
    return tmp_path


def test_skips_are_judged_alone_and_grouped_by_their_reason_with_numbers_masked(tmp_path):
    root = _bench(tmp_path)
    table, lines = skips.audit([root], [3], min_confidence=0.78)
    assert dict(table) == {
        "N printings read what this one reads: confidence N is below N": {"right": 1, "wrong": 1},
        "confidence N is below N": {"neutral": 1},
    }
    assert any("[氏→民]" in line and line.startswith("right") for line in lines[next(iter(table))])
    # below the confidence asked for, the mark deletion was left out; with none asked it counts (wrong)
    table, _ = skips.audit([root], [3])
    assert table["it deletes a Chinese mark this printing prints"] == {"wrong": 1}
    # another k has no runs here
    assert skips.audit([root], [5])[0] == {}


def test_the_command_prints_the_table_and_refuses_what_is_no_benchmark_output(tmp_path, capsys):
    root = _bench(tmp_path / "b")
    assert skips.main([str(root), "--k", "3", "--show", "printings read"]) == 0
    out = capsys.readouterr().out
    assert "     2      1      1       0  N printings read what this one reads" in out and "[意→音]" in out
    assert skips.main([str(tmp_path / "none")]) == 2
    assert "no folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert skips.main([str(tmp_path / "empty")]) == 1


def test_applied_corrections_are_grouped_by_kind_note_and_stating_rules(tmp_path):
    root = _bench(tmp_path)
    report = root / "auto" / "k3" / "a00" / "out" / "report.json"
    data = json.loads(report.read_text(encoding="utf-8"))
    right = dict(_row(1, "氏", "民", 0.95, ""), stated_by=["learned second opinion"])
    wrong = dict(_row(0, "居氏意见", "居氏", 0.9, "", kind="noise"), note="stray '意见' inside Chinese text")
    data["applied"] = [right, wrong, _row(2, "意", "音", 0.99, "")]
    report.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    table, lines = skips.audit([root], [3], applied=True)
    # numbers masked in notes too; the skipped proposals are not counted
    assert dict(table) == {
        "substitution [learned second opinion]": {"right": 1},
        "noise (stray '意见' inside Chinese text)": {"wrong": 1},
        "substitution": {"wrong": 1},
    }
    assert skips.main([str(root), "--k", "3", "--applied"]) == 0
