"""SVG snapshots of the review app with Chinese text, at 80x24 and 160x48 (Textual pinned, no cursor blink)."""

from __future__ import annotations

from .tui_fixtures import D0, go, go_to_change, make_store, open_app, ready


def make_app(tmp_path):
    store, _, _ = make_store(tmp_path)
    return open_app(store, poll_interval=3600)


def test_queue_and_card_80x24(snap_compare, tmp_path):
    """The first undecided proposal (000 抓抓 › 抓点): three witnesses disagree; gaps and columns line up."""

    async def before(pilot):
        await ready(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=before)


def test_after_accepting_160x48(snap_compare, tmp_path):
    """A wide terminal: full kind names, a ✓ on the accepted row, the card on 000 治政 › 治党."""

    async def before(pilot):
        await ready(pilot)
        await pilot.press("y")

    assert snap_compare(make_app(tmp_path), terminal_size=(160, 48), run_before=before)


def test_edit_dialog_80x24(snap_compare, tmp_path):
    """The edit modal over the screen, with Chinese text typed."""

    async def before(pilot):
        screen = await ready(pilot)
        await go(pilot, screen, D0, "治政")
        await pilot.press("e", "end", "ctrl+u", "治", "国")

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=before)


def test_series_dialog_80x24(snap_compare, tmp_path):
    """Accept , › ， everywhere: the count and the tick list, one item unticked."""

    async def before(pilot):
        screen = await ready(pilot)
        await go_to_change(pilot, screen, ",")
        await pilot.press("Y", "down", "space")

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=before)


def test_document_view_80x24(snap_compare, tmp_path):
    """Document 000 whole: 抓抓 accepted (reads 抓点, underlined), 治政 › 治党 pending and highlighted."""

    async def before(pilot):
        screen = await ready(pilot)
        await go(pilot, screen, D0, "抓抓")
        await pilot.press("y")
        await go(pilot, screen, D0, "治政")
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=before)


def test_concordance_80x24(snap_compare, tmp_path):
    """Every , › ， in 003 lined up on the hunk, the first accepted, the cursor on the second."""

    async def before(pilot):
        screen = await ready(pilot)
        await go_to_change(pilot, screen, ",")
        await pilot.press("c", "y")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=before)
