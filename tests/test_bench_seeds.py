"""``bench.seeds`` times the runs a user's installed command makes: bytecode kept, CPU time read."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.common import run_corrector
from bench.seeds import _user_env


def test_user_env_keeps_bytecode(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("CORRECTOR_SOMETHING", "kept")
    env = _user_env(tmp_path)
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPYCACHEPREFIX"] == str(tmp_path)
    assert env["CORRECTOR_SOMETHING"] == "kept"


def test_run_reports_cpu_time(monkeypatch) -> None:
    # a child that spins for a while: its CPU time is read from wait4, not left at zero
    monkeypatch.setattr("bench.common.corrector_command",
                        lambda: [sys.executable, "-c", "import time\nt=time.process_time()\nwhile time.process_time()-t<0.2: pass"])
    run = run_corrector([])
    assert 0.15 <= run.cpu_seconds <= run.seconds + 0.05
