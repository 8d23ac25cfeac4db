"""The one sentence splitter: chat cuts an LLM's token stream into sentences as it arrives (so each can be
spoken while the LLM keeps writing), the voice service cuts text for its synthesiser, the video service cuts
text into the segments of a streaming render.

Hand-written on purpose: sentence splitters (pysbd, nltk punkt) work on finished text; here a boundary must be
recognised the moment its punctuation arrives, with only the next character or two to look at.
"""

from __future__ import annotations

import re

# Chinese/Japanese full-width ends need no following space; ASCII ends need whitespace (or the end of text)
# after them so "3.14" and "e.g.x" do not split.
_CJK_END = "。！？；…"
_ASCII_END = ".!?"
_CLOSERS = "\"'”’)]）】」』"
_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "approx",
        "no",
        "fig",
        "inc",
        "ltd",
        "co",
        "mt",
        "u.s",
        "a.m",
        "p.m",
    }
)
_MARKDOWN = re.compile(r"[*_`#>|~]+|^\s*[-•]\s+|^\s*\d+[.)]\s+", re.MULTILINE)
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+")
_SPACES = re.compile(r"\s+")


def clean_for_speech(text: str) -> str:
    """Drop what a TTS engine would read aloud badly: markdown marks, list bullets, emojis, runs of space."""
    text = _EMOJI.sub("", _MARKDOWN.sub(" ", text))
    return _SPACES.sub(" ", text).strip()


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


class SentenceSplitter:
    """Feed text pieces with :meth:`feed`; it returns the sentences completed so far. :meth:`flush` returns
    the rest at the end of the stream. With ``first_chunk_chars``, the first sentence is already released at a
    comma once it is that long, so the first speech starts sooner."""

    def __init__(self, max_chars: int = 200, first_chunk_chars: int = 0) -> None:
        self.max_chars = max_chars
        self.first_chunk_chars = first_chunk_chars
        self._buffer = ""
        self._emitted = 0

    def feed(self, piece: str) -> list[str]:
        self._buffer += piece
        out: list[str] = []
        while True:
            cut = self._find_boundary()
            if cut is None:
                break
            sentence, self._buffer = self._buffer[:cut], self._buffer[cut:]
            self._emit(sentence, out)
        return out

    def flush(self) -> list[str]:
        out: list[str] = []
        while len(self._buffer) > self.max_chars:
            cut = self._soft_cut(self._buffer)
            self._emit(self._buffer[:cut], out)
            self._buffer = self._buffer[cut:]
        self._emit(self._buffer, out)
        self._buffer = ""
        return out

    @property
    def pending(self) -> str:
        return self._buffer

    def _emit(self, sentence: str, out: list[str]) -> None:
        sentence = sentence.strip()
        if not sentence:
            return
        if not _has_words(sentence) and out:  # a lone "!" or "..." belongs to the sentence before it
            out[-1] = f"{out[-1]}{sentence}"
            return
        if _has_words(sentence):
            out.append(sentence)
            self._emitted += 1

    def _find_boundary(self) -> int | None:
        text = self._buffer
        for i, ch in enumerate(text):
            if i >= self.max_chars:  # no boundary soon enough (a long piece arrived at once)
                return self._soft_cut(text)
            if ch == "\n" and _has_words(text[:i]):
                return i + 1
            if ch in _CJK_END:
                if _has_words(text[:i]):
                    return self._skip_closers(text, i + 1)
            elif ch in _ASCII_END:
                end = self._skip_closers(text, i + 1)
                if end >= len(text):
                    return None  # need the next character to know whether this ends a sentence
                if text[end].isspace() and _has_words(text[:i]) and not self._is_abbreviation(text, i):
                    return end
        if len(text) > self.max_chars:
            return self._soft_cut(text)
        if self._emitted == 0 and 0 < self.first_chunk_chars < len(text):
            return self._first_chunk_cut(text)
        return None

    def _first_chunk_cut(self, text: str) -> int | None:
        """After the first comma past ``first_chunk_chars // 2`` characters (an ASCII comma only when a space
        follows it, so "1,000" stays whole)."""
        for i in range(self.first_chunk_chars // 2, len(text)):
            if text[i] in "，、；：":
                return i + 1
            if text[i] in ",;:" and i + 1 < len(text) and text[i + 1].isspace():
                return i + 1
        return None

    @staticmethod
    def _skip_closers(text: str, pos: int) -> int:
        """Position after any closing quotes/brackets and repeated end marks ("?!", "。」")."""
        while pos < len(text) and (text[pos] in _CLOSERS or text[pos] in _ASCII_END or text[pos] in _CJK_END):
            pos += 1
        return pos

    @staticmethod
    def _is_abbreviation(text: str, dot: int) -> bool:
        if text[dot] != ".":
            return False
        word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
        if word is None:
            return False
        token = word.group(1).lower()
        return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha() and token.upper() == word.group(1))

    def _soft_cut(self, text: str) -> int:
        """Cut an over-long sentence after its last comma (else space) within ``max_chars``."""
        window = text[: self.max_chars]
        for marks in (",，、:：", " "):
            pos = max(window.rfind(m) for m in marks)
            if pos > self.max_chars // 3:
                return pos + 1
        return self.max_chars


def split_sentences(text: str, *, min_chars: int = 12, max_chars: int = 220) -> list[str]:
    """Finished text cut the same way as a stream; then fragments shorter than ``min_chars`` (a CJK character
    counting as three: one syllable carries as much speech as a short word) are merged into the next."""
    splitter = SentenceSplitter(max_chars=max_chars)
    sentences = [*splitter.feed(text), *splitter.flush()]
    merged: list[str] = []
    carry = ""
    for sentence in sentences:
        carry = _join(carry, sentence) if carry else sentence
        if _spoken_length(carry) >= min_chars:
            merged.append(carry)
            carry = ""
    if carry:
        if merged and _spoken_length(carry) < min_chars:
            merged[-1] = _join(merged[-1], carry)
        else:
            merged.append(carry)
    return merged


def _spoken_length(text: str) -> int:
    return len(text) + 2 * sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")


def _join(left: str, right: str) -> str:
    """CJK text has no spaces between sentences."""
    return left + right if left[-1] in "。！？；…，、" else f"{left} {right}"
