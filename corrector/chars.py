"""Character classes: one definition each of a Han character, a letter, a punctuation mark, a Latin letter or digit."""

from __future__ import annotations

import re
import unicodedata

import numpy as np

#: Code-point ranges of Han characters: the unified ideographs (U+4E00..U+9FFF), extension A
#: (U+3400..U+4DBF), the supplementary planes' extensions and compatibility supplement
#: (U+20000..U+2FA1F) and the compatibility ideographs (U+F900..U+FAFF).
HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2FA1F), (0xF900, 0xFAFF))
#: A run of Han characters (exactly the characters :func:`is_han` accepts).
HAN_RUN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_RANGES) + "]+")
#: ASCII digits.
DIGITS = frozenset("0123456789")
#: Latin letters one stroke wide, which OCR drops from a word (Shif for Shift, ist for list, unti for
#: until) far more often than it adds one (the others, s, e, r, make other words: file/files, use/user).
THIN_LETTERS = "lift"


def is_han(ch: str) -> bool:
    """A Han character (see :data:`HAN_RANGES`; the ranges are spelt out here for speed, and a test checks they agree)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F or 0xF900 <= o <= 0xFAFF


def is_letter(ch: str) -> bool:
    """A letter or digit of any script, Han included (Unicode categories L and N)."""
    return unicodedata.category(ch)[0] in "LN"


def is_punct(ch: str) -> bool:
    """Punctuation or symbol: anything that is not a letter, digit or Han character (``not`` :func:`is_letter`)."""
    return unicodedata.category(ch)[0] not in "LN"


def is_latin(ch: str) -> bool:
    """An ASCII letter or digit."""
    return ch.isascii() and ch.isalnum()


def letter_mask(key: str) -> np.ndarray:
    """Boolean array: which characters of ``key`` are letters or digits (:func:`is_letter`)."""
    cps = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32)
    # Fast path: CJK unified ideographs and ASCII alphanumerics; everything else asks unicodedata.
    mask = ((cps >= 0x4E00) & (cps <= 0x9FFF)) | ((cps >= 0x30) & (cps <= 0x39)) | (
        ((cps | 0x20) >= 0x61) & ((cps | 0x20) <= 0x7A)
    )
    for i in np.nonzero(~mask & (cps >= 0x80))[0]:
        mask[i] = is_letter(key[i])
    return mask


#: Marks that end a sentence (a line after one of them, or after a closing mark, starts a paragraph).
SENTENCE_END = frozenset("。！？!?…")
#: Closing quotation marks and brackets.
CLOSING = frozenset("”’」』）)")


#: ASCII symbols that a wire story prints only by accident but technical text types on purpose
#: (`-list', $HOME, a_b, {a,b}); OCR engines keep or drop them by habit, one engine the same way
#: on every printing it reads (on the training OCR the three RapidOCR printings of a page all lost
#: the backquotes the two Tesseract printings kept).
CODE_SYMBOLS = frozenset("`'_{}^\\|~<>[]@#$&*+=/")


def latin_token(text: str, start: int, end: int) -> str:
    """The run of ASCII letters and digits in ``text`` that ``[start, end)`` lies in or touches ("" if none)."""
    a, b = start, end
    while a > 0 and is_latin(text[a - 1]):
        a -= 1
    while b < len(text) and is_latin(text[b]):
        b += 1
    return text[a:b] if any(is_latin(c) for c in text[a:b]) else ""


def latin_tokens(left: str, own: str, new: str, right: str) -> tuple[str, str]:
    """The Latin tokens (:func:`latin_token`) the change ``own`` → ``new`` lies in, between ``left`` and
    ``right``: the target's and the change's."""
    at = len(left)
    return latin_token(left + own + right, at, at + len(own)), latin_token(left + new + right, at, at + len(new))
