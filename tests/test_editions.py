"""Editions: a cluster where two printings read one word and two others another holds two editions."""

from __future__ import annotations

from corrector.classify import HYPHEN_HALVED, OWN_READS_BETTER, THIN_DROPPED
from corrector.editions import propose_checked, shows_two_editions, split_groups
from corrector.model import Proposal, Reading, WitnessReading


def prop(own: int, new: int, group: int = 0, kind: str = "variant", doc: str = "a.txt", note: str = "") -> Proposal:
    """A proposal ``协调`` → ``指导`` that ``own`` printings (the target among them) and ``new`` others read."""
    mine = [WitnessReading(doc, 0, 2, "协调")] + [WitnessReading(f"o{i}.txt", 0, 2, "协调") for i in range(own - 1)]
    theirs = [WitnessReading(f"n{i}.txt", 0, 2, "指导") for i in range(new)]
    return Proposal(doc=doc, start=0, end=2, old="协调", new="指导", confidence=0.4, kind=kind,
                    reason=f"editorial variant ({note}): ..." if note else "", note=note,
                    readings=[Reading(text="指导", witnesses=theirs), Reading(text="协调", witnesses=mine)], group=group)


def test_two_printings_on_each_side_show_two_editions():
    assert shows_two_editions(prop(2, 2)) and shows_two_editions(prop(2, 3)) and shows_two_editions(prop(3, 2))
    assert not shows_two_editions(prop(1, 3))  # a lone reading: an OCR error or a paper printed once
    assert not shows_two_editions(prop(2, 1))
    assert not shows_two_editions(prop(2, 2, kind="substitution"))  # a look-alike both engines misread: no edit


def test_a_misreading_the_language_rejects_shows_no_edition():
    # 鸟/乌 read 2:2 (two engines' habit): the note says the change's reading is worse language
    worse = OWN_READS_BETTER
    assert not shows_two_editions(prop(2, 2, note=worse))
    assert not shows_two_editions(prop(2, 2, note=THIN_DROPPED))  # Shift/Shif, read 2:2 by two engines
    assert not shows_two_editions(prop(2, 2, note=HYPHEN_HALVED))  # --/-
    assert split_groups([prop(2, 2, group=1, note=worse), prop(1, 3, group=1)]) == set()
    # another note on the same shape still shows two editions
    other = "both readings are words"
    assert shows_two_editions(prop(2, 2, note=other))
    assert split_groups([prop(2, 2, group=1, note=worse), prop(2, 2, group=1, note=other)]) == {1}


def test_split_groups_counts_per_cluster():
    assert split_groups([prop(2, 2, group=1), prop(1, 3, group=2), prop(2, 1, group=3)]) == {1}
    assert split_groups([]) == set()


def test_propose_checked_proposes_lone_variants_again_outside_split_clusters():
    calls = []

    def make(vote: tuple[int, int, int], one: bool) -> Proposal:
        own, new, group = vote
        calls.append((vote, one))
        p = prop(own, new, group)
        return Proposal(**{**p.__dict__, "kind": "substitution"}) if one and own == 1 and new >= 3 else p

    votes = [(2, 2, 1), (1, 3, 1), (1, 3, 2), (2, 1, 2)]
    made = propose_checked(votes, make)
    # cluster 1 shows two editions: its lone variant stays; cluster 2's is proposed again as for one edition
    assert [p.kind for p in made] == ["variant", "variant", "substitution", "variant"]
    assert calls[len(votes):] == [((1, 3, 2), True)]
