"""Interruption: ``auto`` killed with SIGKILL at several moments on 300 files never leaves a half-true
``--out`` (a ``report.json`` describing files that are not there), and a re-run completes it (issue 9)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .hostile import consistent
from .texts import OTHER, STORY, THIRD

#: Moments to kill at, as fractions of an uninterrupted run's time.
FRACTIONS = (0.15, 0.5, 0.85)

#: Events in the writing phase to kill at (polled from here), with extra delays after them in seconds.
EVENTS = (("staging", 0.0), ("staging", 0.002), ("staged report", 0.0), ("old report gone", 0.0), ("old report gone", 0.0005),
          ("new report", 0.0))


def _corpus(folder: Path, stories: int = 20, printings: int = 3, pages: int = 300, seed: int = 7) -> None:
    """300 pages: 20 stories (shuffled clauses) each printed 3 times with a different slip per printing,
    and pages of unrelated text (random characters: nothing to align, cheap for the engine)."""
    rng = random.Random(seed)
    clauses = [c for c in (STORY + OTHER + THIRD).replace("。", "，").split("，") if c]
    slips = "己已未末冶治人入土士"
    folder.mkdir(parents=True)
    for s in range(stories):
        text = "，".join(rng.sample(clauses, 6)) + "。"
        for k in range(printings):
            chars = list(text)
            i = rng.randrange(len(chars))
            chars[i] = rng.choice(slips)
            (folder / f"s{s:03d}_{k}.txt").write_text(f"第{s}号\n" + "".join(chars) + "\n", encoding="utf-8")
    for n in range(pages - stories * printings):
        text = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(200))
        (folder / f"u{n:03d}.txt").write_text(text + "\n", encoding="utf-8")


def _auto(src: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "corrector", "auto", str(src), "--out", str(out), "--no-language", "-q", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _files(out: Path) -> dict[str, str]:
    """Hashes of the files in ``out`` but the report (which names the folder) and the staging folder."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in out.rglob("*") if p.is_file() and ".corrector-staging" not in p.parts and p.name != "report.json"}


def _wait_for(proc: subprocess.Popen, condition, timeout: float = 120) -> bool:
    end = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.0002)
    return False


def _ino(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _report_files(out: Path) -> dict[str, str] | None:
    """The files ``out/report.json`` lists, with their hashes (None without a report)."""
    try:
        data = json.loads((out / "report.json").read_bytes())
    except FileNotFoundError:
        return None
    listed = {}
    for d in data["documents"]:
        listed[d["file"]] = d["sha256"]
        if "diff_file" in d:
            listed[d["diff_file"]] = d["diff_sha256"]
    return listed


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_a_true_folder_and_a_rerun_completes_it(tmp_path):
    src = tmp_path / "in"
    _corpus(src)
    # the two complete sets: an old one (strict threshold) and the new one (default)
    old_ref, new_ref = tmp_path / "old_ref", tmp_path / "new_ref"
    t0 = time.monotonic()
    assert _auto(src, old_ref, "--min-confidence", "1").wait() == 0
    assert _auto(src, new_ref).wait() == 0
    seconds = (time.monotonic() - t0) / 2
    old_set, new_set = _files(old_ref), _files(new_ref)
    assert old_set != new_set and len(new_set) > 300  # the pages and their .diffs
    old_listed, new_listed = _report_files(old_ref), _report_files(new_ref)

    out = tmp_path / "out"
    moments = [("time", f * seconds) for f in FRACTIONS] + list(EVENTS)
    outcomes = []
    for what, arg in moments:
        # every attempt starts from the old complete set, as a re-run into a used --out does
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old_ref, out)
        proc = _auto(src, out)
        if what == "time":
            time.sleep(arg)
        elif what == "staging":
            _wait_for(proc, lambda: (out / ".corrector-staging").exists())
            time.sleep(arg)
        elif what == "new report":
            old_ino = (out / "report.json").stat().st_ino
            _wait_for(proc, lambda old_ino=old_ino: _ino(out / "report.json") not in (None, old_ino))
        elif what == "staged report":
            _wait_for(proc, lambda: (out / ".corrector-staging" / "report.json").exists())
        else:
            _wait_for(proc, lambda: not (out / "report.json").exists())
            time.sleep(arg)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        ok, why = consistent(out)
        assert ok, (what, arg, why)
        listed = _report_files(out)
        now = _files(out)
        if listed is not None:
            # a report is there: it is the old one over the old set, or the new one over the new set
            assert listed in (old_listed, new_listed), (what, arg)
            expected = old_set if listed == old_listed else new_set
            assert {k: now[k] for k in expected} == expected, (what, arg)
            outcomes.append("old" if listed == old_listed else "new")
        else:
            outcomes.append("no report")
        # a re-run completes it
        rerun = _auto(src, out)
        assert rerun.wait() == 0, rerun.stderr.read().decode()
        assert _files(out) == new_set, (what, arg)
        assert not (out / ".corrector-staging").exists()
    # the kills landed before, inside and after the writing phase at least once each way seen
    assert "old" in outcomes, outcomes


class Killed(BaseException):
    """Stands for SIGKILL between two file-system operations."""


def test_a_crash_between_any_two_file_operations_leaves_a_true_folder(tmp_path, monkeypatch):
    """Deterministic companion of the SIGKILL test: stop the writer at every single file-system
    operation in turn (the writing phase is too quick for a signal to land everywhere in it)."""
    from corrector import outputs
    from corrector.apply import write_outputs
    from corrector.model import Proposal

    from .conftest import make_doc

    def docs(n: int, changed: bool):
        ds = [make_doc(f"d{i:02d}/p.txt" if i % 3 == 0 else f"p{i:02d}.txt", f"第{i}页：全面从严治政。\n") for i in range(n)]
        fix = [Proposal(d.id, d.text.index("政"), d.text.index("政") + 1, "政", "党", 0.99, "substitution", "t") for d in ds[::2]]
        applied = fix if changed else []
        return ds, applied

    def write(out: Path, n: int, changed: bool) -> None:
        ds, applied = docs(n, changed)
        write_outputs(out, ds, applied, [])

    ref_old, ref_new = tmp_path / "ref_old", tmp_path / "ref_new"
    write(ref_old, 8, False)
    write(ref_new, 6, True)  # fewer documents, half of them changed
    old_listed, new_listed = _report_files(ref_old), _report_files(ref_new)
    old_set, new_set = _files(ref_old), _files(ref_new)

    names = ("replace", "unlink", "mkdir", "rmdir")
    k = 0
    seen = set()
    while True:
        out = tmp_path / f"out{k}"
        shutil.copytree(ref_old, out)
        calls = {"n": 0}

        def counting(real, calls=calls, k=k):
            def op(*args, **kwargs):
                calls["n"] += 1
                if calls["n"] == k + 1:
                    raise Killed
                return real(*args, **kwargs)
            return op

        with monkeypatch.context() as m:
            for name in names:
                m.setattr(outputs.os, name, counting(getattr(os, name)))
            m.setattr(outputs, "_write_new", counting(outputs._write_new))
            try:
                write(out, 6, True)
                finished = True
            except Killed:
                finished = False
        ok, why = consistent(out)
        assert ok, (k, why)
        listed = _report_files(out)
        assert listed in (None, old_listed, new_listed), k
        if listed is not None:
            expected = old_set if listed == old_listed else new_set
            now = _files(out)
            assert {n: now.get(n) for n in expected} == expected, k
        seen.add("none" if listed is None else "old" if listed == old_listed else "new")
        write(out, 6, True)  # a re-run completes it
        assert _files(out) == new_set and _report_files(out) == new_listed, k
        if finished:
            break
        k += 1
    assert seen == {"old", "none", "new"} and k > 20, (seen, k)
