"""The review screen: the queue beside the card, the status line, and every verdict key."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, LoadingIndicator, Static

from corrector.errors import CorrectorError
from corrector.overlap import overlap
from corrector.store import STATUSES, Conflict, Item, Session, Verdict

from ..dialogs import ConfirmDialog, EditDialog, FilterDialog, SeriesDialog, ThresholdDialog
from ..messages import ProposalsReady, ProposeFailed, ProposeProgress
from ..render import ARROW, shown, witness_rows
from ..state import Filter, ReviewState
from ..widgets import Card, QueueView, StatusLine, screen_bottom
from .help import HelpScreen
from .views import ViewActions

if TYPE_CHECKING:
    from corrector.store import ReviewStore

    from ..app import ReviewApp

#: Actions that change decisions: never run while a text box has focus or while proposing.
VERDICTS = {"accept", "reject", "edit", "take", "undo", "series", "threshold", "rest", "note"}
#: Actions that need the queue (not while proposing).
QUEUE_ACTIONS = VERDICTS | {"next", "previous", "next_undecided", "previous_undecided", "search", "filter",
                            "pending_only", "first", "last", "document", "concordance", "other_document",
                            "progress", "history", "retired", "export"}

_TAKE = Binding.Group("witness", compact=True)


#: Seconds to wait for a second digit when a witness number could have two (ten witnesses or more).
TAKE_WAIT = 0.6


def _take(k: int) -> Binding:
    return Binding(str(k), f"take({k})", "take", show=k == 1, key_display="1-9" if k == 1 else None,
                   id=f"take-{k}", tooltip=f"take witness {k}'s reading (numbers are on the card; 1 2 takes 12)")


class ReviewScreen(ViewActions, Screen):
    """Queue, card and status line; runs the engine in a worker when the proposals must be made."""

    if TYPE_CHECKING:
        app = getters.app(ReviewApp)

    BINDINGS = [
        Binding("y", "accept", "accept", id="accept", tooltip="accept the proposal"),
        Binding("n", "reject", "reject", id="reject", tooltip="reject the proposal (keep the original text)"),
        Binding("e", "edit", "edit", id="edit", tooltip="type your own text for the hunk"),
        *[_take(k) for k in range(0, 10)],
        Binding("u", "undo", "undo", id="undo", tooltip="undo your last decision (a whole series at once); works after a restart"),
        Binding("j", "next", "move", key_display="j/k", id="next", tooltip="next proposal in the queue"),
        Binding("k", "previous", "previous", show=False, id="previous", tooltip="previous proposal in the queue"),
        Binding("home,g", "first", "first", show=False, id="first", tooltip="first proposal in the queue"),
        Binding("end,G", "last", "last", show=False, id="last", tooltip="last proposal in the queue"),
        Binding("J", "next_undecided", "undecided", key_display="J/K", id="next-undecided",
                tooltip="next undecided proposal"),
        Binding("K", "previous_undecided", "previous undecided", show=False, id="previous-undecided",
                tooltip="previous undecided proposal"),
        Binding("Y", "series('accept')", "all alike", key_display="Y/N", id="series-accept",
                tooltip="accept the same old → new everywhere it is proposed (confirm, untick items)"),
        Binding("N", "series('reject')", "reject all like this", show=False, id="series-reject",
                tooltip="reject the same old → new everywhere it is proposed (confirm, untick items)"),
        Binding("A", "threshold", "accept ≥", id="accept-threshold",
                tooltip="accept every undecided proposal at or above a confidence you type (confirm, untick items)"),
        Binding("slash", "search", "search", key_display="/", id="search", tooltip="search the queue"),
        Binding("f", "filter", "filter", id="filter", tooltip="filter by status, confidence band, kind and document"),
        Binding("p", "pending_only", "pending", id="pending-only", tooltip="show only undecided proposals / show all"),
        Binding("d", "document", "document", id="document",
                tooltip="the whole document, proposals marked by status; decide in place (j/k, y/n/e/u, a/x, ]/[)"),
        Binding("c", "concordance", "concordance", id="concordance",
                tooltip="every place of the same old › new, decided ones too (tab: every change of the same old)"),
        Binding("a", "rest('accept')", "rest of doc", key_display="a/x", id="accept-rest",
                tooltip="accept every undecided proposal of the current document (confirm, untick items)"),
        Binding("x", "rest('reject')", "reject rest of doc", show=False, id="reject-rest",
                tooltip="reject every undecided proposal of the current document (confirm, untick items)"),
        Binding("right_square_bracket", "other_document(1)", "next doc", key_display="]/[", id="next-document",
                tooltip="first proposal of the next document"),
        Binding("left_square_bracket", "other_document(-1)", "previous doc", show=False, id="previous-document",
                tooltip="first proposal of the previous document"),
        Binding("P", "progress", "progress", id="progress", tooltip="decided / total for every document; enter goes there"),
        Binding("m", "note", "note", id="note", tooltip="add a note to the decision (kept in the journal and the export report)"),
        Binding("h", "history", "history", id="history", tooltip="who decided this proposal, when, what (every journal entry)"),
        Binding("R", "retired", "stale", id="retired",
                tooltip="decisions that no longer apply after the inputs changed and were proposed afresh"),
        Binding("X", "export", "export", id="export", tooltip="write the corrected copies (like corrector export)"),
        Binding("question_mark", "help", "help", key_display="?", id="help", tooltip="this list of keys"),
        Binding("q", "quit", "quit", id="quit", tooltip="quit (every decision is already saved)"),
        Binding("escape", "close_search", "close search", show=False, id="close-search",
                tooltip="clear and close the search box"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state = ReviewState()
        self.busy = True
        self.queue_items: list[Item] = []
        self._version = -1
        self._cursor_dirty = False
        self._restored = False
        self._digit: int | None = None
        self._digit_timer: Timer | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with ContentSwitcher(initial="loading", id="switcher"):
            with Vertical(id="loading"):
                yield Static("Opening the review…", id="loading-text")
                yield LoadingIndicator(id="loading-indicator")
            with Horizontal(id="review"):
                with Vertical(id="queue-pane"):
                    yield QueueView(id="queue")
                    yield Input(id="search", compact=True, placeholder="search: text, document, kind…")
                yield Card(id="card")
        yield screen_bottom()

    @property
    def store(self) -> ReviewStore:
        return self.app.store

    @property
    def editor(self) -> str:
        return self.app.editor

    @property
    def session(self) -> Session:
        return Session(self.store, self.editor)

    @property
    def queue(self) -> QueueView:
        return self.query_one("#queue", QueueView)

    def on_mount(self) -> None:
        search = self.query_one("#search", Input)
        search.cursor_blink = self.app.cursor_blink
        search.display = False
        plan = self.app.plan
        if plan is not None and plan.needs_proposals and not self.store.read_only:
            self.start_proposing()
        else:
            if plan is not None and plan.needs_proposals:
                self.app.say(f"{plan.describe()}; the database is read-only, so this is the review as it was",
                             severity="warning")
            self.load_and_show()
        self.set_interval(self.app.poll_interval, self.poll)

    # ------------------------------------------------------------------ proposing (worker)

    def start_proposing(self) -> None:
        """Show the loading view and run the engine in a thread."""
        self.busy = True
        self.query_one("#switcher", ContentSwitcher).current = "loading"
        plan = self.app.plan
        assert plan is not None  # proposing starts only for a plan that needs proposals
        head = "Proposing corrections" if plan.new else f"{plan.describe()}: proposing afresh"
        self.query_one("#loading-text", Static).update(f"{head}…")
        self.refresh_bindings()
        self.run_propose(self.app.documents)

    def run_propose(self, documents) -> None:
        """Call the engine (slow) in a daemon thread that reports back with messages only.

        Not a Textual thread worker: those run in asyncio's default executor, which the event loop
        joins on exit, so quitting during a long engine run would hang until it finished.  The engine
        writes nothing, so a daemon thread can simply be abandoned.
        """
        thread = threading.Thread(target=self._propose, args=(self.app.propose_fn, list(documents)),
                                  name="corrector-propose", daemon=True)
        thread.start()

    def _propose(self, propose_fn, documents) -> None:
        def post(message) -> None:
            try:
                self.post_message(message)
            except RuntimeError:  # the app has gone: nobody to tell
                pass

        def progress(stage: str, done: int, total: int) -> None:
            post(ProposeProgress(stage, done, total))

        try:
            result = propose_fn(documents, progress=progress)
        except CorrectorError as err:
            post(ProposeFailed(str(err)))
            return
        except Exception as err:  # noqa: BLE001 - the editor gets one line, not a traceback
            post(ProposeFailed(f"the engine failed: {type(err).__name__}: {err}"))
            return
        post(ProposalsReady(result))

    def on_propose_progress(self, message: ProposeProgress) -> None:
        text = self.query_one("#loading-text", Static)
        text.update(f"Proposing corrections… {message.stage} ({message.done}/{message.total})")

    def on_proposals_ready(self, message: ProposalsReady) -> None:
        plan = self.app.plan
        assert plan is not None  # the proposals were made for this plan
        try:
            report = self.store.refresh(self.app.documents, message.result, inputs=self.app.inputs,
                                        expected_generation=plan.generation)
        except CorrectorError as err:
            self.on_propose_failed(ProposeFailed(str(err)))
            return
        if report.superseded:
            self.app.say("another window made the proposals first; showing those", severity="information")
        elif not plan.new:
            self.app.say(
                f"{plan.describe()}. Proposed afresh: {report.carried} decision(s) kept on identical text, "
                f"{len(report.dropped)} no longer apply (their text changed; they stay in the journal, unapplied)",
                severity="warning",
            )
        self.busy = False
        self.load_and_show()

    def on_propose_failed(self, message: ProposeFailed) -> None:
        self.app.failure = message.message
        self.query_one("#loading-indicator").display = False
        self.query_one("#loading-text", Static).update(Text(f"{message.message}\n\nPress q to quit.", style="bold red"))

    # ------------------------------------------------------------------ showing

    def load_and_show(self) -> None:
        """Read everything from the store and show the queue (restoring the editor's place once)."""
        self.state.load(self.store)
        self._version = self._data_version()
        keep = None
        if not self._restored:
            self._restored = True
            saved = self.session.filter()
            if saved:
                self.state.filter = Filter.from_json(saved)
            keep = self.session.place()
            if not isinstance(keep, int) or (kept := self.state.item(keep)) is None or not self.state.matches(kept):
                visible = self.state.visible()
                pending = [i.pid for i in visible if self.state.status(i.pid) == "pending"]
                keep = pending[0] if pending else (visible[0].pid if visible else None)
        self.busy = False
        self.query_one("#switcher", ContentSwitcher).current = "review"
        self.rebuild_queue(keep=keep)
        self.queue.focus()
        self.refresh_bindings()

    def rebuild_queue(self, keep: int | None = None) -> None:
        """Recompute the queue from the filter and show it with ``keep`` highlighted."""
        self.queue_items = self.state.visible()
        self.queue.show(self.state, self.queue_items, keep=keep)
        self.show_current()

    def refresh_rows(self, keep: int | None) -> None:
        """After decisions: redraw the visible rows when the queue keeps the same rows, else rebuild it.

        A filter that shows every status cannot lose or gain a row by a decision, so the queue is not
        recomputed then.
        """
        if self.state.filter.statuses != frozenset(STATUSES):
            visible = self.state.visible()
            if [i.pid for i in visible] != self.queue.pids:
                self.rebuild_queue(keep=keep)
                return
        self.queue.redraw()
        if keep is not None:
            self.queue.goto(keep)
        self.show_current()

    def current_item(self) -> Item | None:
        pid = self.queue.current_pid
        return self.state.item(pid) if pid is not None else None

    def show_current(self) -> None:
        item = self.current_item()
        empty = "No proposal matches the filter." if self.state.items else "No proposals: the engine found nothing to correct."
        self.query_one("#card", Card).show(self.state, item, empty=empty)
        self.query_one("#status", StatusLine).show(
            self.state, item.proposal.doc if item else None, len(self.queue_items),
            read_only=self.store.read_only_reason if self.store.read_only else "",
        )

    def on_queue_view_highlighted(self, event: QueueView.Highlighted) -> None:
        event.stop()
        self._cursor_dirty = True
        self.show_current()

    # ------------------------------------------------------------------ syncing with other windows

    def _data_version(self) -> int:
        try:
            return self.store.data_version()
        except sqlite3.Error:
            return -1

    def poll(self) -> None:
        """Pick up what other windows on the same database committed; save the editor's place."""
        if self.busy:
            return
        if self._cursor_dirty:
            self.save_place()
        version = self._data_version()
        if version == self._version:
            return
        self._version = version
        keep = self.queue.current_pid
        changed = self.state.reload(self.store)
        if changed is None:
            self.app.say("the proposals were remade in another window; showing the new ones", severity="warning")
            self.rebuild_queue(keep=None)
            return
        self.refresh_rows(keep)
        others = sorted({d.who for pid in changed if (d := self.state.decision(pid)).decided and d.who != self.editor})
        if others:
            self.app.say(f"{', '.join(others)} decided {len(changed)} proposal(s) in another window")

    def save_place(self) -> None:
        """Remember the highlighted proposal for this editor (best effort)."""
        self._cursor_dirty = False
        pid = self.queue.current_pid
        if pid is None:
            return
        self.session.save_place(pid)

    # ------------------------------------------------------------------ guards

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in QUEUE_ACTIONS and self.busy:
            return False
        if action in VERDICTS and isinstance(self.app.focused, Input):
            return False
        if action == "close_search":
            return self.query_one("#search", Input).display
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    # ------------------------------------------------------------------ deciding

    def _decide(self, action: str, value: str | None = None, note: str | None = None, item: Item | None = None,
                *, overwrite: bool = False, advance: bool = True) -> None:
        """Record a verdict on ``item`` (default: the current one).

        A proposal another editor decided is not overwritten without asking, whether this window knew
        of their decision or it was made a moment ago (the store refuses a stale verdict: :class:`Conflict`).
        """
        item = item or self.current_item()
        if item is None:
            self.app.bell()
            return
        seen = self.state.decision(item.pid)
        if not overwrite and seen.decided and seen.who != self.editor:
            self._ask_overwrite(item, seen, action, value, note)
            return
        before = list(self.queue_items)
        try:
            self.store.decide(item.pid, action, value, who=self.editor, note=note, expect=seen.seq)
        except Conflict as err:
            self.state.update(self.store, [item.pid])
            self.refresh_rows(self.queue.current_pid)
            self._ask_overwrite(item, err.verdict, action, value, note)
            return
        except CorrectorError as err:
            self.app.say(str(err), severity="error")
            self.poll()
            return
        self.state.update(self.store, [item.pid])
        if advance:
            self._after_decision(item, before)
        else:
            self.refresh_rows(item.pid)

    def _ask_overwrite(self, item: Item, other: Verdict, action: str, value: str | None, note: str | None) -> None:
        p = item.proposal
        shown_value = f" ({shown(other.value)})" if other.status == "edited" and other.value is not None else ""
        title = f"{other.who} already {other.status} {shown(p.old)} {ARROW} {shown(p.new)}{shown_value}"
        detail = f"at {other.at[:19].replace('T', ' ')} UTC. Replace their decision with yours ({action})?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._decide(action, value, note, item, overwrite=True)

        self.app.push_screen(ConfirmDialog(title, detail), answered)

    def _after_decision(self, item: Item, before: list[Item]) -> None:
        nxt = self.state.next_pid(before, item.pid, +1, undecided=True)
        if nxt is None:
            nxt = self.state.next_pid(before, item.pid, -1, undecided=True)
        if nxt is None:
            nxt = item.pid if self.state.matches(item) else self.state.next_pid(before, item.pid, +1)
            if self.state.progress()[0] == len(self.state.items):
                self.app.say("every proposal is decided; export with corrector export", severity="information")
        self.refresh_rows(nxt)
        self._cursor_dirty = True
        self._warn_overlap(item)

    def _warn_overlap(self, item: Item) -> None:
        if self.state.status(item.pid) not in ("accepted", "edited"):
            return
        p = item.proposal
        for other in self.state.items:
            q = other.proposal
            if other.pid != item.pid and q.doc == p.doc and self.state.status(other.pid) in ("accepted", "edited"):
                if overlap(p, q):
                    self.app.say(f"this change overlaps the accepted one at {q.start}; export will refuse both "
                                 "until one is rejected", severity="warning")
                    return

    def action_accept(self) -> None:
        self._decide("accept")

    def action_reject(self) -> None:
        self._decide("reject")

    def action_edit(self) -> None:
        item = self.current_item()
        if item is not None:
            self.edit_item(item)

    def edit_item(self, item: Item) -> None:
        """Ask for the editor's text for ``item`` and record it."""
        dec = self.state.decision(item.pid)
        initial = dec.value if dec.status == "edited" and dec.value is not None else item.proposal.new
        label = self.state.labels.get(item.proposal.doc, item.proposal.doc)

        def done(value: str | None) -> None:
            if value is not None:
                self._decide("edit", value, note="typed", item=item)

        self.app.push_screen(EditDialog(item.proposal, initial, label, self.state.documents.get(item.proposal.doc)),
                             done)

    def action_take(self, k: int) -> None:
        """A digit: take that witness's reading; with ten or more witnesses a second digit may follow."""
        item = self.current_item()
        if item is None:
            self.app.release_keys()
            return
        rows = witness_rows(self.state.evidence(item), self.state.documents, self.state.labels)
        if self._digit is not None:
            first, self._digit = self._digit, None
            if self._digit_timer is not None:
                self._digit_timer.stop()
            self._take(item, rows, first * 10 + k)
            return
        if 0 < k and k * 10 <= len(rows):
            # 1 could be witness 1 or the start of 12: wait a moment for a second digit
            self._digit = k
            self._digit_timer = self.set_timer(TAKE_WAIT, lambda: self._take_waiting(item, rows))
            self.app.say(f"witness {k}… (a second digit takes witness {k}0-{k}9)")
            return
        self._take(item, rows, k)

    def _take_waiting(self, item: Item, rows) -> None:
        if self._digit is not None:
            k, self._digit = self._digit, None
            self._take(item, rows, k)

    def _take(self, item: Item, rows, k: int) -> None:
        if not 1 <= k <= len(rows):
            self.app.say(f"there is no witness {k} here (1-{len(rows)})", severity="warning")
            return
        row = rows[k - 1]
        self._decide("edit", row.reading, note=f"witness {k} ({row.doc})", item=item)

    def action_undo(self) -> None:
        try:
            pids = self.store.undo(who=self.editor)
        except CorrectorError as err:
            self.app.say(str(err), severity="error")
            return
        if not pids:
            self.app.say("nothing of yours to undo", severity="information")
            return
        self.state.update(self.store, pids)
        first = self.state.item(pids[0])
        self.refresh_rows(pids[0])
        if first is not None:
            p = first.proposal
            hidden = "" if self.queue.current_pid == pids[0] else " (hidden by the filter)"
            many = f" and {len(pids) - 1} more" if len(pids) > 1 else ""
            self.app.say(f"undone: {shown(p.old)} {ARROW} {shown(p.new)} @{p.start}{many}{hidden}")
        self._cursor_dirty = True

    def _decide_many(self, pids: list[int] | None, action: str, note: str) -> None:
        if not pids:
            return
        before = list(self.queue_items)
        current = self.current_item()
        try:
            self.store.decide_many([(pid, action, None) for pid in pids], who=self.editor, note=note,
                                   expect={pid: self.state.decision(pid).seq for pid in pids})
        except Conflict as err:
            self.app.say(f"{err}; nothing was saved, look at the list again", severity="warning")
            self.poll()
            return
        except CorrectorError as err:
            self.app.say(str(err), severity="error")
            self.poll()
            return
        self.state.update(self.store, pids)
        self.app.say(f"{action}ed {len(pids)} proposal(s); u undoes them together")
        if current is not None and current.pid in pids:
            self._after_decision(current, before)
        else:
            # the proposal the editor was on was not part of it: stay there (it is still undecided)
            self.refresh_rows(current.pid if current is not None else None)

    def action_series(self, action: str) -> None:
        item = self.current_item()
        if item is None:
            self.app.release_keys()
            return
        items = self.state.same_change(item)
        p = item.proposal
        title = f"{action.capitalize()} {shown(p.old)} {ARROW} {shown(p.new)} in {len(items)} place(s)?"
        note = f"series: {p.old} {ARROW} {p.new}"
        self.app.push_screen(SeriesDialog(title, self.state, items, action),
                             lambda pids: self._decide_many(pids, action, note))

    def action_threshold(self) -> None:
        def chosen(value: float | None) -> None:
            if value is None:
                return
            items, _left_out = self.state.at_or_above(value)
            if not items:
                self.app.say(f"no undecided proposal at or above {value:.2f}")
                return
            title = f"Accept {len(items)} undecided proposal(s) with confidence ≥ {value:.2f}?"
            self.app.push_screen(SeriesDialog(title, self.state, items, "accept"),
                                 lambda pids: self._decide_many(pids, "accept", f"confidence ≥ {value:.2f}"))

        self.app.push_screen(ThresholdDialog(self.state), chosen)

    # ------------------------------------------------------------------ moving

    def _move(self, step: int, undecided: bool = False) -> None:
        pid = self.state.next_pid(self.queue_items, self.queue.current_pid, step, undecided=undecided)
        if pid is None:
            self.app.bell()
            return
        self.queue.goto(pid)

    def action_next(self) -> None:
        self._move(+1)

    def action_previous(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self.queue.goto_row(0)

    def action_last(self) -> None:
        self.queue.goto_row(len(self.queue_items) - 1)

    def action_next_undecided(self) -> None:
        self._move(+1, undecided=True)

    def action_previous_undecided(self) -> None:
        self._move(-1, undecided=True)

    # ------------------------------------------------------------------ filtering and searching

    def _set_filter(self, flt: Filter) -> None:
        self.state.filter = flt
        self.session.save_filter(flt.to_json())
        self.rebuild_queue(keep=self.queue.current_pid)

    def action_filter(self) -> None:
        docs = [(self.state.labels.get(d, d), d) for d in self.state.documents]

        def chosen(flt: Filter | None) -> None:
            if flt is not None:
                self._set_filter(flt)

        self.app.push_screen(FilterDialog(self.state.filter, docs), chosen)

    def action_pending_only(self) -> None:
        f = self.state.filter
        statuses = frozenset(STATUSES) if f.statuses == {"pending"} else frozenset({"pending"})
        self._set_filter(replace(f, statuses=statuses))

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()
        self.refresh_bindings()
        self.app.release_keys_when_shown()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            event.stop()
            self.state.filter = replace(self.state.filter, search=event.value.strip())
            self.rebuild_queue(keep=self.queue.current_pid)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.stop()
            self.queue.focus()
            self.app.release_keys_when_shown()

    def action_close_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.state.filter = replace(self.state.filter, search="")
        self.rebuild_queue(keep=self.queue.current_pid)
        self.queue.focus()
        self.refresh_bindings()
        self.app.release_keys_when_shown()

    # ------------------------------------------------------------------ other

    def on_screen_resume(self) -> None:
        self.app.release_keys_when_shown()  # a dialog closed: keys typed meanwhile come here now

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen([b for b in self.BINDINGS if isinstance(b, Binding)]))

    def action_quit(self) -> None:
        if self.app.failure is not None:
            self.app.finish("failed")
        elif self.busy:
            self.app.finish("abandoned")  # the engine is still running in its thread: nothing to save
        else:
            self.save_place()
            self.app.finish("done")
