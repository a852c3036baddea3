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


def misread(text: str, seed: int) -> str:
    """``text`` with OCR-like errors: one character in 40 read as a look-alike, one in 200 dropped,
    one in 200 doubled."""
    rnd = random.Random(seed)
    lx = Lexicon.shared(Dictionary.load())
    alike = lx.lookalike_sets(set(text), bw.LOOKALIKE)
    out = []
    for c in text:
        r = rnd.random()
        if r < 0.025 and alike.get(c):
            out.append(rnd.choice(sorted(alike[c])))
        elif r < 0.03:
            continue
        else:
            out.append(c * (2 if r > 0.995 else 1))
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


def _weighed_places(monkeypatch, d, text: str, weighed: list, spies: dict):
    """Run broken word on ``text`` with ``spies`` (``(owner, name) -> replacement``) patched in, then yield
    for every place ``weighed`` collected: ``(left, old, right, bar, gains, candidates, evidence)``, the
    substitution candidates found as the detector finds them."""
    key = make_key(text).text
    for (owner, name), spy in spies.items():
        monkeypatch.setattr(owner, name, spy)
    ev = Evidence(d, CorpusCounts([key]))
    lx = Lexicon.shared(d)
    bw.find(Text.of("d", text), ev, lx)
    monkeypatch.undo()
    commons = single_char_words()
    at = {(key[max(0, i - CONTEXT):i], key[i], key[i + 1:i + 1 + CONTEXT]): i for i in range(len(key))}
    for left, old, right in weighed:
        bar = bw.MIN_GAIN["substitution"] + (bw.COMMON_EXTRA if old in commons else 0)
        alike = lx.lookalike_sets({old}, bw.LOOKALIKE)[old]
        cands = [c[3] for c in bw._candidates(key, at[(left, old, right)], lx, alike, commons) if c[4] == "substitution"]
        yield left, old, right, bar, SubstitutionGain(d, left, old, right), cands, ev


def _spy_gains(weighed: list):
    """A stand-in for broken word's ``gains_of`` that notes each place it weighs as
    ``(left, old, right)`` (the place's context) in ``weighed``, then computes as the real one."""
    real = bw.gains_of

    def spy(dictionary, texts):
        for places in texts:
            for row in places.win.tolist():  # (zeros past the text's ends: no key character is 0)
                left, right = "".join(map(chr, filter(None, row[:CONTEXT]))), "".join(map(chr, filter(None, row[CONTEXT + 1:])))
                weighed.append((left, chr(row[CONTEXT]), right))
        return real(dictionary, texts)
    return spy


def test_a_place_waits_for_the_corpus_exactly_when_a_substitution_comes_within_its_reach(monkeypatch) -> None:
    """Every place whose substitutions broken word weighed: its look-alikes are counted in the corpus
    (supports_many) if and only if one of them comes within the corpus's reach of the bar by its
    dictionary gain and likeness (substitution_base); the likenesses skipped where even a perfect one
    could not reach change nothing."""
    d = Dictionary.load()
    text = salad(11, 6000) + MIXED
    asked: dict[tuple[str, str], list[str]] = {}
    weighed: list[tuple[str, str, str]] = []
    real_supports = Evidence.supports_many

    def spy_supports(self, places):
        for left, readings, right, _ in places:
            asked[(left, right)] = list(readings[1:])
        return real_supports(self, places)

    waited = skipped_likeness = 0
    spies = {(Evidence, "supports_many"): spy_supports, (bw, "gains_of"): _spy_gains(weighed)}
    for left, old, right, bar, gains, cands, ev in _weighed_places(monkeypatch, d, text, weighed, spies):
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


def _screen_cases() -> list[str]:
    # 丄 (for 上 in 世上) has no row in the shipped look-alike table: it is let through unscreened
    return [salad(3, 8000), salad(5, 8000) + MIXED, MIXED + "国家安一切，供销社合作，己经，引丨用，白琵鹭鹭，他在世丄。", OTHER + THIRD]


def test_the_candidate_screen_never_rules_out_a_place_with_a_candidate() -> None:
    """Every Han character of word salad and prose (not only the loose ones, so that words' own
    characters are tried too): where broken word's _candidates gives any reading, the screen lets the
    place through; and it does rule out most of the places with none (else it would be no screen)."""
    d = Dictionary.load()
    lx = Lexicon.shared(d)
    commons = single_char_words()
    screen = lx.candidate_screen(bw.LOOKALIKE, commons)
    with_candidates = ruled_out = without = filled = empty = 0
    for text in _screen_cases():
        k = make_key(text).text
        cps = np.frombuffer(k.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        han = han_mask(cps)
        places = np.flatnonzero(han)
        possible, fills = screen.possible(cps, places)
        alike = lx.lookalike_sets({k[i] for i in places.tolist()}, bw.LOOKALIKE)
        for i, p, f in zip(places.tolist(), possible.tolist(), fills.tolist()):
            every = bw._candidates(k, i, lx, alike[k[i]], commons, han.tolist())
            # the gaps the screen rules out are not looked up, and nothing is lost by it
            assert bw._candidates(k, i, lx, alike[k[i]], commons, han.tolist(), tuple(f)) == every
            if every:
                with_candidates += 1
                assert p, (k[max(0, i - 4):i], k[i], k[i + 1:i + 5])
            else:
                without += 1
                ruled_out += not p
            if k[i] not in commons:  # each gap the screen rules out is one Lexicon.fill cannot fill
                left = bw._han_run(k, han.tolist(), i, False, 3)
                right = bw._han_run(k, han.tolist(), i + 1, True, 3)
                real = [lx.fill(left, right), lx.fill(left, k[i] + right), lx.fill(left + k[i], right)]
                assert all(ok or not r for ok, r in zip(f, real)), (left, k[i], right, f, real)
                filled += sum(map(bool, real))
                empty += f.count(False)
    assert with_candidates >= 2000 and ruled_out >= without // 2, (with_candidates, ruled_out, without)
    assert filled >= 200 and empty >= 1000, (filled, empty)


def test_the_screened_detector_finds_what_the_unscreened_one_finds(monkeypatch) -> None:
    """broken word with the screen and with every place let through: the same flags (clusters of
    neighbouring places are kept whole: a screened-out place still joins its neighbours)."""
    from corrector.suspects.candidate_screen import CandidateScreen

    d = Dictionary.load()
    lx = Lexicon.shared(d)
    texts = [misread(salad(21, 20000), 1) + MIXED, misread(salad(22, 20000), 2)]
    corpus = CorpusCounts([make_key(t).text for t in texts])

    def flags() -> list[tuple]:
        return [(p.start, p.end, p.new, p.confidence, p.reason) for t in texts
                for p in bw.find(Text.of("d", t), Evidence(d, corpus), lx)]

    screened = flags()
    monkeypatch.setattr(CandidateScreen, "possible",
                        lambda self, cps, places: (np.ones(len(places), dtype=bool), np.ones((len(places), 3), dtype=bool)))
    assert flags() == screened
    assert len(screened) >= 100, len(screened)


def test_the_transposed_windows_asked_alone_read_as_the_whole_texts() -> None:
    """transposed asks the word tables only for the windows that touch a loose character: each such
    window's swapped reading looks up as that reading on its own does."""
    from corrector.suspects import transposed

    lx = Lexicon.shared(Dictionary.load())
    k = make_key(misread(salad(7, 3000), 7) + MIXED).text

    def cps(s: str) -> np.ndarray:
        return np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)

    whole = cps(k)
    for a, b in transposed.SHAPES:
        n = a + b
        at = np.arange(0, len(k) - n + 1, 3)
        got = transposed._swapped_words(lx, whole, a, b, at).tolist()
        assert got == [bool(lx.words_at(cps(k[i + a:i + n] + k[i:i + a]), n)[0]) for i in at.tolist()]
        assert sum(got) >= 10


def test_the_joined_counts_are_the_corpus_counts_of_the_texts() -> None:
    """JoinedCounts (the texts hashed in one pass, windows across two texts left out) against
    CorpusCounts of the same texts: the same tables, and so the same counts; texts shorter than a
    trigram, empty ones and astral characters included."""
    from corrector.suspects.evidence import JoinedCounts

    texts = [make_key(MIXED).text, "", "好", "你好", "你好你", "𠀀𪚥字好你", make_key(STORY).text[:500], "好你好"]
    for case in (texts, texts[1:4], texts[::-1], ["你好"], [""]):
        joined, plain = JoinedCounts(case), CorpusCounts(case)
        for n in (2, 3):
            assert [a.tolist() for a in joined._tables[n]] == [a.tolist() for a in plain._tables[n]]
            assert joined._tables[n][1].dtype == plain._tables[n][1].dtype
        for g in ("你好", "好你", "好你好", "字好", "𪚥字好", "好好"):
            assert joined.count(g) == plain.count(g)
    assert JoinedCounts(texts).count("好你") == CorpusCounts(texts).count("好你") >= 3


def test_a_candidates_likeness_is_left_out_exactly_when_no_likeness_could_bring_it_within_reach(monkeypatch) -> None:
    """At every place broken word weighs: the likeness of a substitution candidate is computed if and
    only if its dictionary gain, with the largest likeness and the corpus's reach, comes within the
    margin of the bar; and a candidate left out scores (as substitution_score scores it, with the
    corpus) more than the margin under the bar, so it could neither be flagged nor block a rival."""
    d = Dictionary.load()
    text = misread(salad(13, 12000), 13) + MIXED
    weighed: list[tuple[str, str, str]] = []
    likened: set[tuple[str, str]] = set()
    real_similarities = bw.similarities

    def spy_similarities(pairs: list[tuple[str, str]]) -> list[float]:
        likened.update(pairs)
        return real_similarities(pairs)

    left_out = kept = 0
    spies = {(bw, "gains_of"): _spy_gains(weighed), (bw, "similarities"): spy_similarities}
    for left, old, right, bar, gains, cands, ev in _weighed_places(monkeypatch, d, text, weighed, spies):
        for new in cands:
            reach = gains.gain(new) + bw.LIKENESS_NATS * (1 - bw.LIKENESS_REF) + bw.CORPUS_WEIGHT * bw.CORPUS_REACH >= bar - bw.MARGIN
            if (old, new) in likened:
                kept += 1
                continue
            left_out += 1
            assert not reach, (left, old, new, right)
            assert bw.substitution_score(ev, left, old, new, right, floor=bar - bw.MARGIN) < bar - bw.MARGIN
    assert left_out >= 10 and kept >= 50, (left_out, kept)


def test_the_place_name_marks_are_those_of_the_plain_rule() -> None:
    """name_mask's place-name part (a code-point table for the suffixes) against the rule written
    plainly: before every suffix (each of PLACE_SUFFIXES, at the text's start too) the PLACE_NAME
    characters are marked unless the suffix ends a word with the characters before it."""
    from corrector.suspects import names

    lx = Lexicon.shared(Dictionary.load())
    suffixes = sorted(names.PLACE_SUFFIXES)
    text = "".join(f"县{s}在禾源{s}，社区{s}城市{s}农村。" for s in suffixes) + "在自治区、直辖市和少数民族聚居乡。"
    t = Text.of("d", text)
    k = t.k
    want = np.zeros(len(k), dtype=bool)
    for j, c in enumerate(k):
        if c in names.PLACE_SUFFIXES and not any(j >= n and k[j - n:j + 1] in lx.words[n + 1] for n in range(1, names.PLACE_NAME + 1)):
            want[max(0, j - names.PLACE_NAME):j] = True
    # the other marks (bylines, titles, speakers) are not in this text
    assert not names._TITLED.search(text) and not names._SPEAKER.search(text) and not names._BYLINE.search(text)
    got = names.name_mask(t, lx.words)
    assert got.tolist() == want.tolist() and want.sum() >= 2 * len(suffixes)


def test_the_old_objects_are_frozen_only_while_the_step_runs() -> None:
    """old_objects_frozen: inside, the objects from before are frozen (and the collector on, at the
    workers' thresholds); after, the freeze is undone and the thresholds are the caller's again, on
    an error too; a freeze the caller made, and its thresholds, are left as they were."""
    import gc

    import pytest

    from corrector.suspects import old_objects_frozen
    from corrector.worker_loop import WORKER_GC_THRESHOLDS

    seen: list[tuple[int, bool, tuple[int, ...]]] = []

    @old_objects_frozen
    def step(fail: bool = False) -> int:
        seen.append((gc.get_freeze_count(), gc.isenabled(), gc.get_threshold()))
        if fail:
            raise ValueError("bad input")
        return 7

    callers = gc.get_threshold()
    gc.set_threshold(900, 11, 12)
    try:
        assert gc.get_freeze_count() == 0
        assert step() == 7 and seen[-1][0] > 1000 and seen[-1][1] and seen[-1][2] == WORKER_GC_THRESHOLDS
        assert gc.get_freeze_count() == 0 and gc.get_threshold() == (900, 11, 12)
        with pytest.raises(ValueError):
            step(fail=True)
        assert gc.get_freeze_count() == 0 and gc.get_threshold() == (900, 11, 12)
        assert seen[-1][2] == WORKER_GC_THRESHOLDS != (900, 11, 12)
        gc.freeze()
        try:
            mine = gc.get_freeze_count()
            assert step() == 7 and seen[-1][0] == mine and gc.get_freeze_count() == mine
            assert seen[-1][2] == (900, 11, 12) == gc.get_threshold()
        finally:
            gc.unfreeze()
    finally:
        gc.set_threshold(*callers)


def test_what_the_step_made_is_set_aside_only_inside_a_step_that_froze_the_old_objects() -> None:
    """set_aside: inside old_objects_frozen's call, the objects made since are frozen too (the
    collector stays on), and all of them are given back when the call ends, on an error too;
    outside a step, or inside one whose caller had frozen objects already, nothing is set aside;
    another thread's step is its own."""
    import gc
    import threading

    import pytest

    from corrector.suspects import old_objects_frozen, set_aside

    seen: list[tuple[int, int, bool]] = []

    @old_objects_frozen
    def step(fail: bool = False) -> int:
        before = gc.get_freeze_count()
        made = [[j] for j in range(5000)]  # containers the step makes
        set_aside()
        seen.append((before, gc.get_freeze_count(), gc.isenabled()))
        del made
        if fail:
            raise ValueError("bad input")
        return 7

    assert gc.get_freeze_count() == 0
    set_aside()
    assert gc.get_freeze_count() == 0
    assert step() == 7
    before, after, enabled = seen[-1]
    assert after >= before + 5000 and enabled and gc.get_freeze_count() == 0
    with pytest.raises(ValueError):
        step(fail=True)
    assert gc.get_freeze_count() == 0
    set_aside()
    assert gc.get_freeze_count() == 0
    other: list[int] = []
    thread = threading.Thread(target=lambda: (set_aside(), other.append(gc.get_freeze_count())))
    thread.start()
    thread.join()
    assert other == [0]
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        assert step() == 7 and seen[-1][:2] == (mine, mine) and gc.get_freeze_count() == mine
    finally:
        gc.unfreeze()


def test_a_text_without_a_doubled_separator_is_all_that_goes_unsearched() -> None:
    """find_marks searches for doubled separators only where some separator stands twice: the
    flags are those of the pattern on its own, for every separator doubled (and none without)."""
    from corrector.suspects import marks

    d = Dictionary.load()
    ev = Evidence(d, None)
    for sep in "，。；：、,;x":  # (written out: the constant may not leave one out)
        text = f"我们完成了{sep}{sep}工作很好。" + STORY[:200]
        found = [(p.start, p.end) for p in marks.find_marks(Text.of("d", text), ev)]
        by_pattern = [(m.start() + 1, m.end()) for m in marks._DOUBLED_SEP.finditer(text)]
        assert found == by_pattern and (len(found) == 1) == (sep != "x"), sep


def test_a_contexts_edit_gains_are_kept_and_the_same_as_fresh_ones() -> None:
    """Evidence.dict_gain keeps an EditGain per context (left, right): asked in any order, for
    contexts that share their left side or their right side, every gain equals a fresh EditGain's."""
    from corrector.suspects.edit_gain import EditGain, local

    d = Dictionary.load()
    k = make_key(MIXED + "国家安一切，国家安全一切，安全一切国家").text
    ev = Evidence(d, None)
    rnd = random.Random(5)
    asks = []
    for i in range(len(k)):
        for left, right in (context(k, i, i), context(k, i, i + 1), (k[max(0, i - 4):i], "全一切"), ("国家安", k[i:i + 4])):
            for old, new in (("", "全"), (k[i:i + 1], ""), (k[i:i + 1], "的"), ("安全", "全安")):
                asks.append((left, old, new, right))
    rnd.shuffle(asks)
    for left, old, new, right in asks * 2:
        want = (EditGain(d, left, right).gain(old, new) if local(left, old, new, right)
                else d.score(left + new + right) - d.score(left + old + right))
        assert ev.dict_gain(left, old, new, right) == want, (left, old, new, right)
    assert len(ev._edit_gains) >= 100
