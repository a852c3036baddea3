"""Marks the OCR misread or invented: □ read as 口 before a dateline or byline, stray marks, garbage runs."""

from __future__ import annotations

import re

from .evidence import Evidence, Text, flag

NAME_BOX = "box"
NAME_MARK = "stray mark"
NAME_GARBAGE = "garbage"
NAME_STAR = "star"
NAME_STROKE = "stroke letter"
NAME_EQUALS = "equals"
NAME_DOLLAR = "dollar"
NAME_SLASH = "slash"

#: Words that open a dateline or byline, which papers set after a □ or ■ (□本报讯, □新华社北京电).
#: A 口 at the start of a paragraph right before one is that box read as the character 口.
BYLINE_OPENERS = ("本报", "新华社", "中新社", "人民日报", "记者", "通讯员", "本刊", "特约", "央视", "据新华社")
#: The box papers print there (what the candidate writes).
BOX = "□"
#: Confidence of a box flag: the rule fits only where 口 cannot start a sentence (口本报 is no word).
BOX_CONFIDENCE = 0.9

#: Conjunctions after which an enumeration comma cannot stand (和、 is a speck read as a mark), unless
#: the conjunction ends a word (参与、 总和、 以及 are words; the dictionary says which).
CONJUNCTIONS = ("和", "与", "及", "或")
#: Confidence of a mark after a conjunction and of a doubled separator.
MARK_CONFIDENCE = 0.85

#: Characters an OCR makes of specks, rules and column gutters; a short run of them between two Han
#: characters is never text.  Letters and digits are left alone (A股, 5G, 第3), and so are ^ and `,
#: which technical prose writes between Chinese words (^C 控制符, `命令`).  The run must split a word (the
#: characters on either side make a dictionary word: 中|国): technical prose writes these marks
#: between words as themselves (以|分隔的列表, 如果\和新行符, @和_表示): on the training pages of
#: part 1, 14 such in the gold text and 7 in the OCR, none an error.
GARBAGE = "|¦\\_~"
GARBAGE_CONFIDENCE = 0.9

#: What a lone * between two Han characters stands for: tesseract reads a small 。 so.  Chinese prose
#: prints no * there (Markdown bold is a pair, **, and never between two Han characters of one
#: word).  On the training OCR pages (``python -m bench.ocr.single --text train``): 13 such stars and
#: none in the gold text; 。 in place of each lowered the distance to gold all 13 times.  A star that
#: ends a line after a Han character, the paragraph going on in the next line with a Han character or
#: a letter, is the same full stop at a line end (tesseract: 22 on the training pages of parts 0 and
#: 1, none in their gold text; a footnote's star opens its note, and a blank line ends a paragraph).
#: Inside a line the full stop also stands after a per cent sign or a closing quote and before a
#: quote or a title mark (18.5%*市统计局, 一公里”*截至, 两千根*”, 机制*《条例》): :data:`STAR_BEFORE`,
#: :data:`STAR_AFTER`; on the training and news tuning pages (parts 0 and 1) 5 such, all right, none in
#: the gold text (whose stars are quoted: '*', "*", or between letters: u*x).
STAR_READING = "。"
#: What a full stop read as * follows inside a line, besides a Han character: a per cent sign, a
#: full-width closing quote (an ASCII quote may open or close: '*' names the star itself).
STAR_BEFORE = "%％”’」』"
#: What it precedes inside a line, besides a Han character: a full-width quote or a title mark.
STAR_AFTER = "“”‘’「」『』《"
#: Confidence of a star flag: 13 of 13 right on the training pages, (13 + 1) / (13 + 2) rounded down.
STAR_CONFIDENCE = 0.9

#: Latin letters that are one upright stroke: an OCR reads a speck or a stroke between two Han
#: characters as one of them (引I入 for 引入).  Other letters between Han characters are usually
#: text (按F然后N来新建: keys; A股).
STROKES = "Iil"
#: Confidence of a stroke-letter flag: on the training OCR pages 2 of 2 right (引I入 in two printings),
#: none in their gold text; the two Han characters must make a dictionary word without it.
STROKE_CONFIDENCE = 0.8

#: What a lone = between two Han characters stands for: tesseract reads a small 。 so (有损压缩=丢失,
#: 恢复=是怎样 on the training OCR pages of parts 0 and 1).  Technical prose writes = between names
#: and values (VAR=VALUE, 属性=值): the training text (1.0 M characters) has one = between two Han
#: characters.  An = with another within :data:`EQUALS_REACH` characters is an operator of code
#: (==和!=, read ==和二=), not a full stop.
EQUALS_READING = "。"
#: Characters on each side of an = in which another = makes it code.
EQUALS_REACH = 4
#: An = that ends a line after a Han character, the paragraph going on in the next line, is the same
#: full stop at a line end (本地昵称=⏎原始文件: 4 on the training OCR pages of parts 0 and 1, all right;
#: none in their gold text nor in the training text, 1.0 M characters).
#: Confidence of an equals flag: 5 of 5 right on the training OCR pages of parts 0 and 1 (6 of 6
#: before the reach rule took out ==和二=), none in their gold text.
EQUALS_CONFIDENCE = 0.8

#: What shell syntax follows a $ (${VAR}, $(cmd), $'str', $@, $_, $[expr]): RapidOCR reads that $ as
#: S (S{不被认, S'str, "S@", S_扩展 on the training OCR pages).  A word S is never followed by these
#: (the training text has none, and 12 $ so).
SHELL_AFTER_DOLLAR = "{('@_["
#: Confidence of a dollar flag (8 of 8 right on the training OCR pages of parts 0 and 1, none in
#: their gold text).
DOLLAR_CONFIDENCE = 0.85

#: Top folders of a Unix file system: a V right before one of them and a / opens a path whose first
#: / tesseract read as V (Vetc/locale.conf), as after a URL's scheme (http:V/www.gnu.org).  Not after
#: a letter or digit (230V/110V is a voltage).
ROOT_FOLDERS = ("bin", "boot", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run", "sbin",
                "srv", "sys", "tmp", "usr", "var")
#: Confidence of a slash flag (2 of 2 right on the training OCR pages of parts 0 and 1, none in their
#: gold text: a rule of this OCR's, too rare there to measure).
SLASH_CONFIDENCE = 0.8

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# Each pattern opens with the character it is about and checks what stands before it by a lookbehind
# after it: a pattern that opens with a lookbehind is tried at every position of the text (about a
# millisecond a page each), one that opens with a character jumps from one to the next.
_BOX = re.compile("口(?=" + "|".join(BYLINE_OPENERS) + ")")  # only blanks before it in its line (find_box)
#: What may stand before a box in its line.
_BLANKS = " \t\u3000"
_AFTER_CONJ = re.compile("([" + "".join(CONJUNCTIONS) + "])(?<=[" + _HAN + "][" + "".join(CONJUNCTIONS) + "])(、)(?=["
                         + _HAN + "])")
_DOUBLED_SEP = re.compile(r"([，。；：、])\1+|([,;])(?<=[" + _HAN + r"][,;])\2+")
#: The separators _DOUBLED_SEP finds doubled: a text with no two of one together is not searched (the
#: pattern's two branches, tried at every character, cost more than the seven substring searches).
_SEPARATORS = "，。；：、,;"
_STAR = re.compile(r"\*(?<=[" + _HAN + STAR_BEFORE + r"]\*)(?=[" + _HAN + STAR_AFTER + "]"
                   # or ending a line inside a paragraph, the next line going on in words
                   r"|[ \t]*\n[ \t]*[A-Za-z" + _HAN + "])")
_STROKE = re.compile("([" + STROKES + "])(?<=[" + _HAN + "][" + STROKES + "])(?=[" + _HAN + "])")
_DOLLAR = re.compile("S(?<![A-Za-z0-9]S)(?=[" + re.escape(SHELL_AFTER_DOLLAR) + "])")
_SLASH = re.compile("V(?:(?<![A-Za-z0-9]V)(?=(?:" + "|".join(ROOT_FOLDERS) + ")/)|(?<=[A-Za-z]:V)(?=/))")
_EQUALS = re.compile("=(?<=[" + _HAN + "]=)(?=[" + _HAN + "]"
                     # or ending a line inside a paragraph, the next line going on in words (as a star)
                     r"|[ \t]*\n[ \t]*[A-Za-z" + _HAN + "])")
_GARBAGE = re.compile("(?<=[" + _HAN + "])([" + re.escape(GARBAGE) + "]{1,3})(?=[" + _HAN + "])")


def find_box(text: Text, ev: Evidence) -> list:
    out: list = []
    t = text.original
    for m in _BOX.finditer(t):
        s = m.start()
        if t[t.rfind("\n", 0, s) + 1:s].strip(_BLANKS):
            continue  # not where a paragraph opens
        word = next(w for w in BYLINE_OPENERS if text.original.startswith(w, s + 1))
        out.append(flag(text, s, s + 1, BOX, BOX_CONFIDENCE,
                        f"suspect box read as 口: a paragraph opening 口{word} is a dateline or byline after a □",
                        alternatives=("",)))
    return out


def find_marks(text: Text, ev: Evidence) -> list:
    t = text.original
    out = []
    for m in _AFTER_CONJ.finditer(t):
        before, conj = t[m.start() - 1], m.group(1)
        if ev.dictionary.word_freq(before + conj) or ev.count(before + conj + "、") > 1:
            continue  # 参与、 总和、: the conjunction's character ends a word; or the text writes it so elsewhere
        out.append(flag(text, m.start(2), m.end(2), "", MARK_CONFIDENCE,
                        f"suspect stray mark: {conj}、 (a list comma cannot follow a conjunction)"))
    for m in _DOUBLED_SEP.finditer(t) if any(c + c in t for c in _SEPARATORS) else ():
        out.append(flag(text, m.start() + 1, m.end(), "", MARK_CONFIDENCE,
                        f"suspect stray mark: {m.group(0)} (a separator is never doubled in print)"))
    return out


def find_garbage(text: Text, ev: Evidence) -> list:
    t = text.original
    out: list = []
    if not any(c in t for c in GARBAGE):  # (the pattern opens with a lookbehind)
        return out
    for m in _GARBAGE.finditer(t):
        if not ev.dictionary.word_freq(t[m.start(1) - 1] + t[m.end(1)]):
            continue  # between two words: technical prose names the mark (以|分隔, 如果\和新行符)
        out.append(flag(text, m.start(1), m.end(1), "", GARBAGE_CONFIDENCE,
                        f"suspect OCR garbage: {m.group(1)} between Chinese characters"))
    return out


def find_stars(text: Text, ev: Evidence) -> list:
    return [flag(text, m.start(), m.end(), STAR_READING, STAR_CONFIDENCE,
                 f"suspect full stop read as *: a lone * in Chinese text ({STAR_READING} in print)",
                 alternatives=("", "、"))
            for m in _STAR.finditer(text.original)]


def find_strokes(text: Text, ev: Evidence) -> list:
    t = text.original
    out = []
    for m in _STROKE.finditer(t):
        word = t[m.start() - 1] + t[m.end()]
        if not ev.dictionary.word_freq(word):
            continue  # the letter stands between two words (a key, a grade, a variable): text
        out.append(flag(text, m.start(1), m.end(1), "", STROKE_CONFIDENCE,
                        f"suspect stroke read as a letter: {m.group(1)} splits the word {word}"))
    return out


def find_equals(text: Text, ev: Evidence) -> list:
    t = text.original
    return [flag(text, m.start(), m.end(), EQUALS_READING, EQUALS_CONFIDENCE,
                 f"suspect full stop read as =: a lone = between Chinese characters ({EQUALS_READING} in print)",
                 alternatives=("",))
            for m in _EQUALS.finditer(t)
            if "=" not in t[max(0, m.start() - EQUALS_REACH):m.start()] + t[m.end():m.end() + EQUALS_REACH]]



def find_dollars(text: Text, ev: Evidence) -> list:
    t = text.original
    return [flag(text, m.start(), m.end(), "$", DOLLAR_CONFIDENCE,
                 f"suspect $ read as S: S{t[m.end()]} is shell syntax that follows a $")
            for m in _DOLLAR.finditer(t)]


def find_slashes(text: Text, ev: Evidence) -> list:
    t = text.original
    return [flag(text, m.start(), m.end(), "/", SLASH_CONFIDENCE,
                 f"suspect / read as V: {t[m.start():m.end() + 5]}... opens a path or follows a URL's scheme")
            for m in _SLASH.finditer(t)]
