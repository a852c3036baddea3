"""Shared helpers for the store and TUI tests: real seed text and hand-made proposals on it."""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable, Iterable, TypeVar

import corrector
from corrector.model import Document, Group, Proposal, Reading, Result, Span, WitnessReading

T = TypeVar("T")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

#: The seed files used by the fixtures (three reprints of one story, one page with no reprint).
SEED_FILES = ("000_c80d55c823b571c5.txt", "001_d12699ffdacbae51.txt", "002_1e1fa83fe346ba16.txt",
              "003_c32416165b5ac721.txt")

D0, D1, D2, D3 = SEED_FILES


@dataclass
class Spec:
    """A hand-made proposal: locate ``before + old + after`` in ``doc``; readings name witness hunks."""

    doc: str
    before: str
    old: str
    after: str
    new: str
    kind: str
    confidence: float
    reason: str
    # (reading text, [(witness doc, before, witness text, after), ...])
    readings: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...]


# Every hunk below was checked by hand against the seed files (grep); the witnesses' texts are what
# those files really read there.
SPECS: tuple[Spec, ...] = (
    Spec(D0, "全面从严", "治政", "纵深推进", "治党", "substitution", 0.97,
         "2 of 3 witnesses read 治党; 治政 is not a word",
         (("治党", ((D1, "全面从严", "治党", "纵深推进"), (D2, "全面从严", "治党", "纵深推进"))),
          ("治政", ((D0, "全面从严", "治政", "纵深推进"),)))),
    Spec(D0, "以点带面、", "抓抓", "扩面", "抓点", "substitution", 0.48,
         "witnesses disagree (抓点 / 抓块); the dictionary prefers 抓点 by 1.3 nats",
         (("抓点", ((D1, "以点带面、", "抓点", "扩面"),)),
          ("抓块", ((D2, "以点带面、", "抓块", "扩面"),)),
          ("抓抓", ((D0, "以点带面、", "抓抓", "扩面"),)))),
    Spec(D1, "党的", "十八年", "以来社会工作", "十八大", "substitution", 0.95,
         "witness 002 reads 十八大; 十八年以来 is not a phrase here",
         (("十八大", ((D2, "党的", "十八大", "以来社会工作"),)),
          ("十八年", ((D1, "党的", "十八年", "以来社会工作"),)))),
    Spec(D1, "一段", "你我谦让", "、以和为贵", "你谦我让", "transposition", 0.91,
         "000 and 002 read 你谦我让 (an idiom); 你我谦让 swaps two characters",
         (("你谦我让", ((D0, "一段", "你谦我让", "、以和为贵"), (D2, "一段", "你谦我让", "、以和为贵"))),
          ("你我谦让", ((D1, "一段", "你我谦让", "、以和为贵"),)))),
    Spec(D1, "经济发展难以", "持续", "，整个社会", "为继", "variant", 0.40,
         "002 reads 难以为继; both are good Chinese: an editorial difference",
         (("为继", ((D2, "经济发展难以", "为继", "，整个社会"),)),
          ("持续", ((D1, "经济发展难以", "持续", "，整个社会"),)))),
    Spec(D1, "老杨树宣讲汇”", " ", "全体同志", "", "noise", 0.70,
         "a stray space inside Chinese text; 002 has none",
         (("", ((D2, "老杨树宣讲汇”", "", "全体同志"),)),
          (" ", ((D1, "老杨树宣讲汇”", " ", "全体同志"),)))),
    Spec(D2, "以点带面、", "抓块", "扩面", "抓点", "substitution", 0.52,
         "witnesses disagree (抓点 / 抓抓); the dictionary prefers 抓点",
         (("抓点", ((D1, "以点带面、", "抓点", "扩面"),)),
          ("抓块", ((D2, "以点带面、", "抓块", "扩面"),)),
          ("抓抓", ((D0, "以点带面、", "抓抓", "扩面"),)))),
    Spec(D2, "讲话", "", "重心长", "语", "insertion", 0.88,
         "001 reads 语重心长 (an idiom); 002 lost 语",
         (("语", ((D1, "讲话", "语", "重心长"),)),
          ("", ((D2, "讲话", "", "重心长"),)))),
    Spec(D2, "组织和", "人群", "团结凝聚", "个人", "substitution", 0.83,
         "001 reads 组织和个人; 人群 is a look-alike misreading",
         (("个人", ((D1, "组织和", "个人", "团结凝聚"),)),
          ("人群", ((D2, "组织和", "人群", "团结凝聚"),)))),
)


def find_unique(text: str, needle: str) -> int:
    """Offset of the only occurrence of ``needle`` in ``text`` (asserts it occurs once)."""
    at = text.find(needle)
    assert at >= 0, f"not found: {needle!r}"
    assert text.find(needle, at + 1) < 0, f"not unique: {needle!r}"
    return at


def comma_specs(doc: Document, count: int = 3) -> list[Proposal]:
    """``,`` → ``，`` proposals at the first ``count`` half-width commas of 003 (same old → new: a series)."""
    out = []
    at = -1
    confidences = (0.95, 0.75, 0.60, 0.55, 0.50)
    for i in range(count):
        at = doc.text.find(",", at + 1)
        assert at >= 0
        out.append(
            Proposal(doc=doc.id, start=at, end=at + 1, old=",", new="，", confidence=confidences[i % 5],
                     kind="noise", reason="a half-width comma inside Chinese text",
                     readings=[Reading("，", [], 0.0, 0.0, confidences[i % 5]),
                               Reading(",", [WitnessReading(doc.id, at, at + 1, ",")], 0.5, 0.0, 1 - confidences[i % 5])])
        )
    return out


def build_proposals(documents: Iterable[Document], *, commas: int = 3) -> list[Proposal]:
    """The hand-made proposals whose hunks are found in ``documents`` (as an engine run would give)."""
    docs = {d.id: d for d in documents}
    out: list[Proposal] = []
    for s in SPECS:
        if s.doc not in docs:
            continue
        text = docs[s.doc].text
        at = text.find(s.before + s.old + s.after)
        if at < 0:
            continue  # the file changed: the engine would not propose this any more
        start = at + len(s.before)
        readings = []
        total = sum(len(ws) for _, ws in s.readings)
        for k, (rtext, ws) in enumerate(s.readings):
            wits = []
            for wdoc, wb, wt, wa in ws:
                if wdoc not in docs:
                    continue
                wat = docs[wdoc].text.find(wb + wt + wa)
                if wat < 0:
                    continue
                ws_ = wat + len(wb)
                wits.append(WitnessReading(wdoc, ws_, ws_ + len(wt), wt))
            prob = s.confidence if k == 0 else (1 - s.confidence) / max(1, len(s.readings) - 1)
            readings.append(Reading(rtext, wits, votes=round(1.7 * len(wits), 2),
                                    language=round(-3.0 * k - 1.5, 2), probability=round(prob, 3)))
        del total
        out.append(Proposal(doc=s.doc, start=start, end=start + len(s.old), old=s.old, new=s.new,
                            confidence=s.confidence, kind=s.kind, reason=s.reason, readings=readings, group=0))
    if commas and D3 in docs:
        out.extend(comma_specs(docs[D3], commas))
    return out


def build_result(documents: list[Document], **kw) -> Result:
    """A :class:`Result` such as :func:`corrector.propose` returns, with the hand-made proposals."""
    proposals = build_proposals(documents, **kw)
    group = Group(0, [Span(d.id, 0, len(d.text)) for d in documents if d.id in (D0, D1, D2)])
    return Result(documents=list(documents), groups=[group], proposals=proposals,
                  witness_error_rates={D0: 0.02, D1: 0.015, D2: 0.03})


def fake_propose(documents: list[Document], options=None, progress=None, **overrides) -> Result:
    """Stands in for :func:`corrector.propose` (same signature), calling ``progress`` like it."""
    if progress:
        progress("align", 1, 2)
        progress("vote", 2, 2)
    return build_result(list(documents))


def copy_seeds(dest: Path, names: Iterable[str] = SEED_FILES) -> Path:
    """Copy seed files into ``dest/seeds`` and return that folder."""
    folder = dest / "seeds"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(SEEDS / name, folder / name)
    return folder


def make_store(tmp: Path, *, db_name: str = "review.db", commas: int = 3):
    """A review database on copied seeds with the hand-made proposals stored.

    Returns:
        ``(store, documents, folder)``.
    """
    from corrector.store import ReviewStore

    folder = copy_seeds(tmp)
    docs = corrector.load([folder])
    store = ReviewStore(tmp / db_name)
    store.refresh(docs, build_result(docs, commas=commas), inputs=[folder])
    return store, docs, folder


def shown_text(widget, width: int = 100) -> str:
    """What a Static shows, as plain text (Rich renderables rendered at ``width`` columns)."""
    from rich.console import Console
    from rich.text import Text

    content = widget.content
    if isinstance(content, Text):
        return content.plain
    if isinstance(content, str):
        return content
    console = Console(width=width, record=True, file=open("/dev/null", "w"))
    console.print(content)
    return console.export_text()


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until ``condition()`` holds (fails the test after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


def run(coro):
    """Run a coroutine to completion (tests are plain functions; no asyncio plugin needed)."""
    return asyncio.run(coro)


# --------------------------------------------------------------------- the app


def open_app(store, *, editor: str = "li", **kwargs):
    """A :class:`tui.app.ReviewApp` on ``store`` for Pilot tests (no blinking, fast polling)."""
    from tui.app import ReviewApp

    kwargs.setdefault("poll_interval", 0.1)
    return ReviewApp(store, editor=editor, cursor_blink=False, **kwargs)


#: The terminal most Pilot tests run in (the app's smallest supported size).
SIZE = (80, 24)


def review_app(tmp: Path, *, commas: int = 3):
    """A review database made by :func:`make_store` and an app on it (:func:`open_app`); returns ``(store, app)``."""
    store, _, _ = make_store(tmp, commas=commas)
    return store, open_app(store)


def drive(app, steps: Callable[..., Awaitable[T]], size: tuple[int, int] = SIZE) -> T:
    """Run ``app`` under Pilot at ``size``, wait for its review screen, then ``await steps(pilot, screen)``.

    Returns what ``steps`` returns (the app has quit by then).  Fails where ``steps`` did not run to
    its end: most tests assert inside their steps, and would pass unseen if they never ran.
    """
    finished: list[bool] = []

    async def checked(pilot, screen):
        out = await steps(pilot, screen)
        finished.append(True)
        return out

    async def main():
        async with app.run_test(size=size) as pilot:
            return await checked(pilot, await ready(pilot))

    out = run(main())
    assert finished, "the test's steps did not run to their end"
    return out


async def ready(pilot):
    """Wait until the review screen shows the queue; returns the screen."""
    from tui.screens.review import ReviewScreen

    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and not app.screen.busy)
    await pilot.pause()
    return app.screen


async def go_to_change(pilot, screen, old: str, k: int = 0) -> list[int]:
    """Highlight the ``k``-th proposal replacing ``old``; returns the pids of every proposal replacing it."""
    pids = [i.pid for i in screen.state.items if i.proposal.old == old]
    screen.queue.goto(pids[k])
    await pilot.pause()
    return pids


async def open_series(pilot, screen, old: str):
    """Go to the first proposal replacing ``old`` and press ``Y``; returns (their pids, the series dialog)."""
    from tui.dialogs import SeriesDialog

    pids = await go_to_change(pilot, screen, old)
    await pilot.press("Y")
    dialog = pilot.app.screen
    assert isinstance(dialog, SeriesDialog)
    return pids, dialog


def pid_of(store_or_screen, doc: str, old: str) -> int:
    """The pid of the proposal in ``doc`` replacing ``old``."""
    items = store_or_screen.state.items if hasattr(store_or_screen, "state") else store_or_screen.items()
    (pid,) = [i.pid for i in items if i.proposal.doc == doc and i.proposal.old == old]
    return pid


async def go(pilot, screen, doc: str, old: str) -> int:
    """Highlight the proposal in ``doc`` replacing ``old``; returns its pid."""
    pid = pid_of(screen, doc, old)
    assert screen.queue.goto(pid)
    await pilot.pause()
    assert screen.current_item().pid == pid
    return pid
