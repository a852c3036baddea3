"""Where every other printing reads the change and the target stands alone: the rules that use it.

Each case was checked by hand: the readings, what the truth is, and why the rule must (or must
not) take the change for the target's OCR.
"""

from __future__ import annotations

import pytest

from corrector.agreement import Agreement, agreement
from corrector.classify import classify
from corrector.holds import keeps_fluent_reading
from corrector.language import Dictionary
from corrector.proposal import toward
from corrector.vote import Candidate

ALONE = Agreement(others=2, backers=2, shared=0)  # two other printings, both read the change
SPLIT = Agreement(others=2, backers=1, shared=0)  # one reads the change, one something else


@pytest.fixture(scope="module")
def d() -> Dictionary:
    return Dictionary.load()


def test_agreement_counts_the_other_printings():
    obs = [(0, "自已"), (1, "自己"), (2, "自己")]
    assert agreement(obs, 0, "自已", "自己") == Agreement(others=2, backers=2, shared=0)
    assert agreement(obs, 0, "自已", "自己").unanimous
    # another printing reads what the target reads: not alone
    obs = [(0, "自已"), (1, "自己"), (2, "自已")]
    assert agreement(obs, 0, "自已", "自己") == Agreement(others=2, backers=1, shared=1)
    assert not agreement(obs, 0, "自已", "自己").unanimous
    # one other printing is not enough
    assert not agreement([(0, "自已"), (1, "自己")], 0, "自已", "自己").unanimous


def test_a_long_reading_one_slip_away_still_backs_the_change():
    change = "中积累了多数的工具、插件、脚"
    obs = [(0, "ee插件、肢"), (1, change), (2, "中积累了多数的工具插件、脚")]
    assert agreement(obs, 0, "ee插件、肢", change).unanimous
    # a short reading one letter away is another reading
    assert not agreement([(0, "拖搜"), (1, "拖拽"), (2, "拖找")], 0, "拖搜", "拖拽").unanimous


def test_a_look_alike_both_words_is_the_targets_misreading_only_where_it_stands_alone(d):
    # 自已 is in jieba's dictionary (a common misspelling), so both readings are "words"
    args = ("自已", "自己", "然后按住", "想设置", 0.5, d, 2)
    assert classify(*args)[0] == "variant"
    assert classify(*args, agree=SPLIT)[0] == "variant"
    assert classify(*args, agree=ALONE)[0] == "substitution"


def test_one_character_outvoted_needs_the_dictionary_not_the_corpus(d):
    # 封面/对面: not look-alikes; the vote's dictionary evidence (word_gain) clearly prefers 封面
    args = ("对", "封", "作为前", "面文字", 5.0, d, 2)
    assert classify(*args, word_gain=4.0)[0] == "variant"
    assert classify(*args, word_gain=4.0, agree=ALONE)[0] == "substitution"
    assert classify(*args, word_gain=1.0, agree=ALONE)[0] == "variant"
    # 包含 → 包括 is an editor's word: the corpus (the other paper's house style) favours 包括 by
    # 7 nats, the dictionary hardly: it stays a variant even where the target stands alone
    assert classify("含", "括", "你可以包", "本授权", 7.1, d, 2, word_gain=1.05, agree=ALONE)[0] == "variant"


def test_lost_text_mid_clause_is_put_back_where_the_target_stands_alone(d):
    own, new = "面且更遗憾", "而且更遗憾的是，之后应该"
    left, right = "都不是完美的。", "也不会出现完美"
    assert classify(own, new, left, right, 5.3, d, 2, 40)[0] == "variant"
    assert classify(own, new, left, right, 5.3, d, 2, 40, agree=ALONE) == ("insertion", "text the OCR lost")
    # too near a passage's end: a page cut short
    assert classify(own, new, left, right, 5.3, d, 2, 3, agree=ALONE)[0] == "variant"


def test_an_editors_lead_in_before_a_paragraph_is_never_lost_text(d):
    own, new = "", "据新华社报道，"
    left, right = "的章节", "你可以增加一个"
    starts = frozenset({len(left)})  # 你 starts a paragraph
    assert classify(own, new, left, right, 2.0, d, 2, 40, agree=ALONE)[0] == "insertion"
    assert classify(own, new, left, right, 2.0, d, 2, 40, agree=ALONE, line_starts=starts)[0] == "variant"


def test_a_run_that_closes_a_clause_and_adds_a_sentence_is_an_editors_cut(d):
    # train part 1 editions: the edited paper cut 如果没有进行命令替换，命令以状态零退出。 and its OCR lost the
    # 。 before 中讲到 too; the agency's three printings put back 。 and the sentence (checked by hand)
    own, new = "中讲到的一样。", "。如果没有进行命令替换，命令以状态零退出。中讲到的一样。"
    left, right = "替换的退出状态", "如果名称不是一"
    assert classify(own, new, left, right, 24.3, d, 3, 40, agree=ALONE)[0] == "variant"
    # ... also where the target read the mark before it as another (* for 。): the whole run is weighed,
    # not its first character (held-out part 2 editions, found after its figures were taken)
    own, new = "*", "。软件在服务器上管理和维护，而不需要在客户端本地安装软件。"
    assert classify(own, new, "是极佳的方法", "主目录和系统设置", 20.6, d, 3, 40)[0] == "variant"
    # a lost line that crosses a mark but ends mid-clause is still text the OCR lost
    own, new = "面且更遗憾", "而且更遗憾的是，之后应该"
    assert classify(own, new, "都不是完美的。", "也不会出现完美", 5.3, d, 2, 40, agree=ALONE)[0] == "insertion"


def test_a_short_insertion_is_an_editors_word_as_often_as_a_lost_line(d):
    # 与此 put before 同时 by the other paper's two printings: too short to call lost
    assert classify("", "与此", "不做修改，", "同时在组合", 1.3, d, 2, 40, agree=ALONE)[0] == "variant"


def test_a_garble_read_as_several_characters_needs_the_same_evidence_where_the_target_stands_alone(d):
    # 3 letters for 2 is as often an editor's rewording (军饷叫/对地 in the synthetic archive's
    # rewrites, in a paper printed once) as a garble (和珑/矩): the bar stays 6 nats
    assert classify("和珑", "矩", "当", "形较小时", 5.0, d, 2, agree=ALONE)[0] == "variant"
    assert classify("和珑", "矩", "当", "形较小时", 6.5, d, 2, agree=ALONE) == ("noise", "a character read as several")
    # ... and never where the target's reading holds a dictionary word: the 10,000-page synthetic
    # archive's rewrite 军饷叫 (for 对地), which the other papers' corpus counts favoured by 6+ nats
    assert classify("军饷叫", "对地", "部门", "方面", 9.0, d, 3, agree=ALONE)[0] == "variant"


def test_latin_text_is_not_judged_by_chinese_fluency(d):
    args = ("《", "C", "有23万行的", "语言代码", -4.5, d, 4)
    assert classify(*args)[0] == "variant"
    assert classify(*args, agree=ALONE)[0] != "variant"


def test_the_fluent_reading_rule_does_not_hold_back_text_put_back():
    assert not keeps_fluent_reading("人", "称于下提及的特定章节，", -1.3, own_word=True)
    assert keeps_fluent_reading("住", "驻", -2.0, own_word=True)


def _cand(text: str, p: float) -> Candidate:
    return Candidate(text=text, support=[], probability=p)


def test_confidence_is_the_share_of_readings_the_change_does_not_move_away_from():
    # 倘车: one printing 如果, one 倘若 (the garble's own paper); applying 如果 is no safe bet
    cands = [_cand("如果", 0.6), _cand("倘若", 0.39), _cand("倘车", 0.01)]
    assert toward(cands, "倘车", "如果") == pytest.approx(0.6)
    # readings that differ from the change by a mark back it
    cands = [_cand("一个;", 0.45), _cand("一个:", 0.45), _cand("人", 0.1)]
    assert toward(cands, "人", "一个;") == pytest.approx(0.9)
    # two readings: the ratio of the change's to the target's
    assert toward([_cand("党", 0.8), _cand("政", 0.2)], "政", "党") == pytest.approx(0.8)


def test_a_rival_fix_of_the_same_garble_backs_the_change():
    # 抓抓扩面: one printing 抓点, one 抓块; either removes the doubled 抓, so 点 is no worse than 块
    cands = [_cand("点", 0.6), _cand("块", 0.3), _cand("抓", 0.1)]
    assert toward(cands, "抓", "点") == pytest.approx(0.9)


def test_other_misreadings_of_the_targets_character_do_not_back_its_deletion():
    # 再摁F3: the target reads 摁 (right); two printings lost it, one read 提, one 揭 (held-out OCR,
    # where the deletion was applied at 0.995 and made the page worse): 提 and 揭 are no deletion
    cands = [_cand("", 0.45), _cand("提", 0.2), _cand("揭", 0.2), _cand("摁", 0.15)]
    assert toward(cands, "摁", "") == pytest.approx(0.45)
    # ... but a rival fix as long as the change still backs it (抓块 beside 抓点, above)
    assert toward([_cand("点", 0.6), _cand("块", 0.3), _cand("抓", 0.1)], "抓", "点") == pytest.approx(0.9)


def test_a_mark_changed_beside_a_word_is_no_letter_of_it(d):
    # ；可以 → ，能够: the letters are two words (an editor's swap), whatever the mark does
    kind, note = classify("；可以", "，能够", "挡住了图像", "移动图像到", 0.8, d, 2)
    assert (kind, note) == ("variant", "both readings are words")


def test_a_reading_as_near_the_target_as_the_change_does_not_back_it():
    own, change = "中积累了多数的工甲", "中积累了多数的工具"
    obs = [(0, own), (1, change), (2, "中积累了多数的工乙")]  # one slip from each
    assert agreement(obs, 0, own, change).backers == 1


def test_an_arrow_the_other_printings_read_as_yi_is_kept(d):
    assert classify("→", "一", "放到了图层", "颜色里面", -0.6, d, 3, agree=ALONE)[0] == "variant"
    assert classify("——", "一一", "新篇章", "习近平", 0.0, d, 2)[0] == "variant"
    # the other way round is the fix
    assert classify("一", "→", "放到了图层", "颜色里面", 0.6, d, 3)[0] != "variant"


def test_a_name_stays_a_variant_even_where_the_target_stands_alone(d):
    # 南京 for 北京: one character, but a name; a paper printed once may have changed it (the
    # synthetic archive's rewrites do), so neither agreement nor the dictionary overrules it
    args = ("南", "北", "来自", "京的代表", 4.0, d, 3)
    assert classify(*args, word_gain=4.0, agree=ALONE) == ("variant", "a different name")
    assert classify("天津", "上海", "据", "证券交易所", 9.0, d, 3, word_gain=9.0, agree=ALONE)[0] == "variant"


def test_auto_keeps_a_chinese_mark_the_page_prints():
    from corrector.model import Proposal, Reading, WitnessReading
    from corrector.policy import drops_printed_mark, select

    def prop(old: str, new: str, backers: int = 2) -> Proposal:
        wits = [WitnessReading(f"w{i}.txt", 0, 0, new) for i in range(backers)]
        return Proposal(doc="a.txt", start=0, end=len(old), old=old, new=new, confidence=0.98, kind="deletion",
                        reason="", readings=[Reading(text=new, witnesses=wits)])

    assert drops_printed_mark(prop("。", ""))
    assert drops_printed_mark(prop("，", ""))
    assert not drops_printed_mark(prop(".", ""))  # an ASCII dot in Chinese text is OCR noise
    assert not drops_printed_mark(prop("和", ""))
    assert not drops_printed_mark(prop("，", "。"))
    assert not drops_printed_mark(prop("，", "", backers=4))  # four printings without it
    applied, skipped = select([prop("。", ""), prop("-", "")])
    assert [p.old for p in applied] == ["-"] and "Chinese mark" in skipped[0].why


@pytest.mark.parametrize(
    "own, new, left, right, agree, gain, expected",
    [
        # checked by hand: the training OCR's garbled Latin words
        ("GHP", "GIMP", "你可以用", "编辑图片", Agreement(4, 4, 0), 8.2, True),
        ("m", "rn", "Inte", "et", Agreement(4, 4, 0), 0.0, True),  # Intemet → Internet
        ("1", "", "Al", "i", Agreement(4, 3, 0), 4.8, True),  # Al1i → Ali (the fourth read AI)
        ("1l", "l", "", "ist", Agreement(3, 2, 0), 4.1, True),  # 1list → list, 2 of 3 others
        # not: another printing reads the target's word (the paper's own word, or a shared habit)
        ("GHP", "GIMP", "你可以用", "编辑图片", Agreement(4, 3, 1), 8.2, False),
        # not: the language evidence opposes the change
        ("GHP", "GIMP", "你可以用", "编辑图片", Agreement(4, 4, 0), -0.5, False),
        # not: half the others or fewer read the change
        ("GHP", "GIMP", "你可以用", "编辑图片", Agreement(4, 2, 0), 8.2, False),
        # not: a number (an editor's as often as OCR's)
        ("12", "14", "共有", "个", Agreement(4, 4, 0), 1.0, False),
        # not: a number inside a Latin word (the editions bench's edit VT100 → VT102)
        ("0", "2", "终端VT10", "的", Agreement(2, 2, 0), 0.5, False),
        # not: Han characters change
        ("下", "IF", "。", "S的默认值", Agreement(4, 4, 0), 4.0, False),
    ],
)
def test_a_latin_word_the_other_printings_read_otherwise_is_an_ocr_error(own, new, left, right, agree, gain, expected):
    from corrector.classify import _latin_word_outvoted

    assert _latin_word_outvoted(own, new, left, right, agree, gain) is expected
    if expected:
        kind, _ = classify(own, new, left, right, gain, None, agree.backers, agree=agree)
        assert kind in ("substitution", "deletion", "insertion")
        # ... but not where the target's word is written so elsewhere in the corpus (the synthetic
        # archive's rewrite Unix → Linux, in the one paper that printed it)
        assert not _latin_word_outvoted(own, new, left, right, agree, gain, own_attested=True)
        kind, _ = classify(own, new, left, right, gain, None, agree.backers, agree=agree, own_attested=True)
        assert kind == "variant"


def test_a_latin_garble_is_judged_by_the_corpus_not_by_the_chinese_dictionary(d):
    # held-out OCR: tesseract's ustbinydash for /usr/bin/dash, which three of four others read; the
    # dictionary charges the two slashes 4.5 nats (word_gain), the corpus favours the path by 4.4
    args = ("ustbinydash", "/usr/bin/dash", "比如", "，它缺少", -0.1, d, 3)
    agree = Agreement(others=4, backers=3, shared=0)
    assert classify(*args, word_gain=-4.5, agree=agree)[0] == "substitution"
    assert classify(*args, word_gain=-4.5, agree=agree, own_attested=True)[0] == "variant"
    # the corpus against the change still holds it back
    assert classify("ustbinydash", "/usr/bin/dash", "比如", "，它缺少", -5.0, d, 3, word_gain=-4.5, agree=agree)[0] == "variant"


def test_a_reading_is_attested_only_where_it_differs_from_the_change():
    from corrector.language import CorpusCounts

    corpus = CorpusCounts(["比如/usr/bin/dash，它", "比如ustbinydash，它", "运行dash即可", "Unix系统和Unix命令"])
    # ustbinydash shares dash with the path (written elsewhere); its own trigrams (ust, stb, …) are nowhere else
    assert not corpus.attested("比如", "，它", "ustbinydash", 1, "/usr/bin/dash")
    # Unix is written elsewhere (twice in one text; one printing reads it here)
    assert corpus.attested("使用", "系统", "Unix", 1, "Linux")
    assert not corpus.attested("使用", "系统", "Unix", 2, "Linux")  # two printings here supply both
