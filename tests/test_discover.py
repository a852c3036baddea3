"""Discover: anchors between documents, chains per fragment, groups."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from corrector.discover import find_chains, make_groups, rolling_hashes, skeleton
from corrector.ingest import make_key
from corrector.model import Options

from .texts import OTHER, STORY, THIRD


def test_rolling_hashes_match_equal_ngrams_only():
    cps, _ = skeleton("甲乙丙丁甲乙丙丁戊")
    h = rolling_hashes(cps, 4)
    assert len(h) == 6
    assert h[0] == h[4] and len(set(h.tolist())) == 5


def test_skeleton_skips_punctuation():
    cps, pos = skeleton("甲，乙。A1")
    assert "".join(chr(c) for c in cps) == "甲乙A1"
    assert pos.tolist() == [0, 2, 4, 5]


def test_shared_passage_is_found_wherever_it_sits():
    a = make_key(OTHER + STORY).text
    b = make_key(THIRD + STORY + OTHER[:20]).text
    chains = find_chains([a, b], Options())
    assert len(chains) == 1
    c = chains[0]
    story = make_key(STORY).text
    start_a, start_b = a.index(story), b.index(story)
    # the chain covers the story in both documents, give or take the first and last anchors
    assert abs(c.a0 - start_a) <= 2 and abs(c.b0 - start_b) <= 2
    assert abs((c.a1 - c.a0) - len(story)) <= 4 and abs((c.b1 - c.b0) - len(story)) <= 4


def test_interleaved_columns_give_one_chain_per_fragment():
    story = make_key(STORY).text
    half = len(story) // 2
    a = story
    b = story[:half] + make_key(OTHER).text + story[half:]
    chains = find_chains([a, b], Options())
    spans = sorted((c.b0, c.b1) for c in chains)
    assert len(chains) == 2
    assert spans[0][1] <= half + 2 and spans[1][0] >= half + len(make_key(OTHER).text) - 2


def test_unrelated_documents_are_not_paired():
    assert find_chains([make_key(OTHER).text, make_key(THIRD).text], Options()) == []


def test_ngrams_in_too_many_documents_are_not_anchors():
    story = make_key(STORY).text
    keys = [story + str(i) for i in range(4)]
    assert find_chains(keys, Options(max_df=3)) == []
    assert len(find_chains(keys, Options(max_df=4))) == 6  # every pair


def test_groups_merge_overlapping_passages_of_a_document():
    spans = [(0, 0, 100), (1, 10, 110), (1, 50, 160), (2, 0, 90), (3, 500, 600)]
    links = [(0, 1), (2, 3)]
    groups = make_groups(spans, ["a", "b", "c", "d"], links)
    assert len(groups) == 1  # b's two passages overlap, so a, b and c are one group; d is alone
    g = groups[0]
    assert [(p.doc, p.start, p.end) for p in g.passages] == [("a", 0, 100), ("b", 10, 160), ("c", 0, 90)]
    assert np.all([p.start < p.end for p in g.passages])


def test_an_ngram_printed_twice_in_a_page_is_still_an_anchor_but_not_three_times():
    # a layout duplication (a paragraph printed twice on one page, as in seed 004) keeps its anchors,
    # as passim's do; an n-gram three times in one page is boilerplate, not an anchor
    para = make_key(STORY).text[:60]
    other, third = make_key(OTHER).text, make_key(THIRD).text
    b = third[:30] + para + third[30:60]
    twice = para + other[:40] + para
    chains = find_chains([twice, b], Options())
    assert sorted((c.a0, c.a1, c.b0, c.b1) for c in chains) == [(0, 60, 30, 90), (100, 160, 30, 90)]
    thrice = para + other[:40] + para + other[40:80] + para
    assert find_chains([thrice, b], Options()) == []


def test_gram_hash_is_the_rolling_hash_of_one_gram() -> None:
    import random

    import numpy as np

    from corrector.discover import gram_hash, rolling_hashes

    rng = random.Random(7)
    for _ in range(500):
        pick = lambda: chr(rng.choice([rng.randint(0x4E00, 0x9FFF), rng.randint(32, 126), 0x3002, 0xFF0C]))
        gram = "".join(pick() for _ in range(rng.randint(1, 6)))
        cps = np.frombuffer(gram.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        assert gram_hash(gram) == int(rolling_hashes(cps, len(gram))[0])


def test_the_index_by_hash_partitions_finds_the_same_chains(monkeypatch) -> None:
    import corrector
    import corrector.discover as discover
    from corrector.ingest import make_key
    from corrector.model import Options

    keys = [make_key(d.text).text for d in corrector.load([Path(__file__).resolve().parent.parent / "seeds"])]
    whole = discover.find_chains(keys, Options())
    monkeypatch.setattr(discover, "PARTITION_POSTINGS", 500)  # dozens of partitions on the seeds
    parted = discover.find_chains(keys, Options())
    assert len(whole) > 3
    assert [(c.a, c.b, c.a0, c.a1, c.b0, c.b1, c.anchors, c.points.tolist()) for c in parted] == [
        (c.a, c.b, c.a0, c.a1, c.b0, c.b1, c.anchors, c.points.tolist()) for c in whole
    ]
