"""The review database file: opening it (read-only when it cannot be written), its tables, and transactions."""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..errors import CorrectorError

#: Where ``corrector review`` keeps its state when ``--db`` is not given: this file in the current folder.
DEFAULT_DB = "corrector-review.db"

#: Identifies a review database (stored in its ``meta`` table).
DB_SCHEMA = "corrector.review/1"

#: Seconds a write waits for another window's transaction to finish.
BUSY_TIMEOUT = 5.0

DDL = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    ord INTEGER NOT NULL,
    path TEXT NOT NULL,
    abspath TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    encoding TEXT NOT NULL,
    bom BLOB NOT NULL,
    newline TEXT NOT NULL,
    text TEXT NOT NULL,
    present INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS proposals (
    pid INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL,
    id TEXT NOT NULL,
    doc TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    old TEXT NOT NULL,
    new TEXT NOT NULL,
    confidence REAL NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS proposals_by_generation ON proposals (generation, doc, start);
CREATE TABLE IF NOT EXISTS journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    pid INTEGER NOT NULL REFERENCES proposals (pid),
    action TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'edit', 'undo')),
    value TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    undoes INTEGER REFERENCES journal (seq),
    origin INTEGER REFERENCES journal (seq),
    batch TEXT,
    note TEXT
);
CREATE INDEX IF NOT EXISTS journal_by_pid ON journal (pid);
CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
"""


def now() -> str:
    """The time now, ISO 8601 in UTC to the millisecond (as the journal records it)."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


class Database:
    """One connection to a review database file.

    Every write is one transaction committed before :meth:`write` returns (WAL, ``synchronous=FULL``).
    A file or folder that cannot be written is opened read-only (``read_only_reason`` says why): in a
    read-only folder SQLite cannot make its shared-memory file, so the file is opened as immutable,
    unless it has an unmerged write-ahead log, which only a writable copy can read.

    Raises:
        CorrectorError: a folder, a missing file or folder, a file that is not a review database or is
            damaged (one line each).
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.read_only_reason = "opened read-only" if read_only else ""
        exists = self.path.exists()
        if exists and self.path.is_dir():
            raise CorrectorError(f"--db {path} is a folder; give a file name")
        if not exists:
            if read_only:
                raise CorrectorError(f"{path}: no review database there")
            if not self.path.parent.exists():
                raise CorrectorError(f"--db {path}: folder {self.path.parent} does not exist")
        folder_writable = os.access(self.path.parent, os.W_OK)
        if not read_only and exists and not os.access(self.path, os.W_OK):
            self.read_only = True
            self.read_only_reason = f"{path} is not writable"
        if not self.read_only and not folder_writable:
            if not exists:
                raise CorrectorError(f"--db {path}: folder {self.path.parent} is not writable")
            self.read_only = True
            self.read_only_reason = f"folder {self.path.parent} is not writable"
        try:
            self.con = self._connect(immutable=self.read_only and not folder_writable)
            self._setup(exists)
        except sqlite3.DatabaseError as err:
            detail = " ".join(str(err).split())
            raise CorrectorError(f"{path}: not a corrector review database, or damaged ({detail})") from None

    def _connect(self, *, immutable: bool) -> sqlite3.Connection:
        if self.read_only:
            wal = Path(str(self.path) + "-wal")
            if immutable and wal.exists() and wal.stat().st_size > 0:
                raise CorrectorError(
                    f"{self.path}: its last decisions are still in {wal.name}, which cannot be read in a "
                    "read-only folder; copy the database with its -wal file to a writable folder"
                )
            uri = self.path.resolve().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
            con = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT, check_same_thread=False)
        else:
            con = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT, check_same_thread=False)
        con.row_factory = sqlite3.Row
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        return con

    def _setup(self, existed: bool) -> None:
        con = self.con
        if existed:
            has_meta = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if not has_meta and tables:
                raise CorrectorError(f"{self.path}: an SQLite file but not a corrector review database")
            if has_meta:
                row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None or row[0] != DB_SCHEMA:
                    found = row[0] if row else "none"
                    raise CorrectorError(f"{self.path}: review database schema {found}, expected {DB_SCHEMA}")
                check = con.execute("PRAGMA quick_check(1)").fetchone()[0]
                if check != "ok":
                    detail = " ".join(str(check).replace("*** in database main ***", "").split())
                    raise CorrectorError(f"{self.path}: the review database is damaged ({detail})")
        if self.read_only:
            return
        mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise CorrectorError(f"{self.path}: cannot use write-ahead logging here (journal mode {mode})")
        con.execute("PRAGMA synchronous = FULL")
        con.execute("PRAGMA foreign_keys = ON")
        # executescript() commits any open transaction first, so the script carries its own.
        con.executescript(
            "BEGIN IMMEDIATE;"
            + DDL
            + f"INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '{DB_SCHEMA}');"
            + "INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0');"
            + f"INSERT OR IGNORE INTO meta (key, value) VALUES ('created', '{now()}');"
            + "COMMIT;"
        )

    def close(self) -> None:
        """Close the connection (every decision is already committed)."""
        try:
            self.con.close()
        except sqlite3.Error:
            pass

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed (and synced) on leaving, rolled back on any error."""
        if self.read_only:
            raise CorrectorError(f"the review database is read-only ({self.read_only_reason}); nothing was saved")
        try:
            self.con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise CorrectorError(f"the review database is busy ({err}); nothing was saved, try again") from None
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        try:
            self.con.execute("COMMIT")
        except sqlite3.OperationalError as err:
            self.con.execute("ROLLBACK")
            raise CorrectorError(f"could not save to the review database ({err}); try again") from None

    def meta(self, key: str, default: str | None = None) -> str | None:
        """A value from the ``meta`` table."""
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def data_version(self) -> int:
        """A number that changes whenever another connection commits (cheap; poll it to sync)."""
        return int(self.con.execute("PRAGMA data_version").fetchone()[0])

    def get_state(self, key: str) -> Any:
        """A small JSON value saved with :meth:`set_state` (``None`` when absent or unreadable)."""
        raw = self.meta("state:" + key)
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

    def set_state(self, key: str, value: Any) -> None:
        """Save a small JSON value and commit (nothing happens on a read-only database)."""
        if self.read_only:
            return
        with self.write() as con:
            con.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                ("state:" + key, json.dumps(value, ensure_ascii=False)),
            )
