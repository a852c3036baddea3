"""Executors: where the per-pair and per-target stage tasks run (in this process, local processes, Dask).

Every executor has one method, :meth:`Executor.map`: ``map(fn, tasks, shared)`` returns
``[fn(shared, *task) for task in tasks]`` in the order of ``tasks``, wherever the calls run.
``shared`` holds the corpus statistics every task reads (the language evidence, the vote weights):
it is sent to each worker once per stage (a file each local worker reads once, a Dask broadcast), and each
task carries only the texts it needs.  ``fn`` must be a module-level function (it is pickled by name).

Because each call is a pure function of its arguments and results come back in task order, the
output is the same whatever the executor and the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence

from .errors import CorrectorError

#: Tasks sent to a worker at a time: about this many batches per worker, so a slow batch does not
#: leave the other workers idle at the end, while the per-batch overhead (pickling, scheduling;
#: ~1 ms with Dask) stays small next to the tasks (alignments and votes of a page take ms each).
BATCHES_PER_WORKER = 8

Task = Sequence[Any]
TaskFn = Callable[..., Any]


class Executor:
    """Runs ``fn(shared, *task)`` for every task, in this process (the default; no dependency, no copies)."""

    workers = 1

    def map(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None) -> list[Any]:
        return [fn(shared, *task) for task in tasks]

    def close(self) -> None:
        """Release the workers (nothing to release in process)."""

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def batches(tasks: Sequence[Task], workers: int) -> list[list[Task]]:
    """``tasks`` cut into consecutive batches, about :data:`BATCHES_PER_WORKER` per worker."""
    size = max(1, -(-len(tasks) // (workers * BATCHES_PER_WORKER)))
    return [list(tasks[i:i + size]) for i in range(0, len(tasks), size)]


def run_batch(fn: TaskFn, shared: Any, batch: list[Task]) -> list[Any]:
    """``fn(shared, *task)`` for every task of one batch (what a worker runs)."""
    return [fn(shared, *task) for task in batch]


# --- local processes --------------------------------------------------------------------------

#: In a worker process: the file the current stage's shared value came from, and the value.
_SHARED: tuple[str, Any] = ("", None)


def _run_shared(path: str, fn: TaskFn, batch: list[Task]) -> list[Any]:
    """Run one batch in a worker, loading the stage's shared value from ``path`` once per worker and stage."""
    global _SHARED
    if _SHARED[0] != path:
        with open(path, "rb") as f:
            _SHARED = (path, pickle.load(f))
    return run_batch(fn, _SHARED[1], batch)


class ProcessExecutor(Executor):
    """``workers`` local processes (``spawn``: nothing is inherited, so it behaves the same on every OS).

    One pool serves every stage of a run, so each worker imports the engine and loads the
    dictionary once.  A stage's ``shared`` value is pickled once to a file in a private temporary
    folder and each worker reads it once (not once per task).
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise CorrectorError(f"--workers must be at least 1, not {workers}")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._stage = 0

    def map(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None) -> list[Any]:
        if not tasks:
            return []
        if self._pool is None or self._folder is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
            self._folder = tempfile.TemporaryDirectory(prefix="corrector-shared-")
        self._stage += 1
        path = os.path.join(self._folder.name, f"stage{self._stage}.pickle")
        with open(path, "wb") as f:
            pickle.dump(shared, f, protocol=pickle.HIGHEST_PROTOCOL)
        parts = batches(tasks, self.workers)
        done = self._pool.map(_run_shared, [path] * len(parts), [fn] * len(parts), parts)
        out = [r for part in done for r in part]
        os.unlink(path)
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


# --- Dask ---------------------------------------------------------------------------------------


class DaskExecutor(Executor):
    """Tasks on a ``dask.distributed`` cluster (``dask scheduler`` / ``dask worker ADDRESS`` started by the user).

    ``shared`` is scattered to every worker once per stage (``broadcast=True``); the batches are
    submitted as plain tasks that read it.
    """

    def __init__(self, address: str) -> None:
        try:
            from dask.distributed import Client
        except ImportError:
            raise CorrectorError("--scheduler needs Dask: pip install 'corrector[dask]'") from None
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as e:
            raise CorrectorError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None) -> list[Any]:
        if not tasks:
            return []
        [shared_f] = self.client.scatter([shared], broadcast=True, hash=False)
        futures = [self.client.submit(run_batch, fn, shared_f, part, pure=False) for part in batches(tasks, self.workers)]
        done = self.client.gather(futures)
        return [r for part in done for r in part]

    def close(self) -> None:
        self.client.close()


#: Seconds to wait for a Dask scheduler before giving up with an error.
CONNECT_TIMEOUT = "10s"


def make_executor(workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor the options ask for: Dask with a scheduler address, processes with ``workers > 1``, else in process."""
    if scheduler:
        return DaskExecutor(scheduler)
    if workers is not None and workers != 1:
        return ProcessExecutor(workers)
    return Executor()
