"""Text front-end: language detection, normalisation (numbers, dates, units, punctuation) and sentence
splitting for Chinese, English and text that mixes both.

Chinese normalisation is PaddleSpeech's ``TextNormalizer`` as vendored in ``misaki[zh]`` (dates, times,
percentages, phone numbers, measures ...); English numbers are read with ``num2words``. What remains here is
the glue that neither library has: script detection, English patterns (currency, clock times, ISO dates,
years), and splitting into sentences small enough for the synthesiser and for streaming.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from shared.errors import InvalidInput
from shared.sentences import split_sentences

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")
_LETTER_OR_HAN = re.compile(rf"[A-Za-z{HAN}]|[^\W\d_]")
# Sentence ends: CJK and ASCII terminators (a '.' only when followed by space/end, so 3.5 stays whole).
_NO_LIMIT = 1 << 30
_CLAUSE_END = re.compile(r"([，,、：:]\s*)")
_EMOJI_AND_SYMBOLS = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200b-\u200d]")
_MARKDOWN = re.compile(r"[*_`#~|<>\[\]{}^\\]")
_MAX_CHARS = {"zh": 60, "en": 200}  # per segment: well under Kokoro's 510 phonemes
# Streaming: an opening up to this long (about a second of speech, synthesised in ~0.5 s on 2 cores) may go out
# alone; a first clause at least this long always may. Each later chunk may be this many times longer than the
# one before (bench/voice_speed.py: none then plays late).
_FIRST_CLAUSE_CHARS = {"zh": 6, "en": 20}
_STREAM_GROWTH = 2.5
# A first sentence over 1.5 times this with no clause boundary is cut near it when streaming (measured with the
# float Kokoro graph: first words of up to 8 / 32 characters arrive in 0.65-0.79 s, of 12 / 48 in 0.90-1.13 s).
_FIRST_CHUNK_MAX = {"zh": 8, "en": 32}

_EN_ABBREVIATIONS = {
    "mr.": "mister",
    "mrs.": "missus",
    "ms.": "miz",
    "dr.": "doctor",
    "prof.": "professor",
    "st.": "saint",
    "vs.": "versus",
    "e.g.": "for example",
    "i.e.": "that is",
    "etc.": "et cetera",
    "no.": "number",
    "approx.": "approximately",
    "jr.": "junior",
    "sr.": "senior",
}
_CURRENCY = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "¥": ("yen", "yen", "", ""),
}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR_CONTEXT = re.compile(r"(?i)\b(in|since|from|until|till|by|of|year|around|before|after|during)\s+$")
_SYMBOLS_EN = {"&": " and ", "+": " plus ", "=": " equals ", "@": " at ", "%": " percent "}


@dataclass(frozen=True)
class Segment:
    """One unit the synthesiser speaks: a normalised sentence (or clause) and its language."""

    text: str
    language: str


def han_count(text: str) -> int:
    return len(_HAN_RE.findall(text))


def _script_counts(text: str) -> tuple[int, int, int]:
    """(han, latin, other) letter counts."""
    han = latin = other = 0
    for ch in text:
        if _HAN_RE.match(ch):
            han += 1
        elif unicodedata.category(ch).startswith("L"):
            if ord(ch) < 0x250:
                latin += 1
            else:
                other += 1
    return han, latin, other


def resolve_language(text: str, requested: str) -> str:
    """The language the text is read in: ``zh`` or ``en``; 422 for anything we cannot speak."""
    if requested not in ("auto", "zh", "en"):
        raise InvalidInput(f"Language {requested!r} is not supported; use auto, zh or en.", code="unsupported_language")
    han, latin, other = _script_counts(text)
    if other > max(2, 0.1 * (han + latin + other)):
        raise InvalidInput(
            "The text is in a script this service cannot speak (only Chinese and English).", code="unsupported_language"
        )
    if requested != "auto":
        return requested
    return "zh" if han > 0 else "en"


def clean(text: str) -> str:
    """Fold full-width ASCII, drop emoji, markup and control characters, collapse spaces."""
    text = "".join(
        chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E and c not in "，！？；：（）" else c for c in text
    )
    text = _EMOJI_AND_SYMBOLS.sub(" ", text)
    text = _MARKDOWN.sub(" ", text)
    text = "".join(c if unicodedata.category(c)[0] != "C" or c == "\n" else " " for c in text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*", "\n", text).strip()


# -- English -----------------------------------------------------------------------------------------------


def _words(number: float | int, to: str = "cardinal") -> str:
    from num2words import num2words

    return str(num2words(number, lang="en", to=to)).replace("-", " ").replace(",", "")


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _money(match: re.Match[str]) -> str:
    one, many, sub_one, sub_many = _CURRENCY[match.group(1)]
    whole = _int(match.group(2))
    words = f"{_words(whole)} {one if whole == 1 else many}"
    if match.group(3) and sub_one:
        cents = int(match.group(3).ljust(2, "0"))
        if cents:
            words += f" and {_words(cents)} {sub_one if cents == 1 else sub_many}"
    return f" {words} "


def _clock(match: re.Match[str]) -> str:
    hour, minute, suffix = int(match.group(1)), int(match.group(2)), match.group(3)
    if hour > 24 or minute > 59:
        return match.group(0)
    if minute == 0:
        spoken = f"{_words(hour)} o'clock" if not suffix else _words(hour)
    elif minute < 10:
        spoken = f"{_words(hour)} oh {_words(minute)}"
    else:
        spoken = f"{_words(hour)} {_words(minute)}"
    if suffix:
        spoken += " a m" if suffix[0] in "Aa" else " p m"
    return f" {spoken} "


def _iso_date(match: re.Match[str]) -> str:
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return f" {_MONTHS[month - 1]} {_words(day, 'ordinal')}, {_words(year, 'year')} "


def _decade(match: re.Match[str]) -> str:
    spoken = _words(int(match.group(1)), "year")
    return spoken[:-1] + "ies" if spoken.endswith("y") else spoken + "s"


def _number(match: re.Match[str]) -> str:
    raw = match.group(0)
    sign = "minus " if raw.startswith("-") else ""
    raw = raw.lstrip("-")
    start = match.start()
    if "." not in raw and "," not in raw and 1100 <= int(raw) <= 2099:
        before = match.string[max(0, start - 12) : start]
        after = match.string[match.end() : match.end() + 1]
        if _YEAR_CONTEXT.search(before) or after == "s":
            return f"{sign}{_words(int(raw), 'year')}"
    if "." in raw:
        whole, frac = raw.split(".", 1)
        return f"{sign}{_words(_int(whole))} point {' '.join(_words(int(d)) for d in frac)}"
    return f"{sign}{_words(_int(raw))}"


def expand_abbreviations(text: str) -> str:
    """Runs before sentence splitting, so the full stop of "Dr." or "a.m." does not end a sentence."""
    for abbreviation, spoken in _EN_ABBREVIATIONS.items():
        text = re.sub(rf"(?i)(?<![\w.]){re.escape(abbreviation)}", spoken, text)
    return re.sub(r"(?i)\b([ap])\.m\.", lambda m: f"{m.group(1).lower()}m", text)


def normalize_en(text: str) -> str:
    text = re.sub(r"([$€£¥])\s?(\d[\d,]*)(?:\.(\d{1,2}))?", _money, text)
    text = re.sub(r"(\d[\d,]*(?:\.\d+)?)\s?%", lambda m: f"{m.group(1)} percent", text)
    text = re.sub(r"\b(\d{1,2}):(\d{2})(?:\s?([AaPp])\.?[Mm]\b\.?)?", _clock, text)
    text = re.sub(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", _iso_date, text)
    text = re.sub(r"\b(\d+)(st|nd|rd|th)\b", lambda m: _words(int(m.group(1)), "ordinal"), text)
    text = re.sub(r"\b(1[1-9]\d0|20\d0)s\b", _decade, text)
    text = re.sub(r"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])-?\d+(?:\.\d+)?", _number, text)
    for symbol, spoken in _SYMBOLS_EN.items():
        text = text.replace(symbol, spoken)
    return re.sub(r"\s+", " ", text).strip()


# -- Chinese -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _zh_normalizer() -> Any:
    from misaki.zh_normalization import TextNormalizer

    return TextNormalizer()


# What PaddleSpeech's normaliser reads wrongly (checked one by one): "1,200" became 一,二百, "¥25" kept its sign,
# "2个" became 二个 (spoken Chinese counts with 两), and 〇 (the year digit) has no reading in the G2P.
_ZH_CURRENCY = {"¥": "元", "￥": "元", "$": "美元", "€": "欧元", "£": "英镑"}
_ZH_LIANG = re.compile(r"(?<![\d.第])2(?=[个只位本件条张次台辆天种双对间把口头匹份名岁周架部家所栋])")


def _grouped_number(match: re.Match[str]) -> str:
    """1,234,567 → 一百二十三万四千五百六十七 (the normaliser reads a long bare number digit by digit)."""
    import cn2an

    return str(cn2an.an2cn(match.group(0).replace(",", "")))


def _zh_pre(text: str) -> str:
    text = re.sub(r"([¥￥$€£])\s?(\d[\d,]*(?:\.\d+)?)", lambda m: f"{m.group(2)}{_ZH_CURRENCY[m.group(1)]}", text)
    text = re.sub(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])", _grouped_number, text)
    return _ZH_LIANG.sub("两", text).replace("〇", "零")


def normalize_zh(text: str) -> str:
    """Dates, times, numbers, units ... read out in Chinese; Latin words are kept for the English G2P.

    Latin words are swapped for placeholders first: the normaliser would otherwise read the `h` of
    "iPhone" as the unit 小时."""
    words: list[str] = []

    def hide(match: re.Match[str]) -> str:
        words.append(match.group(0))
        return chr(0xE000 + len(words) - 1)

    hidden = re.sub(r"(?<![°℃])[A-Za-z]+(?:['’][A-Za-z]+)*", hide, _zh_pre(text[: 0xF8FF - 0xE000]))
    spoken = str(_zh_normalizer().normalize_sentence(hidden))
    spoken = re.sub("[\ue000-\uf8ff]", lambda m: f" {words[ord(m.group(0)) - 0xE000]} ", spoken)
    for symbol, word in (("&", "和"), ("+", "加"), ("=", "等于"), ("@", " at ")):
        spoken = spoken.replace(symbol, word)
    return re.sub(r"\s+", " ", spoken).strip()


def to_simplified(text: str) -> str:
    """Whisper often answers Chinese in Traditional characters; references and benchmarks compare Simplified."""
    from misaki.zh_normalization.char_convert import tranditional_to_simplified

    return str(tranditional_to_simplified(text))


# -- splitting ---------------------------------------------------------------------------------------------


def _split_long(sentence: str, max_chars: int) -> list[str]:
    if len(sentence) <= max_chars:
        return [sentence]
    out: list[str] = []
    current = ""
    parts = _CLAUSE_END.split(sentence)
    clauses = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]
    for clause in clauses:
        while len(clause) > max_chars:  # no clause boundary: cut at a space (English) or anywhere (Chinese)
            cut = clause.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            if current:
                out.append(current)
                current = ""
            out.append(clause[:cut].strip())
            clause = clause[cut:]
        if current and len(current) + len(clause) > max_chars:
            out.append(current)
            current = ""
        current += clause
    if current.strip():
        out.append(current.strip())
    return [p for p in out if p]


def split_for_streaming(segments: list[Segment]) -> list[Segment]:
    """For streaming: cut the text so the first chunk arrives soon and the chunks after it arrive in time.

    Each call to the synthesiser costs a fixed part (Kokoro renders ~1.1 s of silence around every chunk,
    ~0.3 s of compute on 2 cores) plus a part that grows with the speech, and chunk n+1 is synthesised while
    chunk n plays. So a short opening clause ("Sure,", "你好，") goes out alone when the rest of its sentence
    can be cut at clause boundaries into chunks each at most ``_STREAM_GROWTH`` times the one before (else the
    first chunk is the first clause, or the first words of a long sentence, as before), and the sentences after
    it are cut at clause boundaries while they are longer than that and than all the text before them. Words
    are cut only in the first sentence."""
    if not segments:
        return segments
    first = segments[0]
    opening = _clause_groups(first.text, _FIRST_CLAUSE_CHARS[first.language], first.language, strict=True)
    pieces = [Segment(p, first.language) for p in opening or _first_clause(first) or [first.text]]
    for segment in segments[1:]:
        # Synthesis runs ahead of playback, so the audio made so far also bounds the next chunk (at RTF 0.5 a
        # chunk as long as everything before it is ready in time).
        budget = max(_grown(pieces[-1]), sum(len(p.text) for p in pieces))
        cut = [segment.text] if len(segment.text) <= budget else _clause_groups(segment.text, budget, segment.language)
        pieces.extend(Segment(p, segment.language) for p in cut or [segment.text])
    return pieces


def _grown(piece: Segment) -> int:
    return int(_STREAM_GROWTH * max(len(piece.text), _FIRST_CLAUSE_CHARS[piece.language] / 2))


def _clause_groups(text: str, budget: int, language: str, strict: bool = False) -> list[str]:
    """``text`` cut at clause boundaries (comma, colon ...) into groups as long as the budget allows, the budget
    growing with each group. ``strict``: [] unless every group fits; else a clause longer than its budget
    goes out alone."""
    rest, pieces = text, []
    while len(rest) > budget:
        cuts = [m.end() for m in _CLAUSE_END.finditer(rest) if speakable(rest[m.end() :])]
        fitting = [cut for cut in cuts if cut <= budget]
        if not fitting and (strict or not cuts):
            break
        cut = fitting[-1] if fitting else cuts[0]
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
        budget = _grown(Segment(pieces[-1], language))
    if strict and len(rest) > budget:
        return []
    return [*pieces, rest]


def _first_clause(segment: Segment) -> list[str]:
    """The first clause when it is long enough to be worth its own call, else the first words of a long
    sentence; [] to leave the sentence whole."""
    parts = _CLAUSE_END.split(segment.text)
    head = (parts[0] + parts[1]).strip() if len(parts) >= 3 else ""
    tail = "".join(parts[2:]).strip() if len(parts) >= 3 else ""
    if len(head) < _FIRST_CLAUSE_CHARS[segment.language] or not speakable(tail):
        head, tail = _cut_long_first(segment)
    return [head, tail] if head and speakable(tail) else []


def _cut_long_first(segment: Segment) -> tuple[str, str]:
    """("", "") unless the sentence is long: then its first words (jieba's word boundaries for Chinese)."""
    text, limit = segment.text, _FIRST_CHUNK_MAX[segment.language]
    if len(text) <= limit * 3 // 2:
        return "", ""
    if segment.language == "en":
        cut = text.rfind(" ", _FIRST_CLAUSE_CHARS["en"], limit)
        return (text[:cut].strip(), text[cut:].strip()) if cut > 0 else ("", "")
    import jieba

    length = 0
    for word in jieba.cut(text):
        if length >= _FIRST_CLAUSE_CHARS["zh"] and length + len(word) > limit:
            break
        length += len(word)
    return text[:length].strip(), text[length:].strip()


def speakable(text: str) -> bool:
    return bool(_LETTER_OR_HAN.search(text))


def prepare_text(text: str, language: str = "auto") -> list[Segment]:
    """Validate, normalise and split ``text``; 422 ``empty_text`` when nothing is left to say."""
    if not text or not text.strip():
        raise InvalidInput("The text is empty.", code="empty_text")
    base = resolve_language(text, language)
    segments: list[Segment] = []
    # Whole sentences here (no length cut): each is cut to the synthesiser's length after normalisation.
    for sentence in split_sentences(expand_abbreviations(clean(text)), min_chars=0, max_chars=_NO_LIMIT):
        lang = "zh" if han_count(sentence) else ("en" if language == "auto" else base)
        normalised = normalize_zh(sentence) if lang == "zh" else normalize_en(sentence)
        for piece in _split_long(normalised, _MAX_CHARS[lang]):
            if speakable(piece):
                segments.append(Segment(piece, lang))
    if not segments:
        raise InvalidInput("The text has nothing to say (no letters or characters).", code="empty_text")
    return segments
