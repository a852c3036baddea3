"""The review state the screens show: proposals, decisions and the queue filter (no widgets here)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from corrector import policy
from corrector.model import KINDS, Document, Proposal
from corrector.policy import BANDS as POLICY_BANDS
from corrector.store import PENDING, STATUSES, Item, ReviewStore, Verdict

from .render import short_labels

#: Proposals kept with their evidence once shown (the cache is emptied when it grows past this).
EVIDENCE_CACHE = 500

#: Confidence bands offered by the filter: the command line's bands (``corrector.policy.BANDS``), and "all".
BAND_LABELS = {"all": "any confidence", **{name: f"confidence {name}" for _lo, name in POLICY_BANDS}}


def band_bounds(name: str) -> tuple[float, float]:
    """``(lowest included, highest excluded)`` confidence of a band of :data:`BAND_LABELS`."""
    return (0.0, float("inf")) if name == "all" else policy.band_bounds(name)


@dataclass(frozen=True)
class Filter:
    """Which proposals the queue shows.

    Attributes:
        statuses: Statuses shown (all four by default).
        band: A key of :data:`BAND_LABELS`.
        kind: Only this kind (``None``: every kind).
        doc: Only this document id (``None``: every document).
        search: Only proposals whose text, document, kind, reason or surroundings contain this.
    """

    statuses: frozenset[str] = frozenset(STATUSES)
    band: str = "all"
    kind: str | None = None
    doc: str | None = None
    search: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"statuses": sorted(self.statuses), "band": self.band, "kind": self.kind, "doc": self.doc}

    @classmethod
    def from_json(cls, data: Any) -> "Filter":
        """A filter from :meth:`to_json` output; anything malformed gives the default filter."""
        try:
            statuses = frozenset(s for s in data.get("statuses", STATUSES) if s in STATUSES) or frozenset(STATUSES)
            band = data.get("band", "all")
            kind = data.get("kind")
            return cls(statuses, band if band in BAND_LABELS else "all", kind if kind in KINDS else None,
                       data.get("doc") if isinstance(data.get("doc"), str) else None)
        except AttributeError:
            return cls()

    @property
    def is_default(self) -> bool:
        return self == Filter()

    def describe(self, labels: dict[str, str] | None = None) -> str:
        """A few words for the status line ("all" when nothing is filtered)."""
        parts = []
        if self.statuses != frozenset(STATUSES):
            parts.append("+".join(s for s in STATUSES if s in self.statuses))
        if self.band != "all":
            parts.append(self.band)
        if self.kind:
            parts.append(self.kind)
        if self.doc:
            parts.append((labels or {}).get(self.doc, self.doc))
        if self.search:
            parts.append(f"/{self.search}")
        return ", ".join(parts) or "all"


@dataclass
class ReviewState:
    """Proposals and decisions as last read from the store, and the filter the editor chose."""

    items: list[Item] = field(default_factory=list)
    decisions: dict[int, Verdict] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    filter: Filter = field(default_factory=Filter)
    generation: int = 0
    #: The journal's latest entry when the decisions were last read from the store.
    seq: int = 0
    _by_pid: dict[int, Item] = field(default_factory=dict, repr=False)
    _by_doc: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _full: dict[int, Proposal] = field(default_factory=dict, repr=False)
    _store: ReviewStore | None = field(default=None, repr=False)

    def load(self, store: ReviewStore) -> None:
        """Read everything from ``store``."""
        docs = store.documents()
        self.documents = {d.id: d for d in docs}
        self.labels = short_labels([d.id for d in docs])
        self.items = store.items(evidence=False)
        self._full = {}
        self._store = store
        self._by_pid = {i.pid: i for i in self.items}
        self._by_doc = {}
        for i in self.items:
            self._by_doc.setdefault(i.proposal.doc, []).append(i.pid)
        self.seq = store.last_seq()
        self.decisions = store.decisions()
        self.generation = store.generation()
        if self.filter.doc and self.filter.doc not in self.documents:
            self.filter = replace(self.filter, doc=None)

    def reload(self, store: ReviewStore) -> set[int] | None:
        """Read what changed in the store since the last read (every window's decisions).

        Returns:
            ``None`` when the proposals themselves were replaced (everything was read again), else the
            pids whose decisions were read again.
        """
        if store.generation() != self.generation:
            self.load(store)
            return None
        seq = store.last_seq()
        if seq == self.seq:
            return set()
        pids = store.pids_since(self.seq)
        self.update(store, pids)
        self.seq = seq
        return pids

    def update(self, store: ReviewStore, pids) -> None:
        """Read the decisions on ``pids`` again (after this window decided them)."""
        pids = set(pids)
        fresh = store.decisions(pids)
        for pid in pids:
            if pid in fresh:
                self.decisions[pid] = fresh[pid]
            else:
                self.decisions.pop(pid, None)

    def evidence(self, item: Item) -> Proposal:
        """``item``'s proposal with its readings and witnesses (read from the store once, when first shown)."""
        full = self._full.get(item.pid)
        if full is None:
            full = self._store.proposal(item.pid) if self._store is not None else item.proposal
            if len(self._full) > EVIDENCE_CACHE:
                self._full.clear()
            self._full[item.pid] = full
        return full

    def doc_pids(self, doc: str) -> list[int]:
        """The pids of one document's proposals, by position."""
        return self._by_doc.get(doc, [])

    def item(self, pid: int) -> Item | None:
        return self._by_pid.get(pid)

    def decision(self, pid: int) -> Verdict:
        return self.decisions.get(pid, PENDING)

    def status(self, pid: int) -> str:
        return self.decision(pid).status

    def matches(self, item: Item, flt: Filter | None = None) -> bool:
        """Whether ``item`` passes the filter."""
        f = flt or self.filter
        p = item.proposal
        if self.status(item.pid) not in f.statuses:
            return False
        lo, hi = band_bounds(f.band if f.band in BAND_LABELS else "all")
        if not lo <= p.confidence < hi:
            return False
        if f.kind and p.kind != f.kind:
            return False
        if f.doc and p.doc != f.doc:
            return False
        if f.search:
            q = f.search.lower()
            doc = self.documents.get(p.doc)
            around = doc.text[max(0, p.start - 10):p.end + 10] if doc else ""
            edited = self.decision(item.pid).value or ""
            hay = " ".join((p.old, p.new, edited, p.doc, self.labels.get(p.doc, ""), p.kind, p.reason, around)).lower()
            if q not in hay:
                return False
        return True

    def visible(self) -> list[Item]:
        """The queue: items passing the filter, in document order then position."""
        return [i for i in self.items if self.matches(i)]

    def progress(self, doc: str | None = None) -> tuple[int, int]:
        """``(decided, total)`` for one document, or for all with ``doc=None``.

        Only proposals under review have decisions here (the store leaves retired ones out), so the
        total needs no pass over the queue.
        """
        if doc is None:
            return len(self.decisions), len(self.items)
        pids = self._by_doc.get(doc, [])
        return sum(1 for pid in pids if pid in self.decisions), len(pids)

    def same_change(self, item: Item) -> list[Item]:
        """Every proposal with the same old → new as ``item``: ``item`` itself and the undecided others."""
        p = item.proposal
        return [
            i for i in self.items
            if i.proposal.old == p.old and i.proposal.new == p.new
            and (i.pid == item.pid or self.status(i.pid) == "pending")
        ]

    def evidence_all(self, pids) -> list[Proposal]:
        """The proposals of ``pids`` with their readings (read from the store in one pass when many are missing)."""
        pids = list(pids)
        missing = [pid for pid in pids if pid not in self._full]
        if len(missing) > 20 and self._store is not None:
            full = {i.pid: i.proposal for i in self._store.items()}
            for pid in missing:
                self._full[pid] = full[pid]
        return [self.evidence(self._by_pid[pid]) for pid in pids]

    def at_or_above(self, threshold: float) -> tuple[list[Item], int]:
        """Undecided proposals auto mode would apply at ``threshold`` (:func:`corrector.policy.select`).

        Returns:
            The items, and how many undecided proposals at or above ``threshold`` auto mode's rules
            leave out (variants, and changes another printing does not back strongly enough).
        """
        pending = [i for i in self.items if i.proposal.confidence >= threshold and i.pid not in self.decisions]
        full = self.evidence_all(i.pid for i in pending)
        applied, _skipped = policy.select(full, min_confidence=threshold)
        chosen = {id(p) for p in applied}
        items = [i for i, p in zip(pending, full) if id(p) in chosen]
        return items, len(pending) - len(items)

    def next_pid(self, visible: list[Item], pid: int | None, step: int, *, undecided: bool = False) -> int | None:
        """The pid ``step`` (±1) places from ``pid`` in ``visible``; with ``undecided``, the nearest pending one.

        Returns:
            ``None`` when there is none in that direction.
        """
        if not visible:
            return None
        pids = [i.pid for i in visible]
        if pid in pids:
            at = pids.index(pid)
        else:
            # pid filtered out: start from where it would be in document order
            order = {i.pid: n for n, i in enumerate(self.items)}
            mine = order.get(pid, -1) if pid is not None else -1
            at = next((n for n, p in enumerate(pids) if order[p] > mine), len(pids))
            at = at - 1 if step > 0 else at
        k = at + step
        while 0 <= k < len(pids):
            if not undecided or self.status(pids[k]) == "pending":
                return pids[k]
            k += step
        return None
