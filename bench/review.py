"""Speed and memory of the review app at thousands of proposals, driven headlessly with Textual's Pilot.

Builds a synthetic review: articles of the held-out text (``data/heldout_zh.txt``, never the seeds),
each printed by three papers, each printing with its own look-alike misreadings (``noise.lookalikes``);
every misreading is a proposal whose witnesses are the other two printings.  The proposals are made
by this script, not by the engine, so the figures are the app's own.

Each measurement runs in a fresh child process (so imports, start-up and peak memory are the app's
alone) and prints a table.  Latency of a key is the process CPU time from sending the key until the
app is idle again, screen update included (the event loop is one thread, so on an unloaded machine
this is the delay the editor sees); beside it, the wall time from sending the key to the last frame
the app drew for it (this includes waiting for the CPU on a shared machine).

Usage: ``python -m bench.review [--proposals 3000] [--size 120x40] [--presses 15] [--json FILE]``.
Exit status 1 when a target of issue 13 is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: Papers printing each article (each one a document; each proposal's witnesses are the other two).
PAPERS = ("renmin", "guangming", "jiefang")

#: Characters per article; with 50 misreadings per printing, 20 articles give 3,000 proposals.
ARTICLE_SIZE = 2500

#: Least distance between two misreadings in one article (keeps the hunks apart, as the engine does).
MIN_GAP = 6

#: Targets from issue 13 (milliseconds; start in seconds; memory in MiB).
TARGETS = {
    "verdict": 100.0,  # y n u and edit-confirm, median
    "move": 50.0,  # j k, median
    "filter": 200.0,  # filters, search, document view (and the concordance, held to the same)
    "start_existing": 2.0,
    "start_new": 2.0,  # the app's part, the engine's time excluded
    "memory": 250.0,
}


# ----------------------------------------------------------------------------- the synthetic review


def build(folder: Path, proposals: int, *, seed: int = 13) -> dict[str, Any]:
    """Write the printings to ``folder/pages`` and the proposals to ``folder/result.json``.

    Returns:
        ``{"pages": ..., "result": ..., "proposals": n}``.
    """
    import corrector
    from bench.corpus import articles, heldout_paragraphs
    from bench.noise import lookalikes
    from corrector.model import Group, Proposal, Reading, Result, Span, WitnessReading

    rng = random.Random(seed)
    table = lookalikes()
    per_doc = 50
    n_articles = max(1, -(-proposals // (per_doc * len(PAPERS))))
    pool = articles(heldout_paragraphs(), None, ARTICLE_SIZE, seed=seed)
    pages = folder / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    plans: list[tuple[str, list[tuple[str, int, str]]]] = []  # (clean text, [(doc name, pos, misread)])
    left = proposals
    for a in range(n_articles):
        clean = "\n".join(pool[a % len(pool)])
        candidates = [i for i, c in enumerate(clean) if c in table]
        rng.shuffle(candidates)
        chosen: list[int] = []
        for i in candidates:
            if all(abs(i - j) >= MIN_GAP for j in chosen):
                chosen.append(i)
            if len(chosen) >= per_doc * len(PAPERS):
                break
        errors = []
        for k, pos in enumerate(chosen[: min(left, len(chosen))]):
            paper = PAPERS[k % len(PAPERS)]
            errors.append((f"{paper}_{a:03d}.txt", pos, rng.choice(table[clean[pos]])))
        left -= len(errors)
        for paper in PAPERS:
            name = f"{paper}_{a:03d}.txt"
            chars = list(clean)
            for doc, pos, bad in errors:
                if doc == name:
                    chars[pos] = bad
            (pages / name).write_text("".join(chars), encoding="utf-8")
        plans.append((clean, errors))
        if left <= 0:
            break
    docs = corrector.load([pages])
    by_id = {d.id: d for d in docs}
    out: list[Proposal] = []
    groups = []
    kinds = ("substitution",) * 6 + ("noise", "variant")
    for a, (clean, errors) in enumerate(plans):
        names = [f"{paper}_{a:03d}.txt" for paper in PAPERS]
        groups.append(Group(a, [Span(n, 0, len(by_id[n].text)) for n in names]))
        for doc, pos, bad in errors:
            good = clean[pos]
            others = [n for n in names if n != doc]
            kind = rng.choice(kinds)
            conf = round(rng.uniform(0.3, 0.5) if kind == "variant" else rng.uniform(0.5, 0.999), 3)
            readings = [
                Reading(good, [WitnessReading(n, pos, pos + 1, good) for n in others], 7.4, -2.0, conf),
                Reading(bad, [WitnessReading(doc, pos, pos + 1, bad)], 3.1, -6.5, round(1 - conf, 3)),
            ]
            out.append(Proposal(doc=doc, start=pos, end=pos + 1, old=bad, new=good, confidence=conf, kind=kind,
                                reason=f"2 of 3 printings read {good}; {bad} is a look-alike misreading",
                                readings=readings, group=a))
    result = Result(documents=docs, groups=groups, proposals=out)
    (folder / "result.json").write_text(json.dumps(result.to_json(), ensure_ascii=False), encoding="utf-8")
    return {"pages": str(pages), "result": str(folder / "result.json"), "proposals": len(out)}


def load_result(path: str, pages: str):
    """The :class:`corrector.model.Result` written by :func:`build` (documents loaded from ``pages``)."""
    import corrector
    from corrector.model import Group, Proposal, Result, Span

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    docs = corrector.load([pages])
    groups = [Group(g["id"], [Span(**s) for s in g["passages"]]) for g in data["groups"]]
    return docs, Result(documents=docs, groups=groups, proposals=[Proposal.from_json(p) for p in data["proposals"]])


# ----------------------------------------------------------------------------- the child: one app run


class Timer:
    """Latency of one key: CPU time, and wall time to the last frame drawn, from sending it until the app is idle.

    The frame time is when the app last drew the screen for the key (``App._display`` is timed): what the
    editor waits for, without Pilot's idle detection (which sleeps in 20 ms steps).
    """

    def __init__(self) -> None:
        self.cpu: dict[str, list[float]] = {}
        self.wall: dict[str, list[float]] = {}
        self.last_frame = 0.0

    def watch(self, app) -> None:
        """Time every frame the app hands to its driver (rendered; headless drivers then drop it)."""
        display = app._display

        def timed(screen, renderable) -> None:
            self.last_frame = time.perf_counter()
            display(screen, renderable)

        app._display = timed

    async def press(self, pilot, label: str, *keys: str) -> None:
        c0, w0 = time.process_time(), time.perf_counter()
        self.last_frame = w0
        await pilot.press(*keys)
        await pilot.pause()
        self.cpu.setdefault(label, []).append((time.process_time() - c0) * 1000)
        self.wall.setdefault(label, []).append((self.last_frame - w0) * 1000)


async def _ready(pilot, timeout: float = 120.0) -> Any:
    from tui.screens.review import ReviewScreen

    app = pilot.app
    deadline = time.monotonic() + timeout
    while not (isinstance(app.screen, ReviewScreen) and not app.screen.busy):
        if time.monotonic() > deadline:
            raise SystemExit("bench.review: the review screen did not appear")
        await asyncio.sleep(0.005)
    await pilot.pause()
    return app.screen


async def _until(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("bench.review: a dialog did not open or close")
        await asyncio.sleep(0.002)


def child(args: argparse.Namespace) -> dict[str, Any]:
    """Open the app on ``args.db`` and measure; returns the figures (printed as JSON by ``main``)."""
    t0 = time.perf_counter()
    import resource

    import corrector
    from corrector.store import ReviewStore
    from tui.app import ReviewApp

    width, height = (int(v) for v in args.size.split("x"))
    docs = corrector.load([args.pages])
    store = ReviewStore(args.db)
    plan = store.plan(docs)
    propose = None
    engine = engine_cpu = 0.0
    if args.child == "new":
        # the engine's part, made beforehand: reading it back stands in for the engine's time, left out
        e0, c0 = time.perf_counter(), time.process_time()
        _, result = load_result(args.result, args.pages)
        engine, engine_cpu = time.perf_counter() - e0, time.process_time() - c0

        def propose(documents, progress=None, **kw):  # the engine's part, made beforehand
            return result

    app = ReviewApp(store, documents=docs, plan=plan, inputs=[args.pages], propose=propose, editor="bench",
                    cursor_blink=False)
    timer = Timer()
    figures: dict[str, Any] = {}

    async def main() -> None:
        async with app.run_test(size=(width, height)) as pilot:
            screen = await _ready(pilot)
            figures["start"] = time.perf_counter() - t0 - engine
            figures["start_cpu"] = time.process_time() - engine_cpu  # the interpreter's own start included
            timer.watch(app)
            figures["rows"] = len((getattr(screen, "queue", None) or screen.table).pids)  # `table` before the virtual list
            if args.child == "new":
                return
            n = args.presses
            for key in ("j", "k", "y", "u", "n", "u"):  # each n times over: move, decide, undo
                for _ in range(n):
                    await timer.press(pilot, key, key)
            from tui.dialogs import EditDialog, FilterDialog

            for _ in range(max(3, n // 3)):
                await timer.press(pilot, "e (dialog opens)", "e")
                await _until(pilot, lambda: isinstance(app.screen, EditDialog))
                await pilot.press("ctrl+u", "X")
                await timer.press(pilot, "edit confirm (enter)", "enter")
                await _until(pilot, lambda: app.screen is screen)
            for _ in range(max(3, n // 3)):
                await timer.press(pilot, "p (pending only / all)", "p")
            for _ in range(max(3, n // 3)):
                await timer.press(pilot, "f (dialog opens)", "f")
                await _until(pilot, lambda: isinstance(app.screen, FilterDialog))
                await timer.press(pilot, "filter apply", "enter")
                await _until(pilot, lambda: app.screen is screen)
            from tui.screens.concordance import ConcordanceScreen
            from tui.screens.document import DocumentScreen

            for _ in range(max(3, n // 3)):
                await timer.press(pilot, "d (document view opens)", "d")
                await _until(pilot, lambda: isinstance(app.screen, DocumentScreen))
                await timer.press(pilot, "document view: j", "j")
                await timer.press(pilot, "document view: y", "y")
                await pilot.press("u")
                await pilot.press("escape")
                await _until(pilot, lambda: app.screen is screen)
            for _ in range(max(3, n // 3)):
                await timer.press(pilot, "c (concordance opens)", "c")
                await _until(pilot, lambda: isinstance(app.screen, ConcordanceScreen))
                await pilot.press("escape")
                await _until(pilot, lambda: app.screen is screen)
            for _ in range(max(3, n // 3)):
                await timer.press(pilot, "/ (search opens)", "slash")
                await timer.press(pilot, "search: type a character", "的")
                await timer.press(pilot, "search: close (esc)", "escape")
            await pilot.press("q")

    asyncio.run(main())
    store.close()
    figures["cpu"] = timer.cpu
    figures["wall"] = timer.wall
    figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


# ----------------------------------------------------------------------------- the parent


def _run_child(mode: str, work: Path, built: dict[str, Any], db: Path, args: argparse.Namespace) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.review", "--child", mode, "--db", str(db), "--pages", built["pages"],
            "--result", built["result"], "--size", args.size, "--presses", str(args.presses)]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if proc.returncode != 0:
        raise SystemExit(f"bench.review: the {mode} run failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.review", description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=3000, help="proposals in the synthetic review (default 3000)")
    parser.add_argument("--size", default="120x40", help="terminal size, COLSxROWS (default 120x40)")
    parser.add_argument("--presses", type=int, default=15, help="presses of each key measured (default 15)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (default: a temporary folder)")
    parser.add_argument("--child", choices=("existing", "new"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--pages", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args)))
        return 0

    with tempfile.TemporaryDirectory(prefix="corrector-bench-review-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        built = build(work, args.proposals)
        # the existing database: proposals stored as `corrector review` stores them
        from corrector.store import ReviewStore

        docs, result = load_result(built["result"], built["pages"])
        existing = work / "existing.db"
        new = work / "new.db"
        for f in (existing, new):
            for suffix in ("", "-wal", "-shm"):
                Path(str(f) + suffix).unlink(missing_ok=True)
        with ReviewStore(existing) as store:
            store.refresh(docs, result, inputs=[built["pages"]])
        first = _run_child("new", work, built, new, args)
        second = _run_child("existing", work, built, existing, args)

    rows = []
    ok = True

    def row(label: str, value: float, unit: str, target: float | None) -> None:
        nonlocal ok
        good = target is None or value < target
        ok = ok and good
        rows.append((label, f"{value:,.0f} {unit}" if unit == "ms" else f"{value:.2f} {unit}",
                     "" if target is None else f"< {target:g} {unit}", "" if target is None else ("ok" if good else "MISSED")))

    row(f"start, new database (engine time excluded; CPU {first['start_cpu']:.2f} s)", first["start"], "s",
        TARGETS["start_new"])
    row(f"start, existing database (CPU {second['start_cpu']:.2f} s)", second["start"], "s", TARGETS["start_existing"])
    targets = {"j": "move", "k": "move", "y": "verdict", "n": "verdict", "u": "verdict",
               "edit confirm (enter)": "verdict", "p (pending only / all)": "filter", "filter apply": "filter",
               "search: type a character": "filter", "search: close (esc)": "filter",
               "d (document view opens)": "filter", "document view: j": "filter", "document view: y": "verdict",
               "c (concordance opens)": "filter"}
    for label, values in second["cpu"].items():
        med = statistics.median(values)
        wall = statistics.median(second["wall"][label])
        goal = TARGETS[targets[label]] if label in targets else None
        row(f"{label}  (median of {len(values)}; last frame {wall:,.0f} ms)", med, "ms", goal)
    row("peak memory (existing database run)", second["peak_mib"], "MiB", TARGETS["memory"])

    print(f"review app, {built['proposals']} proposals, {second['rows']} rows in the queue, {args.size} "
          "(latency: CPU time until idle, screen update included; last frame: wall time to the last screen write)")
    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'value':>10}  {'target':>10}")
    for label, value, target, verdict in rows:
        print(f"{label:<{w}}  {value:>10}  {target:>10}  {verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps({"new": first, "existing": second, "ok": ok}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
