"""Executors: where the stage tasks run (in this process, local processes, Dask).

Every executor has two methods.  :meth:`Executor.map` ``(fn, tasks, shared)`` returns
``[fn(shared, *task) for task in tasks]`` in the order of ``tasks``, wherever the calls run.
:meth:`Executor.each_unit` ``(fn, tasks, shared)`` does the same for tasks of work units
(``task[0]`` names the unit) as ``fn(shared, state, *task)``: every task of one unit, in every
stage of the run, runs on the same worker, and ``state`` is that worker's dictionary, so a unit's
texts and votes stay where they were made and only small results travel.  ``shared`` holds what
every task of a stage reads (the corpus statistics): it is pickled once and sent to each worker once
per stage.  ``fn`` must be a module-level function (it is pickled by name).

Because each call is a function of its arguments and its unit's earlier calls, and results come
back in task order, the output is the same whatever the executor and the number of workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import uuid
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Iterator, Sequence, cast

from .errors import CorrectorError
from .worker_loop import WORKER_GC_THRESHOLDS, Task, TaskFn, loads_paused, serve, run_batch, run_unit_batch

#: Tasks sent to a worker at a time: about this many batches per worker, so a slow batch does not
#: leave the other workers idle at the end, while the per-batch overhead (pickling, scheduling;
#: ~1 ms with Dask) stays small next to the tasks (alignments and votes of a page take ms each).
BATCHES_PER_WORKER = 8



class Executor:
    """Runs ``fn(shared, *task)`` for every task, in this process (the default; no dependency, no copies)."""

    workers = 1

    def __init__(self) -> None:
        self._state: dict[Any, Any] = {}

    def map(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None) -> list[Any]:
        return [fn(shared, *task) for task in tasks]

    def each_unit(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None, costs: Sequence[float] | None = None) -> list[Any]:
        """``fn(shared, state, *task)`` for every task, in task order; ``task[0]`` names a work unit.

        ``state`` is a dictionary kept where the unit's tasks run: every task of one unit, in
        this stage and the next, runs on the same worker and sees what the earlier ones left there
        (a unit's texts and votes stay on its worker instead of travelling back to the driver).
        ``costs`` (one per task, on a unit's first task) balance the units over the workers.
        """
        return run_unit_batch(fn, shared, self._state, list(tasks))

    def each_unit_stream(
        self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None, costs: Sequence[float] | None = None
    ) -> Iterator[tuple[int, Any]]:
        """:meth:`each_unit`, its results handed over as they come: ``(task index, result)`` in the order they finish.

        The caller can use and drop each result while the others are computed (in process: one
        task at a time, in task order).
        """
        for i, task in enumerate(tasks):
            yield i, fn(shared, self._state, *task)

    def warm(self, fn: TaskFn, arg: Any = None) -> None:
        """Start the workers now and have each run ``fn(arg)`` (imports, the dictionary) while the driver
        goes on with its own work (loading, discovering): the workers' start-up then costs the run no
        wall time.  Nothing comes back (a failure there shows again in the first real task).  In
        process and on Dask (whose workers are already running) it does nothing."""

    def close(self) -> None:
        """Release the workers (in process: forget the units' values)."""
        self._state = {}

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def batches(tasks: Sequence[Task], workers: int) -> list[list[Task]]:
    """``tasks`` cut into consecutive batches, about :data:`BATCHES_PER_WORKER` per worker."""
    size = max(1, -(-len(tasks) // (workers * BATCHES_PER_WORKER)))
    return [list(tasks[i:i + size]) for i in range(0, len(tasks), size)]


# --- local processes --------------------------------------------------------------------------


class ProcessExecutor(Executor):
    """``workers`` local processes (``spawn``: nothing is inherited, so it behaves the same on every OS).

    The same processes serve every stage of a run, so each imports the engine and loads the
    dictionary once, and a work unit's values stay in the process that made them from one stage
    to the next (:meth:`each_unit`).  A stage's ``shared`` value is pickled once and sent to each
    worker once (not once per task).
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise CorrectorError(f"--workers must be at least 1, not {workers}")
        self.workers = workers
        self._procs: list[tuple[BaseProcess, Connection]] = []
        self._homes: dict[Any, int] = {}
        self._thresholds: tuple[int, ...] | None = None  # the driver's own, while the workers run

    def _start(self) -> None:
        if self._procs:
            return
        # The driver takes the answers in and reduces them beside the workers: it collects garbage
        # as rarely as they do while they run, and as before once they are closed.
        self._thresholds = tuple(gc.get_threshold())
        gc.set_threshold(*WORKER_GC_THRESHOLDS)
        ctx = multiprocessing.get_context("spawn")
        for _ in range(self.workers):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=serve, args=(theirs,), daemon=True)
            proc.start()
            theirs.close()
            self._procs.append((proc, mine))

    def warm(self, fn: TaskFn, arg: Any = None) -> None:
        self._start()
        head = pickle.dumps(("warm", fn, arg), protocol=pickle.HIGHEST_PROTOCOL)
        for _, conn in self._procs:
            conn.send_bytes(head)

    def _stream(self, kind: str, fn: TaskFn, tasks: Sequence[Task], shared: Any,
                deal: "_Dealer") -> Iterator[tuple[list[int], list[Any]]]:
        """Run ``tasks`` in the batches ``deal`` hands each worker; yield ``(task indices, results)`` as each batch comes back.

        A worker gets its next batch when it answers the last, so neither side ever holds a whole
        stage's tasks or results in one message.  A failed batch stops the round: the other workers
        finish the batch they hold, then it raises.
        """
        self._start()
        head = pickle.dumps(("shared", shared), protocol=pickle.HIGHEST_PROTOCOL)
        failure: BaseException | None = None
        waiting: dict[Connection, tuple[int, list[int]]] = {}
        for k in range(self.workers):
            batch = deal.next(k)
            if batch:
                conn = self._procs[k][1]
                conn.send_bytes(head)
                self._send(conn, kind, fn, [tasks[i] for i in batch])
                waiting[conn] = (k, batch)
        del head
        while waiting:
            for ready in wait(list(waiting)):
                conn = cast(Connection, ready)
                k, batch = waiting[conn]
                try:
                    ok, value = loads_paused(conn.recv_bytes())
                except EOFError:
                    raise CorrectorError("a worker process died (out of memory?)") from None
                if not ok and failure is None:
                    failure = value
                following = deal.next(k) if failure is None else []
                if following:
                    self._send(conn, kind, fn, [tasks[i] for i in following])
                    waiting[conn] = (k, following)
                else:
                    del waiting[conn]
                if ok and failure is None:
                    yield batch, value
                del value
        if failure is not None:
            raise failure

    @staticmethod
    def _send(conn: Connection, kind: str, fn: TaskFn, batch: list[Task]) -> None:
        conn.send_bytes(pickle.dumps(("tasks", kind, fn, batch), protocol=pickle.HIGHEST_PROTOCOL))

    def map(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None) -> list[Any]:
        if not tasks:
            return []
        # dealt out in turn: neighbouring tasks are often alike in size (a pair's first document has the
        # lower index, so the first documents carry the most pairs), so every worker gets a fair share
        deal = _Dealer([list(range(k, len(tasks), self.workers)) for k in range(self.workers)])
        out: list[Any] = [None] * len(tasks)
        for batch, results in self._stream("map", fn, tasks, shared, deal):
            for i, r in zip(batch, results):
                out[i] = r
        return out

    def _deal_units(self, tasks: Sequence[Task], costs: Sequence[float] | None) -> "_Dealer":
        """A unit placed before goes back to its worker; new units (largest first) to whichever worker is free next."""
        own: list[list[int]] = [[] for _ in range(self.workers)]
        new: dict[Any, list[int]] = {}
        cost_of: dict[Any, float] = {}
        for i, task in enumerate(tasks):
            if task[0] in self._homes:
                own[self._homes[task[0]]].append(i)
            else:
                if task[0] not in new:
                    cost_of[task[0]] = costs[i] if costs is not None else 1.0
                new.setdefault(task[0], []).append(i)
        order = sorted(new, key=lambda u: -cost_of[u])  # stable: equal costs keep the task order
        return _Dealer(own, [(u, new[u]) for u in order], self._homes)

    def each_unit(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None, costs: Sequence[float] | None = None) -> list[Any]:
        out: list[Any] = [None] * len(tasks)
        for i, r in self.each_unit_stream(fn, tasks, shared, costs):
            out[i] = r
        return out

    def each_unit_stream(
        self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None, costs: Sequence[float] | None = None
    ) -> Iterator[tuple[int, Any]]:
        if not tasks:
            return
        for batch, results in self._stream("units", fn, tasks, shared, self._deal_units(tasks, costs)):
            yield from zip(batch, results)

    def close(self) -> None:
        for _, conn in self._procs:
            try:
                conn.send_bytes(b"")
            except OSError:
                pass
        for proc, conn in self._procs:
            proc.join(STOP_SECONDS)
            if proc.is_alive():
                proc.terminate()
                proc.join()
            conn.close()
        self._procs = []
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None


class _Dealer:
    """Which tasks (indices) a local worker runs next: first its own (``own[k]``, in about
    :data:`BATCHES_PER_WORKER` batches), then units from the common queue (``common``: ``(unit, its
    task indices)``, largest first), which become that worker's units (``homes``) for the rest of the run.

    Dealing new units to whichever worker is free, instead of by estimated cost up front, lets the
    workers finish a stage together even where the estimate is off (the vote's time is not quite
    proportional to a unit's characters); the batches shrink as the queue empties, so the last ones are small.
    """

    def __init__(self, own: list[list[int]], common: list[tuple[Any, list[int]]] | None = None,
                 homes: dict[Any, int] | None = None) -> None:
        self.own = []
        for part in own:
            size = max(1, -(-len(part) // BATCHES_PER_WORKER))
            self.own.append([part[i:i + size] for i in range(0, len(part), size)])
        self.common = list(reversed(common or []))  # popped from the end: the largest first
        self.homes = homes if homes is not None else {}

    def next(self, k: int) -> list[int]:
        """Worker ``k``'s next batch (empty when nothing is left for it)."""
        if self.own[k]:
            return self.own[k].pop(0)
        take = max(1, -(-len(self.common) // (len(self.own) * BATCHES_PER_WORKER)))
        batch: list[int] = []
        for _ in range(min(take, len(self.common))):
            unit, indices = self.common.pop()
            self.homes[unit] = k
            batch.extend(indices)
        return batch


#: Seconds a worker process is given to stop on its own before it is terminated.
STOP_SECONDS = 5.0


def place_units(tasks: Sequence[Task], costs: Sequence[float] | None, homes: dict[Any, int], load: list[float]) -> list[int]:
    """The worker of each unit task (``task[0]`` is the unit's id).

    A unit placed before stays where it is (``homes``); new units go to the least loaded worker
    (``load``, the summed ``costs`` of its units), largest first, so the workers finish together.
    """
    cost_of: dict[Any, float] = {}
    for i, task in enumerate(tasks):
        if task[0] not in homes and task[0] not in cost_of:
            cost_of[task[0]] = costs[i] if costs is not None else 1.0
    for unit in sorted(cost_of, key=lambda u: -cost_of[u]):  # stable: equal costs keep the task order
        k = min(range(len(load)), key=lambda i: (load[i], i))
        homes[unit] = k
        load[k] += cost_of[unit]
    return [homes[task[0]] for task in tasks]


# --- Dask ---------------------------------------------------------------------------------------


class DaskExecutor(Executor):
    """Tasks on a ``dask.distributed`` cluster (``dask scheduler`` / ``dask worker ADDRESS`` started by the user).

    ``shared`` is scattered to every worker once per stage (``broadcast=True``); the batches are
    submitted as plain tasks that read it.  A work unit's tasks are pinned to one worker
    (``workers=[address]``), whose process keeps the unit's values between stages; run workers
    with ``--nthreads 1`` and as many ``--nworkers`` as cores (a worker runs its units one at a time).
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
        self._token = uuid.uuid4().hex  # names this run's unit values on the workers
        self._addresses: list[str] = []
        self._homes: dict[Any, int] = {}
        self._load: list[float] = []

    def each_unit(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None, costs: Sequence[float] | None = None) -> list[Any]:
        if not tasks:
            return []
        if not self._addresses:
            self._addresses = sorted(self.client.scheduler_info()["workers"])
            self._load = [0.0] * len(self._addresses)
        placed = place_units(tasks, costs, self._homes, self._load)
        parts: list[list[Task]] = [[] for _ in self._addresses]
        where: list[tuple[int, int]] = []
        for task, k in zip(tasks, placed):
            where.append((k, len(parts[k])))
            parts[k].append(task)
        [shared_f] = self.client.scatter([shared], broadcast=True, hash=False)
        busy = [k for k, part in enumerate(parts) if part]
        futures = [
            self.client.submit(_dask_units, self._token, fn, shared_f, parts[k], workers=[self._addresses[k]],
                               allow_other_workers=False, pure=False)
            for k in busy
        ]
        done = dict(zip(busy, self.client.gather(futures)))
        return [done[k][i] for k, i in where]

    def each_unit_stream(
        self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None, costs: Sequence[float] | None = None
    ) -> Iterator[tuple[int, Any]]:
        if not tasks:
            return
        from dask.distributed import as_completed

        if not self._addresses:
            self._addresses = sorted(self.client.scheduler_info()["workers"])
            self._load = [0.0] * len(self._addresses)
        placed = place_units(tasks, costs, self._homes, self._load)
        mine: list[list[int]] = [[] for _ in self._addresses]
        for i, k in enumerate(placed):
            mine[k].append(i)
        [shared_f] = self.client.scatter([shared], broadcast=True, hash=False)
        indices: dict[Any, list[int]] = {}
        futures = []
        for k, found in enumerate(mine):
            size = max(1, -(-len(found) // BATCHES_PER_WORKER))
            for j in range(0, len(found), size):
                batch = found[j:j + size]
                f = self.client.submit(_dask_units, self._token, fn, shared_f, [tasks[i] for i in batch],
                                       workers=[self._addresses[k]], allow_other_workers=False, pure=False)
                indices[f.key] = batch
                futures.append(f)
        done = as_completed(futures)
        del futures
        for f in done:
            results = f.result()
            for i, result in zip(indices.pop(f.key), results):
                yield i, result
            f.release()

    def map(self, fn: TaskFn, tasks: Sequence[Task], shared: Any = None) -> list[Any]:
        if not tasks:
            return []
        [shared_f] = self.client.scatter([shared], broadcast=True, hash=False)
        futures = [self.client.submit(run_batch, fn, shared_f, part, pure=False) for part in batches(tasks, self.workers)]
        done = self.client.gather(futures)
        return [r for part in done for r in part]

    def close(self) -> None:
        try:
            self.client.run(_dask_forget, self._token)
        except Exception:  # noqa: BLE001 - a worker already gone has nothing left to forget
            pass
        self.client.close()


#: In a Dask worker process: each run's unit values (by the run's token).
_DASK_STATES: dict[str, dict[Any, Any]] = {}


def _dask_units(token: str, fn: TaskFn, shared: Any, batch: list[Task]) -> list[Any]:
    """Run one worker's unit tasks with that worker's values for this run."""
    return run_unit_batch(fn, shared, _DASK_STATES.setdefault(token, {}), batch)


def _dask_forget(token: str) -> None:
    """Drop a finished run's unit values from a worker."""
    _DASK_STATES.pop(token, None)


#: Seconds to wait for a Dask scheduler before giving up with an error.
CONNECT_TIMEOUT = "10s"


def make_executor(workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor the options ask for: Dask with a scheduler address, processes with ``workers > 1``, else in process."""
    if scheduler:
        return DaskExecutor(scheduler)
    if workers is not None and workers != 1:
        return ProcessExecutor(workers)
    return Executor()
