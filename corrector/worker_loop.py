"""A local worker process: the loop that runs what the driver sends, and how it keeps its garbage collector out of the way.

:class:`corrector.executors.ProcessExecutor` starts one process per worker on :func:`serve`.  The
batch runners (:func:`run_batch`, :func:`run_unit_batch`) are the same for every executor.
``$CORRECTOR_PROFILE_DIR`` (:data:`PROFILE_ENV`) makes each local worker profile itself per stage
function (``bench/profile_workers.py`` reads the files).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from multiprocessing.connection import Connection
from typing import Any, Callable, Sequence

Task = Sequence[Any]
TaskFn = Callable[..., Any]


def run_batch(fn: TaskFn, shared: Any, batch: list[Task]) -> list[Any]:
    """``fn(shared, *task)`` for every task of one batch (what a worker runs)."""
    return [fn(shared, *task) for task in batch]


def run_unit_batch(fn: TaskFn, shared: Any, state: dict[Any, Any], batch: list[Task]) -> list[Any]:
    """``fn(shared, state, *task)`` for every unit task of one batch, ``state`` being the worker's."""
    return [fn(shared, state, *task) for task in batch]


# --- the garbage collector ---------------------------------------------------------------------
#
# Python's cyclic garbage collector, not the work, was a fifth of the local workers' CPU and half
# the driver's at 1,000 pages: each full collection walks every object alive (a worker's units'
# votes, the driver's documents and tables), and unpickling an answer of tens of thousands of
# objects set off several.  The engine makes next to no cyclic garbage (317 unreachable objects in a
# whole 1,000-page run with the collector off), so: an answer is unpickled with the collector paused,
# and a worker moves what a batch left behind out of the collector's sight (``gc.freeze``: it is
# still freed as usual when its units are done, by reference counting).  Neither changes a result.


#: A local worker's garbage-collector thresholds, and the driver's while its workers run (Python's
#: default: 700, 10, 10): a young collection after 50,000 new container objects instead of 700.
#: The votes allocate millions of short-lived lists and tuples, freed by reference counting; each
#: collection walked the survivors again and pushed the worker's own data out of the CPU caches.
#: Measured at 1,000 pages (load ~7, two workers): 700 → 7,000 → 50,000 took a worker's CPU from
#: 24.5 to 21.3 to 19.5 s (its collections from 1.4 to 0.7 to 0.25 s).  Cyclic garbage, the only
#: thing a collection frees, is next to none here (see above), so what waits for the next
#: collection is at most that many small objects.
WORKER_GC_THRESHOLDS = (50_000, 20, 20)


def loads_paused(data: bytes) -> Any:
    """``pickle.loads(data)`` with the cyclic garbage collector paused (restored as it was)."""
    was = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if was:
            gc.enable()


class _Profiles:
    """Where a worker spends its CPU, per stage function (a diagnosis hook, off unless asked for).

    With ``$CORRECTOR_PROFILE_DIR`` set, each local worker profiles its work (cProfile on the CPU
    clock) separately for every stage function it runs and for unpickling the driver's messages
    (``receive``), and writes ``worker-PID-NAME.prof`` files there when it ends (read them with
    :mod:`pstats`).  ``bench/profile_workers.py`` sums them.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.by_name: dict[str, Any] = {}
        self.current: Any = None

    @classmethod
    def from_env(cls) -> "_Profiles | None":
        folder = os.environ.get(PROFILE_ENV)
        return cls(folder) if folder else None

    def start(self, name: str) -> None:
        import cProfile
        import time

        self.stop()
        if name not in self.by_name:
            self.by_name[name] = cProfile.Profile(time.process_time)
        self.current = self.by_name[name]
        self.current.enable()

    def stop(self) -> None:
        if self.current is not None:
            self.current.disable()
            self.current = None

    def dump(self) -> None:
        self.stop()
        for name, prof in self.by_name.items():
            prof.dump_stats(os.path.join(self.folder, f"worker-{os.getpid()}-{name}.prof"))


#: Environment variable naming a folder: local workers profile themselves into it (:class:`_Profiles`).
PROFILE_ENV = "CORRECTOR_PROFILE_DIR"


def serve(conn: Connection) -> None:
    """A worker process: run what the driver sends (``map`` batches and unit tasks) until it sends nothing.

    Messages are pickles: ``("warm", fn, arg)`` runs ``fn(arg)`` and answers nothing (:meth:`Executor.warm`);
    ``("shared", value)`` sets the stage's shared value (pickled once for every
    worker); ``("tasks", kind, fn, batch)`` runs a batch, unit tasks with this worker's ``state`` (what
    its units keep between stages).  Each batch is answered with ``(True, results)`` or ``(False, exception)``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver handles Ctrl-C and stops the workers
    profiles = _Profiles.from_env()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    try:
        _answer(conn, profiles)
    finally:
        if profiles is not None:
            profiles.dump()


def _answer(conn: Connection, profiles: "_Profiles | None") -> None:
    """:func:`serve`'s loop (profiled per stage function when ``profiles`` is given)."""
    state: dict[Any, Any] = {}
    shared: Any = None
    while True:
        try:
            data = conn.recv_bytes()
        except EOFError:
            return
        if not data:
            return
        if profiles is not None:
            profiles.start("receive")  # unpickling the message; stopped by the next start or stop
        msg = loads_paused(data)
        del data
        if msg[0] == "shared":
            shared = msg[1]
            if profiles is not None:
                profiles.stop()
            continue
        if msg[0] == "warm":
            if profiles is not None:
                profiles.start("warm")
            try:
                msg[1](msg[2])
            except Exception:  # noqa: BLE001 - only a head start: the real task that needs it fails and says why
                pass
            if profiles is not None:
                profiles.stop()
            continue
        _, kind, fn, batch = msg
        del msg
        if profiles is not None:
            profiles.start(getattr(fn, "__name__", "task"))
        try:
            if kind == "units":
                out: Any = (True, run_unit_batch(fn, shared, state, batch))
            else:
                out = (True, run_batch(fn, shared, batch))
        except Exception as e:  # noqa: BLE001 - handed to the driver, which raises it
            out = (False, e)
        del batch
        try:
            answer = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as e:  # noqa: BLE001 - an exception that cannot be pickled
            answer = pickle.dumps((False, RuntimeError(f"{type(e).__name__}: {e}")))
        del out
        gc.freeze()  # what this batch left (its units' values, the caches) is kept, not garbage: out of the collector's sight
        if profiles is not None:
            profiles.stop()
        try:
            conn.send_bytes(answer)
        except OSError:  # the driver is gone (killed): nothing to answer to
            return
