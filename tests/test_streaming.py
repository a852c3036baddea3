"""Outputs one document at a time: a document goes out once every unit touching it has proposed, and the
set written document by document is the set written at once (``report.json`` byte for byte)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterator

import pytest

import corrector
import corrector.pipeline as pl
import corrector.unit_tasks as ut
from bench.synthetic import build_archive
from corrector.apply import apply, context, inline_diff, patch_text, unified_diff_bytes
from corrector.executors import Executor, ProcessExecutor
from corrector.model import SCHEMA, Proposal
from corrector.outputs import CorrectedSet, json_bytes
from corrector.policy import Skipped

from .conftest import make_doc


class _Scripted(Executor):
    """An executor whose unit results come back in a given order (as a cluster may return them)."""

    def __init__(self, order: list[int], results: dict[int, Any]) -> None:
        super().__init__()
        self.order, self.results, self.log = order, results, []

    def each_unit_stream(self, fn, tasks, shared=None, costs=None) -> Iterator[tuple[int, Any]]:  # noqa: ANN001
        for i in self.order:
            self.log.append(f"unit {i}")
            yield i, self.results[i]


def _prop(doc: str, start: int) -> Proposal:
    return Proposal(doc, start, start + 1, "甲", "乙", 0.99, "substitution", "t")


def test_a_document_goes_out_only_when_every_unit_touching_it_has_proposed() -> None:
    # unit 0 covers A and B, unit 1 covers B and C; D is in no unit
    unit_ids = [["A", "B"], ["B", "C"]]
    at = {"A": 0, "B": 1, "C": 2, "D": 3}
    results = {0: [(("A", 5, 6), _prop("A", 5)), (("B", 9, 10), _prop("B", 9))],
               1: [(("B", 2, 3), _prop("B", 2)), (("C", 1, 2), _prop("C", 1))]}
    ex = _Scripted([1, 0], results)

    def sink(t: int, proposals: list[Proposal]) -> None:
        ex.log.append((t, [(p.doc, p.start) for p in proposals]))

    pl._propose_streaming(ex, [(0, {}), (1, {})], (None, None), unit_ids, at, sink)  # type: ignore[arg-type]
    assert ex.log == [
        (3, []),                      # in no unit: at once, without proposals
        "unit 1", (2, [("C", 1)]),    # C is complete; B still waits for unit 0
        "unit 0", (0, [("A", 5)]), (1, [("B", 2), ("B", 9)]),  # B's proposals from both units, by offset
    ]


@pytest.fixture(scope="module")
def archive_docs(tmp_path_factory: pytest.TempPathFactory) -> list[corrector.Document]:
    folder = tmp_path_factory.mktemp("archive")
    build_archive(folder, 10, seed=4)
    return corrector.load([str(folder / "pages")])


@pytest.mark.parametrize("workers", [1, 2])
def test_each_document_is_handed_over_once_with_the_proposals_a_whole_run_makes(
    archive_docs: list[corrector.Document], workers: int
) -> None:
    whole = corrector.propose(archive_docs).proposals
    got: dict[int, list[Proposal]] = {}

    def sink(t: int, proposals: list[Proposal]) -> None:
        assert t not in got
        got[t] = proposals

    streamed = corrector.propose(archive_docs, on_document=sink, workers=workers)
    assert streamed.proposals == [] and sorted(got) == list(range(len(archive_docs)))
    assert [p for t in range(len(archive_docs)) for p in got[t]] == whole
    assert len(whole) >= 10


def test_a_process_executor_streams_every_units_result_once() -> None:
    tasks = [(u,) for u in "abcdefghij"]
    with ProcessExecutor(2) as ex:
        out = dict(ex.each_unit_stream(_name_it, tasks, "!", [1.0] * len(tasks)))
    assert out == {i: u + "!" for i, (u,) in enumerate(tasks)}


def _name_it(shared: str, state: dict, unit: str) -> str:
    return unit + shared


def test_the_set_written_document_by_document_has_the_report_of_the_whole_set(tmp_path: Path) -> None:
    """The report assembled from spooled rows against the one dictionary the set describes, dumped at once."""
    a = make_doc("b/a.txt", "第一行：全面从严治政纵深推进。\n")
    b = make_doc("a.txt", "第二行：以点带面、抓抓扩面。\n")
    c = make_doc("c.txt", "没有改动。\n")
    docs = [a, b, c]  # ids not in order: the report lists documents in this order, rows by id
    i = a.text.index("政")
    j = b.text.index("抓")
    applied = {a.id: [Proposal(a.id, i, i + 1, "政", "党", 0.99, "substitution", "t")],
               b.id: [Proposal(b.id, j + 1, j + 2, "抓", "点", 0.95, "substitution", "t")]}
    skipped = {b.id: [Skipped(Proposal(b.id, j, j + 1, "抓", "", 0.5, "deletion", "t"), "too low"),
                      Skipped(Proposal(b.id, 0, 1, "第", "弟", 0.4, "substitution", "t"), "lower")]}
    orphan = Skipped(Proposal("gone.txt", 0, 1, "甲", "乙", 0.3, "substitution", "t"), "its document was not given")
    meta = {"command": "auto", "min_confidence": 0.9, "warnings": ["一个警告"]}
    out = tmp_path / "out"
    with CorrectedSet(out, inputs=[]) as w:
        for t in (2, 0, 1):  # in the order the units finish, not the documents' order
            w.add_document(t, docs[t], applied.get(docs[t].id, []), skipped.get(docs[t].id, []))
        w.add_rows(orphan.proposal.doc, None, [], [orphan])
        summary = w.finish(meta)

    def entry(d: corrector.Document) -> dict[str, Any]:
        mine = applied.get(d.id, [])
        data = d.encode(apply(d, mine))
        e: dict[str, Any] = {"id": d.id, "path": d.path, "applied": len(mine), "output": str(out / d.id), "file": d.id,
                             "sha256": hashlib.sha256(data).hexdigest()}
        if mine:
            diff = unified_diff_bytes(d, apply(d, mine))
            e.update({"diff": str(out / f"{d.id}.diff"), "diff_file": d.id + ".diff",
                      "diff_sha256": hashlib.sha256(diff).hexdigest(), "patch": patch_text(d.text, mine)})
        return e

    def row(p: Proposal, why: str | None = None) -> dict[str, Any]:
        r = p.to_json(readings=why is None)
        d = next((d for d in docs if d.id == p.doc), None)
        r["diff"] = context(d, p) if d is not None else inline_diff(p.old, p.new)
        if why is not None:
            r["skipped_because"] = why
        return r

    all_skipped = [s for ss in skipped.values() for s in ss] + [orphan]
    expected = {
        "schema": SCHEMA, **meta,
        "files": sorted([d.id for d in docs] + [a.id + ".diff", b.id + ".diff"]),
        "documents": [entry(d) for d in docs],
        "applied": [row(p) for p in sorted((p for ps in applied.values() for p in ps), key=lambda p: (p.doc, p.start))],
        "skipped": [row(s.proposal, s.why) for s in sorted(all_skipped, key=lambda s: (s.proposal.doc, s.proposal.start))],
    }
    assert (out / "report.json").read_bytes() == json_bytes(expected)
    assert json.loads((out / "report.json").read_bytes())["skipped"][0]["doc"] == "a.txt"
    assert summary.changed == [a.id, b.id] and summary.written == [str(out / d.id) for d in docs]
    assert (out / "b/a.txt").read_text(encoding="utf-8") == a.text.replace("政", "党")
    assert not (out / ".corrector-staging").exists()


def test_an_error_while_writing_document_by_document_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    doc = make_doc("a.txt", "第一行：全面从严治政。\n")
    corrector.write_outputs(out, [doc], [], [])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(corrector.CorrectorError), CorrectedSet(out) as w:
        w.add_document(0, doc, [], [])
        w.add_document(1, make_doc("../b.txt", "乙"), [], [])  # refused: outside --out
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # staging removed, the old set intact


def test_workers_read_their_documents_from_the_files(tmp_path: Path) -> None:
    """With worker processes a unit's documents travel as id, path and SHA-256: a file changed after it
    was read is refused where the unit reads it, and documents without a file travel with their text."""
    folder = tmp_path / "a"
    build_archive(folder, 6, seed=2)
    docs = corrector.load([str(folder / "pages")])
    expected = corrector.propose(docs).proposals
    assert corrector.propose(docs, workers=2).proposals == expected
    in_memory = [corrector.Document(d.id, str(tmp_path / "nowhere" / d.id), d.encoding, d.bom, d.newline, d.sha256, d.text)
                 for d in docs]
    assert corrector.propose(in_memory, workers=2).proposals == expected
    changed = next(Path(p.path) for p in docs if any(q.doc == p.id for q in expected))
    changed.write_bytes(changed.read_bytes() + "又一行。\n".encode())
    with pytest.raises(corrector.CorrectorError, match="changed while corrector was running"):
        corrector.propose(docs, workers=2)
    assert corrector.propose(docs).proposals == expected  # in process, the texts given are used
    with pytest.raises(corrector.CorrectorError, match="cannot be read where the work runs"):
        ut.Source(docs[0].id, str(tmp_path / "not-on-this-worker.txt"), docs[0].sha256).read()


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("gb18030", b"")])
def test_a_worker_decodes_a_file_as_the_driver_did(tmp_path: Path, encoding: str, bom: bytes) -> None:
    """A worker reads a document with the driver's encoding and BOM: the same document and key as a fresh read."""
    path = tmp_path / "page.txt"
    path.write_bytes(bom + "第一行，新华社北京电。\r\n第二行：ＡＢＣ。\r\n".encode(encoding))
    (doc,) = corrector.load([str(path)])
    assert (doc.encoding, doc.bom) == (encoding if encoding != "utf-8" or not bom else "utf-8", bom)
    got = ut.Source.of(doc).read()
    assert got.doc == doc
    assert got.key.text == pl.make_key(doc.text).text
    path.write_bytes(bom + "第一行，新华社北京电！\r\n第二行：ＡＢＣ。\r\n".encode(encoding))  # same length, one mark changed
    with pytest.raises(corrector.CorrectorError, match="changed while corrector was running"):
        ut.Source.of(doc).read()
