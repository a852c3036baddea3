"""Proposal: turn one voted hunk into a :class:`~corrector.model.Proposal` with a kind, a confidence and a reason."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from typing import Sequence

from . import calibration as _calibration
from . import decision as _decision
from . import holds as _holds
from . import policy as _policy
from .agreement import agreement, stands_apart
from .classify import OTHERS_MISREAD, _in_words, classify, one_edition_verdict
from .decision import Change, Model, confusion_key
from .editorial import Difference, changes_figure
from .chars import CLOSING, DIGITS, SENTENCE_END, is_latin
from .language import Dictionary, LanguageEvidence
from .model import Proposal, Reading, WitnessReading
from .reasons import reason as _reason
from .typography import UNBALANCED_CAP, Printing, Style, new_text, restyle, unbalances
from .vote import LM_WEIGHT, SCORE_CONTEXT, Candidate, HunkVote

#: Kinds whose reason line names what the classifier called the change (:attr:`Proposal.note`).
NOTED_KINDS = frozenset({"variant", "noise"})
#: A variant's confidence is at most this (and auto mode never applies a variant anyway).
VARIANT_CAP = 0.5
#: What the reason line adds where a change would leave a bracket unpaired (confidence capped at
#: :data:`~corrector.typography.UNBALANCED_CAP`).
UNBALANCED_REASON = "leaves a bracket unpaired in the paragraph, so it waits for an editor"
#: The rule's name in :attr:`~corrector.model.Proposal.stated_by`.
UNBALANCED_RULE = "unpaired bracket"


def rule_states_confidence(p: Proposal) -> bool:
    """Whether a rule, not the vote's posterior, set ``p``'s confidence: a hold, an unpaired bracket
    (capped), rule *lost mark put back* or rule *learned second opinion* (raised)."""
    return bool(p.stated_by)


def _second_opinion(change: Change) -> float | None:
    """The shipped model's P(right) for a change where it is at least :data:`~corrector.policy.SECOND_OPINION`
    and the model does not take the change for an editor's; else ``None``."""
    model = _decision.load_model()
    verdict = _decision.decide(model, change) if model is not None else None
    if verdict is None or verdict[0] == "variant" or verdict[1] < _policy.SECOND_OPINION:
        return None
    return float(verdict[1])


def group_at(passages: Sequence[tuple[int, int, int]], offset: int) -> int:
    """The id of the group whose passage (``(start, end, group id)`` in one document) contains ``offset``, or -1."""
    for s, e, gid in passages:
        if s <= offset <= e:
            return gid
    return -1


def habits(decisions: Sequence[HunkVote]) -> Counter:
    """How often the vote proposes each confusion (characters out, characters in) across the corpus.

    A confusion that recurs at many places is an engine's habit (和 invented at column rules, 壁 for 璧);
    the decision model weighs it (:attr:`corrector.decision.Change.recurrence`).
    """
    return Counter(confusion_key(d.own, d.best.text) for d in decisions if d.best.text != d.own)


def toward(candidates: Sequence[Candidate], own: str, new: str) -> float:
    """The probability that the change does not move the text away from the truth: its confidence.

    The posterior of every reading voted on that is at least as near ``new`` as ``own`` (edit
    distance), the change's own included (one as near as the target's only when it is as long as
    the change).  Readings that differ from the change only by a mark
    (一个： / 一个；) back it, and so does a rival fix of the same garble (抓抓 → 抓点 or 抓块: either
    removes the doubled 抓); a third reading the target's garble is nearer to (倘车: 倘若 in one
    printing, 如果 in another) takes its share away, where P(new) / (P(new) + P(own)) would call the
    change certain.  With two readings it is that ratio.
    """
    total = sum(c.probability for c in candidates)
    if total <= 0:
        return 0.0
    near = 0.0
    for c in candidates:
        if c.text == own:
            continue
        to_new, to_own = Levenshtein.distance(c.text, new), Levenshtein.distance(c.text, own)
        # a reading as near the target's as the change backs it only where it is as long as the
        # change: a rival fix of the same garble (抓块 for 抓点), not another misreading of the
        # character the target prints (提 and 揭 for 摁 say a character is there: no deletion)
        if to_new < to_own or (to_new == to_own and len(c.text) == len(new)):
            near += c.probability
    return near / total




def figures_kept(candidates: Sequence[Candidate], own: str, chosen: Candidate) -> Candidate:
    """Rule *figures kept*: of two readings that differ only in a figure, the one with the target's figure.

    A hunk can hold a figure next to text one printing lost (培训2602余人次 + a line its OCR dropped):
    the reading the vote chose puts the line back and also writes another paper's figure
    (2600), which is no OCR fix but an editor's number riding along.  Where another printing's
    reading is the chosen one but for digits and keeps the target's figures, that reading is
    proposed instead: the line comes back, the figure stays.  (News editions, training: the edited
    paper's 2602 was lost at k = 3, 4 and 5 this way.)
    """
    if not changes_figure(own, chosen.text):
        return chosen
    for c in candidates:
        if c is chosen or not c.support or c.text == own or changes_figure(own, c.text):
            continue
        d = Difference.of(chosen.text, c.text)
        if d.old + d.new and set(d.old + d.new) <= DIGITS:
            return c
    return chosen


def _paragraph_starts(target: Printing, lo: int, hi: int) -> frozenset[int]:
    """Key offsets (relative to ``lo``) of the letters in ``[lo, hi)`` of the target's key that start a paragraph.

    A paragraph starts the text, or a line after one that ends a sentence, or a line after the
    title lines at the top (lines before any sentence ends).  OCR text often keeps every printed
    line (面且更遗憾 / 也不会出现完美的 / …): a line after one that stops mid-clause is no paragraph.
    """
    text, pos = target.doc.text, target.key.pos
    out = set()
    for k in range(max(0, lo), min(hi, len(pos))):
        o = int(pos[k])
        i = o
        while i > 0 and text[i - 1].isspace():
            i -= 1
        if i == 0 or ("\n" in text[i:o] and (text[i - 1] in SENTENCE_END | CLOSING or i <= _first_sentence_end(text))):
            out.add(k - lo)
    return frozenset(out)


@lru_cache(maxsize=256)
def _first_sentence_end(text: str) -> int:
    """Offset of the first mark that ends a sentence in ``text`` (its length when none): the title lines end before it."""
    return next((i for i, c in enumerate(text) if c in SENTENCE_END), len(text))


def _at_break(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts or ends at a line break (a printed line's edge)."""
    return "\n" in text[max(0, start - 1):start + 1] or "\n" in text[max(0, end - 1):end + 1]


def make_proposal(
    dec: HunkVote,
    docs: Sequence[Printing],
    style: Style,
    language: LanguageEvidence | None,
    passages: Sequence[tuple[int, int, int]],
    recurring: Counter | None = None,
    model: Model | None = None,
    one_edition: bool = False,
    dots_added: bool = False,
) -> Proposal | None:
    """The proposal a voted hunk makes in its target, or ``None`` when there is nothing to show.

    Args:
        dec: The ranked readings of one hunk in its target ``docs[dec.target]``.
        docs: Every document with its key, by index.
        style: The target's :class:`~corrector.typography.Style`.
        language: Language evidence (its dictionary is used by :func:`~corrector.classify.classify`), or ``None``.
        passages: The target's passages in groups, ``(start, end, group id)``.
        recurring: :func:`habits` of the whole corpus (for the decision model; ``None`` counts none).
        model: The learned decision (:func:`~corrector.decision.model_for`), or ``None`` for the rules.
        one_edition: Every printing is one edition (``Options.one_edition``; :func:`~corrector.classify.one_edition_verdict`).
        dots_added: The corpus's printings add dots to commas (:func:`corrector.holds.corpus_adds_dots`; rule *semicolon kept*).
    """
    target = docs[dec.target]
    own = dec.own
    own_c = dec.candidate(own)
    best = dec.best
    witnesses = [c for c in dec.candidates if c.support]
    n_wit = sum(len(c.support) for c in witnesses)
    s, e = dec.hunk.s, dec.hunk.e
    key = target.key.text
    left, right = key[max(0, s - SCORE_CONTEXT):s], key[e:e + SCORE_CONTEXT]
    dictionary = language.dictionary if language else None
    recording = _decision.RECORDER is not None
    own_wins = best.text == own
    if own_wins:
        # The target's own reading wins; a rival with more votes may still be an editorial
        # difference where the target stands alone (or, for the model, an OCR fix the vote missed).
        rivals = [c for c in witnesses if c.text != own and c.votes > own_c.votes]
        if not rivals:
            return None
        chosen = max(rivals, key=lambda c: c.votes)
    else:
        chosen = figures_kept(dec.candidates, own, best)
    gain = chosen.language - own_c.language
    at = target.key.to_original(s, e, len(target.doc.text))[0]
    agree = agreement(dec.observations, dec.target, own, chosen.text)
    # only the Latin-word rules ask it, and only of changes with Latin letters
    own_attested = (language is not None and any(is_latin(c) for c in own + chosen.text)
                    and language.corpus.attested(left, right, own, len(own_c.support), chosen.text))
    kind, note = classify(own, chosen.text, left, right, gain, dictionary, len(chosen.support), dec.hunk.edge,
                          word_gain=LM_WEIGHT * (chosen.lm - own_c.lm),
                          agree=agree,
                          line_starts=_paragraph_starts(target, s - len(left), e + len(right)),
                          own_attested=own_attested)
    if one_edition:
        kind, note = one_edition_verdict(kind, note, own, chosen.text, agree)
    if own_wins and kind != "variant" and model is None and not recording:
        return None
    if kind == "variant" and note in OTHERS_MISREAD and model is None and not recording:
        return None  # the target prints what the others misread: nothing to correct here
    # the vote's posterior, stated as the share of such changes that are right (corrector.calibration)
    confidence = _calibration.calibrated(toward(dec.candidates, own, chosen.text))
    new_chars = restyle(docs, target, style, chosen.text, chosen.support, at, left, right)
    start, end, old, new = new_text(target, s, e, own, new_chars)
    if old == new:
        return None
    if model is not None or recording:
        change = _change(dec, docs, dictionary, chosen, own_c, left, right, kind, note, start, end, recurring)
        if _decision.RECORDER is not None:
            _decision.RECORDER.append((target.doc.id, start, end, old, new, change))
        if model is not None:
            verdict = _decision.decide(model, change)
            if verdict is None:
                return None
            kind, confidence, note = verdict
        elif own_wins and kind != "variant":
            return None
    # rule *lost mark put back*: a tie of printings is the mark's, whatever the vote's posterior (the
    # gain rounded as the readings state it: equal scores differ by float noise); only where it
    # raises the confidence does it set it and say so (4 of 5 printings need no such word)
    lost_mark = (model is None and kind != "variant" and confidence < _policy.LOST_MARK_CONFIDENCE
                 and len(chosen.support) >= _policy.LOST_MARK_TIE_BACKERS
                 and _policy.puts_back_lost_mark(old, new, len(chosen.support), len(own_c.support), round(gain, 3)))
    if lost_mark:
        confidence = _policy.LOST_MARK_CONFIDENCE
    text = target.doc.text
    held: list[str] = []
    if kind != "variant":
        # the hard rules hold whoever decides
        own_word, _ = _in_words(dictionary, left, own, right, chosen.text)
        span, reach = _holds.QUOTE_SPAN, _holds.QUOTE_REACH
        held = _holds.held(own, chosen.text, old, new, text[max(0, start - reach):start], text[end:end + span], left,
                           right, gain, own_word, agree, own_attested, stands_apart(dec.observations, chosen.text),
                           [text for _, text in dec.observations], dots_added,
                           (lambda pair: dictionary.word_freq(pair) > 0) if dictionary is not None else None)
        if held:
            if _holds.silenced(held, agree):
                return None  # the target's reading is the text's: nothing to show
            confidence = min(confidence, _holds.hold_cap(held, agree))
    if kind == "variant":
        # the rules' vote probability is halved for a variant; the model's P(right) is already low
        confidence = min(VARIANT_CAP, confidence * VARIANT_CAP if model is None else confidence)
    unbalanced = kind != "variant" and unbalances(target.doc.text, start, end, new)
    if unbalanced:
        confidence = min(confidence, UNBALANCED_CAP)
    readings = []
    for c in dec.candidates:
        rtext = "".join(restyle(docs, target, style, c.text, c.support, at, left, right))
        wits = []
        for w, ws, we in c.support:
            wd = docs[w]
            ws_o, we_o = wd.key.to_original(ws, we, len(wd.doc.text))
            wits.append(WitnessReading(wd.doc.id, ws_o, we_o, wd.doc.text[ws_o:we_o]))
        readings.append(
            Reading(
                text=rtext,
                witnesses=wits,
                votes=round(c.votes, 3),
                language=round(c.language, 3),
                probability=round(c.probability, 6),
            )
        )
    # rule *learned second opinion*: where the rules' bars would hold the change back, the shipped
    # model is asked too (only there: the features cost time)
    second = None
    if (model is None and not recording and kind != "variant" and not held and not unbalanced and not lost_mark
            and (confidence < _policy.MIN_CONFIDENCE or len(own_c.support) >= 2) and _policy.may_second(old, new)):
        second = _second_opinion(_change(dec, docs, dictionary, chosen, own_c, left, right, kind, note, start, end,
                                         recurring))
        if second is not None:
            confidence = max(confidence, second)
    reason = _reason(kind, note, chosen, own_c, dec, n_wit, gain)
    stated_by: list[str] = []
    if second is not None:
        reason += f"; {_policy.SECOND_OPINION_REASON} ({second:.2f})"
        stated_by.append(_policy.SECOND_OPINION_RULE)
    if lost_mark:
        reason += f"; {_policy.LOST_MARK_REASON}"
        stated_by.append(_policy.LOST_MARK_RULE)
    if unbalanced:
        reason += f"; {UNBALANCED_REASON}"
        stated_by.append(UNBALANCED_RULE)
    for name in held:
        reason += f"; {_holds.REASONS[name]}, so it waits for an editor"
        stated_by.append(_holds.rule_name(name))
    return Proposal(
        doc=target.doc.id,
        start=start,
        end=end,
        old=old,
        new=new,
        confidence=round(float(confidence), 4),
        kind=kind,
        reason=reason,
        readings=readings,
        group=group_at(passages, start),
        note=note if kind in NOTED_KINDS else "",
        stated_by=tuple(stated_by),
    )



def _change(
    dec: HunkVote, docs: Sequence[Printing], dictionary: Dictionary | None, chosen: Candidate, own_c: Candidate,
    left: str, right: str,
    rule_kind: str, rule_note: str, start: int, end: int, recurring: Counter | None,
) -> Change:
    """The evidence about one candidate change, for the decision model (:mod:`corrector.decision`)."""
    from .glyphs import reading_similarity

    target = docs[dec.target]
    own, new = dec.own, chosen.text
    witnesses = [c for c in dec.candidates if c.support]
    own_word, own_name = _in_words(dictionary, left, own, right, new)
    new_word, new_name = _in_words(dictionary, left, new, right, own)
    breaks = 0
    for w, ws, we in chosen.support:
        wd = docs[w]
        ws_o, we_o = wd.key.to_original(ws, we, len(wd.doc.text))
        breaks += _at_break(wd.doc.text, ws_o, we_o)
    diff = Difference.of(own, new)
    co, cn = diff.old, diff.new
    return Change(
        own=own,
        new=new,
        left=left,
        right=right,
        lm_gain=chosen.lm - own_c.lm,
        corpus_gain=chosen.corpus - own_c.corpus,
        language_gain=chosen.language - own_c.language,
        p_new=chosen.probability,
        p_old=own_c.probability,
        support_new=len(chosen.support),
        support_own=max(1, len(own_c.support)),
        witnesses=sum(len(c.support) for c in witnesses),
        candidates=len(dec.candidates),
        weight_new=chosen.votes / max(1, len(chosen.support)),
        weight_own=own_c.votes / max(1, len(own_c.support)),
        edge=dec.hunk.edge,
        own_wins=dec.best.text == own,
        rule_kind=rule_kind,
        rule_note=rule_note,
        at_break=_at_break(target.doc.text, start, end),
        witness_break=breaks / max(1, len(chosen.support)),
        recurrence=max(0, (recurring or Counter()).get((co, cn), 0) - (dec.best.text != own)),
        own_word=own_word,
        new_word=new_word,
        own_name=own_name,
        new_name=new_name,
        alike=reading_similarity(co, cn) if co and cn and len(co) == len(cn) else 0.0,
    )
