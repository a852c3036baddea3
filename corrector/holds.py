"""Holds: the hard rules that keep an OCR fix for an editor, whoever decides (the rules or the model).

Each rule looks at one change in its target and, where it holds, caps the proposal's confidence at
:func:`hold_cap` (:data:`HOLD_CAP`, below every bar of auto mode, or :data:`DOUBTED_CONFIDENCE`) and adds its
reason line.  :func:`held` runs them all;
:func:`corrector.proposal.make_proposal` calls it once for every change that is not a variant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .agreement import OUTVOTED, Agreement
from .glyphs import part_of
from .chars import CODE_SYMBOLS, DIGITS, SENTENCE_END, is_han, latin_tokens
from .editorial import difference, inserted_run

if TYPE_CHECKING:
    from .vote import Confusions

#: A change one of these rules holds is shown with at most this confidence: below auto mode's bars, so
#: it waits for an editor.  (Issue 11: "a majority that would replace a fluent reading with one the
#: language evidence rejects is not applied automatically": the first of these rules.)
HOLD_CAP = 0.5
#: Holds that say the target's reading is the text's (a Latin word, a code symbol) or that the place
#: is a scatter of misreadings: where no majority of the printings covering the place reads the
#: change, the change is seldom right, and it says so ...
DOUBTING_HOLDS = frozenset({"Latin word kept", "code symbol kept", "disputed place kept"})
#: ... by stating this confidence instead of :data:`HOLD_CAP`.  On the tuning benches (real OCR of
#: the news and training texts, plain and with editions, k = 2-5) such held changes were 11 right of
#: 195 (6 %: shell -> shel1, a stray ] kept, 狩 -> nothing); at 0.5 they made the 0.50-0.70 band of
#: the training text's reliability table 18 points over-confident.  With a majority the share is
#: higher (Latin words 14 of 18, code symbols 7 of 60 on real OCR, 10 of 10 on the synthetic text),
#: and those keep :data:`HOLD_CAP`.  Since the first two are silenced there (:data:`SILENT_HOLDS`),
#: the changes shown at this confidence are *disputed place kept*'s: on the same benches (session 13,
#: every k) 2 of 84 were right (2.4 %; 66 neutral, 16 wrong), so 0.1 stated them 8 points
#: over-confident in the 0.10-0.30 band of every reliability table (0 of 21, 29, 3 and 4 right on
#: the plain tuning builds).
DOUBTED_CONFIDENCE = 0.02
#: Of those, the holds that say the target's reading is the text's: where no majority reads the
#: change, it is not shown at all (:func:`silenced`).  Real OCR tuning benches: 10 right of 146
#: (Latin words 8 of 97: shell -> shel1 by RapidOCR's 1-for-l in two printings; code symbols 2 of
#: 49: a quote or backquote of a man page two printings dropped); an editor shown them would reject
#: fourteen for every one accepted.  *Disputed place kept* is shown (at :data:`DOUBTED_CONFIDENCE`):
#: its place is misread in the target, only the deletion is not the fix.
SILENT_HOLDS = frozenset({"Latin word kept", "code symbol kept"})
#: Language evidence (weighted nats) against the change from which that rule holds.  On the training
#: text's validation split, at 1 nat it holds back about 0.2 % of the right corrections the model
#: would apply (and a third of the wrong letter changes it would apply); at 0 nats about 0.4 %.
FLUENT_REJECT = 1.0
#: The rule weighs readings of about the same length: a change that adds this many letters or more
#: (text the OCR lost, :func:`corrector.classify.classify`'s *lost text*) is not held back by it.
FLUENT_MAX_GROWTH = 3


def keeps_fluent_reading(own: str, new: str, language_gain: float, own_word: bool = False,
                         majority: bool = False) -> bool:
    """Rule *fluent reading kept*: letters change, the target's reading is fluent, the language evidence is against the change.

    "Fluent": the target's changed letters lie inside dictionary words, or one Han character
    stands for another (住 in 医、食、住、行 is a word of its own).

    Not where a clear ``majority`` reads the change (:attr:`corrector.agreement.Agreement.clear_majority`:
    the target stands alone, three or more printings agree on the change, and they are more than
    half of the others): the language evidence is weighed against the printings' votes, and a word
    the OCR made (远程心志 for 远程心电, 机木 for 桐木, 其 for the name 陈雅琴) is as fluent to the
    dictionary as the one it replaced.  Evidence that rejects the change outright (3 nats,
    :data:`corrector.classify.FLUENT_MARGIN`) still makes it a variant.  The 住/驻 case (two
    printings against one) is held.  (First only where every other printing read the change; with a
    printing or two that misread the place their own way, 3 of 5 against the target: on the tuning
    benches, k = 3-5, plain, editions and synthetic, such holds were 5 right, 1 neutral, 0 wrong.)
    """
    d = difference(own, new)
    co, cn = d.old, d.new
    if majority or not d.old_letters or language_gain > -FLUENT_REJECT:
        return False
    if len(d.new_letters) - len(d.old_letters) >= FLUENT_MAX_GROWTH:
        # every character costs nats: a reading that puts back lost text always scores worse
        return False
    han_for_han = bool(co and cn) and all(is_han(ch) for ch in co + cn)
    return own_word or han_for_han


def digit_into_word(own: str, new: str, left: str, right: str, language_gain: float, own_attested: bool = False) -> bool:
    """Rule *Latin word kept*: the change mixes digits into a word of letters (shell → shel1), or letters into a number.

    OCR confuses 1 and l, 0 and O, 5 and S; a word of letters that another printing reads with a
    digit in it is that printing's confusion, often one engine's habit in several printings (on
    the training OCR, shell → shel1 twice, backed by two printings).  Where the language evidence
    favours the mixed word (ext4, i386 written so elsewhere in the corpus) the rule does not hold,
    unless the target's word of letters is written so elsewhere too (``own_attested``,
    :meth:`corrector.language.CorpusCounts.attested`): then the corpus counts for the mixed word are
    the engine's habit on other printings (shell → shel1 favoured by 1.4 nats because RapidOCR read
    shel1 on three printings of the technical tuning text: 6 wrong, 16 neutral, 10 right where the
    language evidence let such changes through).
    """
    if language_gain > 0 and not own_attested:
        return False
    mine, theirs = latin_tokens(left, own, new, right)
    def mixed(token: str) -> bool:
        # Latin letters only: a change that puts back lost Chinese text with a figure in it
        # (5 → 只要12块钱) mixes nothing (str.isalpha is true of Han characters too)
        return any(ch in DIGITS for ch in token) and any(ch.isascii() and ch.isalpha() for ch in token)

    return bool(mine) and mixed(theirs) and not mixed(mine)


#: Symbols of technical text that OCR reads as a Latin letter or a digit ($USER read as SUSER, } as j),
#: seldom the other way round: the thin strokes (| / l I 1) are left out, which OCR confuses both ways.
LETTER_LIKE_SYMBOLS = frozenset("$\\`{}^~@#&")


def symbol_read_as_letter(old: str, new: str) -> bool:
    """Rule *symbol kept*: the change replaces symbols of :data:`LETTER_LIKE_SYMBOLS` the target prints
    with Latin letters or digits ($ → S, } → j), as the other printings' OCR misreads them.

    On the real-OCR tuning benchmarks (news and training text, plain and with editions, k = 2-5) auto
    applied 3 such changes, all wrong (/var/mail/$USER → SUSER twice, a } read as j; the rule holds
    4, all wrong); the other way round (a letter the target prints that the others read as such a
    symbol) 8 were proposed, all right.
    """
    d = difference(old, new)
    return (bool(d.old) and bool(d.new) and all(ch in LETTER_LIKE_SYMBOLS for ch in d.old)
            and all(ch.isascii() and ch.isalnum() for ch in d.new))


def deletes_code_symbol(old: str, new: str, before: str, after: str) -> bool:
    """Rule *code symbol kept*: the change deletes marks, among them a :data:`~corrector.chars.CODE_SYMBOLS`
    symbol of technical text (`-user', ^Z, \\f3), where that symbol is part of technical text.

    Part of technical text: a character next to the deletion (``before``, ``after``: the target's
    characters just outside it) or one the change keeps is a Latin letter, a digit, an ASCII hyphen
    or another such symbol, or the deletion removes two or more of them (`!' is a quotation of man
    pages).  OCR engines drop these symbols far more often than they invent them: on the training
    OCR benchmarks such deletions were right 3 times and wrong 57 times (each printing and k
    counted), while a lone symbol between Chinese characters is as often noise (13 right, 11 wrong;
    all 131 such deletions right on the noise generator's pages).

    An apostrophe alone with a letter after it (:data:`OPENING_QUOTE`) and another single quote
    within :data:`QUOTE_SPAN` characters (``before`` and ``after`` reach that far) is one of a
    quotation's two marks, in Chinese text as in technical: news OCR reads the printed ‘ ’ of
    现在‘天上看、地上巡、网上答’ as ' in one printing and drops them in others, and `-user' closes
    with one.  On the real-OCR tuning benchmarks (news and training, plain and editions, k = 2-5)
    the deletions of an apostrophe before a letter were 20, all wrong, each with its partner within
    12 characters; the ones before a mark were right (探索'“代建代管: a speck beside the printed
    quote).  An apostrophe with no partner is the noise generator's stray mark (bench.accuracy's
    training text: 8 such deletions at 5 printings, all right, none with a partner within 20).

    An ASCII hyphen is no code symbol, but one that joins two Latin letters or digits (Ctrl-G,
    set-mark, kill-ring: :func:`joins_latin`) is technical text too, and OCR drops it as it drops
    them: on a fresh tuning build (real OCR of the training text's part 2, k = 2-5) such deletions
    were applied 3 times and proposed once more, all wrong; none on the other real-OCR tuning builds
    nor on ``bench.accuracy``'s training text, where the noise generator puts no hyphen between letters.
    So are the letters of an option, right after such a hyphen (-S选项, -o操作符: :func:`deletes_option`),
    which the rule for stray Latin letters in Chinese text would otherwise delete: on the same build 3
    such deletions applied, all wrong; none elsewhere (22 deletions of Latin letters not after a hyphen
    applied on the real-OCR tuning builds, 48 on ``bench.accuracy``'s training text, all right).
    """
    d = difference(old, new)
    if d.new or not d.old:
        return False
    if d.old_letters:
        return deletes_option(old, d.old, before)
    if set(d.old) == {"-"}:
        return joins_latin(old, before, after)
    if not (CODE_SYMBOLS & set(d.old)):
        return False
    if (d.old == OPENING_QUOTE and old.strip() == OPENING_QUOTE and after[:1].isalnum()
            and any(ch in SINGLE_QUOTES for ch in before[-QUOTE_SPAN:] + after[:QUOTE_SPAN])):
        return True
    return (any(_technical(ch) for ch in before[-1:] + after[:1] + new)
            or sum(ch in CODE_SYMBOLS for ch in d.old) >= 2)


#: The mark OCR reads for a printed single quote (‘ ’) and that :func:`deletes_code_symbol` keeps
#: where a letter follows it and a partner stands near.
OPENING_QUOTE = "'"
#: The marks that make a single quotation's other half (the man pages' `-user' opens with a backquote).
SINGLE_QUOTES = frozenset("'`‘’")
#: How far (characters, either side) a partner of the apostrophe is looked for: the real-OCR pairs
#: stood 4 to 12 apart (‘天上看、地上巡、网上答’ is 11), the noise generator's lone apostrophes had none
#: within 20; the quoted phrases of news prose are short.
QUOTE_SPAN = 16
#: How far back the text before a change reaches (:func:`held`'s ``before``): the rules read
#: :data:`QUOTE_SPAN` of it, *closing quote kept* after a sentence's end mark the paragraph's start,
#: up to this (a quoted speech of a news paragraph).
QUOTE_REACH = 240


def deletes_option(old: str, letters: str, before: str) -> bool:
    """Whether the change deletes exactly a run of Latin ``letters`` (``old`` is that run) standing right
    after an ASCII hyphen that follows no letter or digit: an option (-S, -o, --help's help), not a
    hyphenated word."""
    return (old == letters and letters.isascii() and letters.isalpha() and before[-1:] == "-"
            and not (before[-2:-1].isascii() and before[-2:-1].isalnum()))


def joins_latin(old: str, before: str, after: str) -> bool:
    """Whether every ASCII hyphen of ``old`` stands between two ASCII letters or digits of the target's
    text (``before``, ``old`` and ``after`` in a row): Ctrl-G, kill-ring, x86-64; not --user, nor a dash
    between Chinese characters."""
    text = before + old + after
    spots = [len(before) + i for i, ch in enumerate(old) if ch == "-"]
    latin = lambda ch: ch.isascii() and ch.isalnum()  # noqa: E731
    return bool(spots) and all(0 < i < len(text) - 1 and latin(text[i - 1]) and latin(text[i + 1]) for i in spots)


def _technical(ch: str) -> bool:
    """A character of technical text: an ASCII letter, digit, hyphen (`-user', --ignore) or code symbol."""
    return ch.isascii() and (ch.isalnum() or ch in CODE_SYMBOLS or ch == "-")


def inserts_stray_symbol(old: str, new: str, before: str, after: str) -> bool:
    """Rule *no stray symbol put in*: the change only puts in marks, among them a
    :data:`~corrector.chars.CODE_SYMBOLS` symbol, where nothing beside it is technical text.

    The mirror of :func:`deletes_code_symbol`: ~_ or `- between two Chinese characters is another
    printing's noise, and the corpus counts, which count every printing's noise, favour it.  On the
    10,000-page synthetic archive 333 such insertions were applied and every one was wrong (12
    neutral); on the training OCR 2 were right (a man page's backslash and a star in Chinese text).
    """
    d = difference(old, new)
    if d.old or not d.new or d.new_letters or not (CODE_SYMBOLS & set(d.new)):
        return False
    return not any(_technical(ch) for ch in before[-1:] + after[:1] + old)


#: Quotation marks as the target prints them (its original text: the comparison key folds them together).
QUOTE_MARKS = frozenset("“”\"'‘’「」『』")


def deletes_closing_quote(old: str, new: str, before: str, after: str = "") -> bool:
    """Rule *closing quote kept*: the change deletes a ” the target prints where the nearest quotation
    mark before it (within :data:`QUOTE_SPAN` characters, ``before``: the target's text just before the
    change) is the “ it closes (垃圾分类“新时尚”走进千家万户, 去除了“高级”选项).

    OCR drops a quotation's closing mark far more often than it invents one where a quotation stands
    open; the ” that is OCR's own follows another quote mark (“微网格长"” reads one mark twice) or
    closes nothing.  On the real-OCR tuning benchmarks (k = 2-5) the deletions of a ” were 13 wrong, 7
    right; every right one followed a quote mark or had no “ before it, every wrong one within 16
    characters closed its “ (or stood after a sentence mark, farther from its “).  The change's hunk
    may keep characters before the mark (带” → 带, ！”11 → ！11): those are looked through too; on
    the tuning builds (the news text's part 2 added) that held 2 more wrong deletions applied and
    none of the 13 right ones of such hunks.  Where the mark follows a sentence's end mark
    (……委屈劲儿来！”, 不愁卖了。”), quoted speech closing, the “ is looked for back to the paragraph's
    start (``before`` reaches :data:`QUOTE_REACH` back): on the same builds such deletions with an open
    “ were 3 applied and 7 proposed, all wrong, but for one ” of two (本账。””, read twice: either copy
    deleted is the fix, and is not held); with no quotation open, 14 applied and proposed, all right.
    """
    d = difference(old, new)
    if d.new or d.old != "”":
        return False
    # the hunk may keep characters before the mark (带” → 带): they come before it too
    at = next((i for i, ch in enumerate(old) if ch == "”" and old[:i] + old[i + 1:] == new), None)
    if at is None:
        return False
    before = before + old[:at]
    if (old[at + 1:] + after)[:1] == "”":
        return False  # one mark read twice: deleting either copy is the fix
    reach = QUOTE_SPAN
    if before.rstrip()[-1:] in SENTENCE_END:
        # quoted speech closes after its sentence's end mark (……委屈劲儿来！”): its “ may stand
        # anywhere before it in the paragraph
        reach = len(before) - (before.rfind("\n") + 1)
    for ch in reversed(before[max(0, len(before) - reach):]):
        if ch in QUOTE_MARKS:
            # not “” (an empty quotation): the “ has no text to close
            return ch == "“" and before.rstrip()[-1:] != ch
    return False


def deletes_a_disputed_place(own: str, new: str, agree: Agreement | None) -> bool:
    """Rule *disputed place kept*: the change deletes the target's reading outright, and fewer
    printings read nothing there than read a character, the target included (扉 in the target,
    nothing in one printing, 雇 and 麻 in two others; 狂 in the target, nothing in two, 竹 and 狩 in
    two others).

    The printings agree that the place holds a character, not which; the language evidence, which
    scores a missing rare character better than a present one, chose the empty reading.  On the
    tuning benches (news and training OCR, plain and with editions, k = 2-5, and the synthetic
    training text) such deletions backed by one printing were applied 17 times: 0 right, 3 wrong,
    14 neutral (one misreading for none); once the rule held those, the ones two printings backed
    against three reading characters were applied 28 times: 0 right, 2 wrong, 26 neutral.  A tie
    (the target's letters against another's nothing; two against two) is left to the vote: at two
    against two, 4 right, 16 neutral.
    """
    if new or not own or agree is None:
        return False
    return agree.backers >= 1 and agree.others + 1 - agree.backers > agree.backers


#: The semicolon and its two halves in key form (:func:`corrector.ingest.fold_char` folds full width
#: to half): OCR that loses the upper dot of a printed ； reads ，, one that loses the tail reads ：.
SEMICOLON, COMMA, COLON = ";", ",", ":"


#: Rule *semicolon kept* yields to the corpus where it says otherwise.  In a tie of one ， against
#: one ；, the odds for ， are the corpus's count of printed ， read as ； against its count of printed
#: ； read as ， (each count is the mark's frequency times its chance of that misreading).  The vote's
#: learned confusions (:class:`corrector.vote.Confusions`) count both where a majority of the
#: printings settles the mark; where they hold at least this many hunks of a printed ， read as ； ...
DOTS_ADDED_MIN = 5.0
#: ... and this many times as many as of a printed ； read as ，, a tie is settled 3 to 1 for the
#: comma, and one printing's ， against the target's ； is left to the vote.  The noise generator's
#: pages of ``bench.accuracy``'s training text count 22-62 hunks against 5-6; real OCR of the 24
#: training articles, five printings each, 7 against 2-3 (by the gold: 7 commas read as ； against 5
#: semicolons read as ，, a coin); one article of real OCR none of either.
DOTS_ADDED_RATIO = 3.0


def adds_dots(comma_read_as_semicolon: float, semicolon_read_as_comma: float) -> bool:
    """Whether the corpus's printings add a dot to ， (and read ；) more than they lose one from ；, by
    the learned confusions' counts (:data:`DOTS_ADDED_MIN`, :data:`DOTS_ADDED_RATIO`)."""
    return (comma_read_as_semicolon >= DOTS_ADDED_MIN
            and comma_read_as_semicolon >= DOTS_ADDED_RATIO * semicolon_read_as_comma)


def corpus_adds_dots(confusions: Confusions | None) -> bool:
    """:func:`adds_dots` of the vote's learned confusions, counted where a majority of the printings
    settles the mark (``False`` where none were learned)."""
    if confusions is None:
        return False
    return adds_dots(confusions.misread(COMMA, SEMICOLON, clear=True), confusions.misread(SEMICOLON, COMMA, clear=True))


def semicolon_misread(own: str, new: str, agree: Agreement | None, readings: Sequence[str] = (),
                      dots_added: bool = False) -> bool:
    """Rule *semicolon kept*: the change turns the target's ； into ， on the word of one printing
    alone, or into ， or ： where the other printings read both (the halves of ；).

    OCR loses the upper dot of a printed ； (and reads ，) far more often than it adds one to a ，, so
    where one printing reads ， against the target's ；, the target's mark is the likelier print,
    whatever the language evidence, which counts how much commoner ， is in prose; and where some
    printings read ， and others ： at the place, each kept one half of the ； the target reads whole.
    On the real-OCR tuning benchmarks (news and training text, plain and with editions, k = 2-5)
    auto applied 10 such changes: 1 right, 9 wrong (of 7 one printing backed, 1 right); where two or
    more printings read ， or ： and none the other half, the change was right 72 times of 74.

    The first shape is not held where the corpus shows its printings adding dots (``dots_added``,
    :func:`adds_dots`): a noise generator that reads ， as ； a tenth of the times it misreads one.

    Args:
        readings: Every printing's reading of the hunk (the target's among them; key form).
        dots_added: :func:`adds_dots` of the corpus's learned confusions.
    """
    if agree is None:
        return False
    d = difference(own, new)
    if d.old != SEMICOLON or d.new not in (COMMA, COLON):
        return False
    if agree.backers == 1 and d.new == COMMA and not dots_added:
        return True
    halves = {d.new for d in (difference(own, r) for r in readings) if d.old == SEMICOLON}
    return {COMMA, COLON} <= halves


def part_read_apart(own: str, new: str, left: str, right: str, agree: Agreement | None,
                    is_word: Callable[[str], bool] | None = None) -> bool:
    """Rule *part read apart*: the change puts in one Han character that is written as the first
    strokes of the character after it or the last strokes of the one before (人 before 金), which
    with it makes no word, on the word of fewer than :data:`~corrector.agreement.OUTVOTED` printings.

    A sequence-reading engine that finds a loosely set character wide reads its first component
    as a character of its own and then the whole (RapidOCR: 一张“人金名片”, 公积金提取、人金融信贷,
    in two printings each); the printings that lack the part read the page.  On the real-OCR tuning
    benchmarks (k = 2-5) auto applied 3 such changes, all wrong; no right insertion had the shape
    (人 before 金 each time; 一 before 芽 is one stroke, which begins half of all characters).  Three
    or more printings that agree still put the character in (努力加强 where the target lost 力).

    Args:
        is_word: Whether two characters make a dictionary word (木材, 土地, 口号 are words).
    """
    if agree is None or agree.backers >= OUTVOTED:
        return False
    put_in = inserted_run(own, new)
    if put_in is None or len(put_in[1]) != 1:
        return False
    text = left + new + right
    at = len(left) + put_in[0]
    part = text[at]
    if not is_han(part):
        return False
    after, before = text[at + 1:at + 2], text[at - 1:at] if at else ""
    word = is_word or (lambda pair: False)
    return ((bool(after) and part_of(part, after, leading=True) and not word(part + after))
            or (bool(before) and part_of(part, before, leading=False) and not word(before + part)))


#: Each rule's reason line, in the order :func:`held` gives them.
REASONS = {
    "fluent reading kept": "the paper's own reading is made of words and the language evidence opposes the change",
    "Latin word kept": "it would mix digits and letters in a Latin word (OCR confuses 1 and l, 0 and O)",
    "code symbol kept": ("it deletes a quotation mark or a symbol of technical text (` ' ^ \\ …, a hyphen between"
                         " Latin letters, an option's letter after a hyphen), which OCR drops far more often than it invents"),
    "no stray symbol put in": "it puts a symbol of technical text (` ~ _ ^ …) into Chinese text, as OCR noise does",
    "disputed place kept": "fewer printings read nothing here than read a character, each its own",
    "closing quote kept": "it deletes the mark that closes a quotation opened just before, which OCR drops more often than it invents",
    "reading apart": ("each printing reads this place its own way, and the change shares no character with the"
                      " others, two of which share one"),
    "semicolon kept": ("this printing reads a semicolon, and OCR loses one of its halves (a comma, a colon) far"
                       " more often than it adds one"),
    "part read apart": ("it puts in a character written as the first or last strokes of the one beside it, which"
                        " OCR reads apart as well as whole"),
    "symbol kept": "it replaces a symbol of technical text ($ { } \\ ^ …) with a letter or digit, as OCR misreads them",
}


def held(own: str, new: str, old: str, new_text: str, before: str, after: str, left: str, right: str,
         language_gain: float, own_word: bool, agree: Agreement | None = None, own_attested: bool = False,
         apart: bool = False, readings: Sequence[str] = (), dots_added: bool = False,
         is_word: Callable[[str], bool] | None = None) -> list[str]:
    """The names of the rules (keys of :data:`REASONS`) that hold the change ``own`` → ``new`` for an editor.

    Args:
        own, new: The target's reading and the change's (key form), with ``left`` and ``right`` their key context.
        old, new_text: The same change in the target's original text, with ``before`` and ``after`` the
            target's characters just outside it.
        language_gain: Language evidence for the change (nats).
        own_word: Whether the target's changed letters lie inside dictionary words.
        agree: How the other printings read the place (:mod:`corrector.agreement`), when known.
        own_attested: Whether the target's reading is written so elsewhere in the corpus (Latin changes only).
        apart: Whether the change is a reading apart (:func:`corrector.agreement.stands_apart`): rule *reading apart*.
        readings: Every printing's reading of the hunk (key form), the target's among them: rule *semicolon kept*.
        dots_added: Whether the corpus's printings add dots to commas (:func:`adds_dots`): rule *semicolon kept*.
        is_word: Whether a pair of characters is a dictionary word: rule *part read apart*.
    """
    majority = agree is not None and agree.clear_majority
    rules = {
        "fluent reading kept": lambda: keeps_fluent_reading(own, new, language_gain, own_word, majority),
        "Latin word kept": lambda: digit_into_word(own, new, left, right, language_gain, own_attested),
        "code symbol kept": lambda: deletes_code_symbol(old, new_text, before, after),
        "no stray symbol put in": lambda: inserts_stray_symbol(old, new_text, before, after),
        "disputed place kept": lambda: deletes_a_disputed_place(own, new, agree),
        "closing quote kept": lambda: deletes_closing_quote(old, new_text, before, after),
        "reading apart": lambda: apart,
        "semicolon kept": lambda: semicolon_misread(own, new, agree, readings, dots_added),
        "part read apart": lambda: part_read_apart(own, new, left, right, agree, is_word),
        "symbol kept": lambda: symbol_read_as_letter(old, new_text),
    }
    return [name for name, rule in rules.items() if rule()]


def hold_cap(names: list[str], agree: Agreement | None) -> float:
    """The confidence a change the rules ``names`` hold states at most.

    :data:`DOUBTED_CONFIDENCE` where one of :data:`DOUBTING_HOLDS` holds and no majority of the
    printings covering the place (the target included) reads the change; else :data:`HOLD_CAP`.
    Where the printings' agreement is unknown, :data:`HOLD_CAP`.
    """
    if agree is not None and DOUBTING_HOLDS.intersection(names) and not agree.majority:
        return DOUBTED_CONFIDENCE
    return HOLD_CAP


def silenced(names: list[str], agree: Agreement | None) -> bool:
    """Whether a change the rules ``names`` hold is no proposal at all: one of :data:`SILENT_HOLDS`
    holds and no majority of the printings covering the place (the target included) reads it."""
    return agree is not None and bool(SILENT_HOLDS.intersection(names)) and not agree.majority


#: How :attr:`~corrector.model.Proposal.stated_by` names a hold: this prefix and its key in :data:`REASONS`.
HELD_PREFIX = "held: "


def rule_name(name: str) -> str:
    """The name under which a proposal's :attr:`~corrector.model.Proposal.stated_by` records the hold ``name``."""
    return HELD_PREFIX + name
