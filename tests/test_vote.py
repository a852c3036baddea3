"""Vote: reliability from disagreement, and ranking of readings by votes and language evidence."""

from __future__ import annotations

from corrector.align import Hunk, align_chain
from corrector.discover import find_chains
from corrector.ingest import make_key
from corrector.model import Options
import numpy as np
import pytest

from corrector.language import Dictionary, LanguageEvidence
from corrector.vote import LETTER, PUNCT, _edit_cost, decide, estimate_error_rates, vote_weights

from .texts import STORY


def _w(value: float, n: int = 3) -> np.ndarray:
    return np.full((2, n), value)


def _hunk(target_key: str, s: int, e: int, readings: dict[str, list[int]]) -> Hunk:
    return Hunk(s, e, {t: [(w, s, s + len(t)) for w in ws] for t, ws in readings.items()})


def test_error_rates_rank_the_noisiest_witness_last():
    clean = STORY
    some = STORY.replace("统筹", "统筠").replace("屋顶", "屋项")
    many = STORY
    for a, b in [("老旧", "老IH"), ("居民", "居氏"), ("养老", "养考"), ("停车", "傅车"), ("方便", "方使"), ("成果", "成杲")]:
        many = many.replace(a, b)
    keys = [make_key(t).text for t in (clean, some, many)]
    alignments = [align_chain(keys[c.a], keys[c.b], c) for c in find_chains(keys, Options())]
    rates = estimate_error_rates([a for a in alignments if a], 3)
    assert rates[LETTER, 0] < rates[LETTER, 1] < rates[LETTER, 2]
    weights = vote_weights(rates)
    assert weights[LETTER, 0] > weights[LETTER, 2]


def test_punctuation_has_its_own_error_rate():
    noisy = STORY.replace("。", "，").replace("、", "，")
    keys = [make_key(t).text for t in (STORY, STORY, noisy)]
    alignments = [align_chain(keys[c.a], keys[c.b], c) for c in find_chains(keys, Options())]
    rates = estimate_error_rates([a for a in alignments if a], 3)
    assert rates[PUNCT, 2] > 2 * rates[PUNCT, 0]
    assert rates[LETTER, 2] < 2 * rates[LETTER, 0]  # its letters are as good as the others'


def test_majority_wins_when_language_is_silent():
    key = make_key(STORY).text
    s = key.index("协调") + 1
    h = _hunk(key, s, s + 1, {"调": [0, 1], "凋": [2]})
    dec = decide(0, key, h, _w(6.0), None)
    assert dec.best.text == "调" and dec.best.probability > 0.99


def test_language_breaks_a_three_way_tie():
    # three witnesses, three readings: the dictionary knows 已经 and not 己经 or 巳经
    key = "他们已经完成了今年的任务"
    s = key.index("已")
    h = _hunk(key, s, s + 1, {"已": [1], "己": [0], "巳": [2]})
    lang = LanguageEvidence([key], Dictionary.load())
    dec = decide(0, key, h, _w(6.0), lang)
    assert dec.best.text == "已"
    assert dec.candidate("已").lm > dec.candidate("己").lm


def test_two_to_one_majority_overruled_only_by_a_broken_word():
    key = "坚持全面从严治政不动摇"
    s = key.index("政")
    lang = LanguageEvidence([key], Dictionary.load())
    h = _hunk(key, s, s + 1, {"政": [0, 1], "党": [2]})
    dec = decide(0, key, h, _w(4.0), lang)
    assert dec.best.text == "党"  # 从严治党 is a word; 治政 breaks it
    # with a plain word on both sides the majority stands
    key2 = "他们已经完成了今年的任务"
    s2 = key2.index("完成")
    h2 = _hunk(key2, s2, s2 + 2, {"完成": [0, 1], "完毕": [2]})
    assert decide(0, key2, h2, _w(4.0), LanguageEvidence([key2], Dictionary.load())).best.text == "完成"


def test_edit_costs_favour_common_ocr_errors():
    assert _edit_cost("，", "。") == (1.0, PUNCT) and _edit_cost("甲", "乙") == (1.0, LETTER)
    assert _edit_cost("抓", "点", left="以点带面、抓", right="扩面") == (0.7, LETTER)  # doubled from its neighbour
    assert _edit_cost("完全不同的一句话", "别的") == (1.5, LETTER)  # capped: a rewording says nothing


def test_an_ascii_full_stop_inside_chinese_text_is_penalised():
    key = "这是主服务器自身.否则你将收到通知"
    s = key.index(".")
    h = _hunk(key, s, s + 1, {".": [0], "。": [1]})
    dec = decide(0, key, h, _w(3.0), LanguageEvidence([key], Dictionary.load()))
    assert dec.best.text == "。" and dec.best.probability > 0.95
    # between digits it is a decimal point and stays
    key2 = "参见第5.11节的说明"
    s2 = key2.index(".")
    h2 = _hunk(key2, s2, s2 + 1, {".": [0, 2], "。": [1]})
    assert decide(0, key2, h2, _w(3.0), LanguageEvidence([key2], Dictionary.load())).best.text == "."


def _confusion_decision(truth, readings, p_truth=0.999, at=None):
    """A voted single-mark hunk: ``truth`` is best with ``p_truth``; witness i reads ``([truth] + readings)[i]``."""
    from corrector.vote import Candidate, HunkVote

    obs = [truth] + readings
    others = sorted(set(readings) - {truth})
    support = {t: [(i, at, at + 1) for i, o in enumerate(obs) if o == t] if at is not None else [] for t in [truth, *others]}
    cands = [Candidate(truth, support[truth], probability=p_truth)] + [
        Candidate(r, support[r], probability=(1 - p_truth) / len(others)) for r in others
    ]
    return HunkVote(0, _hunk("", 0, 1, {}), truth, cands, list(enumerate(obs)))


def test_confusions_learned_from_voted_hunks_weigh_common_misreadings_less():
    from corrector.vote import Confusions

    decisions = [_confusion_decision("。", ["，"]) for _ in range(20)] + [_confusion_decision("，", ["、"]) for _ in range(5)]
    conf = Confusions.learn(decisions)
    assert conf.q("，", "。") > 0.8 and conf.q("。", "，") < 0.2
    # reading 。 as ， is common here, so a witness reading ， is weaker evidence against 。
    assert conf.adjust("，", "。") < 0 < conf.adjust("。", "，")
    assert conf.adjust("甲", "乙") == 0.0  # letters keep the generic chance


def test_confusions_count_a_hunk_once_and_by_its_probabilities():
    from corrector.vote import Confusions

    # the same place voted in three targets (same witness spans) is one observation of 。 read as ，
    same_place = [_confusion_decision("。", ["，"], at=7) for _ in range(3)]
    assert Confusions.learn(same_place).counts["。"]["，"] == pytest.approx(0.999)
    # an uncertain hunk counts for both of its readings, by their probabilities
    torn = Confusions.learn([_confusion_decision("。", ["，"], p_truth=0.6, at=3)])
    assert torn.counts["。"]["，"] == pytest.approx(0.6) and torn.counts["，"]["。"] == pytest.approx(0.4)


def test_a_misreading_one_mark_never_produces_points_to_another():
    from corrector.vote import Confusions

    # ； is read where ， was printed, never where 。 was: a witness reading ； weighs against 。
    decisions = [_confusion_decision("，", ["；"]) for _ in range(10)] + [_confusion_decision("。", ["，"]) for _ in range(10)]
    conf = Confusions.learn(decisions)
    assert conf.adjust("；", "。") - conf.adjust("；", "，") > 2.0


def test_a_middle_dot_ends_no_sentence():
    from corrector.language import Dictionary

    d = Dictionary.load()
    assert d.score("发生安装故障·apt") < d.score("发生安装故障。apt") - 10
    assert abs(d.score("马克·吐温") - d.score("马克。吐温")) < 10  # between names it is the name dot


def test_a_doubled_comma_in_the_corpus_is_no_evidence_for_one():
    from corrector.language import CorpusCounts

    # the OCR doubled the comma after 文件 in many places; 文件, is still the better reading here
    corpus = CorpusCounts(["打开文件,,然后"] * 5 + ["保存文件,然后"] * 2)
    single, double = corpus.evidence("打开文件", "然后", [(",", 1), (",,", 1)])
    assert double <= single  # without the rule the five doubled commas would tip it
    assert ",," not in corpus.grams("文件", ",,", "然后") and "——" in corpus.grams("他说", "——", "好")


def test_a_reading_two_witnesses_ahead_is_settled_without_a_vote():
    from corrector.vote import settled

    key = "坚持全面从严治党不动摇"
    s = key.index("党")
    ahead_by_two = Hunk(s, s + 1, {"党": [(0, s, s + 1), (1, s, s + 1), (2, s, s + 1)], "政": [(3, s, s + 1)]})
    ahead_by_one = Hunk(s, s + 1, {"党": [(0, s, s + 1), (1, s, s + 1)], "政": [(3, s, s + 1)]})
    behind = Hunk(s, s + 1, {"党": [(0, s, s + 1)], "政": [(3, s, s + 1), (1, s, s + 1), (2, s, s + 1)]})
    assert settled(ahead_by_two, key) and not settled(ahead_by_one, key) and not settled(behind, key)


def test_the_column_majority_is_a_candidate_when_no_witness_reads_it():
    # four witnesses, each with an error in a different column of a two-character hunk: 完成 is read
    # by none, but it is every column's majority (README: "plus the per-column majority")
    key = "他们已经完戍了今年的任务"
    s = key.index("完")
    h = _hunk(key, s, s + 2, {"完戍": [0], "完戌": [1], "宗成": [2], "元成": [3]})
    dec = decide(0, key, h, _w(4.0, 4), None)
    majority = dec.candidate("完成")
    assert majority.support == []
    # readings of different lengths have no column majority
    h2 = _hunk(key, s, s + 2, {"完戍": [0], "完": [1], "成": [2]})
    assert sorted(c.text for c in decide(0, key, h2, _w(4.0, 3), None).candidates) == ["完", "完戍", "成"]


def test_the_slot_majority_mends_a_run_each_printing_garbles_its_own_way():
    from corrector.vote import _slot_majority

    # five printings of /usr/bin/dash, none of them right as a whole (tesseract's ustbinydash is the target's)
    readings = {"ustbinydash": [(0, 0, 11)], "/usr/bin/dasb": [(1, 0, 13)], "/usrVbin/dash": [(2, 0, 13)],
                "/ust/bin/dash": [(3, 0, 13)], "/usr/bln/dash": [(4, 0, 13)]}
    w = np.full((2, 5), 3.0)
    assert _slot_majority("ustbinydash", readings, w) == "/usr/bin/dash"
    # a tie keeps the target's reading of the slot; with two readings there is nothing to combine
    assert _slot_majority("abc", {"abc": [(0, 0, 3)], "abd": [(1, 0, 3)], "ab": [(2, 0, 2)]}, np.full((2, 3), 3.0)) == "abc"
    assert _slot_majority("abc", {"abc": [(0, 0, 3)], "abdd": [(1, 0, 4)]}, np.full((2, 2), 3.0)) is None


def test_the_slot_majority_is_a_candidate_only_where_readings_differ_in_length():
    key = "比如ustbinydash它"
    h = Hunk(2, 13, {"ustbinydash": [(0, 2, 13)], "/usr/bin/dasb": [(1, 2, 15)], "/usrVbin/dash": [(2, 2, 15)],
                     "/ust/bin/dash": [(3, 2, 15)], "/usr/bln/dash": [(4, 2, 15)]})
    dec = decide(0, key, h, np.full((2, 5), 3.0), None)
    assert "/usr/bin/dash" in [c.text for c in dec.candidates]
    assert dec.best.text == "/usr/bin/dash"
