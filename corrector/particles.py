"""Doubled particles: 和和 and 了了 standing inside no word, which tesseract makes and no grammar does.

tesseract's Chinese model reads specks, rules and line starts as its commonest characters, 和 and 了
above all, and sometimes sets one right beside the printed one (裁切和和矩形, 上手了了, 硬性和和柔性).
A conjunction or an aspect particle is not said twice: the pair is the text's only where the second
copy starts a word (发展和|和平, 为了|了解), the first ends one (温和|和, 为了|了), or a longer entry
holds both (不甚了了, 和和美美).  In the training and news tuning texts (1 MB of clean prose) the
shape occurs 0 times.

One rule, asked by the single-witness flag *doubled particle* (:mod:`corrector.suspects.stray_particles`)
and by the collation's language evidence (:meth:`corrector.language.LanguageEvidence.score` charges
a reading that makes such a pair :data:`~corrector.language.TYPO_PENALTY` and takes no corpus evidence
from it: where one engine read it in two printings, the corpus counts its habit, not text printed
elsewhere).
"""

from __future__ import annotations

from typing import Callable

#: The characters tesseract adds that no grammar doubles: the conjunction 和 and the particle 了.
PARTICLES = "和了"
#: The longest word looked for around a pair (the dictionary's words that matter here are 2-4 long).
LONGEST = 4
#: The pairs, for a quick test of whether a text holds any.
PAIRS = tuple(ch + ch for ch in PARTICLES)


def inside_no_word(text: str, i: int, is_word: Callable[[str], bool], freq: Callable[[str], int]) -> bool:
    """Whether ``text[i] text[i + 1]`` (the same particle twice) stands inside no word.

    The second copy starts no word and the first ends none (``is_word``: a dictionary word of two to
    :data:`LONGEST` characters), and no dictionary entry of three or more characters holds both
    (``freq``: the dictionary's frequency, rare entries too: 和和美美 has 2).
    """
    if any(is_word(text[i + 1:i + 1 + n]) for n in range(2, LONGEST + 1) if i + 1 + n <= len(text)):
        return False  # 发展和|和平, 为了|了解
    if any(is_word(text[i + 1 - n:i + 1]) for n in range(2, LONGEST + 1) if i + 1 - n >= 0):
        return False  # 温和|和, 为了|了
    return not any(s >= 0 and s + n <= len(text) and freq(text[s:s + n]) for n in range(3, LONGEST + 1)
                   for s in range(i + 2 - n, i + 1))


def doubled_at(text: str, is_word: Callable[[str], bool], freq: Callable[[str], int]) -> list[int]:
    """The positions ``i`` of every doubled particle of ``text`` that stands inside no word (:func:`inside_no_word`)."""
    out = []
    for pair in PAIRS:
        i = text.find(pair)
        while i >= 0:
            if inside_no_word(text, i, is_word, freq):
                out.append(i)
            i = text.find(pair, i + 2)
    return sorted(out)
