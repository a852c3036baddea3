"""Work units (clusters of aligned passages), units kept on their worker, and the unit pipeline against the whole-corpus stages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import corrector
import corrector.pipeline as pl
import corrector.stages as st
import corrector.unit_tasks as ut
from bench.synthetic import build_archive
from corrector.align import PairAlignment, Op, pack, unpack, views_by_target
from corrector.executors import Executor, ProcessExecutor, place_units
from corrector.ingest import make_key
from corrector.language import Dictionary, LanguageEvidence
from corrector.model import Options
from corrector.units import unit_documents, work_units
from corrector.vote import estimate_error_rates, vote_weights


def _al(a: int, a0: int, a1: int, b: int, b0: int, b1: int) -> PairAlignment:
    return PairAlignment(a, b, a0, a1, b0, b1, [Op("equal", a0, a1, b0, b1)])


def test_alignments_overlapping_in_a_shared_document_form_one_unit() -> None:
    alignments = [
        _al(0, 0, 100, 1, 0, 100),     # story X: pages 0 and 1
        _al(1, 50, 150, 2, 0, 100),    # overlaps X on page 1: same unit
        _al(0, 100, 200, 3, 0, 100),   # story Y right after X on page 0 (touching, not overlapping)
        _al(3, 0, 100, 4, 10, 110),    # Y again, through page 3
        _al(5, 0, 50, 6, 0, 50),       # unrelated pages
    ]
    assert work_units(alignments) == [[0, 1], [2, 3], [4]]
    assert unit_documents(alignments, [0, 1]) == [0, 1, 2]
    assert unit_documents(alignments, [2, 3]) == [0, 3, 4]


def test_a_passage_inside_another_joins_it_even_after_a_later_one_starts() -> None:
    # page 0: 0-300 (with page 1), 100-120 (with page 2, inside the first), 150-400 (with page 3, overlapping the first)
    alignments = [_al(0, 0, 300, 1, 0, 300), _al(0, 100, 120, 2, 0, 20), _al(0, 150, 400, 3, 0, 250)]
    assert work_units(alignments) == [[0, 1, 2]]


def test_packed_alignments_unpack_to_the_same_operations() -> None:
    al = PairAlignment(2, 5, 3, 12, 4, 14, [Op("equal", 3, 6, 4, 7), Op("replace", 6, 7, 7, 9), Op("delete", 7, 8, 9, 9),
                                             Op("insert", 8, 8, 9, 10), Op("equal", 8, 12, 10, 14)], (2, 0), (8, 1))
    bare, ops = pack(al)
    assert bare.ops == [] and ops.shape == (5, 5)
    assert unpack(bare, ops) == al


def test_units_are_placed_where_they_were_and_new_ones_balance_the_load() -> None:
    homes: dict[Any, int] = {}
    load = [0.0, 0.0]
    # largest first, each to the lighter worker: a(10)→0, d(6)→1, c(5)→1, b(1)→0
    assert place_units([("a",), ("b",), ("c",), ("d",)], [10, 1, 5, 6], homes, load) == [0, 0, 1, 1]
    assert load == [11.0, 11.0]
    # a later stage: the same units stay; a new one goes to the lighter worker (the first on a tie)
    assert place_units([("d",), ("e",), ("a",)], [1, 3, 1], homes, load) == [1, 0, 0]


def test_new_units_go_largest_first_to_whichever_worker_asks_and_stay_there() -> None:
    from corrector.executors import BATCHES_PER_WORKER, _Dealer

    homes: dict[Any, int] = {"old": 1}
    # worker 1 has its own task 9 (unit "old"); 40 new units, unit u's one task has index u, largest first: 39, 38, …
    deal = _Dealer([[], [9]], [(u, [u]) for u in reversed(range(40)) if u != 9], homes)
    first = deal.next(0)
    assert first == [39, 38, 37]  # ceil(39 / (2 workers × 8)) = 3 units: the largest
    assert deal.next(1) == [9]  # its own tasks before new units
    seen = first + [9]
    sizes, last = [], first[-1]
    k = 1
    while batch := deal.next(k):
        assert all(homes[u] == k for u in batch)  # a unit's home is the worker that took it
        assert batch == sorted(batch, reverse=True) and batch[0] < last  # still the largest left
        seen += batch
        last = batch[-1]
        sizes.append(len(batch))
        k = 1 - k
    assert sorted(seen) == list(range(40))  # every task once
    assert sizes == sorted(sizes, reverse=True) and sizes[-BATCHES_PER_WORKER:] == [1] * BATCHES_PER_WORKER  # they shrink
    assert homes["old"] == 1 and homes[39] == 0


def _count_visits(shared: int, state: dict[Any, Any], unit: str) -> tuple[str, int, int]:
    state[unit] = state.get(unit, 0) + 1
    return unit, state[unit], shared


@pytest.mark.parametrize("make", [Executor, lambda: ProcessExecutor(2)], ids=["in-process", "two-processes"])
def test_a_units_values_stay_where_its_tasks_run(make: Any) -> None:
    tasks = [(u,) for u in "abcdefg"]
    with make() as ex:
        first = ex.each_unit(_count_visits, tasks, 7, [1] * len(tasks))
        again = ex.each_unit(_count_visits, list(reversed(tasks)), 8)
    assert first == [(u, 1, 7) for u in "abcdefg"]
    assert again == [(u, 2, 8) for u in reversed("abcdefg")]  # in task order, and each unit saw its own earlier value


def _fail_on_c(shared: None, state: dict[Any, Any], unit: str) -> str:
    if unit == "c":
        raise ValueError("unit c is bad")
    return unit


def test_a_failing_unit_task_raises_in_the_driver() -> None:
    with ProcessExecutor(2) as ex, pytest.raises(ValueError, match="unit c is bad"):
        ex.each_unit(_fail_on_c, [(u,) for u in "abcd"])


@pytest.fixture(scope="module")
def archive_docs(tmp_path_factory: pytest.TempPathFactory) -> list[corrector.Document]:
    folder = tmp_path_factory.mktemp("archive")
    build_archive(folder, 12, seed=5)
    return corrector.load([str(folder / "pages")])


def test_the_unit_pipeline_proposes_what_the_whole_corpus_stages_propose(archive_docs: list[corrector.Document]) -> None:
    """The driver's per-unit run against the stage functions run over the whole corpus at once (one target after another)."""
    docs = archive_docs
    keys = [make_key(d.text) for d in docs]
    texts = [k.text for k in keys]
    opts = Options()
    alignments = st.align_pairs(texts, st.discover(texts, opts), opts)
    units = work_units(alignments)
    assert len(units) >= 2  # several units, so the per-unit reductions are exercised
    rates = estimate_error_rates(alignments, len(docs))
    views = views_by_target(alignments, len(docs))
    language = LanguageEvidence(texts, Dictionary.load())
    votes = st.vote_targets(texts, views, vote_weights(rates), language)
    votes, rates, confusions = st.refine(votes, st.coverage(texts, views), rates)
    expected = st.propose_all(votes, docs, keys, st.group_passages(docs, keys, alignments), language, confusions=confusions)
    assert len(expected) >= 20
    result = corrector.propose(docs)
    assert result.proposals == expected
    assert result.witness_error_rates == {d.id: round(float(rates[0, t]), 5) for t, d in enumerate(docs) if views[t]}


def test_progress_still_names_every_stage(archive_docs: list[corrector.Document], tmp_path: Path) -> None:
    seen: list[str] = []
    corrector.propose(archive_docs, progress=lambda stage, done, total: seen.append(stage))
    assert list(dict.fromkeys(seen)) == ["discover", "align", "statistics", "vote", "refine", "propose"]


def test_a_thinned_chain_aligns_exactly_as_the_whole_chain() -> None:
    """Long passages are cut into pieces at anchors; keeping only those anchors changes nothing."""
    import random

    from corrector.align import PIECE, align_chain, piece_cuts, thin
    from corrector.discover import find_chains

    rng = random.Random(7)
    a = "".join(chr(rng.randint(0x4E00, 0x4E00 + 3000)) for _ in range(3 * PIECE + 500))
    b = list(a)
    for i in rng.sample(range(len(b)), 200):  # scattered substitutions and a few deletions
        b[i] = chr(rng.randint(0x4E00, 0x4E00 + 3000)) if i % 5 else ""
    keys = [a, "".join(b)]
    (chain,) = find_chains(keys, Options())
    thinned = thin(chain)
    assert 2 <= len(thinned.points) < len(chain.points) // 100  # cut points only: a few per long passage
    assert piece_cuts(thinned) == piece_cuts(chain)
    assert align_chain(keys[0], keys[1], thinned) == align_chain(keys[0], keys[1], chain)


def test_units_kept_in_files_give_the_same_proposals(archive_docs: list[corrector.Document], monkeypatch: pytest.MonkeyPatch) -> None:
    in_memory = corrector.propose(archive_docs)
    written: list[str] = []
    real_keep = ut._keep

    def keep(state: dict[Any, Any], unit: int, value: Any) -> None:
        real_keep(state, unit, value)
        written.append(state[unit])

    monkeypatch.setattr(ut, "SPILL_ABOVE_MIB", -1)  # every unit goes to a file
    monkeypatch.setattr(ut, "_keep", keep)
    spilled = corrector.propose(archive_docs)
    assert written and all(isinstance(w, str) for w in written)
    assert spilled.proposals == in_memory.proposals
    assert not any(Path(w).exists() for w in written)  # nothing left behind after the run


def _unit_outputs(task: tuple, weights: ut.WeightsById, language: LanguageEvidence, passages: dict[str, list]) -> tuple:
    """A unit's task through vote, two re-rankings and propose, as a worker runs them: everything it returns."""

    from corrector.vote import Confusions

    state: dict[Any, Any] = {}
    records, habits, cover = ut._unit_vote((weights, language), state, *task)
    again = [ut._unit_rescore((weights, Confusions.from_marks(records.marks.get(i) for i in range(len(records.t))), last), state, task[0])
             for last in (True, False)]
    made = ut._unit_propose((habits, None, False, False), state, task[0], {d: passages.get(d, []) for d in task[1]})
    assert task[0] not in state  # the unit's values are dropped after proposing
    return records, habits, cover, again, made


def test_a_units_output_does_not_depend_on_where_its_documents_stand_in_the_corpus(
    archive_docs: list[corrector.Document], tmp_path: Path
) -> None:
    """The same unit, built from a corpus listed in another order and with other documents added, gives the same results."""
    docs = archive_docs
    keys = [make_key(d.text) for d in docs]
    texts = [k.text for k in keys]
    opts = Options()
    alignments = st.align_pairs(texts, st.discover(texts, opts), opts)
    unit = max(work_units(alignments), key=len)
    assert len(unit_documents(alignments, unit)) >= 3
    language = LanguageEvidence(texts, Dictionary.load())
    # weights by id, different for every document, so a witness taken for another would show
    weights = {d.id: (1.0 + t / 7, 0.5 + t / 11) for t, d in enumerate(docs)}
    passages = st.passages_by_doc(st.group_passages(docs, keys, alignments))

    def task_in(order: list[int]) -> tuple:
        """The unit's task when the corpus lists ``order`` (indices into ``docs``; -1 an extra document)."""
        extra = [corrector.Document(f"zz-extra-{k}.txt", "", "utf-8", b"", "\n", "", "另外的文字。") for k in range(3)]
        listed = [docs[i] if i >= 0 else extra.pop() for i in order]
        place = {id(d): k for k, d in enumerate(listed)}
        moved = [(PairAlignment(place[id(docs[al.a])], place[id(docs[al.b])], al.a0, al.a1, al.b0, al.b1, al.ops), None)
                 for al in (alignments[i] for i in unit)]
        by_place = {place[id(d)]: pl.Printing(d, keys[i]) for i, d in enumerate(docs) if id(d) in place}
        return ut.unit_task(5, moved, [d.id for d in listed], by_place.__getitem__)

    as_loaded = task_in(list(range(len(docs))))
    shuffled = task_in([-1, *reversed(range(len(docs))), -1, -1])
    assert as_loaded[1] == shuffled[1] == sorted(as_loaded[1])  # the unit's documents, by id
    assert [al for al, _ in as_loaded[2]] == [al for al, _ in shuffled[2]]  # its alignments, in unit-local indices
    first = _unit_outputs(as_loaded, weights, language, passages)
    second = _unit_outputs(shuffled, weights, language, passages)
    records, _, cover, _, made = first
    assert len(records.t) >= 10 and len(made) >= 5
    assert set(records.ids) == set(as_loaded[1]) and set(cover) <= set(as_loaded[1])  # named by id
    assert max(records.t) < len(records.ids)
    assert {name[0] for name, _ in made} == {p.doc for _, p in made}
    marks = [m for m in records.marks.values() if m[0]]
    assert marks and all(w in as_loaded[1] for where, _ in marks for w, _ in where)  # a mark's witnesses too
    assert second == first


def test_the_hunk_table_reads_records_back_in_the_whole_corpus_order() -> None:
    """By the target's place in the corpus, start, end, then unit and the unit's own order, whatever order units answer in."""
    from array import array

    def records(ids: tuple[str, ...], hunks: list[tuple[int, int, int, int, float]], marks: dict) -> ut.UnitRecords:
        t, s, e, c, v = zip(*hunks)
        return ut.UnitRecords(ids, array("i", t), array("q", s), array("q", e), array("b", c), array("d", v), marks)

    at = {"x": 2, "y": 0, "z": 1}  # the driver's order: y, z, x
    mark = (frozenset({("y", 3)}), [("。", 1.0, ["x"])])
    table = ut.HunkTable(at)
    # unit 7 answers first: hunks of x (local 0) and z (local 1); unit 3: hunks of y and x, one tied with unit 7's
    table.add(7, records(("x", "z"), [(0, 5, 6, 0, 0.5), (1, 9, 9, -1, 0.0), (0, 1, 2, 1, 0.25)], {2: mark}))
    table.add(3, records(("x", "y"), [(1, 4, 4, 0, 1.0), (0, 5, 6, 1, 0.75)], {}))
    assert table.names() == [(0, 4, 4), (1, 9, 9), (2, 1, 2), (2, 5, 6), (2, 5, 6)]
    assert list(table.shares()) == [(0, (0, 1.0)), (1, None), (2, (1, 0.25)), (2, (1, 0.75)), (2, (0, 0.5))]
    assert list(table.marks()) == [None, None, mark, None, None]
    assert all(type(x) is int for name in table.names() for x in name)  # plain values, as a whole-corpus run sums them
