"""Hostile inputs: odd files, odd names, odd options, crafted review databases (issue 9).

Every case runs the real command line in a fresh folder ``t`` (inputs in ``t/in``, the current folder
``t/work``, output ``t/out``, other files of the user around them) and asserts the exit status, one line
on stderr for a refusal (warnings only on success), no traceback, no raw control character in what is
printed, and that nothing outside the output folder changed: inputs byte-identical, nothing written
elsewhere (links are compared, never followed).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from .hostile import consistent, pages, run, snapshot
from .texts import OTHER, STORY, THIRD

SECRET = "root:x:0:0:秘密的配置，不应出现在输出里。\n"


@dataclass
class Case:
    """One hostile situation: ``setup(t)`` builds it and returns the command line."""

    id: str
    setup: Callable[[Path], list]
    code: int
    err: str | None = None  # in the one stderr line (code 2) or a warning (code 0)
    cwd: str = "work"
    skip: tuple[str, ...] = ("out",)  # paths under t that may change (the output folder)
    check: Callable[[Path, subprocess.CompletedProcess], None] | None = None
    timeout: float = 60
    marks: tuple = field(default_factory=tuple)


def auto(t: Path, *paths: str | bytes | Path, out: str | Path | None = None, extra: tuple = ()) -> list:
    return ["auto", *[str(p) if isinstance(p, Path) else p for p in paths], "--out", str(out if out is not None else t / "out"),
            "--no-language", *extra]


def propose(*paths: str | Path, extra: tuple = ()) -> list:
    return ["propose", *[str(p) for p in paths], "--no-language", *extra]


def _w(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _one(t: Path, name: str | bytes, data: bytes) -> Path:
    """``t/in`` holding the three pages and one more file ``name``."""
    pages(t / "in")
    p = os.path.join(os.fsencode(t / "in"), name if isinstance(name, bytes) else name.encode())
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)
    return t / "in"


def _only(t: Path, data: bytes, name: str = "x.txt") -> Path:
    return _w(t / "in" / name, data)


BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


# ------------------------------------------------------------------ checks on outputs


def outputs(*names: str):
    def check(t: Path, r) -> None:
        got = sorted(p.relative_to(t / "out").as_posix() for p in (t / "out").rglob("*") if p.is_file())
        assert got == sorted(names), got
        ok, why = consistent(t / "out")
        assert ok, why

    return check


def out_mirrors_inputs(t: Path, r) -> None:
    """Unchanged inputs are copied byte for byte, in their encoding; the report is consistent."""
    assert (t / "out" / "b.txt").read_bytes() == (t / "in" / "b.txt").read_bytes()
    assert (t / "out" / "c.txt").read_bytes()[:2] == b"\xff\xfe"
    ok, why = consistent(t / "out")
    assert ok, why


def no_out(t: Path, r) -> None:
    assert not (t / "out").exists() or not any((t / "out").iterdir())


def stdout_json(t: Path, r) -> None:
    assert json.loads(r.stdout)["schema"] == "corrector.proposals/1"


# ------------------------------------------------------------------ crafted review databases


def make_db(t: Path, rename: dict[str, str] | None = None) -> Path:
    """A review database on ``t/in`` (every proposal accepted), with document ids renamed."""
    import corrector
    from corrector.store import ReviewStore

    folder = pages(t / "in")
    docs = corrector.load([folder])
    db = t / "work" / "review.db"
    db.parent.mkdir(exist_ok=True)
    store = ReviewStore(db)
    store.refresh(docs, corrector.propose(docs, use_language=False), inputs=[folder])
    store.close()
    con = sqlite3.connect(db)
    for old, new in (rename or {}).items():
        con.execute("UPDATE documents SET id = ? WHERE id = ?", (new, old))
        con.execute("UPDATE proposals SET doc = ? WHERE doc = ?", (new, old))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return db


def _sql(db: Path, statement: str, *params) -> Path:
    con = sqlite3.connect(db)
    con.execute(statement, params)
    con.commit()
    con.close()
    return db


def _set_encoding(db: Path, encoding: str) -> Path:
    return _sql(db, "UPDATE documents SET encoding = ? WHERE id = 'b.txt'", encoding)


def corrupt_db(t: Path, how: str) -> Path:
    db = make_db(t)
    data = bytearray(db.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 3]
    else:  # overwrite the middle pages with noise, keep the header
        for i in range(200, len(data), 7):
            data[i] = (data[i] * 31 + 17) % 256
    db.write_bytes(bytes(data))
    for extra in ("review.db-wal", "review.db-shm"):
        (t / "work" / extra).unlink(missing_ok=True)
    return db


DB_SKIP = ("out", "work/review.db", "work/review.db-wal", "work/review.db-shm", "work/review.db-journal")


# ------------------------------------------------------------------ the cases

def _many(t: Path, n: int) -> Path:
    d = t / "in"
    for i in range(n):
        _w(d / f"p{i:04d}.txt", f"第{i}页。" + THIRD[i % 20:] + "\n")
    return d


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()
    return path


def _link(path: Path, target: Path | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    return path


def _null_device(path: Path) -> Path:
    """A character device like /dev/null made in the test folder (a regression replaces it, not the real one)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("cannot make a device node here (not root)")
    return path


def _secret(t: Path) -> Path:
    return _w(t / "secret.txt", SECRET)


def _sparse(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(STORY.encode())
        f.truncate(size)
    return path


def _out_symlinked_sub(t: Path) -> list:
    pages(t / "in" / "sub")
    (t / "out").mkdir()
    os.symlink(t / "in" / "sub", t / "out" / "sub")
    return auto(t, t / "in")


def _out_file_link(t: Path, force: bool) -> list:
    pages(t / "in")
    (t / "out").mkdir()
    os.symlink(t / "in" / "a.txt", t / "out" / "a.txt")
    return auto(t, t / "in", extra=("--force",) if force else ())


def _foreign(t: Path, force: bool) -> list:
    pages(t / "in")
    _w(t / "out" / "a.txt", "用户自己的文件，不是 corrector 写的。")
    _w(t / "out" / "notes.md", "mine")
    return auto(t, t / "in", extra=("--force",) if force else ())


def _foreign_kept(t: Path, r) -> None:
    assert (t / "out" / "notes.md").read_text() == "mine"
    out_mirrors_inputs(t, r)


def _rerun(t: Path) -> list:
    pages(t / "in")
    first = run(*auto(t, t / "in"))
    assert first.returncode == 0, first.stderr
    # the second run has an input fixed by hand: its .diff must go, the report must say so
    (t / "in" / "a.txt").write_text(OTHER + "\n" + STORY + "\n", encoding="utf-8")
    return auto(t, t / "in")


def _rerun_check(t: Path, r) -> None:
    assert not (t / "out" / "a.txt.diff").exists()
    report = json.loads((t / "out" / "report.json").read_text(encoding="utf-8"))
    assert {d["id"]: d["applied"] for d in report["documents"]} == {"a.txt": 0, "b.txt": 0, "c.txt": 1}
    ok, why = consistent(t / "out")
    assert ok, why


def _export(t: Path, *setup: object) -> list[str]:
    """The ``corrector export`` arguments for the database in ``work/``, once ``setup`` (already evaluated) made it."""
    return ["export", "--db", "review.db", "--out", str(t / "out")]


def _glob_in_folder(t: Path) -> list:
    pages(t / "in")
    return ["auto", "a.txt", "b.txt", "c.txt", "--out", "fixed", "--no-language"]


def _glob_check(t: Path, r) -> None:
    assert sorted(p.name for p in (t / "in" / "fixed").iterdir()) == [
        "a.txt", "a.txt.diff", "b.txt", "c.txt", "c.txt.diff", "report.json"]


def _umask_check(t: Path, r) -> None:
    for p in (t / "out").iterdir():
        assert p.stat().st_mode & 0o777 == 0o666 & ~0o022, (p, oct(p.stat().st_mode))


def _passwd_check(t: Path, r) -> None:
    assert not (t / "out" / "passwd.txt").exists()
    assert "秘密" not in "".join(p.read_text(encoding="utf-8", errors="replace") for p in (t / "out").rglob("*") if p.is_file())


def _no_victim(t: Path, r) -> None:
    assert not (t / "victim.cfg").exists() and not (t.parent / "victim.cfg").exists()


def _same_base(t: Path, r) -> None:
    assert (t / "out" / "x" / "a.txt").exists() and (t / "out" / "y" / "a.txt").exists()


def _two_thousand(t: Path, r) -> None:
    assert len(list((t / "out").glob("*.txt"))) == 2000
    ok, why = consistent(t / "out")
    assert ok, why


CASES = [
    # ---- odd files
    Case("binary-only", lambda t: propose(_only(t, BINARY)), 2, "binary"),
    Case("binary-among-pages", lambda t: auto(t, _one(t, "z.txt", BINARY)), 2, "binary"),
    Case("empty-only", lambda t: propose(_only(t, b"")), 2, "empty"),
    Case("blank-only", lambda t: auto(t, _only(t, " \r\n\t\u3000".encode())), 2, "empty"),
    Case("empty-among-pages", lambda t: auto(t, _one(t, "z.txt", b"")), 0, "empty file", check=out_mirrors_inputs),
    Case("nul-bytes", lambda t: propose(_only(t, STORY.encode() + b"\x00\x00" + OTHER.encode())), 2, "binary"),
    Case("mixed-encodings-across-files", lambda t: auto(t, pages(t / "in")), 0, check=out_mirrors_inputs),
    Case("mixed-encodings-in-one-file", lambda t: propose(_only(t, STORY.encode() + OTHER.encode("gb18030"))), 2, "cannot decode"),
    Case("latin1", lambda t: propose(_only(t, "caf\xe9 au lait, na\xefve".encode("latin-1"))), 2, "cannot decode"),
    Case("utf16-odd-length", lambda t: propose(_only(t, b"\xff\xfe" + STORY.encode("utf-16-le") + b"x")), 2, "UTF-16"),
    Case("huge-line", lambda t: propose(_w(t / "in" / "a.txt", (STORY + OTHER) * 200), _w(t / "in" / "b.txt", (STORY + OTHER) * 200)), 0),
    Case("too-large", lambda t: propose(_sparse(t / "in" / "big.txt", 65 * 1024 * 1024)), 2, "too large"),
    Case("two-thousand-files", lambda t: auto(t, _many(t, 2000)), 0, check=_two_thousand, timeout=240),
    Case("same-file-twice", lambda t: auto(t, pages(t / "in") / "a.txt", t / "in" / "a.txt", t / "in" / "b.txt"), 0,
         check=outputs("a.txt", "b.txt", "report.json")),
    Case("same-folder-twice", lambda t: auto(t, pages(t / "in"), t / "in"), 0, check=out_mirrors_inputs),
    Case("same-base-name-files", lambda t: auto(t, pages(t / "in" / "x") / "a.txt", pages(t / "in" / "y") / "a.txt"), 2, "same name"),
    Case("same-base-name-folder", lambda t: (pages(t / "in" / "x"), pages(t / "in" / "y"), auto(t, t / "in"))[-1], 0, check=_same_base),
    Case("txt-folder", lambda t: (_w(t / "in" / "d.txt" / "e.txt", STORY), auto(t, pages(t / "in")))[-1], 0),
    # ---- files that are not files
    Case("fifo-in-folder", lambda t: (_fifo(t / "in" / "pipe.txt"), auto(t, pages(t / "in")))[-1], 0, "pipe.txt",
         check=out_mirrors_inputs),
    Case("fifo-given", lambda t: propose(_fifo(t / "in" / "pipe.txt")), 2, "not a regular file"),
    Case("socket-in-folder", lambda t: (pages(t / "in"), _socket(t / "in" / "s.txt"), auto(t, t / "in"))[-1], 0, "s.txt"),
    Case("device-given", lambda t: propose("/dev/zero"), 2, "not a regular file"),
    Case("device-null-given", lambda t: propose("/dev/null"), 2, "not a regular file"),
    Case("device-linked-in-folder", lambda t: (_link(t / "in" / "zero.txt", "/dev/zero"), auto(t, pages(t / "in")))[-1], 0, "zero.txt",
         check=out_mirrors_inputs),
    # ---- links
    Case("link-outside-folder", lambda t: (_link(t / "in" / "passwd.txt", _secret(t)), auto(t, pages(t / "in")))[-1], 0,
         "passwd.txt", check=_passwd_check),
    Case("link-inside-folder", lambda t: (pages(t / "in"), _link(t / "in" / "alias.txt", "a.txt"), auto(t, t / "in"))[-1], 0),
    Case("dangling-link", lambda t: (pages(t / "in"), _link(t / "in" / "gone.txt", t / "nowhere.txt"), auto(t, t / "in"))[-1], 0,
         "gone.txt"),
    Case("link-loop", lambda t: (pages(t / "in"), _link(t / "in" / "loop", t / "in"), auto(t, t / "in"))[-1], 0,
         check=out_mirrors_inputs),
    Case("linked-folder-outside", lambda t: (pages(t / "in"), _secret(t), _link(t / "in" / "etc", t), auto(t, t / "in"))[-1], 0,
         check=_passwd_check),
    # ---- odd names
    Case("non-utf8-name", lambda t: auto(t, _one(t, b"\xff\xfe\xb0.txt", STORY.encode())), 0, "not valid UTF-8",
         check=out_mirrors_inputs),
    Case("non-utf8-name-given",
         lambda t: propose(_w(t / "in" / "a.txt", STORY), os.fsdecode(_one(t, b"b\xff.txt", STORY.encode()) / os.fsdecode(b"b\xff.txt"))),
         0, "not valid UTF-8"),
    # a folder "[" holding "][red]x.txt" gives the document name "[/][red]x.txt" (Rich markup)
    Case("markup-name", lambda t: propose(_one(t, "[/][red]x.txt", STORY.replace("老旧小区", "老旧小匹").encode())), 0,
         check=lambda t, r: "[/][red]x.txt" in r.stdout),
    Case("markup-name-refused", lambda t: propose(_only(t, BINARY, "[/]bad[red].txt")), 2, "[/]bad[red].txt"),
    Case("escape-name", lambda t: propose(_only(t, BINARY, "\x1b[31mred\x1b[0m.txt")), 2, "\\x1b[31mred"),
    Case("escape-name-ok", lambda t: propose(_one(t, "\x1b]0;pwned\x07.txt", STORY.replace("老旧小区", "老旧小匹").encode())), 0,
         check=lambda t, r: "\\x1b]0;pwned\\x07.txt" in r.stdout),
    Case("newline-name", lambda t: propose(_only(t, BINARY, "a\nb.txt")), 2, "a\\nb.txt"),
    Case("bidi-name", lambda t: propose(_only(t, BINARY, "\u202etxt.exe.txt")), 2, "\\u202e"),
    # 253 bytes: the page fits, its .diff would not (the page has an error the other three do not share)
    Case("long-name", lambda t: auto(t, _one(t, "长" * 83 + ".txt", STORY.replace("老旧小区", "老旧小匹").encode())), 2, "too long"),
    # ---- options
    Case("ngram-0", lambda t: propose(pages(t / "in"), extra=("--ngram", "0")), 2, "--ngram"),
    Case("ngram-negative", lambda t: auto(t, pages(t / "in"), extra=("--ngram", "-3")), 2, "--ngram", check=no_out),
    Case("ngram-huge", lambda t: auto(t, pages(t / "in"), extra=("--ngram", "1000000000")), 2, "--ngram", check=no_out),
    Case("ngram-abc", lambda t: propose(pages(t / "in"), extra=("--ngram", "abc")), 2, "--ngram"),
    Case("min-confidence-7", lambda t: auto(t, pages(t / "in"), extra=("--min-confidence", "7")), 2, "between 0 and 1", check=no_out),
    Case("min-confidence-abc", lambda t: propose(pages(t / "in"), extra=("--min-confidence", "abc")), 2, "--min-confidence"),
    Case("min-confidence-nan", lambda t: auto(t, pages(t / "in"), extra=("--min-confidence", "nan")), 2, "between 0 and 1"),
    Case("min-confidence-negative", lambda t: auto(t, pages(t / "in"), extra=("--min-confidence", "-0.5")), 2, "between 0 and 1"),
    Case("limit-negative", lambda t: propose(pages(t / "in"), extra=("--limit", "-5")), 2, "--limit"),
    Case("missing-input", lambda t: auto(t, t / "in" / "nope.txt"), 2, "no such file", check=no_out),
    Case("no-txt-in-folder", lambda t: (_w(t / "in" / "notes.md", "x"), propose(t / "in"))[-1], 2, "no *.txt"),
    # ---- --json
    Case("json-onto-input", lambda t: propose(pages(t / "in"), extra=("--json", str(t / "in" / "a.txt"))), 2, "input"),
    Case("json-onto-folder", lambda t: propose(pages(t / "in"), extra=("--json", str(t / "work"))), 2, "not a regular file"),
    Case("json-onto-fifo", lambda t: propose(pages(t / "in"), extra=("--json", str(_fifo(t / "work" / "p.json")))), 2,
         "not a regular file"),
    Case("json-onto-symlink", lambda t: propose(pages(t / "in"), extra=("--json", str(_link(t / "work" / "p.json", _secret(t))))), 2,
         "symbolic link"),
    Case("json-onto-device", lambda t: propose(pages(t / "in"), extra=("--json", str(_null_device(t / "work" / "null")))), 2,
         "not a regular file"),
    Case("json-dash", lambda t: propose(pages(t / "in"), extra=("--json", "-")), 0, check=stdout_json),
    Case("json-new-file", lambda t: propose(pages(t / "in"), extra=("--json", "p.json")), 0, skip=("work/p.json",),
         check=lambda t, r: json.loads((t / "work" / "p.json").read_text(encoding="utf-8"))),
    Case("json-empty-name", lambda t: propose(pages(t / "in"), extra=("--json", "")), 2, "--json"),
    # ---- --out
    Case("out-is-input-folder", lambda t: auto(t, pages(t / "in"), out=t / "in"), 2, "input folder"),
    Case("out-inside-input-folder", lambda t: auto(t, pages(t / "in"), out=t / "in" / "fixed"), 2, str(Path("in"))),
    Case("out-contains-input-folder", lambda t: auto(t, pages(t / "in"), out=t), 2, "contains the input folder"),
    Case("out-holds-input-files", lambda t: auto(t, pages(t / "in") / "a.txt", t / "in" / "b.txt", out=t / "in"), 2, "a.txt"),
    Case("cd-glob", _glob_in_folder, 0, cwd="in", skip=("in/fixed",), check=_glob_check),
    Case("out-is-a-file", lambda t: auto(t, pages(t / "in"), out=_w(t / "work" / "o", "x")), 2, "not a folder"),
    Case("out-under-a-file", lambda t: auto(t, pages(t / "in"), out=t / "in" / "a.txt" / "sub"), 2, "a.txt"),
    Case("out-empty", lambda t: auto(t, pages(t / "in"), out=""), 2, "--out"),
    Case("out-name-too-long", lambda t: auto(t, pages(t / "in"), out=t / ("o" * 300)), 2, "too long"),
    Case("out-symlinked-subfolder", _out_symlinked_sub, 2, "symbolic link"),
    Case("out-itself-links-to-inputs", lambda t: auto(t, pages(t / "in"), out=_link(t / "work" / "o", t / "in")), 2, "input folder"),
    Case("out-file-links-to-input", lambda t: _out_file_link(t, False), 2, "--force"),
    Case("out-file-links-to-input-force", lambda t: _out_file_link(t, True), 0, check=out_mirrors_inputs),
    Case("out-holds-foreign-files", lambda t: _foreign(t, False), 2, "--force"),
    Case("out-holds-foreign-files-force", lambda t: _foreign(t, True), 0, check=_foreign_kept),
    Case("rerun-into-used-out", _rerun, 0, check=_rerun_check),
    Case("umask-permissions", lambda t: auto(t, pages(t / "in")), 0, check=_umask_check),
    # ---- review databases and eval (the setup runs first, then ``corrector export``)
    Case("export-traversal-id", lambda t: _export(t, make_db(t, {"a.txt": "../../victim.cfg"})),
         2, "victim.cfg", skip=DB_SKIP, check=_no_victim),
    Case("export-absolute-id", lambda t: _export(t, make_db(t, {"a.txt": str(t / "victim.cfg")})),
         2, "victim.cfg", skip=DB_SKIP, check=_no_victim),
    Case("export-reserved-id", lambda t: _export(t, make_db(t, {"a.txt": "report.json"})),
         2, "report.json", skip=DB_SKIP),
    Case("export-crafted-encoding", lambda t: _export(t, _set_encoding(make_db(t), "no-such-codec")),
         2, "no-such-codec", skip=DB_SKIP, check=no_out),
    Case("export-garbled-proposal", lambda t: _export(t, _sql(make_db(t), "UPDATE proposals SET json = '{\"id\": 1'")),
         2, "damaged", skip=DB_SKIP, check=no_out),
    Case("export-input-is-a-device", lambda t: _export(t, _sql(make_db(t), "UPDATE documents SET abspath = '/dev/zero'")),
         2, "not a regular file", skip=DB_SKIP, check=no_out),
    Case("export-corrupt-db", lambda t: _export(t, corrupt_db(t, "noise")),
         2, "review.db", skip=DB_SKIP),
    Case("export-truncated-db", lambda t: _export(t, corrupt_db(t, "truncated")),
         2, "review.db", skip=DB_SKIP),
    Case("review-corrupt-db", lambda t: (corrupt_db(t, "noise"), ["review", "--db", "review.db", str(t / "in")])[-1],
         2, "review.db", skip=DB_SKIP),
    Case("export-not-a-db", lambda t: _export(t, _w(t / "work" / "review.db", STORY)),
         2, "review.db", skip=DB_SKIP),
    Case("eval-markup-and-escape-names",
         lambda t: (_w(t / "g" / "[/]\x1b[2Jx.txt", STORY), _w(t / "h" / "[/]\x1b[2Jx.txt", STORY.replace("协调", "协凋")),
                    ["eval", "--gold", str(t / "g"), "--hyp", str(t / "h")])[-1], 0,
         check=lambda t, r: "[/]\\x1b[2Jx.txt" in r.stdout),
    Case("eval-fifo-gold", lambda t: ["eval", "--gold", str(_fifo(t / "g.txt")), "--hyp", str(_w(t / "h.txt", STORY))], 2,
         "not a regular file"),
    Case("eval-fifo-hyp", lambda t: ["eval", "--gold", str(_w(t / "g.txt", STORY)), "--hyp", str(_fifo(t / "h.txt"))], 2,
         "not a regular file"),
    Case("eval-empty-gold", lambda t: ["eval", "--gold", str(_w(t / "g.txt", b"")), "--hyp", str(_w(t / "h.txt", STORY))], 2, "empty"),
]


def _printable(s: str) -> bool:
    return all(ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in s)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile(tmp_path: Path, case: Case) -> None:
    t = tmp_path / "t"
    (t / "work").mkdir(parents=True)
    argv = case.setup(t)
    before = snapshot(t, skip=tuple(t / s for s in case.skip))
    r = run(*argv, cwd=t / case.cwd, timeout=case.timeout)
    after = snapshot(t, skip=tuple(t / s for s in case.skip))
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    assert r.returncode == case.code, (r.returncode, r.stderr)
    assert _printable(r.stderr) and _printable(r.stdout), "raw control characters printed"
    lines = r.stderr.splitlines()
    if case.code == 2:
        assert len(lines) == 1 and r.stderr.startswith("corrector"), r.stderr
    else:
        assert all(line.startswith("corrector: warning: ") for line in lines), r.stderr
    if case.err is not None:
        assert case.err in r.stderr, r.stderr
    assert after == before, "something outside --out changed"
    if case.check:
        case.check(t, r)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40
