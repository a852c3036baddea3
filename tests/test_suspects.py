"""Single-witness suspicion flags (corrector/suspects/): each detector's rule, both ways, and the engine hook."""

from __future__ import annotations

import pytest

import corrector
from corrector.ingest import make_key
from corrector.language import CorpusCounts, Dictionary
from corrector.suspects import DETECTORS, find_suspects, without_overlaps
from corrector.model import Proposal
from tests.conftest import SEEDS, make_doc
from tests.texts import OTHER, STORY


@pytest.fixture(scope="module")
def dictionary():
    return Dictionary.load()


def flags(text: str, dictionary, detector: str | None = None, corpus_texts: list[str] | None = None):
    corpus = CorpusCounts([make_key(t).text for t in (corpus_texts or [text])])
    return find_suspects(text, dictionary, corpus, doc="d", detectors=[detector] if detector else None)


def fixed(text: str, p) -> str:
    return text[: p.start] + p.new + text[p.end:]


# --- doubled character ------------------------------------------------------------------------


def test_a_doubled_character_that_breaks_the_words_is_flagged(dictionary):
    text = "綦江区紧紧抓住住社区这一基层治理单元。"
    (p,) = flags(text, dictionary, "doubled")
    assert p.kind == "suspect" and p.old == "住" and p.new == ""
    assert fixed(text, p) == "綦江区紧紧抓住社区这一基层治理单元。"
    assert "住住" in p.reason and "nats" in p.reason
    assert p.readings[0].language >= 3.0 and p.readings[-1].language == 0.0  # the evidence, in nats


@pytest.mark.parametrize("text", [
    "我们看看这里的天天变化。",      # doublings the dictionary knows
    "县委宣传部部长讲话。",          # 宣传部|部长: one word ends where the next begins
    "花溪局局长讲话。",              # 花溪局|局长: a name the dictionary lacks, then a word
])
def test_a_doubling_the_language_supports_is_not_flagged(dictionary, text):
    assert flags(text, dictionary, "doubled") == []


@pytest.mark.parametrize("text, bare", [
    # 一 + a doubled measure word: one after another; the same doubling after another character that
    # forms a word with it (装箱, 文件) is still weighed: the rule is what keeps these quiet
    ("冷库前排起长队，一箱箱刚刚分拣好的果子装上车。", "冷库前排起长队，装箱箱刚刚分拣好的果子装上车。"),
    ("他把一件件衣服叠好。", "他把文件件衣服叠好。"),
])
def test_a_doubling_after_yi_is_the_texts(dictionary, text, bare):
    assert flags(text, dictionary, "doubled") == []
    assert [p.old for p in flags(bare, dictionary, "doubled")] == [bare[bare.index("件件" if "件件" in bare else "箱箱")]]


@pytest.mark.parametrize("text", [
    "在图像像点一下就可以了。",          # 图像|像点: no word starts after the doubling (the training pages' gold text)
    "他们紧紧抓住住，不放手。",          # a mark after it
    "村民叫它致富的“金果果”。",         # a doubling ending a quoted term: a coined name
    "村民叫它致富的‘金果果’。",
])
def test_a_doubling_that_strands_no_word_is_not_flagged(dictionary, text):
    """The copy is flagged only where the single reading joins two words (抓住|社区); the seeds'
    抓住住社区 stays flagged (test_a_doubled_character_that_breaks_the_words_is_flagged)."""
    assert flags(text, dictionary, "doubled") == []


def test_a_doubling_found_elsewhere_in_another_context_is_the_authors(dictionary):
    text = "抓住住社区这一单元。"
    other = "他说要住住看再定。"
    assert flags(text, dictionary, "doubled", corpus_texts=[text]) != []
    assert flags(text, dictionary, "doubled", corpus_texts=[text, other]) == []


# --- box read as 口, stray marks, garbage ------------------------------------------------------


def test_a_box_read_as_kou_before_a_byline_is_flagged_with_the_box(dictionary):
    text = "标题\n\n口本报首席记者 陈维虹\n\n正文。"
    (p,) = flags(text, dictionary, "box")
    assert (p.old, p.new, p.start) == ("口", "□", text.index("口本报"))
    assert [r.text for r in p.readings][:2] == ["□", ""]
    # after blanks that indent the paragraph too; the first paragraph of a text too
    text = "标题\n\u3000\u3000口新华社北京电 正文。"
    (p,) = flags(text, dictionary, "box")
    assert p.start == text.index("口新华社")
    assert [p.start for p in flags("口本报讯 正文。", dictionary, "box")] == [0]


@pytest.mark.parametrize("text", ["这里人口本报告显示。", "口号响亮。\n\n口本地新闻", "标题\n口口本报讯", "标题\n记者 口本报"])
def test_kou_elsewhere_is_not_a_box(dictionary, text):
    assert flags(text, dictionary, "box") == []


def test_stray_marks(dictionary):
    text = "组织和、协调工作，，公众参与、监督。"
    ps = flags(text, dictionary, "stray mark")
    assert [(p.old, p.new) for p in ps] == [("、", ""), ("，", "")]
    assert fixed(fixed(text, ps[1]), ps[0]) == "组织和协调工作，公众参与、监督。"


def test_a_lone_star_between_chinese_characters_is_a_full_stop(dictionary):
    text = "本许可证的后面*前封面文字。"
    (p,) = flags(text, dictionary, "star")
    assert (p.old, p.new) == ("*", "。") and fixed(text, p) == "本许可证的后面。前封面文字。"
    assert [r.text for r in p.readings[:3]] == ["。", "", "、"]
    # Markdown bold is a pair; a star beside a letter, digit or mark is no full stop
    assert flags("这是**重点**内容，A*B，3*4，注*：见下文。", dictionary, "star") == []


@pytest.mark.parametrize("text, want", [
    ("同比增长18.5%*市统计局表示", "同比增长18.5%。市统计局表示"),       # after a per cent sign
    ("打通“最后一公里”*截至目前", "打通“最后一公里”。截至目前"),     # after a closing quote
    ("还建立了分配机制*《条例》规定", "还建立了分配机制。《条例》规定"),  # before a title mark
    ("每天都有两千根*”他说", "每天都有两千根。”他说"),               # before a closing quote
])
def test_a_star_beside_a_quote_a_title_mark_or_a_per_cent_sign_is_a_full_stop(dictionary, text, want):
    (p,) = flags(text, dictionary, "star")
    assert fixed(text, p) == want


def test_the_engine_flags_a_star_after_a_per_cent_sign():
    """Pipeline: a lone page's 18.5%*市统计局 gets the star's flag."""
    text = "全市生产总值同比增长18.5%*市统计局有关负责人表示，这是多年来最快的增长。"
    found = [p for p in corrector.propose([make_doc("a.txt", text), make_doc("b.txt", OTHER)], suspects=True).proposals
             if p.doc == "a.txt" and p.kind == "suspect"]
    assert [(p.old, p.new) for p in found] == [("*", "。")]


def test_a_quoted_star_is_the_star_itself(dictionary):
    assert flags("类似：用\"*\"匹配任意字符，（'*'指示二进制），\"*匹配所有\"的用法", dictionary, "star") == []
    assert flags("增长18%*3倍，好*。再说", dictionary, "star") == []


def test_a_star_ending_a_line_inside_a_paragraph_is_a_full_stop(dictionary):
    text = "本许可证将不会被终止*\n如果你有恒常章节，\n可以使用此文件*\nVetc目录。"
    ps = flags(text, dictionary, "star")
    assert [(p.old, p.new) for p in ps] == [("*", "。"), ("*", "。")]
    assert fixed(fixed(text, ps[1]), ps[0]) == "本许可证将不会被终止。\n如果你有恒常章节，\n可以使用此文件。\nVetc目录。"
    # a blank line ends the paragraph (a footnote's mark may end it); a mark or a star opens the next line
    assert flags("见下文*\n\n注释一\n见前文*\n（注）\n参见*\n*注释", dictionary, "star") == []


def test_a_lone_equals_sign_between_chinese_characters_is_a_full_stop(dictionary):
    text = "新的有损压缩=丢失的图像信息不能恢复。"
    (p,) = flags(text, dictionary, "equals")
    assert (p.old, p.new) == ("=", "。") and fixed(text, p) == "新的有损压缩。丢失的图像信息不能恢复。"
    # beside a letter or digit it is an assignment (VAR=VALUE, x=1); next to another = it is an
    # operator of code (==和!= read ==和二=)
    assert flags("分隔的VAR=VALUE行，设x=1或值=2，当使用==和二=捧作符时。", dictionary, "equals") == []


def test_an_equals_sign_ending_a_line_inside_a_paragraph_is_a_full_stop(dictionary):
    text = "替换那些本地昵称=\n原始文件保持不变=\nGIMP会读它。"
    ps = flags(text, dictionary, "equals")
    assert [(p.old, p.new) for p in ps] == [("=", "。")] * 2
    assert fixed(fixed(text, ps[1]), ps[0]) == "替换那些本地昵称。\n原始文件保持不变。\nGIMP会读它。"
    # a blank line ends the paragraph; a mark or a digit opens the next line; code after a letter
    assert flags("见下文=\n\n注释一\n值是=\n（注）\n设定=\n1\nVAR=\n值", dictionary, "equals") == []


def test_a_dollar_read_as_s_before_shell_syntax(dictionary):
    text = "形式为S'string'的字，字符串S{不被认为，在文本中S_扩展为当前值，\"S@\"和S(cat)。"
    ps = flags(text, dictionary, "dollar")
    assert [(p.old, p.new) for p in ps] == [("S", "$")] * 5
    assert [text[p.end] for p in ps] == ["'", "{", "_", "@", "("]
    # a word S, or an S ending a word, before the same marks is text (比如SANE, 按S键, ABS(x), Bugs')
    assert flags("比如SANE，按S键，ABS(x)，见Bugs'章节，S型。", dictionary, "dollar") == []


def test_a_slash_read_as_v_opening_a_path_or_after_a_scheme(dictionary):
    text = "配置见Vetc/locale.conf文件，或者见http:V/www.gnu.org/licenses，和 Vusr/bin。"
    ps = flags(text, dictionary, "slash")
    assert [(p.old, p.new) for p in ps] == [("V", "/")] * 3
    fixed_all = text
    for p in reversed(ps):
        fixed_all = fixed(fixed_all, p)
    assert fixed_all == "配置见/etc/locale.conf文件，或者见http://www.gnu.org/licenses，和 /usr/bin。"
    # a V that ends a word or a number, or opens another word, is text
    assert flags("电压230V/110V，DEVetc/，Vetcetera，Vim/vi，用V/v键，Videos/目录。", dictionary, "slash") == []


def test_garbage_between_chinese_characters(dictionary):
    (p,) = flags("中|国人民和A股市场", dictionary, "garbage")
    assert p.old == "|" and p.new == ""
    # between two words it is the mark itself, named by technical prose
    assert flags("多个模式以|分隔的列表。如果\\和新行符成对出现", dictionary, "garbage") == []


# --- broken words and transpositions ---------------------------------------------------------


@pytest.mark.parametrize("text,old,new", [
    ("这是已经己经完成的工作", "己", "已"),
    ("增强忧惠意识和责任意识", "惠", "患"),
])
def test_a_lookalike_that_breaks_a_word_is_flagged_with_the_word(dictionary, text, old, new):
    (p,) = flags(text, dictionary, "broken word")
    assert (p.old, p.new) == (old, new) and "looks like" in p.reason


def test_a_fair_lookalike_is_flagged_where_the_word_stands_intact_elsewhere(dictionary):
    # 寞/模 are only 0.58 alike (under the collation's 0.58 bar's neighbours, real OCR confuses them);
    # alone, 编辑美式 and 编辑定式 come too close; with 编辑模式 printed elsewhere in the input, 模 wins
    from corrector import glyphs

    assert 0.5 <= glyphs.similarity("寞", "模") < 0.62
    alone = "切换到编辑寞式以后再保存文件。"
    assert flags(alone, dictionary, "broken word") == []
    text = "在编辑模式下可以修改文字。" + alone
    (p,) = flags(text, dictionary, "broken word")
    assert (p.old, p.new) == ("寞", "模") and "corpus and likeness" in p.reason


def test_the_reading_intact_elsewhere_tips_the_scale(dictionary):
    # 舒必 → 舒心: the dictionary alone falls short of the bar; 舒心 elsewhere in the input clears it
    alone = "生活更加方便舒必了。"
    assert flags(alone, dictionary, "broken word") == []
    (p,) = flags(alone + "大家都说生活更加方便舒心了。", dictionary, "broken word")
    assert (p.old, p.new) == ("必", "心")


def test_two_words_fitting_about_as_well_are_not_flagged(dictionary):
    # 统筠: 统筹 and 统管 both fit, 2.4 nats apart, under the margin: no flag, though 统筹 clears the bar
    from corrector.suspects import broken_word

    text = "有关部门将加强统筠协调，完善长效管理机制。"
    k = make_key(text).text
    i = k.index("筠")
    ev = broken_word.Evidence(dictionary, CorpusCounts([k]))
    left, right = k[i - 4:i], k[i + 1:i + 5]
    best = broken_word.substitution_score(ev, left, "筠", "筹", right)
    second = broken_word.substitution_score(ev, left, "筠", "管", right)
    assert best >= broken_word.MIN_GAIN["substitution"] and 0 < best - second < broken_word.MARGIN
    assert flags(text, dictionary, "broken word") == []


def test_knowing_the_corpus_characters_changes_no_flag(dictionary):
    text = ("在编辑模式下可以修改文字。切换到编辑寞式以后再保存文件。生活更加方便舒必了。"
            "大家都说生活更加方便舒心了。增强忧惠意识和责任意识。")
    k = make_key(text).text
    corpus = CorpusCounts([k])
    plain = find_suspects(text, dictionary, corpus, doc="d")
    quick = find_suspects(text, dictionary, corpus, doc="d", corpus_chars=frozenset(k))
    assert [(p.start, p.new, p.reason) for p in quick] == [(p.start, p.new, p.reason) for p in plain]
    assert len(plain) >= 3


def test_a_rare_word_repeated_in_the_text_is_left_alone(dictionary):
    # the same pair twice in one text is a name or a term, not an OCR error (errors fall at random)
    once = "增强忧惠意识和责任意识。"
    assert flags(once, dictionary, "broken word") != []
    assert flags(once + "要有忧惠意识。", dictionary, "broken word") == []


def test_a_rare_character_the_document_prints_again_and_again_is_its_own(dictionary):
    """A rare character the page prints three times is the text's (菇 in a story on mushrooms; here
    瞩 in a story of a 瞩 family): printed once, the look-alike reading (叮瞩 → 叮嘱) is weighed as before."""
    once = "他反复叮瞩。"
    (p,) = flags(once, dictionary, "broken word")
    assert (p.old, p.new) == ("瞩", "嘱")
    story = "村里有瞩家，瞩家人很忙。" + once
    assert story.count("瞩") == 3 and flags(story, dictionary, "broken word") == []
    # a common character (己, 干, 全) keeps its place however often the page prints it
    text = "自己的事自己做，己方说：我们己经完成了。"
    assert text.count("己") == 4 and [(p.old, p.new) for p in flags(text, dictionary, "broken word")] == [("己", "已")]


def test_a_character_before_a_place_name_suffix_is_the_names(dictionary):
    """禾源县: the two characters before 县 (省市县区镇乡村) are a place's name, which no dictionary holds."""
    (p,) = flags("演练由禾源防汛队伍组织。", dictionary, "broken word")
    assert (p.old, p.new) == ("禾", "来")
    assert flags("演练由禾源县防汛队伍组织。", dictionary, "broken word") == []


def test_only_a_simple_character_is_taken_for_one_the_ocr_added(dictionary):
    """A deletion is proposed for a character of few strokes (broken_word.MAX_ADDED_STROKES: a speck or
    rule read as 丨), not for a complex one the dictionary merely finds no word for (白琵鹭 → 白鹭)."""
    (p,) = flags("他们在文中引丨用了这段话。", dictionary, "broken word")
    assert (p.old, p.new) == ("丨", "") and "deletion" in p.reason
    assert flags("湖面上的小天鹅、白琵鹭、豆雁在湖边觅食。", dictionary, "broken word") == []
    assert flags("吃侈饭之后", dictionary, "broken word") == []


def test_a_faint_look_alike_needs_more_evidence(dictionary, monkeypatch):
    """楼栋 → 楼梯 (similarity 0.61, just over the look-alike bar): under broken_word.LOW_LIKENESS the
    substitution must clear the bar by LOW_LIKENESS_EXTRA more, which keeps this local term (the
    dictionary lacks it) quiet; without the extra it is flagged."""
    from corrector import glyphs
    from corrector.suspects import broken_word

    text = "为持有条件的楼栋加装电梯。"
    assert glyphs.similarity("栋", "梯") < broken_word.LOW_LIKENESS
    assert flags(text, dictionary, "broken word") == []
    monkeypatch.setattr(broken_word, "LOW_LIKENESS_EXTRA", 0.0)
    assert [(p.old, p.new) for p in flags(text, dictionary, "broken word")] == [("栋", "梯")]


def test_a_name_after_a_byline_marker_is_the_texts(dictionary):
    """记者 张阑明: the person a byline names (names.BYLINE_MARKERS), which no dictionary holds, is
    left alone (阑 → 阐 reads better to the dictionary); the same name elsewhere is still weighed."""
    assert [(p.old, p.new) for p in flags("他说张阑明来了。", dictionary)] == [("阑", "阐")]
    assert [(p.old, p.new) for p in flags("本报会员 张阑明 通讯员 李明 报道。", dictionary)] == [("阑", "阐")]
    for text in ("本报记者 张阑明 通讯员 李明 报道。", "本报记者张阑明通讯员李明报道。", "通讯员 张阑明 报道。"):
        assert flags(text, dictionary) == []


@pytest.mark.parametrize("text", ["教育局局长张阑明今天来到学校。", "今年招生增加，张阑明介绍。"])
def test_a_person_after_a_title_or_before_a_verb_of_speech_is_the_texts(dictionary, text):
    """A common surname and one or two characters after a title (局长张阑明) or before a verb of
    speech (张阑明说) name a person: no flag there, while the same name elsewhere is weighed."""
    assert [(p.old, p.new) for p in flags("今年招生增加，我们看到张阑明的作品。", dictionary)] == [("阑", "阐")]
    assert flags(text, dictionary) == []


def test_a_swap_printed_elsewhere_too_is_the_texts(dictionary):
    """A reading the input prints twice (萄葡 here and in another text) is a name or term of its own:
    an OCR transposition seldom repeats letter for letter."""
    text = "他卖萄葡酒。"
    assert [p.new for p in flags(text, dictionary, "transposed")] == ["葡萄"]
    assert flags(text, dictionary, "transposed", corpus_texts=[text, "萄葡园里很热闹。"]) == []


def test_marked_names_hold_for_the_doubled_and_transposed_detectors_too(dictionary):
    """The characters a text marks as a name (.names) get no doubled or transposed flag either; a
    place suffix that ends a dictionary word (社区) marks nothing."""
    assert [p.old for p in flags("他们抓住住社区。", dictionary, "doubled")] == ["住"]
    assert flags("记者 抓住住社区报道。", dictionary, "doubled") == []
    assert [p.new for p in flags("他卖萄葡酒。", dictionary, "transposed")] == ["葡萄"]
    assert flags("他在萄葡村。", dictionary, "transposed") == [] and flags("记者 萄葡 报道。", dictionary, "transposed") == []


def test_clean_prose_gets_no_broken_word(dictionary):
    text = "党的二十大报告指出，实现高质量发展是推进中国式现代化的本质要求之一。"
    assert flags(text, dictionary) == []


def test_a_transposed_pair_is_flagged(dictionary):
    text = "这个工具进行了底彻的改进。"
    (p,) = flags(text, dictionary, "transposed")
    assert (p.old, p.new) == ("底彻", "彻底")
    assert flags("这个工具进行了彻底的改进。", dictionary, "transposed") == []


# --- layout repeats -----------------------------------------------------------------------------


PARA = "现在，楼栋之间的环境整洁清爽多了，再也没有臭味，我们出行舒心多了。"


def test_a_paragraph_printed_twice_is_one_deletion(dictionary):
    text = f"标题\n\n{PARA}\n\n{PARA}\n\n下一段。"
    (p,) = flags(text, dictionary, "repeated")
    assert p.new == "" and fixed(text, p) == f"标题\n\n{PARA}\n\n下一段。"


def test_a_short_repeat_is_rhetoric(dictionary):
    assert flags("推动共建共治共享共建共治共享的格局。", dictionary, "repeated") == []


def test_a_layout_copy_is_no_evidence_for_its_own_errors(dictionary):
    # the doubled 住 is in both copies: the copy must not count as the doubling found elsewhere
    para = "綦江区紧紧抓住住社区这一基层治理单元，全面推行社区工作机制。"
    text = f"{para}\n\n{para}"
    ps = flags(text, dictionary)
    assert [(p.old, p.new) for p in ps if p.old == "住"] == [("住", "")]


# --- every flag ----------------------------------------------------------------------------------


def test_offsets_are_original_code_points_and_flags_never_overlap(dictionary):
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ps = flags(text, dictionary)
        for p in ps:
            assert text[p.start:p.end] == p.old and p.kind == "suspect" and 0 < p.confidence < 1
            assert p.readings[0].text == p.new and p.readings[-1].text == p.old
        for a, b in zip(ps, ps[1:]):
            assert a.end <= b.start and not (a.start == a.end == b.start == b.end)


def test_without_overlaps_keeps_the_more_confident():
    a = Proposal("d", 0, 2, "ab", "", 0.9, "suspect", "x")
    b = Proposal("d", 1, 3, "bc", "", 0.8, "suspect", "y")
    c = Proposal("d", 3, 3, "", "z", 0.7, "suspect", "z")
    assert without_overlaps([b, a, c]) == [a, c]
    assert without_overlaps([a, c], [b]) == [c]


def test_every_detector_has_a_name_the_bench_reports():
    assert {"doubled", "broken word", "transposed", "box", "stray mark", "garbage", "star", "repeated",
            "digit for l", "latin word", "stroke letter", "equals", "dollar", "slash",
            "doubled particle", "和 before conjunction"} == set(DETECTORS)


# --- the engine: pipeline, select, auto --------------------------------------------------------


def test_seed_004_flags_the_doubled_zhu_the_box_and_the_repeated_paragraph(seed_result_with_suspects):
    doc = next(d for d in seed_result_with_suspects.documents if d.id.startswith("004"))
    mine = [p for p in seed_result_with_suspects.proposals if p.doc == doc.id]
    assert all(p.kind == "suspect" for p in mine)
    at = {(doc.text[p.start - 4:p.start] + p.old[:3], p.new) for p in mine}
    assert ("紧紧抓住住", "") in at
    assert any(p.old == "口" and p.new == "□" and doc.text[p.end:p.end + 2] == "本报" for p in mine)
    (rep,) = [p for p in mine if len(p.old) > 100]
    once = doc.text[: rep.start] + doc.text[rep.end:]
    assert once.count("楼栋之间的环境整洁清爽多了") == doc.text.count("楼栋之间的环境整洁清爽多了") - 1


def test_a_suspect_never_overlaps_a_collation_proposal(seed_result_with_suspects):
    by_doc: dict[str, list] = {}
    for p in seed_result_with_suspects.proposals:
        by_doc.setdefault(p.doc, []).append(p)
    from corrector.overlap import overlap

    for ps in by_doc.values():
        sus = [p for p in ps if p.kind == "suspect"]
        col = [p for p in ps if p.kind != "suspect"]
        assert not any(overlap(s, c) for s in sus for c in col)


def test_a_lone_printing_gets_a_suspect_where_collation_gets_a_correction():
    bad = STORY.replace("协调", "协凋")
    alone = corrector.propose([make_doc("a.txt", bad), make_doc("b.txt", OTHER)], suspects=True)
    assert [(p.old, p.new, p.kind) for p in alone.proposals] == [("凋", "调", "suspect")]
    collated = corrector.propose([make_doc("a.txt", bad), make_doc("b.txt", STORY), make_doc("c.txt", STORY)], suspects=True)
    mine = [p for p in collated.proposals if p.doc == "a.txt"]
    assert [(p.old, p.new) for p in mine] == [("凋", "调")] and mine[0].kind != "suspect"


def test_the_engine_flags_a_doubling_between_two_words_only():
    """Pipeline: a lone page with the seeds' 抓住住社区 and the training pages' 图像像点一下 (a doubling
    no word follows) gets one doubled flag, the first."""
    text = "綦江区紧紧抓住住社区这一基层治理单元。在图像像点一下就可以了。"
    found = [p for p in corrector.propose([make_doc("a.txt", text), make_doc("b.txt", OTHER)], suspects=True).proposals
             if p.doc == "a.txt" and "doubled" in p.reason]
    assert [(text[p.start - 2:p.end], p.new) for p in found] == [("抓住住", "")]


def test_select_applies_a_suspect_only_when_asked():
    p = Proposal("d", 0, 1, "a", "b", 0.8, "suspect", "x")
    applied, skipped = corrector.select([p], min_confidence=0.5)
    assert applied == [] and "suspect" in skipped[0].why
    applied, _ = corrector.select([p], min_confidence=0.99, min_suspect_confidence=0.8)
    assert applied == [p]
    applied, skipped = corrector.select([p], min_confidence=0.5, min_suspect_confidence=0.81)
    assert applied == [] and "below 0.81" in skipped[0].why


def test_auto_suspects_option(tmp_path):
    from corrector.cli import main

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("綦江区紧紧抓住住社区这一基层治理单元。\n", encoding="utf-8")
    assert main(["auto", str(src), "--out", str(tmp_path / "o1"), "--quiet"]) == 0
    assert (tmp_path / "o1" / "a.txt").read_text(encoding="utf-8") == "綦江区紧紧抓住住社区这一基层治理单元。\n"
    assert main(["auto", str(src), "--out", str(tmp_path / "o2"), "--quiet", "--suspects", "0.5"]) == 0
    assert (tmp_path / "o2" / "a.txt").read_text(encoding="utf-8") == "綦江区紧紧抓住社区这一基层治理单元。\n"


def test_auto_suspects_out_of_range_is_one_line_and_exit_2(tmp_path, capsys):
    from corrector.cli import main

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("正文。\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:  # refused by the option's parser, before any work
        main(["auto", str(src), "--out", str(tmp_path / "o"), "--quiet", "--suspects", "2"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "--suspects" in err and "\n" not in err and "Traceback" not in err


def test_a_headline_repeated_by_the_lead_is_no_layout_repeat(dictionary):
    lead = "有一张完整而详尽的地图叫做源代码"
    text = f"{lead}\n{lead}，它非常准确但极难理解。\n"
    assert flags(text, dictionary, "repeated") == []
    assert len(flags(f"{lead}。\n{lead}。\n", dictionary, "repeated")) == 1


def test_a_dropped_character_of_an_idiom_is_restored(dictionary):
    text = "群众对此义愤膺，纷纷要求严惩。"
    (p,) = flags(text, dictionary, "broken word")
    assert (p.start, p.old, p.new) == (text.index("膺"), "", "填") and "insertion" in p.reason
    assert flags("群众对此义愤填膺，纷纷要求严惩。", dictionary, "broken word") == []


def test_lexicon_fill_finds_the_missing_character_of_a_word(dictionary):
    from corrector.suspects.lexicon import Lexicon

    lexicon = Lexicon.shared(dictionary)
    assert "力" in lexicon.fill("齐心协", "完成")
    assert "事" in lexicon.fill("坚持实", "求是")
    assert lexicon.fill("", "") == ""


def test_lookalike_rows_agree_with_glyphs_similarity(dictionary):
    from corrector.glyphs import similarity
    from corrector.suspects.lookalikes import Lookalikes

    alphabet = "已己巳忧患惠筹筠笃等策治冶开丹末未璧壁辟人入八"
    lk = Lookalikes(alphabet)
    assert lk._rows_bar is None  # no precomputed table for this alphabet: computed
    for bar in (0.58, 0.62, 0.7):
        got = lk.neighbours(set("己患筠冶未璧入A"), bar)
        for c, found in got.items():
            want = {x for x in alphabet if x != c and similarity(c, x) >= bar}
            assert set(found) == want, (c, bar)
    assert lk.neighbours({"A"}, 0.62) == {"A": ""}


def test_the_precomputed_lookalike_table_is_current_and_right(dictionary):
    """The shipped rows are those of today's alphabet and bar (else rebuild:
    ``python -m corrector.suspects.lookalikes``), and equal the computed rows."""
    import random

    from corrector.suspects.broken_word import LOOKALIKE
    from corrector.suspects.lexicon import Lexicon
    from corrector.suspects.lookalikes import Lookalikes, read_table

    lexicon = Lexicon.shared(dictionary)
    table = read_table(lexicon.alphabet)
    assert table is not None and table[0] == LOOKALIKE
    assert len(table[1]) > 10_000 and "已" in table[1]["己"]
    assert read_table(lexicon.alphabet + "A") is None  # another alphabet: not used
    fresh = Lookalikes(lexicon.alphabet)
    fresh._rows, fresh._rows_bar = {}, None  # computes every row
    sample = random.Random(14).sample(sorted(table[1]), 150) + list("己未冶患筠")
    computed = fresh.neighbours(set(sample), LOOKALIKE)
    assert all(set(table[1][c]) == set(computed[c]) for c in sample)
    shipped = lexicon.lookalikes
    assert shipped.neighbours(set(sample) | {"𠀀"}, LOOKALIKE) == {**computed, "𠀀": ""}  # 𠀀: no row, computed
    assert shipped.neighbours(set("己未冶"), 0.7) == fresh.neighbours(set("己未冶"), 0.7)  # another bar: computed


def test_the_benchmark_judges_a_flag_by_the_distance_to_gold(dictionary):
    from bench.ocr.single import Tally, non_punct_errors

    gold = "綦江区紧紧抓住社区这一基层治理单元。"
    ocr = "綦江区紧紧抓住住社区这一基层治理单元，"
    assert non_punct_errors(gold, ocr) == 1  # the doubled 住; the comma is punctuation
    tally = Tally()
    tally.page("p", ocr, gold, dictionary)
    assert tally.rows["doubled"]["right"] == 1 and tally.rows["doubled"]["fixed"] == 1
    assert tally.np_errors == 1 and sum(r["wrong"] for r in tally.rows.values()) == 0


def test_gram_hash_is_rolling_hashes_of_one_gram():
    import random

    import numpy as np

    from corrector.discover import gram_hash, rolling_hashes

    rng = random.Random(7)
    for _ in range(500):
        gram = "".join(chr(rng.choice((rng.randint(0x4E00, 0x9FFF), rng.randint(32, 126), rng.randint(0x20000, 0x2FA1F))))
                       for _ in range(rng.choice((2, 3, 5))))
        cps = np.frombuffer(gram.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        assert gram_hash(gram) == int(rolling_hashes(cps, len(gram))[0])
    counts = CorpusCounts(["抓住社区抓住机遇", "抓住"])
    assert (counts.count("抓住"), counts.count("抓住社"), counts.count("住机"), counts.count("机会")) == (3, 1, 1, 0)


def test_suspects_are_looked_for_only_when_asked(seed_result):
    # the detectors cost time; a plain run (auto without --suspects, propose without it) does not pay it
    assert not [p for p in seed_result.proposals if p.kind == "suspect"]
    from corrector.cli import build_parser
    from corrector.cli.engine import options_from

    args = build_parser().parse_args(["auto", "seeds", "--out", "o", "--suspects", "0.95"])
    assert options_from(args).suspects  # a threshold to apply them implies looking for them
    assert not options_from(build_parser().parse_args(["auto", "seeds", "--out", "o"])).suspects


def test_recurring_marks_han_characters_beside_a_neighbour_seen_twice(dictionary):
    from corrector.suspects.broken_word import recurring
    from corrector.suspects.evidence import Evidence, Text

    text = "忧惠意识，要有忧惠。A忧A忧A"
    t = Text.of("d", text)
    ev = Evidence(dictionary, CorpusCounts([t.k]))
    k = t.k

    def by_hand(i: int) -> bool:
        grams = [k[j:j + 2] for j in (i - 1, i) if 0 <= j and j + 2 <= len(k)]
        return any(all("\u4e00" <= c <= "\u9fff" for c in g) and k.count(g) >= 2 for g in grams)

    got = recurring(t, ev).tolist()
    assert got == [by_hand(i) for i in range(len(k))]
    # asked at a few positions only: the same answers there, False elsewhere
    for at in ([0, 1, 2], [1], [2, 9], [len(k) - 1], [k.index("A") + 1, 5], list(range(len(k)))):
        some = recurring(t, ev, at).tolist()
        assert some == [got[i] and i in at for i in range(len(k))]
    assert got[:3] == [True, True, False]  # 忧惠 twice; 惠意 once
    assert not got[k.index("A") + 1]  # A忧 and 忧A twice, but A is no Han character


def test_settled_ranges_are_not_searched(dictionary):
    from corrector.model import Span

    text = "在编辑模式下可以修改文字。切换到编辑寞式以后再保存文件。"
    corpus = CorpusCounts([make_key(text).text])
    (p,) = find_suspects(text, dictionary, corpus, doc="d", detectors=["broken word"])
    at = text.index("寞")
    assert (p.start, p.end) == (at, at + 1)
    settled = [Span("d", at - 2, at + 2)]
    assert find_suspects(text, dictionary, corpus, doc="d", detectors=["broken word"], settled=settled) == []
    elsewhere = [Span("d", 0, 5)]
    assert len(find_suspects(text, dictionary, corpus, doc="d", detectors=["broken word"], settled=elsewhere)) == 1


def test_gram_counts_look_up_the_whole_text_at_once(dictionary):
    """The vectorised counts equal :meth:`CorpusCounts.count` gram by gram, and are really vectorised
    (the counter's table is found: a renamed table fell back to one Python call per bigram, the
    detectors' largest cost at scale)."""
    from corrector.suspects.evidence import Evidence, Text, gram_counts

    texts = ["忧惠意识，要有忧惠。A忧A忧A", "要有忧患意识。"]
    corpus = CorpusCounts([make_key(x).text for x in texts])
    t = Text.of("d", texts[0])
    for n in (2, 3):
        got = gram_counts(corpus, t.cps, n)
        assert got is not None
        assert got.tolist() == [corpus.count(t.k[i:i + n]) for i in range(len(t.k) - n + 1)]
    assert gram_counts(corpus, t.cps, 2)[t.k.index("要有")] == 2
    other = CorpusCounts([make_key(texts[1]).text])  # most of the text's grams occur nowhere in it
    got = gram_counts(other, t.cps, 2)
    assert got is not None and got.tolist() == [other.count(t.k[i:i + 2]) for i in range(len(t.k) - 1)]
    assert got.sum() == 3  # 意识, 要有, 有忧 (by hand)

    class Counting(CorpusCounts):
        asked = 0

        def count(self, gram):
            Counting.asked += 1
            return super().count(gram)

    alone = CorpusCounts([t.k])
    ev = Evidence(dictionary, Counting([t.k]))
    assert ev.bigram_counts(t).tolist() == [alone.count(t.k[i:i + 2]) for i in range(len(t.k) - 1)]
    starts = [0, 3, 4, len(t.k) - 2]
    assert ev.bigram_counts(t, starts).tolist() == [alone.count(t.k[i:i + 2]) for i in starts]
    assert Counting.asked == 0


@pytest.mark.parametrize("detector, text, mark", [
    ("transposed", "这个工具进行了底彻的改进。", "底彻"),
])
def test_settled_ranges_are_not_searched_for_transpositions(dictionary, detector, text, mark):
    """A transposition touching a settled range is not looked at (its flag could not go there); one
    elsewhere still is."""
    from corrector.model import Span

    corpus = CorpusCounts([make_key(text).text])
    (p,) = find_suspects(text, dictionary, corpus, doc="d", detectors=[detector])
    at = text.index(mark)
    assert at <= p.start and p.end <= at + len(mark)
    for s, e in ((at + len(mark) - 1, at + len(mark)), (at, at + 1)):  # touching either end
        assert find_suspects(text, dictionary, corpus, doc="d", detectors=[detector], settled=[Span("d", s, e)]) == []
    elsewhere = [Span("d", 0, 2), Span("d", at + len(mark) + 1, len(text))]
    assert len(find_suspects(text, dictionary, corpus, doc="d", detectors=[detector], settled=elsewhere)) == 1


def test_han_mask_agrees_with_is_han():
    import numpy as np
    from corrector.chars import is_han
    from corrector.suspects.evidence import han_mask

    text = "中文A1，\u3400\u4dbf\u4dc0\u9fff\ua000\U00020000\U0002fa1f\U0002fa20\uf900\ufaff\ufb00。"
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    assert han_mask(cps).tolist() == [is_han(c) for c in text]


def test_settled_mask_marks_the_key_characters_inside_any_range():
    import random

    import numpy as np

    from corrector.model import Span
    from corrector.suspects.evidence import settled_mask

    text = "一二 三四\n\n五六七，八九十 甲乙丙丁。"
    key = make_key(text)
    rnd = random.Random(3)
    for _ in range(200):
        spans = []
        for _ in range(rnd.randrange(0, 5)):
            a = rnd.randrange(0, len(text) + 1)
            spans.append(Span("d", a, rnd.randrange(a, len(text) + 1)))
        want = [any(s.start <= int(p) < s.end for s in spans) for p in key.pos]
        assert settled_mask(key.pos, spans).tolist() == want, spans
    assert settled_mask(np.zeros(0, dtype=np.int64), [Span("d", 0, 1)]).tolist() == []


@pytest.mark.parametrize("text, word", [
    ("只要按A1t+F+N键", "Alt"), ("GNU Pub1ic License", "Public"), ("用Per1模块", "Perl"), ("叫Smal1的主题", "Small"),
])
def test_a_one_inside_a_latin_word_is_an_l(dictionary, text, word):
    (p,) = flags(text, dictionary, "digit for l")
    assert (p.old, p.new) == ("1", "l") and word in fixed(text, p)


@pytest.mark.parametrize("text", [
    "iPhone11手机", "H1N1病毒", "重1kg", "A1级", "Win10系统", "第1名", "1st", "MP3和F1赛车", "版本v1", "G1X相机",
])
def test_codes_units_and_numbers_keep_their_one(dictionary, text):
    assert flags(text, dictionary, "digit for l") == []


def test_an_error_every_printing_shares_is_flagged_in_each():
    """Where the printings agree on a misreading (協凋 in all three), the vote sees nothing; the
    detectors weigh the agreed text as printed once, so the other printings' copies of 协凋 are no
    "phrase found elsewhere in the input" (which before left such a place alone as a recurring term)."""
    bad = STORY.replace("协调", "协凋")
    docs = [make_doc("a.txt", bad), make_doc("b.txt", bad.replace("一百二十", "一百三十")),
            make_doc("c.txt", bad), make_doc("d.txt", OTHER)]
    result = corrector.propose(docs, suspects=True)
    sus = sorted((p.doc, p.old, p.new) for p in result.proposals if p.kind == "suspect")
    assert sus == [("a.txt", "凋", "调"), ("b.txt", "凋", "调"), ("c.txt", "凋", "调")]
    assert len(result.groups) == 1 and len(result.groups[0].passages) == 3


def test_a_stroke_letter_splitting_a_word_is_deleted(dictionary):
    text = "GIMP2.0中引I入了带标签页的对话框。"
    (p,) = flags(text, dictionary, "stroke letter")
    assert (p.old, p.new) == ("I", "") and "引入了" in fixed(text, p)


@pytest.mark.parametrize("text", ["或者按F然后N来新建图像。", "设为i时关闭。", "这是l型的接口。", "在A股上市。"])
def test_letters_between_words_are_text(dictionary, text):
    assert flags(text, dictionary, "stroke letter") == []


def test_a_flag_of_agreed_text_is_searched_once_and_copied_to_every_printing(monkeypatch):
    """The group's passages are searched in one printing (the first by id), the others get the flag
    copied at their own offsets (their layout differs: a line break inside the phrase)."""
    import corrector.suspects as suspects

    bad = STORY.replace("协调", "协凋")
    b_text = "标题\n\n" + bad.replace("统筹协凋", "统筹\n协凋")
    docs = [make_doc("c.txt", bad), make_doc("b.txt", b_text), make_doc("a.txt", bad.replace("一百二十", "一百三十")),
            make_doc("d.txt", OTHER)]
    searched: list[tuple[str, int]] = []
    real = suspects.finish_suspects  # (each document's search ends there: add_suspects runs them in batches)

    def spy(begun, gains, *counted):
        found = real(begun, gains, *counted)
        searched.append((begun.text.doc, sum(p.old == "凋" for p in found)))
        return found

    monkeypatch.setattr(suspects, "finish_suspects", spy)
    result = corrector.propose(docs, suspects=True)
    sus = {p.doc: p for p in result.proposals if p.kind == "suspect"}
    assert sorted(sus) == ["a.txt", "b.txt", "c.txt"]
    for doc, p in sus.items():
        text = {"a.txt": docs[2].text, "b.txt": b_text, "c.txt": bad}[doc]
        assert text[p.start:p.end] == p.old == "凋" and p.new == "调"
        assert p.readings[-1].witnesses[0].doc == doc and p.readings[-1].witnesses[0].start == p.start
    assert dict(searched) == {"a.txt": 1, "b.txt": 0, "c.txt": 0, "d.txt": 0}  # found in a.txt only, copied


def test_a_swap_into_a_rare_word_is_not_weighed(dictionary, monkeypatch):
    """Only swaps into words as frequent as the broken-word candidates are weighed (一丸: 3 in the
    dictionary); the common ones still are (彻底)."""
    from corrector.suspects import transposed
    from corrector.suspects.evidence import Evidence, Text
    from corrector.suspects.lexicon import CANDIDATE_FREQ, Lexicon

    assert 0 < dictionary.word_freq("一丸") < CANDIDATE_FREQ <= dictionary.word_freq("彻底")
    weighed: list[str] = []
    real = Evidence.gain

    def spy(self, left, old, new, right, min_gain):
        weighed.append(new)
        return real(self, left, old, new, right, min_gain)

    monkeypatch.setattr(Evidence, "gain", spy)
    lexicon = Lexicon.shared(dictionary)
    transposed.find(Text.of("d", "我们丸一了。"), Evidence(dictionary, None), lexicon)
    assert "一丸" not in weighed
    transposed.find(Text.of("d", "这个工具进行了底彻的改进。"), Evidence(dictionary, None), lexicon)
    assert "彻底" in weighed


def test_the_corpus_is_not_asked_where_no_substitution_can_reach_the_bar(dictionary, monkeypatch):
    """Where the dictionary and the likeness leave every candidate far under the bar (even with the
    most corpus support assumed), the own reading's corpus support is not looked up; where one comes
    near, it is (编辑寞式 → 编辑模式, flagged with the corpus's help)."""
    from corrector.suspects import broken_word
    from corrector.suspects.evidence import Evidence

    asked: list[str] = []
    real, real_many = Evidence.support, Evidence.supports_many

    def spy(self, left, reading, right, own):
        asked.append(reading)
        return real(self, left, reading, right, own)

    def spy_many(self, places):
        for _, readings, _, _ in places:
            asked.extend(readings)
        return real_many(self, places)

    monkeypatch.setattr(Evidence, "support", spy)
    monkeypatch.setattr(Evidence, "supports_many", spy_many)
    text = "在编辑模式下可以修改文字。切换到编辑寞式以后再保存文件。"
    (p,) = flags(text, dictionary, "broken word")
    assert (p.old, p.new) == ("寞", "模") and "寞" in asked
    asked.clear()
    far = "我们去了。"  # 去 and 了: common characters whose look-alikes make no word anywhere near the bar
    places = broken_word.suspects(broken_word.Text.of("d", far), broken_word.Lexicon.shared(dictionary))
    assert places and flags(far, dictionary, "broken word") == [] and asked == []


@pytest.mark.parametrize("text", [
    "编码latin1和utf8", "分区/dev/sdb1已挂载", "用debug1级日志", "版本rc1发布", "接口eth1的地址",
    "先看view1再看view2", "存储池pool1和pool2", "ttyS1串口",
])
def test_technical_names_numbered_with_a_final_one_keep_it(dictionary, text):
    """A stem no English word ends in l after (latin-, sdb-, debug-, rc-, eth-: consonant + l never
    ends a word) or a stem the text numbers with another digit too is a numbered name, not an l."""
    assert flags(text, dictionary, "digit for l") == []


@pytest.mark.parametrize("text, word", [
    ("用Per1模块", "Perl"), ("叫Smal1的主题", "Small"), ("一个Mode1类", "Model"), ("打开shel1窗口", "shell"),
    ("viny1地板", "vinyl"), ("bow1", "bowl"),
])
def test_a_final_one_after_a_letter_english_ends_in_l_before_is_an_l(dictionary, text, word):
    (p,) = flags(text, dictionary, "digit for l")
    assert word in fixed(text, p)



@pytest.mark.parametrize("text, word", [
    ("有一个叫“Sma11”的主题。", "“Small”"), ("命令（例如，ki11-line）", "kill-line"),
    ("在子she11环境中执行。", "shell环境"),
])
def test_a_final_eleven_after_two_letters_and_a_vowel_is_a_double_l(dictionary, text, word):
    """she11 with no shell printed anywhere (the Latin-word rule has no evidence there)."""
    (p,) = flags(text, dictionary, "digit for l")
    assert (p.old, p.new) == ("11", "ll") and word in fixed(text, p), fixed(text, p)


@pytest.mark.parametrize("text", [
    "从解释器 a11，在a中",        # one letter before the digits: a variable
    "分区sda11和sda1都挂载了",    # the text numbers the stem with other digits: a series
    "型号st11的硬盘",            # a consonant before the digits: no English word ends so
    "接口Sma11X",                 # a letter after: no word's end
    "版本abe110",                 # more digits: a number
])
def test_a_final_eleven_that_is_a_number_is_left(dictionary, text):
    assert [p for p in flags(text, dictionary, "digit for l") if p.old == "11"] == []


# --- Latin words misread (the input's own words as evidence) ----------------------------------


@pytest.mark.parametrize("text, want", [
    ("在子she11环境中执行。交互式shell退出时", "在子shell环境中执行。交互式shell退出时"),
    ("一个TcI列表。Tcl脚本不能", "一个Tcl列表。Tcl脚本不能"),
    ("用she11启动，也叫shel1", "用shell启动，也叫shell"),  # two misreadings that read as one word
    ("序列1ist中的命令；list为空时", "序列list中的命令；list为空时"),
])
def test_a_latin_word_misread_with_1_or_I_is_flagged_where_the_input_prints_it(dictionary, text, want):
    ps = flags(text, dictionary, "latin word")
    assert ps and all(set(p.new) == {"l"} and set(p.old) <= {"1", "I"} for p in ps)
    for p in reversed(ps):
        text = fixed(text, p)
    assert text == want


@pytest.mark.parametrize("text", [
    "在子she11环境中执行。",           # no shell anywhere: no evidence
    "iPhone11和iPhone手机，Win10系统", # codes: no iPhonell, Winl0 printed anywhere
])
def test_a_latin_word_with_no_intact_spelling_elsewhere_is_left(dictionary, text):
    assert flags(text, dictionary, "latin word") == []


def test_a_thin_letter_dropped_from_a_latin_word_is_restored_where_the_input_prints_it_more():
    from corrector.suspects.evidence import Text
    from corrector.suspects.latin_words import LatinWords, find
    from corrector.suspects.evidence import Evidence

    text = "按住Shif键，然后点鼠标。"
    elsewhere = ["放开Shift键。", "松开Shift键。"]
    ev = Evidence(Dictionary.load(), None, latin=LatinWords([text, *elsewhere]))
    (p,) = find(Text.of("d", text), ev)
    assert (p.old, p.new) == ("", "t") and fixed(text, p) == "按住Shift键，然后点鼠标。"
    # printed once elsewhere is not enough; nor where the short form is as common a word of the input
    # (a word that names no key: a key's name before 键 has a rule of its own, below)
    text, elsewhere = "运行unti命令。", ["运行until命令。", "等到until为止。"]
    assert fixed(text, find(Text.of("d", text), Evidence(Dictionary.load(), None, latin=LatinWords([text, *elsewhere])))[0]) \
        == "运行until命令。"
    assert find(Text.of("d", text), Evidence(Dictionary.load(), None, latin=LatinWords([text, elsewhere[0]]))) == []
    common = LatinWords([text, text, text, *elsewhere])
    assert find(Text.of("d", text), Evidence(Dictionary.load(), None, latin=common)) == []
    # a letter that makes another word (file/files) is not a thin letter
    assert find(Text.of("d", "打开file"), Evidence(Dictionary.load(), None, latin=LatinWords(["files files files"]))) == []


@pytest.mark.parametrize("text, want", [
    ("升级到GINP。GIMP和GIMP都是", "升级到GIMP。GIMP和GIMP都是"),        # N read for M
    ("选项optiom可用。option和option", "选项option可用。option和option"),  # m for n
    ("给GIMBP写扩展。GIMP和GIMP", "给GIMP写扩展。GIMP和GIMP"),          # a letter added
])
def test_a_latin_word_one_letter_from_a_word_the_input_prints_is_read_as_it(dictionary, text, want):
    (p,) = flags(text, dictionary, "latin word")
    assert fixed(text, p) == want and "misread letter" in p.reason


@pytest.mark.parametrize("text", [
    "升级到GINP。GIMP是",                       # the word printed once: no evidence
    "升级到GINP和GINP。GIMP和GIMP都是",          # the misreading printed twice: the text's own word
    "看GIE图。GIF和GIF",                         # three letters: too short (GIF/GIE, ace/ade)
    "用expr3。expr2和expr2",                     # a digit: a numbered name
    "装了GIMP2。GIMP和GIMP",                     # a version number, not a letter added
    "多个lists。list和list",                     # a plural s
    "用fdisk分区。disk和disk",                   # a letter before a name names another program
    "用GIMB。GIMP和GIMP。GIMS和GIMS",            # two words fit
])
def test_a_latin_word_is_not_read_as_another_without_one_clear_word(dictionary, text):
    assert [p for p in flags(text, dictionary, "latin word") if "misread letter" in p.reason] == []


def test_the_engine_reads_a_misread_latin_word_as_the_one_other_articles_print():
    """Pipeline: GINP in one article, GIMP printed twice in another: the flag lands in the first."""
    a = "升级到GINP要么就重装。这是第一篇文章的内容，讲的是别的事情。"
    b = "GIMP是自由软件。另一篇文章里说的是GIMP的用法。"
    found = [p for p in corrector.propose([make_doc("a.txt", a), make_doc("b.txt", b)], suspects=True).proposals
             if p.kind == "suspect" and "misread letter" in p.reason]
    assert [(p.doc, p.old, p.new) for p in found] == [("a.txt", "N", "M")]


def test_the_engine_weighs_latin_words_over_the_whole_input():
    """she11 in one article, shell printed intact in another: the flag lands in the first."""
    a = "在子she11环境中执行这个命令。这是第一篇文章的内容，讲的是别的事情。"
    b = "交互式shell退出时会保存历史。另一篇文章里说的是shell的用法。"
    found = [p for p in corrector.propose([make_doc("a.txt", a), make_doc("b.txt", b)], suspects=True).proposals
             if p.kind == "suspect" and "l read as" in p.reason]
    assert [(p.doc, p.old, p.new) for p in found] == [("a.txt", "11", "ll")]


def test_the_local_substitution_gain_equals_the_dictionarys_whole_context_gain(dictionary):
    """SubstitutionGain scores only the Han run around the place, with the segmentations either side
    computed once: the same gain as Dictionary.score over the whole context, for every place and
    look-alike of a real text (Han, Latin and marks in the context)."""
    import random

    from corrector.suspects.lexicon import Lexicon
    from corrector.suspects.substitution_gain import SubstitutionGain
    from corrector.suspects.evidence import context, is_han

    text = make_key(STORY + "Linux的she11命令，2024年。" + OTHER).text
    rnd = random.Random(5)
    checked = 0
    for i in rnd.sample(range(len(text)), 120):
        if not is_han(text[i]):
            continue
        left, right = context(text, i, i + 1)
        gains = SubstitutionGain(dictionary, left, text[i], right)
        alike = Lexicon.shared(dictionary).lookalikes.neighbours({text[i]}, 0.58)[text[i]]
        for new in alike[:6] + "国的":
            if is_han(new) and new != text[i]:
                whole = dictionary.score(left + new + right) - dictionary.score(left + text[i] + right)
                assert gains.gain(new) == pytest.approx(whole, abs=1e-9)
                checked += 1
    assert checked > 200


def test_supports_counts_as_support_does(dictionary):
    """Evidence.supports (a place's readings counted in one look-up) gives support's figures, with and
    without layout copies, for readings the corpus has and has not."""
    import random

    from corrector.suspects.evidence import Evidence, context

    k = make_key(STORY + OTHER + STORY[:200]).text
    copies = CorpusCounts([k[:300]])
    rnd = random.Random(2)
    for ev in (Evidence(dictionary, CorpusCounts([k])), Evidence(dictionary, CorpusCounts([k]), copies)):
        for i in rnd.sample(range(5, len(k) - 5), 80):
            left, right = context(k, i, i + 1)
            readings = [k[i], k[i + 1], "的", "龘", k[i:i + 2], ""]
            owns = [1, 0, 0, 0, 1, 0]
            want = [ev.support(left, r, right, o) for r, o in zip(readings, owns)]
            assert ev.supports(left, readings, right, owns) == pytest.approx(want, abs=1e-12)
            # single Han characters (the substitutions' case) take the grams' shapes from the context
            han = [c for c in (k[i], "的", "国", "龘", k[i - 1]) if "\u4e00" <= c <= "\u9fff"]
            want = [ev.support(left, r, right, 1) for r in han]
            assert ev.supports(left, han, right, [1] * len(han)) == want
        # many places at once (a document's, as broken word asks): each place's figures as alone
        places = []
        for i in rnd.sample(range(5, 195), 40):  # the story opens the key twice: its n-grams recur
            left, right = context(k, i, i + 1)
            places.append((left, [k[i], "的", "龘", k[i - 1]], right, [len(places) % 2, 0, 0, 0]))
        want = [ev.supports(*place) for place in places]
        assert ev.supports_many(places) == want and any(any(w) for w in want)


def test_a_batch_of_texts_supports_count_as_each_texts_own_do(dictionary):
    """supports_of (the corpus asked once for a batch of texts sharing it) gives each text the
    figures Evidence.support gives it alone, its own copies taken off and no other text's."""
    import random

    from corrector.suspects.evidence import Evidence, context, supports_of

    k = make_key(STORY + OTHER + STORY[:200] + OTHER[:150]).text
    corpus = CorpusCounts([k])
    # copies of different passages per text: a count taken off the wrong text changes some support
    evs = [Evidence(dictionary, corpus), Evidence(dictionary, corpus, CorpusCounts([k[:300]])),
           Evidence(dictionary, corpus, CorpusCounts([k[len(STORY):len(STORY) + 150]])), Evidence(dictionary, corpus)]
    rnd = random.Random(3)
    batch = []
    for t in range(len(evs)):
        places = []
        for i in rnd.sample(range(5, len(k) - 5), 30) + list(range(10, 30)) + list(range(len(STORY) + 5, len(STORY) + 25)):
            left, right = context(k, i, i + 1)
            places.append((left, [k[i], "的", "龘", k[i - 1], k[i:i + 2], ""], right, [len(places) % 2, 0, 0, 0, 1, 0]))
        batch.append(places if t != 3 else [])  # a text with nothing to ask
    got = supports_of(evs, batch)
    want = [[[ev.support(left, r, right, o) for r, o in zip(readings, owns)] for left, readings, right, owns in places]
            for ev, places in zip(evs, batch)]
    assert got == [[pytest.approx(w, abs=1e-12) for w in ws] for ws in want]
    # the copies matter here: without them the second and third texts' figures differ
    bare = [[[Evidence(dictionary, corpus).support(left, r, right, o) for r, o in zip(readings, owns)]
             for left, readings, right, owns in places] for places in batch]
    assert want[1] != bare[1] and want[2] != bare[2] and want[0] == bare[0]
    # texts of different corpora: each counted in its own
    other = Evidence(dictionary, CorpusCounts([k[:400]]))
    assert supports_of([evs[1], other], [batch[0], batch[0]]) == [evs[1].supports_many(batch[0]), other.supports_many(batch[0])]


def test_a_batch_of_texts_bigram_counts_count_as_each_texts_own_do(dictionary):
    """bigram_counts_of (the corpus asked once for a batch of texts) gives each text what
    Evidence.bigram_counts gives it alone at those starts, and what counting bigram by bigram gives:
    its own copies taken off, no other text's; the recurring test given them answers the same."""
    import random

    from corrector.suspects import broken_word
    from corrector.suspects.evidence import Evidence, Text, bigram_counts_of

    k = make_key(STORY + OTHER + STORY[:200] + OTHER[:150]).text
    corpus = CorpusCounts([k])
    evs = [Evidence(dictionary, corpus, CorpusCounts([k[:300]])), Evidence(dictionary, corpus),
           Evidence(dictionary, corpus, CorpusCounts([k[len(STORY):len(STORY) + 150]])), Evidence(dictionary, corpus)]
    texts = [Text.of("a", STORY), Text.of("b", OTHER), Text.of("c", OTHER[:120] + STORY[:80]), Text.of("d", "好")]
    rnd = random.Random(4)
    starts = [broken_word.bigram_starts(t.cps, sorted(rnd.sample(range(len(t.cps)), min(len(t.cps), 60))) if n != 1 else [])
              for n, t in enumerate(texts)]
    got = bigram_counts_of(evs, texts, starts)
    for ev, t, s, g in zip(evs, texts, starts, got):
        assert g.tolist() == ev.bigram_counts(t, s).tolist() == [ev.count(t.k[i:i + 2]) for i in s.tolist()]
    assert [len(g) for g in got] == [len(s) for s in starts] and len(got[1]) == len(got[3]) == 0
    # the copies matter here: without them the first and third texts' counts differ
    bare = Evidence(dictionary, corpus)
    assert got[0].tolist() != bare.bigram_counts(texts[0], starts[0]).tolist()
    assert got[2].tolist() != bare.bigram_counts(texts[2], starts[2]).tolist()
    at = sorted(rnd.sample(range(len(texts[0].cps)), 60))
    counted = bigram_counts_of([evs[0]], [texts[0]], [broken_word.bigram_starts(texts[0].cps, at)])[0]
    assert (broken_word.recurring(texts[0], evs[0], at, counted) == broken_word.recurring(texts[0], evs[0], at)).all()
    assert broken_word.recurring(texts[0], evs[0], at).any()


@pytest.mark.parametrize("text, want", [
    ("按住Shif键，然后点鼠标。", "按住Shift键，然后点鼠标。"),    # before 键, Shift printed nowhere
    ("按Ctr+C复制。", "按Ctrl+C复制。"),                          # joined to another key by +
    ("快捷键是Ctrl+Shif，用来新建。", "快捷键是Ctrl+Shift，用来新建。"),  # after a +
    ("按SHIF键。", "按SHIFT键。"),                                # capitals: the letter put back in capitals
    ("只要按AIt+F+N键", "只要按Alt+F+N键"),                      # I read for its l
])
def test_a_key_name_with_a_thin_letter_dropped_is_restored_where_a_key_is_named(dictionary, text, want):
    (p,) = flags(text, dictionary, "latin word")
    assert fixed(text, p) == want and "key" in p.reason


@pytest.mark.parametrize("text", [
    "按住Shift键，然后点鼠标。",     # the name itself
    "这个Shif值在文件里。",          # no key named here: not before 键, no +
    "按Hom键回到行首。",             # e is no thin letter (Home/Hom: not this rule's)
    "按Del键删除。",                 # an abbreviation two letters short
    "这个AIt值在文件里。",           # I for l, but no key named here
])
def test_a_key_name_rule_needs_a_key_place_and_one_thin_letter(dictionary, text):
    assert [p for p in flags(text, dictionary, "latin word") if "key" in p.reason] == []


def test_the_engine_restores_a_key_name():
    """Pipeline: a lone page's Shif键 gets the key's flag through corrector.propose."""
    text = "选择矩形以后，按住Shif键，然后拖动鼠标就可以画出正方形。"
    found = [p for p in corrector.propose([make_doc("a.txt", text), make_doc("b.txt", OTHER)], suspects=True).proposals
             if p.doc == "a.txt" and p.kind == "suspect"]
    assert [(text[p.start - 4:p.start], p.new) for p in found] == [("Shif", "t")]
