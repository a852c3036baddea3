"""Where the CPU goes, driver and workers, per stage function: cProfile (CPU clock) of one engine run.

    python -m bench.profile_workers PATH... [--workers N] [--out DIR] [--top K] [--match TEXT ...]

Runs ``corrector.propose`` on the documents with ``N`` local workers (1: in process), the driver
profiled as a whole (``DIR/driver.prof``) and each worker per stage function it ran
(``$CORRECTOR_PROFILE_DIR``, see ``corrector.worker_loop``).  Prints, for the driver and for
each stage function summed over the workers, the profiled CPU seconds and the ``K`` functions with
the most time of their own; ``--match`` also prints, everywhere, the cumulative seconds of the
functions whose name contains TEXT (the same function in process and on the workers compares the
work one process shares and the workers repeat).  cProfile slows Python code about 1.5–2×: compare
profiles with profiles, not with the benchmarks' seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corrector  # noqa: E402
from corrector.worker_loop import PROFILE_ENV  # noqa: E402


def _total(stats: pstats.Stats) -> float:
    return float(getattr(stats, "total_tt", 0.0))


def _show(title: str, stats: pstats.Stats, top: int, match: list[str]) -> None:
    print(f"== {title}: {_total(stats):.2f} s profiled")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])  # type: ignore[attr-defined]
    for (file, line, name), (_, calls, tt, ct, _) in rows[:top]:
        print(f"   own {tt:7.2f}  cum {ct:7.2f}  {calls:9d}  {name} ({Path(file).name}:{line})")
    for text in match:
        for (file, line, name), (_, calls, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
            if text in name:
                print(f"   [{text}] cum {ct:7.2f} own {tt:7.2f} {calls:9d}  {name} ({Path(file).name}:{line})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, help="keep the .prof files here (default: a temporary folder)")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--match", nargs="*", default=[])
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[PROFILE_ENV] = str(folder)
        prof = cProfile.Profile(time.process_time)
        prof.enable()
        docs = corrector.load(args.paths)
        corrector.propose(docs, workers=args.workers)
        prof.disable()
        prof.dump_stats(str(folder / "driver.prof"))
        _show("driver", pstats.Stats(str(folder / "driver.prof")), args.top, args.match)
        by_stage: dict[str, list[str]] = {}
        for f in sorted(folder.glob("worker-*.prof")):
            by_stage.setdefault(f.stem.split("-", 2)[2], []).append(str(f))
        for stage, files in sorted(by_stage.items()):
            _show(f"workers, {stage} ({len(files)} processes)", pstats.Stats(*files), args.top, args.match)
    return 0


if __name__ == "__main__":
    sys.exit(main())
