"""Reasons: the one line a person reads for each proposal (who reads what, the language evidence, why)."""

from __future__ import annotations

from .vote import Candidate, HunkVote


def support_text(counts: list[tuple[str, int]], total: int) -> str:
    return ", ".join(f"{n} of {total} read {t or '(nothing)'}" for t, n in counts)



VARIANT_PREFIX = "editorial variant ("


def reason(kind: str, note: str, chosen: Candidate, own_c: Candidate, dec: HunkVote, n_wit: int, gain: float) -> str:
    """One line saying who reads what, what the language evidence says, and (for variants, noise) why."""
    support = sorted(((c.text, len(c.support)) for c in dec.candidates if c.support), key=lambda x: -x[1])
    parts = [support_text(support, n_wit)]
    if not chosen.support:
        parts.append(f"{chosen.text} takes each column's majority")
    if abs(gain) >= 0.5:
        who = chosen.text or "(nothing)"
        parts.append(f"language evidence {'favours' if gain > 0 else 'opposes'} {who} by {abs(gain):.1f} nats")
    if chosen.corpus - own_c.corpus >= 0.7:
        parts.append(f"{chosen.text} occurs elsewhere in the corpus")
    if kind == "variant":
        return f"{VARIANT_PREFIX}{note}): " + "; ".join(parts)
    if kind == "noise":
        return f"OCR noise ({note}): " + "; ".join(parts)
    return f"{kind}: " + "; ".join(parts)
