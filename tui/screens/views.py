"""The review screen's other views and lists: document view, concordance, rest of a document, other documents,
progress, notes, history, decisions that no longer apply, export (a mixin of :class:`ReviewScreen`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, cast

from corrector.errors import CorrectorError
from corrector.store import STATUSES

from ..dialogs import ListDialog, SeriesDialog, TextDialog
from ..render import ARROW, shown

if TYPE_CHECKING:
    from textual import getters
    from textual.screen import Screen

    from corrector.store import Item, ReviewStore

    from ..app import ReviewApp
    from ..state import Filter, ReviewState
    from ..widgets import QueueView
    from .review import ReviewScreen

    _Mixin = Screen  # the type checker sees the mixin as the screen it is mixed into
else:
    _Mixin = object


class ViewActions(_Mixin):
    """Actions of the review screen that open another view or a list; they use its state and verdicts."""

    if TYPE_CHECKING:  # what :class:`ReviewScreen` provides
        app = getters.app(ReviewApp)
        state: ReviewState

        @property
        def store(self) -> ReviewStore: ...

        @property
        def queue(self) -> QueueView: ...

        def current_item(self) -> Item | None: ...

        def _decide(self, action: str, value: str | None = None, note: str | None = None, item: Item | None = None,
                    *, overwrite: bool = False, advance: bool = True) -> None: ...

        def _decide_many(self, pids: list[int] | None, action: str, note: str) -> None: ...

        def _set_filter(self, flt: Filter) -> None: ...

    def action_document(self) -> None:
        item = self.current_item()
        if item is None:
            self.app.release_keys()
            return
        from .document import DocumentScreen

        self.app.push_screen(DocumentScreen(cast("ReviewScreen", self), item.proposal.doc, item.pid))

    def action_concordance(self) -> None:
        item = self.current_item()
        if item is None:
            self.app.release_keys()
            return
        from .concordance import ConcordanceScreen

        self.app.push_screen(ConcordanceScreen(cast("ReviewScreen", self), item))

    def decide_rest_of_document(self, doc: str, action: str) -> None:
        """Ask, then decide every undecided proposal of ``doc`` (one undo takes them all back)."""
        items = [i for pid in self.state.doc_pids(doc)
                 if pid not in self.state.decisions and (i := self.state.item(pid)) is not None]
        if not items:
            self.app.say("every proposal of this document is decided")
            self.app.release_keys()
            return
        label = self.state.labels.get(doc, doc)
        title = f"{action.capitalize()} the {len(items)} undecided proposal(s) of {label} ({doc})?"
        self.app.push_screen(SeriesDialog(title, self.state, items, action),
                             lambda pids: self._decide_many(pids, action, f"rest of {doc}"))

    def action_rest(self, action: str) -> None:
        item = self.current_item()
        if item is not None:
            self.decide_rest_of_document(item.proposal.doc, action)

    def action_other_document(self, step: int) -> None:
        item = self.current_item()
        docs = [d for d in self.state.documents if self.state.doc_pids(d)]
        if item is None or item.proposal.doc not in docs:
            return
        k = docs.index(item.proposal.doc) + step
        while 0 <= k < len(docs):
            shown_pids = [pid for pid in self.state.doc_pids(docs[k]) if pid in set(self.queue.pids)]
            if shown_pids:
                pending = [pid for pid in shown_pids if pid not in self.state.decisions]
                self.queue.goto((pending or shown_pids)[0])
                return
            k += step
        self.app.say("no further document in the queue")

    def action_progress(self) -> None:
        rows = []
        for doc in self.state.documents:
            decided, total = self.state.progress(doc)
            if not total:
                continue
            label = self.state.labels.get(doc, doc)
            bar = "#" * round(10 * decided / total) + "." * (10 - round(10 * decided / total))
            rows.append((f"{label:<9} {bar} {decided:>4}/{total:<4} {total - decided:>4} undecided  {doc}", doc))

        def chosen(doc: str | None) -> None:
            if doc:
                pids = self.state.doc_pids(doc)
                pending = [pid for pid in pids if pid not in self.state.decisions]
                target = (pending or pids)[0]
                if not self.queue.goto(target):
                    self._set_filter(replace(self.state.filter, doc=None, statuses=frozenset(STATUSES), search=""))
                    self.queue.goto(target)

        decided, total = self.state.progress()
        self.app.push_screen(ListDialog(f"Progress: {decided}/{total} decided", rows), chosen)

    def action_note(self) -> None:
        item = self.current_item()
        if item is None:
            self.app.release_keys()
            return
        dec = self.state.decision(item.pid)
        if not dec.decided:
            self.app.say("decide first: a note goes with a decision", severity="warning")
            self.app.release_keys()  # no dialog opens: the keys typed after this one go on
            return

        def done(text: str | None) -> None:
            if text is None or not text.strip():
                return
            action = {"accepted": "accept", "rejected": "reject", "edited": "edit"}[dec.status]
            self._decide(action, dec.value if action == "edit" else None, text.strip(), item, overwrite=True,
                         advance=False)

        self.app.push_screen(TextDialog(f"Note on this decision ({dec.status})", dec.note or "",
                                        "kept in the journal and written to the export report"), done)

    def action_history(self) -> None:
        item = self.current_item()
        if item is None:
            self.app.release_keys()
            return
        rows = []
        for e in self.store.history(item.pid):
            what = e.action + (f" {shown(e.value)}" if e.action == "edit" and e.value is not None else "")
            if e.undoes:
                what += f" #{e.undoes}"
            line = f"#{e.seq} {e.at[:19].replace('T', ' ')} {e.who}: {what}"
            if e.note:
                line += f" — {e.note}"
            rows.append((line, None))
        p = item.proposal
        self.app.push_screen(ListDialog(f"History of {shown(p.old)} {ARROW} {shown(p.new)} @{p.start}", rows,
                                        empty="No decision yet."))

    def action_retired(self) -> None:
        rows = []
        for p, v in self.store.retired():
            value = f" ({shown(v.value)})" if v.status == "edited" and v.value is not None else ""
            rows.append((f"{self.state.labels.get(p.doc, p.doc)} @{p.start} {shown(p.old)} {ARROW} {shown(p.new)}: "
                         f"was {v.status}{value} by {v.who} {v.at[:10]}", None))
        self.app.push_screen(ListDialog("Decisions that no longer apply (their text changed)", rows,
                                        empty="None: every decision carried over to the current proposals."))

    def action_export(self) -> None:
        def chosen(out: str | None) -> None:
            if not out or not out.strip():
                return
            from corrector.store import export

            try:
                summary = export(self.store, out.strip())
            except CorrectorError as err:
                self.app.say(str(err), severity="error")
                return
            self.app.say(f"wrote {summary.documents} document(s) to {summary.out} ({summary.changed} changed, "
                         f"{summary.applied} applied, {summary.skipped} skipped)")

        self.app.push_screen(TextDialog("Export the corrected copies to the folder", "corrected",
                                        "a folder outside the inputs; Enter writes · Esc cancels"), chosen)
