"""Proposal: turn one voted hunk into a :class:`~corrector.model.Proposal` with a kind, a confidence and a reason."""

from __future__ import annotations

from typing import Sequence

from .classify import classify
from .model import Proposal, Reading, WitnessReading
from .reasons import reason as _reason
from .typography import UNBALANCED_CAP, Printing, Style, new_text, restyle, unbalances
from .vote import Decision, Language

#: A variant's confidence is at most this (and auto mode never applies a variant anyway).
VARIANT_CAP = 0.5


def group_at(passages: Sequence[tuple[int, int, int]], offset: int) -> int:
    """The id of the group whose passage (``(start, end, group id)`` in one document) contains ``offset``, or -1."""
    for s, e, gid in passages:
        if s <= offset <= e:
            return gid
    return -1


def make_proposal(
    dec: Decision,
    docs: Sequence[Printing],
    style: Style,
    language: Language | None,
    passages: Sequence[tuple[int, int, int]],
) -> Proposal | None:
    """The proposal a voted hunk makes in its target, or ``None`` when there is nothing to show.

    Args:
        dec: The ranked readings of one hunk in its target ``docs[dec.target]``.
        docs: Every document with its key, by index.
        style: The target's :class:`~corrector.typography.Style`.
        language: Language evidence (its dictionary is used by :func:`~corrector.classify.classify`), or ``None``.
        passages: The target's passages in groups, ``(start, end, group id)``.
    """
    target = docs[dec.target]
    own = dec.own
    own_c = dec.candidate(own)
    best = dec.best
    witnesses = [c for c in dec.candidates if c.support]
    n_wit = sum(len(c.support) for c in witnesses)
    s, e = dec.hunk.s, dec.hunk.e
    key = target.key.text
    left, right = key[max(0, s - 6):s], key[e:e + 6]
    dictionary = language.dictionary if language else None
    if best.text == own:
        # The target's own reading wins; show an editorial difference where the target stands alone.
        rivals = [c for c in witnesses if c.text != own and c.votes > own_c.votes]
        if not rivals:
            return None
        alt = max(rivals, key=lambda c: c.votes)
        gain = alt.language - own_c.language
        kind, note = classify(own, alt.text, left, right, gain, dictionary, len(alt.support), dec.hunk.edge)
        if kind != "variant":
            return None
        chosen = alt
    else:
        chosen = best
        gain = best.language - own_c.language
        kind, note = classify(own, best.text, left, right, gain, dictionary, len(best.support), dec.hunk.edge)
    p_new, p_old = chosen.probability, own_c.probability
    confidence = p_new / (p_new + p_old) if p_new + p_old > 0 else 0.0
    if kind == "variant":
        confidence = min(VARIANT_CAP, confidence * VARIANT_CAP)
    at = target.key.to_original(s, e, len(target.doc.text))[0]
    new_chars = restyle(docs, target, style, chosen.text, chosen.support, at, left, right)
    start, end, old, new = new_text(target, s, e, own, new_chars)
    if old == new:
        return None
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
    reason = _reason(kind, note, chosen, own_c, dec, n_wit, gain)
    if unbalanced:
        reason += "; leaves a bracket unpaired in the paragraph, so it waits for an editor"
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
    )

