"""Executors: where the per-pair and per-target stage tasks run (in this process, local processes, Dask).

Every executor has one method, :meth:`Executor.map`: ``map(fn, tasks, shared)`` returns
``[fn(shared, *task) for task in tasks]`` in the order of ``tasks``, wherever the calls run.
``shared`` holds the corpus statistics every task reads (the language evidence, the vote weights):
it is sent to each worker once per stage (a process pool's initializer, a Dask broadcast), and each
task carries only the texts it needs.  ``fn`` must be a module-level function (it is pickled by name).

Because each call is a pure function of its arguments and results come back in task order, the
output is the same whatever the executor and the number of workers.
"""

from __future__ import annotations

import multiprocessing
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

#: What the pool's initializer installed in this worker process for the current stage.
_SHARED: Any = None


def _install(shared: Any) -> None:
    global _SHARED
    _SHARED = shared


def _run_installed(fn: TaskFn, batch: list[Task]) -> list[Any]:
    return run_batch(fn, _SHARED, batch)


class ProcessExecutor(Executor):
    """``workers`` local processes (``spawn``: nothing is inherited, so it behaves the same on every OS).

    A pool is started per stage, with that stage's ``shared`` value installed by the initializer
    (sent once per worker, not once per task).
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise CorrectorError(f"--workers must be at least 1, not {workers}")
        self.workers = workers

    def map(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None) -> list[Any]:
        if not tasks:
            return []
        context = multiprocessing.get_context("spawn")
        parts = batches(tasks, self.workers)
        with ProcessPoolExecutor(min(self.workers, len(parts)), mp_context=context, initializer=_install, initargs=(shared,)) as pool:
            done = pool.map(_run_installed, [fn] * len(parts), parts)
            return [r for part in done for r in part]


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
