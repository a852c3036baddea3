"""Kill the review app with SIGKILL in the middle of a review and prove every decision survived."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from corrector.store import ReviewStore

from .tui_fixtures import D0, D1, make_store, pid_of

ROOT = Path(__file__).resolve().parent.parent

# Runs the real app headless; an auto-pilot presses keys like an editor, says DECIDED, then keeps the
# app running (the event loop is alive, the database open) until the test kills the process.
DRIVER = textwrap.dedent(
    """
    import asyncio, sys
    from corrector.store import ReviewStore
    from tui.app import ReviewApp
    from tui.screens.review import ReviewScreen

    app = ReviewApp(ReviewStore(sys.argv[1]), editor="li", cursor_blink=False, poll_interval=3600)

    async def auto_pilot(pilot):
        while not (isinstance(app.screen, ReviewScreen) and not app.screen.busy):
            await pilot.pause(0.02)
        await pilot.press("y", "n", "2")
        await pilot.press("e", "end", "ctrl+u", "改", "enter")
        print("DECIDED", flush=True)
        await asyncio.sleep(120)

    app.run(headless=True, auto_pilot=auto_pilot, size=(80, 24))
    print("EXITED", flush=True)
    """
)


def test_sigkill_mid_review_loses_no_decision(tmp_path):
    store, _, _ = make_store(tmp_path)
    expected_pids = {
        pid_of(store, D0, "抓抓"): ("accepted", "抓点"),   # y on the first undecided
        pid_of(store, D0, "治政"): ("rejected", "治政"),   # n on the next
        pid_of(store, D1, " "): ("rejected", " "),         # 2 = the second witness, 001 itself: keep the space
        pid_of(store, D1, "十八年"): ("edited", "改"),      # e, typed text
    }
    store.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(tmp_path / "review.db")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "DECIDED", (line, proc.stderr.read() if proc.poll() is not None else "")
        assert proc.poll() is None  # still running: the app never quit
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # the WAL was never checkpointed by a clean close; reopening recovers everything
    con = sqlite3.connect(tmp_path / "review.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    again = ReviewStore(tmp_path / "review.db")
    got = {pid: (d.status, d.value) for pid, d in again.decisions().items()}
    assert got == expected_pids
    assert [e.who for e in again.journal()] == ["li"] * 4
