"""The review and export commands: arguments, one-line errors, and the import boundary."""

from __future__ import annotations

import json
import subprocess
import sys

from corrector.cli import build_parser, main

from .tui_fixtures import D0, D2, make_store, pid_of


def test_import_boundary_corrector_never_loads_textual():
    code = ("import sys, corrector, corrector.store, corrector.cli, corrector.cli.review; "
            "corrector.cli.build_parser(); "
            "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.') or m == 'tui' "
            "or m.startswith('tui.')]; print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_help_names_the_default_database():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    text = " ".join(sub.choices["review"].format_help().split())
    assert "default: corrector-review.db in the current folder" in text
    assert "--out" in sub.choices["export"].format_help()


def test_export_command_writes_copies_and_says_so(tmp_path, capsys):
    store, docs, folder = make_store(tmp_path)
    store.decide(pid_of(store, D0, "治政"), "accept")
    store.decide(pid_of(store, D2, "人群"), "edit", "个人们")
    store.close()
    out = tmp_path / "out"
    assert main(["export", "--db", str(tmp_path / "review.db"), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2 changed" in said and "2 correction(s) applied" in said
    assert "从严治党纵深推进" in (out / D0).read_text(encoding="utf-8")
    assert "组织和个人们团结" in (out / D2).read_text(encoding="utf-8")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["review"]["counts"]["edited"] == 1


def test_export_without_a_database_is_one_line_exit_2(tmp_path, capsys):
    assert main(["export", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no review database" in err


def test_review_of_a_missing_path_is_one_line_exit_2(tmp_path, capsys):
    assert main(["review", str(tmp_path / "nope"), "--db", str(tmp_path / "r.db")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err


def test_review_without_a_terminal_is_refused(tmp_path, capsys):
    store, docs, folder = make_store(tmp_path)
    store.close()
    # pytest's stdin is not a terminal
    assert main(["review", str(folder), "--db", str(tmp_path / "review.db")]) == 2
    assert "needs a terminal" in capsys.readouterr().err


def test_review_of_a_file_that_is_not_a_database(tmp_path, capsys):
    bad = tmp_path / "x.db"
    bad.write_text("hello" * 100)
    assert main(["review", "--db", str(bad)]) == 2
    assert "not a corrector review database" in capsys.readouterr().err


def test_review_with_no_paths_and_a_new_database(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["review"]) == 2
    assert "give the files or folders to review" in capsys.readouterr().err
