"""The news texts written for the project: each story becomes one whole article of the OCR benchmark."""

from pathlib import Path

import pytest

from bench.ocr import corpus


def _stories(path: Path) -> list[list[str]]:
    """The file's stories by hand: blank lines part them, ``#`` lines are comments."""
    stories, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                stories.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        stories.append(cur)
    return stories


@pytest.mark.parametrize("text,count", [("news", 30), ("news-heldout", 15)])
def test_each_story_is_one_whole_article(text, count):
    stories = _stories(corpus.NEWS[text])
    assert len(stories) == count
    articles, fillers = corpus.articles_and_fillers(count, text=text)
    assert len(articles) == count and not fillers
    for art, story in zip(articles, stories):
        assert art.title == corpus.clean_paragraph(story[0])
        assert art.paragraphs == [corpus.clean_paragraph(p) for p in story[1:]]


def test_stories_past_the_part_feed_the_fillers():
    articles, fillers = corpus.articles_and_fillers(12, text="news")
    rest = _stories(corpus.NEWS["news"])[12:]
    assert len(articles) == 12
    assert fillers[0] == corpus.clean_paragraph(rest[0][1])  # the next story's body (its title is no filler)


def test_the_two_news_files_share_no_sentence():
    # Set phrases may recur (基层是党的执政之基、力量之源 is in both, as in any two papers); whole sentences not.
    grams = [corpus._ngrams("".join(p for _, p in corpus.source_paragraphs(t)), 30) for t in ("news", "news-heldout")]
    assert not grams[0] & grams[1]
