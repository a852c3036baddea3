"""Typography: new text in the target's own typography, placed between its characters, and bracket balance."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz.distance import Levenshtein

from .ingest import Key, fold_char
from .chars import is_latin, is_punct
from .model import Document

#: A change that leaves a bracket unpaired in its paragraph (《 inserted without
#: its 》) is shown with at most this confidence: auto mode never applies half of a pair.
UNBALANCED_CAP = 0.5
#: Marks that come in pairs: (opening forms, closing forms).
PAIRS = (("《", "》"), ("（(", "）)"), ("〈", "〉"), ("「", "」"), ("【[［", "】]］"))

#: Every bracket of :data:`PAIRS`.
BRACKETS = frozenset(c for pair in PAIRS for side in pair for c in side)
#: Opening marks (an inserted one goes after a line break): the brackets' and the quotation marks'.
OPENING = {c for opening, _ in PAIRS for c in opening} | set("“‘")


@dataclass(frozen=True)
class Printing:
    """A document with its comparison key: what is needed to read its characters at key offsets."""

    doc: Document
    key: Key


@dataclass(frozen=True)
class Style:
    """How a target prints punctuation.

    Attributes:
        forms: The form it most often prints for each folded mark (e.g. ``,`` → ``，``).
        wide: Whether its punctuation is mostly full-width (Chinese) rather than ASCII.
    """

    forms: dict[str, str]
    wide: bool = True

    @classmethod
    def of(cls, doc: Document, key: Key) -> "Style":
        """The style of ``doc`` (whose key is ``key``)."""
        marks = _ascii_marks(doc, key)
        return cls(_forms(marks), _wide(marks, key))


#: An ASCII character that is no letter or digit: what :func:`~corrector.chars.is_punct` says of
#: ASCII, found by one regular expression instead of a call per character of the key.
ASCII_MARK = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]")


def _ascii_marks(doc: Document, key: Key) -> list[tuple[str, str]]:
    """Each ASCII mark of the key (the folded form) with what the document prints there."""
    text, pos = doc.text, key.pos
    return [(m.group(), text[pos[m.start()]]) for m in ASCII_MARK.finditer(key.text)]


def _forms(marks: list[tuple[str, str]]) -> dict[str, str]:
    """The form a document most often prints for each folded punctuation mark (e.g. ``,`` → ``，``)."""
    counts: dict[str, Counter] = {}
    for ch, printed in marks:
        counts.setdefault(ch, Counter())[printed] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def _wide(marks: list[tuple[str, str]], key: Key) -> bool:
    """Whether a document's punctuation is mostly full-width (Chinese) rather than ASCII."""
    ascii_marks = sum(1 for _, printed in marks if printed.isascii())
    full = len(marks) - ascii_marks + sum(key.text.count(c) for c in "。、《》「」【】")
    return full >= ascii_marks


def restyle(
    docs: Sequence[Printing],
    target: Printing,
    style: Style,
    cand_text: str,
    support: Sequence[tuple[int, int, int]],
    at: int | None = None,
    left: str = "",
    right: str = "",
) -> list[str]:
    """Characters of a candidate in the target's typography (one per key character).

    In a document whose punctuation is mostly full-width, a mark next to Chinese text is full-width
    whatever the witnesses or the target print elsewhere (an ASCII ; or ( between Han characters is
    the OCR's, not the paper's); between Latin letters or digits it stays as the witness prints it.
    In an ASCII document a mark takes the form the target prints most.  A straight quote becomes
    “ or ” by the count of quotes before ``at`` (an original offset) in its paragraph.

    Args:
        docs: Every document, by index (the witnesses in ``support`` are read from them).
        target: The document the candidate goes into, and ``style`` its :class:`Style`.
        support: ``(document index, key start, key end)`` of the witnesses reading the candidate.
        left, right: Key context just before and after the hunk.
    """
    chars: list[str] | None = None
    for w, ws, we in support:
        src = docs[w]
        raw = [src.doc.text[int(src.key.pos[i])] for i in range(ws, we)]
        if "".join(fold_char(c) for c in raw) == cand_text:
            chars = raw
            break
    if chars is None:
        chars = list(cand_text)
    wide = style.wide
    ctx = left[-1:] + cand_text + right[:1]
    base = len(left[-1:])
    quotes = None
    out = []
    for j, c in enumerate(chars):
        f = fold_char(c) or c
        if f in "\"'" and wide and at is not None:
            if quotes is None:
                text = target.doc.text
                para = text[text.rfind("\n", 0, at) + 1:at]
                quotes = {'"': sum(para.count(q) for q in '"“”'), "'": sum(para.count(q) for q in "'‘’")}
            pair = "“”" if f == '"' else "‘’"
            out.append(pair[quotes[f] % 2])
            quotes[f] += 1
        elif f.isascii() and is_punct(f):
            if not wide:
                out.append(style.forms.get(f, c))
                continue
            k = base + j
            latin = k > 0 and k + 1 < len(ctx) and is_latin(ctx[k - 1]) and is_latin(ctx[k + 1])
            convertible = "!" <= f <= "~" and f not in ".-/%#&*+=@_~^`|\\<>"
            out.append(chr(ord(f) + 0xFEE0) if convertible and not latin else c)
        else:
            out.append(c)
    return out


def new_text(target: Printing, s: int, e: int, own: str, new_chars: list[str]) -> tuple[int, int, str, str]:
    """Original offsets, old text and new text, keeping the target's whitespace and unchanged characters."""
    key, text = target.key, target.doc.text
    start, end = key.to_original(s, e, len(text))
    old = text[start:end]
    if s == e:
        if new_chars and new_chars[0] in OPENING and s < len(key.pos):
            # an opening mark belongs to the text that follows a line break, not to the line before it
            start = end = int(key.pos[s])
        return start, end, "", "".join(new_chars)
    # Slot k = key character s+k plus the whitespace that follows it inside the hunk.
    slots = []
    for k in range(s, e):
        a = int(key.pos[k])
        b = int(key.pos[k + 1]) if k + 1 < e else end
        slots.append((text[a:int(key.pos[k]) + 1], text[a + 1:b]))
    new_key = "".join(fold_char(c) or c for c in new_chars)
    out: list[str] = []
    for op in Levenshtein.opcodes(own, new_key):
        if op.tag == "equal":
            for k in range(op.src_start, op.src_end):
                out.append(slots[k][0] + slots[k][1])
        else:
            out.extend(new_chars[op.dest_start:op.dest_end])
            for k in range(op.src_start, op.src_end):
                out.append(slots[k][1])
    return start, end, old, "".join(out)


#: A bracket right after a backslash is an escape, not half of a pair: groff's \(lq and \(rq (the
#: quotes of man pages), a regular expression's \( and \).  On the tuning builds (real OCR of the
#: training text's part 2 added) the changes the bracket rule held that put back such an escape (a
#: man page's \(lq read as NIlq) were 5, all right.
ESCAPE = "\\"


def imbalance(text: str) -> int:
    """Unpaired brackets in ``text``, full- and half-width forms of a pair counted together.

    Quotation marks are left out: OCR straightens and drops them, and a quotation may run over
    several paragraphs.  A bracket right after :data:`ESCAPE` is not counted.
    """
    if ESCAPE in text:
        text = "".join(ch for i, ch in enumerate(text) if not (i and text[i - 1] == ESCAPE and ch in BRACKETS))
    return sum(abs(sum(text.count(c) for c in opening) - sum(text.count(c) for c in closing)) for opening, closing in PAIRS)


def unbalances(text: str, start: int, end: int, new: str) -> bool:
    """Whether replacing ``text[start:end]`` by ``new`` leaves more brackets unpaired in its paragraph."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    return imbalance(text[a:start] + new + text[end:b]) > imbalance(text[a:b])

