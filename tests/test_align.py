"""Align: pair alignments, the target's view of each witness, and hunks with whole readings."""

from __future__ import annotations

from corrector.align import align_chain, hunks_for_target, views_by_target
from corrector.discover import find_chains
from corrector.ingest import make_key
from corrector.model import Options

from .texts import OTHER, STORY


def _hunks(texts: list[str], target: int = 0):
    keys = [make_key(t).text for t in texts]
    chains = find_chains(keys, Options())
    alignments = [al for c in chains if (al := align_chain(keys[c.a], keys[c.b], c)) is not None]
    views = views_by_target(alignments, len(keys))
    return keys, hunks_for_target(target, keys[target], views[target], keys)


def _readings(h):
    return {text: sorted(w for w, _, _ in sup) for text, sup in h.readings.items()}


def _readings_as_each_target(texts: list[str]) -> dict[int, list[dict]]:
    """Every hunk's readings with each document in turn the target (the hunks must not depend on it)."""
    return {t: [_readings(h) for h in _hunks(texts, target=t)[1]] for t in range(len(texts))}


def test_substitution_gives_one_hunk_with_both_readings():
    bad = STORY.replace("统筹协调", "统筹协凋")
    keys, hunks = _hunks([bad, STORY])
    assert len(hunks) == 1
    h = hunks[0]
    assert keys[0][h.s:h.e] == "凋"
    assert _readings(h) == {"凋": [0], "调": [1]}


def test_dropped_character_is_an_insertion_point_with_the_witness_text():
    bad = STORY.replace("四万余户", "四余户")
    keys, hunks = _hunks([bad, STORY, STORY])
    assert len(hunks) == 1
    h = hunks[0]
    assert h.s == h.e and keys[0][h.s - 2:h.s] == "居民四"[1:]
    assert _readings(h) == {"": [0], "万": [1, 2]}


def test_transposed_pair_is_read_as_a_whole():
    swapped = STORY.replace("屋顶", "顶屋")
    keys, hunks = _hunks([swapped, STORY])
    assert [_readings(h) for h in hunks] == [{"顶屋": [0], "屋顶": [1]}]
    # and from the other side
    keys, hunks = _hunks([swapped, STORY], target=1)
    assert [_readings(h) for h in hunks] == [{"屋顶": [1], "顶屋": [0]}]


def test_latin_garbage_and_a_moved_word_stay_one_hunk_each():
    noisy = STORY.replace("养老托育", "养老 and 托育")
    keys, hunks = _hunks([noisy, STORY])
    assert [_readings(h) for h in hunks] == [{"and": [0], "": [1]}]


def test_witness_that_does_not_cover_a_hunk_abstains():
    half = STORY[: len(STORY) // 2]
    bad_end = STORY.replace("长效管理机制", "长效管埋机制")  # error in the second half only
    keys, hunks = _hunks([bad_end, STORY, half + "（下转04版）" + OTHER])
    assert len(hunks) == 1
    assert _readings(hunks[0]) == {"埋": [0], "理": [1]}  # the cut copy (2) does not reach it


def test_identical_witnesses_give_no_hunks():
    _, hunks = _hunks([STORY, STORY, STORY])
    assert hunks == []


def test_a_moved_word_is_one_hunk_but_independent_errors_are_not():
    moved = STORY.replace("做到一楼一策", "做到一策一楼")  # a move across two equal characters
    keys, hunks = _hunks([moved, STORY])
    assert [_readings(h) for h in hunks] == [{"策一楼": [0], "楼一策": [1]}]
    two = STORY.replace("统筹协调", "统筠协凋")  # two errors one character apart
    keys, hunks = _hunks([two, STORY])
    assert [_readings(h) for h in hunks] == [{"筠": [0], "筹": [1]}, {"凋": [0], "调": [1]}]


def test_a_changed_latin_word_is_one_hunk():
    a = STORY.replace("停车", "Debian 停车")
    b = STORY.replace("停车", "Ubuntu 停车")
    keys, hunks = _hunks([a, b])
    assert [_readings(h) for h in hunks] == [{"Debian": [0], "Ubuntu": [1]}]
    c = STORY.replace("停车", "Debain 停车")  # an error inside a word still reads as the whole word
    keys, hunks = _hunks([c, a, a])
    assert [_readings(h) for h in hunks] == [{"Debain": [0], "Debian": [1, 2]}]


def test_a_shifted_replacement_is_one_hunk():
    a = STORY.replace("充分听取", "充分挑选听取")
    b = STORY.replace("充分听取", "充分选择听取")
    keys, hunks = _hunks([a, b])
    assert [_readings(h) for h in hunks] == [{"挑选": [0], "选择": [1]}]


def test_two_insertions_one_character_apart_are_one_hunk():
    a = STORY.replace("完善长效管理机制", "完善党建工作")
    b = STORY.replace("完善长效管理机制", "完善党的建设工作")
    keys, hunks = _hunks([a, b])
    assert [_readings(h) for h in hunks] == [{"建": [0], "的建设": [1]}]


def test_chance_matches_inside_a_rewording_join_it():
    # one paper reworded the clause; 问题， matches by chance between two differences: the whole
    # rewording is one hunk, so no vote can mix halves of two wordings (聚焦...问题，持续)
    a = STORY.replace("围绕群众急难愁盼问题，持续推进", "聚焦居民反映强烈的突出问题，着力推进")
    one = [{"聚焦居民反映强烈的突出问题,着力": [0], "围绕群众急难愁盼问题,持续": [1]}]
    assert _readings_as_each_target([a, STORY]) == {0: one, 1: one}
    # nine equal characters (群众急难愁盼问题，) are no chance match: two hunks
    b = STORY.replace("围绕群众急难愁盼问题，持续推进", "聚焦居民反映强烈的群众急难愁盼问题，着力推进")
    keys, hunks = _hunks([b, STORY])
    assert [_readings(h) for h in hunks] == [{"聚焦居民反映强烈的": [0], "围绕": [1]}, {"着力": [0], "持续": [1]}]


def test_a_word_moved_across_another_is_one_hunk():
    # 老旧小区 printed 小区老旧: one transposition, not a deletion here and an insertion two characters on
    moved = STORY.replace("持续推进老旧小区改造", "持续推进小区老旧改造")
    keys, hunks = _hunks([moved, STORY])
    assert [_readings(h) for h in hunks] == [{"小区老旧": [0], "老旧小区": [1]}]
    moved = STORY.replace("充分听取居民意见", "充分居民听取意见")
    keys, hunks = _hunks([moved, STORY])
    assert [_readings(h) for h in hunks] == [{"居民听取": [0], "听取居民": [1]}]


def test_a_misread_first_or_last_character_of_both_pages_is_a_hunk():
    # 今 read as 令 opening the page, 。 read as . closing it: no solid run of equal characters lies
    # beyond them, but both pages start (end) there, so they are aligned (align.EDGE_CHANGE)
    first = "令" + STORY[1:]
    keys, hunks = _hunks([first, STORY, STORY])
    assert [(keys[0][h.s:h.e], _readings(h)) for h in hunks] == [("令", {"令": [0], "今": [1, 2]})]
    last = STORY[:-1] + "."
    keys, hunks = _hunks([last, STORY, STORY])
    assert [(keys[0][h.s:h.e], _readings(h)) for h in hunks] == [(".", {".": [0], "。": [1, 2]})]


def test_a_longer_difference_at_the_pages_edge_is_layout_not_a_hunk():
    # three characters one page has before the shared text (a headline's tail, a jump line) are no misreading
    keys, hunks = _hunks(["下转版" + STORY[3:], STORY, STORY])
    assert hunks == []
    # nor is a page's first character where the other page starts elsewhere (another story's column before it)
    keys, hunks = _hunks(["令" + STORY[1:], OTHER[:30] + STORY, OTHER[:30] + STORY])
    assert hunks == []


def test_trim_keeps_a_small_edge_difference_only_at_both_documents_ends():
    from corrector.align import Op, _trim

    a, b = "令" + STORY[1:20] + "。", "今" + STORY[1:20]
    ops = [Op("replace", 0, 1, 0, 1), Op("equal", 1, 20, 1, 20), Op("delete", 20, 21, 20, 20)]
    al = _trim(0, 1, ops, a, b)
    assert (al.a0, al.a1, al.b0, al.b1) == (0, 21, 0, 20)  # both starts, both ends: kept
    assert (_trim(0, 1, ops).a0, _trim(0, 1, ops).a1) == (1, 20)  # without the keys: the solid runs only
    moved = [Op("replace", 5, 6, 7, 8), Op("equal", 6, 25, 8, 27), Op("delete", 25, 26, 27, 27)]
    al = _trim(0, 1, moved, "x" * 26, "y" * 27 + "。")  # neither at a document's start nor at its end: trimmed
    assert (al.a0, al.a1, al.b0, al.b1) == (6, 25, 8, 27)
    al = _trim(0, 1, [Op("insert", 0, 0, 0, 3), Op("equal", 0, 19, 3, 22)], STORY[1:20], "标题：" + STORY[1:20])
    assert (al.a0, al.b0) == (0, 3)  # three characters: layout
    al = _trim(0, 1, [Op("insert", 0, 0, 0, 2), Op("equal", 0, 19, 2, 21)], STORY[1:20], "标题" + STORY[1:20])
    assert (al.a0, al.b0) == (0, 2)  # two letters one page has: a label it set, layout
    al = _trim(0, 1, [Op("insert", 0, 0, 0, 1), Op("equal", 0, 19, 1, 20)], STORY[1:20], "“" + STORY[1:20])
    assert (al.a0, al.b0) == (0, 0)  # a mark: kept


def test_a_passage_pair_is_as_long_as_its_shorter_passage():
    """The length align_pairs compares with Options.min_passage, for chains and alignments alike."""
    import numpy as np

    from corrector.align import Op, PairAlignment
    from corrector.discover import Chain

    chain = Chain(0, 1, 10, 110, 40, 70, anchors=3, points=np.zeros((3, 2), dtype=np.int64))
    assert chain.length == 30  # b's passage: 70 - 40
    al = PairAlignment(0, 1, 5, 25, 0, 48, [Op("replace", 5, 25, 0, 48)])
    assert al.length == 20  # a's passage: 25 - 5


CUT = "既修好了屋顶和管网，也补上了养老托育和停车等短板。"


def test_a_sentence_one_paper_lacks_does_not_swallow_the_misreadings_after_it():
    # the target's paper cut a sentence, and its OCR misread 民 and 化 after the cut, three and
    # seven equal characters on: each misreading is a hunk of its own, which the vote can correct
    target = STORY.replace(CUT, "").replace("不少居民说，家门口的变化", "不少居昆说，家门口的变伦")
    keys, hunks = _hunks([target, STORY])
    assert [_readings(h) for h in hunks] == [
        {"": [0], make_key(CUT).text: [1]},
        {"昆": [0], "民": [1]},
        {"伦": [0], "化": [1]},
    ]


def test_text_lost_beside_a_long_divergence_joins_it():
    # text lost six equal characters after a long divergence is one garbled stretch with it (OCR
    # drops pieces of a line around what it keeps); nine characters on, a loss is its own hunk
    target = STORY.replace(CUT, "").replace("不少居民说，家门口的变化看得见、摸得着", "不少居民说，的变化看得见、摸得")
    keys, hunks = _hunks([target, STORY])
    assert [_readings(h) for h in hunks] == [
        {"不少居民说,": [0], make_key(CUT).text + "不少居民说,家门口": [1]},
        {"": [0], "着": [1]},
    ]


def test_chance_matches_of_one_or_two_characters_join_a_rewording_however_many():
    # one paper reworded the clause; 来, 它 and 的 match by chance, one after another: one hunk
    orig = STORY.replace("有关部门将加强统筹协调", "有关部门可以通过下列的办法来改善它的环境")
    edited = STORY.replace("有关部门将加强统筹协调", "有关部门来美化它们的外观")
    one = [{"来美化它们的外观": [0], "可以通过下列的办法来改善它的环境": [1]}]
    assert _readings_as_each_target([edited, orig]) == {0: one, 1: one}


def test_a_one_character_change_after_a_chance_match_stays_in_the_rewording():
    # 进行了深入调查 → 开展了调研: 了 and 调 match by chance; 查 → 研 has a misreading's shape but
    # lies one chance match from the rewording, so it stays in it (no vote can apply 研 alone)
    orig = STORY.replace("有关部门将加强统筹协调", "有关部门在全市范围内进行了深入调查")
    edited = STORY.replace("有关部门将加强统筹协调", "有关部门开展了调研")
    keys, hunks = _hunks([edited, orig])
    assert [_readings(h) for h in hunks] == [{"开展了调研": [0], "在全市范围内进行了深入调查": [1]}]
