"""Tests for the noise generator in bench/noise.py and the text sources in bench/corpus.py."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

# bench/ is not an installed package: make the repository root importable (until pyproject sets
# ``pythonpath = ["."]`` for pytest).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import articles, heldout_paragraphs, seed_paragraphs  # noqa: E402
from bench.noise import (  # noqa: E402
    NO_LAYOUT,
    PROTECT_MARGIN,
    Generator,
    Layout,
    Span,
    add_noise,
    concat,
    lookalikes,
    make_witnesses,
    protect,
    strip_markers,
    touched,
)
from corrector.evaluate import cer  # noqa: E402


@pytest.fixture(scope="module")
def texts():
    arts = articles(heldout_paragraphs(), 6, 2500, seed=7)
    assert len(arts) == 6
    return arts


def _replay(truth: str, errors) -> str:
    """Rebuild the noisy text from the truth and the error list."""
    out, at = [], 0
    for e in sorted(errors, key=lambda e: e.truth_start):
        out.append(truth[at:e.truth_start])
        out.append(e.new)
        at = e.truth_end
    out.append(truth[at:])
    return "".join(out)


# ----------------------------------------------------------------------------- sources


def test_heldout_is_chinese_prose_and_not_the_seeds():
    paras = heldout_paragraphs()
    assert len(paras) > 500 and sum(map(len, paras)) > 40_000
    han = sum("\u4e00" <= c <= "\u9fff" for p in paras for c in p)
    assert han / sum(map(len, paras)) > 0.6
    seeds = set(seed_paragraphs())
    assert seeds and not seeds & set(paras)


def test_lookalike_table_is_symmetric_and_large():
    table = lookalikes()
    pairs = {tuple(sorted((a, b))) for a, bs in table.items() for b in bs}
    assert len(pairs) >= 300
    for a, bs in table.items():
        assert a not in bs
        for b in bs:
            assert a in table[b]
    assert "已" in table["己"] and "冶" in table["治"] and "丹" in table["开"]


# ----------------------------------------------------------------------------- plain noise


def test_identity_at_zero_rate():
    text = "从严治党，全面发展。" * 20
    r = add_noise(text, 0.0, ascii_rate=0.0)
    assert r.noisy == r.truth == text and r.errors == []


@pytest.mark.parametrize("rate", [0.005, 0.02, 0.05])
def test_requested_cer_is_met(texts, rate):
    for i, paras in enumerate(texts[:4]):
        text = "\n".join(paras)
        r = add_noise(text, rate, seed=i)
        measured = cer(r.truth, r.noisy).rate
        assert abs(measured - rate) <= max(0.2 * rate, 0.002), (i, measured)


def test_error_mix_is_mostly_punctuation(texts):
    text = "\n".join(p for a in texts for p in a)
    r = add_noise(text, 0.03, seed=1)
    kinds = Counter(e.kind for e in r.errors if e.kind != "ascii")
    share = kinds["punctuation"] / sum(kinds.values())
    assert 0.45 <= share <= 0.7, kinds
    assert kinds["lookalike"] > 0 and kinds["dropped"] > 0 and kinds["doubled"] > 0
    assert kinds["transposed"] > 0 and kinds["garbage"] > 0
    table = lookalikes()
    for e in r.errors:
        if e.kind == "lookalike":
            assert e.new in table[e.old]


def test_errors_replay_to_the_noisy_text(texts):
    r = add_noise("\n".join(texts[0]), 0.04, seed=3)
    assert _replay(r.truth, r.errors) == r.noisy
    for e in r.errors:
        assert r.truth[e.truth_start:e.truth_end] == e.old
        assert r.noisy[e.noisy_start:e.noisy_start + len(e.new)] == e.new


def test_ascii_forms_are_not_counted():
    text = "我们，你们；他们：大家（都）好！" * 30
    r = add_noise(text, 0.0, ascii_rate=1.0)
    assert "，" not in r.noisy and "," in r.noisy
    assert cer(r.truth, r.noisy).errors == 0
    assert cer(r.truth, r.noisy, width=False).errors == len(r.errors) > 0


def test_protected_text_gets_no_error():
    g = Generator(5)
    body = "治理已经开始，未来发展。" * 40
    r = g.ocr(body + protect("己已巳未末土士日曰治冶开丹") + body, 0.1)
    assert "己已巳未末土士日曰治冶开丹" in r.noisy
    assert strip_markers(protect("甲")) == "甲"


# ----------------------------------------------------------------------------- articles


def test_determinism(texts):
    a = make_witnesses(texts[0], 4, seed=11, filler=texts[1])
    b = make_witnesses(texts[0], 4, seed=11, filler=texts[1])
    c = make_witnesses(texts[0], 4, seed=12, filler=texts[1])
    ja, jb = json.dumps(a.to_json(), ensure_ascii=False), json.dumps(b.to_json(), ensure_ascii=False)
    assert ja == jb
    assert ja != json.dumps(c.to_json(), ensure_ascii=False)


def test_witness_truth_without_layout_or_rewrites_is_the_base(texts):
    art = make_witnesses(texts[0], 3, seed=2, rewrites=0, layout=NO_LAYOUT)
    for w in art.witnesses:
        assert w.truth == art.base
        assert 0 < cer(w.truth, w.noisy).errors
    assert len({w.noisy for w in art.witnesses}) == 3


def test_rewrites_are_consistent(texts):
    for seed in range(6):
        art = make_witnesses(texts[seed % 6], 4, seed=seed, rewrites=3, cer=0.05, filler=texts[(seed + 1) % 6])
        assert len(art.rewrites) == 3
        assert len({r.witness for r in art.rewrites}) == 1
        for r in art.rewrites:
            assert art.base[r.base_start:r.base_end] == r.old
            assert r.old != r.new
            for w in art.witnesses:
                sp = w.spans.get(r.id)
                if sp is None:  # cut away in this printing
                    assert "cut" in " ".join(w.layout) or "continuation" in " ".join(w.layout)
                    continue
                expected = r.new if w.index == r.witness else r.old
                assert w.truth[sp.truth_start:sp.truth_end] == expected
                assert w.noisy[sp.noisy_start:sp.noisy_end] == expected
                # no OCR error inside the rewrite or its margin
                for e in w.errors:
                    assert e.truth_end + PROTECT_MARGIN <= sp.truth_start or sp.truth_end + PROTECT_MARGIN <= e.truth_start


def test_rewrite_kinds_cover_synonym_number_reword_drop(texts):
    kinds = Counter()
    for seed in range(20):
        art = make_witnesses(texts[seed % 6], 2, seed=seed, rewrites=3, filler=texts[(seed + 2) % 6])
        kinds.update(r.kind for r in art.rewrites)
    assert {"synonym", "number", "reword", "drop"} <= set(kinds), kinds


def test_layout_effects(texts):
    lay = Layout(p_cut=1.0, p_tail=0.0, p_interleave=1.0, splits_per_1000=5)
    art = make_witnesses(texts[0], 3, seed=4, filler=texts[1], layout=lay, rewrites=0)
    heads = [w.headline for w in art.witnesses]
    assert len(set(heads)) == 3
    filler_text = "\n".join(texts[1])
    for w in art.witnesses:
        assert w.truth.startswith(w.headline + "\n")
        assert "版）" in w.truth and "（下转" in w.truth
        assert any(x.startswith("interleaved") for x in w.layout)
        assert w.truth.count("\n") > len(texts[0])
        assert len(strip_markers(w.truth)) == len(w.truth)
    for w in art.witnesses:  # some column of the unrelated article is in each printing
        assert any(len(line) >= 10 and line in filler_text for line in w.truth.split("\n"))
    tail = make_witnesses(texts[0], 2, seed=4, layout=Layout(p_cut=0.0, p_tail=1.0), rewrites=0)
    assert all("（上接" in w.truth for w in tail.witnesses)


def test_witness_cer_range(texts):
    art = make_witnesses(texts[2], 5, seed=9, cer=(0.01, 0.03), layout=NO_LAYOUT, rewrites=0)
    rates = [cer(w.truth, w.noisy).rate for w in art.witnesses]
    assert all(0.007 <= r <= 0.035 for r in rates), rates
    assert len({round(r, 4) for r in rates}) > 1


def test_touched():
    spans = {1: Span(10, 14, 10, 14), 2: Span(30, 30, 31, 31)}
    assert touched(spans, [(0, 5)]) == set()
    assert touched(spans, [(12, 13)]) == {1}
    assert touched(spans, [(14, 15)]) == {1}  # adjacent counts: no OCR error can be there
    assert touched(spans, [(31, 31)]) == {2}
    assert touched(spans, [(20, 25), (29, 33)]) == {2}


def test_concat_shifts_offsets(texts):
    art = make_witnesses(texts[3], 2, seed=1, rewrites=2, cer=0.03, filler=texts[4])
    page = concat([add_noise("前言，" * 50, 0.05, seed=2), *art.witnesses])
    assert page.truth.count("\n\n") >= 2
    assert _replay(page.truth, page.errors) == page.noisy
    for r in art.rewrites:
        for w in art.witnesses:
            if r.id in w.spans:
                sp = page.spans[r.id]  # the last witness's span wins for a shared id
                assert page.noisy[sp.noisy_start:sp.noisy_end] == page.truth[sp.truth_start:sp.truth_end]
