"""The command line: outputs, exit codes, and one clear line (never a traceback) for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .texts import OTHER, STORY


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corrector", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "pages"
    d.mkdir()
    (d / "a.txt").write_text(OTHER + "\n" + STORY.replace("统筹协调", "统筹协凋") + "\n", encoding="utf-8")
    (d / "b.txt").write_bytes((STORY + "\r\n").encode("gb18030"))
    (d / "c.txt").write_bytes(b"\xff\xfe" + ("标题\r\n" + STORY.replace("惠及居民", "惠及居氏")).encode("utf-16-le"))
    return d


def test_propose_writes_versioned_json(corpus, tmp_path):
    out = tmp_path / "p.json"
    r = run("propose", str(corpus), "--json", str(out))
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "corrector.proposals/1"
    assert sorted((p["doc"], p["old"], p["new"]) for p in data["proposals"]) == [("a.txt", "凋", "调"), ("c.txt", "氏", "民")]
    assert "substitution" in r.stdout and "3 documents" in r.stdout


def test_auto_writes_every_input_in_its_encoding_with_diffs_and_report(corpus, tmp_path):
    out = tmp_path / "out"
    r = run("auto", str(corpus), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "a.txt.diff", "b.txt", "c.txt", "c.txt.diff", "report.json"]
    assert (out / "b.txt").read_bytes() == (corpus / "b.txt").read_bytes()  # unchanged, GB18030 kept
    c = (out / "c.txt").read_bytes()
    assert c.startswith(b"\xff\xfe") and c[2:].decode("utf-16-le") == "标题\r\n" + STORY
    assert "-" in (out / "a.txt.diff").read_text(encoding="utf-8")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["applied"]) == 2 and report["skipped"] == []
    # the inputs are untouched
    assert "统筹协凋" in (corpus / "a.txt").read_text(encoding="utf-8")


def test_auto_refuses_an_output_folder_among_the_inputs(corpus):
    for out in (corpus, corpus / "corrected"):
        r = run("auto", str(corpus), "--out", str(out))
        assert r.returncode == 2
        assert r.stderr.count("\n") == 1 and "input folder" in r.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "no *.txt files"),
        (lambda d: _write(d / "bin.txt", b"\x00\x01\x02PK\x03\x04" * 50), "binary file"),
        (lambda d: _write(d / "e.txt", b""), "empty file"),
        (lambda d: _write(d / "l1.txt", "na\xefve".encode("latin-1")), "cannot decode"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, setup, message):
    (tmp_path / "in").mkdir()
    path = setup(tmp_path / "in")
    for cmd in (["propose", str(path)], ["auto", str(path), "--out", str(tmp_path / "o")]):
        r = run(*cmd)
        assert r.returncode == 2
        assert "Traceback" not in r.stderr
        assert r.stderr.count("\n") == 1 and message in r.stderr, r.stderr


def test_an_empty_file_among_others_is_skipped_with_a_warning(corpus):
    (corpus / "z.txt").write_bytes(b"")
    r = run("propose", str(corpus))
    assert r.returncode == 0
    assert "warning: skipped" in r.stderr and "z.txt" in r.stderr


def test_enormous_line_and_mixed_punctuation_work(tmp_path):
    d = tmp_path / "big"
    d.mkdir()
    line = (STORY.replace("，", ",", 3) + OTHER) * 300  # ~60k characters on one line, mixed widths
    (d / "a.txt").write_text(line, encoding="utf-8")
    (d / "b.txt").write_text(line.replace("统筹协调", "统筹协凋", 1), encoding="utf-8")
    r = run("propose", str(d), "--json", "-")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["schema"] == "corrector.proposals/1"


def test_min_confidence_out_of_range_is_refused(corpus, tmp_path):
    r = run("auto", str(corpus), "--out", str(tmp_path / "o"), "--min-confidence", "1.5")
    assert r.returncode == 2 and "between 0 and 1" in r.stderr


def test_auto_one_edition_applies_a_lone_printings_other_word(tmp_path):
    # three printings read 统筹协调, one 统筹指导: an editor's word unless the user says one edition
    d = tmp_path / "pages"
    d.mkdir()
    for name in ("a", "b", "c"):
        (d / f"{name}.txt").write_text(STORY + "\n", encoding="utf-8")
    (d / "x.txt").write_text(STORY.replace("统筹协调", "统筹指导") + "\n", encoding="utf-8")
    for flag, fixed in (([], False), (["--one-edition"], True)):
        out = tmp_path / f"out{len(flag)}"
        r = run("auto", str(d), "--out", str(out), *flag)
        assert r.returncode == 0, r.stderr
        assert ("统筹协调" in (out / "x.txt").read_text(encoding="utf-8")) is fixed
        # the summary says what --one-edition would correct, where it was not given
        assert ("1 variant is one printing's reading against three or more" in " ".join(r.stdout.split())) is not fixed
        assert (d / "x.txt").read_text(encoding="utf-8") == STORY.replace("统筹协调", "统筹指导") + "\n"
    r = run("propose", str(d), "--limit", "0")
    assert r.returncode == 0 and "--one-edition corrects it" in " ".join(r.stdout.split())


def test_auto_one_edition_says_where_the_printings_show_two_editions(tmp_path):
    d = tmp_path / "pages"
    d.mkdir()
    for name in ("a", "b", "c"):
        (d / f"{name}.txt").write_text(STORY + "\n", encoding="utf-8")
    for name in ("e", "f"):  # a second paper's edit, in both of its printings
        (d / f"{name}.txt").write_text(STORY.replace("统筹协调", "统筹指导") + "\n", encoding="utf-8")
    (d / "x.txt").write_text(STORY.replace("一百二十个", "一百三十个") + "\n", encoding="utf-8")
    r = run("auto", str(d), "--out", str(tmp_path / "out"), "--one-edition")
    assert r.returncode == 0, r.stderr
    assert "--one-edition was not applied in 1 cluster of versions" in " ".join(r.stdout.split())
    assert "一百三十个" in (tmp_path / "out" / "x.txt").read_text(encoding="utf-8")
