"""Tests for corrector.evaluate and ``corrector eval``: every expected value is worked out by hand."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corrector.cli import main
from corrector.errors import CorrectorError
from corrector.evaluate import cer, compare, describe_normalisation, evaluate_paths, normalise


# ----------------------------------------------------------------------------- normalise


def test_normalise_default_drops_whitespace_and_folds_width():
    assert normalise("Ａ，\u3000b\u201d\r\n。") == 'A,b"。'


def test_normalise_keeps_whitespace_on_request_and_unifies_line_ends():
    assert normalise("Ａ，\u3000b\r\n。\r", whitespace=False) == "A,\u3000b\n。\n"


def test_normalise_keeps_width_on_request():
    assert normalise("Ａ，　b”\n。", width=False) == "Ａ，b”。"


def test_normalise_nfc_composes_and_drops_invisibles():
    assert normalise("e\u0301") == "\u00e9"
    assert normalise("治\u200b党\ufeff") == "治党"
    # Ideographic punctuation without an ASCII twin is kept.
    assert normalise("。、《》——…") == "。、《》——…"


def test_describe_normalisation_names_each_step():
    text = describe_normalisation()
    assert "NFC" in text and "whitespace removed" in text and "half-width" in text
    assert "widths kept" in describe_normalisation(width=False)


# ----------------------------------------------------------------------------- CER


def test_cer_one_substitution():
    c = cer("从严治党", "从严治政")
    assert (c.errors, c.length, c.substitutions, c.deletions, c.insertions) == (1, 4, 1, 0, 0)
    assert c.rate == 0.25
    assert c.percent() == "25.00 %"


def test_cer_deletion_and_insertion_are_counted_against_gold_length():
    d = cer("抓住机遇", "抓机遇")  # 住 dropped
    assert (d.errors, d.length, d.deletions) == (1, 4, 1)
    i = cer("抓住", "抓抓住")  # 抓 doubled
    assert (i.errors, i.length, i.insertions, i.rate) == (1, 2, 1, 0.5)


def test_cer_ignores_whitespace_and_width_by_default_only():
    assert cer("发展，\n经济", "发展, 经济").errors == 0
    assert cer("发展，经济", "发展,经济", width=False).errors == 1
    assert cer("发展经济", "发展 经济", whitespace=False).errors == 1


def test_cer_empty_gold():
    assert cer("", "").rate == 0.0
    c = cer("", "多")
    assert math.isinf(c.rate) and c.to_json()["rate"] is None and c.percent() == "n/a"


def test_cer_rejects_unknown_option():
    with pytest.raises(TypeError):
        cer("a", "b", spaces=False)


def test_cer_adds_up():
    total = cer("从严治党", "从严治政") + cer("抓住", "抓抓住")
    assert (total.errors, total.length, total.rate) == (2, 6, 2 / 6)


# ----------------------------------------------------------------------------- compare


def test_compare_one_fix():
    c = compare("从严治党", "从严治政", "从严治党")
    assert (c.errors_before, c.errors_after, c.fixed, c.introduced, c.neutral) == (1, 0, 1, 0, 0)
    assert (c.precision, c.recall, c.changes, c.changes_fixed) == (1.0, 1.0, 1, 1)
    assert [(d.gold, d.orig, d.hyp, d.kind) for d in c.details] == [("党", "政", "党", "fixed")]


def test_compare_one_introduced():
    c = compare("从严治党", "从严治党", "从严治政")
    assert (c.errors_before, c.errors_after, c.fixed, c.introduced) == (0, 1, 0, 1)
    assert c.precision == 0.0
    assert c.recall == 1.0  # nothing to find
    assert c.changes_introduced == 1


def test_compare_no_change_is_perfect_precision_zero_recall():
    c = compare("从严治党", "从严冶政", "从严冶政")
    assert (c.errors_before, c.errors_after, c.fixed, c.introduced, c.changes) == (2, 2, 0, 0, 0)
    assert (c.precision, c.recall) == (1.0, 0.0)


def test_compare_partial_fix():
    # 乙→已 and 戊→戍 are errors; only the first is fixed.
    c = compare("甲乙丙丁戊己", "甲已丙丁戍己", "甲乙丙丁戍己")
    assert (c.errors_before, c.errors_after, c.fixed, c.introduced) == (2, 1, 1, 0)
    assert (c.precision, c.recall) == (1.0, 0.5)


def test_compare_neutral_change():
    # 冶 is wrong, 活 is wrong too: the change neither fixes nor introduces an error.
    c = compare("依法治国", "依法冶国", "依法活国")
    assert (c.fixed, c.introduced, c.neutral, c.changes) == (0, 0, 1, 1)
    assert c.details[0].kind == "neutral"
    assert c.precision == 1.0 and c.recall == 0.0


def test_compare_transposition_fixed_counts_two_errors():
    c = compare("发展经济", "发经展济", "发展经济")
    assert (c.errors_before, c.fixed, c.introduced, c.errors_after) == (2, 2, 0, 0)


def test_compare_doubled_and_dropped_characters():
    c = compare("抓住机遇，加快发展", "抓抓住机遇，加发展", "抓住机遇，加快发展")
    assert (c.errors_before, c.fixed, c.introduced, c.changes) == (2, 2, 0, 2)
    assert sorted((d.orig, d.hyp) for d in c.details) == [("", "快"), ("抓", "")]


def test_compare_mixed_region_counts_both():
    # One region: the full stop is fixed but 展 is broken into 屐.
    c = compare("全面发展。", "全面发展.", "全面发屐。", width=False)
    assert (c.errors_before, c.errors_after, c.fixed, c.introduced) == (1, 1, 1, 1)
    assert (c.changes, c.changes_mixed, c.precision) == (1, 1, 0.5)


def test_compare_width_only_change_is_invisible_by_default():
    c = compare("全面发展，", "全面发展,", "全面发展，")
    assert (c.errors_before, c.changes) == (0, 0)
    c2 = compare("全面发展，", "全面发展,", "全面发展，", width=False)
    assert (c2.errors_before, c2.fixed) == (1, 1)


def test_compare_same_change_in_two_places_counted_separately():
    c = compare("己经已经", "已经已经", "己经己经")
    # First 已→己 fixes an error, second 已→己 introduces one.
    assert (c.fixed, c.introduced, c.changes_fixed, c.changes_introduced) == (1, 1, 1, 1)
    assert c.precision == 0.5


def test_changes_json_round_numbers():
    data = compare("从严治党", "从严治政", "从严治党").to_json(details=True)
    assert data["fixed"] == 1 and data["precision"] == 1.0 and data["residual"] == 0.0
    assert data["details"][0]["kind"] == "fixed"
    json.dumps(data)


_han = st.text(alphabet="己已巳未末土士人入八治冶党政，。", max_size=25)


@settings(max_examples=300, deadline=None)
@given(_han, _han, _han)
def test_compare_invariants(gold, orig, hyp):
    c = compare(gold, orig, hyp)
    assert c.errors_before == cer(gold, orig).errors
    assert c.errors_after == cer(gold, hyp).errors
    assert c.errors_after == c.errors_before - c.fixed + c.introduced
    assert 0 <= c.fixed <= c.errors_before
    assert 0.0 <= c.precision <= 1.0 and 0.0 <= c.recall <= 1.0
    assert all(d.before - d.after == d.fixed - d.introduced for d in c.details)


@settings(max_examples=200, deadline=None)
@given(_han, _han)
def test_compare_identity_and_perfect_correction(gold, orig):
    same = compare(gold, orig, orig)
    assert (same.changes, same.fixed, same.introduced) == (0, 0, 0)
    perfect = compare(gold, orig, gold)
    assert perfect.fixed == perfect.errors_before and perfect.introduced == 0 and perfect.errors_after == 0


# ----------------------------------------------------------------------------- files and folders


def _write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


@pytest.fixture
def folders(tmp_path):
    g, o, h = tmp_path / "gold", tmp_path / "orig", tmp_path / "hyp"
    _write(g / "a.txt", "从严治党，全面发展。\n")
    _write(o / "a.txt", "从严治政，全面发展。\n")
    _write(h / "a.txt", "从严治党，全面发展。\n")
    _write(g / "sub" / "b.txt", "天下为公")
    _write(o / "sub" / "b.txt", "天下为公", "gb18030")
    _write(h / "b.txt", "天下办公")  # matched by file name
    _write(h / "report.txt", "not a page")
    return g, o, h


def test_evaluate_paths_folders(folders):
    g, o, h = folders
    rep = evaluate_paths(g, h, o)
    assert [f.name for f in rep.files] == ["a.txt", "sub/b.txt"]
    a, b = rep.files
    assert (a.cer_orig.errors, a.cer.errors, a.changes.fixed) == (1, 0, 1)
    assert (b.cer_orig.errors, b.cer.errors, b.changes.introduced) == (0, 1, 1)
    assert rep.cer.errors == 1 and rep.cer.length == 14  # 10 + 4 characters, the newline dropped
    assert rep.cer_orig.errors == 1
    assert (rep.changes.fixed, rep.changes.introduced, rep.changes.precision) == (1, 1, 0.5)
    assert rep.worse == ["sub/b.txt"]
    assert any("report.txt" in w for w in rep.warnings)
    data = json.loads(json.dumps(rep.to_json(), ensure_ascii=False))
    assert data["overall"]["changes"]["recall"] == 1.0
    assert data["files"][1]["worse"] is True


def test_evaluate_paths_single_files(folders):
    g, o, h = folders
    rep = evaluate_paths(g / "a.txt", o / "a.txt")
    assert rep.files[0].cer.errors == 1 and not rep.has_orig and rep.changes is None


def test_evaluate_paths_errors(folders, tmp_path):
    g, o, h = folders
    with pytest.raises(CorrectorError, match="no such file"):
        evaluate_paths(g, tmp_path / "missing")
    with pytest.raises(CorrectorError, match="must be folders"):
        evaluate_paths(g, h / "b.txt")
    (h / "a.txt").unlink()
    with pytest.raises(CorrectorError, match="no matching file for gold a.txt"):
        evaluate_paths(g, h)
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorrectorError, match="no \\*.txt"):
        evaluate_paths(tmp_path / "empty", h)


def test_cli_eval_json_and_table(folders, capsys):
    g, o, h = folders
    assert main(["eval", "--gold", str(g), "--hyp", str(h), "--orig", str(o), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["cer"]["errors"] == 1
    assert data["overall"]["changes"]["fixed"] == 1
    assert data["normalisation"]["whitespace"] is True
    assert main(["eval", "--gold", str(g), "--hyp", str(h), "--orig", str(o)]) == 0
    out = capsys.readouterr().out
    assert "Normalisation" in out and "sub/b.txt" in out and "worse" in out


def test_cli_eval_bad_input_exits_2(folders, tmp_path, capsys):
    g, o, h = folders
    assert main(["eval", "--gold", str(g), "--hyp", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("corrector: error:") and err.count("\n") == 1
