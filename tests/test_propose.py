"""Propose and select: kinds, confidence, offsets, order independence, and the seed pages end to end."""

from __future__ import annotations

import random

import pytest

import corrector
from corrector.model import Proposal

from .conftest import make_doc
from .texts import OTHER, STORY, THIRD


def _propose(texts: dict[str, str]):
    return corrector.propose([make_doc(k, v) for k, v in texts.items()])


def _by_doc(result) -> dict[str, list[Proposal]]:
    out: dict[str, list[Proposal]] = {}
    for p in result.proposals:
        out.setdefault(p.doc, []).append(p)
    return out


def _printing(name: str | int, text: str):
    """``text`` as the printing ``NAME.txt``, keyed as the engine keys it."""
    from corrector.ingest import make_key
    from corrector.typography import Printing

    return Printing(make_doc(f"{name}.txt", text), make_key(text))


def _restyle(docs, target, *args, **kw):
    """:func:`corrector.typography.restyle` in the target's own style."""
    from corrector.typography import Style, restyle

    return restyle(docs, target, Style.of(target.doc, target.key), *args, **kw)


def test_each_witness_gets_its_own_error_fixed():
    texts = {
        "a.txt": OTHER + STORY.replace("统筹协调", "统筹协凋"),
        "b.txt": STORY.replace("惠及居民", "惠及居氏") + THIRD,
        "c.txt": THIRD + STORY.replace("看得见", "看得得见"),
    }
    result = _propose(texts)
    by_doc = _by_doc(result)
    assert {d: [(p.old, p.new) for p in ps] for d, ps in by_doc.items()} == {
        "a.txt": [("凋", "调")],
        "b.txt": [("氏", "民")],
        "c.txt": [("得", "")],
    }
    applied, skipped = corrector.select(result.proposals)
    assert len(applied) == 3 and not skipped
    for doc in result.documents:
        fixed = corrector.apply(doc, [p for p in applied if p.doc == doc.id])
        assert STORY in fixed
    for p in result.proposals:
        assert result.document(p.doc).text[p.start:p.end] == p.old


def test_editorial_differences_are_variants_never_applied():
    texts = {
        "a.txt": STORY,
        "b.txt": STORY,
        "c.txt": STORY.replace("统筹协调", "统筹指导").replace("一百二十个", "一百三十个"),
    }
    result = _propose(texts)
    mine = [p for p in result.proposals if p.doc == "c.txt"]
    assert sorted((p.old, p.new) for p in mine) == [("三", "二"), ("指导", "协调")]
    assert all(p.kind == "variant" and p.confidence <= 0.5 for p in mine)
    assert all("editorial" in p.reason for p in mine)
    applied, skipped = corrector.select(result.proposals, min_confidence=0.0)
    assert applied == [] and len(skipped) == len(result.proposals)


def test_a_sentence_only_some_papers_print_is_a_variant():
    extra = "记者在现场看到，施工队伍正在加紧作业。"
    cut = STORY.index("不少居民说")
    texts = {"a.txt": STORY, "b.txt": STORY[:cut] + extra + STORY[cut:], "c.txt": STORY}
    result = _propose(texts)
    assert result.proposals and all(p.kind == "variant" for p in result.proposals)


def test_identical_witnesses_give_no_proposals():
    assert _propose({"a.txt": STORY, "b.txt": STORY, "c.txt": OTHER + STORY}).proposals == []


def test_a_passage_without_counterpart_gets_nothing():
    result = _propose({"a.txt": STORY.replace("统筹", "统筠"), "b.txt": OTHER})
    assert result.groups == [] and [p for p in result.proposals if p.kind != "suspect"] == []


def test_result_does_not_depend_on_witness_order():
    texts = {
        "a.txt": STORY.replace("统筹协调", "统筹协凋").replace("屋顶", "顶屋"),
        "b.txt": STORY.replace("惠及居民", "惠及居氏"),
        "c.txt": STORY.replace("看得见", "看得得见"),
        "d.txt": STORY.replace("生活更加", "生活更力口"),
    }
    docs = [make_doc(k, v) for k, v in texts.items()]
    want = [(p.doc, p.start, p.end, p.new, p.kind, p.confidence) for p in corrector.propose(docs).proposals]
    # every planted error is found (an empty result would be order-independent too)
    found = {(d, text[s:e], new) for d, s, e, new, _, _ in want for text in [texts[d]]}
    assert found == {("a.txt", "凋", "调"), ("a.txt", "顶屋", "屋顶"), ("b.txt", "氏", "民"), ("c.txt", "得", ""),
                     ("d.txt", "力口", "加")}
    for seed in range(3):
        random.Random(seed).shuffle(docs)
        got = [(p.doc, p.start, p.end, p.new, p.kind, p.confidence) for p in corrector.propose(docs).proposals]
        assert got == want


def test_whitespace_and_typography_of_the_target_are_kept():
    a = STORY.replace("，惠及居民", "，惠及\n居氏")  # the error sits next to a line break
    result = _propose({"a.txt": a, "b.txt": STORY, "c.txt": STORY})
    (p,) = result.proposals
    fixed = corrector.apply(result.document("a.txt"), [p])
    assert "惠及\n居民" in fixed
    # a witness printing half-width commas does not turn the target's full-width ones into ASCII
    b = STORY.replace("，", ",").replace("统筹协调", "统筹协凋")
    result = _propose({"a.txt": b, "b.txt": STORY, "c.txt": STORY})
    assert [(p.old, p.new) for p in result.proposals] == [("凋", "调")]


def test_options_are_checked():
    with pytest.raises(TypeError, match="unknown option"):
        corrector.propose([], ngramm=4)


# --- the seed pages -------------------------------------------------------------------------


def _find(result, doc_prefix: str, old_ctx: str):
    doc = next(d for d in result.documents if d.id.startswith(doc_prefix))
    at = doc.text.index(old_ctx)
    return [p for p in result.proposals if p.doc == doc.id and at <= p.start < at + len(old_ctx)]


def test_seeds_the_named_corrections_are_applied(seed_result):
    applied, _ = corrector.select(seed_result.proposals)
    ids = {p.id for p in applied}
    (zhi,) = _find(seed_result, "000", "全面从严治政纵深推进")
    assert (zhi.old, zhi.new) == ("政", "党") and zhi.id in ids
    (zhua,) = _find(seed_result, "000", "以点带面、抓抓扩面")
    assert (zhua.old, zhua.new) == ("抓", "点") and zhua.id in ids
    fixed = corrector.apply(seed_result.document(zhi.doc), [p for p in applied if p.doc == zhi.doc])
    assert "全面从严治党纵深推进" in fixed and "以点带面、抓点扩面" in fixed


def test_seeds_a_fluent_reading_is_not_replaced_by_a_majority(seed_result):
    # 002 prints 医、食、住、行; 000 and 001 read 驻, which the language evidence rejects
    applied, _ = corrector.select(seed_result.proposals)
    found = _find(seed_result, "002", "医、食、住、行")
    assert [(p.old, p.new) for p in found] == [("住", "驻")]
    assert found[0].id not in {p.id for p in applied} and found[0].confidence <= 0.5


def test_seeds_editorial_rewrites_are_left_alone(seed_result):
    applied, _ = corrector.select(seed_result.proposals)
    # one paper printed 难以持续 where the others have 难以为继; another 建设和发展 for 建设和治理
    for prefix, ctx in (("001", "经济发展难以持续"), ("002", "积极参与城市建设和发展")):
        found = _find(seed_result, prefix, ctx)
        assert found and all(p.kind == "variant" for p in found)
        assert not any(p.id in {a.id for a in applied} for p in found)


def test_seeds_pages_without_another_version_are_untouched(seed_result):
    # only single-witness suspicion flags (issue 14), which auto mode never applies unasked
    assert all(p.kind == "suspect" for p in seed_result.proposals if p.doc.startswith(("003", "004")))


def test_proposals_of_a_document_never_overlap():
    # differences inside and next to a Latin word widen to the whole word: still disjoint hunks
    a = STORY.replace("停车", "Debian停车").replace("统筹协调", "统筹协凋")
    b = STORY.replace("停车", "Debain停乍")
    c = STORY.replace("停车", "Debian停车")
    result = _propose({"a.txt": a, "b.txt": b, "c.txt": c})
    for doc in result.documents:
        ps = sorted((p for p in result.proposals if p.doc == doc.id), key=lambda p: p.start)
        assert all(x.end <= y.start for x, y in zip(ps, ps[1:]))
        corrector.apply(doc, ps)  # raises on overlap


def test_classify_kinds():
    from corrector.language import Dictionary
    from corrector.classify import classify

    d = Dictionary.load()
    assert classify("治政", "治党", "全面从严", "纵深推进", 7.0, d)[0] == "substitution"
    assert classify("收", "读", "郝建华在", "到习近平", 1.0, d)[0] == "variant"  # both words
    assert classify("一百二十", "一百三十", "完成", "个", 0.0, d)[0] == "variant"  # a number
    assert classify("and", "和", "组织", "人群", 5.0, d)[0] == "noise"
    assert classify("我谦", "谦我", "你", "让", 1.0, d)[0] == "transposition"
    assert classify("了上蚁", "瞄", "水平。", "准先进", 9.0, d) == ("noise", "a character read as several")
    # a synonym is not a garbled character, however the language evidence leans
    assert classify("能够", "可以", "你", "使用", 9.0, d)[0] == "variant"
    assert classify("", "头", "前门石", "胡同", 1.0, d)[0] == "insertion"
    assert classify("实际问题", "问题", "就餐难等", "，引导", 1.0, d)[0] == "variant"  # words left out


def test_new_text_takes_the_targets_typography():
    target = _printing(0, "他说：“好”。我们说：“行”，然后走了；")
    ascii_w = _printing(1, '他说:"好".我们说:"行",然后走了;')
    docs = [target, ascii_w]
    key = ascii_w.key.text
    # a mark the target prints takes its form; one it never prints becomes full-width
    assert _restyle(docs, target, ";", [(1, key.index(";"), key.index(";") + 1)]) == ["；"]
    assert _restyle(docs, target, "!", []) == ["！"]
    # straight quotes become opening or closing by the quotes before them in the paragraph
    assert _restyle(docs, target, '"', [], at=0) == ["“"]
    assert _restyle(docs, target, '"', [], at=target.doc.text.index("好") + 1) == ["”"]
    # an ASCII document keeps ASCII marks
    plain = _printing(2, "a, b; c. d, e.")
    assert _restyle([plain], plain, ";", []) == [";"]


def test_a_mark_in_chinese_text_is_full_width_even_where_the_ocr_prints_ascii():
    # the target's OCR read every ； as ; and ( as (: a new mark between Han characters is still full-width
    target = _printing(0, "共建美丽城市;民生事业联办，共建幸福家园;社区(村)干部、党员，志愿者。大家说，好。")
    witness = _printing(1, "共建美丽城市;民生事业联办;共建幸福家园;社区(村)干部、党员，志愿者。大家说，好。")
    docs = [target, witness]
    key = witness.key.text
    i = key.index(";", key.index("联办"))
    assert _restyle(docs, target, ";", [(1, i, i + 1)], left="民生事业联办", right="共建幸福") == ["；"]
    j = key.index("(")
    assert _restyle(docs, target, "(", [(1, j, j + 1)], left="社区", right="村)干部") == ["（"]
    # between Latin letters (an English name inside Chinese text) the mark stays as printed
    latin = _printing(2, "支持Linux,Windows等系统，")
    k = latin.key.text.index(",")
    assert _restyle([latin], latin, ",", [(0, k, k + 1)], left="Linux", right="Windows") == [","]


def test_a_dropped_line_is_restored_but_a_dropped_sentence_is_a_variant():
    from corrector.language import Dictionary
    from corrector.classify import classify

    d = Dictionary.load()
    # the gap cuts a clause in two: OCR lost a line
    assert classify("", "累计完成改造项目一百二十", "全市各级部门", "个，惠及", 2.0, d, support=3) == ("insertion", "a dropped line")
    # a whole sentence, from mark to mark: an editor's cut
    assert classify("", "不少居民说家门口的变化看得见。", "短板。", "下一步", 2.0, d, support=3)[0] == "variant"
    # one witness alone is not enough to restore a line
    assert classify("", "累计完成改造项目一百二十", "全市各级部门", "个，惠及", 2.0, d, support=1)[0] == "variant"


def test_a_dropped_line_must_cut_a_clause_where_it_is_inserted():
    from corrector.language import Dictionary
    from corrector.classify import classify

    d = Dictionary.load()
    # the hunk reads more than the insertion: the sentence is still bounded by marks where it goes in
    assert classify("而设置。", "而设置。日志服务仅接收本地网络的信息。", "发送日志到服务器", "缺省的", 2.0, d, support=2)[0] == "variant"
    # extra text in the target is never cut as a doubled line (it may be another story's column)
    assert classify("它有新的功", "", "GNO", "ME桌面", 9.0, d, support=3)[0] == "variant"


def test_a_cut_sentence_is_a_variant_wherever_the_alignment_puts_its_gap():
    """The alignment may place a cut sentence's gap one repeated letter late (training OCR bench, a03):
    ``你[必须删除……章节。你]可以`` is the sentence ``[你必须删除……章节。]`` put back, not a dropped line."""
    from corrector.language import Dictionary
    from corrector.classify import classify

    d = Dictionary.load()
    cut = "必须删除标题为“背书”的所有章节。你"
    assert classify("你", "你" + cut, "的章节。", "可以制作", 20.0, d, support=2)[0] == "variant"
    assert classify("", cut, "的章节。你", "可以制作", 20.0, d, support=2)[0] == "variant"
    # sliding along repeated letters never makes a clause of a line cut mid-clause
    assert classify("", "改造项目一百二十个，惠及", "全市各级部门累计完成", "居民", 2.0, d, support=3) == (
        "insertion", "a dropped line")


def test_a_latin_letter_inside_a_latin_word_is_no_stray_mark():
    from corrector.language import Dictionary
    from corrector.classify import classify

    d = Dictionary.load()
    assert classify("and", "和", "组织", "人群", 5.0, d)[0] == "noise"
    # Shift read by one printing, Shif by three: the t is part of the word, not noise in Chinese text
    assert classify("Shift", "Shif", "首先要按住", "键，然后", -4.4, d, support=3)[0] != "noise"


def test_a_different_number_stays_a_variant_however_many_papers_agree():
    from corrector.language import Dictionary
    from corrector.classify import classify

    d = Dictionary.load()
    # one paper wrote 第十个 where four print 第一个: 一/十 look alike, but a number is an editor's choice
    assert classify("十", "一", "创建了第", "个使用者", 5.4, d, support=4) == ("variant", "a different number")
    # corpus counts (a phrase common in this corpus) do not overrule a word the paper chose: 采用/使用
    assert classify("采", "使", "映像可以", "用dd", 11.9, d, support=4)[0] == "variant"
    # ... the dictionary alone can: a garbled word next to a real one
    assert classify("生", "代", "推进中国式现", "化建设", 6.0, d)[0] == "substitution"


def test_a_different_name_or_word_is_never_overruled_by_the_dictionary():
    from corrector.language import Dictionary
    from corrector.classify import classify

    d = Dictionary.load()
    # 上海证券交易所 is one dictionary word, worth 15 nats over 天津 证券 交易所: still a name
    assert classify("天津", "上海", "杨献珍", "证券交易所", 15.1, d, support=4) == ("variant", "a different name")
    # 长沙 is a place name; 武汉职业技术学院 is not tagged as one, but the paper's reading is
    assert classify("长沙", "武汉", "饥寒", "职业技术学院", 18.5, d, support=3) == ("variant", "a different name")
    # one character of a place name, not a look-alike: 南京/北京
    assert classify("南", "北", "武警", "京总队", 10.7, d, support=3) == ("variant", "a different name")
    # a different length and nothing alike: another word, not a misreading
    assert classify("和", "以及", "监狱婆婆妈妈题记", "令人货真价实", 3.4, d, support=4) == ("variant", "another word")
    # a look-alike inside a name is still a misreading (北亰 is no word)
    assert classify("亰", "京", "武警北", "总队", 10.0, d, support=3)[0] == "substitution"
    # a number that breaks a word is a misreading; one that makes another numeral word is not
    assert classify("二", "一", "祖国统", "大业", 8.0, d, support=3)[0] == "substitution"
    assert classify("二", "一", "统治者", "个六七岁", 12.3, d, support=3) == ("variant", "a different number")


def _proposal(doc, old_reading, readings, confidence, kind="substitution"):
    from corrector.model import Reading, WitnessReading

    return Proposal(
        doc=doc, start=0, end=1, old=old_reading, new=readings[0][0], confidence=confidence, kind=kind, reason="",
        group=0,
        readings=[
            Reading(text=t, witnesses=[WitnessReading(d, 0, 1, t) for d in docs], language=lang, probability=prob)
            for t, docs, *rest in readings
            for lang, prob in [tuple(rest) or (0.0, 0.0)]
        ],
    )


def test_auto_needs_more_confidence_where_another_printing_reads_like_the_target():
    from corrector.policy import own_support, shared_bar

    # the higher bar is the hand-written rules' (the learned decision's confidence weighs the
    # printings that agree itself); the language requirement below holds in both modes

    from corrector.policy import MIN_CONFIDENCE, SHARED_FACTOR

    # (SHARED_FACTOR times less room for error: the vote's 0.9 and 0.99 carried over by the calibration)
    f = SHARED_FACTOR
    assert shared_bar(0.9) == pytest.approx(1 - 0.1 / f) and shared_bar(0.5) == pytest.approx(1 - 0.5 / f)
    assert MIN_CONFIDENCE < 0.86 < shared_bar(MIN_CONFIDENCE) < 0.9
    alone = _proposal("a", "。", [("，", ["b", "c"]), ("。", ["a"])], 0.86)
    backed = _proposal("a", "。", [("，", ["b", "c", "d"], 1.0, 0.95), ("。", ["a", "e"], 0.0, 0.05)], 0.86)
    sure = _proposal("a", "。", [("，", ["b", "c", "d"], 1.0, 0.995), ("。", ["a", "e"], 0.0, 0.005)], 0.9)
    assert (own_support(alone), own_support(backed)) == (1, 2)
    applied, skipped = corrector.select([alone, backed, sure])
    assert applied == [alone, sure]
    assert "2 printings read what this one reads" in skipped[0].why
    # a lower bar lowers both
    assert corrector.select([backed], min_confidence=0.5)[0] == [backed]
    # ... but the votes alone never settle a contested place: the language evidence must agree
    assert corrector.select([backed], min_confidence=0.85, decision="model")[0] == [backed]  # the model's confidence is the bar
    habit = _proposal("a", "璧", [("壁", ["b", "c", "d"], -4.6, 0.996), ("璧", ["a", "e"], -4.2, 0.004)], 0.996)
    even = _proposal("a", "璧", [("壁", ["b", "c", "d"], -9.0, 0.997), ("璧", ["a", "e"], -9.0, 0.003)], 0.997)
    for mode in ("rules", "model"):
        applied, skipped = corrector.select([habit, even], min_confidence=0.5, decision=mode)
        assert applied == [] and all("language evidence does not favour" in s.why for s in skipped)
        # one printing alone against the others needs no language evidence
        assert corrector.select([alone], min_confidence=0.5, decision=mode)[0] == [alone]


def test_marks_that_more_printings_read_need_no_language_evidence():
    """The language evidence scores marks alike (0 nats): where another printing shares the target's
    mark, more printings for the change than for the target's mark stand in for it (training OCR bench:
    开发版《而不是 read by 2, 开发版（而不是 by 3)."""
    outvoted = _proposal("a", "《", [("（", ["b", "c", "d"], 0.0, 0.9999), ("《", ["a", "e"], 0.0, 0.0001)], 0.9999)
    tie = _proposal("a", "--", [("-", ["b", "c"], 0.0, 0.9999), ("--", ["a", "e"], 0.0, 0.0001)], 0.9999)
    letters = _proposal("a", "璧", [("壁", ["b", "c", "d"], 0.0, 0.9999), ("璧", ["a", "e"], 0.0, 0.0001)], 0.9999)
    applied, skipped = corrector.select([outvoted, tie, letters])
    assert applied == [outvoted]
    assert all("language evidence does not favour" in s.why for s in skipped)
    # ... but not a symbol that technical text types and one engine keeps or drops on every
    # printing it reads (training OCR: `-user' read without its backquote by three RapidOCR printings)
    for old, new in (("`", ""), ("_", ""), ("{", ""), ("'", "")):
        habit = _proposal("a", old, [(new, ["b", "c", "d"], 0.0, 0.9999), (old, ["a", "e"], 0.0, 0.0001)], 0.9999)
        applied, skipped = corrector.select([habit])
        assert applied == [] and "one OCR engine keeps or drops them" in skipped[0].why, old
        # not even where the corpus counts (which echo the majority) favour the change
        habit = _proposal("a", old, [(new, ["b", "c", "d"], 2.8, 0.9999), (old, ["a", "e"], 0.0, 0.0001)], 0.9999)
        assert corrector.select([habit])[0] == [], old
        # one printing alone against the others: its stray symbol goes (the noise generator's garbage)
        alone = _proposal("a", old, [(new, ["b", "c", "d"], 0.0, 0.9999), (old, ["a"], 0.0, 0.0001)], 0.9999)
        assert corrector.select([alone])[0] == [alone], old
    # the shared bar still holds
    unsure = _proposal("a", "《", [("（", ["b", "c", "d"], 0.0, 0.98), ("《", ["a", "e"], 0.0, 0.02)], 0.85)
    assert corrector.select([unsure])[0] == []
    # a deletion the language evidence opposes: the marks belong, the printings without them lost them
    # (held-out OCR: 1.000，1”。 read without ”。 by three printings, 2.4 nats against)
    lost = _proposal("a", "”。", [("", ["b", "c", "d"], -2.4, 0.9999), ("”。", ["a", "e"], 0.0, 0.0001)], 0.9999)
    applied, skipped = corrector.select([lost])
    assert applied == [] and "language evidence does not favour" in skipped[0].why
    quiet = _proposal("a", "”。", [("", ["b", "c", "d"], 0.0, 0.9999), ("”。", ["a", "e"], 0.0, 0.0001)], 0.9999)
    assert corrector.select([quiet])[0] == [quiet]


def test_half_of_a_pair_of_brackets_is_never_applied():
    from corrector.typography import unbalances

    text = "中共中央办公厅印发关于加强和改进工作的意见。同年\n下一段《书名》。"
    at = text.index("关于")
    assert unbalances(text, at, at, "《")  # 《 without its 》 in the paragraph
    close = text.index("意见") + 2
    assert unbalances(text, at, at, "《") and not unbalances(text[:close] + "》" + text[close:], at, at, "《")
    # deleting the 》 of a complete pair leaves the 《 alone
    t2 = "印发《关于改进工作的意见》。"
    assert unbalances(t2, t2.index("》"), t2.index("》") + 1, "")
    # a misread bracket replaced by the right one, in the other width, pairs up
    t3 = "图形用户界面（GUI〉应用程序"
    assert not unbalances(t3, t3.index("〉"), t3.index("〉") + 1, ")")
    assert unbalances("界面〈GUI〉应用", 7, 8, ")")
    # a bracket after a backslash is an escape (training OCR part 2: a man page's \\(lq read as NIlq)
    man = "要在历史中向NIlq上\\(rq移动。"
    assert not unbalances(man, man.index("NI"), man.index("NI") + 2, "\\（")
    assert unbalances(man, man.index("NI"), man.index("NI") + 2, "（")  # a bare bracket is still half a pair
    # seeds: the papers that lack the title marks do not get half of them, the one that has them keeps them
    docs = corrector.load(["seeds"])
    applied, _ = corrector.select(corrector.propose(docs).proposals)
    assert not [p for p in applied if set(p.old + p.new) & set("《》")]


def test_an_inserted_opening_mark_goes_after_the_line_break():
    from corrector.typography import new_text as _new_text

    text = "担负重要使命。\n\n纵观各国治理实践"
    target = _printing("a", text)
    at = target.key.text.index("纵")
    # an opening quotation mark opens the next paragraph ...
    assert _new_text(target, at, at, "", ["“"]) == (text.index("纵"), text.index("纵"), "", "“")
    # ... anything else stays with the text before the break
    assert _new_text(target, at, at, "", ["”"])[0] == text.index("\n")


def test_classify_thresholds():
    """Each language-evidence threshold of classify on both sides of its boundary (readings checked by hand)."""
    from corrector.classify import classify
    from corrector.language import Dictionary

    d = Dictionary.load()
    # FLUENT_MARGIN (3 nats): OCR makes text worse, so a paper whose own reading is clearly better made a choice
    assert classify("完成", "完戍", "他们已经", "了今年", -4.0, d, support=2) == ("variant", "the paper's own reading reads better")
    assert classify("完成", "完戍", "他们已经", "了今年", -2.0, d, support=2)[0] == "substitution"
    # CLEAR_GAIN (3 nats): a look-alike that turns one word into another is OCR's only with clear language evidence
    assert classify("优惠", "忧患", "增强", "意识", 4.0, d, support=2)[0] == "substitution"
    assert classify("优惠", "忧患", "增强", "意识", 2.0, d, support=2) == ("variant", "both readings are words")
    # GARBLE_GAIN (6 nats): one character read as several (了上蚁 for 瞄) needs strong evidence, else it is a rewording
    assert classify("了上蚁", "瞄", "水平。", "准先进", 7.0, d, support=2) == ("noise", "a character read as several")
    assert classify("了上蚁", "瞄", "水平。", "准先进", 5.0, d, support=2)[0] == "variant"
    # LINE_EDGE (30 characters): next to the end of an aligned passage a gap is layout (a column break), not a lost line
    line = ("", "累计完成改造项目一百二十", "全市各级部门", "个，惠及", 2.0, d)
    assert classify(*line, support=3, edge=40) == ("insertion", "a dropped line")
    assert classify(*line, support=3, edge=10)[0] == "variant"


def test_a_latin_word_of_letters_is_not_given_a_digit_unattended():
    from corrector.holds import digit_into_word

    # (own, new, left, right, language gain): checked by hand
    assert digit_into_word("l", "1", "在子she", "环境中", -1.8)  # shell → shel1 (training OCR, two printings)
    assert digit_into_word("shell", "shel1", "在子", "环境中", 0.0)
    assert digit_into_word("0", "O", "20", "4年", -3.0)  # a letter into a number: 2004 → 20O4
    assert not digit_into_word("1", "l", "在子she", "环境中", -1.8)  # shel1 → shell: the fix itself
    assert not digit_into_word("l", "1", "在子she", "环境中", 0.5)  # the language evidence wants the digit
    # exta → ext4: held unless the language evidence (ext4 elsewhere in the corpus) favours it
    assert digit_into_word("a", "4", "ext", "文件系统", -1.0) and not digit_into_word("a", "4", "ext", "文件系统", 1.0)
    assert not digit_into_word("好", "1", "在子", "环境中", -1.0)  # no Latin word in the target's reading
    # lost Chinese text with a figure in it put back for a stray digit: no Latin word (news OCR: 一汤，5，)
    assert not digit_into_word("5", "只要12块钱", "一荤两素一汤，", "，比自己", -2.9)
    # ... but where the target's word of letters is written so elsewhere too, the corpus counts for
    # shel1 are RapidOCR's habit on the other printings (technical tuning text: 1.4 nats for shel1)
    assert digit_into_word("l", "1", "在子she", "环境中", 1.4, own_attested=True)
    assert not digit_into_word("l", "1", "在子she", "环境中", 1.4, own_attested=False)


def test_a_latin_word_written_elsewhere_is_not_turned_into_a_mixed_one_by_printings_that_share_the_habit():
    # (shell and shel1 were this test's words until the dictionary charged shel1 itself:
    # corrector.latin_shapes; a 0 for O is no such shape, so the rule still decides here)
    # three printings read GN0ME (one engine's 0-for-O), the target and one other read GNOME; other
    # passages of the corpus write GNOME and the GN0MEs count for the mixed word, but the target's
    # word is attested elsewhere: rule *Latin word kept* holds the change for an editor
    from corrector.holds import HOLD_CAP, REASONS

    # another article's printing reads GN0ME five times (the same habit), so the language evidence
    # favours GN0ME here; the rule used to give way to that
    body = STORY.replace("既修好了屋顶和管网", "既修好了GNOME脚本和管网")
    texts = {f"p{i}.txt": body.replace("GNOME", "GN0ME") for i in range(3)}
    texts |= {"t.txt": body, "o.txt": body, "x.txt": OTHER + "用GNOME运行，再用GNOME检查。",
              "y.txt": THIRD + "用GN0ME运行，GN0ME很方便，再用GN0ME检查，GN0ME脚本，GN0ME命令。"}
    result = _propose(texts)
    mixed = [p for p in result.proposals if p.doc in ("t.txt", "o.txt")]
    assert [(p.old, p.new) for p in mixed] == [("GNOME", "GN0ME")] * 2
    assert all("language evidence favours GN0ME" in p.reason and REASONS["Latin word kept"] in p.reason for p in mixed)
    assert not set(map(id, mixed)) & set(map(id, corrector.select(result.proposals)[0]))
    # three printings of five read the change: held, but not doubted (holds.hold_cap)
    assert all(p.confidence == HOLD_CAP for p in mixed)
    # two of five (the third misreads GNOM): no majority, so no proposal at all (holds.silenced)
    texts["p2.txt"] = body.replace("GNOME", "GNOM")
    two = _propose(texts)
    assert not [p for p in two.proposals if p.doc in ("t.txt", "o.txt") and p.new == "GN0ME"]
    # ... while without the rule's reason (GN0ME not attested as GNOME is) the vote would propose it
    del texts["x.txt"]
    assert [p for p in _propose(texts).proposals if p.doc in ("t.txt", "o.txt") and p.new == "GN0ME"]


def test_a_held_change_no_majority_reads_states_that_it_is_seldom_right():
    from corrector.agreement import Agreement
    from corrector.holds import DOUBTED_CONFIDENCE, HOLD_CAP, hold_cap

    # Agreement(others, backers, shared): the target and 4 others; backers of the change among them
    for name in ("Latin word kept", "code symbol kept", "disputed place kept"):
        assert hold_cap([name], Agreement(4, 2, 1)) == DOUBTED_CONFIDENCE  # 2 of 5: no majority
        assert hold_cap([name], Agreement(4, 3, 1)) == HOLD_CAP  # 3 of 5
        assert hold_cap([name], Agreement(1, 1, 0)) == DOUBTED_CONFIDENCE  # 1 of 2: a tie is no majority
        assert hold_cap([name], None) == HOLD_CAP  # unknown agreement
    assert hold_cap(["fluent reading kept"], Agreement(4, 1, 2)) == HOLD_CAP  # 住/驻's rule says nothing of that
    assert hold_cap(["fluent reading kept", "Latin word kept"], Agreement(4, 1, 2)) == DOUBTED_CONFIDENCE
    assert hold_cap(["no stray symbol put in"], Agreement(4, 1, 0)) == HOLD_CAP


def test_a_held_latin_word_or_code_symbol_change_no_majority_reads_is_no_proposal():
    from corrector.agreement import Agreement
    from corrector.holds import silenced

    for name in ("Latin word kept", "code symbol kept"):
        assert silenced([name], Agreement(4, 2, 1))  # 2 of 5
        assert silenced([name], Agreement(1, 1, 0))  # 1 of 2
        assert not silenced([name], Agreement(4, 3, 1))  # 3 of 5: shown, at 0.5
        assert not silenced([name], None)
    assert silenced(["fluent reading kept", "code symbol kept"], Agreement(4, 2, 1))
    # a disputed place is shown (its place is misread, only the deletion is no fix); so are the others
    for name in ("disputed place kept", "fluent reading kept", "no stray symbol put in"):
        assert not silenced([name], Agreement(4, 1, 0))


def test_a_symbol_of_technical_text_is_not_deleted_unattended():
    from corrector.holds import deletes_code_symbol

    # (old, new, the character before, the character after): checked by hand
    assert deletes_code_symbol("'", "", "r", "开")  # `-user' → `-user (training OCR: RapidOCR drops the quote)
    assert deletes_code_symbol("^Z", "Z", "。", "会")  # ^Z → Z: the kept Z is Latin
    assert deletes_code_symbol("`!'", "!", "是", "。")  # a quotation `!' of man pages: two symbols at once
    assert deletes_code_symbol("`", "", "行", "l")  # `ls`: the next character is a Latin letter
    assert deletes_code_symbol("`", "", "出", "-")  # `-normalize': the next character is a hyphen
    assert not deletes_code_symbol("`", "", "的", "发")  # a lone backquote between Chinese characters: noise
    # news OCR (tuning, checked by hand): 现在‘天上看、地上巡、网上答’ read with ' by one printing, the quote
    # dropped by two; an apostrophe before a letter with its partner near is a quotation's mark
    assert deletes_code_symbol("'", "", "，现在", "天上看、地上巡、网上答',预警")
    assert deletes_code_symbol("'", "", "就从", "要我分'变成")
    assert deletes_code_symbol("'", "", "的`-user ", "选项并不")  # `-user ' (training OCR)
    # the same apostrophe with no partner within reach is a stray mark (the noise generator's)
    assert not deletes_code_symbol("'", "", "应用于王席", "的选举。")
    assert not deletes_code_symbol("'", "", "在", "天上看、地上巡、网上答，预警时间平均缩短了两成'")
    assert not deletes_code_symbol("'", "", "索", "“代建代管'")  # a speck beside the printed quote mark: noise
    assert not deletes_code_symbol("'", "", "在", "，他说'")  # before a mark, partner or not
    assert not deletes_code_symbol("，", "", "的", "发")  # not a code symbol (the Chinese-mark rule is policy's)
    assert not deletes_code_symbol("a'", "", "x", "y")  # letters go too: not a deletion of marks only
    assert not deletes_code_symbol("'", "’", "s", "t")  # a substitution, not a deletion
    # an ASCII hyphen between two Latin letters or digits (training OCR part 2, tuning: 1 of 2
    # printings read Ctrl-G as CtrlG, set-mark as setmark, and auto deleted the printed hyphen)
    assert deletes_code_symbol("-", "", "Ctrl", "G")
    assert deletes_code_symbol("-", "", "kill", "ring")
    assert deletes_code_symbol("-", "", "x86", "64")
    assert not deletes_code_symbol("-", "", "的", "发")  # between Chinese characters: noise
    assert not deletes_code_symbol("-", "", "选项 ", "u")  # --user's first hyphen: a space before it
    assert not deletes_code_symbol("-", "", "Ctrl", "。")  # a hyphen that joins nothing
    # an option's letter after a hyphen (training OCR part 2: one printing of two lacks the S of -S选项,
    # and the rule for stray Latin letters in Chinese text deleted the printed one)
    assert deletes_code_symbol("S", "", "如果没有给出-H或-", "选项")
    assert deletes_code_symbol("o", "", "这种情况下-a和-", "操作符")
    assert not deletes_code_symbol("ray", "", "x-", "光")  # the hyphen of a hyphenated word
    assert not deletes_code_symbol("S", "", "的", "选项")  # no hyphen: a stray letter


def test_a_symbol_of_technical_text_is_not_put_into_chinese_text_unattended():
    from corrector.holds import inserts_stray_symbol

    # (old, new, the character before, the character after): checked by hand
    assert inserts_stray_symbol("", "~_", "骨", "褒")  # the 10,000-page synthetic archive's noise, 1 of 2 printings
    assert inserts_stray_symbol("；", "：`；", "克", "不")  # a mark kept, a backquote put in beside it
    assert not inserts_stray_symbol("", "'", "r", "开")  # `-user': the quote closes a Latin word
    assert not inserts_stray_symbol("", "`", "出", "-")  # before a hyphen: technical text
    assert not inserts_stray_symbol("", "，", "的", "发")  # not a code symbol
    assert not inserts_stray_symbol("", "a_", "的", "发")  # a letter comes in too: not marks only


def _outvoted(base: str, old: str, new: str) -> dict[str, str]:
    """Three printings of ``STORY + base``: ``a.txt`` as given, ``b.txt`` and ``c.txt`` reading ``old`` as ``new``."""
    other = STORY + base.replace(old, new)
    return {"a.txt": STORY + base, "b.txt": other, "c.txt": other}


def _held_for_an_editor(result, p, why: str) -> None:
    """``p`` is capped below auto mode's bar, says ``why`` in its reason, and auto mode does not apply it."""
    assert p.confidence <= 0.5 and why in p.reason
    applied, _ = corrector.select(result.proposals)
    assert p not in applied


def test_a_stray_symbol_one_printing_reads_is_not_applied():
    # one printing's noise, which the noise elsewhere in the corpus makes the language evidence favour
    # (by 5.8 nats, checked): a 1:1 vote the corpus decides, as on the synthetic archive
    base = "这一点在编写文件时非常重要，需要反复牢记并且认真检查每一个细节。"
    texts = {
        "a.txt": STORY + base,
        "b.txt": STORY + base.replace("编写文件", "编写~_文件"),
        "c.txt": "今天天气很好，我们编写~_文件，大家编写~_文件以后出去散步，然后编写~_文件。",
    }
    result = _propose(texts)
    (p,) = [p for p in result.proposals if p.doc == "a.txt" and "~" in p.new]
    assert (p.old, p.new) == ("", "~_")
    _held_for_an_editor(result, p, "into Chinese text")


def test_the_code_symbol_rule_holds_a_majority_back_with_a_reason():
    base = "如果给出`-user'选项，程序会读取用户自己的配置文件，这一点在编写脚本时非常重要，需要反复牢记。"
    result = _propose(_outvoted(base, "user'", "user"))
    p = next(p for p in result.proposals if p.doc == "a.txt" and "'" in p.old)
    assert "'" not in p.new
    _held_for_an_editor(result, p, "symbol of technical text")


def test_a_hyphen_joining_latin_words_is_held_with_a_reason():
    # training OCR part 2 (tuning, checked by hand): the printed kill-ring read as killring by two
    # printings of three; the deletion of the hyphen is what OCR does, not what the page printed
    base = "剪切的文本被保存于kill-ring中，之后可以用命令把它们取回，这一点在编辑长文本时非常有用。"
    result = _propose(_outvoted(base, "kill-ring", "killring"))
    p = next(p for p in result.proposals if p.doc == "a.txt" and "-" in p.old)
    assert "-" not in p.new
    _held_for_an_editor(result, p, "a hyphen between Latin letters")


def test_a_quotation_mark_with_its_partner_near_is_held_in_chinese_text():
    # news OCR (tuning, checked by hand): one printing reads the printed ‘天上看、地上巡、网上答’ as ', the
    # two others drop the opening one; the partner 11 characters on is what tells it from a stray mark
    base = "过去发现火情主要靠瞭望员肉眼观察，现在'天上看、地上巡、网上答'，预警时间平均缩短了两个小时。"
    result = _propose(_outvoted(base, "现在'", "现在"))
    p = next(p for p in result.proposals if p.doc == "a.txt" and "'" in p.old)
    _held_for_an_editor(result, p, "symbol of technical text")


def test_what_the_other_printings_misread_is_no_proposal_in_the_target():
    # training OCR (tuning, checked by hand): two tesseract printings read Shift键 as Shif键; the corpus
    # prints Shift elsewhere, so the language is against the change and the target's Shift is the
    # printed word: nothing to correct in it (classify.OTHERS_MISREAD)
    base = "你可以按住Shift键再点击图层，这样就能一次选中多个图层并且统一移动它们的位置。"
    texts = _outvoted(base, "Shift", "Shif")
    texts["d.txt"] = "另外，按下Shift键和Ctrl键可以改变选择的模式，Shift键用来添加选区，松开Shift键即可。"
    result = _propose(texts)
    assert not [p for p in result.proposals if "Shift" in p.old]
    # the verdict itself is still the rule's (the learned decision sees it as a feature)
    from corrector.classify import OTHERS_MISREAD, THIN_DROPPED

    assert THIN_DROPPED in OTHERS_MISREAD


def test_the_latin_word_rule_holds_a_majority_back_with_a_reason():
    base = "在子GNOME桌面中执行的命令不会影响父GNOME的设置，这一点在编写脚本时非常重要，需要反复牢记。"
    result = _propose(_outvoted(base, "子GNOME", "子GN0ME"))
    p = next(p for p in result.proposals if p.doc == "a.txt")
    assert (p.old, p.new) == ("O", "0") or "0" in p.new
    _held_for_an_editor(result, p, "mix digits and letters in a Latin word")


def test_a_latin_word_only_a_misread_l_makes_is_no_reading_to_vote_for():
    # shel1 for shell in two printings of one engine (training OCR): the dictionary charges a Latin
    # word that prints a 1 only a misread l can be (corrector.latin_shapes), so the vote keeps shell
    # and makes no proposal, however often the corpus prints shel1
    from corrector.language import Dictionary, TYPO_PENALTY
    from corrector.latin_shapes import digit_for_l

    d = Dictionary.load()
    assert d.score("子shel1环境") - d.score("子shell环境") == pytest.approx(TYPO_PENALTY)
    assert d.score("arg1与arg2") == d.score("argx与arg2")  # a numbered name keeps its digit
    assert digit_for_l("shel1") and digit_for_l("Pub1ic") and digit_for_l("Sma11")
    assert not any(digit_for_l(t) for t in ("arg1", "latin1", "sdb1", "iPhone11", "A1", "H1N1", "x11"))
    base = "在子shell环境中执行的命令不会影响父shell的变量，这一点在编写脚本时非常重要，需要反复牢记。"
    assert not [p for p in _propose(_outvoted(base, "子shell", "子shel1")).proposals if p.doc == "a.txt"]
    # and the printing that reads shel1 against the others' shell gets shell back
    texts = _outvoted(base, "子shell", "子shel1")
    texts = {"a.txt": texts["b.txt"], "b.txt": texts["a.txt"], "c.txt": texts["a.txt"]}
    (fix,) = [p for p in _propose(texts).proposals if p.doc == "a.txt"]
    assert fix.new.endswith("l") and fix in corrector.select([fix])[0]


def test_a_garbled_path_is_the_targets_misreading_though_it_shares_a_word_with_the_corpus():
    # held-out OCR: tesseract read /usr/bin/dash as ustbinydash; dash is written elsewhere, ust/stb/… nowhere
    base = "一些命令，比如/usr/bin/dash，它缺少命令行历史编辑能力，但在rlwrap下运行就能够透明地加上。dash是默认的系统shell。"
    texts = {
        "a.txt": STORY + base.replace("/usr/bin/dash", "ustbinydash"),
        "b.txt": STORY + base,
        "c.txt": STORY + base,
        "d.txt": STORY + base,
    }
    result = _propose(texts)
    p = next(p for p in result.proposals if p.doc == "a.txt" and "usr" in p.new)
    assert (p.kind, p.old, p.new) == ("substitution", "ustbinydash", "/usr/bin/dash")
    applied, _ = corrector.select(result.proposals)
    assert p in applied


def test_a_figure_next_to_a_lost_line_keeps_the_targets_digits():
    # the edited paper (a, c) prints 2602; a's OCR garbled the line after it; b and d (the agency) print
    # 2600: the proposal puts the line back and leaves the figure (proposal.figures_kept)
    base = "合作社今年已培训农民2600余人次。手机成了新农具，直播成了新农活，大家都说这条路走对了。"
    texts = {
        "a.txt": STORY + base.replace("2600余人次。手机成了新农具，直播", "2602余人次“。人直播"),
        "b.txt": STORY + base,
        "c.txt": STORY + base.replace("2600", "2602"),
        "d.txt": STORY + base,
    }
    # (whether the hunk reaches back to the figure depends on how the alignment joins its islands)
    p = next(p for p in _propose(texts).proposals if p.doc == "a.txt" and "手机成了新农具" in p.new)
    fixed = texts["a.txt"][:p.start] + p.new + texts["a.txt"][p.end:]
    assert "2602余人次" in fixed and "手机成了新农具" in fixed and "2600" not in fixed


def test_one_edition_applies_what_one_printing_alone_reads_against_three():
    # One printing reads 统筹指导 and 一百三十个 where three others agree on 统筹协调 and 一百二十个.
    # Printings of several editions: the paper that printed it once may have changed it (a variant,
    # never applied).  One edition (--one-edition): nobody changed it, so it is that page's OCR.
    texts = {
        "a.txt": STORY,
        "b.txt": STORY,
        "d.txt": STORY,
        "c.txt": STORY.replace("统筹协调", "统筹指导").replace("一百二十个", "一百三十个"),
    }
    docs = [make_doc(k, v) for k, v in texts.items()]
    for one_edition, kinds in ((False, {"variant"}), (True, {"substitution"})):
        result = corrector.propose(docs, one_edition=one_edition)
        mine = [p for p in result.proposals if p.doc == "c.txt"]
        assert sorted((p.old, p.new) for p in mine) == [("三", "二"), ("指导", "协调")]
        assert {p.kind for p in mine} == kinds
        applied, _ = corrector.select(result.proposals)
        assert len(applied) == (2 if one_edition else 0)
    # two printings against one are not enough, even in one edition (one engine's habit)
    three = {k: v for k, v in texts.items() if k != "d.txt"}
    result = corrector.propose([make_doc(k, v) for k, v in three.items()], one_edition=True)
    assert {p.kind for p in result.proposals if p.doc == "c.txt"} == {"variant"}


def test_one_edition_is_not_applied_where_the_printings_show_two_editions():
    # Two printings read 统筹指导 where three read 统筹协调: a paper's edit is in every printing of
    # the paper, so this cluster holds two editions whatever the user said, and the lone 一百三十个
    # of a sixth printing may be that paper's too: it stays a variant (corrector.editions).
    edited = STORY.replace("统筹协调", "统筹指导")
    texts = {"a.txt": STORY, "b.txt": STORY, "d.txt": STORY, "e.txt": edited, "f.txt": edited,
             "c.txt": STORY.replace("一百二十个", "一百三十个")}
    docs = [make_doc(k, v) for k, v in texts.items()]
    result = corrector.propose(docs, one_edition=True)
    mine = [p for p in result.proposals if p.doc == "c.txt"]
    assert [(p.old, p.new, p.kind) for p in mine] == [("三", "二", "variant")]
    assert corrector.select(result.proposals)[0] == []
    # the same lone reading where the other printings agree on everything is corrected
    alone = {k: v for k, v in texts.items() if k not in ("e.txt", "f.txt")}
    result = corrector.propose([make_doc(k, v) for k, v in alone.items()], one_edition=True)
    assert [(p.old, p.new, p.kind) for p in result.proposals if p.doc == "c.txt"] == [("三", "二", "substitution")]


def test_a_mark_two_printings_print_and_two_lack_is_put_back_with_the_rules_confidence():
    # rule *lost mark put back*: 2 printings print the comma, the target and one other lack it.  The
    # vote's posterior for such a tie is near a half; the rule states LOST_MARK_CONFIDENCE and auto
    # applies it.  One printing against one stays with the vote's posterior and waits.
    from corrector.policy import LOST_MARK_CONFIDENCE, LOST_MARK_REASON, LOST_MARK_RULE, MIN_CONFIDENCE

    lost = STORY.replace("改造过程中，", "改造过程中")
    tie = corrector.propose([make_doc(f"l{i}.txt", lost) for i in range(2)] + [make_doc(f"p{i}.txt", STORY) for i in range(2)])
    assert sorted(p.doc for p in tie.proposals) == ["l0.txt", "l1.txt"]
    for p in tie.proposals:
        assert (p.old, p.new, p.kind) == ("", "，", "insertion")
        assert p.confidence == LOST_MARK_CONFIDENCE and LOST_MARK_REASON in p.reason
        assert p.stated_by == (LOST_MARK_RULE,)
    assert len(corrector.select(tie.proposals)[0]) == 2
    # three printings against one need no rule: the vote's own confidence, and no word of the rule
    three = corrector.propose([make_doc("l0.txt", lost)] + [make_doc(f"p{i}.txt", STORY) for i in range(3)])
    assert [(p.doc, p.new) for p in three.proposals] == [("l0.txt", "，")]
    assert three.proposals[0].confidence > LOST_MARK_CONFIDENCE and LOST_MARK_REASON not in three.proposals[0].reason
    assert three.proposals[0].stated_by == ()
    one = corrector.propose([make_doc("l0.txt", lost), make_doc("p0.txt", STORY)])
    assert [p.doc for p in one.proposals] == ["l0.txt"]
    assert one.proposals[0].confidence < MIN_CONFIDENCE and LOST_MARK_REASON not in one.proposals[0].reason
    assert corrector.select(one.proposals)[0] == []
    # a letter is no mark: the same tie on 惠及居民/惠及居氏 is not the rule's (the learned second
    # opinion raises it)
    word = corrector.propose([make_doc(f"l{i}.txt", STORY.replace("惠及居民", "惠及居氏")) for i in range(2)]
                             + [make_doc(f"p{i}.txt", STORY) for i in range(2)])
    assert word.proposals and all(LOST_MARK_REASON not in p.reason for p in word.proposals)


def test_stated_by_names_every_rule_the_reason_line_names(seed_result):
    # bench.calibrate fits the vote's posterior only (rule_states_confidence leaves out the proposals
    # whose confidence a rule set) and policy.seconded reads the second opinion: both read the
    # structured field, which must say what the reason line says, rule by rule
    from corrector.holds import REASONS, rule_name
    from corrector.policy import LOST_MARK_REASON, LOST_MARK_RULE, SECOND_OPINION_REASON, SECOND_OPINION_RULE, seconded
    from corrector.proposal import UNBALANCED_REASON, UNBALANCED_RULE, rule_states_confidence

    phrases = {LOST_MARK_RULE: LOST_MARK_REASON, SECOND_OPINION_RULE: SECOND_OPINION_REASON,
               UNBALANCED_RULE: UNBALANCED_REASON} | {rule_name(k): f"{why}, so it waits for an editor" for k, why in REASONS.items()}
    seen = set()
    for p in seed_result.proposals:
        named = {rule for rule, phrase in phrases.items() if phrase in p.reason}
        assert set(p.stated_by) == named, (p.reason, p.stated_by)
        assert rule_states_confidence(p) == bool(named)
        assert seconded(p) == (SECOND_OPINION_RULE in named)
        assert Proposal.from_json(p.to_json()).stated_by == p.stated_by
        seen |= named
    # the seeds exercise the second opinion (石胡同), an unpaired bracket and a hold (the lost mark:
    # test_a_mark_two_printings_print_and_two_lack_is_put_back_with_the_rules_confidence)
    assert {SECOND_OPINION_RULE, UNBALANCED_RULE} <= seen and any(r.startswith("held: ") for r in seen), seen


def test_note_is_what_the_reason_line_brackets(seed_result):
    # editions.shows_two_editions reads a variant's note from the field, not from the reason line
    notes = [(p.kind, p.note, p.reason) for p in seed_result.proposals]
    assert any(kind == "variant" for kind, _, _ in notes)
    for kind, note, reason in notes:
        if kind == "variant":
            assert note and reason.startswith(f"editorial variant ({note}): ")
        elif kind == "noise":
            assert note and reason.startswith(f"OCR noise ({note}): ")
        else:
            assert note == ""


def test_a_byline_name_three_of_five_printings_read_is_corrected_against_the_dictionary():
    # news OCR (tuning text): 记者陈雅琴 read 陈雅其 in the target and 陈雅雄 in another printing; the
    # dictionary prefers the word 其 by 1.9 nats, but three printings of five agree on 琴: the
    # fluent-reading hold gives way to the clear majority (agreement.Agreement.clear_majority)
    head = "本报讯（记者陈雅琴通讯员王小明）"
    texts = {f"p{i}.txt": head + STORY for i in range(3)}
    texts |= {"t.txt": head.replace("琴", "其") + STORY, "o.txt": head.replace("琴", "雄") + STORY}
    result = _propose(texts)
    target = [p for p in result.proposals if p.doc == "t.txt"]
    assert [(p.old, p.new, p.kind) for p in target] == [("其", "琴", "substitution")]
    assert target[0].confidence >= 0.9 and "waits for an editor" not in target[0].reason
    assert target[0] in corrector.select(result.proposals)[0]
    # with two printings for 琴 the hold stands (住/驻: two printings of one engine share its habits)
    two = {f"p{i}.txt": head + STORY for i in range(2)} | {"t.txt": head.replace("琴", "其") + STORY}
    held = [p for p in _propose(two).proposals if p.doc == "t.txt"]
    assert held and held[0].confidence <= 0.5


def test_a_place_each_printing_reads_its_own_way_is_not_deleted_on_one_printings_word():
    # news OCR (tuning text): 居 read 扉 in the target, 雇 and 麻 in two others, and dropped by a
    # fourth; the language evidence scores the missing character best, but three printings of four
    # read one there: rule *disputed place kept* holds the deletion for an editor
    from corrector.holds import DOUBTED_CONFIDENCE, REASONS

    w = "惠及居民"
    texts = {"t.txt": STORY.replace(w, "惠及扉民"), "a.txt": STORY.replace(w, "惠及民"),
             "b.txt": STORY.replace(w, "惠及雇民"), "c.txt": STORY.replace(w, "惠及麻民")}
    result = _propose(texts)
    target = [p for p in result.proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in target] == [("扉", "")]
    # one printing of four reads the change: the hold states that such changes are seldom right
    assert target[0].confidence == DOUBTED_CONFIDENCE and REASONS["disputed place kept"] in target[0].reason
    assert corrector.select(result.proposals)[0] == []
    # two of five read nothing, three read a character each its own: still held
    five = texts | {"d.txt": STORY.replace(w, "惠及民"), "e.txt": STORY.replace(w, "惠及屈民")}
    del five["c.txt"]
    target = [p for p in _propose(five).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in target] == [("扉", "")] and REASONS["disputed place kept"] in target[0].reason
    assert target[0].confidence == DOUBTED_CONFIDENCE
    # where as many printings read nothing as a character, the deletion is the vote's to make
    texts["b.txt"] = STORY.replace(w, "惠及民")
    assert not any(REASONS["disputed place kept"] in p.reason for p in _propose(texts).proposals)


def test_the_learned_model_seconds_a_tie_the_rules_hold_back(monkeypatch):
    # rule *learned second opinion*: 2 printings read 管冈, 2 read 管网; the rules' higher bar where
    # another printing reads what the target reads holds the change (0.83 against 0.885), the
    # shipped model rates it at least SECOND_OPINION and auto applies it, saying so
    from corrector import decision
    from corrector.policy import SECOND_OPINION, SECOND_OPINION_REASON

    docs = ([make_doc(f"l{i}.txt", STORY.replace("管网", "管冈")) for i in range(2)]
            + [make_doc(f"p{i}.txt", STORY) for i in range(2)])
    result = corrector.propose(docs)
    assert [(p.doc, p.old, p.new) for p in result.proposals] == [("l0.txt", "冈", "网"), ("l1.txt", "冈", "网")]
    assert all(SECOND_OPINION_REASON in p.reason and p.confidence >= SECOND_OPINION for p in result.proposals)
    assert len(corrector.select(result.proposals)[0]) == 2
    # without a shipped model the rules alone decide: shown, held by the shared bar
    monkeypatch.setattr(decision, "load_model", lambda *a, **k: None)
    alone = corrector.propose(docs)
    assert [(p.doc, p.new) for p in alone.proposals] == [("l0.txt", "网"), ("l1.txt", "网")]
    assert not any(SECOND_OPINION_REASON in p.reason for p in alone.proposals)
    applied, skipped = corrector.select(alone.proposals)
    assert applied == [] and all("2 printings read what this one reads" in s.why for s in skipped)
    # the model's verdict must reach the bar, and not take the change for an editor's
    monkeypatch.undo()
    for verdict in (("substitution", SECOND_OPINION - 0.01, ""), ("variant", 0.99, "another word")):
        monkeypatch.setattr(decision, "decide", lambda model, change, v=verdict: v)
        held = corrector.propose(docs)
        assert not any(SECOND_OPINION_REASON in p.reason for p in held.proposals)
        assert corrector.select(held.proposals)[0] == []


def test_the_second_opinion_weighs_chinese_text_only_and_select_reads_it():
    from corrector.model import Proposal, Reading, WitnessReading
    from corrector.policy import SECOND_OPINION_REASON, may_second, select

    assert may_second("氏", "民") and may_second("", "，") and may_second("萎", "菱")
    assert not may_second("{", "") and not may_second("$", "S") and not may_second("arg1", "argl")
    assert not may_second("民", "民")

    def prop(confidence: float, gain: float) -> Proposal:
        # the target and another printing read 氏, two read 民
        own = [WitnessReading("a.txt", 0, 1, "氏"), WitnessReading("b.txt", 0, 1, "氏")]
        new = [WitnessReading("c.txt", 0, 1, "民"), WitnessReading("d.txt", 0, 1, "民")]
        return Proposal(doc="a.txt", start=0, end=1, old="氏", new="民", confidence=confidence, kind="substitution",
                        reason=f"substitution: 2 of 4 read 民; {SECOND_OPINION_REASON} ({confidence:.2f})",
                        readings=[Reading("民", new, language=gain, probability=0.6),
                                  Reading("氏", own, language=0.0, probability=0.4)])

    # the seconded confidence clears the shared bar; the language requirement still holds there
    # (璧 read as 壁 by three printings of five: one engine's habit, which the model never saw)
    assert len(select([prop(0.96, 2.0)])[0]) == 1
    applied, skipped = select([prop(0.96, 0.0)])
    assert applied == [] and "language evidence does not favour" in skipped[0].why
    # the user's bar still rules
    assert select([prop(0.96, 2.0)], min_confidence=0.99)[0] == []


def test_a_mark_the_ocr_printed_twice_is_deleted_by_auto():
    # rule *doubled mark*: 。。 where the other printings read 。 — the change deletes the repeat,
    # the mark stays printed, so rule *printed mark kept* does not hold it
    from corrector.mark_repeats import DOUBLED_MARK

    base = "这一点在编写文件时非常重要。。需要反复牢记并且认真检查每一个细节，然后再提交给编辑部门审核。"
    result = _propose(_outvoted(base, "重要。。需要", "重要。需要"))
    (p,) = [p for p in result.proposals if p.doc == "a.txt"]
    assert (p.old, p.new, p.kind, p.note) == ("。", "", "noise", DOUBLED_MARK)
    applied, _ = corrector.select(result.proposals)
    assert p in applied


def test_a_change_to_a_reading_apart_waits_for_an_editor(monkeypatch):
    # rule *reading apart* (corrector.agreement.stands_apart) holds whatever the vote's confidence:
    # here a plain misreading two printings outvote, with the rule's test forced to say "apart"
    import corrector.proposal as proposal
    from corrector.holds import HOLD_CAP, REASONS

    texts = {"t.txt": STORY.replace("惠及居民", "惠及届民"), "a.txt": STORY, "b.txt": STORY}
    fix = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in fix] == [("届", "居")] and corrector.select(fix)[0] == fix
    monkeypatch.setattr(proposal, "stands_apart", lambda observations, change: True)
    held = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in held] == [("届", "居")] and REASONS["reading apart"] in held[0].reason
    assert held[0].confidence <= HOLD_CAP and corrector.select(held)[0] == []


def test_a_symbol_the_target_prints_is_not_turned_into_the_letter_others_misread_it_as():
    # rule *symbol kept*: technical OCR (training part 1): /var/mail/$USER, two printings read SUSER
    from corrector.holds import HOLD_CAP, REASONS, symbol_read_as_letter

    assert symbol_read_as_letter("$", "S") and symbol_read_as_letter("}", "j") and symbol_read_as_letter("$USER", "SUSER")
    assert not symbol_read_as_letter("S", "$")  # a letter the others read as a symbol: their misreading or the fix
    assert not symbol_read_as_letter("|", "l") and not symbol_read_as_letter("8{", "S[")  # thin strokes; brackets
    line = "邮件默认放在/var/mail/$USER中。"
    texts = {"t.txt": STORY + line, "a.txt": STORY + line.replace("$", "S"), "b.txt": STORY + line.replace("$", "S")}
    held = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in held] == [("$", "S")] and REASONS["symbol kept"] in held[0].reason
    assert held[0].confidence <= HOLD_CAP and corrector.select(held)[0] == []


def test_a_semicolon_other_printings_read_half_of_waits_for_an_editor():
    # rule *semicolon kept*: OCR loses the dot of ； (news and training OCR: such changes backed by
    # one printing were 1 right, 7 wrong when applied); two printings reading ， still outvote it
    from corrector.agreement import Agreement
    from corrector.holds import HOLD_CAP, REASONS, semicolon_misread

    assert semicolon_misread(";", ",", Agreement(others=1, backers=1, shared=0))
    assert semicolon_misread("实;要", "实,要", Agreement(others=2, backers=1, shared=0))
    assert not semicolon_misread(";", ",", Agreement(others=3, backers=2, shared=0))
    assert not semicolon_misread(",", ";", Agreement(others=1, backers=1, shared=0))  # a dot added: the vote's
    assert not semicolon_misread(";", ":", Agreement(others=1, backers=1, shared=0))
    assert not semicolon_misread(";", ",", None)
    # two printings read ：, one ，: each kept one half of the target's ；
    assert semicolon_misread(";", ":", Agreement(others=3, backers=2, shared=0), [";", ",", ":", ":"])
    assert not semicolon_misread(";", ":", Agreement(others=3, backers=3, shared=0), [";", ":", ":", ":"])
    line = "会议要求，要抓好落实；要压实责任，确保各项工作取得实效。"
    texts = {"t.txt": STORY + line, "a.txt": STORY + line.replace("；", "，")}
    held = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in held] == [("；", "，")] and REASONS["semicolon kept"] in held[0].reason
    assert held[0].confidence <= HOLD_CAP and corrector.select(held)[0] == []
    texts["b.txt"] = texts["a.txt"]
    fix = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in fix] == [("；", "，")] and corrector.select(fix)[0] == fix
    texts |= {"b.txt": STORY + line.replace("；", "："), "c.txt": STORY + line.replace("；", "：")}
    held = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in held] == [("；", "：")] and REASONS["semicolon kept"] in held[0].reason
    assert corrector.select(held)[0] == []


def test_the_semicolon_rule_yields_to_a_corpus_that_adds_dots():
    # rule *semicolon kept* (one printing's ，): not where the corpus's own confusions show its
    # printings reading ； for a printed ， more than the other way round (a noise generator's pages)
    from corrector.agreement import Agreement
    from corrector.holds import DOTS_ADDED_MIN, DOTS_ADDED_RATIO, adds_dots, corpus_adds_dots, semicolon_misread
    from corrector.vote import Confusions

    lone = Agreement(others=1, backers=1, shared=0)
    assert not semicolon_misread(";", ",", lone, dots_added=True)
    # the halves of ； are the target's mark whatever the corpus
    assert semicolon_misread(";", ":", Agreement(others=2, backers=1, shared=0), [";", ",", ":"], dots_added=True)
    assert adds_dots(DOTS_ADDED_MIN, DOTS_ADDED_MIN / DOTS_ADDED_RATIO)
    assert not adds_dots(DOTS_ADDED_MIN, DOTS_ADDED_MIN / 2)  # 7 against 3 on real OCR of the training text: a coin
    assert not adds_dots(DOTS_ADDED_MIN - 1, 0.0)  # too little evidence: real OCR's habit stands
    conf = Confusions()
    conf.clear = {",": {";": 62.0, ".": 3.0}, ";": {",": 6.0}}
    assert conf.misread(",", ";", clear=True) == 62.0 and corpus_adds_dots(conf)
    conf.clear = {",": {";": 0.2}, ";": {",": 0.9}}
    assert not corpus_adds_dots(conf) and not corpus_adds_dots(None)


def test_the_corpus_confusions_reach_the_semicolon_rule(monkeypatch):
    # the driver asks the learned confusions once and hands the answer to every proposal
    from corrector import holds
    from corrector.holds import REASONS

    line = "会议要求，要抓好落实；要压实责任，确保各项工作取得实效。"
    texts = {"t.txt": STORY + line, "a.txt": STORY + line.replace("；", "，")}
    (held,) = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert REASONS["semicolon kept"] in held.reason
    monkeypatch.setattr(holds, "corpus_adds_dots", lambda confusions: True)
    (vote,) = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert (vote.old, vote.new) == ("；", "，") and REASONS["semicolon kept"] not in vote.reason


def test_the_confusions_count_apart_where_a_majority_settles_the_mark():
    # the ties the vote settled itself (the language evidence tips them to the commoner ，) do not
    # count as evidence of printings adding dots
    from corrector.vote import Confusions

    tie = (frozenset({(0, 5), (1, 5)}), [(",", 0.8, [";"], 1), (";", 0.2, [","], 1)])
    clear = (frozenset({(0, 9), (1, 9), (2, 9)}), [(",", 1.0, [";"], 2)])
    conf = Confusions.from_marks([tie, clear])
    assert conf.misread(",", ";") == 1.8 and conf.misread(";", ",") == 0.2
    assert conf.misread(",", ";", clear=True) == 1.0 and conf.misread(";", ",", clear=True) == 0.0


def test_a_part_of_a_character_other_printings_read_apart_is_not_put_in():
    # rule *part read apart*: RapidOCR read 金 as 人金 in two printings (news tuning OCR: 一张“人金名片”,
    # 公积金提取、人金融信贷); the printing that lacks the 人 read the page
    from corrector.agreement import Agreement
    from corrector.glyphs import part_of
    from corrector.holds import HOLD_CAP, REASONS, part_read_apart

    assert part_of("人", "金", leading=True) and part_of("木", "林", leading=True) and part_of("口", "品", leading=False)
    assert not part_of("一", "二", leading=True)  # one stroke begins half of all characters
    assert not part_of("金", "人", leading=True) and not part_of("人", "人", leading=True)
    two = Agreement(others=2, backers=2, shared=0)
    assert part_read_apart("", "人", "提取、", "金融信贷", two)
    assert part_read_apart("", "木", "一片", "林", two)
    assert not part_read_apart("", "木", "一片", "林", two, is_word=lambda pair: pair == "木林")  # a word
    assert not part_read_apart("", "人", "提取、", "金融信贷", Agreement(others=3, backers=3, shared=0))  # outvoted
    assert not part_read_apart("", "力", "努", "加强", Agreement(others=3, backers=3, shared=0))
    assert not part_read_apart("", "人", "提取、", "民生", two)
    line = "财政补贴、公积金提取、金融信贷等政策协同发力，住房需求稳步释放。"
    texts = {"t.txt": STORY + line, "a.txt": STORY + line.replace("、金融", "、人金融"),
             "b.txt": STORY + line.replace("、金融", "、人金融")}
    held = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in held] == [("", "人")] and REASONS["part read apart"] in held[0].reason
    assert held[0].confidence <= HOLD_CAP and corrector.select(held)[0] == []
    # 木 before 材 is the first strokes of 材 too, but 木材 is a word: a character the target lost
    wood = "当地建起了木材加工厂，带动村民增收。"
    texts = {"t.txt": STORY + wood.replace("木材", "材"), "a.txt": STORY + wood, "b.txt": STORY + wood}
    lost = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in lost] == [("", "木")] and REASONS["part read apart"] not in lost[0].reason


def test_the_mark_that_closes_a_quotation_is_not_deleted_unattended():
    # rule *closing quote kept* (news OCR: 垃圾分类“新时尚”走进千家万户, two printings dropped the ”)
    from corrector.holds import HOLD_CAP, REASONS, deletes_closing_quote

    assert deletes_closing_quote("”", "", "垃圾分类“新时尚") and deletes_closing_quote("”", "", "去除了“高级")
    assert not deletes_closing_quote("”", "", '选出“微网格长"')  # one mark read twice: the second is OCR's
    assert not deletes_closing_quote("”", "", "将这一行的剩余部分")  # it closes nothing
    assert not deletes_closing_quote("“", "", "透视变化。")  # an opening mark
    assert not deletes_closing_quote("”", "", "“" + "很长的一段引用文字，超过了十六个字符的范围")  # too far to tell
    # a hunk that keeps a character before the mark (news OCR part 2: 老戏班的“传帮带” read 带 by two printings)
    assert deletes_closing_quote("带”", "带", "秦腔老戏班的“传帮") and deletes_closing_quote("！”11", "！11", "“钱到账了！一分不少")
    assert not deletes_closing_quote("。”", "。", "000*8=560k字节")  # it closes nothing
    assert not deletes_closing_quote("带”", "带", "秦腔老戏班的传帮")  # no quotation opened before it
    assert not deletes_closing_quote("“”", "“", "垃圾分类“新时尚")  # the hunk's own “ opens an empty quotation
    # quoted speech closing after its sentence's end mark: the “ looked for back to the paragraph's start
    # (news OCR part 2: “……这一句要唱出委屈劲儿来！” read without the ” by two printings of three)
    speech = "老师傅拍着桌子说：“不对，不对，这里要慢半拍，这一句要唱出委屈劲儿来！"
    assert deletes_closing_quote("”", "", speech, "秦声剧团的前身")
    assert not deletes_closing_quote("”", "", speech.replace("“", ""), "秦声剧团")  # no quotation open
    assert not deletes_closing_quote("”", "", "上一段“引文。\n这一句要唱出委屈劲儿来！", "秦")  # another paragraph's
    assert not deletes_closing_quote("”", "", "他说：“心里都有本账。", "”为破解")  # one ” of two: read twice
    assert not deletes_closing_quote("”", "", "心里有“本账", "”为破解")  # (the same, no sentence mark)
    line = "垃圾分类“新时尚”走进千家万户，居民分类投放的习惯逐渐养成。"
    bare = line.replace("”", "")
    texts = {"t.txt": STORY + line, "a.txt": STORY + bare, "b.txt": STORY + bare}
    held = [p for p in _propose(texts).proposals if p.doc == "t.txt"]
    assert [(p.old, p.new) for p in held] == [("”", "")] and REASONS["closing quote kept"] in held[0].reason
    assert held[0].confidence <= HOLD_CAP and corrector.select(held)[0] == []


def test_the_corpus_counts_of_a_word_only_a_misread_l_makes_are_no_evidence():
    # every printing of one engine reads shel1: the corpus counts it often, but as the engine's habit
    from corrector.language import LanguageEvidence
    from corrector.latin_shapes import misread_l_at

    assert misread_l_at("执行此shel1的用户", 7, 8) and misread_l_at("执行此shel1的用户", 3, 3)  # touching it
    assert not misread_l_at("执行此shell的用户", 7, 8) and not misread_l_at("执行此shel1的用户", 0, 2)
    assert not misread_l_at("比较arg1与arg2", 5, 6)  # a numbered name
    keys = ["用shel1运行，再用shel1检查，shel1脚本。", "用shell运行。"] * 3
    ev = LanguageEvidence(keys, None)
    (_, habit), (_, word) = ev.score("在子she", "环境中", [("l1", 1), ("ll", 1)])
    assert habit == 0.0 and word > 0.0
    assert ev.corpus.evidence("在子she", "环境中", [("l1", 1), ("ll", 1)])[0] > 0.0  # what it would have counted
