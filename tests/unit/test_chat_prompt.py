"""What the LLM is sent: persona, summary, the last turns verbatim within the budget, the new message; and
which turns are folded into the summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.chat.prompt import (
    SUMMARY_HEADER,
    Memory,
    build_messages,
    estimate_tokens,
    extractive_summary,
    is_usable_summary,
)
from services.chat.settings import ChatSettings
from shared.contracts.chat import Conversation, MemoryOverrides, Turn, TurnStatus

NOW = datetime.now(UTC)


def conversation(**kwargs: object) -> Conversation:
    values: dict[str, object] = {
        "id": "conv_x",
        "created_at": NOW,
        "updated_at": NOW,
        "expires_at": NOW + timedelta(days=1),
        "persona": "You are Mia.",
    }
    values.update(kwargs)
    return Conversation.model_validate(values)


def turn(index: int, user: str, assistant: str | None = "ok.", status: TurnStatus = TurnStatus.answered) -> Turn:
    return Turn(id=f"turn_{index}", index=index, user=user, assistant=assistant, status=status, created_at=NOW)


def test_messages_carry_persona_summary_verbatim_turns_and_the_new_message() -> None:
    conv = conversation(summary="The user is Ann.", summarized_turns=1, language="en")
    turns = [
        turn(0, "I am Ann."),
        turn(1, "I like tea.", "Tea is lovely."),
        turn(2, "Hi?", None, TurnStatus.unanswered),
    ]
    messages = build_messages(conv, turns, "What do I like?", ChatSettings())
    assert messages[0]["role"] == "system"
    assert messages[0]["content"].startswith("You are Mia.")
    assert f"{SUMMARY_HEADER} The user is Ann." in messages[0]["content"]
    assert "Always reply in English." in messages[0]["content"]
    # turn 0 is in the summary, turn 2 was never answered: only turn 1 goes verbatim
    assert messages[1:] == [
        {"role": "user", "content": "I like tea."},
        {"role": "assistant", "content": "Tea is lovely."},
        {"role": "user", "content": "What do I like?"},
    ]


def test_verbatim_turns_are_limited_by_count_and_by_budget() -> None:
    settings = ChatSettings()
    turns = [turn(i, f"message {i}") for i in range(5)]
    by_count = conversation(memory=MemoryOverrides(verbatim_turns=4))
    assert [t.index for t in Memory(by_count, settings).verbatim(by_count, turns[:4])] == [0, 1, 2, 3]
    # Past the limit the window restarts half full (the rest is folded), not one turn sliding out per message.
    assert [t.index for t in Memory(by_count, settings).verbatim(by_count, turns)] == [3, 4]
    assert [t.index for t in Memory(by_count, settings).to_fold(by_count, turns)] == [0, 1, 2]

    long_turns = [turn(i, "x" * 400) for i in range(5)]  # ~100 tokens each
    by_budget = conversation(memory=MemoryOverrides(verbatim_turns=10, context_budget_tokens=250))
    assert [t.index for t in Memory(by_budget, settings).verbatim(by_budget, long_turns[:2])] == [0, 1]
    assert [t.index for t in Memory(by_budget, settings).verbatim(by_budget, long_turns)] == [4]


def test_the_prompt_only_grows_between_folds() -> None:
    """Messages after a fold extend the previous prompt (the LLM server's cache of it stays valid) until the
    window is full again; a sliding window would change it right after the persona every time."""
    settings = ChatSettings()
    conv = conversation(memory=MemoryOverrides(verbatim_turns=6))
    turns = [turn(i, f"message {i}") for i in range(20)]
    changed = 0
    previous: list[dict[str, str]] = []
    for n in range(1, 20):
        for_fold = Memory(conv, settings).to_fold(conv, turns[:n])  # after turn n-1, as the chat does
        if for_fold:
            conv = conv.model_copy(
                update={"summary": f"{conv.summary} {n}", "summarized_turns": for_fold[-1].index + 1}
            )
        prompt = build_messages(conv, turns[:n], "next", settings)[:-1]  # without the new message
        if prompt[: len(previous)] != previous:
            changed += 1
        previous = prompt
    assert changed <= 19 // 3  # one fold every four messages at most, not one per message


def test_nothing_to_fold_while_the_history_fits() -> None:
    conv = conversation()
    turns = [turn(0, "hello"), turn(1, "again", None, TurnStatus.in_progress)]
    assert Memory(conv, ChatSettings()).to_fold(conv, turns) == []


def test_extractive_summary_keeps_the_gist_and_the_newest_when_too_long() -> None:
    text = extractive_summary("", [turn(0, "My name is Ann. I live in Oslo.", "Nice to meet you, Ann!")], 500)
    assert text == "The user said: My name is Ann. You replied: Nice to meet you, Ann!"
    long = extractive_summary("old " * 200, [turn(1, "Latest fact.")], 120)
    assert len(long) <= 120 and long.endswith("You replied: ok.")


def test_token_estimate_counts_cjk_characters_as_tokens() -> None:
    assert estimate_tokens("你好世界") > estimate_tokens("abcd")


def test_an_echoed_transcript_is_not_a_usable_llm_summary() -> None:
    assert not is_usable_summary("User: My name is Ann and I love green tea.")
    assert not is_usable_summary("ok")
    assert is_usable_summary("The user, Ann, loves green tea and lives in Oslo.")
