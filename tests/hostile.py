"""Helpers for the hostile-input tests: run the command line, and snapshot a tree without following links."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

from .texts import OTHER, STORY, THIRD

#: Generous: a FIFO that is opened hangs for ever, and the test must fail, not hang.
TIMEOUT = 120

#: Address-space cap for the child: a device read "until memory runs out" must fail fast, not take the machine.
MEMORY_LIMIT = 3 * 1024**3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(*args: str | bytes, cwd: Path | None = None, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """``python -m corrector ARGS`` with stdout and stderr captured as text (undecodable bytes escaped)."""
    env = dict(os.environ, COLUMNS="160", PYTHONIOENCODING="utf-8")
    env.pop("CORRECTOR_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "corrector", *args], capture_output=True, cwd=cwd, timeout=timeout, env=env, preexec_fn=_limit_memory,
        text=True, encoding="utf-8", errors="backslashreplace",
    )


def pages(folder: Path) -> Path:
    """Three small pages: two carry the same story with one OCR error each (auto corrects both)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(OTHER + "\n" + STORY.replace("统筹协调", "统筹协凋") + "\n", encoding="utf-8")
    (folder / "b.txt").write_bytes((STORY + "\r\n").encode("gb18030"))
    (folder / "c.txt").write_bytes(b"\xff\xfe" + ("标题\r\n" + STORY.replace("惠及居民", "惠及居氏") + THIRD).encode("utf-16-le"))
    return folder


def snapshot(root: Path, *, skip: tuple[Path, ...] = ()) -> dict[str, tuple]:
    """Every entry under ``root`` (links not followed): type and content hash, link target, or mode."""
    out: dict[str, tuple] = {}
    skip_s = {os.fsencode(s) for s in skip}
    for dirpath, dirnames, filenames in os.walk(os.fsencode(root), followlinks=False):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in skip_s]
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            if p in skip_s:
                continue
            st = os.lstat(p)
            key = os.fsdecode(os.path.relpath(p, os.fsencode(root)))
            if stat.S_ISLNK(st.st_mode):
                out[key] = ("link", os.readlink(p))
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    out[key] = ("file", hashlib.sha256(f.read()).hexdigest(), st.st_mode)
            else:
                out[key] = ("other", stat.S_IFMT(st.st_mode), st.st_mode)
    return out


def consistent(out: Path) -> tuple[bool, str]:
    """Whether ``out/report.json`` (if there) describes exactly files that are there with its hashes.

    Returns:
        ``(ok, why)``; a folder without ``report.json`` claims nothing and is consistent.
    """
    report = out / "report.json"
    if not report.exists():
        return True, "no report"
    data = json.loads(report.read_bytes())
    for d in data["documents"]:
        if "file" not in d:  # the report of version 0.1.0 had paths only
            files = [(Path(d["output"]), None)] + ([(Path(d["diff"]), None)] if d["applied"] else [])
        else:
            files = [(out / d["file"], d["sha256"])] + ([(out / d["diff_file"], d["diff_sha256"])] if "diff_file" in d else [])
        for p, digest in files:
            if not p.is_file():
                return False, f"{p} listed but missing"
            if digest is not None and hashlib.sha256(p.read_bytes()).hexdigest() != digest:
                return False, f"{p} is not the file the report describes"
        if "file" in d and d["applied"] == 0 and (out / (d["file"] + ".diff")).exists():
            return False, f"{d['file']}.diff left from another run"
    return True, "complete"
