"""Engine properties checked on text from the noise generator (held-out prose the engine never saw)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the engine end to end on generated articles

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corrector  # noqa: E402
from bench.common import changed_range  # noqa: E402
from bench.corpus import articles, heldout_paragraphs  # noqa: E402
from bench.noise import NO_LAYOUT, Layout, make_witnesses, touched  # noqa: E402
from corrector.evaluate import cer  # noqa: E402
from corrector.model import Document  # noqa: E402


def _doc(doc_id: str, text: str) -> Document:
    data = text.encode("utf-8")
    return Document(doc_id, doc_id, "utf-8", b"", "\n", hashlib.sha256(data).hexdigest(), text)


@pytest.fixture(scope="module")
def arts():
    return articles(heldout_paragraphs(), None, 1200, seed=3)


def test_identical_witnesses_give_no_proposals(arts):
    art = make_witnesses(arts[0], 1, seed=1, cer=0.03, layout=NO_LAYOUT, rewrites=0)
    text = art.witnesses[0].noisy
    docs = [_doc(f"copy{i}.txt", text) for i in range(3)]
    result = corrector.propose(docs)
    assert result.groups, "three identical copies should be found as versions of one text"
    assert [p for p in result.proposals if p.kind != "suspect"] == []  # only single-witness flags (issue 14)


def test_applying_nothing_is_the_identity(arts):
    art = make_witnesses(arts[1], 3, seed=2, cer=0.03, filler=arts[2])
    for w in art.witnesses:
        doc = _doc(f"w{w.index}.txt", w.noisy)
        assert corrector.apply(doc, []) == w.noisy


def test_auto_keeps_editorial_rewrites_and_improves_five_printings(arts):
    """Five printings at 1-3 % CER, two rewrites by one paper: no rewrite touched, no printing worse."""
    for seed in range(2):
        art = make_witnesses(arts[3 + seed], 5, seed=seed, cer=(0.01, 0.03), rewrites=2, filler=arts[10 + seed],
                             layout=Layout(protect_filler=True))
        docs = [_doc(f"w{w.index}.txt", w.noisy) for w in art.witnesses]
        result = corrector.propose(docs)
        applied, _ = corrector.select(result.proposals)
        before = after = 0
        for w, doc in zip(art.witnesses, docs):
            mine = [p for p in applied if p.doc == doc.id]
            own = {r.id: w.spans[r.id] for r in art.rewrites if r.witness == w.index and r.id in w.spans}
            hit = touched(own, [changed_range({"start": p.start, "end": p.end, "old": p.old, "new": p.new}) for p in mine])
            assert not hit, f"seed {seed}: auto changed editorial rewrite(s) {hit} in {doc.id}"
            fixed = corrector.apply(doc, mine)
            b, a = cer(w.truth, w.noisy).errors, cer(w.truth, fixed).errors
            assert a <= b, f"seed {seed}: {doc.id} got worse ({b} -> {a} errors)"
            before, after = before + b, after + a
        assert after < before / 2, f"seed {seed}: only {before} -> {after} errors"
