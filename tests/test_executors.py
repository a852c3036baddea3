"""Executors: the same output files whatever runs the stages (in process, local processes, a Dask cluster)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench.synthetic import build_archive
from corrector import load
from corrector.cli import main
from corrector.executors import Executor, ProcessExecutor, batches

#: Pages of the generated archive: enough for several groups, witnesses and proposals, small enough to be quick.
PAGES = 8


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    build_archive(folder, PAGES, seed=3)
    return folder / "pages"


def outputs(archive: Path, tmp: Path, *extra: str) -> dict[str, bytes]:
    """Every file ``propose --json`` and ``auto --out`` write, by name relative to its folder.

    The report names its output files by absolute path; that folder is replaced by ``<out>``.
    """
    tmp.mkdir()
    assert main(["propose", str(archive), "-q", "--json", str(tmp / "proposals.json"), *extra]) == 0
    assert main(["auto", str(archive), "-q", "--out", str(tmp / "out"), *extra]) == 0
    return {
        str(p.relative_to(tmp)): p.read_bytes().replace(json.dumps(str(tmp))[1:-1].encode(), b"<out>")
        for p in sorted(tmp.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def in_process(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = outputs(archive, tmp_path_factory.mktemp("run") / "in-process")
    proposals = json.loads(out["proposals.json"])["proposals"]
    # the comparison means something only if there is something to compare
    assert len(proposals) >= 20
    assert sum(1 for name in out if name.endswith(".diff")) >= 3
    return out


@pytest.mark.slow
def test_two_local_processes_write_the_same_files(archive: Path, tmp_path: Path, in_process: dict[str, bytes]) -> None:
    assert outputs(archive, tmp_path / "w2", "--workers", "2") == in_process


@pytest.mark.slow
def test_a_dask_local_cluster_writes_the_same_files(archive: Path, tmp_path: Path, in_process: dict[str, bytes]) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert outputs(archive, tmp_path / "dask", "--scheduler", cluster.scheduler_address) == in_process


def _chains_as_values(chains: list) -> list[tuple]:
    return [(c.a, c.b, c.a0, c.a1, c.b0, c.b1, c.anchors, c.points.tolist()) for c in chains]


def test_discover_on_worker_processes_finds_the_same_chains(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hash partitions and the document-pair partitions run on the workers: the same chains, in the same order."""
    from corrector import discover
    from corrector.align import thin
    from corrector.ingest import make_key
    from corrector.model import Options

    keys = [make_key(d.text).text for d in load([str(archive)])]
    whole = discover.find_chains(keys, Options(), keep=thin)
    assert len(whole) >= 5
    monkeypatch.setattr(discover, "PARTITION_POSTINGS", 2_000)  # a dozen partitions of each kind
    assert discover._partitions(sum(map(len, keys)), 2) >= 6
    with ProcessExecutor(2) as ex:
        parted = discover.find_chains(keys, Options(), keep=thin, map_tasks=ex.map, workers=ex.workers)
    assert _chains_as_values(parted) == _chains_as_values(whole)


def _square_plus(shared: int, x: int) -> int:
    return x * x + shared


def test_results_come_back_in_task_order_from_every_batch() -> None:
    tasks = [(x,) for x in range(37)]
    expected = [x * x + 5 for x in range(37)]
    assert Executor().map(_square_plus, tasks, 5) == expected
    with ProcessExecutor(2) as ex:
        assert ex.map(_square_plus, tasks, 5) == expected


def test_batches_cover_every_task_once_in_order() -> None:
    tasks = [(x,) for x in range(101)]
    parts = batches(tasks, 3)
    assert [t for part in parts for t in part] == tasks
    assert 1 < len(parts) <= 3 * 8


def test_bad_worker_count_is_one_line_on_stderr(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:  # refused by the option's parser, before any work
        main(["propose", str(archive), "-q", "--workers", "0"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--workers" in err


def test_scheduler_without_dask_is_one_line_on_stderr(
    archive: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if Dask were not installed
    assert main(["propose", str(archive), "-q", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "corrector[dask]" in err


def test_workers_profile_each_stage_function_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``$CORRECTOR_PROFILE_DIR``: every local worker writes a CPU profile per stage function it ran (a diagnosis hook)."""
    import pstats

    from corrector.worker_loop import PROFILE_ENV

    monkeypatch.setenv(PROFILE_ENV, str(tmp_path))
    with ProcessExecutor(2) as ex:
        assert ex.map(_square_plus, [(x,) for x in range(20)], 1) == [x * x + 1 for x in range(20)]
    found = sorted(p.name for p in tmp_path.glob("worker-*-_square_plus.prof"))
    assert len(found) == 2  # one per worker: each ran some of the tasks
    stats = pstats.Stats(*(str(tmp_path / name) for name in found))
    calls = [v[1] for (_, _, name), v in stats.stats.items() if name == "_square_plus"]  # type: ignore[attr-defined]
    assert calls == [20]
    before = sorted(tmp_path.iterdir())
    monkeypatch.delenv(PROFILE_ENV)
    with ProcessExecutor(2) as ex:
        ex.map(_square_plus, [(1,)], 0)
    assert sorted(tmp_path.iterdir()) == before  # off unless asked for


class _SeesCollector:
    """Records, when unpickled, whether the cyclic garbage collector was running."""

    def __init__(self) -> None:
        self.collector_on: bool | None = None

    def __setstate__(self, state: dict) -> None:
        import gc

        self.__dict__.update(state)
        self.collector_on = gc.isenabled()


def test_answers_are_unpickled_with_the_collector_paused_and_restored() -> None:
    import gc
    import pickle

    from corrector.worker_loop import loads_paused

    data = pickle.dumps(_SeesCollector())
    assert gc.isenabled()
    assert loads_paused(data).collector_on is False
    assert gc.isenabled()  # restored
    gc.disable()
    try:
        assert loads_paused(data).collector_on is False
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()


def _frozen_objects(shared: None, x: int) -> int:
    import gc

    return gc.get_freeze_count()


def test_a_worker_keeps_what_its_batches_left_out_of_the_collectors_sight() -> None:
    """After its first batch a local worker has frozen what it holds (``gc.freeze``): full collections skip it."""
    with ProcessExecutor(1) as ex:
        counts = ex.map(_frozen_objects, [(x,) for x in range(16)])
    assert counts[0] == 0 and counts[-1] > 0


def _collector_thresholds(shared: None, x: int) -> tuple[int, ...]:
    import gc

    return tuple(gc.get_threshold())


def test_a_worker_collects_garbage_less_often() -> None:
    from corrector.worker_loop import WORKER_GC_THRESHOLDS

    with ProcessExecutor(1) as ex:
        assert ex.map(_collector_thresholds, [(0,)]) == [WORKER_GC_THRESHOLDS]
    assert WORKER_GC_THRESHOLDS[0] > 700  # fewer young collections than Python's default


def test_the_driver_collects_as_rarely_while_its_workers_run_and_as_before_after() -> None:
    import gc

    from corrector.worker_loop import WORKER_GC_THRESHOLDS

    before = gc.get_threshold()
    assert before != WORKER_GC_THRESHOLDS
    with ProcessExecutor(1) as ex:
        ex.map(_collector_thresholds, [(0,)])
        assert gc.get_threshold() == WORKER_GC_THRESHOLDS
    assert gc.get_threshold() == before
