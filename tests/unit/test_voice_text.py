"""Text front-end: language detection, normalisation of numbers/dates/units in both languages, splitting."""

from __future__ import annotations

import pytest

from services.voice.text import (
    Segment,
    normalize_en,
    normalize_zh,
    prepare_text,
    resolve_language,
    split_for_streaming,
    to_simplified,
)
from shared.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It costs $12.50.", "It costs twelve dollars and fifty cents ."),
        ("Meet me at 10:30 pm", "Meet me at ten thirty p m"),
        ("Born 2024-05-01", "Born May first, twenty twenty four"),
        ("In 1999 we won", "In nineteen ninety nine we won"),
        ("the 1990s", "the nineteen nineties"),
        ("2048 people", "two thousand and forty eight people"),
        ("3.5% growth", "three point five percent growth"),
        ("1,234,567 stars", "one million two hundred and thirty four thousand five hundred and sixty seven stars"),
        ("the 21st time", "the twenty first time"),
        ("-4 degrees", "minus four degrees"),
        ("salt & pepper", "salt and pepper"),
    ],
)
def test_english_numbers_dates_and_symbols(text: str, expected: str) -> None:
    assert normalize_en(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("今天是2024年5月1日", "二零二四年五月一日"),
        ("气温-3°C", "零下三度"),
        ("成功率95%", "百分之九十五"),
        ("现在是10:30", "十点半"),
        ("电话13812345678", "幺三八幺二三四五六七八"),
        ("我用iPhone 15", "iPhone 十五"),
        ("共有1,200人", "一千二百人"),
        ("价格是¥1,299", "一千二百九十九元"),
        ("来了2个人", "两个人"),
        ("第2名", "第二名"),
        ("二〇二四年", "二零二四年"),
    ],
)
def test_chinese_normalisation(text: str, fragment: str) -> None:
    assert fragment in normalize_zh(text)


def test_language_detection_and_refusals() -> None:
    assert resolve_language("Hello there", "auto") == "en"
    assert resolve_language("你好 world", "auto") == "zh"
    assert resolve_language("123", "auto") == "en"
    assert resolve_language("Hello", "zh") == "zh"
    for text, language in (("こんにちは、元気ですか", "auto"), ("Привет, как дела?", "auto"), ("hi", "de")):
        with pytest.raises(InvalidInput) as info:
            resolve_language(text, language)
        assert info.value.code == "unsupported_language"


def test_sentences_abbreviations_and_mixed_text() -> None:
    segments = prepare_text("Dr. Smith arrived at 9 a.m. today. He left!\n你好，世界。今天很好？ OK.")
    assert [s.language for s in segments] == ["en", "en", "zh", "zh", "en"]
    assert segments[0].text.startswith("doctor Smith arrived at nine am today")
    assert segments[2].text == "你好，世界。"


def test_long_sentences_are_split_for_the_synthesiser() -> None:
    long_en = "word " * 120 + "end."
    segments = prepare_text(long_en)
    assert len(segments) >= 3 and all(len(s.text) <= 200 for s in segments)
    long_zh = "这是一个非常长的句子" * 20 + "。"
    assert all(len(s.text) <= 60 for s in prepare_text(long_zh))


@pytest.mark.parametrize("text", ["", "   \n ", "... !!! ???", "🙂🙂"])
def test_nothing_to_say_is_empty_text(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        prepare_text(text)
    assert info.value.code == "empty_text"


def test_a_short_opening_goes_out_alone_when_what_follows_grows_gradually() -> None:
    def chunks(text: str, language: str = "en") -> list[str]:
        return [s.text for s in split_for_streaming([Segment(text, language), Segment("Next.", language)])]

    assert chunks("Hello, thanks for calling.") == ["Hello,", "thanks for calling.", "Next."]
    # The longest clause group that fits the first budget (20 characters), then groups up to 2.5 x the last.
    assert chunks("Sure, I can help, and the train leaves at two.") == [
        "Sure, I can help,",
        "and the train leaves at two.",
        "Next.",
    ]
    assert chunks("你好，感谢你的来电。", "zh") == ["你好，", "感谢你的来电。", "Next."]
    # A long clause right after a short opening would play late: the first chunk is cut as before instead.
    late = "Well, the quarterly results that we discussed in the meeting yesterday look much better now."
    assert chunks(late) == [
        "Well, the quarterly results",
        "that we discussed in the meeting yesterday look much better now.",
        "Next.",
    ]
    assert chunks("Hi, you.") == ["Hi, you.", "Next."]  # short enough to go out whole


def test_sentences_after_a_short_opening_are_cut_at_clauses_while_they_outgrow_it() -> None:
    segments = [Segment("好的，我可以帮你。", "zh"), Segment("去机场的火车每十五分钟一班，从二号站台出发。", "zh")]
    assert [s.text for s in split_for_streaming(segments)] == [
        "好的，",
        "我可以帮你。",
        "去机场的火车每十五分钟一班，",  # 14 characters: more than the 2.5 x 6 after 我可以帮你 would not fit
        "从二号站台出发。",
    ]
    # Never inside a clause after the first sentence: a long sentence without a comma goes out whole.
    no_comma = Segment("The train to the airport leaves every fifteen minutes from platform two.", "en")
    assert split_for_streaming([Segment("Sure, I can help with that.", "en"), no_comma])[-1] == no_comma
    # Nor after a short sentence once the text before it is longer: that audio is already ahead of the player.
    later = Segment("Then, after lunch, we will visit the museum.", "en")
    opening = [
        Segment("The weather is lovely today, so we are going for a walk in the park.", "en"),
        Segment("Yes.", "en"),
    ]
    assert split_for_streaming([*opening, later])[-1] == later


def test_first_clause_is_spoken_alone_when_streaming() -> None:
    segments = [Segment("When the stream starts, the first clause goes out on its own.", "en")]
    split = split_for_streaming(segments)
    assert [s.text for s in split] == ["When the stream starts,", "the first clause goes out on its own."]
    short = [Segment("Hi, you.", "en")]
    assert split_for_streaming(short) == short
    long = [Segment("The quarterly results that we discussed in the meeting yesterday look much better now.", "en")]
    assert [s.text for s in split_for_streaming(long)] == [
        "The quarterly results that we",
        "discussed in the meeting yesterday look much better now.",
    ]
    zh = [Segment("我们昨天在会议上讨论的季度业绩现在看起来好多了", "zh")]
    head, tail = (s.text for s in split_for_streaming(zh))
    assert head + tail == zh[0].text and head == "我们昨天在会议上"  # at a word boundary, at most 8


def test_traditional_to_simplified() -> None:
    assert to_simplified("這是一個測試") == "这是一个测试"
