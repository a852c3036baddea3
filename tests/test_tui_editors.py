"""Several editors on one database: each window sees the others' decisions, who made them, and asks before overwriting."""

from __future__ import annotations

from corrector.store import Conflict, ReviewStore
from tui.dialogs import ConfirmDialog

from .tui_fixtures import D0, D1, drive, go, make_store, open_app, pid_of, review_app, wait_for


def test_store_refuses_a_verdict_made_on_a_stale_view(tmp_path):
    store, _, _ = make_store(tmp_path)
    other = ReviewStore(tmp_path / "review.db")
    pid = pid_of(store, D0, "治政")
    other.decide(pid, "reject", who="wang")
    try:
        store.decide(pid, "accept", who="li", expect=0)  # li still saw it pending
    except Conflict as err:
        assert err.verdict.who == "wang" and err.verdict.status == "rejected"
    else:
        raise AssertionError("a stale verdict was written")
    assert store.decision(pid).who == "wang"
    # with wang's verdict in view, li's replaces it; li's own earlier verdict is never a conflict
    store.decide(pid, "accept", who="li", expect=store.decision(pid).seq)
    store.decide(pid, "reject", who="li", expect=0)
    assert store.decision(pid).status == "rejected" and store.decision(pid).who == "li"


def test_a_window_sees_another_editors_decision_within_a_second_and_who_made_it(tmp_path):
    store, _, _ = make_store(tmp_path)
    app = open_app(store, poll_interval=1.0)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "治政")
        ReviewStore(tmp_path / "review.db").decide(pid, "reject", who="wang")
        await wait_for(pilot, lambda: screen.state.status(pid) == "rejected", timeout=1.5)
        assert "REJECTED by wang" in " ".join(screen.query_one("#card").text.split())  # wrapped at 80x24
        assert "wang decided" in screen.query_one("#message").plain
        assert "✗" in screen.queue.row_cells(pid)[0]

    drive(app, steps)


def test_overwriting_another_editors_decision_asks_first(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "治政")
        ReviewStore(tmp_path / "review.db").decide(pid, "reject", who="wang")
        await wait_for(pilot, lambda: screen.state.status(pid) == "rejected")
        await pilot.press("y")
        assert isinstance(app.screen, ConfirmDialog) and "wang already rejected" in app.screen.title_text
        await pilot.press("escape")
        assert store.decision(pid).who == "wang"
        await go(pilot, screen, D0, "治政")
        await pilot.press("y", "enter")
        await wait_for(pilot, lambda: store.decision(pid).status == "accepted")
        assert store.decision(pid).who == "li"

    drive(app, steps)


def test_a_decision_made_elsewhere_a_moment_ago_is_not_overwritten_silently(tmp_path):
    store, _, _ = make_store(tmp_path)
    app = open_app(store, poll_interval=3600)  # this window has not seen wang's decision yet

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D1, "十八年")
        ReviewStore(tmp_path / "review.db").decide(pid, "reject", who="wang")
        await pilot.press("y")
        assert isinstance(app.screen, ConfirmDialog) and "wang already rejected" in app.screen.title_text
        assert store.decision(pid).who == "wang"
        await pilot.press("escape")
        assert store.decision(pid).who == "wang"

    drive(app, steps)


def test_u_undoes_only_this_editors_own_decisions(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        mine = await go(pilot, screen, D0, "治政")
        await pilot.press("y")
        theirs = pid_of(store, D1, "十八年")
        ReviewStore(tmp_path / "review.db").decide(theirs, "reject", who="wang")  # after li's
        await wait_for(pilot, lambda: screen.state.status(theirs) == "rejected")
        await pilot.press("u")
        assert store.decision(mine).status == "pending"
        assert store.decision(theirs).status == "rejected"  # wang's, the latest, stays
        await pilot.press("u")
        assert store.decision(theirs).status == "rejected"
        assert "nothing of yours to undo" in screen.query_one("#message").plain

    drive(app, steps)
