"""The tables the suspicion detectors keep between runs (corrector/suspects/word_tables.py) are what they derive."""

from __future__ import annotations

import math

import pytest

from corrector.language import Dictionary
from corrector.suspects import evidence, lexicon, substitution_gain, word_tables


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CORRECTOR_CACHE", str(tmp_path))
    return tmp_path


def test_a_kept_table_is_read_back_instead_of_derived(cache_dir):
    d = Dictionary.load()
    calls = []

    def derive():
        calls.append(1)
        return (1.5, ["a"], {"b": "c"}, frozenset("de"))

    assert word_tables.cached(d, "probe", derive) == (1.5, ["a"], {"b": "c"}, frozenset("de"))
    assert word_tables.cached(d, "probe", derive) == (1.5, ["a"], {"b": "c"}, frozenset("de"))
    assert calls == [1]
    assert word_tables.cache_file("probe").parent == cache_dir / "corrector"
    # a damaged file is derived again (and replaced)
    word_tables.cache_file("probe").write_bytes(b"\x00garbage")
    assert word_tables.cached(d, "probe", derive) == (1.5, ["a"], {"b": "c"}, frozenset("de"))
    assert calls == [1, 1]


def test_another_dictionarys_tables_are_never_kept(cache_dir):
    small = Dictionary({"国家": 10, "安全": 5, "国": 3})
    calls = []
    for _ in range(2):
        word_tables.cached(small, "probe-small", lambda: calls.append(1) or 7)
    assert calls == [1, 1]
    assert not word_tables.cache_file("probe-small").exists()


def test_an_unwritable_cache_still_gives_the_table(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CORRECTOR_CACHE", str(blocker))
    assert word_tables.cached(Dictionary.load(), "probe", lambda: [3]) == [3]


def test_the_lexicon_from_the_kept_tables_equals_a_fresh_one(cache_dir):
    d = Dictionary.load()
    fresh = lexicon.derive(d)
    first = lexicon.Lexicon(d)  # derives and keeps
    kept = lexicon.Lexicon(d)   # reads the kept file
    assert word_tables.cache_file(f"lexicon-{lexicon.MIN_FREQ}-{lexicon.CANDIDATE_FREQ}-{lexicon.MAX_WORD}").exists()
    for lx in (first, kept):
        assert lx.gaps == fresh[2] and lx.after == fresh[3] and lx.before == fresh[4]
        assert lx.candidates == frozenset(fresh[1])
        assert all(lx.words[n] == frozenset(fresh[0][n - 2]) for n in range(2, lexicon.MAX_WORD + 1))
        assert all((lx.bits[n] == first.bits[n]).all() for n in lx.bits)
    assert "合作社" in kept.words[3] and "作" in kept.gaps["合?社"] and "住" in kept.after["抓"]


def test_the_kept_prefixes_constants_and_single_words_equal_fresh_ones(cache_dir):
    d = Dictionary.load()
    freq = d.frequencies()
    for _ in range(2):  # derived and kept, then read back
        substitution_gain.prefixes.cache_clear()
        substitution_gain._constants.cache_clear()
        evidence.single_char_words.cache_clear()
        assert substitution_gain.prefixes(d) == frozenset(w[:j] for w in freq for j in range(2, len(w)))
        logtotal, maxlen = substitution_gain._constants(d)
        assert maxlen == max(len(w) for w in freq) and logtotal == math.log(sum(freq.values()))
        assert evidence.single_char_words() == frozenset(
            w for w, f in freq.items() if len(w) == 1 and f >= evidence.COMMON_SINGLE)
    assert word_tables.cache_file("prefixes").exists()


def test_the_local_edit_gain_equals_the_dictionarys_whole_context_gain():
    """EditGain (deletions, insertions, doublings, swapped pairs: readings of any length, the empty
    one included) scores only the Han run around the place: the same gain as Dictionary.score over
    the whole context, Han, Latin and marks in it, runs joined by a deletion, no Han on one side."""
    import random

    from corrector.ingest import make_key
    from corrector.suspects.edit_gain import EditGain, local
    from corrector.suspects.evidence import Evidence, context, is_han
    from tests.texts import OTHER, STORY

    d = Dictionary.load()
    text = make_key(STORY + "Linux的she11命令，2024年。" + OTHER + "供销社合作抓住住社区国家安一切").text
    ev = Evidence(d, None)
    rnd = random.Random(7)
    pool = "的国家安全作合社住一了是在"
    checked = 0
    for s in rnd.sample(range(len(text) - 3), 150) + [len(text) - 2, 0]:
        for width in (0, 1, 2, 3):
            e = min(len(text), s + width)
            old = text[s:e]
            if not all(is_han(c) for c in old):
                continue
            left, right = context(text, s, e)
            gains = EditGain(d, left, right)
            news = ["", old[::-1], old + old[-1:], rnd.choice(pool), rnd.choice(pool) + rnd.choice(pool), old[1:]]
            for new in news:
                whole = d.score(left + new + right) - d.score(left + old + right)
                assert ev.dict_gain(left, old, new, right) == pytest.approx(whole, abs=1e-9), (left, old, new, right)
                if local(left, old, new, right):
                    assert gains.gain(old, new) == pytest.approx(whole, abs=1e-9), (left, old, new, right)
                    checked += 1
    assert checked > 1000
    # Evidence.dict_gain takes it for Han readings and the whole context otherwise (a Latin insertion,
    # a Han character put between Latin letters or before a mark)
    assert not local("x的sh", "", "国", "e11命") and not local("", "国", "", ".的") and local("的", "", "国", "家")
    assert ev.dict_gain("国家", "", "安", "一切") == pytest.approx(d.score("国家安一切") - d.score("国家一切"), abs=1e-9)
    assert ev.dict_gain("穿", "", "T", "恤衫") == d.score("穿T恤衫") - d.score("穿恤衫")


def test_original_ranges_map_as_to_original_does():
    """suspects.original_ranges (many key ranges at once) gives Key.to_original's ranges: characters,
    insertion points at the start, inside and at the end, a text whose key is empty."""
    import random

    from corrector.ingest import make_key
    from corrector.suspects import original_ranges

    texts = ["抓住 住社区，\n这一  基层。", "a b\u3000c", "   ", "国家安全"]
    keys = [make_key(t) for t in texts]
    rnd = random.Random(3)
    ranges = []
    for t, k in enumerate(keys):
        n = len(k.text)
        ranges += [(t, 0, 0), (t, n, n)] + [(t, a, a + w) for a in range(n) for w in (0, 1, 2) if a + w <= n]
    rnd.shuffle(ranges)
    got = original_ranges(keys, ranges)
    seen = {t: 0 for t in got}
    for t, s, e in ranges:
        if not len(keys[t].pos):
            want = (0, 0)
        else:
            want = keys[t].to_original(s, e, len(texts[t]))
        i = seen[t]
        assert (int(got[t][0][i]), int(got[t][1][i])) == want, (texts[t], s, e)
        seen[t] += 1
    assert sum(seen.values()) == len(ranges) > 40


def test_the_corpus_is_asked_for_exactly_the_candidates_within_its_reach(monkeypatch):
    """broken word counts in the corpus only the substitutions whose score without the corpus could
    still reach the bar with the most support assumed (the others score without it): every
    candidate asked is within reach, and every candidate within reach is asked."""
    from corrector.ingest import make_key
    from corrector.language import CorpusCounts
    from corrector.suspects import broken_word as bw
    from corrector.suspects.evidence import Evidence, Text, single_char_words
    from corrector.suspects.lexicon import Lexicon
    from corrector.suspects.substitution_gain import SubstitutionGain
    from tests.texts import OTHER, STORY

    d = Dictionary.load()
    text = STORY + "切换到编辑寞式以后再保存文件。我们己经完成了，供销合作杜的人说。" + OTHER
    asked: dict[tuple[str, str], list[str]] = {}
    real = Evidence.supports_many

    def spy(self, places):
        for left, readings, right, _ in places:
            asked[(left, right)] = list(readings[1:])  # the first is the place's own reading
        return real(self, places)

    monkeypatch.setattr(Evidence, "supports_many", spy)
    key = make_key(text).text
    ev = Evidence(d, CorpusCounts([key]))
    t, lx = Text.of("d", text), Lexicon.shared(d)
    bw.find(t, ev, lx)
    commons = single_char_words()
    within = 0
    for (left, right), readings in asked.items():
        i = next(i for i in range(len(key)) if key[max(0, i - len(left)):i] == left and key[i + 1:i + 1 + len(right)] == right)
        old = key[i]
        bar = bw.MIN_GAIN["substitution"] + (bw.COMMON_EXTRA if old in commons else 0)
        gains = SubstitutionGain(d, left, old, right)
        alike = lx.lookalike_sets({old}, bw.LOOKALIKE)[old]
        cands = [c[3] for c in bw._candidates(key, i, lx, alike, commons) if c[4] == "substitution"]
        for new in cands:
            base = bw.substitution_base(ev, left, old, new, right, gains)
            reach = base + bw.CORPUS_WEIGHT * bw.CORPUS_REACH >= bar - bw.MARGIN
            assert (new in readings) == reach, (left, old, new, right, base, bar)
            within += reach
    assert asked and within >= len(asked)


def test_the_kept_candidate_screen_equals_a_fresh_one(cache_dir):
    """The screen's tables, derived and kept, then read back, equal those an unkept dictionary (the
    same words) derives; other look-alike rows or common characters are kept apart, never read for
    these."""
    import numpy as np

    from corrector.suspects import broken_word
    from corrector.suspects.candidate_screen import GAP_BITS, CandidateScreen, _slot, _table

    d = Dictionary.load()
    lx = lexicon.Lexicon(d)
    fresh_lx = lexicon.Lexicon(Dictionary(d.frequencies(), d.names()))
    rows = lx.lookalikes.shipped_rows(broken_word.LOOKALIKE)
    fewer = {c: r for c, r in rows.items() if c not in "已己未末"}
    commons = evidence.single_char_words()
    names = ("_alphabet", "_rows", "_row_of", "_after", "_after_of", "_before", "_before_of", "_common", "_gaps")
    screens = []
    for r, c in ((rows, commons), (fewer, commons), (rows, commons - {"的"}), (rows, commons)):
        kept = CandidateScreen(lx, r, c)
        fresh = CandidateScreen(fresh_lx, r, c)
        for name in names:
            assert np.array_equal(getattr(kept, name), getattr(fresh, name)), name
        # and each table as it is built directly (the kept form's round trip)
        assert np.array_equal(kept._alphabet, np.unique(np.array([ord(x) for x in "".join(r.values())])))
        for (bits, row_of), src in (((kept._rows, kept._row_of), r), ((kept._after, kept._after_of), lx.after),
                                    ((kept._before, kept._before_of), lx.before)):
            want_bits, want_rows = _table(kept._alphabet, src, kept._rows.shape[1])
            assert np.array_equal(bits, want_bits) and np.array_equal(row_of, want_rows)
        screens.append(kept)
    # the gap table, key by key: every gap of every key sets the slot of its shape
    want = np.zeros(1 << GAP_BITS, dtype=bool)
    shapes: dict[tuple[int, int], list[list[int]]] = {}
    for key in lx.gaps:
        for a, ch in enumerate(key):
            if ch == lexicon.GAP:
                shapes.setdefault((a, len(key) - 1 - a), []).append([ord(x) for x in key[:a] + key[a + 1:]])
    for shape, cols in shapes.items():
        v = np.array(cols, dtype=np.int64)
        want[_slot(lexicon.pack_columns([v[:, j] for j in range(v.shape[1])]), lexicon._FILL_SHAPES.index(shape))] = True
    assert np.array_equal(screens[0]._gaps, want) and want.sum() > 10_000
    assert len(list(cache_dir.glob("corrector/suspects-screen-*"))) == 3
    assert not np.array_equal(screens[0]._row_of, screens[1]._row_of)
    assert not np.array_equal(screens[0]._common, screens[2]._common)
    text = np.frombuffer("国家安一切，我们己经完成了，供销合作杜".encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    at = np.arange(len(text))
    assert all(np.array_equal(a, b) for a, b in zip(screens[0].possible(text, at), screens[3].possible(text, at)))
