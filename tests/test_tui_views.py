"""Pilot tests for the views and keys added by issue 13: document view, concordance, rest of a document,
next document, progress, notes, history, decisions that no longer apply, export from the app."""

from __future__ import annotations

import json

import corrector
from textual.widgets import Input

from tui.dialogs import ListDialog, SeriesDialog, TextDialog
from tui.screens.concordance import ConcordanceScreen
from tui.screens.document import DocumentScreen

from .tui_fixtures import (
    D0, D1, D2, D3, build_result, drive, go, go_to_change, make_store, open_app, open_series, pid_of, review_app,
    shown_text, wait_for,
)


def doc_text(app) -> str:
    return "".join(app.screen.query_one("#doc-text").plain_lines)


def test_document_view_shows_the_whole_document_and_decides_in_place(tmp_path):
    store, docs, _ = make_store(tmp_path)
    app = open_app(store)
    text0 = next(d.text for d in docs if d.id == D0)

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "治政")
        await pilot.press("d")
        assert isinstance(app.screen, DocumentScreen)
        title = app.screen.query_one("#doc-title").render().plain
        assert D0 in title and "0/2 decided" in title and "proposal 2 of 2" in title
        shown = doc_text(app)
        assert "[-治政-]{+治党+}" in shown and "[-抓抓-]{+抓点+}" in shown  # both proposals, pending
        # the rest is the document itself, every character (lines are cut only where they wrap)
        flat = shown.replace("[-治政-]{+治党+}", "治政").replace("[-抓抓-]{+抓点+}", "抓抓")
        assert flat == "".join(line.rstrip() for line in text0.split("\n"))
        await pilot.press("y")
        await wait_for(pilot, lambda: store.decision(pid).status == "accepted")
        assert "[-治政-]" not in doc_text(app) and "全面从严治党纵深推进" in doc_text(app)  # reads as it will print
        assert app.screen.pid == pid_of(store, D0, "抓抓")  # on to the undecided one
        await pilot.press("n")
        await wait_for(pilot, lambda: store.decision(pid_of(store, D0, "抓抓")).status == "rejected")
        await pilot.press("u")
        await wait_for(pilot, lambda: store.decision(pid_of(store, D0, "抓抓")).status == "pending")
        await pilot.press("k")
        assert app.screen.pid == pid_of(store, D0, "抓抓")  # the first: k rings the bell, stays
        await pilot.press("j")
        assert app.screen.pid == pid
        await pilot.press("right_square_bracket")
        assert app.screen.doc == D1 and "[-十八年-]{+十八大+}" in doc_text(app)
        await pilot.press("left_square_bracket")
        assert app.screen.doc == D0
        await pilot.press("escape")
        assert app.screen is screen

    drive(app, steps)


def test_accept_the_rest_of_a_document_from_the_queue_and_the_document_view(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        await go(pilot, screen, D1, "十八年")
        await pilot.press("n")  # one of 001's four decided
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, SeriesDialog) and "3 undecided proposal(s) of 001" in dialog.title_text
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        statuses = {store.decision(p).status for p in screen.state.doc_pids(D1)}
        assert statuses == {"accepted", "rejected"} and store.decision(pid_of(store, D1, "十八年")).status == "rejected"
        await go(pilot, screen, D2, "人群")
        await pilot.press("d", "x")
        assert isinstance(app.screen, SeriesDialog) and "Reject the 3" in app.screen.title_text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DocumentScreen))
        assert {store.decision(p).status for p in screen.state.doc_pids(D2)} == {"rejected"}
        assert "0 undecided" not in app.screen.query_one("#doc-title").render().plain
        assert "3/3 decided" in app.screen.query_one("#doc-title").render().plain

    drive(app, steps)


def test_concordance_lists_every_place_of_a_pattern_and_decides_there(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        commas = await go_to_change(pilot, screen, ",", 1)
        await pilot.press("c")
        conc = app.screen
        assert isinstance(conc, ConcordanceScreen)
        listing = conc.query_one("#conc-list")
        assert listing.pids == commas and listing.current_pid == commas[1]
        row = listing.row_text(commas[0])
        assert "003" in row and "," in row and "，" in row and "十大报告指出" in row  # context, by hand: 003 @72
        await pilot.press("y")
        await wait_for(pilot, lambda: store.decision(commas[1]).status == "accepted")
        assert listing.current_pid == commas[2]  # on to the next undecided place
        await pilot.press("N")
        assert isinstance(app.screen, SeriesDialog) and len(app.screen.items) == 2  # the undecided two
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is conc)
        assert [store.decision(p).status for p in commas] == ["rejected", "accepted", "rejected"]
        assert "3 place(s), 0 undecided" in conc.query_one("#conc-title").render().plain
        await pilot.press("tab")
        assert "anything" in conc.query_one("#conc-title").render().plain
        await pilot.press("escape")
        assert app.screen is screen and "✗" in screen.queue.row_cells(commas[0])[0]

    drive(app, steps)


def test_next_document_and_the_progress_overview(tmp_path):
    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        await go(pilot, screen, D0, "治政")
        await pilot.press("right_square_bracket")
        assert screen.current_item().proposal.doc == D1
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.current_item().proposal.doc == D3
        await pilot.press("left_square_bracket")
        assert screen.current_item().proposal.doc == D2
        await pilot.press("y")
        await pilot.press("P")
        dialog = app.screen
        assert isinstance(dialog, ListDialog)
        lines = dialog.lines
        assert len(lines) == 4 and "1/3" in next(x for x in lines if D2 in x)  # by hand: 002 has 3
        assert "0/2" in lines[0] and D0 in lines[0]
        await pilot.press("down", "down", "down", "enter")  # 003
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.current_item().proposal.doc == D3

    drive(app, steps)


def test_the_lists_of_dialogs_move_with_the_cursor_keys(tmp_path):
    """tui.widgets.ticks.list_keys: a choice list (P) also takes j/k; a tick list (Y) takes the arrows, home, end, pages."""
    from textual.widgets import OptionList

    from tui.widgets import TickList

    store, app = review_app(tmp_path)

    async def steps(pilot, screen):
        await pilot.press("P")
        options = app.screen.query_one("#list-options", OptionList)
        seen = [options.highlighted]
        for key in ("j", "j", "k", "end", "home", "pagedown", "up", "pageup"):
            await pilot.press(key)
            seen.append(options.highlighted)
        assert seen == [0, 1, 2, 1, 3, 0, 3, 2, 0]  # four documents
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        commas, dialog = await open_series(pilot, screen, ",")
        ticks = dialog.query_one("#series-list", TickList)
        seen = [ticks.highlighted]
        for key in ("down", "end", "up", "home", "pagedown", "pageup"):
            await pilot.press(key)
            seen.append(ticks.highlighted)
        assert len(commas) == 3 and seen == [0, 1, 2, 1, 0, 2, 0]
        await pilot.press("escape")

    drive(app, steps)


def test_a_note_on_a_decision_goes_to_the_journal_and_the_export_report(tmp_path):
    store, app = review_app(tmp_path)
    out = tmp_path / "out"

    async def steps(pilot, screen):
        pid = await go(pilot, screen, D0, "治政")
        await pilot.press("m")
        assert "decide first" in screen.query_one("#message").plain
        await pilot.press("y")
        await go(pilot, screen, D0, "治政")
        await pilot.press("m")
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"checked", "enter")
        await wait_for(pilot, lambda: store.decision(pid).note == "checked")
        assert store.decision(pid).status == "accepted"
        await pilot.press("h")
        history = app.screen.lines
        assert len(history) == 2 and history[0].endswith("li: accept") and history[1].endswith("— checked")
        await pilot.press("escape")
        await pilot.press("X")
        assert isinstance(app.screen, TextDialog)
        box = app.screen.query_one(Input)
        box.value = str(out)
        await pilot.press("enter")
        await wait_for(pilot, lambda: (out / "report.json").exists())
        assert "wrote 4 document(s)" in screen.query_one("#message").plain

    drive(app, steps)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    decisions = report["review"]["decisions"]
    assert [d["note"] for d in decisions if d["old"] == "治政"] == ["checked"]
    assert "全面从严治党" in (out / D0).read_text(encoding="utf-8")


def test_decisions_that_no_longer_apply_after_a_rerun_are_listed(tmp_path):
    store, docs, folder = make_store(tmp_path)
    pid = pid_of(store, D1, "十八年")
    store.decide(pid, "reject", who="li")
    store.decide(pid_of(store, D0, "治政"), "accept", who="li")
    path = folder / D1
    text = path.read_text(encoding="utf-8")
    at = text.index("十八年以来")
    path.write_text(text[:at - 10] + "新" + text[at - 10:], encoding="utf-8")  # 001 changed near 十八年
    docs = corrector.load([folder])
    report = store.refresh(docs, build_result(docs), inputs=[folder])
    assert [p.old for p, _ in [(i.proposal, v) for i, v in report.dropped]] == ["十八年"]
    app = open_app(store)

    async def steps(pilot, _screen):
        await pilot.press("R")
        dialog = app.screen
        assert isinstance(dialog, ListDialog)
        assert len(dialog.lines) == 1
        assert "十八年 › 十八大" in dialog.lines[0] and "was rejected by li" in dialog.lines[0]

    drive(app, steps)


def test_help_lists_every_key_of_the_queue_the_document_view_and_the_concordance(tmp_path):

    from tui.screens import HelpScreen
    from tui.screens.concordance import ConcordanceScreen
    from tui.screens.document import DocumentScreen
    from tui.screens.review import ReviewScreen

    store, app = review_app(tmp_path)

    async def steps(pilot, _screen):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(shown_text(app.screen.query_one("#help-table"), width=140).split())
        for screen in (ReviewScreen, DocumentScreen, ConcordanceScreen):
            for b in screen.BINDINGS:
                if b.id and b.id.startswith("take-"):  # one row "1-9", checked below
                    continue
                assert " ".join((b.tooltip or b.description).split()) in text, (screen.__name__, b.key)
        assert "1-9 take witness k's reading" in text

    drive(app, steps, size=(120, 40))
