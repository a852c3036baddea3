"""Passages: groups reported as passim's clusters of passages, and --passim-json in passim's out.json format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corrector.cli import main
from corrector.model import Group, Span
from corrector.passages import counts, passages, passim_json, uid
from tests.conftest import make_doc

DOCS = [make_doc("a.txt", "甲乙丙丁戊己庚辛壬癸"), make_doc("b.txt", "子丑寅卯辰巳午未申酉"), make_doc("c.txt", "一二三四五六七八九十")]
# cluster 0: a[0:4] ~ b[2:6]; cluster 1: a[5:9], c[1:3] and c[6:9] (a story cut in two in c)
GROUPS = [
    Group(0, [Span("a.txt", 0, 4), Span("b.txt", 2, 6)]),
    Group(1, [Span("a.txt", 5, 9), Span("c.txt", 1, 3), Span("c.txt", 6, 9)]),
]


def test_one_record_per_passage_with_passims_fields() -> None:
    got = [p.to_json() for p in passages(DOCS, GROUPS)]
    # checked by hand: size counts documents, not passages; sorted by size desc, cluster, id, begin
    assert [(r["cluster"], r["size"], r["id"], r["begin"], r["end"], r["text"]) for r in got] == [
        (0, 2, "a.txt", 0, 4, "甲乙丙丁"),
        (0, 2, "b.txt", 2, 6, "寅卯辰巳"),
        (1, 2, "a.txt", 5, 9, "己庚辛壬"),
        (1, 2, "c.txt", 1, 3, "二三"),
        (1, 2, "c.txt", 6, 9, "七八九"),
    ]
    assert list(got[0]) == ["cluster", "size", "uid", "id", "begin", "end", "text"]


def test_larger_clusters_come_first() -> None:
    groups = GROUPS + [Group(2, [Span("a.txt", 9, 10), Span("b.txt", 9, 10), Span("c.txt", 9, 10)])]
    assert [(p.cluster, p.size) for p in passages(DOCS, groups)][:3] == [(2, 3), (2, 3), (2, 3)]


def test_uid_is_one_stable_signed_64_bit_number_per_document() -> None:
    got = passages(DOCS, GROUPS)
    by_id = {p.id: p.uid for p in got}
    assert all(p.uid == by_id[p.id] for p in got)
    assert len(set(by_id.values())) == 3
    assert all(-(2**63) <= u < 2**63 for u in by_id.values())
    assert uid("a.txt") == uid("a.txt") != uid("b.txt")


def test_json_lines_are_utf8_one_per_passage() -> None:
    data = passim_json(DOCS, GROUPS)
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == 5 and data.endswith(b"\n")
    assert "甲乙丙丁" in lines[0]  # not \\u-escaped
    assert json.loads(lines[3])["text"] == "二三"


def test_counts_are_passages_clusters_and_documents() -> None:
    assert counts(GROUPS) == (5, 2, 3)
    assert counts([]) == (0, 0, 0)


def test_passim_json_on_the_seeds_matches_the_groups(seeds_dir: Path, seed_result, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert main(["propose", str(seeds_dir), "-q", "--passim-json", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    texts = {d.id: d.text for d in seed_result.documents}
    assert len(records) == sum(len(g.passages) for g in seed_result.groups) > 0
    for r in records:
        assert r["text"] == texts[r["id"]][r["begin"]:r["end"]] and r["end"] - r["begin"] >= 20
    clusters: dict[int, set[str]] = {}
    for r in records:
        clusters.setdefault(r["cluster"], set()).add(r["id"])
    assert all(r["size"] == len(clusters[r["cluster"]]) >= 2 for r in records)


def test_passim_json_refuses_an_input_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, text in (("a.txt", "甲乙丙丁戊己庚辛壬癸" * 5), ("b.txt", "甲乙丙丁戊己庚辛壬癸" * 5)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    before = (tmp_path / "a.txt").read_bytes()
    assert main(["propose", str(tmp_path), "-q", "--passim-json", str(tmp_path / "a.txt")]) == 2
    assert (tmp_path / "a.txt").read_bytes() == before
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "input" in err
