"""substitution_gains (a text's places at once, NumPy) against SubstitutionGain (one place at a time)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from corrector.ingest import make_key
from corrector.language import Dictionary
from corrector.suspects import broken_word as bw
from corrector.suspects import substitution_gains as sgs
from corrector.suspects.evidence import CONTEXT, context, han_mask
from corrector.suspects.lexicon import Lexicon
from corrector.suspects.substitution_gain import SubstitutionGain
from tests.test_suspects_speed import MIXED, misread, salad


def _cps(k: str) -> np.ndarray:
    return np.frombuffer(k.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


def _one_at_a_time(d: Dictionary, k: str, places: list[int], readings: list[list[str]]) -> list[list[float]]:
    """The gains as broken word asked them before: a SubstitutionGain per place, its Han runs as edges."""
    han = han_mask(_cps(k)).tolist()
    out = []
    for i, rs in zip(places, readings):
        left, right = context(k, i, i + 1)
        edges = (bw._han_run(k, han, i, False, CONTEXT), bw._han_run(k, han, i + 1, True, CONTEXT))
        g = SubstitutionGain(d, left, k[i], right, edges=edges)
        out.append([g.gain(x) for x in rs])
    return out


def _at_once(d: Dictionary, k: str, places: list[int], readings: list[list[str]]) -> list[list[float]]:
    cps = _cps(k)
    return sgs.substitution_gains(d, cps, han_mask(cps), places, readings)


def _readings(k: str, places: list[int], seed: int) -> list[list[str]]:
    """Per place: some of its look-alikes, random common characters, its neighbours' characters,
    its own character, an astral character and none at all (a place with no reading)."""
    rnd = random.Random(seed)
    lx = Lexicon.shared(Dictionary.load())
    alike = lx.lookalike_sets(set(k[i] for i in places), bw.LOOKALIKE)
    common = "的国家安全已己经人民一了合作社供销"
    out = []
    for i in places:
        rs = sorted(alike.get(k[i], ()))[:4] + [rnd.choice(common) for _ in range(rnd.randint(0, 3))]
        rs += [k[i - 1]] if i > 0 else []
        rs += [k[i]] if rnd.random() < 0.1 else []
        rs += ["𪚥"] if rnd.random() < 0.05 else []
        out.append(rs if rnd.random() > 0.05 else [])
    return out


def test_the_gains_of_a_texts_places_at_once_are_those_of_one_place_at_a_time() -> None:
    """Every Han character of a misread word salad and of prose with Latin, digits, marks and
    astral characters (places at the text's ends, Han runs shorter than the context, next to marks):
    the very same floats."""
    d = Dictionary.load()
    for seed, text in ((3, misread(salad(3, 6000), 3) + MIXED), (4, "国家安𠀀𪚥字abc全一切。" + MIXED + "供销社合作")):
        k = make_key(text).text
        places = [i for i, h in enumerate(han_mask(_cps(k)).tolist()) if h]
        readings = _readings(k, places, seed)
        want = _one_at_a_time(d, k, places, readings)
        assert _at_once(d, k, places, readings) == want
        assert sum(map(len, want)) > 1000 and any(g > 5 for gs in want for g in gs) and any(g < -5 for gs in want for g in gs)
    assert _at_once(d, "国家", [], []) == []


def test_a_small_dictionarys_long_words_and_words_of_frequency_0() -> None:
    """A dictionary of its own: words as long as the row (9 characters) and longer, a word of
    frequency 0 (no word for the segmentation), a single character of frequency 0."""
    freq = {"国家安全": 30, "家安": 2, "安全一切": 9, "国家安全一切为了人": 40, "国家安全一切为了人民": 99, "全一": 0,
            "国": 20, "家": 10, "安": 5, "全": 0, "一": 50, "切": 3, "己": 4, "已": 6, "经": 7, "已经": 60}
    d = Dictionary(freq)
    k = make_key("国家安全一切为了人民，我已经国家己经安一切。全一全安").text
    places = [i for i, h in enumerate(han_mask(_cps(k)).tolist()) if h]
    readings = [["全", "安", "已", "己", "民", "人", "x"] for _ in places]
    want = _one_at_a_time(d, k, places, readings)
    assert _at_once(d, k, places, readings) == want
    # the 9-character word covers a place with the context either side full
    i = k.index("一切")
    assert want[places.index(i)][0] != _one_at_a_time(Dictionary({w: f for w, f in freq.items() if len(w) < 9}), k, [i], [["全"]])[0][0]


def test_a_window_whose_hash_is_a_words_is_no_word(monkeypatch) -> None:
    """With a hash that makes 家国 collide with 国家 (the sum of the code points), 家国 is still no
    word: the window's characters are compared with the word's.  Two words that share a hash take
    the next multiplier; where every multiplier collides, the table is refused."""
    monkeypatch.setattr(sgs, "MULTIPLIERS", (1,))
    d = Dictionary({"国家": 50, "国": 3, "家": 3, "和": 2})
    k = make_key("家国和国家").text
    places = list(range(len(k)))
    readings = [["国", "家", "和"]] * len(places)
    assert _at_once(d, k, places, readings) == _one_at_a_time(d, k, places, readings)
    monkeypatch.setattr(sgs, "MULTIPLIERS", (1, 1_000_003))
    both = Dictionary({"国家": 50, "家国": 7, "国": 3, "家": 3})
    assert sgs.derive(both)[0] == 1
    assert _at_once(both, k, places, readings) == _one_at_a_time(both, k, places, readings)
    monkeypatch.setattr(sgs, "MULTIPLIERS", (1,))
    with pytest.raises(RuntimeError):
        sgs.derive(Dictionary({"国家": 50, "家国": 7}))


def test_the_step_in_batches_flags_what_each_document_alone_flags(monkeypatch) -> None:
    """add_suspects begins a batch of documents, computes their broken-word gains at once and finishes
    each: the same flags, in batches of 1, 2 or all, as with broken word run whole in each document
    (patched in as another function, which begin_suspects runs in its turn)."""
    import corrector.suspects as suspects
    from corrector.ingest import make_key as key_of
    from corrector.model import Document

    texts = [misread(salad(20 + j, 1500), 20 + j) + (MIXED if j % 2 else "他卖萄葡酒。" if j == 0 else "") for j in range(5)]
    docs = [Document(f"d{j}", f"d{j}", "utf-8", b"", "\n", "", t) for j, t in enumerate(texts)]
    keys = [key_of(t) for t in texts]

    def flags() -> list[tuple]:
        return [(p.doc, p.start, p.end, p.old, p.new, p.confidence) for p in suspects.add_suspects([], docs, keys, [], None)]

    got = {}
    for batch in (1, 2, 1000):
        monkeypatch.setattr(suspects, "BATCH", batch)
        got[batch] = flags()
    monkeypatch.setitem(suspects.DETECTORS, bw.NAME, lambda t, ev, lx: bw.find(t, ev, lx))
    whole = flags()
    assert got[1] == got[2] == got[1000] == whole
    assert len({f[0] for f in whole if f}) == 5 and sum(1 for p in whole) >= 20
    reasons = [p.reason for p in suspects.add_suspects([], docs, keys, [], None)]
    assert any("broken word" in r for r in reasons) and any("transposition" in r for r in reasons)
