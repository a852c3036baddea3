"""What the suspicion flags cost on a ``bench.synthetic`` archive, measured so that a loaded machine can tell.

``python -m bench.ocr.single --synthetic PAGES`` runs this.  The archive is built once; then each
measurement is a fresh process (imports, the dictionary and the word tables loaded as a user's run
loads them), and the parent reads that process's CPU time (``resource.getrusage`` of its children:
user + sys, the child's own children included) as well as the CPU time the child reports for the
``corrector.propose`` call alone and for its suspicion step (:func:`corrector.suspects.add_suspects`).
CPU time, not wall time: other sessions on the machine stretch wall time, CPU time much less.

- paired runs (``--repeats R``): ``corrector.propose`` without flags and with, in fresh processes,
  alternated (off-on, then on-off, ...: a drift of the machine's load falls on both), R of each;
  the table gives every pair and the medians; the cost is the median of the pairs' ratios.  With
  ``--against DIR`` the other checkout's pairs are run in turn with this one's.
- the step alone (``--step``): the inputs of the suspicion step saved once (pickled from one run with
  flags), then only that step run from them, R times in fresh processes.  With ``--against DIR``
  (another checkout: main's, say) each process runs both versions on the same inputs, taking turns
  document by document, and reports the ratio: at load 2-4 whole runs minutes apart differ by a
  fifth either way, the turns by a few per cent.  The order is not neutral: s14n's control, main
  against a copy of main, gave 0.874-0.936 (median 0.925; session 13 had measured 1.02): run both
  orders and take the geometric mean of the two ratios, sqrt(r(A, B) / r(B, A)).  The garbage
  collector is the process's: where a version changes what it walks or how often (s14m:
  :func:`corrector.suspects.set_aside`, the thresholds of :func:`corrector.suspects.old_objects_frozen`),
  the other version's turns run under the same collector, so the ratio leaves that change out;
  separate processes (``--step`` without ``--against``, or whole runs) show it.
- ``--dump FILE``: the flag list of one run with flags (document, start, end, old, new, one a line),
  to compare two versions of the detectors: identical flags, identical files.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _both() -> float:
    """CPU seconds of this process and its waited-for children so far."""
    return _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)


def child(pages_dir: Path, mode: str, inputs: Path | None, dump: Path | None, against: Path | None = None) -> dict:
    """One measurement in this (fresh) process: ``mode`` is ``off`` or ``on`` (a whole
    ``corrector.propose`` run), ``save`` (a run with flags whose suspicion step's inputs are pickled to
    ``inputs``), ``step`` (only the suspicion step, from ``inputs``) or ``interleave`` (the step of
    this checkout and of ``against`` taking turns: :func:`interleaved`)."""
    from unittest import mock

    import corrector
    import corrector.pipeline as pipeline
    from corrector.language import Dictionary

    if mode == "interleave":
        assert inputs is not None and against is not None
        return interleaved(inputs, against)
    if mode == "step":
        assert inputs is not None
        args = pickle.loads(inputs.read_bytes())
        c0 = _both()
        found = pipeline.add_suspects(*args)
        step = _both() - c0
        out = {"cpu_step": step, "flags": sum(p.kind == "suspect" for p in found)}
        if dump is not None:
            _dump(found, dump)
        return out
    docs = corrector.load([pages_dir])
    Dictionary.load().frequencies()  # the engine loads it with or without flags; not what the flags add
    spent = [0.0]
    real = pipeline.add_suspects

    def timed(*args, **kwargs):
        if mode == "save" and inputs is not None:
            inputs.write_bytes(pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL))
        c = _both()
        try:
            return real(*args, **kwargs)
        finally:
            spent[0] += _both() - c

    c0, t0 = _both(), time.perf_counter()
    with mock.patch.object(pipeline, "add_suspects", timed):
        result = corrector.propose(docs, suspects=mode != "off")
    cpu, wall = _both() - c0, time.perf_counter() - t0
    found = [p for p in result.proposals if p.kind == "suspect"]
    if dump is not None:
        _dump(found, dump)
    return {"cpu_propose": cpu, "wall_propose": wall, "cpu_step": spent[0], "flags": len(found)}


def interleaved(inputs: Path, other: Path) -> dict:
    """The suspicion step of this checkout and of the checkout ``other`` (loaded as the package
    ``corrector_other``) on the same saved inputs, in one process, taking turns document by
    document (two threads, one running at a time): a change of the machine's load falls on both
    alike, which separate processes minutes apart cannot promise.  CPU seconds (``thread_time``)
    of each version's per-document work (:func:`corrector.suspects.find_suspects`; for a version
    that runs its step in batches, :func:`corrector.suspects.begin_suspects`, the batch's gains, its
    corpus counts where counted apart (:func:`corrector.suspects.batch_supports`,
    :func:`corrector.suspects.begin_broken_words`) and
    :func:`corrector.suspects.finish_suspects`, each a turn) and of each detector; the flags of both."""
    import importlib.util
    import threading
    from collections import Counter

    spec = importlib.util.spec_from_file_location("corrector_other", other / "corrector" / "__init__.py",
                                                  submodule_search_locations=[str(other / "corrector")])
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules["corrector_other"] = package
    spec.loader.exec_module(package)
    import corrector.suspects as mine
    import corrector_other.suspects as theirs  # type: ignore[import-not-found]

    raw = inputs.read_bytes()
    versions = {"this": mine, "against": theirs}
    turn = {"this": threading.Semaphore(1), "against": threading.Semaphore(0)}
    nxt = {"this": "against", "against": "this"}
    done = {name: False for name in versions}
    spent = {name: 0.0 for name in versions}
    detectors: dict[str, Counter] = {name: Counter() for name in versions}
    flags: dict[str, list[str]] = {}

    def taking_turns(name: str, real):
        def run(*args, **kwargs):
            turn[name].acquire()
            try:
                c = time.thread_time()
                found = real(*args, **kwargs)
                spent[name] += time.thread_time() - c
                return found
            finally:
                turn[nxt[name] if not done[nxt[name]] else name].release()
        return run

    def timed(name: str, detector: str, real):
        def run(*args):
            c = time.thread_time()
            try:
                return real(*args)
            finally:
                detectors[name][detector] += time.thread_time() - c
        return run

    for name, module in versions.items():
        if hasattr(module, "begin_suspects"):
            # a version whose step runs in batches (begin each document, the batch's broken-word
            # gains at once, finish each): the turns taken at each of those calls, broken word's
            # time its two halves and the gains (its DETECTORS entry left alone, else the detector
            # would run whole, unbatched)
            bw = module.broken_word
            bw.begin = timed(name, bw.NAME, bw.begin)
            bw.finish = timed(name, bw.NAME, bw.finish)
            module.gains_of = taking_turns(name, timed(name, bw.NAME, module.gains_of))
            # a batch's corpus counts (broken word's): turns; timed as broken word where no timed
            # part runs inside (begin_broken_words runs bw.begin: its bigram counts timed instead)
            if hasattr(module, "batch_supports"):
                module.batch_supports = taking_turns(name, timed(name, bw.NAME, module.batch_supports))
            if hasattr(module, "begin_broken_words"):
                module.begin_broken_words = taking_turns(name, module.begin_broken_words)
                module.bigram_counts_of = timed(name, bw.NAME, module.bigram_counts_of)
            if hasattr(bw, "place"):
                bw.place = timed(name, bw.NAME, bw.place)
            if hasattr(bw, "edit_gains_of"):  # its deletions' and insertions' gains, a batch's at once (s14n)
                bw.edit_gains_of = timed(name, bw.NAME, bw.edit_gains_of)
                bw.score_edits = timed(name, bw.NAME, bw.score_edits)
            module.begin_suspects = taking_turns(name, module.begin_suspects)
            module.finish_suspects = taking_turns(name, module.finish_suspects)
            skip = {bw.NAME}
        else:
            module.find_suspects = taking_turns(name, module.find_suspects)  # type: ignore[attr-defined]
            skip = set()
        for detector, real in list(module.DETECTORS.items()):
            if detector not in skip:
                module.DETECTORS[detector] = timed(name, detector, real)

    def whole(name: str) -> None:
        try:
            found = versions[name].add_suspects(*pickle.loads(raw))
            flags[name] = sorted(f"{p.doc}\t{p.start}\t{p.end}\t{p.old}\t{p.new}" for p in found if p.kind == "suspect")
        finally:
            done[name] = True
            turn[nxt[name]].release()

    threads = [threading.Thread(target=whole, args=(name,)) for name in versions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if set(flags) != set(versions):
        raise RuntimeError("a version's suspicion step failed")
    return {"cpu_step": spent, "detectors": {name: dict(d) for name, d in detectors.items()},
            "flags": {name: len(f) for name, f in flags.items()}, "same_flags": flags["this"] == flags["against"]}


def _dump(proposals, path: Path) -> None:
    lines = sorted(f"{p.doc}\t{p.start}\t{p.end}\t{p.old}\t{p.new}" for p in proposals if p.kind == "suspect")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    os.replace(tmp, path)


def _spawn(root: Path, pages_dir: Path, mode: str, inputs: Path | None = None, dump: Path | None = None,
           against: Path | None = None) -> dict:
    """Run :func:`child` in a fresh process of the checkout at ``root``; its figures and the whole
    process's CPU seconds (``cpu_process``)."""
    # this file run as a script, with the other checkout's corrector first on the path
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(pages_dir)]
    if inputs is not None:
        cmd += ["--inputs", str(inputs)]
    if dump is not None:
        cmd += ["--dump", str(dump)]
    if against is not None:
        cmd += ["--against", str(against)]
    env = dict(os.environ, PYTHONPATH=str(root))
    before = _cpu(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    after = _cpu(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} run failed in {root}: {done.stderr.strip()[-2000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if Path(out["corrector"]).resolve() != root.resolve():
        raise RuntimeError(f"the {mode} run in {root} imported corrector from {out['corrector']}")
    out["cpu_process"] = after - before
    return out


def paired(pages: int, repeats: int, seed: int = 1, dump: Path | None = None, against: Path | None = None) -> dict:
    """``repeats`` pairs of fresh runs without and with flags, alternated; per pair and medians.  With
    ``against`` (another checkout), each repeat runs a pair of each checkout, one right after the
    other (their order alternating too), so that both see about the same load."""
    from bench.synthetic import build_archive

    roots = {"this": ROOT} | ({"against": against.resolve()} if against is not None else {})
    with tempfile.TemporaryDirectory(prefix="corrector-flagcost-") as tmp:
        arch = build_archive(Path(tmp), pages, seed)
        pages_dir = Path(tmp) / "pages"
        pairs: dict[str, list[dict]] = {name: [] for name in roots}
        for r in range(repeats):
            for name in (list(roots) if r % 2 == 0 else list(roots)[::-1]):
                runs = {}
                for mode in (("off", "on") if r % 2 == 0 else ("on", "off")):
                    first = mode == "on" and r == 0 and name == "this"
                    runs[mode] = _spawn(roots[name], pages_dir, mode, dump=dump if first else None)
                pairs[name].append(runs)
    out = {"pages": pages, "chars": arch.chars, "checkouts": {}}
    for name, ps in pairs.items():
        med = {f"{m}_{k}": statistics.median(p[m][k] for p in ps)
               for m in ("off", "on") for k in ("cpu_propose", "cpu_process", "wall_propose")}
        out["checkouts"][name] = {
            "root": str(roots[name]), "pairs": ps, "flags": ps[0]["on"]["flags"],
            "added": statistics.median(p["on"]["cpu_propose"] / p["off"]["cpu_propose"] - 1 for p in ps),
            "added_process": statistics.median(p["on"]["cpu_process"] / p["off"]["cpu_process"] - 1 for p in ps),
            "median_cpu_step": statistics.median(p["on"]["cpu_step"] for p in ps),
            # the step against the rest of the same run with flags: both parts under the same load
            "share": statistics.median(p["on"]["cpu_step"] / (p["on"]["cpu_propose"] - p["on"]["cpu_step"]) for p in ps),
            **med}
    return out


def paired_table(result: dict) -> str:
    lines = [f"### Cost of the suspicion flags on bench.synthetic ({result['pages']} pages, {result['chars']:,} characters)", "",
             "CPU seconds (user + sys) of fresh processes, without flags and with, alternated; "
             "`propose`: the corrector.propose call, `process`: the whole process; `step`: the flags' step inside the run.", ""]
    for name, r in result["checkouts"].items():
        lines += [f"{name} ({r['root']}):", "",
                  "| pair | off: propose | on: propose | on: step | added (propose) | step / rest of the on run "
                  "| off: process | on: process | added (process) |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for i, p in enumerate(r["pairs"]):
            off, on = p["off"], p["on"]
            lines.append(f"| {i + 1} | {off['cpu_propose']:.2f} | {on['cpu_propose']:.2f} | {on['cpu_step']:.2f} | "
                         f"{100 * (on['cpu_propose'] / off['cpu_propose'] - 1):+.1f} % | "
                         f"{100 * on['cpu_step'] / (on['cpu_propose'] - on['cpu_step']):.1f} % | {off['cpu_process']:.2f} | "
                         f"{on['cpu_process']:.2f} | {100 * (on['cpu_process'] / off['cpu_process'] - 1):+.1f} % |")
        lines.append(f"| median | {r['off_cpu_propose']:.2f} | {r['on_cpu_propose']:.2f} | {r['median_cpu_step']:.2f} | "
                     f"{100 * r['added']:+.1f} % | {100 * r['share']:.1f} % | {r['off_cpu_process']:.2f} | {r['on_cpu_process']:.2f} | "
                     f"{100 * r['added_process']:+.1f} % |")
        lines += ["", f"{r['flags']} flags; medians of the pairs' ratios: +{100 * r['added']:.1f} % (propose), "
                  f"+{100 * r['added_process']:.1f} % (process); the step against the rest of its own run "
                  f"+{100 * r['share']:.1f} % (the same load on both parts; the engine's own extra work for the "
                  "flags not counted)", ""]
    return "\n".join(lines)


def step_alone(pages: int, repeats: int, against: Path | None = None, seed: int = 1, dump: Path | None = None) -> dict:
    """The suspicion step alone from saved inputs (pickled from one run with flags of this checkout),
    ``repeats`` fresh processes; with ``against`` (another checkout), each process runs both
    versions taking turns document by document (:func:`interleaved`)."""
    from bench.synthetic import build_archive

    with tempfile.TemporaryDirectory(prefix="corrector-flagcost-") as tmp:
        build_archive(Path(tmp), pages, seed)
        pages_dir, inputs = Path(tmp) / "pages", Path(tmp) / "inputs.pickle"
        saved = _spawn(ROOT, pages_dir, "save", inputs=inputs, dump=dump)
        runs = []
        for _ in range(repeats):
            if against is None:
                r = _spawn(ROOT, pages_dir, "step", inputs=inputs)
                runs.append({"cpu_step": {"this": r["cpu_step"]}, "flags": {"this": r["flags"]}, "same_flags": True})
            else:
                runs.append(_spawn(ROOT, pages_dir, "interleave", inputs=inputs, against=against.resolve()))
    names = list(runs[0]["cpu_step"])
    return {"pages": pages, "runs": runs, "names": names, "flags_in_run": saved["flags"],
            "median": {n: statistics.median(r["cpu_step"][n] for r in runs) for n in names},
            "ratio": statistics.median(r["cpu_step"]["this"] / r["cpu_step"]["against"] for r in runs) if against else None}


def step_table(r: dict) -> str:
    names = r["names"]
    both = len(names) > 1
    lines = [f"### The suspicion step alone ({r['pages']} pages of bench.synthetic, saved inputs)", "",
             "CPU seconds of the per-document work (find_suspects) in fresh processes"
             + ("; in each, this checkout and the other take turns document by document" if both else ""), "",
             "| run | " + " | ".join(names) + (" | this / against | broken word: this | against | same flags |" if both else " |"),
             "|---|" + "---|" * (len(names) + (4 if both else 0))]
    for i, run in enumerate(r["runs"]):
        cells = [f"{run['cpu_step'][n]:.2f}" for n in names]
        if both:
            bw = run["detectors"]
            cells += [f"{run['cpu_step']['this'] / run['cpu_step']['against']:.3f}",
                      f"{bw['this'].get('broken word', 0):.2f}", f"{bw['against'].get('broken word', 0):.2f}",
                      "yes" if run["same_flags"] else "NO"]
        lines.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    lines.append("| median | " + " | ".join(f"{r['median'][n]:.2f}" for n in names)
                 + (f" | {r['ratio']:.3f} | | | |" if both else " |"))
    lines += ["", f"{r['runs'][0]['flags']['this']} flags (the whole run with flags: {r['flags_in_run']})", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m bench.ocr.flag_cost", description="(internal: one measurement; "
                                 "use python -m bench.ocr.single --synthetic PAGES)")
    ap.add_argument("--child", nargs=2, metavar=("MODE", "PAGES_DIR"), required=True)
    ap.add_argument("--inputs", type=Path)
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--against", type=Path)
    args = ap.parse_args(argv)
    mode, pages_dir = args.child
    import corrector

    found = child(Path(pages_dir), mode, args.inputs, args.dump, args.against)
    found["corrector"] = str(Path(corrector.__file__).resolve().parents[1])
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)  # run as a script (see _spawn): bench/ocr's modules are no top-level modules
    sys.exit(main(sys.argv[1:]))
