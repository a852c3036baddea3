"""The particles tesseract adds to Chinese text: 和 and 了 doubled (裁切和和矩形, 上手了了), and 和
opening a clause before a conjunction (。和否则).

tesseract's Chinese model reads specks, rules and line starts as its commonest characters, 和 and 了
above all: the training text's real-OCR pages (``python -m bench.ocr.missed --text train``) carry 16
and 18 such inserted characters in parts 0 and 1.  Most of them the language cannot tell from text
(和 joins nearly any two nouns), but two shapes it rejects outright, and those are what this
detector flags:

- a doubled 和 or 了 that stands inside no word (:func:`find_doubled`; the rule is
  :func:`corrector.particles.inside_no_word`, which the collation's language evidence asks too): a
  conjunction or an aspect particle is not said twice.  The pair is the text's where the second copy
  starts a word (发展和|和平, 为了|了解), the first ends one (温和|和, 为了|了), or a longer word holds
  both (不甚了了, 和和美美): the dictionary says which.  The doubled-character detector
  (:mod:`.doubled`) does not take these: it wants a word of two or more characters either side.
- 和 right after a clause mark and right before a conjunction that opens a clause (。和否则,
  ，和否则): 和 joins words, never a clause to a conjunction (:func:`find_and_before_conjunction`).

On the training and news tuning pages (parts 0 and 1, each page alone, real OCR): doubled, 9 right
and 1 neutral (功能了了只是: the OCR read a comma as the second 了); 和 before a conjunction, 9 right
(8 before 否则); none in the gold text of those pages, and neither shape anywhere in the training
and news tuning texts (1 MB: 和和 and 了了 0 times, 和 before one of :data:`CONJUNCTIONS` 0 times).
"""

from __future__ import annotations

from ..particles import PARTICLES, inside_no_word
from .evidence import Evidence, Text, proposal
from .lexicon import Lexicon

NAME_DOUBLED = "doubled particle"
NAME_AND = "和 before conjunction"

#: The conjunction tesseract adds at a clause's start.
AND = "和"
#: Marks that end a clause (in key form: full-width commas and colons read as ASCII): 和 right after
#: one opens the clause.
CLAUSE_MARKS = "。,;:!?，；：！？"
#: Conjunctions that open a clause and never follow 和 there.  Left out: words that are also
#: determiners or verbs after 和 (另外两个, 只有一个), 截至 (和截至去年相比), 并且 (the training text
#: prints 和并且 once) and the one-character 但 (和但丁).
CONJUNCTIONS = ("否则", "但是", "因此", "所以", "然而", "如果", "虽然", "即使", "而且", "因为", "于是", "然后",
                "那么", "不过", "可是", "除非", "无论", "不管", "尽管", "假如", "要是", "倘若", "总之", "此外")
#: Confidence of either flag: 9 right of 10 and 9 of 9 on the tuning pages.
CONFIDENCE = 0.85


def _free(text: Text, lexicon: Lexicon, i: int, n: int) -> bool:
    """Whether key characters ``[i, i + n)`` may take a flag: on one line, not settled, not a name."""
    if not text.contiguous(i, i + n):
        return False
    if text.settled is not None and text.settled[i:i + n].any():
        return False
    return not text.names(lexicon)[i:i + n].any()


def find_doubled(text: Text, ev: Evidence, lexicon: Lexicon) -> list:
    k = text.k
    words = lexicon.words
    out = []
    for ch in PARTICLES:
        i = k.find(ch + ch)
        while i >= 0:
            if inside_no_word(k, i, lambda w: w in words[len(w)], ev.dictionary.word_freq) and _free(text, lexicon, i, 2):
                out.append(proposal(text, i + 1, i + 2, "", CONFIDENCE,
                                    f"suspect added {ch}: {ch}{ch} stands inside no word (tesseract adds {ch})"))
            i = k.find(ch + ch, i + 2)
    return out


def find_and_before_conjunction(text: Text, ev: Evidence, lexicon: Lexicon) -> list:
    k = text.k
    out = []
    i = k.find(AND)
    while i >= 0:
        after = next((c for c in CONJUNCTIONS if k.startswith(c, i + 1)), None)
        if after and (i == 0 or k[i - 1] in CLAUSE_MARKS) and _free(text, lexicon, i, 1 + len(after)):
            out.append(proposal(text, i, i + 1, "", CONFIDENCE,
                                f"suspect added 和: 和 opens a clause before the conjunction {after} "
                                "(tesseract adds 和)"))
        i = k.find(AND, i + 1)
    return out
