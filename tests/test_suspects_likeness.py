"""lookalikes.similarities (many pairs at once) against glyphs.similarity (one pair at a time), and
broken word's likenesses computed per batch against the pair-by-pair ones they replace."""

from __future__ import annotations

import gzip
import random

from corrector import glyphs
from corrector.ingest import make_key
from corrector.model import Document
from corrector.suspects import add_suspects
from corrector.suspects import broken_word as bw
from corrector.suspects import lookalikes
from tests.test_suspects_speed import MIXED, misread, salad


def _plain(pairs: list[tuple[str, str]]) -> list[float]:
    return [glyphs.similarity.__wrapped__(a, b) for a, b in pairs]  # (not the cache: the rule itself)


def test_the_shape_table_is_what_similarities_assumes() -> None:
    """Unified ideographs only (a compatibility one is folded first, so it must be missing), and
    four-corner codes of none or five digits; some without a code."""
    table = glyphs._table()
    assert all(len(c) == 1 and 0x4E00 <= ord(c) <= 0x9FFF for c in table)
    assert {len(code) for code, _ in table.values()} == set(lookalikes.CODE_LENGTHS)
    assert all(strokes for _, strokes in table.values())


def test_the_similarities_of_many_pairs_are_those_of_each_pair() -> None:
    """Every pair of one row in eight of the shipped look-alike rows, random pairs of the shape
    table's characters, the characters without a four-corner code against others and each other,
    and the pairs left to similarity itself: the same character, empty and longer strings, Latin
    letters, an astral character, compatibility ideographs (豈 U+F900 folds to 豈 U+8C48)."""
    table = glyphs._table()
    chars = sorted(table)
    rnd = random.Random(3)
    pairs = [(rnd.choice(chars), rnd.choice(chars)) for _ in range(20000)]
    lines = gzip.decompress(lookalikes.TABLE.read_bytes()).decode("utf-8").split("\n")[1::8]
    pairs += [(c, x) for line in lines if line for c, row in [line.split("\t", 1)] for x in row]
    bare = [c for c in chars if not table[c][0]]
    assert len(bare) >= 20
    pairs += [(a, b) for a in bare for b in chars[::500]] + [(b, a) for a in bare for b in chars[::700]]
    pairs += [(a, b) for a in bare for b in bare]
    odd = [("的", "的"), ("", "的"), ("的", ""), ("", ""), ("的的", "的"), ("a", "b"), ("l", "1"), ("𪚥", "的"),
           ("\uf900", "\u8c48"), ("\u8c48", "\uf900"), ("\uf900", "岂"), ("已", "\uf901"), ("己", "已")]
    pairs += odd
    assert len(pairs) >= 100000
    got = lookalikes.similarities(pairs)
    assert got == _plain(pairs)
    assert lookalikes.similarities(odd) == _plain(odd) and lookalikes.similarities([]) == []
    assert glyphs.similarity("\uf900", "\u8c48") == 1.0 and 0.58 < lookalikes.similarities([("己", "已")])[0] < 1.0


def _texts(seed: int) -> list[str]:
    return [misread(salad(seed + j, 4000), seed + j) + (MIXED if j % 2 else "") for j in range(3)]


def test_broken_words_likenesses_at_once_are_those_pair_by_pair(monkeypatch) -> None:
    """The step (documents in a batch: ask_all) and the detector on one text (ask) with the batch's
    likenesses computed together give the flags (reasons and confidences too) they give with every
    likeness asked of glyphs.similarity pair by pair (hundreds of pairs, some flags by look-alike)."""
    docs = [Document(f"d{j}", f"d{j}", "utf-8", b"", "\n", "", t) for j, t in enumerate(_texts(31))]
    keys = [make_key(doc.text) for doc in docs]

    def flags() -> list[tuple]:
        return [(p.doc, p.start, p.end, p.new, p.confidence, p.reason, [(r.text, r.language, r.probability) for r in p.readings])
                for p in add_suspects([], docs, keys, [], None)]

    asked: list[tuple[str, str]] = []
    real = bw.similarities

    def spy(pairs):
        asked.extend(pairs)
        return real(pairs)

    monkeypatch.setattr(bw, "similarities", spy)
    together = flags()
    assert len(set(asked)) >= 300, len(set(asked))
    monkeypatch.setattr(bw, "similarities", _plain)
    one_by_one = flags()
    assert together == one_by_one
    assert sum("looks like" in f[5] for f in together) >= 5, together


def test_the_doubled_places_at_once_are_the_patterns_one_by_one(monkeypatch) -> None:
    """doubled._places (NumPy) against _places_plain (the pattern's matches one by one): runs of
    two to seven of one character (matches do not overlap), 一 before a doubling and doubled itself,
    doublings the dictionary knows, across a line break or a blank, at the text's ends, of Latin
    letters, digits, astral and compatibility ideographs (not in the pattern), extension-A
    characters; empty and one-character texts.  And the detector's flags are those it finds
    with the plain places."""
    from corrector.language import CorpusCounts, Dictionary
    from corrector.suspects import doubled
    from corrector.suspects.evidence import Evidence, Text
    from corrector.suspects.lexicon import Lexicon

    d = Dictionary.load()
    ev = Evidence(d, None)
    pieces = ["抓住住社区", "住住住", "图像像像像点", "好好好好好", "看看", "天天向上", "一箱箱", "一一", "一一一", "二二",
              "抓住\n住社区", "抓住 住社区", "aa", "11", "𪚥𪚥", "\uf900\uf900", "㐀㐀", "，，", "人人人人人人人", "我们己经经完成"]
    rnd = random.Random(9)
    texts = ["", "好", "好好", "好好好", "一好好", "好好\n"] + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30)))
                                                       for _ in range(300)]
    texts += [misread(salad(41 + j, 5000), 41 + j) for j in range(4)] + [MIXED + "抓住住社区", "住住" + MIXED + "住住"]
    seen = 0
    for t in texts:
        text = Text.of("d", t)
        want = doubled._places_plain(text, ev)
        assert doubled._places(text, ev) == want, t
        seen += len(want)
    assert seen >= 500
    lx = Lexicon.shared(d)
    corpus = CorpusCounts([make_key(t).text for t in texts])
    flagged = [[(p.start, p.end, p.confidence, p.reason) for p in doubled.find(Text.of("d", t), Evidence(d, corpus), lx)] for t in texts]
    monkeypatch.setattr(doubled, "_places", doubled._places_plain)
    assert flagged == [[(p.start, p.end, p.confidence, p.reason) for p in doubled.find(Text.of("d", t), Evidence(d, corpus), lx)]
                       for t in texts]
    assert sum(map(len, flagged)) >= 5
