"""The broken-word detector's deletions and insertions weighed for a batch of texts at once
(edit_gains, NumPy) against the reference it replaces (EditGain, Evidence.dict_gain, one at a time):
the same floats."""

from __future__ import annotations

import random

from corrector.ingest import make_key
from corrector.language import CorpusCounts, Dictionary
from corrector.suspects.edit_gain import EditGain, local
from corrector.suspects.evidence import Evidence, context, is_han
from tests.texts import OTHER, STORY, THIRD

#: Han runs cut by Latin letters, digits and marks; runs at the text's ends; a doubling and a swap.
TEXT = ("国家安一切" + STORY + "Linux的she11命令，2024年。“好”——『书』,a。" + OTHER
        + "抓住住社区，供销合作杜的人说。" + THIRD + "全安国家")
POOL = "的国家安全作合社住一了是在人"


def _edits(k: str, seed: int) -> list[tuple[int, int, str, str]]:
    """Every Han character of ``k`` deleted and a character inserted at every gap (the text's ends
    included), as the broken-word detector weighs them."""
    rnd = random.Random(seed)
    out = []
    for i in range(len(k) + 1):
        if i < len(k) and is_han(k[i]):
            out.append((i, i + 1, k[i], ""))
        out.append((i, i, "", rnd.choice(POOL)))
    return out


def test_batched_edit_gains_are_edit_gains_exactly() -> None:
    """edit_gains (NumPy, a batch of texts at once) gives EditGain's gains of deletions and
    insertions, float for float: at the texts' ends, beside Latin letters, digits and marks (within
    the context), runs of one character, a text of none, a text of one character."""
    import numpy as np

    from corrector.suspects.edit_gains import edit_gains
    from corrector.suspects.evidence import han_mask

    d = Dictionary.load()
    texts = [make_key(TEXT).text, "", "国", "a的b", make_key(STORY[:40] + "，是。的" + OTHER[:30]).text]
    batch, wanted = [], []
    for n, k in enumerate(texts):
        cps = np.frombuffer(k.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        edits = [x for x in _edits(k, n) if local(*context(k, x[0], x[1])[:1], x[2], x[3], context(k, x[0], x[1])[1])]
        batch.append((cps, han_mask(cps), edits))
        wanted.append([EditGain(d, *context(k, s, e)).gain(old, new) for s, e, old, new in edits])
    got = edit_gains(d, batch)
    assert got == wanted
    assert sum(map(len, got)) > 500 and len(got[1]) == 1  # the empty text: an insertion, no context
    assert any(s == 0 for s, *_ in batch[0][2]) and any(e == len(texts[0]) for _, e, *_ in batch[0][2])
    assert edit_gains(d, []) == [] and edit_gains(d, [(batch[1][0], batch[1][1], [])]) == [[]]


def test_a_batchs_edit_gains_are_the_evidences_and_its_first_passes_the_same() -> None:
    """broken_word.edit_gains_of gives Evidence.dict_gain's gain for every waiting deletion and
    insertion (those beside a Latin letter or a mark too), and the batched first pass
    (begin without scoring, edit_gains_of, score_edits) leaves the clusters as begin scoring alone."""
    from corrector.suspects import broken_word as bw
    from corrector.suspects.evidence import Text
    from corrector.suspects.lexicon import Lexicon
    from tests.test_suspects_speed import misread, salad

    d = Dictionary.load()
    lexicon = Lexicon.shared(d)
    keys = [make_key(misread(salad(20 + seed, 6000), seed) + "Linux的she11命令，2024年。国家安一切，供销社合作，己经").text
            for seed in range(3)] + [""]
    texts = [Text.of(f"d{n}", k) for n, k in enumerate(keys)]
    corpus = CorpusCounts(keys)  # the corpus asked where a gain comes near its bar (Evidence.gain)
    pendings = [bw.begin(t, Evidence(d, corpus), lexicon, score=False) for t in texts]
    gains = bw.edit_gains_of(pendings)
    asked = 0
    for pending, gained in zip(pendings, gains):
        ref = Evidence(d, None)
        for (_, s, e, old, new, _, _, _), g in zip(pending.edits, gained):
            assert g == ref.dict_gain(*context(pending.text.k, s, e)[:1], old, new, context(pending.text.k, s, e)[1])
            asked += 1
    assert asked > 100
    near = 0
    for pending, gained, t in zip(pendings, gains, texts):
        # what Evidence.gain (dictionary, then the corpus near the bar) gives each, one at a time
        ref = Evidence(d, corpus)
        want: dict[int, list] = {}
        for scored, s, e, old, new, edit, i, bar in pending.edits:
            left, right = context(t.k, s, e)
            gain = ref.gain(left, old, new, right, bar)
            near += gain != ref.dict_gain(left, old, new, right)
            want.setdefault(id(scored), []).append((gain - bar, gain, s, e, old, new, edit, i))
        bw.score_edits(pending, gained)
        assert not pending.edits
        assert all(scored == want.get(id(scored), []) for scored, _ in pending.clusters)
        alone = bw.begin(t, Evidence(d, corpus), lexicon)
        assert pending.clusters == alone.clusters and not alone.edits
    assert near  # a gain the corpus changed
