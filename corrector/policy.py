"""Policy: what auto mode applies unattended (:func:`select`), and the confidence bands every view shows.

One place for the rules of bulk acceptance, so the command line (``auto``), export and the review
app's accept-at-or-above key agree: a ``variant`` is never applied, a change needs
``min_confidence``, and a change the target's reading shares with another printing needs
:func:`shared_bar` and the language evidence on its side.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import calibration as _calibration
from .agreement import OUTVOTED
from .chars import CODE_SYMBOLS
from .mark_repeats import DOUBLED_MARK
from .decision import model_for
from .editorial import Difference, difference
from .model import DEFAULT_DECISION, Proposal, Reading

#: Confidence bands shown in summaries and offered by filters, highest first: (lowest confidence
#: included, name).  0.9 is auto mode's default bar and 0.99 its bar where another printing reads
#: what the target reads (:func:`shared_bar`); below 0.5 the change is less likely right than wrong.
BANDS = ((0.99, "≥.99"), (0.9, ".90–.99"), (0.7, ".70–.90"), (0.5, ".50–.70"), (0.0, "<.50"))


def band(confidence: float) -> str:
    """Name of the confidence band ``confidence`` falls in (see :data:`BANDS`)."""
    return next(name for lo, name in BANDS if confidence >= lo)


def band_bounds(name: str) -> tuple[float, float]:
    """``(lowest included, highest excluded)`` confidence of the band called ``name``.

    Raises:
        KeyError: no band has that name.
    """
    for k, (lo, n) in enumerate(BANDS):
        if n == name:
            return lo, (BANDS[k - 1][0] if k else float("inf"))
    raise KeyError(name)


@dataclass
class Skipped:
    """A proposal left out, and why."""

    proposal: Proposal
    why: str


#: Auto mode's bars in the vote's posterior (:func:`corrector.proposal.toward`): 0.9, and 0.99 where
#: another printing reads what the target reads (ten times less room for error).  The benchmarks'
#: precision targets (``bench/accuracy.py``, ``bench/ocr``) were measured at them.
POSTERIOR_BAR = 0.9
POSTERIOR_SHARED_BAR = 0.99
#: Auto mode's default bar (``--min-confidence``) with the hand-written rules: :data:`POSTERIOR_BAR`
#: in calibrated confidence (:mod:`corrector.calibration`), so calibrating changes what proposals
#: say, not what is applied.
MIN_CONFIDENCE = round(_calibration.calibrated(POSTERIOR_BAR), 4)
#: ... and with the learned decision, whose confidence was calibrated when it was trained.
MODEL_MIN_CONFIDENCE = 0.9
#: Where another printing reads what the target reads, auto mode leaves this many times less room
#: for error: ``1 - (1 - min_confidence) / SHARED_FACTOR``; the vote's ten times, carried over by
#: the calibration (so that the default bars pass exactly what the posterior bars passed).
SHARED_FACTOR = round((1.0 - MIN_CONFIDENCE) / (1.0 - _calibration.calibrated(POSTERIOR_SHARED_BAR)), 3)


def shared_bar(min_confidence: float) -> float:
    """The confidence auto mode needs for a change the target's reading shares with another printing."""
    return 1.0 - (1.0 - min_confidence) / SHARED_FACTOR


def own_reading(p: Proposal) -> Reading | None:
    """The reading the target itself has at a proposal (``None`` when the proposal lists none)."""
    return next((r for r in p.readings if any(w.doc == p.doc for w in r.witnesses)), None)


def new_reading(p: Proposal) -> Reading | None:
    """The reading the proposal writes in (``None`` when the proposal lists none with its exact text)."""
    return next((r for r in p.readings if r.text == p.new), None)


def own_support(p: Proposal) -> int:
    """How many printings (the target included) read what the target reads at a proposal."""
    own = own_reading(p)
    return len(own.witnesses) if own is not None else 1


def lone_outvoted_variant(p: Proposal) -> bool:
    """Whether ``p`` is a variant the target alone reads against :data:`~corrector.agreement.OUTVOTED` or more
    printings that all read the change: what ``--one-edition`` (``Options.one_edition``) would correct.

    Counted from the proposal's readings (exact readings: the vote's slack for a long reading one slip
    away is not in them), for the summary's hint.
    """
    if p.kind != "variant" or own_support(p) != 1:
        return False
    others = [r for r in p.readings if r.witnesses and not any(w.doc == p.doc for w in r.witnesses)]
    return len(others) == 1 and len(others[0].witnesses) >= OUTVOTED


def language_gain(p: Proposal) -> float:
    """Language evidence (nats) for the proposed reading over the target's own (0 when either is unknown)."""
    own = own_reading(p)
    best = max(p.readings, key=lambda r: r.probability, default=None)
    return best.language - own.language if own is not None and best is not None else 0.0


def marks_only(p: Proposal) -> bool:
    """Whether the proposal changes punctuation marks only (no letter goes out or comes in)."""
    d = Difference.of(p.old, p.new)
    return bool(d.old or d.new) and not (d.old_letters or d.new_letters)


def code_symbols(p: Proposal) -> bool:
    """Whether the proposal changes only marks, some of them :data:`~corrector.chars.CODE_SYMBOLS` (`-user', a_b, {a,b}).

    Where another printing reads what the target reads, such a change is not applied: the
    printings for it may be one engine's habit (on the training OCR, three RapidOCR printings of a
    page dropped the backquotes, underscores and braces two Tesseract printings kept, and the
    corpus counts, which echo the majority, favoured dropping them).
    """
    d = Difference.of(p.old, p.new)
    return marks_only(p) and bool(CODE_SYMBOLS & set(d.old + d.new))


def outvoted_marks(p: Proposal) -> bool:
    """Rule *marks outvoted*: a change of marks only that more printings read than read the target's marks.

    The language evidence cannot weigh marks (it scores （ and 《 alike: 0 nats), so asking it to favour
    the change where another printing shares the target's mark holds back every such fix; a majority of
    printings has to speak instead.  On the training OCR bench every such change with more printings
    for it than for the target was right (3 against 2: 《→（, ：→；, 〈 dropped), while ties (2 against 2)
    were half wrong (-- → -, - dropped from ——).  Editors change words; none of the edits there changes
    marks alone.  A deletion the language evidence opposes is not such a change: the evidence does
    weigh a mark against its neighbours, and OCR loses marks far more often than it invents them.
    """
    if not marks_only(p):
        return False
    if code_symbols(p):
        # `-list' and a_b: one engine keeps or drops such a symbol on every printing it reads, so a
        # majority of printings may be one engine's habit (see :func:`code_symbols`)
        return False
    d = Difference.of(p.old, p.new)
    if d.old and not d.new and language_gain(p) < 0:
        # a deletion is what the language evidence can weigh (a mark's neighbours): where it says the
        # marks belong, several printings without them have lost them, as OCR does ("1.000，1”。 held out)
        return False
    best = max(p.readings, key=lambda r: r.probability, default=None)
    return best is not None and len(best.witnesses) > own_support(p)


def default_bar(decision: str = DEFAULT_DECISION) -> float:
    """Auto mode's default ``--min-confidence`` for who decides (:data:`MIN_CONFIDENCE` or :data:`MODEL_MIN_CONFIDENCE`)."""
    return MIN_CONFIDENCE if model_for(decision) is None else MODEL_MIN_CONFIDENCE


#: Full-width Chinese marks: OCR loses them (a comma hanging past the column, a faint full stop)
#: far more often than it prints one that is not there.
CHINESE_MARKS = frozenset("。，、；：？！")


#: ... unless at least this many printings lack the mark,
MARK_BACKERS = 3
#: ... or the vote is at least this sure of the deletion, or the language evidence favours it.  On
#: the tuning benches (real OCR of the news and training texts, plain and with editions, k = 2-5)
#: the deletions the rule held at auto's bar were 122: at 0.9 or more 56 right, 0 wrong; below it,
#: where the language evidence favoured the deletion, 17 right, 0 wrong; the rest 30 right, 19
#: wrong (、 or 。 that two printings lost at a line end, no language evidence either way).  On the
#: synthetic training text, at 3 and 5 printings, 34 right at 0.9 or more.
MARK_DELETE_CONFIDENCE = 0.9


def drops_printed_mark(p: Proposal) -> bool:
    """Rule *printed mark kept*: the proposal deletes full-width Chinese marks the target prints.

    Only where fewer than :data:`MARK_BACKERS` printings lack them, the confidence is below
    :data:`MARK_DELETE_CONFIDENCE` and the language evidence does not favour the deletion (the
    change's reading over the target's, as its reason line says).

    Such deletions backed by two printings are often wrong: the other two lost a mark at a line end
    (。 and ， hang past the column).  But the OCR also prints a comma or a stop of its own where
    specks or a doubled mark were, and there the vote is sure or the neighbours say so.
    """
    d = Difference.of(p.old, p.new)
    if not d.old or d.new or not set(d.old) <= CHINESE_MARKS or p.note == DOUBLED_MARK:
        return False  # a mark printed twice stays printed (rule *doubled mark*)
    best = new_reading(p)
    if best is not None and len(best.witnesses) >= MARK_BACKERS or p.confidence >= MARK_DELETE_CONFIDENCE:
        return False
    own = own_reading(p)
    return not (best is not None and own is not None and best.language > own.language)


#: Rule *learned second opinion*: where the hand-written rules decide and hold a change back by
#: a bar (auto's, or the higher one where another printing reads what the target reads), the
#: shipped decision model (:mod:`corrector.decision`, trained on other text) is asked too; at this
#: P(right) or more, and not taking the change for an editor's, the proposal states that confidence,
#: which clears both bars.  The language requirement where another printing reads what the target
#: reads still holds (:func:`select`): the model's training data has no engine habit shared by
#: several printings, and without it the model seconded 璧 read as 壁 in three printings of five
#: (the seeds' text, k = 5: 4 wrong corrections, found when the judging benches were measured).  On the
#: real-OCR tuning benches (news and training text parts 0 and 1 and training part 1 with editions,
#: k = 3-5; none of them in the model's training data) such changes of Chinese text were 40 right,
#: 0 wrong, 4 neutral at 0.95 (2:2 ties the language evidence settles, 萎/菱, 颖/缝; one printing
#: against one where a third lost the place); at 0.9, 56 right, 6 wrong; at 0.85, 74 right, 13 wrong.
SECOND_OPINION = 0.95
#: ... said so in the reason line, which :func:`seconded` reads.
SECOND_OPINION_REASON = "the learned decision, trained on other text, seconds it"
#: The rule's name in :attr:`~corrector.model.Proposal.stated_by`.
SECOND_OPINION_RULE = "learned second opinion"


def may_second(old: str, new: str) -> bool:
    """Whether rule *learned second opinion* may weigh the change ``old`` → ``new``: no ASCII letter,
    digit or symbol goes out or comes in (in technical text the model seconded one engine's habits:
    a stray { two printings keep, $ read as S, arg1 read as argl)."""
    d = difference(old, new)
    return bool(d.old or d.new) and not any(c.isascii() and not c.isspace() for c in d.old + d.new)


def seconded(p: Proposal) -> bool:
    """Whether rule *learned second opinion* raised ``p``'s confidence."""
    return SECOND_OPINION_RULE in p.stated_by


#: Marks a printing may have lost that rule *lost mark put back* restores: the Chinese marks and the
#: double quotes (RapidOCR drops “ and ” where tesseract keeps them).  Not the single quotes: the
#: noise generator's 、 read as ' comes back as ‘ in the target's typography.
LOST_MARKS = CHINESE_MARKS | frozenset("“”")


def puts_back_lost_mark(old: str, new: str, backers: int, lackers: int, gain: float) -> bool:
    """Rule *lost mark put back*, on a change's readings: ``old`` → ``new`` only inserts :data:`LOST_MARKS`,
    ``backers`` printings print them, no more (``lackers``, the target included) lack them, and the
    language evidence (``gain``, nats for ``new``) is not against them.

    Where another printing lacks the mark too, the shared bar and the language requirement of
    :func:`select` would hold it, but OCR loses marks far more often than it invents them (the same
    asymmetry as rule *printed mark kept*), so a tie of printings is the mark's.  On the news and
    training OCR tuning benches (k = 3–5, plain and with editions) the rule applied 42 more
    corrections: 37 right, 0 wrong, 5 neutral (a closing quote the alignment put one letter off).
    """
    d = difference(old, new)  # cached: make_proposal asks it of every tie
    return not d.old and bool(d.new) and set(d.new) <= LOST_MARKS and backers >= lackers and gain >= 0


def restores_lost_mark(p: Proposal) -> bool:
    """:func:`puts_back_lost_mark` for a proposal (its change's reading against the target's own)."""
    best = new_reading(p)
    own = own_reading(p)
    if best is None:
        return False
    gain = best.language - own.language if own is not None else 0.0
    return puts_back_lost_mark(p.old, p.new, len(best.witnesses), own_support(p), gain)


#: Printings that must print the mark for rule *lost mark put back* to state
#: :data:`LOST_MARK_CONFIDENCE`: one against one (two printings cover the place) is a coin the
#: vote's reliabilities toss, and was wrong 4 times in about 20 on the tuning benches.
LOST_MARK_TIE_BACKERS = 2
#: The confidence a proposal of rule *lost mark put back* states where :data:`LOST_MARK_TIE_BACKERS`
#: or more printings print the mark: the vote's posterior for a tie is near one half, which is not
#: what such a change is worth.  Measured on the news and training OCR tuning benches (k = 3–5):
#: ties of two against two held back by the bar 10 right, 0 wrong; with the 37 right and 5 neutral
#: the rule applied before, about 0.9 of them are right (neutral counts as not right).
LOST_MARK_CONFIDENCE = 0.9
#: What the reason line says of such a proposal.
LOST_MARK_REASON = "at least as many printings print the mark as lack it, and OCR loses marks far more often than it invents them"
#: The rule's name in :attr:`~corrector.model.Proposal.stated_by`.
LOST_MARK_RULE = "lost mark put back"


def select(
    proposals: list[Proposal], *, min_confidence: float | None = None, min_suspect_confidence: float | None = None,
    decision: str = DEFAULT_DECISION,
) -> tuple[list[Proposal], list[Skipped]]:
    """Split proposals into those auto mode applies and those it skips, with the reason.

    A ``variant`` (an editorial difference between papers) is never applied automatically.  With
    the hand-written rules (``decision="rules"``, the proposals' ``Options.decision``, or no model shipped), a
    change where another printing reads what the target reads needs more confidence
    (:func:`shared_bar`): two OCR runs that agree are seldom both wrong, and when they are, it is
    the same misreading of the same typeface, which the vote's independence assumption misses.
    For the same reason such a change also needs the language evidence on its side (with the
    learned decision too, whose confidence already weighs the printings that agree): the votes
    alone cannot tell one engine's habit (璧 read as 壁 in three printings) from the truth; marks,
    which the language evidence cannot weigh, need more printings for the change instead
    (:func:`outvoted_marks`).
    A ``suspect`` (no printing disagrees; only the language evidence doubts) is applied only when
    ``min_suspect_confidence`` is given and met.
    """
    if min_confidence is None:
        min_confidence = default_bar(decision)
    applied: list[Proposal] = []
    skipped: list[Skipped] = []
    shared = shared_bar(min_confidence)
    # The learned decision (corrector.decision) weighs the printings that share the target's reading
    # itself, and its confidence is calibrated: the higher bar is the hand-written rules' stand-in
    # for that, used only when the rules decide.  The language requirement stays a rule: the
    # training data has no engine habits shared by several printings (璧 read as 壁 three times).
    rules = model_for(decision) is None
    for p in proposals:
        if p.kind == "variant":
            skipped.append(Skipped(p, "editorial variant: shown for review, never applied automatically"))
        elif p.kind == "suspect":
            if min_suspect_confidence is None:
                skipped.append(Skipped(p, "suspect (no printing disagrees): shown for review, applied only with --suspects"))
            elif p.confidence < min_suspect_confidence:
                skipped.append(Skipped(p, f"suspect confidence {p.confidence:.2f} is below {min_suspect_confidence:.2f}"))
            else:
                applied.append(p)
        elif p.confidence < min_confidence:
            skipped.append(Skipped(p, f"confidence {p.confidence:.2f} is below {min_confidence:.2f}"))
        elif drops_printed_mark(p):
            skipped.append(
                Skipped(p, "it deletes a Chinese mark this printing prints: OCR loses marks far more often than it invents them")
            )
        elif restores_lost_mark(p):
            applied.append(p)
        elif rules and (n := own_support(p)) >= 2 and p.confidence < shared:
            skipped.append(
                Skipped(p, f"{n} printings read what this one reads: confidence {p.confidence:.3f} is below {shared:.3f}")
            )
        elif (n := own_support(p)) >= 2 and code_symbols(p):
            skipped.append(
                Skipped(p, f"{n} printings read what this one reads, and the change is in symbols technical text types "
                           "(` ' _ { }): one OCR engine keeps or drops them on every printing it reads")
            )
        elif (n := own_support(p)) >= 2 and (gain := language_gain(p)) <= 0 and not outvoted_marks(p):
            skipped.append(
                Skipped(
                    p,
                    f"{n} printings read what this one reads and the language evidence does not favour "
                    f"the change ({gain:+.1f} nats)",
                )
            )
        else:
            applied.append(p)
    return applied, skipped
