"""The broken-word detector's shortcuts leave its findings as they were: each shortcut against the
plain computation it replaces."""

from __future__ import annotations

import random

import numpy as np

from corrector.ingest import make_key
from corrector.language import CorpusCounts, Dictionary
from corrector.suspects import broken_word as bw
from corrector.suspects.evidence import CONTEXT, Evidence, Text, _han_gram_shapes, context, han_mask, single_char_words
from corrector.suspects.lexicon import Lexicon
from corrector.suspects.substitution_gain import SubstitutionGain, best_prefixes, best_suffixes, han_run_edges
from tests.texts import OTHER, STORY, THIRD

MIXED = STORY + "Linux的she11命令，2024年。“好”——『书』,a。" + OTHER + "我们己经完成了，供销合作杜的人说。" + THIRD


def salad(seed: int, chars: int) -> str:
    """Dictionary words drawn at random (as bench.synthetic's word salad), marks between some: many
    loose characters, many look-alike substitutions to weigh."""
    rnd = random.Random(seed)
    words = [w for w, f in Dictionary.load().frequencies().items() if f >= 5 and len(w) <= 4]
    out: list[str] = []
    while sum(map(len, out)) < chars:
        out.append(rnd.choice(words) + ("，" if rnd.random() < 0.1 else ""))
    return "".join(out)


def test_the_right_sides_segmentations_are_the_reversed_ones() -> None:
    d = Dictionary.load()
    freq = d.frequencies()
    logtotal = float(np.log(sum(freq.values())))
    k = make_key(MIXED).text
    for i in range(0, len(k) - 6, 3):
        run = k[i:i + 1 + i % 6]
        assert best_suffixes(run, freq, logtotal, 16) == best_prefixes(run[::-1], freq, logtotal, 16, reverse=True)[::-1]


def test_the_han_runs_from_the_mask_are_the_contexts_han_edges() -> None:
    k = make_key(MIXED).text
    han = han_mask(np.frombuffer(k.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)).tolist()
    for i in range(len(k)):
        want = han_run_edges(*context(k, i, i + 1))
        assert (bw._han_run(k, han, i, False, CONTEXT), bw._han_run(k, han, i + 1, True, CONTEXT)) == want


def test_the_gram_shapes_are_the_grams_the_corpus_counts_take() -> None:
    """Around one Han character: the n-grams (and their order) CorpusCounts.grams takes, for contexts
    of Han, Latin letters, digits and marks, cut short at the text's ends."""
    k = make_key(MIXED).text
    corpus = CorpusCounts([k])
    for i in range(len(k)):
        for n in (0, 1, 4):
            left, right = k[max(0, i - n):i], k[i + 1:i + 1 + n]
            for r in ("的", "国"):
                assert [a + r + b for a, b in _han_gram_shapes(left, right)] == corpus.grams(left, r, right), (left, right)


def test_a_place_waits_for_the_corpus_exactly_when_a_substitution_comes_within_its_reach(monkeypatch) -> None:
    """Every place whose substitutions broken word weighed: its look-alikes are counted in the corpus
    (supports_many) if and only if one of them comes within the corpus's reach of the bar by its
    dictionary gain and likeness (substitution_base); the likenesses skipped where even a perfect one
    could not reach change nothing."""
    d = Dictionary.load()
    text = salad(11, 6000) + MIXED
    key = make_key(text).text
    asked: dict[tuple[str, str], list[str]] = {}
    weighed: list[tuple[str, str, str]] = []
    real_supports, real_init = Evidence.supports_many, SubstitutionGain.__init__

    def spy_supports(self, places):
        for left, readings, right, _ in places:
            asked[(left, right)] = list(readings[1:])
        return real_supports(self, places)

    def spy_init(self, dictionary, left, old, right, edges=None):
        weighed.append((left, old, right))
        real_init(self, dictionary, left, old, right, edges)

    monkeypatch.setattr(Evidence, "supports_many", spy_supports)
    monkeypatch.setattr(SubstitutionGain, "__init__", spy_init)
    ev = Evidence(d, CorpusCounts([key]))
    lx = Lexicon.shared(d)
    bw.find(Text.of("d", text), ev, lx)
    monkeypatch.undo()
    commons = single_char_words()
    at = {(key[max(0, i - CONTEXT):i], key[i], key[i + 1:i + 1 + CONTEXT]): i for i in range(len(key))}
    waited = skipped_likeness = 0
    for left, old, right in weighed:
        i = at[(left, old, right)]
        bar = bw.MIN_GAIN["substitution"] + (bw.COMMON_EXTRA if old in commons else 0)
        gains = SubstitutionGain(d, left, old, right)
        alike = lx.lookalike_sets({old}, bw.LOOKALIKE)[old]
        cands = [c[3] for c in bw._candidates(key, i, lx, alike, commons) if c[4] == "substitution"]
        bases = [bw.substitution_base(ev, left, old, new, right, gains) for new in cands]
        reach = [b + bw.CORPUS_WEIGHT * bw.CORPUS_REACH >= bar - bw.MARGIN for b in bases]
        assert asked.get((left, right)) == ([new for new, r in zip(cands, reach) if r] if any(reach) else None)
        waited += any(reach)
        skipped_likeness += max(gains.gain(new) for new in cands) + bw.CORPUS_WEIGHT * bw.CORPUS_REACH < bar - bw.MARGIN - 1
    assert waited >= 20 and skipped_likeness >= 10


def test_the_keys_characters_are_every_character_of_their_texts() -> None:
    """key_chars (a table of code points) against the frozenset of the joined texts, astral and
    Latin characters included, and no keys at all."""
    from corrector.suspects import key_chars

    keys = [make_key(t) for t in (MIXED, "𠀀𪚥字 abc", "", STORY)]
    assert key_chars(keys) == frozenset("".join(k.text for k in keys))
    assert key_chars(keys[1:2]) == frozenset(keys[1].text) and "𪚥" in key_chars(keys[1:2])
    assert key_chars([]) == frozenset()
