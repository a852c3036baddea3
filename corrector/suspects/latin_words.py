"""A Latin word misread where the input prints it intact elsewhere (she11 → shell, TcI → Tcl, Shif → Shift).

Chinese text carries English names of programs, keys and menus, and OCR engines trained on Chinese
misread them in two ways: a thin l read as the digit 1 or the capital I (she11, Tc1, PerI, 1ist),
and a thin letter dropped (Shif for Shift, shel for shell, unti for until).  Neither reading is a
word, but nothing in a Chinese dictionary says so.  The input itself does: the same word printed
intact elsewhere (any article, any printing), or misread another way that points at the same word
(she11 and shel1 are both shell).

- A look-alike reading is flagged where the word with every 1 or I that touches a lower-case letter
  read as l (:func:`as_letters`) occurs elsewhere in the input under another spelling (the intact
  word, or another misreading of it), case aside.  Codes keep their digits unless the input prints
  the same code with letters: iPhone11 stays, there being no iPhonell anywhere.
- A dropped letter is restored where the word with one of :data:`THIN` put back occurs elsewhere
  at least :data:`MIN_INTACT` times and at least as often as the short form (a word the text uses
  on its own, as often as the longer one, is a word: for/fort).
- A word printed once that differs by one letter from a word the input prints at least
  :data:`MIN_INTACT` times (GINP for GIMP, optiom for option, shejl for shell), or holds one letter
  more (GIMBP, MotifE), is read as that word (:func:`_misread`): letters only, at least
  :data:`MIN_MISREAD_LEN` of them, and only where one word fits.
- A word where a key is named (before 键, or joined to another key by +) that is a key's name
  (:data:`KEY_NAMES`) with one of :data:`THIN` dropped is that key (Shif键 → Shift键), the input
  printing the name or not: key names are a closed set.  So is one read with I or 1 for its l there
  (AIt+F → Alt+F).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from ..chars import THIN_LETTERS
from .evidence import Evidence, Text, flag

NAME = "latin word"
#: Letters an OCR drops from a Latin word: the thin ones, one stroke wide (Shif for Shift, shel for
#: shell, unti for until, Opton for Option; :data:`corrector.chars.THIN_LETTERS`, which the collation's
#: rule *thin letter kept* uses too).
THIN = THIN_LETTERS
#: Occurrences the intact word must have elsewhere for a dropped letter to be restored.
MIN_INTACT = 2
#: Shortest word (letters) whose dropped letter is restored: shorter ones are too often other words.
MIN_DROPPED_LEN = 3
#: Shortest word (letters) read as a one-letter misreading of another (:func:`_misread`): among
#: shorter ones, two words one letter apart are common (ace/ade, GIF/GIE).
MIN_MISREAD_LEN = 4
#: Most times the input may print a word taken for a misreading: a misreading falls at random.  On
#: the training and news tuning pages (parts 0 and 1, each page alone), words printed once and one
#: letter from a word printed twice or more: 8 right (GINP → GIMP 2, GIMF, optiom, cption, shejl,
#: sheli, shelt), none wrong, none on the gold text; one letter more: 4 right (GINMP, GIMBP, GIMPB,
#: MotifE), 2 neutral (Motift, pvar); with digits in the word 3 right against 40 wrong (expr3 →
#: expr2, GIMP1 → GIMP2: numbered names), and a word printed once elsewhere as evidence 15 right
#: against 13 wrong and 17 false alarms on the gold text (ace/ade, null/full).  A letter more at a
#: word's start is no misreading: on the clean held-out prose (``--clean``) the rule's first form took
#: fdisk, CMake and XEmacs for disk, Make and Emacs (a letter before a program's name names another).
MAX_MISREAD = 1
#: A letter the input adds at a word's end that makes the plural (lists, modems) is no misreading.
PLURAL = "s"
#: The names of keys on a keyboard, a closed set that technical prose prints before 键 or in
#: combinations (Ctrl+C, Shift键).  A Latin word in such a place (:func:`_key_place`) that is a key's
#: name with a thin letter (:data:`THIN`) dropped is that key even where the input prints the name
#: nowhere intact: on the training pages (part 0, each page alone) rapidocr read Shift as Shif 12
#: times in one page, which printed no Shift (the input-wide rule above had no evidence there); none
#: in the gold text, which prints 38 key names in such places.
KEY_NAMES = frozenset({"Shift", "Ctrl", "Alt", "Tab", "Enter", "Esc", "Space", "Home", "End", "Delete", "Insert",
                       "Backspace", "Return", "PageUp", "PageDown", "CapsLock", "Meta", "Super", "Control",
                       "Option", "Command", "Print", "Pause"})
#: What follows a key's name in Chinese text (Shift键) and what joins keys in a combination (Ctrl+C).
KEY_WORD = "键"
KEY_JOIN = "+"
#: Confidence of a key-name flag.
KEY_CONFIDENCE = 0.8
#: Confidence of a misread-letter flag.
MISREAD_CONFIDENCE = 0.8
#: Confidence of a look-alike flag: the intact word is printed elsewhere in the input.
CONFIDENCE = 0.85
#: Confidence of a dropped-letter flag (the short form may be a word the input uses too).
DROPPED_CONFIDENCE = 0.75

_TOKEN = re.compile(r"[A-Za-z0-9]+")
# a run of 1 or I touching a lower-case letter on either side
_THIN_RUN = re.compile(r"(?<=[a-z])[1I]+|[1I]+(?=[a-z])")


def as_letters(token: str) -> str:
    """``token`` with every run of 1 or I that touches a lower-case letter read as l (she11 → shell)."""
    return _THIN_RUN.sub(lambda m: "l" * len(m.group()), token)


class LatinWords:
    """The Latin words (runs of ASCII letters and digits) of the whole input, counted."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.count: Counter = Counter()
        for t in texts:
            self.count.update(_TOKEN.findall(t))
        #: The lower-case :func:`as_letters` reading -> the spellings that read so, with their counts.
        self.readings: dict[str, Counter] = defaultdict(Counter)
        self.lower: Counter = Counter()
        for w, n in self.count.items():
            self.readings[as_letters(w).lower()][w] += n
            self.lower[w.lower()] += n
        #: The input's commonest spelling of each lower-case word.
        self.spelling: dict[str, str] = {}
        for w, _ in self.count.most_common():
            self.spelling.setdefault(w.lower(), w)
        self._patterns: dict[str, set[str]] | None = None

    def one_letter_from(self, token: str) -> set[str]:
        """The lower-case words printed :data:`MIN_INTACT` times or more that differ from ``token`` in one
        letter (case aside)."""
        if self._patterns is None:
            self._patterns = defaultdict(set)
            for w, n in self.lower.items():
                if n >= MIN_INTACT and len(w) >= MIN_MISREAD_LEN and w.isascii() and w.isalpha():
                    for j in range(len(w)):
                        self._patterns[w[:j] + "?" + w[j + 1:]].add(w)
        low = token.lower()
        return {w for j in range(len(low)) for w in self._patterns.get(low[:j] + "?" + low[j + 1:], ()) if w != low}

    def others(self, token: str) -> int:
        """Occurrences of other spellings that read as ``token`` does (:func:`as_letters`, case aside)."""
        spellings = self.readings.get(as_letters(token).lower(), Counter())
        return sum(n for w, n in spellings.items() if w != token)


def find(text: Text, ev: Evidence) -> list:
    words = ev.latin if ev.latin is not None else LatinWords([text.original])
    t = text.original
    out = []
    for m in _TOKEN.finditer(t):
        token = m.group()
        read = as_letters(token)
        if read != token:
            support = words.others(token)
            named_key = read.lower() in _KEYS_LOWER and _key_place(t, m.start(), m.end())
            if support or named_key:
                why = (f"which the input prints {support} time(s) elsewhere" if support
                       else "a key's name, where a key is named")
                for r in _THIN_RUN.finditer(token):
                    s = m.start() + r.start()
                    out.append(flag(text, s, s + len(r.group()), "l" * len(r.group()), CONFIDENCE,
                                    f"suspect l read as {r.group()}: {token} reads {read}, {why}"))
            continue
        if len(token) < MIN_DROPPED_LEN or not token.isalpha():
            continue
        best = _restored(token, words)
        if best is not None:
            j, x, n = best
            s = m.start() + j
            out.append(flag(text, s, s, x, DROPPED_CONFIDENCE,
                            f"suspect dropped letter: {token} reads {token[:j] + x + token[j:]}, which the "
                            f"input prints {n} time(s)"))
            continue
        key = _key_restored(token) if _key_place(t, m.start(), m.end()) else None
        if key is not None:
            j, x, name = key
            s = m.start() + j
            out.append(flag(text, s, s, x, KEY_CONFIDENCE,
                            f"suspect dropped letter: {token} stands where a key is named and reads {name}"))
            continue
        misread = _misread(token, words)
        if misread is not None:
            j, old, new, word = misread
            s = m.start() + j
            what = f"{old} read for {new}" if new else f"{old} added"
            out.append(flag(text, s, s + len(old), new, MISREAD_CONFIDENCE,
                            f"suspect misread letter: {what}: {token} is printed once, {word} "
                            f"{words.lower[word.lower()]} times"))
    return out


def _misread(token: str, words: LatinWords) -> tuple[int, str, str, str] | None:
    """Where ``token`` is a misreading of the one word the input prints :data:`MIN_INTACT` times or
    more that differs from it by one letter, or by one letter more in ``token``: ``(offset, the
    token's letter, the word's letter or "" for a deletion, the word as the input spells it)``."""
    if len(token) < MIN_MISREAD_LEN or not (token.isascii() and token.isalpha()):
        return None
    low = token.lower()
    if words.lower[low] > MAX_MISREAD:
        return None
    found = [(j, w) for w in words.one_letter_from(token) for j in range(len(low)) if low[j] != w[j]]
    for j in range(1, len(low)):  # not the first letter: a letter before a name names another (fdisk, CMake, XEmacs)
        shorter = low[:j] + low[j + 1:]
        if words.lower[shorter] >= MIN_INTACT and len(shorter) >= MIN_MISREAD_LEN and not (
                j == len(low) - 1 and low[j] == PLURAL):
            found.append((j, shorter))
    if len({w for _, w in found}) != 1:
        return None  # no word, or more than one fits
    j, w = found[0]
    spelled = words.spelling[w]
    if len(w) == len(low):
        return j, token[j], spelled[j], spelled
    j = next(i for i in range(1, len(low)) if low[:i] + low[i + 1:] == w)  # the first letter whose deletion gives it
    return j, token[j], "", spelled


def _key_place(t: str, start: int, end: int) -> bool:
    """Whether ``t[start:end]`` stands where a key is named: before 键, or joined to another key by +."""
    return t.startswith(KEY_WORD, end) or t.startswith(KEY_JOIN, end) or (start > 0 and t[start - 1] == KEY_JOIN)


_KEYS_LOWER = {k.lower(): k for k in KEY_NAMES}


def _key_restored(token: str) -> tuple[int, str, str] | None:
    """Where and which thin letter put back makes ``token`` the name of one key (:data:`KEY_NAMES`,
    case aside): ``(offset, letter as the name spells it, the name)``; None if it is a name already or
    no name fits."""
    low = token.lower()
    if len(low) < MIN_DROPPED_LEN or low in _KEYS_LOWER:
        return None
    found = {(j, _KEYS_LOWER[low[:j] + x + low[j:]]) for j in range(len(low) + 1) for x in THIN
             if low[:j] + x + low[j:] in _KEYS_LOWER}
    if not found:
        return None
    j, name = min(found)  # no two names differ by one thin letter: one name fits (Shif: Shift at 4)
    return j, name[j].upper() if token.isupper() else name[j], name


def _restored(token: str, words: LatinWords) -> tuple[int, str, int] | None:
    """Where and which thin letter put back makes the word the input prints most (at least
    :data:`MIN_INTACT` times and as often as ``token`` itself): ``(offset, letter, count)``."""
    own = words.lower[token.lower()]
    best = None
    for j in range(len(token) + 1):
        for x in THIN:
            if x.islower() and j and token[j - 1].isupper() and (j == len(token) or token[j].isupper()):
                continue  # a lower-case letter inside capitals (GIMP): not that word's letter
            n = words.lower[(token[:j] + x + token[j:]).lower()]
            if n >= MIN_INTACT and n >= own and (best is None or n > best[2]):
                best = (j, x, n)
    return best
