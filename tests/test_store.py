"""Tests for corrector.store: the SQLite review state, its journal, refresh and export."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corrector
from corrector.errors import CorrectorError
from corrector.store import DEFAULT_DB, ReviewStore, export

from .tui_fixtures import D0, D1, D2, D3, build_result, make_store


def by_change(store: ReviewStore, doc: str, old: str) -> int:
    """pid of the proposal in ``doc`` replacing ``old``."""
    (pid,) = [i.pid for i in store.items() if i.proposal.doc == doc and i.proposal.old == old]
    return pid


def test_default_db_is_a_file_name_in_the_current_folder():
    assert DEFAULT_DB == "corrector-review.db"


def test_new_store_holds_proposals_all_pending(tmp_path):
    store, docs, _ = make_store(tmp_path)
    items = store.items()
    assert len(items) == 12
    assert store.generation() == 1
    assert store.decisions() == {}
    assert store.counts() == {"pending": 12, "accepted": 0, "rejected": 0, "edited": 0}
    # offsets are real code-point offsets into the stored text
    texts = {d.id: d.text for d in store.documents()}
    for item in items:
        p = item.proposal
        assert texts[p.doc][p.start:p.end] == p.old
    # documents are stored in input order with their hashes
    assert [d.id for d in store.documents()] == [d.id for d in docs]
    assert [d.sha256 for d in store.documents()] == [d.sha256 for d in docs]
    mode = sqlite3.connect(tmp_path / "review.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_decide_accept_reject_edit_and_status(tmp_path):
    store, _, _ = make_store(tmp_path)
    a = by_change(store, D0, "治政")
    r = by_change(store, D1, "持续")
    e = by_change(store, D0, "抓抓")
    store.decide(a, "accept", who="li")
    store.decide(r, "reject", who="li")
    store.decide(e, "edit", "抓块", who="li", note="typed")
    dec = store.decisions()
    assert (dec[a].status, dec[a].value) == ("accepted", "治党")
    assert (dec[r].status, dec[r].value) == ("rejected", "持续")
    assert (dec[e].status, dec[e].value, dec[e].note) == ("edited", "抓块", "typed")
    assert dec[a].who == "li" and dec[a].at.endswith("+00:00")
    assert store.counts() == {"pending": 9, "accepted": 1, "rejected": 1, "edited": 1}
    # a later decision on the same proposal wins
    store.decide(a, "reject", who="li")
    assert store.decision(a).status == "rejected"


def test_edit_equal_to_new_or_old_is_recorded_as_accept_or_reject(tmp_path):
    store, _, _ = make_store(tmp_path)
    a = by_change(store, D0, "治政")
    store.decide(a, "edit", "治党")
    assert store.decision(a).status == "accepted"
    assert store.journal()[-1].action == "accept"
    store.decide(a, "edit", "治政")
    assert store.decision(a).status == "rejected"


def test_edit_to_empty_text_is_an_edit(tmp_path):
    store, _, _ = make_store(tmp_path)
    a = by_change(store, D0, "治政")
    store.decide(a, "edit", "")
    assert (store.decision(a).status, store.decision(a).value) == ("edited", "")


def test_undo_takes_back_latest_of_this_editor_only(tmp_path):
    store, _, _ = make_store(tmp_path)
    a, b, c = (by_change(store, D0, "治政"), by_change(store, D1, "十八年"), by_change(store, D2, "人群"))
    store.decide(a, "accept", who="li")
    store.decide(b, "reject", who="li")
    store.decide(c, "accept", who="wang")
    assert store.undo(who="li") == [b]
    assert set(store.decisions()) == {a, c}
    assert store.undo(who="li") == [a]
    assert store.undo(who="li") == []
    assert set(store.decisions()) == {c}
    # the journal kept everything: 3 decisions and 2 undos
    assert [e.action for e in store.journal()] == ["accept", "reject", "accept", "undo", "undo"]


def test_undo_restores_the_previous_decision(tmp_path):
    store, _, _ = make_store(tmp_path)
    a = by_change(store, D0, "治政")
    store.decide(a, "accept", who="li")
    store.decide(a, "edit", "治国", who="li")
    store.undo(who="li")
    assert store.decision(a).status == "accepted"


def test_undo_works_across_reopen(tmp_path):
    store, _, _ = make_store(tmp_path)
    a, b = by_change(store, D0, "治政"), by_change(store, D1, "十八年")
    store.decide(a, "accept", who="li")
    store.decide(b, "accept", who="li")
    store.close()
    again = ReviewStore(tmp_path / "review.db")
    assert set(again.decisions()) == {a, b}
    assert again.undo(who="li") == [b]
    again.close()
    third = ReviewStore(tmp_path / "review.db")
    assert set(third.decisions()) == {a}


def test_batch_is_undone_at_once(tmp_path):
    store, _, _ = make_store(tmp_path)
    commas = [i.pid for i in store.items() if i.proposal.old == ","]
    single = by_change(store, D0, "治政")
    store.decide(single, "accept", who="li")
    seqs = store.decide_many([(pid, "accept", None) for pid in commas], who="li", note="series")
    assert len(seqs) == 3 and len({store.journal()[-1].batch}) == 1
    assert all(store.decision(pid).status == "accepted" for pid in commas)
    assert sorted(store.undo(who="li")) == sorted(commas)
    assert set(store.decisions()) == {single}


def test_journal_is_append_only(tmp_path):
    store, _, _ = make_store(tmp_path)
    store.decide(by_change(store, D0, "治政"), "accept")
    con = sqlite3.connect(tmp_path / "review.db")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE journal SET action = 'reject'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM journal")


def test_decision_is_committed_when_decide_returns(tmp_path):
    store, _, _ = make_store(tmp_path)
    a = by_change(store, D0, "治政")
    store.decide(a, "accept")
    # another connection (another process would be the same) sees it at once
    other = sqlite3.connect(tmp_path / "review.db")
    assert other.execute("SELECT action FROM journal").fetchall() == [("accept",)]


def test_two_stores_see_each_others_decisions(tmp_path):
    one, _, _ = make_store(tmp_path)
    two = ReviewStore(tmp_path / "review.db")
    a, b = by_change(one, D0, "治政"), by_change(one, D1, "十八年")
    v = two.data_version()
    one.decide(a, "accept", who="li")
    assert two.data_version() != v
    assert two.decision(a).status == "accepted"
    two.decide(b, "reject", who="wang")
    assert one.decision(b).status == "rejected"
    assert two.undo(who="wang") == [b]
    assert one.decision(b).status == "pending" and one.decision(a).status == "accepted"


def test_concurrent_writers_in_two_processes_lose_nothing(tmp_path):
    store, _, _ = make_store(tmp_path)
    pids = [i.pid for i in store.items()]
    script = (
        "import sys\nfrom corrector.store import ReviewStore\n"
        "s = ReviewStore(sys.argv[1])\n"
        "for k in range(20):\n"
        "    for pid in map(int, sys.argv[3:]):\n"
        "        s.decide(pid, 'accept' if k % 2 else 'reject', who=sys.argv[2])\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "review.db"), who, *map(str, part)])
        for who, part in (("li", pids[:6]), ("wang", pids[6:]))
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert len(store.journal()) == 20 * len(pids)
    assert store.counts()["accepted"] == len(pids)  # k = 19 is odd: accept
    assert sqlite3.connect(tmp_path / "review.db").execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_plan_detects_changed_added_and_removed_files(tmp_path):
    store, docs, folder = make_store(tmp_path)
    assert not store.plan(docs).needs_proposals
    path = folder / D1
    path.write_text(path.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    (folder / "005_new.txt").write_text("新增的一篇文章。", encoding="utf-8")
    (folder / D3).unlink()
    plan = store.plan(corrector.load([folder]))
    assert plan.needs_proposals and not plan.new
    assert (plan.changed, plan.added, plan.removed) == ([D1], ["005_new.txt"], [D3])
    assert D1 in plan.describe()


def test_refresh_carries_decisions_on_identical_hunks_only(tmp_path):
    store, _, folder = make_store(tmp_path)
    keep_accept = by_change(store, D0, "治政")      # 000 unchanged
    keep_edit = by_change(store, D1, "十八年")      # 001 changes, but far from this hunk
    lose = by_change(store, D1, "你我谦让")         # 001 changes next to this hunk
    store.decide(keep_accept, "accept", who="li")
    store.decide(keep_edit, "edit", "十八届", who="li")
    store.decide(lose, "accept", who="li")
    path = folder / D1
    text = path.read_text(encoding="utf-8")
    # change one character 10 code points before the 你我谦让 hunk: inside its context window
    at = text.index("你我谦让") - 10
    assert text[at] != "X"
    text = text[:at] + "X" + text[at + 1:]
    # and insert a line at the very top: every offset in 001 shifts
    path.write_text("插入一行。\n" + text, encoding="utf-8")
    docs = corrector.load([folder])
    plan = store.plan(docs)
    assert plan.changed == [D1]
    report = store.refresh(docs, build_result(docs), inputs=[folder], expected_generation=plan.generation)
    assert not report.superseded
    assert report.carried == 2
    assert [(i.proposal.old, d.status) for i, d in report.dropped] == [("你我谦让", "accepted")]
    dec = {store_item.proposal.old: store.decision(store_item.pid) for store_item in store.items()}
    assert dec["治政"].status == "accepted"
    assert (dec["十八年"].status, dec["十八年"].value) == ("edited", "十八届")
    assert dec["你我谦让"].status == "pending"  # never applied silently
    # the shifted hunk has its new offsets
    item = [i for i in store.items() if i.proposal.old == "十八年"][0]
    assert item.proposal.start == text.index("十八年") + len("插入一行。\n")
    # the carried entries say where they came from, and the journal still has the originals
    carried = [e for e in store.journal() if e.note and e.note.startswith("carried from")]
    assert len(carried) == 2 and all(e.origin for e in carried)
    # undo after refresh takes back the editor's latest carried decision (the edit), not a whole batch
    assert store.undo(who="li") == [item.pid]


def test_refresh_by_another_process_supersedes(tmp_path):
    store, docs, folder = make_store(tmp_path)
    plan_gen = store.generation()
    other = ReviewStore(tmp_path / "review.db")
    other.refresh(docs, build_result(docs), inputs=[folder], expected_generation=plan_gen)
    report = store.refresh(docs, build_result(docs), inputs=[folder], expected_generation=plan_gen)
    assert report.superseded
    assert store.generation() == plan_gen + 1


def test_refresh_rejects_proposals_that_do_not_match_the_text(tmp_path):
    store, docs, folder = make_store(tmp_path)
    result = build_result(docs)
    result.proposals[0].old = "不对"
    with pytest.raises(CorrectorError, match="does not match"):
        store.refresh(docs, result)


def test_decisions_on_retired_proposals_are_refused(tmp_path):
    store, docs, folder = make_store(tmp_path)
    old = by_change(store, D0, "治政")
    store.refresh(docs, build_result(docs))
    with pytest.raises(CorrectorError, match="newer proposal run"):
        store.decide(old, "accept")


@pytest.mark.parametrize(
    "content, message",
    [(b"this is not a database at all, just some text" * 20, "not a corrector review database")],
)
def test_bad_database_files(tmp_path, content, message):
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(CorrectorError, match=message):
        ReviewStore(bad)


def test_foreign_sqlite_database_is_refused(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(CorrectorError, match="not a corrector review database"):
        ReviewStore(other)


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(CorrectorError, match="does not exist"):
        ReviewStore(tmp_path / "nowhere" / "r.db")


def test_read_only_store_refuses_decisions(tmp_path):
    store, _, _ = make_store(tmp_path)
    a = by_change(store, D0, "治政")
    store.decide(a, "accept")
    ro = ReviewStore(tmp_path / "review.db", read_only=True)
    assert ro.decision(a).status == "accepted"
    with pytest.raises(CorrectorError, match="read-only"):
        ro.decide(a, "reject")


def test_export_writes_accepted_and_edited_changes(tmp_path):
    store, docs, folder = make_store(tmp_path)
    originals = {d.id: d.text for d in docs}
    store.decide(by_change(store, D0, "治政"), "accept")
    store.decide(by_change(store, D0, "抓抓"), "edit", "抓块")
    store.decide(by_change(store, D1, "持续"), "reject")
    store.decide(by_change(store, D2, ""), "accept")  # insertion of 语
    out = tmp_path / "out"
    summary = export(store, out)
    assert (summary.documents, summary.changed, summary.applied, summary.skipped) == (4, 2, 3, 9)
    t0 = (out / D0).read_text(encoding="utf-8")
    # checked by hand: exactly these two hunks change in 000, nothing else
    assert "全面从严治党纵深推进" in t0 and "以点带面、抓块扩面" in t0
    assert t0 == originals[D0].replace("从严治政", "从严治党").replace("、抓抓扩面", "、抓块扩面")
    assert (out / D2).read_text(encoding="utf-8") == originals[D2].replace("讲话重心长", "讲话语重心长")
    # unchanged documents are byte-identical copies, with no diff
    assert (out / D1).read_bytes() == (folder / D1).read_bytes()
    assert not (out / f"{D1}.diff").exists()
    diff = (out / f"{D0}.diff").read_text(encoding="utf-8")
    assert "-" in diff and "治政" in diff and "治党" in diff
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["command"] == "export"
    assert report["review"]["counts"] == {"pending": 8, "accepted": 2, "rejected": 1, "edited": 1}
    assert {r["new"] for r in report["applied"]} == {"治党", "抓块", "语"}
    reasons = {r["old"]: r["skipped_because"] for r in report["skipped"]}
    assert reasons["持续"] == "rejected by the editor" and reasons["十八年"] == "not reviewed"


def test_export_refuses_a_changed_input(tmp_path):
    store, _, folder = make_store(tmp_path)
    (folder / D2).write_text("改过了", encoding="utf-8")
    with pytest.raises(CorrectorError, match="changed since it was reviewed"):
        export(store, tmp_path / "out")


def test_export_refuses_output_inside_inputs(tmp_path):
    store, _, folder = make_store(tmp_path)
    with pytest.raises(CorrectorError, match="inside the input folder"):
        export(store, folder / "out")


def test_export_refuses_overlapping_accepted_changes(tmp_path):
    from corrector.model import Proposal

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("全面从严治政纵深推进", encoding="utf-8")
    docs = corrector.load([folder])
    ps = [Proposal("a.txt", 4, 6, "治政", "治党", 0.9, "substitution", "x"),
          Proposal("a.txt", 5, 7, "政纵", "党纵", 0.9, "substitution", "y")]
    store = ReviewStore(tmp_path / "r.db")
    store.refresh(docs, corrector.Result(docs, [], ps), inputs=[folder])
    for item in store.items():
        store.decide(item.pid, "accept")
    with pytest.raises(CorrectorError, match="overlap"):
        export(store, tmp_path / "out")


def test_export_before_any_review_is_refused(tmp_path):
    store = ReviewStore(tmp_path / "empty.db")
    with pytest.raises(CorrectorError, match="no proposals reviewed yet"):
        export(store, tmp_path / "out")


# A model of the journal semantics: per editor a stack of decisions; undo pops the latest.
actions = st.lists(
    st.tuples(st.sampled_from(["li", "wang"]), st.sampled_from(["accept", "reject", "edit", "undo"]),
              st.integers(0, 4)),
    max_size=25,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions)
def test_journal_replay_matches_a_simple_model(tmp_path_factory, steps):
    tmp = tmp_path_factory.mktemp("model")
    store, _, _ = make_store(tmp, commas=0)
    pids = [i.pid for i in store.items()][:5]
    olds = {i.pid: (i.proposal.old, i.proposal.new) for i in store.items()}
    history: list[tuple[str, int, str, str]] = []  # (who, pid, status, value) in force, in order
    for who, action, k in steps:
        if action == "undo":
            got = store.undo(who=who)
            mine = [k for k, h in enumerate(history) if h[0] == who]
            if mine:
                assert got == [history[mine[-1]][1]]
                del history[mine[-1]]
            else:
                assert got == []
            continue
        pid = pids[k]
        value = f"改{k}" if action == "edit" else None
        store.decide(pid, action, value, who=who)
        old, new = olds[pid]
        status, val = {"accept": ("accepted", new), "reject": ("rejected", old), "edit": ("edited", value)}[action]
        history.append((who, pid, status, val))
    expected = {}
    for _who, pid, status, val in history:
        expected[pid] = (status, val)
    assert {pid: (d.status, d.value) for pid, d in store.decisions().items()} == expected
    store.close()


def test_refresh_with_the_real_engine_carries_only_identical_hunks(tmp_path):
    """On the seeds with corrector.propose: decide, change one file, propose again."""
    from .tui_fixtures import copy_seeds

    folder = copy_seeds(tmp_path)
    docs = corrector.load([folder])
    store = ReviewStore(tmp_path / "r.db")
    store.refresh(docs, corrector.propose(docs), inputs=[folder])
    items = store.items()
    assert items, "the engine proposes something on the seeds"
    decided = items[::2]
    for k, item in enumerate(decided):
        store.decide(item.pid, ("accept", "reject")[k % 2], who="li")
    before = {i.pid: i for i in items}
    path = folder / D1
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2] + "插入的句子。" + text[len(text) // 2:], encoding="utf-8")
    docs = corrector.load([folder])
    report = store.refresh(docs, corrector.propose(docs), expected_generation=1)
    assert report.carried + len(report.dropped) == len(decided)
    assert report.carried > 0  # 000, 002 and 003 did not change: their decided hunks carry
    texts = {d.id: d.text for d in docs}
    con = sqlite3.connect(tmp_path / "r.db")
    for e in store.journal():
        if not (e.note or "").startswith("carried from"):
            continue
        origin = next(x for x in store.journal() if x.seq == e.origin)
        old_item, new_item = before[origin.pid], next(i for i in store.items() if i.pid == e.pid)
        o, n = old_item.proposal, new_item.proposal
        assert (o.doc, o.old, o.new) == (n.doc, n.old, n.new)
        old_ctx = con.execute("SELECT before, after FROM proposals WHERE pid = ?", (origin.pid,)).fetchone()
        t = texts[n.doc]
        assert old_ctx == (t[max(0, n.start - 30):n.start], t[n.end:n.end + 30])
    # every carried decision is in force on the new proposals; nothing else is decided
    assert len(store.decisions()) == report.carried


# --------------------------------------------------------------------- journal and carry-over without SQLite

from corrector.store import PENDING, Entry, Hunk, Verdict, carry_over, replay, undo_targets  # noqa: E402


def entry(seq, pid, action, value=None, who="li", undoes=None, batch=None):
    return Entry(seq, pid, action, value, who, f"t{seq}", undoes=undoes, batch=batch)


def test_replay_gives_the_latest_decision_not_undone():
    texts = {1: ("治政", "治党"), 2: ("持续", "为继")}
    entries = [
        entry(1, 1, "accept"),
        entry(2, 2, "edit", "继续"),
        entry(3, 1, "reject", who="wang"),
        entry(4, 1, "undo", who="wang", undoes=3),
        entry(5, 9, "accept"),  # a retired proposal: ignored
    ]
    got = replay(entries, texts)
    assert got == {1: Verdict("accepted", "治党", 1, "li", "t1"), 2: Verdict("edited", "继续", 2, "li", "t2")}
    assert replay(entries + [entry(6, 1, "undo", undoes=1)], texts).get(1, PENDING) == PENDING


def test_undo_targets_only_the_editors_own_latest_batch():
    entries = [
        entry(1, 1, "accept", batch="b1"),
        entry(2, 2, "accept", batch="b1"),
        entry(3, 3, "reject", who="wang"),
    ]
    assert [e.seq for e in undo_targets(entries, "li", {1, 2, 3})] == [1, 2]
    assert [e.seq for e in undo_targets(entries, "wang", {1, 2, 3})] == [3]
    # already undone, or on a proposal no longer under review: not taken back again
    assert undo_targets(entries + [entry(4, 3, "undo", who="wang", undoes=3)], "wang", {1, 2, 3}) == []
    assert undo_targets(entries, "wang", {1, 2}) == []


def test_carry_over_needs_the_same_text_around_and_for_accepts_the_same_new_text():
    def h(pid, new="治党", before="全面从严", after="纵深推进", old="治政", doc="a"):
        return Hunk(pid, doc, old, new, before, after)

    accepted = Verdict("accepted", "治党", 1, "li", "t1")
    edited = Verdict("edited", "治国", 2, "li", "t2")
    # same place, same change: carried
    plan = carry_over([(h(1), accepted)], [h(10)])
    assert plan.carried == [(accepted, 10)] and plan.dropped == []
    # an accept does not carry to a proposal of another new text; an edit does (the editor typed it)
    plan = carry_over([(h(1), accepted)], [h(10, new="治国")])
    assert plan.carried == [] and plan.dropped == [(h(1), accepted)]
    plan = carry_over([(h(2), edited)], [h(10, new="治国")])
    assert plan.carried == [(edited, 10)]
    # other text around it, or another document: dropped
    assert carry_over([(h(1), accepted)], [h(10, before="全面从宽")]).carried == []
    assert carry_over([(h(1), accepted)], [h(10, doc="b")]).carried == []
    # each new proposal takes one decision; they are recorded in the order they were made
    later = Verdict("rejected", "治政", 5, "li", "t5")
    plan = carry_over([(h(3), later), (h(1), accepted)], [h(10), h(11)])
    assert plan.carried == [(accepted, 11), (later, 10)]
    assert carry_over([(h(1), accepted), (h(3), later)], [h(10)]).dropped == [(h(3), later)]


# --------------------------------------------------------------------- storage that cannot be written, damage


def test_database_in_a_read_only_folder_opens_immutable_and_exports(tmp_path, monkeypatch):
    store, _, folder = make_store(tmp_path)
    a = by_change(store, D0, "治政")
    store.decide(a, "accept")
    store.close()  # the last connection merges the write-ahead log into the file
    assert not (tmp_path / "review.db-wal").exists()
    import corrector.store.database as database

    real = database.os.access
    monkeypatch.setattr(database.os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    ro = ReviewStore(tmp_path / "review.db")
    assert ro.read_only and "not writable" in ro.read_only_reason
    assert ro.decision(a).status == "accepted"
    summary = export(ro, tmp_path / "out")
    assert summary.applied == 1
    assert "治党" in (tmp_path / "out" / D0).read_text(encoding="utf-8")
    assert not (tmp_path / "review.db-shm").exists()  # nothing was written next to it


def test_read_only_folder_with_unmerged_decisions_says_so(tmp_path, monkeypatch):
    store, _, _ = make_store(tmp_path)
    store.decide(by_change(store, D0, "治政"), "accept")  # store stays open: the log is not merged
    assert (tmp_path / "review.db-wal").stat().st_size > 0
    import corrector.store.database as database

    real = database.os.access
    monkeypatch.setattr(database.os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    with pytest.raises(CorrectorError, match="still in review.db-wal"):
        ReviewStore(tmp_path / "review.db")
    store.close()


def test_damaged_database_is_one_clear_error(tmp_path):
    store, _, _ = make_store(tmp_path)
    store.close()
    path = tmp_path / "review.db"
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[-page:] = b"\xff" * page  # a page of proposals overwritten (opening alone does not read it)
    path.write_bytes(bytes(data))
    with pytest.raises(CorrectorError, match="damaged") as err:
        ReviewStore(path)
    assert "\n" not in str(err.value)


def test_damaged_database_is_exit_2_from_the_command_line(tmp_path):
    store, _, _ = make_store(tmp_path)
    store.close()
    path = tmp_path / "review.db"
    data = bytearray(path.read_bytes())
    data[-4096:] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    proc = subprocess.run([sys.executable, "-m", "corrector", "export", "--db", str(path), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "damaged" in proc.stderr and "Traceback" not in proc.stderr
