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
