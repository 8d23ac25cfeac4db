"""What the LLM receives: the persona, the running summary, the last turns verbatim, the new message; and how
old turns are folded into the summary when the history outgrows the context budget."""

from __future__ import annotations

import logging
import math

from services.chat.llm import GenerationParams, LLMClient
from services.chat.settings import ChatSettings
from shared.contracts.chat import Conversation, Turn, TurnStatus
from shared.errors import ProblemError

log = logging.getLogger(__name__)

LANGUAGE_INSTRUCTIONS = {"zh": "请用简体中文回答。", "en": "Always reply in English."}
SUMMARY_HEADER = "Summary of the conversation so far:"
SUMMARIZER_PERSONA = "You summarize conversations."
SUMMARIZER_INSTRUCTION = (
    "Summarize this conversation in at most three sentences. Keep the user's name, the facts they gave and "
    "what they want."
)
_ROLE_MARKERS = ("user:", "assistant:")


def estimate_tokens(text: str) -> int:
    """About 4 characters a token for Latin script, about one a token for CJK; close enough for a budget
    (the exact count would need the model's tokenizer, which a remote endpoint does not expose)."""
    cjk = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return math.ceil((len(text) - cjk) / 4) + cjk + 4  # +4: the chat template's per-message framing


def usable(turn: Turn) -> bool:
    """Turns worth sending back to the LLM: the ones that got (at least part of) a reply."""
    return turn.status != TurnStatus.in_progress and bool(turn.assistant)


def turn_tokens(turn: Turn) -> int:
    return estimate_tokens(turn.user) + estimate_tokens(turn.assistant or "")


class Memory:
    """Limits of one conversation (its overrides over the service's settings)."""

    def __init__(self, conv: Conversation, settings: ChatSettings) -> None:
        self.verbatim_turns = conv.memory.verbatim_turns or settings.verbatim_turns
        self.budget = conv.memory.context_budget_tokens or settings.context_budget_tokens

    def verbatim(self, conv: Conversation, turns: list[Turn]) -> list[Turn]:
        """The usable turns not covered by the summary while they fit both limits; once they do not, the newest
        ones filling half of each limit (the older ones are then folded into the summary).

        Why not the newest that fit, one turn sliding out per message: the LLM server reuses its cache of the
        prompt only up to the first token that changed, and a sliding window (or a summary updated every turn)
        changes the prompt right after the persona, so every message re-read the whole history: 3.4 s for
        ~360 tokens with SmolLM2 on one core, measured. Dropping half at once re-reads it once every few turns.
        """
        candidates = [t for t in turns if t.index >= conv.summarized_turns and usable(t)]
        summary = estimate_tokens(conv.summary) if conv.summary else 0
        if len(candidates) <= self.verbatim_turns and summary + sum(map(turn_tokens, candidates)) <= self.budget:
            return candidates
        count, budget = max(1, self.verbatim_turns // 2), summary + (self.budget - summary) // 2
        spent = summary
        chosen: list[Turn] = []
        for turn in reversed(candidates):
            if len(chosen) >= count or spent + turn_tokens(turn) > budget:
                break
            chosen.append(turn)
            spent += turn_tokens(turn)
        return list(reversed(chosen))

    def to_fold(self, conv: Conversation, turns: list[Turn]) -> list[Turn]:
        """Finished turns past the summary that no longer fit verbatim: they go into the summary."""
        finished = [t for t in turns if t.index >= conv.summarized_turns and t.status != TurnStatus.in_progress]
        kept = {t.index for t in self.verbatim(conv, turns)}
        if not finished:
            return []
        oldest_kept = min(kept) if kept else finished[-1].index + 1
        return [t for t in finished if t.index < oldest_kept]


def system_prompt(conv: Conversation) -> str:
    parts = [conv.persona.strip()]
    if conv.language in LANGUAGE_INSTRUCTIONS:
        parts.append(LANGUAGE_INSTRUCTIONS[conv.language])
    if conv.summary:
        parts.append(f"{SUMMARY_HEADER} {conv.summary}")
    return "\n\n".join(parts)


def build_messages(
    conv: Conversation, turns: list[Turn], user_text: str, settings: ChatSettings
) -> list[dict[str, str]]:
    messages = [{"role": "system", "content": system_prompt(conv)}]
    for turn in Memory(conv, settings).verbatim(conv, turns):
        messages.append({"role": "user", "content": turn.user})
        messages.append({"role": "assistant", "content": turn.assistant or ""})
    messages.append({"role": "user", "content": user_text})
    return messages


def _transcript(turns: list[Turn]) -> str:
    return "\n".join(f"User: {t.user}\nAssistant: {t.assistant or '(no reply)'}" for t in turns)


def extractive_summary(previous: str, turns: list[Turn], max_chars: int) -> str:
    """The fallback when the LLM cannot summarise: the gist of each folded turn, newest kept when too long."""
    lines = [previous] if previous else []
    for turn in turns:
        said = f"The user said: {_first_sentence(turn.user)}"
        if turn.assistant:
            said += f" You replied: {_first_sentence(turn.assistant)}"
        lines.append(said)
    text = " ".join(lines)
    return text if len(text) <= max_chars else "…" + text[-(max_chars - 1) :]


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    for mark in (". ", "? ", "! ", "。", "？", "！"):
        pos = text.find(mark)
        if 0 < pos < limit:
            return text[: pos + len(mark)].strip()
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def is_usable_summary(text: str) -> bool:
    """Small models often echo the transcript ("User: ...") instead of summarising; that is refused."""
    lowered = text.lower()
    return len(text) >= 12 and not any(marker in lowered for marker in _ROLE_MARKERS)


async def summarize(llm: LLMClient, settings: ChatSettings, previous: str, turns: list[Turn]) -> str:
    """Fold ``turns`` into the running summary: with the LLM (``summary_mode=llm``, for capable endpoints),
    else (the default: SmolLM2-135M only echoes the transcript) or when that fails, extractively."""
    if settings.summary_mode == "llm":
        earlier = f"Earlier summary: {previous}\n\n" if previous else ""
        prompt = f"{SUMMARIZER_INSTRUCTION}\n\n{earlier}{_transcript(turns)}"
        params = GenerationParams(
            model=settings.llm_model,
            temperature=0.0,
            top_p=1.0,
            max_tokens=settings.summary_max_tokens,
            seed=0,
            timeout_s=settings.llm_timeout_s,
        )
        try:
            result = await llm.complete(
                [{"role": "system", "content": SUMMARIZER_PERSONA}, {"role": "user", "content": prompt}],
                params,
            )
            text = " ".join(result.text.split())
            if is_usable_summary(text):
                return text if len(text) <= settings.summary_max_chars else _cut(text, settings.summary_max_chars)
            log.info("LLM summary unusable (%r); using the extractive summary", text[:200])
        except ProblemError as exc:
            log.warning("LLM summary failed (%s); using the extractive summary", exc.code)
    return extractive_summary(previous, turns, settings.summary_max_chars)


def _cut(text: str, max_chars: int) -> str:
    cut = text[:max_chars]
    end = max(cut.rfind(". "), cut.rfind("。"))
    return cut[: end + 1] if end > max_chars // 2 else cut
