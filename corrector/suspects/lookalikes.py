"""Look-alike neighbours of characters, many at once: :func:`corrector.glyphs.similarity` vectorised.

The broken-word detector asks, for every character it suspects, which characters that could form a
word there look like it.  Asking :func:`corrector.glyphs.similarity` pair by pair was most of the
detectors' time, so the neighbours of each new character are computed against the whole candidate
alphabet at once (rapidfuzz ``cdist`` over the stroke orders, NumPy over the four-corner codes) and
kept; every pair found is then confirmed by :func:`corrector.glyphs.similarity` itself, which stays
the one rule.

Computing those rows was still a quarter of the flags' time on a large archive (thousands of
distinct characters, each against the 4,556-character alphabet), so the rows of every character of
the shape table at the broken-word detector's bar are precomputed into :data:`TABLE` (rebuild with
``python -m corrector.suspects.lookalikes`` after a change to the shape table, the dictionary's
candidate words or the bar).  The table is only a cache: its header names the bar and a digest of
the alphabet, and where they do not match the rows are computed as before, with the same result.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
import threading
from pathlib import Path
from typing import Sequence

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein
from rapidfuzz.process import cdist, cpdist

from .. import glyphs

#: Pairs the vectorised pass scores within this much of the bar (float rounding: the pass computes
#: the same formula) are settled by :func:`corrector.glyphs.similarity` itself.
SLACK = 1e-6
#: The precomputed rows: a header line ``# threshold=T alphabet=SHA256``, then ``character<TAB>neighbours``.
TABLE = Path(__file__).resolve().parent / "lookalike_rows.tsv.gz"


def alphabet_digest(alphabet: str) -> str:
    """The digest of an alphabet (as a set) that the table's header names."""
    return hashlib.sha256("".join(sorted(set(alphabet))).encode("utf-8")).hexdigest()


def read_table(alphabet: str, path: Path = TABLE) -> tuple[float, dict[str, str]] | None:
    """The table's bar and rows, or None where it is missing or made for another alphabet."""
    try:
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    except OSError:
        return None
    head = dict(f.split("=", 1) for f in lines[0].lstrip("# ").split() if "=" in f)
    if head.get("alphabet") != alphabet_digest(alphabet) or "threshold" not in head:
        return None
    rows = dict(line.split("\t", 1) for line in lines[1:] if line)
    return float(head["threshold"]), rows


class Lookalikes:
    """Look-alike neighbours within a fixed alphabet (the characters candidate words are made of)."""

    def __init__(self, alphabet: str) -> None:
        table = glyphs._table()
        chars = sorted({c for c in alphabet if c in table})
        self.chars = chars
        # the alphabet's shapes (_shapes) are only needed where a row is computed: made then
        self._alphabet_shapes: tuple[list[str], np.ndarray, np.ndarray, np.ndarray] | None = None
        self._known: dict[tuple[str, float], str] = {}
        self._lock = threading.Lock()
        shipped = read_table(alphabet) if self.chars else None
        #: The precomputed rows (every character of the shape table) and their bar, when they fit.
        self._rows: dict[str, str] = shipped[1] if shipped else {}
        self._rows_bar: float | None = shipped[0] if shipped else None

    def shipped_rows(self, threshold: float) -> dict[str, str]:
        """The precomputed rows (:data:`TABLE`) at ``threshold``: what :meth:`neighbours` gives for
        each of their characters; empty where the table is missing or made at another bar."""
        return self._rows if threshold == self._rows_bar else {}

    def neighbours(self, chars: set[str], threshold: float) -> dict[str, str]:
        """For each of ``chars``, the alphabet's characters at least ``threshold`` alike (as one string)."""
        rows: dict[str, str] = self._rows if threshold == self._rows_bar else {}
        with self._lock:
            todo = sorted(c for c in chars if c not in rows and (c, threshold) not in self._known)
            if todo:
                for c, found in zip(todo, self._compute(todo, threshold)):
                    self._known[(c, threshold)] = found
            return {c: rows[c] if c in rows else self._known[(c, threshold)] for c in chars}

    def _shapes(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """The alphabet's stroke orders, their lengths, four-corner codes (as code points, padded) and
        whether each has a code (made on first use: with the shipped rows, most runs never need them)."""
        if self._alphabet_shapes is None:
            table = glyphs._table()
            strokes = [table[c][1] for c in self.chars]
            corners = [table[c][0] for c in self.chars]
            self._alphabet_shapes = (
                strokes, np.array([len(s) for s in strokes], dtype=np.float64),
                np.array([[ord(x) for x in (cc + "-----")[:5]] for cc in corners], dtype=np.int32),
                np.array([bool(cc) for cc in corners]))
        return self._alphabet_shapes

    def _compute(self, chars: list[str], threshold: float) -> list[str]:
        table = glyphs._table()
        known = [c for c in chars if c in table]
        out = {c: "" for c in chars}
        if not known or not self.chars:
            return [out[c] for c in chars]
        alphabet_strokes, alphabet_len, alphabet_digits, alphabet_has = self._shapes()
        strokes = [table[c][1] for c in known]
        la = np.array([len(s) for s in strokes], dtype=np.float64)[:, None]
        lb = alphabet_len[None, :]
        longer = np.maximum(la, lb)
        lev = cdist(strokes, alphabet_strokes, scorer=Levenshtein.distance, dtype=np.int32, workers=1)
        ind = cdist(strokes, alphabet_strokes, scorer=Indel.distance, dtype=np.int32, workers=1)
        score = (glyphs._W_EDIT * (1 - lev / longer) + glyphs._W_COMMON * (1 - ind / (la + lb))
                 + glyphs._W_COUNT * (1 - np.abs(la - lb) / longer))
        corners = [table[c][0] for c in known]
        dig = np.array([[ord(x) for x in (cc + "-----")[:5]] for cc in corners], dtype=np.int32)
        has = np.array([bool(cc) for cc in corners])[:, None] & alphabet_has[None, :]
        corners_same = sum((dig[:, None, j] == alphabet_digits[None, :, j]).astype(np.float64) for j in range(4))
        extra_same = dig[:, None, 4] == alphabet_digits[None, :, 4]
        with_corners = score + glyphs._W_CORNERS * corners_same / 4 + glyphs._W_EXTRA * extra_same
        score = np.where(has, with_corners, score / (glyphs._W_EDIT + glyphs._W_COMMON + glyphs._W_COUNT))
        alphabet = self.chars
        for r, c in enumerate(known):
            sure = np.nonzero(score[r] >= threshold + SLACK)[0]
            near = np.nonzero((score[r] >= threshold - SLACK) & (score[r] < threshold + SLACK))[0]
            out[c] = "".join(alphabet[j] for j in sure if alphabet[j] != c) + "".join(
                alphabet[j] for j in near if alphabet[j] != c and glyphs.similarity(c, alphabet[j]) >= threshold)
        return [out[c] for c in chars]


#: The lengths of a four-corner code in the shape table: none, or four corners and the extra one
#: (:func:`similarities` computes with these; a pair with another is left to ``similarity``).
CODE_LENGTHS = (0, 5)


def similarities(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """:func:`corrector.glyphs.similarity` of each pair, the same floats: the pairs of two different
    characters of the shape table (every pair the broken-word detector weighs) computed together
    (rapidfuzz ``cpdist`` over their stroke orders, NumPy over their four-corner codes: the same
    terms summed in the same order), any other pair (the same character twice, one the table lacks,
    a string of another length) by ``similarity`` itself.  (The table holds unified ideographs
    only: a compatibility ideograph, which ``similarity`` folds first, is one it lacks.)

    On ``bench.synthetic`` at 1,000 pages the broken-word detector weighs 31,548 distinct pairs:
    pair by pair (two edit distances and a dozen string operations in Python each) they cost the
    flags' step 0.2-0.4 s of its 5 (the step with them replaced by a table look-up), together 0.04 s.
    """
    table = glyphs._table()
    out = [0.0] * len(pairs)
    at: list[int] = []
    shapes: list[tuple[tuple[str, str], tuple[str, str]]] = []
    for j, (a, b) in enumerate(pairs):
        sa, sb = table.get(a), table.get(b)
        if sa is None or sb is None or a == b or len(sa[0]) not in CODE_LENGTHS or len(sb[0]) not in CODE_LENGTHS:
            out[j] = glyphs.similarity(a, b)
        else:
            at.append(j)
            shapes.append((sa, sb))
    if not at:
        return out
    ca, oa = [s[0] for s, _ in shapes], [s[1] for s, _ in shapes]
    cb, ob = [s[0] for _, s in shapes], [s[1] for _, s in shapes]
    la = np.fromiter(map(len, oa), dtype=np.int64, count=len(oa))
    lb = np.fromiter(map(len, ob), dtype=np.int64, count=len(ob))
    longer = np.maximum(la, lb)
    lev = cpdist(oa, ob, scorer=Levenshtein.distance, dtype=np.int64, workers=1)
    ind = cpdist(oa, ob, scorer=Indel.distance, dtype=np.int64, workers=1)
    # glyphs.similarity's sums, term for term and in its order
    score = (glyphs._W_EDIT * (1.0 - lev / longer) + glyphs._W_COMMON * (1.0 - ind / (la + lb))
             + glyphs._W_COUNT * (1.0 - np.abs(la - lb) / longer))
    has = np.fromiter((bool(x and y) for x, y in zip(ca, cb)), dtype=bool, count=len(ca))
    # the codes as digits (a pair without both codes padded: its column is not used)
    da = np.frombuffer("".join(x if x and y else "-----" for x, y in zip(ca, cb)).encode("ascii"), dtype=np.uint8).reshape(-1, 5)
    db = np.frombuffer("".join(y if x and y else "-----" for x, y in zip(ca, cb)).encode("ascii"), dtype=np.uint8).reshape(-1, 5)
    corners = (da[:, :4] == db[:, :4]).sum(axis=1)
    with_corners = score + (glyphs._W_CORNERS * corners / 4 + glyphs._W_EXTRA * (da[:, 4] == db[:, 4]))
    score = np.minimum(np.where(has, with_corners, score / (glyphs._W_EDIT + glyphs._W_COMMON + glyphs._W_COUNT)),
                       glyphs._MAX_DISTINCT)
    for j, x in zip(at, score.tolist()):
        out[j] = x
    return out


def write_table(alphabet: str, threshold: float, chars: str, path: Path = TABLE) -> int:
    """Compute the rows of ``chars`` (those of the shape table) at ``threshold`` and write :data:`TABLE`
    (atomically); returns the number of rows."""
    look = Lookalikes(alphabet)
    look._rows, look._rows_bar = {}, None  # compute, never read the old table
    table = glyphs._table()
    todo = sorted(set(c for c in chars if c in table))
    lines = [f"# threshold={threshold!r} alphabet={alphabet_digest(alphabet)}"]
    step = 500
    for a in range(0, len(todo), step):
        part = todo[a:a + step]
        lines += [f"{c}\t{row}" for c, row in zip(part, look._compute(part, threshold))]
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    os.replace(tmp, path)
    return len(todo)


if __name__ == "__main__":  # python -m corrector.suspects.lookalikes: rebuild the table
    from ..language import Dictionary
    from .broken_word import LOOKALIKE
    from .lexicon import Lexicon

    dictionary = Dictionary.load()
    # every character that is a word of the dictionary (11,580): text seldom holds others, whose
    # rows are computed when met
    singles = "".join(w for w in dictionary.frequencies() if len(w) == 1)
    n = write_table(Lexicon.shared(dictionary).alphabet, LOOKALIKE, singles)
    print(f"{TABLE}: {n} rows at {LOOKALIKE}", file=sys.stderr)
