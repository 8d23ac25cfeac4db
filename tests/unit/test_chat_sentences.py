"""The streaming sentence splitter: boundaries found as soon as the punctuation (and, for ASCII, the next
character) arrives, whatever the chunking of the token stream."""

from __future__ import annotations

import pytest

from shared.sentences import SentenceSplitter, clean_for_speech


def split_streamed(text: str, chunk: int, max_chars: int = 200, first_chunk_chars: int = 0) -> list[str]:
    splitter = SentenceSplitter(max_chars, first_chunk_chars)
    out: list[str] = []
    for i in range(0, len(text), chunk):
        out += splitter.feed(text[i : i + chunk])
    return out + splitter.flush()


@pytest.mark.parametrize("chunk", [1, 3, 7, 1000])
def test_english_sentences_whatever_the_chunking(chunk: int) -> None:
    text = "Hello there! I am Mia. Dr. Smith paid $3.50 for it, e.g. a coffee. Is that all? Yes"
    assert split_streamed(text, chunk) == [
        "Hello there!",
        "I am Mia.",
        "Dr. Smith paid $3.50 for it, e.g. a coffee.",
        "Is that all?",
        "Yes",
    ]


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_chinese_sentences_need_no_space(chunk: int) -> None:
    assert split_streamed("你好！我是米娅。今天天气很好，对吗？好的", chunk) == [
        "你好！",
        "我是米娅。",
        "今天天气很好，对吗？",
        "好的",
    ]


def test_a_sentence_is_released_as_soon_as_the_next_character_arrives() -> None:
    splitter = SentenceSplitter()
    assert splitter.feed("Hi there.") == []  # could still be "there.com"
    assert splitter.feed(" How") == ["Hi there."]
    assert splitter.pending == " How"


def test_closing_quotes_and_repeated_marks_stay_with_their_sentence() -> None:
    assert split_streamed('She said "wow!" Then left?! Ok.', 4) == ['She said "wow!"', "Then left?!", "Ok."]


def test_newlines_end_sentences_and_punctuation_alone_is_not_a_sentence() -> None:
    assert split_streamed("First line\nSecond line.\n...", 5) == ["First line", "Second line."]


def test_over_long_sentences_are_cut_at_a_comma() -> None:
    text = "word " * 10 + "and then, " + "more " * 30 + "."
    parts = split_streamed(text, 9, max_chars=80)
    assert len(parts) >= 2
    assert parts[0].endswith("then,")
    assert all(len(p) <= 80 for p in parts)


def test_clean_for_speech_removes_markdown_and_emojis() -> None:
    assert clean_for_speech("**Great** idea 😀!\n- `code` #1") == "Great idea ! code 1"
    assert clean_for_speech("a well-known fact") == "a well-known fact"


def test_the_first_sentence_is_released_at_a_comma_once_long_enough() -> None:
    text = "To make a good cup of coffee, start with fresh beans, 1,000 of them. Then grind them, slowly."
    assert split_streamed(text, 3, first_chunk_chars=40) == [
        "To make a good cup of coffee,",
        "start with fresh beans, 1,000 of them.",
        "Then grind them, slowly.",
    ]
    splitter = SentenceSplitter(200, first_chunk_chars=40)
    assert splitter.feed("To make a good cup of coffee, start") == []  # not long enough yet
    assert splitter.feed(" with fresh") == ["To make a good cup of coffee,"]
    assert SentenceSplitter(200, first_chunk_chars=40).feed("Hi, there") == []  # too short to cut
    assert SentenceSplitter(200, first_chunk_chars=8).feed("我们今天去公园，好吗") == ["我们今天去公园，"]
