"""bench.ocr.flag_cost: the flags' step rerun from saved inputs finds what the whole run found."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.ocr import flag_cost
from bench.synthetic import build_archive


def test_step_from_saved_inputs_finds_the_runs_flags(tmp_path: Path) -> None:
    build_archive(tmp_path, 6, 3)
    pages, inputs = tmp_path / "pages", tmp_path / "inputs.pickle"
    run = flag_cost._spawn(flag_cost.ROOT, pages, "save", inputs=inputs, dump=tmp_path / "run.txt")
    step = flag_cost._spawn(flag_cost.ROOT, pages, "step", inputs=inputs, dump=tmp_path / "step.txt")
    whole = (tmp_path / "run.txt").read_text(encoding="utf-8")
    assert run["flags"] == step["flags"] == len(whole.splitlines()) > 0
    assert (tmp_path / "step.txt").read_text(encoding="utf-8") == whole
    assert run["cpu_step"] > 0 and run["cpu_propose"] >= run["cpu_step"] and run["cpu_process"] >= run["cpu_propose"]
    doc, start, end, old, new = whole.splitlines()[0].split("\t")
    assert int(start) <= int(end) and old != new
    assert (pages / doc).read_text(encoding="utf-8")[int(start):int(end)] == old


def test_a_run_of_another_checkout_must_import_its_own_code(tmp_path: Path) -> None:
    build_archive(tmp_path, 2, 3)
    with pytest.raises(RuntimeError):
        flag_cost._spawn(tmp_path, tmp_path / "pages", "off")  # no corrector there: the venv's is not it


def test_two_checkouts_take_turns_on_the_same_inputs(tmp_path: Path) -> None:
    build_archive(tmp_path, 6, 3)
    pages, inputs = tmp_path / "pages", tmp_path / "inputs.pickle"
    run = flag_cost._spawn(flag_cost.ROOT, pages, "save", inputs=inputs)
    both = flag_cost._spawn(flag_cost.ROOT, pages, "interleave", inputs=inputs, against=flag_cost.ROOT)
    assert both["flags"] == {"this": run["flags"], "against": run["flags"]} and both["same_flags"]
    assert both["cpu_step"]["this"] > 0 and both["cpu_step"]["against"] > 0
    assert set(both["detectors"]["this"]) == set(both["detectors"]["against"]) and "broken word" in both["detectors"]["this"]
