"""Style.of (the target's punctuation forms) against a slow reference: one call per character of the key."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from corrector.chars import is_punct
from corrector.ingest import make_key
from corrector.typography import Style

from .conftest import make_doc


def reference_style(text: str) -> Style:
    """The style as first written: every key character asked ``isascii() and is_punct()``."""
    doc, key = make_doc("a.txt", text), make_key(text)
    counts: dict[str, Counter] = {}
    for i, ch in enumerate(key.text):
        if ch.isascii() and is_punct(ch):
            counts.setdefault(ch, Counter())[doc.text[key.pos[i]]] += 1
    forms = {k: c.most_common(1)[0][0] for k, c in counts.items()}
    ascii_marks = sum(1 for i, ch in enumerate(key.text) if ch.isascii() and is_punct(ch) and doc.text[key.pos[i]].isascii())
    full = sum(1 for ch in key.text if ch.isascii() and is_punct(ch)) - ascii_marks
    full += sum(1 for ch in key.text if ch in "。、《》「」【】")
    return Style(forms, full >= ascii_marks)


ALPHABET = "，。、；：？！“”‘’（）《》「」【】—…·,.;:?!\"'()[]{}<>-_=+*&^%$#@~`|\\/ \n\tabcXYZ019甲乙丙全角ＡＢ１２（）"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_style_matches_the_reference(text):
    got = Style.of(make_doc("a.txt", text), make_key(text))
    assert got == reference_style(text)


def test_style_examples():
    # checked by hand: a Chinese page prints full-width marks; an ASCII page prints ASCII ones
    wide = Style.of(make_doc("a.txt", "他说：“好”，我们走了。"), make_key("他说：“好”，我们走了。"))
    assert wide.wide and wide.forms[","] == "，" and wide.forms[":"] == "："
    narrow = Style.of(make_doc("b.txt", "a, b; c: d."), make_key("a, b; c: d."))
    assert not narrow.wide and narrow.forms == {",": ",", ";": ";", ":": ":", ".": "."}
