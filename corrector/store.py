"""Review state in SQLite: documents, proposals and an append-only journal of the editors' decisions."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import getpass
import hashlib
import json
import os
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .apply import Skipped, check_out_dir, write_outputs
from .errors import CorrectorError
from .model import Document, Proposal, Result

#: Where ``corrector review`` keeps its state when ``--db`` is not given: this file in the current folder.
DEFAULT_DB = "corrector-review.db"

#: Identifies a review database (stored in its ``meta`` table).
SCHEMA = "corrector.review/1"

#: What a proposal's review status can be.
STATUSES = ("pending", "accepted", "rejected", "edited")

#: Journal actions that are decisions (``undo`` is the other action).
DECISIONS = ("accept", "reject", "edit")

#: Code points of text kept on each side of a hunk to recognise it again after a re-proposal.
CONTEXT = 30

_STATUS_OF = {"accept": "accepted", "reject": "rejected", "edit": "edited"}

_DDL = """
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


def default_editor() -> str:
    """The name recorded with each decision when none is given: the login name."""
    try:
        return getpass.getuser() or "editor"
    except Exception:  # noqa: BLE001 - no passwd entry in some containers
        return "editor"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class Item:
    """One proposal under review.

    Attributes:
        pid: Row id in the database (unique across re-proposals, unlike ``proposal.id``).
        proposal: The engine's proposal.
        ord: Position of its document in the input order.
    """

    pid: int
    proposal: Proposal
    ord: int = 0


@dataclass
class Decision:
    """The current verdict on one proposal: the latest journal entry not undone.

    Attributes:
        status: One of :data:`STATUSES`.
        value: The text that replaces ``old`` (``new`` when accepted, the editor's text when edited,
            ``old`` when rejected); ``None`` while pending.
        seq: Journal entry that made the decision (0 while pending).
        who: The editor who made it.
        at: When (ISO 8601, UTC).
        note: Free text (for example "witness 2 (001.txt)" or "carried from #12").
    """

    status: str = "pending"
    value: str | None = None
    seq: int = 0
    who: str = ""
    at: str = ""
    note: str | None = None

    @property
    def decided(self) -> bool:
        return self.status != "pending"


PENDING = Decision()


@dataclass
class Entry:
    """One row of the journal."""

    seq: int
    pid: int
    action: str
    value: str | None
    who: str
    at: str
    undoes: int | None = None
    origin: int | None = None
    batch: str | None = None
    note: str | None = None


@dataclass
class Plan:
    """How the documents given compare with the ones stored.

    Attributes:
        new: The database holds no proposals yet.
        changed: Ids of documents whose bytes differ from the stored ones (SHA-256).
        added: Ids of documents not in the database.
        removed: Ids of stored documents no longer given.
        generation: The proposal generation the comparison was made against.
    """

    new: bool
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    generation: int = 0

    @property
    def needs_proposals(self) -> bool:
        """True when the engine must (re)propose before the review can go on."""
        return self.new or bool(self.changed or self.added or self.removed)

    def describe(self) -> str:
        """One line saying what changed, for a notice."""
        if self.new:
            return "new review"
        parts = []
        if self.changed:
            parts.append("changed since the review began: " + ", ".join(self.changed))
        if self.added:
            parts.append("added: " + ", ".join(self.added))
        if self.removed:
            parts.append("no longer given: " + ", ".join(self.removed))
        return "; ".join(parts) or "inputs unchanged"


@dataclass
class RefreshReport:
    """What :meth:`ReviewStore.refresh` did.

    Attributes:
        proposals: Number of proposals now under review.
        carried: Decisions carried over to identical hunks.
        dropped: Decisions left behind because their hunk changed or vanished (they stay in the journal).
        superseded: Another process refreshed first; nothing was written.
    """

    proposals: int = 0
    carried: int = 0
    dropped: list[tuple[Item, Decision]] = field(default_factory=list)
    superseded: bool = False


@dataclass
class ExportSummary:
    """What :func:`export` wrote."""

    out: str
    documents: int
    changed: int
    applied: int
    skipped: int
    report: str


def _status_for(action: str, value: str | None, proposal: Proposal) -> tuple[str, str | None]:
    status = _STATUS_OF[action]
    if status == "accepted":
        return status, proposal.new
    if status == "rejected":
        return status, proposal.old
    return status, value


class ReviewStore:
    """The review database: open it, ask for proposals and decisions, record decisions.

    Every write is one SQLite transaction committed before the call returns (WAL, ``synchronous=FULL``),
    so a decision survives a crash or ``kill -9`` the moment the method returns.  Several processes may
    use one database at once; each sees the others' decisions (see :meth:`data_version`).

    Args:
        path: The database file; created when missing (its folder must exist).
        read_only: Open without writing; decisions are refused.  A database that cannot be written
            (permissions) is opened this way too, and :attr:`read_only_reason` says why.
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
        if not read_only and exists and not os.access(self.path, os.W_OK):
            self.read_only = True
            self.read_only_reason = f"{path} is not writable"
        if not self.read_only and not os.access(self.path.parent, os.W_OK):
            if not exists:
                raise CorrectorError(f"--db {path}: folder {self.path.parent} is not writable")
            self.read_only = True
            self.read_only_reason = f"folder {self.path.parent} is not writable"
        try:
            self._con = self._connect()
            self._setup(exists)
        except sqlite3.DatabaseError as err:
            raise CorrectorError(f"{path}: not a corrector review database ({err})") from None

    # ----------------------------------------------------------------- opening

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            con = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0, check_same_thread=False)
        else:
            con = sqlite3.connect(self.path, isolation_level=None, timeout=5.0, check_same_thread=False)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA busy_timeout = 5000")
        return con

    def _setup(self, existed: bool) -> None:
        con = self._con
        if existed:
            has_meta = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if not has_meta and tables:
                raise CorrectorError(f"{self.path}: an SQLite file but not a corrector review database")
            if has_meta:
                row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None or row[0] != SCHEMA:
                    found = row[0] if row else "none"
                    raise CorrectorError(f"{self.path}: review database schema {found}, expected {SCHEMA}")
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
            + _DDL
            + f"INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '{SCHEMA}');"
            + "INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0');"
            + f"INSERT OR IGNORE INTO meta (key, value) VALUES ('created', '{_now()}');"
            + "COMMIT;"
        )

    def close(self) -> None:
        """Close the connection (every decision is already committed)."""
        try:
            self._con.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> "ReviewStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed (and synced) on leaving, rolled back on any error."""
        if self.read_only:
            raise CorrectorError(f"the review database is read-only ({self.read_only_reason}); nothing was saved")
        try:
            self._con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise CorrectorError(f"the review database is busy ({err}); nothing was saved, try again") from None
        try:
            yield self._con
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        try:
            self._con.execute("COMMIT")
        except sqlite3.OperationalError as err:
            self._con.execute("ROLLBACK")
            raise CorrectorError(f"could not save to the review database ({err}); try again") from None

    # ----------------------------------------------------------------- reading

    def meta(self, key: str, default: str | None = None) -> str | None:
        """A value from the ``meta`` table."""
        row = self._con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def generation(self) -> int:
        """The current proposal generation (0 before the first proposals; +1 on each refresh)."""
        return int(self.meta("generation", "0") or 0)

    def data_version(self) -> int:
        """A number that changes whenever another connection commits (cheap; poll it to sync)."""
        return int(self._con.execute("PRAGMA data_version").fetchone()[0])

    def inputs(self) -> list[str]:
        """The paths the review was last opened on (absolute)."""
        raw = self.meta("inputs")
        return list(json.loads(raw)) if raw else []

    def documents(self, *, present_only: bool = True) -> list[Document]:
        """The stored documents (the versions the current proposals were made on), in input order."""
        sql = "SELECT * FROM documents" + (" WHERE present = 1" if present_only else "") + " ORDER BY ord, id"
        return [
            Document(
                id=r["id"],
                path=r["path"],
                encoding=r["encoding"],
                bom=bytes(r["bom"]),
                newline=r["newline"],
                sha256=r["sha256"],
                text=r["text"],
            )
            for r in self._con.execute(sql)
        ]

    def document_paths(self) -> dict[str, str]:
        """Absolute path of each present document, by id."""
        return {r[0]: r[1] for r in self._con.execute("SELECT id, abspath FROM documents WHERE present = 1")}

    def items(self, *, evidence: bool = True) -> list[Item]:
        """The proposals under review (current generation), by document order then position.

        Args:
            evidence: Read each proposal's readings and witnesses too.  Without them (``False``) the
                items carry everything a queue shows and filters on, and open several times faster at
                thousands of proposals; :meth:`proposal` reads one proposal in full.
        """
        gen = self.generation()
        rows = self._con.execute(
            f"""SELECT p.pid, p.id, p.doc, p.start, p."end", p.old, p.new, p.confidence, p.kind, p.reason,
                {"p.json" if evidence else "NULL AS json"}, coalesce(d.ord, 0) AS ord FROM proposals p
               LEFT JOIN documents d ON d.id = p.doc
               WHERE p.generation = ? ORDER BY ord, p.doc, p.start, p."end", p.pid""",
            (gen,),
        )
        if evidence:
            return [Item(pid=r["pid"], proposal=Proposal.from_json(json.loads(r["json"])), ord=r["ord"]) for r in rows]
        return [
            Item(pid=r[0], ord=r[11], proposal=Proposal(
                id=r[1], doc=r[2], start=r[3], end=r[4], old=r[5], new=r[6], confidence=r[7], kind=r[8], reason=r[9]))
            for r in rows
        ]

    def proposal(self, pid: int) -> Proposal:
        """One proposal in full, readings and witnesses included."""
        row = self._con.execute("SELECT json FROM proposals WHERE pid = ?", (pid,)).fetchone()
        if row is None:
            raise CorrectorError(f"no proposal #{pid} in the review database")
        return Proposal.from_json(json.loads(row[0]))

    def journal(self) -> list[Entry]:
        """Every journal entry, oldest first."""
        return [Entry(**dict(r)) for r in self._con.execute("SELECT * FROM journal ORDER BY seq")]

    def decisions(self, pids: Iterable[int] | None = None) -> dict[int, Decision]:
        """The current decision for every proposal that has one (pending ones are absent).

        Args:
            pids: Only these proposals (reads only their journal entries); ``None``: all.
        """
        gen = self.generation()
        if pids is None:
            entries = self.journal()
            rows = self._con.execute("SELECT pid, old, new FROM proposals WHERE generation = ?", (gen,))
        else:
            wanted = json.dumps(sorted(set(pids)))
            entries = [Entry(**dict(r)) for r in self._con.execute(
                "SELECT * FROM journal WHERE pid IN (SELECT value FROM json_each(?)) ORDER BY seq", (wanted,))]
            rows = self._con.execute(
                "SELECT pid, old, new FROM proposals WHERE generation = ? AND pid IN (SELECT value FROM json_each(?))",
                (gen, wanted))
        props = {r["pid"]: (r["old"], r["new"]) for r in rows}
        undone = {e.undoes for e in entries if e.action == "undo"}
        out: dict[int, Decision] = {}
        for e in entries:
            if e.action == "undo" or e.seq in undone or e.pid not in props:
                continue
            old, new = props[e.pid]
            value = new if e.action == "accept" else old if e.action == "reject" else e.value
            out[e.pid] = Decision(_STATUS_OF[e.action], value, e.seq, e.who, e.at, e.note)
        return out

    def last_seq(self) -> int:
        """The journal's latest sequence number (0 when empty)."""
        return int(self._con.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])

    def pids_since(self, seq: int) -> set[int]:
        """The proposals with a journal entry after ``seq``."""
        return {r[0] for r in self._con.execute("SELECT DISTINCT pid FROM journal WHERE seq > ?", (seq,))}

    def decision(self, pid: int) -> Decision:
        """The current decision for one proposal (:data:`PENDING` when none)."""
        return self.decisions([pid]).get(pid, PENDING)

    def get_state(self, key: str) -> Any:
        """A JSON value saved with :meth:`set_state` (``None`` when absent)."""
        raw = self.meta("state:" + key)
        return json.loads(raw) if raw else None

    # ----------------------------------------------------------------- planning and (re)proposing

    def plan(self, documents: Sequence[Document]) -> Plan:
        """Compare freshly loaded ``documents`` with the stored ones."""
        stored = {r["id"]: r["sha256"] for r in self._con.execute("SELECT id, sha256 FROM documents WHERE present = 1")}
        gen = self.generation()
        given = {d.id: d.sha256 for d in documents}
        return Plan(
            new=gen == 0,
            changed=[d for d in given if d in stored and stored[d] != given[d]],
            added=[d for d in given if d not in stored] if gen else [],
            removed=[d for d in stored if d not in given],
            generation=gen,
        )

    def refresh(
        self,
        documents: Sequence[Document],
        result: Result,
        *,
        inputs: Iterable[str | os.PathLike[str]] = (),
        expected_generation: int | None = None,
    ) -> RefreshReport:
        """Store new proposals for ``documents`` and carry decisions over to identical hunks.

        A decision is carried when the new proposal has the same document, old text and the same
        :data:`CONTEXT` code points on each side (and, for accept and reject, the same new text).
        Decisions that do not carry stay in the journal against the retired proposals and are
        reported, never applied.

        Args:
            documents: The documents as loaded now.
            result: What :func:`corrector.propose` returned for them.
            inputs: The paths given on the command line, remembered for reopening.
            expected_generation: The generation the caller planned against; when another process has
                refreshed since, nothing is written and ``superseded`` is set.

        Returns:
            What happened.
        """
        texts = {d.id: d.text for d in documents}
        for p in result.proposals:
            if p.doc not in texts or texts[p.doc][p.start:p.end] != p.old:
                raise CorrectorError(f"proposal {p.id} does not match {p.doc} at {p.start}-{p.end}")
        report = RefreshReport()
        with self._write() as con:
            gen = self.generation()
            if expected_generation is not None and gen != expected_generation:
                report.superseded = True
                return report
            old_items = self.items() if gen else []
            old_rows = {
                r["pid"]: (r["before"], r["after"])
                for r in con.execute("SELECT pid, before, after FROM proposals WHERE generation = ?", (gen,))
            }
            current = self.decisions() if gen else {}
            entries = {e.seq: e for e in self.journal()} if current else {}
            new_gen = gen + 1
            con.execute("UPDATE documents SET present = 0")
            for i, d in enumerate(documents):
                con.execute(
                    """INSERT INTO documents (id, ord, path, abspath, sha256, encoding, bom, newline, text, present)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                       ON CONFLICT (id) DO UPDATE SET ord = excluded.ord, path = excluded.path,
                       abspath = excluded.abspath, sha256 = excluded.sha256, encoding = excluded.encoding,
                       bom = excluded.bom, newline = excluded.newline, text = excluded.text, present = 1""",
                    (d.id, i, d.path, str(Path(d.path).resolve()), d.sha256, d.encoding, d.bom, d.newline, d.text),
                )
            exact: dict[tuple, list[int]] = {}
            loose: dict[tuple, list[int]] = {}
            for p in sorted(result.proposals, key=lambda p: (p.doc, p.start, p.end)):
                text = texts[p.doc]
                before, after = text[max(0, p.start - CONTEXT):p.start], text[p.end:p.end + CONTEXT]
                cur = con.execute(
                    """INSERT INTO proposals (generation, id, doc, start, "end", old, new, confidence, kind, reason,
                       before, after, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (new_gen, p.id, p.doc, p.start, p.end, p.old, p.new, float(p.confidence), p.kind, p.reason,
                     before, after, json.dumps(p.to_json(), ensure_ascii=False)),
                )
                exact.setdefault((p.doc, p.old, p.new, before, after), []).append(cur.lastrowid)
                loose.setdefault((p.doc, p.old, before, after), []).append(cur.lastrowid)
            taken: set[int] = set()
            at = _now()
            carried: list[tuple[Entry, int]] = []
            for item in old_items:
                dec = current.get(item.pid)
                if dec is None:
                    continue
                p = item.proposal
                before, after = old_rows[item.pid]
                pool = exact.get((p.doc, p.old, p.new, before, after), [])
                if dec.status == "edited":
                    pool = pool or loose.get((p.doc, p.old, before, after), [])
                target = next((pid for pid in pool if pid not in taken), None)
                if target is None:
                    report.dropped.append((item, dec))
                    continue
                taken.add(target)
                carried.append((entries[dec.seq], target))
            for e, target in sorted(carried, key=lambda c: c[0].seq):
                con.execute(
                    """INSERT INTO journal (pid, action, value, who, at, origin, batch, note)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (target, e.action, e.value, e.who, at, e.origin or e.seq,
                     f"{e.batch}@{new_gen}" if e.batch else None, f"carried from #{e.seq}"),
                )
            report.carried = len(carried)
            report.proposals = len(result.proposals)
            paths = [str(Path(p).resolve()) for p in inputs]
            if paths:
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('inputs', ?)", (json.dumps(paths),))
            con.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(new_gen),))
            con.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('warnings', ?)",
                (json.dumps(list(result.warnings), ensure_ascii=False),),
            )
        return report

    def remember_inputs(self, inputs: Iterable[str | os.PathLike[str]], documents: Sequence[Document]) -> None:
        """Update the remembered input paths and document paths (same content, maybe moved)."""
        paths = [str(Path(p).resolve()) for p in inputs]
        with self._write() as con:
            if paths:
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('inputs', ?)", (json.dumps(paths),))
            for d in documents:
                con.execute(
                    "UPDATE documents SET path = ?, abspath = ? WHERE id = ? AND sha256 = ?",
                    (d.path, str(Path(d.path).resolve()), d.id, d.sha256),
                )

    # ----------------------------------------------------------------- deciding

    def _proposal_row(self, pid: int) -> sqlite3.Row:
        row = self._con.execute(
            "SELECT pid, generation, old, new FROM proposals WHERE pid = ?", (pid,)
        ).fetchone()
        if row is None:
            raise CorrectorError(f"no proposal #{pid} in the review database")
        if row["generation"] != self.generation():
            raise CorrectorError(f"proposal #{pid} was replaced by a newer proposal run; reload")
        return row

    @staticmethod
    def _normalise(action: str, value: str | None, old: str, new: str) -> tuple[str, str | None]:
        if action not in DECISIONS:
            raise ValueError(f"unknown action {action!r}")
        if action == "edit":
            if value is None:
                raise ValueError("an edit needs the editor's text")
            if value == new:
                return "accept", value
            if value == old:
                return "reject", value
        return action, value

    def decide(
        self,
        pid: int,
        action: str,
        value: str | None = None,
        *,
        who: str | None = None,
        note: str | None = None,
        batch: str | None = None,
    ) -> int:
        """Record one decision and commit it.

        Args:
            pid: The proposal (:attr:`Item.pid`).
            action: ``accept``, ``reject`` or ``edit``.  An edit whose text equals the proposal's new
                text is recorded as an accept, one equal to the old text as a reject (the typed text is
                kept in ``value`` either way).
            value: The editor's text for an edit.
            who: The editor (default: the login name).
            note: Free text kept with the entry.
            batch: Groups entries that one undo takes back together.

        Returns:
            The journal sequence number of the entry.

        Raises:
            CorrectorError: read-only or busy database, unknown or retired proposal.
        """
        return self.decide_many([(pid, action, value)], who=who, note=note, batch=batch)[0]

    def decide_many(
        self,
        decisions: Iterable[tuple[int, str, str | None]],
        *,
        who: str | None = None,
        note: str | None = None,
        batch: str | None = None,
    ) -> list[int]:
        """Record several decisions in one transaction; with more than one, one undo takes all back.

        Args:
            decisions: ``(pid, action, value)`` triples, as for :meth:`decide`.
            who: The editor.
            note: Free text kept with every entry.
            batch: Batch id (made up when there is more than one decision and none is given).

        Returns:
            The journal sequence numbers, in order.
        """
        decisions = list(decisions)
        if len(decisions) > 1 and batch is None:
            batch = uuid.uuid4().hex[:12]
        who = who or default_editor()
        at = _now()
        seqs = []
        with self._write() as con:
            for pid, action, value in decisions:
                row = self._proposal_row(pid)
                action, value = self._normalise(action, value, row["old"], row["new"])
                cur = con.execute(
                    "INSERT INTO journal (pid, action, value, who, at, batch, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (pid, action, value, who, at, batch, note),
                )
                seqs.append(cur.lastrowid)
        return seqs

    def undo(self, *, who: str | None = None) -> list[int]:
        """Take back ``who``'s latest decision still in force (a whole batch at once) and commit.

        Works across restarts: the journal is the only state.  Entries for proposals replaced by a
        newer proposal run are not considered.

        Returns:
            The pids whose decision was taken back, empty when there is nothing to undo.
        """
        who = who or default_editor()
        with self._write() as con:
            gen = self.generation()
            entries = self.journal()
            undone = {e.undoes for e in entries if e.action == "undo"}
            live = {r[0] for r in con.execute("SELECT pid FROM proposals WHERE generation = ?", (gen,))}
            candidates = [
                e for e in entries if e.action != "undo" and e.seq not in undone and e.who == who and e.pid in live
            ]
            if not candidates:
                return []
            last = candidates[-1]
            targets = [e for e in candidates if last.batch and e.batch == last.batch] or [last]
            at = _now()
            for e in reversed(targets):
                con.execute(
                    "INSERT INTO journal (pid, action, value, who, at, undoes, batch) VALUES (?, 'undo', NULL, ?, ?, ?, ?)",
                    (e.pid, who, at, e.seq, e.batch),
                )
            return [e.pid for e in targets]

    def set_state(self, key: str, value: Any) -> None:
        """Save a small JSON value (an editor's place in the queue, their filter) and commit."""
        if self.read_only:
            return
        with self._write() as con:
            con.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                ("state:" + key, json.dumps(value, ensure_ascii=False)),
            )

    # ----------------------------------------------------------------- summaries

    def counts(self) -> dict[str, int]:
        """Number of proposals in each status (every key of :data:`STATUSES` present)."""
        out = dict.fromkeys(STATUSES, 0)
        decisions = self.decisions()
        for item in self.items():
            out[decisions.get(item.pid, PENDING).status] += 1
        return out


# --------------------------------------------------------------------- export


def _sha256_file(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


def chosen(store: ReviewStore) -> tuple[list[Proposal], list[tuple[Proposal, str]], list[dict[str, Any]]]:
    """The proposals to apply (edits with the editor's text), the others with the reason, and an audit list.

    Raises:
        CorrectorError: two accepted changes overlap.
    """
    decisions = store.decisions()
    applied: list[Proposal] = []
    skipped: list[tuple[Proposal, str]] = []
    audit: list[dict[str, Any]] = []
    for item in store.items():
        p = item.proposal
        dec = decisions.get(item.pid, PENDING)
        audit.append(
            {"id": p.id, "doc": p.doc, "start": p.start, "end": p.end, "old": p.old, "new": p.new,
             "status": dec.status, "value": dec.value, "who": dec.who or None, "at": dec.at or None}
        )
        if dec.status == "accepted":
            applied.append(p)
        elif dec.status == "edited":
            applied.append(dataclasses.replace(p, new=dec.value or ""))
        else:
            skipped.append((p, "rejected by the editor" if dec.status == "rejected" else "not reviewed"))
    by_doc: dict[str, list[Proposal]] = {}
    for p in applied:
        by_doc.setdefault(p.doc, []).append(p)
    for doc, ps in by_doc.items():
        ps.sort(key=lambda p: (p.start, p.end))
        for a, b in zip(ps, ps[1:]):
            if b.start < a.end or (a.start == a.end == b.start == b.end):
                raise CorrectorError(
                    f"{doc}: accepted changes at {a.start}-{a.end} ({a.old}→{a.new}) and {b.start}-{b.end} "
                    f"({b.old}→{b.new}) overlap; reject one of them in corrector review"
                )
    return applied, skipped, audit


def export(store: ReviewStore, out_dir: str | os.PathLike[str]) -> ExportSummary:
    """Write corrected copies, a ``.diff`` per changed document and ``report.json``, like ``auto``.

    Accepted proposals are applied as proposed, edited ones with the editor's text; rejected and
    pending ones are listed as skipped.  Refuses when an input file changed since its proposals were
    made, so that no stale decision is ever applied.

    Raises:
        CorrectorError: nothing to export, a changed or missing input, an output folder among the
            inputs, overlapping accepted changes.
    """
    if store.generation() == 0:
        raise CorrectorError(f"{store.path}: no proposals reviewed yet; run corrector review first")
    documents = store.documents()
    paths = store.document_paths()
    for d in documents:
        path = paths.get(d.id, d.path)
        digest = _sha256_file(path)
        if digest is None:
            raise CorrectorError(f"{path}: input file missing; it was reviewed as {d.id}")
        if digest != d.sha256:
            raise CorrectorError(
                f"{path} changed since it was reviewed; run corrector review --db {store.path} to re-check the decisions"
            )
    check_out_dir(out_dir, list(paths.values()))
    applied, skipped, audit = chosen(store)
    counts = store.counts()
    meta = {
        "command": "export",
        "review": {"db": str(store.path.resolve()), "generation": store.generation(), "counts": counts,
                   "decisions": audit},
    }
    summary = write_outputs(out_dir, documents, applied, [Skipped(p, why) for p, why in skipped], meta=meta)
    return ExportSummary(
        out=str(out_dir),
        documents=len(documents),
        changed=len(summary.changed),
        applied=len(applied),
        skipped=len(skipped),
        report=summary.report,
    )
