"""Per-stage times of one engine run (a child process of bench.synthetic): ``python -m bench.stages PATH [--workers N]``.

Prints one JSON object ``{stage: seconds}`` on stdout: each stage lasts from the first progress tick
it reports to the first tick of the next stage (``load`` is reading the files; the last stage ends
when ``propose`` returns).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corrector  # noqa: E402


def stage_times(paths: list[str], workers: int = 1, scheduler: str | None = None) -> dict[str, float]:
    """Seconds per stage of ``corrector.propose`` on ``paths`` (loading included, as ``load``)."""
    starts: list[tuple[str, float]] = [("load", time.perf_counter())]

    def tick(stage: str, done: int, total: int) -> None:
        if stage != starts[-1][0]:
            starts.append((stage, time.perf_counter()))

    docs = corrector.load(paths)
    corrector.propose(docs, progress=tick, workers=workers, scheduler=scheduler)
    starts.append(("end", time.perf_counter()))
    return {name: round(starts[i + 1][1] - t, 3) for i, (name, t) in enumerate(starts[:-1])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--scheduler")
    args = ap.parse_args(argv)
    print(json.dumps(stage_times(args.paths, args.workers, args.scheduler)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
