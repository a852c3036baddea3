"""Per-stage times and resources of one engine run (a child process of bench.synthetic).

    python -m bench.stages PATH [--workers N] [--scheduler ADDRESS] [--detail FILE]

Prints one JSON object ``{stage: seconds}`` on stdout: each stage lasts from the first progress tick
it reports to the first tick of the next stage (``load`` is reading the files; the last stage ends
when ``propose`` returns).  ``--detail FILE`` also writes, per stage, the CPU seconds of the whole
process tree (this process and its workers, from ``/proc``: robust against other load on the
machine, unlike wall time), those of this process alone (``driver_cpu``: the driver's part, the
rest is the workers') and the tree's peak resident memory, sampled every
:data:`SAMPLE_SECONDS` (a peak shorter than that can be missed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import TypeVar

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corrector  # noqa: E402

#: How often the process tree's memory and CPU are sampled.
SAMPLE_SECONDS = 0.1


def tree_usage(root: int, include_root: bool = True, include_children: bool = True) -> tuple[int, float]:
    """Resident bytes and CPU seconds (user + system) of process ``root``'s tree (Linux /proc; zeros elsewhere).

    CPU of workers that already ended is not counted (the engine's workers live until the run ends,
    so at most the last sample interval of their work is missed).
    """
    parent: dict[int, int] = {}
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    parent[int(name)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    kids: dict[int, list[int]] = {}
    for pid, pp in parent.items():
        kids.setdefault(pp, []).append(pid)
    rss, cpu = 0, 0.0
    todo = [root] if include_root else list(kids.get(root, []))
    page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    while todo:
        pid = todo.pop()
        if include_children:
            todo.extend(kids.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                rss += int(f.read().split()[1]) * page
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return rss, cpu


def children_cpu(root: int) -> dict[int, float]:
    """CPU seconds (user + system) of each direct child of process ``root`` (the engine's workers; Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    out: dict[int, float] = {}
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                if int(fields[1]) == root:
                    out[int(name)] = (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                continue
    return out


S = TypeVar("S", bound="Sampling")


class Sampling:
    """Calls :meth:`sample` on a thread every :data:`SAMPLE_SECONDS` while the ``with`` block runs."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self.sample()

    def __enter__(self: S) -> S:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class StageSampler(Sampling):
    """Per stage: the tree's CPU seconds and peak resident MiB (stages named by :meth:`enter`)."""

    def __init__(self) -> None:
        super().__init__()
        self.stage = "load"
        self.cpu: dict[str, float] = {}
        self.driver_cpu: dict[str, float] = {}  # this process alone (the driver's serial part; the rest is the workers')
        self.peak_mib: dict[str, float] = {}
        #: per stage, each worker's CPU seconds (busiest first): the spread shows how evenly the work was dealt
        self.worker_cpu: dict[str, dict[int, float]] = {}
        self._last_kids: dict[int, float] = {}
        self._last_cpu = 0.0
        self._last_driver = 0.0
        self._lock = threading.Lock()

    def sample(self) -> None:
        rss, cpu = tree_usage(os.getpid())
        _, driver = tree_usage(os.getpid(), include_children=False)
        kids = children_cpu(os.getpid())
        with self._lock:
            mine = self.worker_cpu.setdefault(self.stage, {})
            for pid, c in kids.items():
                mine[pid] = mine.get(pid, 0.0) + max(0.0, c - self._last_kids.get(pid, 0.0))
            self._last_kids.update(kids)
            self.peak_mib[self.stage] = max(self.peak_mib.get(self.stage, 0.0), rss / 2**20)
            # when the workers stop at the end, their CPU leaves the tree: count only increases
            self.cpu[self.stage] = self.cpu.get(self.stage, 0.0) + max(0.0, cpu - self._last_cpu)
            self._last_cpu = cpu
            self.driver_cpu[self.stage] = self.driver_cpu.get(self.stage, 0.0) + max(0.0, driver - self._last_driver)
            self._last_driver = driver

    def enter(self, stage: str) -> None:
        self.sample()  # what was used so far belongs to the stage that is ending
        with self._lock:
            self.stage = stage

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        self.sample()  # the last stage's end


def stage_times(paths: list[str], workers: int = 1, scheduler: str | None = None,
                sampler: StageSampler | None = None) -> dict[str, float]:
    """Seconds per stage of ``corrector.propose`` on ``paths`` (loading included, as ``load``)."""
    starts: list[tuple[str, float]] = [("load", time.perf_counter())]

    def tick(stage: str, done: int, total: int) -> None:
        if stage != starts[-1][0]:
            starts.append((stage, time.perf_counter()))
            if sampler is not None:
                sampler.enter(stage)

    docs = corrector.load(paths)
    corrector.propose(docs, progress=tick, workers=workers, scheduler=scheduler)
    starts.append(("end", time.perf_counter()))
    return {name: round(starts[i + 1][1] - t, 3) for i, (name, t) in enumerate(starts[:-1])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--scheduler")
    ap.add_argument("--detail", help="write {cpu: {stage: s}, peak_mib: {stage: MiB}} (JSON) to this file")
    args = ap.parse_args(argv)
    with StageSampler() as sampler:
        times = stage_times(args.paths, args.workers, args.scheduler, sampler)
    if args.detail:
        Path(args.detail).write_text(json.dumps({"cpu": {k: round(v, 2) for k, v in sampler.cpu.items()},
                                                 "driver_cpu": {k: round(v, 2) for k, v in sampler.driver_cpu.items()},
                                                 "worker_cpu": {k: sorted((round(c, 2) for c in v.values()), reverse=True)
                                                                for k, v in sampler.worker_cpu.items()},
                                                 "peak_mib": {k: round(v) for k, v in sampler.peak_mib.items()}}))
    print(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
