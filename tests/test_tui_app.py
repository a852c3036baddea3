"""Pilot tests for the review app: every key path, restarts, two windows, stale inputs."""

from __future__ import annotations

import corrector
from textual.widgets import Input, Select, Static

from corrector.store import ReviewStore
from tui.dialogs import EditDialog, FilterDialog, SeriesDialog, ThresholdDialog
from tui.screens import HelpScreen
from tui.widgets import TickList

from .tui_fixtures import (
    D0, D1, D2, SIZE, copy_seeds, drive, fake_propose, go, go_to_change, make_store, open_app, open_series,
    pid_of, review_app, run, shown_text, wait_for,
)


def status(store, pid):
    return store.decision(pid).status


def status_line(screen) -> str:
    return screen.query_one("#status").plain


def test_first_open_runs_the_engine_in_a_worker(tmp_path):
    folder = copy_seeds(tmp_path)
    docs = corrector.load([folder])
    store = ReviewStore(tmp_path / "r.db")
    calls = []

    def propose(documents, progress=None, **kw):
        import threading

        calls.append(threading.current_thread() is threading.main_thread())
        return fake_propose(documents, progress=progress)

    app = open_app(store, documents=docs, plan=store.plan(docs), inputs=[str(folder)], propose=propose)

    async def steps(pilot, screen):
        assert calls == [False]  # the engine ran off the main thread
        assert len(screen.queue.pids) == 12
        assert "all 0/12 decided" in status_line(screen)
        assert screen.current_item() is not None

    drive(app, steps)
    assert store.generation() == 1 and len(store.items()) == 12
    assert store.inputs() == [str(folder.resolve())]


def test_engine_failure_is_one_line_and_q_quits(tmp_path):
    folder = copy_seeds(tmp_path)
    docs = corrector.load([folder])
    store = ReviewStore(tmp_path / "r.db")

    def broken(documents, progress=None, **kw):
        raise corrector.CorrectorError("no reprints found among the inputs")

    app = open_app(store, documents=docs, plan=store.plan(docs), propose=broken)

    async def main():
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.failure is not None)
            await pilot.pause()
            text = shown_text(app.screen.query_one("#loading-text", Static))
            assert "no reprints found" in text
            await pilot.press("y")  # nothing to decide while there is no queue
            await pilot.press("q")
        assert app.return_code == 0
        assert app.return_value.state == "failed" and "no reprints found" in app.return_value.failure

    run(main())
    assert store.generation() == 0


def test_y_accepts_n_rejects_p_hides_decided(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        first = screen.current_item().pid
        nxt = screen.queue.pids[screen.queue.pids.index(first) + 1]
        await pilot.press("y")
        assert status(store, first) == "accepted"
        assert screen.current_item().pid == nxt
        assert "all 1/12 decided" in status_line(screen)
        assert "✓" in str(screen.queue.row_cells(first)[0])
        # n rejects
        pid = await go(pilot, screen, D1, "持续")
        await pilot.press("n")
        assert (status(store, pid), store.decision(pid).value) == ("rejected", "持续")
        assert "✗" in str(screen.queue.row_cells(pid)[0])
        # p shows only the undecided, and p again everything
        await pilot.press("p")
        assert first not in screen.queue.pids and pid not in screen.queue.pids
        assert len(screen.queue.pids) == 10 and "queue 10: pending" in status_line(screen)
        await pilot.press("p")
        assert len(screen.queue.pids) == 12

    drive(app, steps)


def test_e_opens_the_edit_modal_and_saves_the_text_typed(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "治政")
        await pilot.press("e")
        assert isinstance(app.screen, EditDialog)
        box = app.screen.query_one("#edit-input", Input)
        assert box.value == "治党" and box.has_focus
        # verdict keys type into the box instead of deciding
        await pilot.press("end", "ctrl+u", "y", "n", "u", "j", "1", "q")
        assert box.value == "ynuj1q"
        assert status(store, pid) == "pending"
        await pilot.press("ctrl+u", "治", "国")
        await pilot.press("enter")
        assert app.screen is screen
        assert (status(store, pid), store.decision(pid).value) == ("edited", "治国")
        assert store.journal()[-1].note == "typed"
        # editing again starts from the editor's text; escape cancels
        await go(pilot, screen, D0, "治政")
        await pilot.press("e")
        assert app.screen.query_one("#edit-input", Input).value == "治国"
        await pilot.press("x", "escape")
        assert app.screen is screen
        assert store.decision(pid).value == "治国"
        assert len(store.journal()) == 1

    drive(app, steps)


def test_enter_saves_the_edit_even_where_the_box_lost_focus(tmp_path):
    # the dialog's own enter binding (TextEntryDialog.action_save), not the box's submit: a click
    # elsewhere in the dialog takes the focus from the box, and enter must still save what is typed
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "治政")
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        box = dialog.query_one("#edit-input", Input)
        await pilot.press("ctrl+u", "治", "理")
        dialog.set_focus(None)
        await pilot.pause()
        assert not box.has_focus
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        return status(store, pid), store.decision(pid).value

    assert drive(app, steps) == ("edited", "治理")


def test_digit_keys_take_a_witness_reading(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        # 000 抓抓: witness 1 = 001 抓点 (the proposal), 2 = 002 抓块, 3 = 000 itself
        pid = await go(pilot, screen, D0, "抓抓")
        await pilot.press("2")
        assert (status(store, pid), store.decision(pid).value) == ("edited", "抓块")
        assert store.decision(pid).note == f"witness 2 ({D2})"
        await go(pilot, screen, D0, "抓抓")
        await pilot.press("1")
        assert status(store, pid) == "accepted"
        await go(pilot, screen, D0, "抓抓")
        await pilot.press("3")
        assert status(store, pid) == "rejected"
        await go(pilot, screen, D0, "抓抓")
        n = len(store.journal())
        await pilot.press("9")
        assert len(store.journal()) == n  # there is no witness 9: nothing recorded

    drive(app, steps)


def test_u_undoes_and_goes_back_to_the_item(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D1, "十八年")
        await pilot.press("y")
        assert screen.current_item().pid != pid
        await pilot.press("u")
        assert status(store, pid) == "pending"
        assert screen.current_item().pid == pid
        await pilot.press("u")  # nothing left: no change, no error
        assert store.decisions() == {}

    drive(app, steps)


def test_undo_and_resume_after_a_restart(tmp_path):
    store, app = review_app(tmp_path)
    state = {}

    async def first(pilot, screen):
        state["a"] = await go(pilot, screen, D0, "治政")
        await pilot.press("y")
        state["b"] = await go(pilot, screen, D1, "你我谦让")
        await pilot.press("n")
        state["at"] = screen.current_item().pid
        await pilot.press("q")

    drive(app, first)
    store.close()
    again = ReviewStore(tmp_path / "review.db")
    assert {p: d.status for p, d in again.decisions().items()} == {state["a"]: "accepted", state["b"]: "rejected"}
    app2 = open_app(again)

    async def second(pilot, screen):
        assert screen.current_item().pid == state["at"]  # resumes where the editor was
        await pilot.press("u")
        assert screen.current_item().pid == state["b"]
        await pilot.press("u")
        assert again.decisions() == {}

    drive(app2, second)


def test_j_k_move_and_J_K_skip_decided(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        pids = screen.queue.pids
        screen.queue.goto(pids[0])
        await pilot.pause()
        await pilot.press("j", "j")
        assert screen.current_item().pid == pids[2]
        await pilot.press("k")
        assert screen.current_item().pid == pids[1]
        # decide rows 2 and 3 from another connection, then J from row 1 skips them
        other = ReviewStore(tmp_path / "review.db")
        other.decide(pids[2], "accept", who="wang")
        other.decide(pids[3], "reject", who="wang")
        await wait_for(pilot, lambda: screen.state.status(pids[3]) == "rejected")
        await pilot.press("J")
        assert screen.current_item().pid == pids[4]
        await pilot.press("K")
        assert screen.current_item().pid == pids[1]
        screen.queue.goto(pids[-1])
        await pilot.pause()
        await pilot.press("j")  # at the end: stays
        assert screen.current_item().pid == pids[-1]

    drive(app, steps)


def test_Y_accepts_the_same_change_everywhere_with_unticking(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        commas, dialog = await open_series(pilot, screen, ",")
        assert len(commas) == 3
        ticks = dialog.query_one("#series-list", TickList)
        assert ticks.ticked == commas
        assert "3 of 3 ticked" in shown_text(dialog.query_one("#series-count", Static))
        await pilot.press("down", "space")  # untick the second
        assert ticks.ticked == [commas[0], commas[2]]
        assert "2 of 3 ticked" in shown_text(dialog.query_one("#series-count", Static))
        await pilot.press("enter")  # enter confirms (it does not tick), as in every dialog
        assert app.screen is screen
        assert [status(store, p) for p in commas] == ["accepted", "pending", "accepted"]
        batch = {e.batch for e in store.journal()}
        assert len(batch) == 1 and None not in batch
        await pilot.press("u")  # one undo takes the series back
        assert [status(store, p) for p in commas] == ["pending"] * 3

    drive(app, steps)


def test_N_rejects_the_same_change_everywhere_and_escape_cancels(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        commas = await go_to_change(pilot, screen, ",", 1)
        await pilot.press("N")
        assert isinstance(app.screen, SeriesDialog)
        await pilot.press("escape")
        assert app.screen is screen and store.decisions() == {}
        # one of them already decided: the series offers the current one and the undecided others
        ReviewStore(tmp_path / "review.db").decide(commas[2], "accept", who="li")
        await wait_for(pilot, lambda: screen.state.status(commas[2]) == "accepted")
        await pilot.press("N")
        assert app.screen.query_one("#series-list", TickList).ticked == commas[:2]
        await pilot.press("y")  # y does not confirm a reject: only enter confirms
        assert isinstance(app.screen, SeriesDialog) and status(store, commas[0]) == "pending"
        await pilot.press("enter")
        assert [status(store, p) for p in commas] == ["rejected", "rejected", "accepted"]

    drive(app, steps)


def test_A_accepts_everything_at_or_above_a_typed_confidence(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        await pilot.press("A")
        assert isinstance(app.screen, ThresholdDialog)
        box = app.screen.query_one("#threshold-input", Input)
        assert box.has_focus
        await pilot.press("end", "ctrl+u", "0", ".", "9")
        # checked by hand against the fixtures: 治政 0.97, 十八年 0.95, 你我谦让 0.91, first comma 0.95
        assert "4 undecided proposals at or above 0.90" in shown_text(app.screen.query_one("#threshold-count"))
        await pilot.press("y")  # the box has focus: y is just typed (and refused by the filter)
        assert box.value == "0.9" and store.decisions() == {}
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, SeriesDialog)
        assert "Accept 4 undecided proposal(s) with confidence ≥ 0.90" in dialog.title_text
        await pilot.press("enter")
        got = sorted(i.proposal.old for i in screen.state.items if store.decision(i.pid).status == "accepted")
        assert got == sorted(["治政", "十八年", "你我谦让", ","])

    drive(app, steps)


def test_A_leaves_variants_out(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, _screen):
        await pilot.press("A", "end", "ctrl+u", "0", "enter")
        dialog = app.screen
        assert isinstance(dialog, SeriesDialog)
        assert len(dialog.items) == 11  # all 12 but the variant 持续 › 为继
        assert all(i.proposal.kind != "variant" for i in dialog.items)
        await pilot.press("escape")

    drive(app, steps)


def test_slash_searches_the_queue_and_verdict_keys_stay_in_the_box(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        await pilot.press("slash")
        box = screen.query_one("#search", Input)
        assert box.has_focus
        await pilot.press("谦")
        assert [screen.state.item(p).proposal.old for p in screen.queue.pids] == ["你我谦让"]
        await pilot.press("y", "n", "e", "u", "1")
        assert box.value == "谦ynеu1".replace("е", "e")
        assert store.decisions() == {} and isinstance(app.screen, type(screen))
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", "enter")
        assert screen.queue.has_focus
        await pilot.press("y")
        assert status(store, pid_of(store, D1, "你我谦让")) == "accepted"
        await pilot.press("escape")
        assert not box.display and len(screen.queue.pids) == 12

    drive(app, steps)


def test_f_filters_by_status_kind_band_and_document(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        await go(pilot, screen, D0, "治政")
        await pilot.press("y")
        await pilot.press("f")
        assert isinstance(app.screen, FilterDialog)
        await pilot.press("space")  # untick "pending" (it has focus)
        # the box reads [ ] when unticked and [X] when ticked, without colour
        assert "[ ]" in app.screen.query_one("#filter-pending").render().plain
        assert "[X]" in app.screen.query_one("#filter-accepted").render().plain
        await pilot.press("enter")
        assert [screen.state.item(p).proposal.old for p in screen.queue.pids] == ["治政"]
        # kind: variant
        await pilot.press("f")
        dialog = app.screen
        await pilot.press("space")  # tick pending again
        dialog.query_one("#filter-kind", Select).value = "variant"
        await pilot.press("enter")
        assert [screen.state.item(p).proposal.old for p in screen.queue.pids] == ["持续"]
        assert "variant" in status_line(screen)
        # band <.50 (the command line's lowest band) and any kind: 持续 0.40 and 抓抓 0.48
        await pilot.press("f")
        app.screen.query_one("#filter-kind", Select).value = ""
        app.screen.query_one("#filter-band", Select).value = "<.50"
        await pilot.press("enter")
        assert sorted(screen.state.item(p).proposal.old for p in screen.queue.pids) == ["抓抓", "持续"]
        # document 002, any band
        await pilot.press("f")
        app.screen.query_one("#filter-band", Select).value = "all"
        app.screen.query_one("#filter-doc", Select).value = D2
        await pilot.press("enter")
        assert {screen.state.item(p).proposal.doc for p in screen.queue.pids} == {D2}
        assert len(screen.queue.pids) == 3
        # escape cancels, reset clears
        await pilot.press("f", "escape")
        assert len(screen.queue.pids) == 3
        await pilot.press("f")
        await pilot.click("#filter-reset")
        assert len(screen.queue.pids) == 12

    drive(app, steps)
    # the filter is remembered for this editor
    assert store.get_state("filter:li")["doc"] is None


def test_question_mark_lists_every_key(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = shown_text(app.screen.query_one("#help-table", Static))
        for key, words in [("y", "accept"), ("n", "reject"), ("e", "own text"), ("1-9", "witness"),
                           ("u", "undo"), ("j", "next proposal"), ("k", "previous proposal"),
                           ("J", "next undecided"), ("K", "previous undecided"), ("Y", "accept the same"),
                           ("N", "reject the same"), ("A", "at or above"), ("/", "search"),
                           ("f", "filter"), ("p", "undecided"), ("?", "keys"), ("q", "quit")]:
            assert any(line.split()[:1] == [key] and words in line for line in text.splitlines()), key
        await pilot.press("escape")
        assert app.screen is screen

    drive(app, steps)


def test_key_bar_lists_the_keys_at_80_columns(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        bar = screen.query_one("#keys")
        text = bar.plain
        for key in ["y accept", "n reject", "e edit", "1-9 take", "u undo", "j/k move", "J/K undecided",
                    "Y/N all alike", "A accept ≥", "/ search", "f filter", "p pending", "? help", "q quit"]:
            assert key in text, key
        for key in ["d document", "c concordance", "a/x rest of doc", "]/[ next doc", "P progress", "m note",
                    "h history", "R stale", "X export"]:
            assert key in text, key
        assert bar.size.height == len(text.splitlines()) <= 4  # every key shown at 80 columns
        # while the search box has focus the verdict keys are hidden from the bar
        await pilot.press("slash")
        await pilot.pause()
        assert "y accept" not in bar.plain

    drive(app, steps)


def test_q_quits_and_decisions_are_already_saved(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        pid = screen.current_item().pid
        await pilot.press("y", "q")
        return pid

    pid = drive(app, steps)
    assert app.return_code == 0 and app.return_value.state == "done" and app.return_value.failure is None
    assert ReviewStore(tmp_path / "review.db").decision(pid).status == "accepted"


def test_two_windows_see_each_others_decisions(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        other = ReviewStore(tmp_path / "review.db")
        pid = pid_of(other, D2, "人群")
        other.decide(pid, "accept", who="wang")
        await wait_for(pilot, lambda: screen.state.status(pid) == "accepted")
        assert "all 1/12 decided" in status_line(screen)
        assert "✓" in str(screen.queue.row_cells(pid)[0])
        # and ours reach the other window
        mine = await go(pilot, screen, D0, "治政")
        await pilot.press("n")
        assert other.decision(mine).status == "rejected" and other.decision(mine).who == "li"
        # wang's decision is not ours to undo
        await pilot.press("u", "u")
        assert other.decision(pid).status == "accepted" and other.decision(mine).status == "pending"

    drive(app, steps)


def test_changed_input_is_reported_reproposed_and_only_identical_hunks_keep_decisions(tmp_path):
    store, docs, folder = make_store(tmp_path)
    keep = pid_of(store, D0, "治政")
    lose = pid_of(store, D1, "你我谦让")
    store.decide(keep, "accept", who="li")
    store.decide(lose, "accept", who="li")
    path = folder / D1
    text = path.read_text(encoding="utf-8")
    at = text.index("你我谦让") - 5
    path.write_text(text[:at] + "某" + text[at + 1:], encoding="utf-8")
    docs = corrector.load([folder])
    plan = store.plan(docs)
    assert plan.changed == [D1]
    app = open_app(store, documents=docs, plan=plan, inputs=[str(folder)], propose=fake_propose)

    async def steps(pilot, screen):
        assert any("changed since the review began" in m and "1 decision(s) kept" in m
                   and "1 no longer apply" in m for m in app.messages)
        new_keep = pid_of(screen, D0, "治政")
        new_lose = pid_of(screen, D1, "你我谦让")
        assert screen.state.status(new_keep) == "accepted"
        assert screen.state.status(new_lose) == "pending"
        assert "all 1/12 decided" in status_line(screen)

    drive(app, steps)


def test_read_only_database_refuses_decisions_with_a_notice(tmp_path):
    store, _, _ = make_store(tmp_path)
    store.close()
    ro = ReviewStore(tmp_path / "review.db", read_only=True)
    app = open_app(ro)

    async def steps(pilot, screen):
        assert "READ-ONLY" in status_line(screen)
        await pilot.press("y")
        assert any("read-only" in m for m in app.messages)
        assert ro.decisions() == {}

    drive(app, steps)


def test_resize_relays_the_queue_and_card(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        narrow = screen.queue.laid_out_for
        assert str(screen.queue.row_cells(screen.queue.pids[0])[5]).strip() in {"s", "i", "d", "t", "n", "V"}
        await pilot.resize_terminal(160, 48)
        await wait_for(pilot, lambda: screen.queue.laid_out_for > narrow)
        assert str(screen.queue.row_cells(screen.queue.pids[0])[5]).strip() == "substitution"

    drive(app, steps)


def test_q_while_the_engine_runs_quits_at_once(tmp_path):
    import threading

    folder = copy_seeds(tmp_path)
    docs = corrector.load([folder])
    store = ReviewStore(tmp_path / "r.db")
    release = threading.Event()

    def slow(documents, progress=None, **kw):
        progress("discover", 0, 1)
        release.wait(30)
        return fake_propose(documents)

    app = open_app(store, documents=docs, plan=store.plan(docs), propose=slow)

    async def main():
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: "discover" in str(app.screen.query_one("#loading-text").content))
            await pilot.press("y", "j")  # no queue yet: nothing happens
            await pilot.press("q")

    try:
        run(main())
        assert app.return_value.state == "abandoned" and store.generation() == 0
    finally:
        release.set()


def test_A_accepts_what_auto_mode_would_apply_and_reads_95_as_a_percentage(tmp_path):
    """One bulk-accept policy: A offers what corrector.policy.select applies at the threshold typed."""
    from corrector.model import WitnessReading
    from corrector.policy import select

    from .tui_fixtures import build_result

    folder = copy_seeds(tmp_path)
    docs = corrector.load([folder])
    result = build_result(docs)
    # 治政 (0.97): let a second printing read 治政 too; auto mode then needs 0.99 and leaves it out
    p = next(p for p in result.proposals if p.old == "治政")
    own = next(r for r in p.readings if r.text == "治政")
    own.witnesses.append(WitnessReading(D2, 0, 2, "治政"))
    store = ReviewStore(tmp_path / "r.db")
    store.refresh(docs, result, inputs=[folder])
    applied, _ = select([i.proposal for i in store.items()], min_confidence=0.95)
    assert sorted(q.old for q in applied) == sorted(["十八年", ","])  # by hand: 治政 (shared, needs 0.974) left out
    app = open_app(store)

    async def steps(pilot, _screen):
        await pilot.press("A", "end", "ctrl+u", "9", "5")
        count = shown_text(app.screen.query_one("#threshold-count"))
        assert "at or above 0.95" in count
        # at 0.95: 十八年 0.95 and the first comma 0.95; 治政 0.97 is left out by auto mode's rule
        assert count.startswith("2 undecided") and "1 more left out" in count
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, SeriesDialog)
        assert sorted(i.proposal.old for i in dialog.items) == sorted(["十八年", ","])

    drive(app, steps)
