"""Pilot tests for the defects listed in issue 13 (each fails on the app as it was before the fix)."""

from __future__ import annotations

import corrector
from textual import events

from corrector.model import WitnessReading
from corrector.store import ReviewStore
from tui.dialogs import EditDialog, SeriesDialog
from tui.screens import HelpScreen
from tui.widgets.queue import change_text

from .tui_fixtures import (
    D0, build_result, copy_seeds, drive, go, make_store, open_app, pid_of, review_app, shown_text, wait_for,
)


def cursor_visible(screen) -> bool:
    q = screen.queue
    top = round(q.scroll_y)
    rows = q.scrollable_content_region.height - 1  # the header line stays
    return top <= q.cursor_row < top + rows


def test_current_row_stays_visible_after_reopen_filter_search_and_resize(tmp_path):
    store, _, _ = make_store(tmp_path, commas=40)  # 49 rows: more than an 80x24 queue shows
    last = store.items()[-1].pid
    store.set_state("cursor:li", last)
    app = open_app(store)

    async def steps(pilot, screen):
        assert screen.queue.current_pid == last and cursor_visible(screen)  # reopened
        await pilot.press("p")  # a filter
        await pilot.press("p")
        assert screen.queue.current_pid == last and cursor_visible(screen)
        await pilot.press("slash", "0", "escape")  # the search closed
        await wait_for(pilot, lambda: not screen.query_one("#search").display)
        assert screen.queue.current_pid == last and cursor_visible(screen)
        await pilot.resize_terminal(80, 14)  # a smaller terminal
        await pilot.pause()
        assert cursor_visible(screen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert cursor_visible(screen)

    drive(app, steps)


def test_home_end_g_and_G_go_to_the_first_and_last_proposal(tmp_path):
    store, app = review_app(tmp_path, commas=40)

    async def steps(pilot, screen):
        pids = screen.queue.pids
        await pilot.press("G")
        assert screen.queue.current_pid == pids[-1] and cursor_visible(screen)
        await pilot.press("g")
        assert screen.queue.current_pid == pids[0] and cursor_visible(screen)
        await pilot.press("end")
        assert screen.queue.current_pid == pids[-1]
        await pilot.press("home")
        assert screen.queue.current_pid == pids[0]

    drive(app, steps)


def many_witness_store(tmp_path):
    """治政 › 治党 with 12 printings reading 治党 (numbered 1-12) and the target's 治政 (13)."""
    folder = copy_seeds(tmp_path)
    docs = corrector.load([folder])
    result = build_result(docs)
    p = next(p for p in result.proposals if p.old == "治政")
    best = p.readings[0]
    assert best.text == "治党"
    w = best.witnesses[0]
    best.witnesses.extend(WitnessReading(w.doc, w.start, w.end, w.text) for _ in range(10))
    store = ReviewStore(tmp_path / "r.db")
    store.refresh(docs, result, inputs=[folder])
    return store


def test_witness_ten_and_up_can_be_taken_and_the_votes_stay_on_the_card(tmp_path):
    store = many_witness_store(tmp_path)
    app = open_app(store)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "治政")
        card = screen.query_one("#card")
        on_screen = card.text.splitlines()[: card.size.height]
        assert any(line.startswith("reading") for line in on_screen)  # the vote table is not pushed off
        assert any(line.startswith("why:") for line in on_screen)
        await pilot.press("1", "3")  # witness 13: the target's own reading
        await wait_for(pilot, lambda: store.decision(pid).status != "pending")
        d = store.decision(pid)
        assert (d.status, d.value, d.note) == ("rejected", "治政", f"witness 13 ({D0})")
        await pilot.press("u")
        await go(pilot, screen, D0, "治政")
        await pilot.press("1")  # one digit, then nothing: witness 1 after a moment
        await wait_for(pilot, lambda: store.decision(pid).status != "pending")
        assert store.decision(pid).status == "accepted"

    drive(app, steps)


def test_edit_dialog_shows_the_context_and_the_queue_shows_the_editors_text(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "治政")
        await pilot.press("e")
        assert isinstance(app.screen, EditDialog)
        context = app.screen.query_one("#edit-context").render().plain
        assert "全面从严" in context and "纵深推进" in context  # the text around 治政 in 000
        await pilot.press("end", "ctrl+u", "治", "国", "enter")
        await wait_for(pilot, lambda: store.decision(pid).status == "edited")
        change = screen.queue.row_cells(pid)[3]
        assert "治国" in change and "治党" not in change

    drive(app, steps)


def test_search_finds_the_new_text_the_reason_and_the_editors_text(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "治政")
        await pilot.press("e", "end", "ctrl+u", "治", "国", "enter")
        await wait_for(pilot, lambda: store.decision(pid).status == "edited")
        # the editor's text, a new text, a word of a reason (checked by hand in tui_fixtures.SPECS)
        for query, new in (("治国", "治党"), ("十八大", "十八大"), ("idiom", "语")):
            await pilot.press("slash", *query, "enter")
            await pilot.pause()
            news = [screen.state.item(p).proposal.new for p in screen.queue.pids]
            assert new in news, (query, news)
            await pilot.press("slash", "escape")
            await wait_for(pilot, lambda: not screen.query_one("#search").display)

    drive(app, steps)


def test_notices_go_to_their_own_line_and_cover_nothing(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        await go(pilot, screen, D0, "治政")
        await pilot.press("9")  # there is no witness 9: a warning
        await pilot.pause()
        assert "no witness 9" in screen.query_one("#message").plain
        assert not app.query("Toast")  # no pop-up over the card's reason line or the key bar
        keys, card, message = (screen.query_one(s).region for s in ("#keys", "#card", "#message"))
        assert not message.overlaps(keys) and not message.overlaps(card)

    drive(app, steps)


def test_bulk_accept_leaves_the_cursor_on_the_undecided_proposal_it_was_on(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "抓抓")  # 0.48: not among those at or above 0.9
        await pilot.press("A", "end", "ctrl+u", "0", ".", "9", "enter")
        assert isinstance(app.screen, SeriesDialog)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert len(store.decisions()) == 4
        assert screen.queue.current_pid == pid and store.decision(pid).status == "pending"

    drive(app, steps)


def test_old_and_new_text_differ_without_colour_and_the_kind_letters_have_a_legend(tmp_path):
    t = change_text("治政", "治党", 20)
    styles = {str(span.style) for span in t.spans}
    assert any("strike" in s for s in styles) and any("underline" in s for s in styles)
    store, app = review_app(tmp_path)

    async def steps(pilot, _screen):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = shown_text(app.screen.query_one("#help-table"))
        for letter, kind in (("s", "substitution"), ("t", "transposition"), ("V", "variant")):
            assert any(line.split()[:2] == [letter, kind] for line in text.splitlines() if line.split()), kind

    drive(app, steps)


async def type_fast(pilot, *keys: str) -> None:
    """Send keys the way a fast typist does: all at once, without waiting for the app in between."""
    for key in keys:
        char = key if len(key) == 1 else None
        pilot.app._driver.send_message(events.Key(key, char))


def test_keys_typed_while_a_dialog_or_box_opens_go_where_they_were_meant(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        await type_fast(pilot, "slash", "治", "政", "enter", "N")
        await wait_for(pilot, lambda: isinstance(app.screen, SeriesDialog), timeout=10)
        assert screen.query_one("#search").value == "治政"  # nothing lost, N not typed into it
        assert isinstance(app.screen, SeriesDialog)  # N went to the queue: reject 治政 › 治党 everywhere
        await type_fast(pilot, "escape", "e", "治", "国", "enter")
        pid = pid_of(screen, D0, "治政")
        await wait_for(pilot, lambda: store.decision(pid).status != "pending", timeout=10)
        assert (store.decision(pid).status, store.decision(pid).value) == ("edited", "治国")

    drive(app, steps)
