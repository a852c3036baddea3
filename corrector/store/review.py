"""The review store: documents, proposals and the journal of the editors' decisions, in one database."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import CorrectorError
from ..model import Document, Proposal, Result
from .carry import Hunk, carry_over, surroundings
from .database import Database, now
from .journal import PENDING, STATUSES, Entry, Verdict, history, normalise, replay, undo_targets
from .records import Conflict, Item, Plan, RefreshReport, default_editor


class ReviewStore:
    """The review database: open it, ask for proposals and decisions, record decisions.

    Every write is one SQLite transaction committed before the call returns, so a decision survives a
    crash or ``kill -9`` the moment the method returns.  Several processes may use one database at
    once; each sees the others' decisions (see :meth:`data_version` and :meth:`pids_since`).

    Args:
        path: The database file; created when missing (its folder must exist).
        read_only: Open without writing; decisions are refused.  A database that cannot be written
            (permissions) is opened this way too, and :attr:`read_only_reason` says why.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.db = Database(path, read_only=read_only)
        self.path = self.db.path

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @property
    def read_only_reason(self) -> str:
        return self.db.read_only_reason

    def close(self) -> None:
        """Close the connection (every decision is already committed)."""
        self.db.close()

    def __enter__(self) -> "ReviewStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- reading

    def meta(self, key: str, default: str | None = None) -> str | None:
        """A value from the ``meta`` table."""
        return self.db.meta(key, default)

    def generation(self) -> int:
        """The current proposal generation (0 before the first proposals; +1 on each refresh)."""
        return int(self.db.meta("generation", "0") or 0)

    def data_version(self) -> int:
        """A number that changes whenever another connection commits (cheap; poll it to sync)."""
        return self.db.data_version()

    def inputs(self) -> list[str]:
        """The paths the review was last opened on (absolute)."""
        raw = self.db.meta("inputs")
        return list(json.loads(raw)) if raw else []

    def documents(self, *, present_only: bool = True) -> list[Document]:
        """The stored documents (the versions the current proposals were made on), in input order."""
        sql = "SELECT * FROM documents" + (" WHERE present = 1" if present_only else "") + " ORDER BY ord, id"
        return [
            Document(id=r["id"], path=r["path"], encoding=r["encoding"], bom=bytes(r["bom"]), newline=r["newline"],
                     sha256=r["sha256"], text=r["text"])
            for r in self.db.con.execute(sql)
        ]

    def document_paths(self) -> dict[str, str]:
        """Absolute path of each present document, by id."""
        return {r[0]: r[1] for r in self.db.con.execute("SELECT id, abspath FROM documents WHERE present = 1")}

    def items(self, *, evidence: bool = True) -> list[Item]:
        """The proposals under review (current generation), by document order then position.

        Args:
            evidence: Read each proposal's readings and witnesses too.  Without them (``False``) the
                items carry everything a queue shows and filters on, and open several times faster at
                thousands of proposals; :meth:`proposal` reads one proposal in full.
        """
        rows = self.db.con.execute(
            f"""SELECT p.pid, p.id, p.doc, p.start, p."end", p.old, p.new, p.confidence, p.kind, p.reason,
                {"p.json" if evidence else "NULL AS json"}, coalesce(d.ord, 0) AS ord FROM proposals p
               LEFT JOIN documents d ON d.id = p.doc
               WHERE p.generation = ? ORDER BY ord, p.doc, p.start, p."end", p.pid""",
            (self.generation(),),
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
        row = self.db.con.execute("SELECT json FROM proposals WHERE pid = ?", (pid,)).fetchone()
        if row is None:
            raise CorrectorError(f"no proposal #{pid} in the review database")
        return Proposal.from_json(json.loads(row[0]))

    def journal(self, pids: Iterable[int] | None = None) -> list[Entry]:
        """Journal entries, oldest first: every one, or those about ``pids``."""
        if pids is None:
            rows = self.db.con.execute("SELECT * FROM journal ORDER BY seq")
        else:
            rows = self.db.con.execute(
                "SELECT * FROM journal WHERE pid IN (SELECT value FROM json_each(?)) ORDER BY seq",
                (json.dumps(sorted(set(pids))),))
        return [Entry(**dict(r)) for r in rows]

    def _texts(self, pids: Iterable[int] | None = None) -> dict[int, tuple[str, str]]:
        """``(old, new)`` of the proposals under review (all, or those among ``pids``)."""
        sql = "SELECT pid, old, new FROM proposals WHERE generation = ?"
        args: tuple = (self.generation(),)
        if pids is not None:
            sql += " AND pid IN (SELECT value FROM json_each(?))"
            args += (json.dumps(sorted(set(pids))),)
        return {r[0]: (r[1], r[2]) for r in self.db.con.execute(sql, args)}

    def decisions(self, pids: Iterable[int] | None = None) -> dict[int, Verdict]:
        """The verdict in force on every decided proposal (pending ones are absent).

        Args:
            pids: Only these proposals (reads only their journal entries); ``None``: all.
        """
        pids = None if pids is None else list(pids)
        return replay(self.journal(pids), self._texts(pids))

    def decision(self, pid: int) -> Verdict:
        """The verdict in force on one proposal (:data:`PENDING` when none)."""
        return self.decisions([pid]).get(pid, PENDING)

    def history(self, pid: int) -> list[Entry]:
        """Every journal entry about one proposal, with the entries its carried decisions came from, oldest first."""
        entries = history(self.journal([pid]), pid)
        origins = sorted({e.origin for e in entries if e.origin})
        if origins:
            older = self.db.con.execute(
                "SELECT * FROM journal WHERE seq IN (SELECT value FROM json_each(?))", (json.dumps(origins),))
            entries = sorted([Entry(**dict(r)) for r in older] + entries, key=lambda e: e.seq)
        return entries

    def last_seq(self) -> int:
        """The journal's latest sequence number (0 when empty)."""
        return int(self.db.con.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])

    def pids_since(self, seq: int) -> set[int]:
        """The proposals with a journal entry after ``seq``."""
        return {r[0] for r in self.db.con.execute("SELECT DISTINCT pid FROM journal WHERE seq > ?", (seq,))}

    def get_state(self, key: str):
        """A small JSON value saved with :meth:`set_state` (``None`` when absent)."""
        return self.db.get_state(key)

    def set_state(self, key: str, value) -> None:
        """Save a small JSON value (an editor's place in the queue, their filter) and commit."""
        self.db.set_state(key, value)

    def counts(self) -> dict[str, int]:
        """Number of proposals in each status (every key of :data:`STATUSES` present)."""
        out = dict.fromkeys(STATUSES, 0)
        decisions = self.decisions()
        for pid in self._texts():
            out[decisions.get(pid, PENDING).status] += 1
        return out

    def retired(self) -> list[tuple[Proposal, Verdict]]:
        """Decisions the latest proposal run left behind: in force on a proposal of the run before, not carried.

        Returns:
            ``(retired proposal, its verdict)`` in document order (empty before the second run).
        """
        gen = self.generation()
        rows = self.db.con.execute(
            "SELECT pid, old, new, json FROM proposals WHERE generation = ? ORDER BY doc, start", (gen - 1,)).fetchall()
        if not rows:
            return []
        texts = {r["pid"]: (r["old"], r["new"]) for r in rows}
        entries = self.journal(texts)
        verdicts = replay(entries, texts)
        origin = {e.seq: e.origin or e.seq for e in entries}
        live = json.dumps(sorted(self._texts()))
        carried = {r[0] for r in self.db.con.execute(
            "SELECT origin FROM journal WHERE origin IS NOT NULL AND pid IN (SELECT value FROM json_each(?))", (live,))}
        out = []
        for r in rows:
            v = verdicts.get(r["pid"])
            if v is not None and origin[v.seq] not in carried:
                out.append((Proposal.from_json(json.loads(r["json"])), v))
        return out

    # ----------------------------------------------------------------- planning and (re)proposing

    def plan(self, documents: Sequence[Document]) -> Plan:
        """Compare freshly loaded ``documents`` with the stored ones."""
        stored = {r["id"]: r["sha256"] for r in self.db.con.execute("SELECT id, sha256 FROM documents WHERE present = 1")}
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
        """Store new proposals for ``documents`` and carry decisions over to identical hunks (see :mod:`.carry`).

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
        with self.db.write() as con:
            gen = self.generation()
            if expected_generation is not None and gen != expected_generation:
                report.superseded = True
                return report
            new_gen = gen + 1
            decided = self._decided_hunks(gen) if gen else []
            self._store_documents(con, documents)
            new_hunks = self._store_proposals(con, new_gen, result.proposals, texts)
            plan = carry_over([(h, v) for h, _item, v in decided], new_hunks)
            items = {h.pid: item for h, item, _v in decided}
            report.dropped = [(items[h.pid], v) for h, v in plan.dropped]
            self._copy_entries(con, plan.carried, new_gen)
            report.carried = len(plan.carried)
            report.proposals = len(result.proposals)
            paths = [str(Path(p).resolve()) for p in inputs]
            if paths:
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('inputs', ?)", (json.dumps(paths),))
            con.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(new_gen),))
        return report

    def _decided_hunks(self, gen: int) -> list[tuple[Hunk, Item, Verdict]]:
        """The current run's decided proposals, in queue order, as hunks to carry."""
        decisions = self.decisions()
        rows = {
            r["pid"]: (r["before"], r["after"])
            for r in self.db.con.execute("SELECT pid, before, after FROM proposals WHERE generation = ?", (gen,))
        }
        out = []
        for item in self.items():
            verdict = decisions.get(item.pid)
            if verdict is None:
                continue
            p = item.proposal
            before, after = rows[item.pid]
            out.append((Hunk(item.pid, p.doc, p.old, p.new, before, after), item, verdict))
        return out

    @staticmethod
    def _store_documents(con, documents: Sequence[Document]) -> None:
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

    @staticmethod
    def _store_proposals(con, gen: int, proposals: Sequence[Proposal], texts: dict[str, str]) -> list[Hunk]:
        hunks = []
        for p in sorted(proposals, key=lambda p: (p.doc, p.start, p.end)):
            before, after = surroundings(texts[p.doc], p.start, p.end)
            cur = con.execute(
                """INSERT INTO proposals (generation, id, doc, start, "end", old, new, confidence, kind, reason,
                   before, after, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (gen, p.id, p.doc, p.start, p.end, p.old, p.new, float(p.confidence), p.kind, p.reason,
                 before, after, json.dumps(p.to_json(), ensure_ascii=False)),
            )
            hunks.append(Hunk(cur.lastrowid, p.doc, p.old, p.new, before, after))
        return hunks

    def _copy_entries(self, con, carried: list[tuple[Verdict, int]], new_gen: int) -> None:
        """Record each carried decision against its new proposal (who decided is kept; the note says from where)."""
        if not carried:
            return
        seqs = json.dumps([v.seq for v, _ in carried])
        entries = {r["seq"]: Entry(**dict(r)) for r in con.execute(
            "SELECT * FROM journal WHERE seq IN (SELECT value FROM json_each(?))", (seqs,))}
        at = now()
        for verdict, target in carried:
            e = entries[verdict.seq]
            con.execute(
                """INSERT INTO journal (pid, action, value, who, at, origin, batch, note)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (target, e.action, e.value, e.who, at, e.origin or e.seq,
                 f"{e.batch}@{new_gen}" if e.batch else None, f"carried from #{e.seq}"),
            )

    def remember_inputs(self, inputs: Iterable[str | os.PathLike[str]], documents: Sequence[Document]) -> None:
        """Update the remembered input paths and document paths (same content, maybe moved)."""
        paths = [str(Path(p).resolve()) for p in inputs]
        with self.db.write() as con:
            if paths:
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('inputs', ?)", (json.dumps(paths),))
            for d in documents:
                con.execute(
                    "UPDATE documents SET path = ?, abspath = ? WHERE id = ? AND sha256 = ?",
                    (d.path, str(Path(d.path).resolve()), d.id, d.sha256),
                )

    # ----------------------------------------------------------------- deciding

    def decide(
        self,
        pid: int,
        action: str,
        value: str | None = None,
        *,
        who: str | None = None,
        note: str | None = None,
        batch: str | None = None,
        expect: int | None = None,
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
            expect: The journal entry of the verdict the caller saw (0: pending); when another editor's
                decision is in force now instead, nothing is written and :class:`Conflict` is raised.

        Returns:
            The journal sequence number of the entry.

        Raises:
            CorrectorError: read-only or busy database, unknown or retired proposal; :class:`Conflict`.
        """
        return self.decide_many([(pid, action, value)], who=who, note=note, batch=batch,
                                expect=None if expect is None else {pid: expect})[0]

    def decide_many(
        self,
        decisions: Iterable[tuple[int, str, str | None]],
        *,
        who: str | None = None,
        note: str | None = None,
        batch: str | None = None,
        expect: dict[int, int] | None = None,
    ) -> list[int]:
        """Record several decisions in one transaction; with more than one, one undo takes all back.

        Args:
            decisions: ``(pid, action, value)`` triples, as for :meth:`decide`.
            who: The editor.
            note: Free text kept with every entry.
            batch: Batch id (made up when there is more than one decision and none is given).
            expect: pid → the journal entry of the verdict the caller saw (see :meth:`decide`).

        Returns:
            The journal sequence numbers, in order.
        """
        decisions = list(decisions)
        if len(decisions) > 1 and batch is None:
            batch = uuid.uuid4().hex[:12]
        who = who or default_editor()
        at = now()
        seqs = []
        with self.db.write() as con:
            gen = self.generation()
            if expect:
                current = self.decisions(expect)
                for pid, seen in expect.items():
                    verdict = current.get(pid, PENDING)
                    if verdict.decided and verdict.seq != seen and verdict.who != who:
                        raise Conflict(pid, verdict)
            for pid, action, value in decisions:
                row = con.execute("SELECT generation, old, new FROM proposals WHERE pid = ?", (pid,)).fetchone()
                if row is None:
                    raise CorrectorError(f"no proposal #{pid} in the review database")
                if row["generation"] != gen:
                    raise CorrectorError(f"proposal #{pid} was replaced by a newer proposal run; reload")
                action, value = normalise(action, value, row["old"], row["new"])
                cur = con.execute(
                    "INSERT INTO journal (pid, action, value, who, at, batch, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (pid, action, value, who, at, batch, note),
                )
                seqs.append(int(cur.lastrowid or 0))
        return seqs

    def undo(self, *, who: str | None = None) -> list[int]:
        """Take back ``who``'s latest decision still in force (a whole batch at once) and commit.

        Works across restarts: the journal is the only state.  Entries for proposals replaced by a
        newer proposal run are not considered; other editors' decisions are never taken back.

        Returns:
            The pids whose decision was taken back, empty when there is nothing to undo.
        """
        who = who or default_editor()
        with self.db.write() as con:
            live = set(self._texts())
            targets = undo_targets(self.journal(), who, live)
            at = now()
            for e in reversed(targets):
                con.execute(
                    "INSERT INTO journal (pid, action, value, who, at, undoes, batch) VALUES (?, 'undo', NULL, ?, ?, ?, ?)",
                    (e.pid, who, at, e.seq, e.batch),
                )
            return [e.pid for e in targets]
