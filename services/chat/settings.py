"""Chat service settings (env prefix ``CHAT_``).

The LLM is any OpenAI-compatible endpoint (OpenAI, DeepSeek, DashScope/Qwen, vLLM, Ollama, llama.cpp);
the defaults fit the embedded llama.cpp server with SmolLM2-135M-Instruct that ``make run`` starts.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import OptionalInt, ServiceSettings

# Short and concrete: SmolLM2-135M follows a few plain sentences better than a long brief; without a name of
# its own it confuses itself with the user less often.
DEFAULT_PERSONA = (
    "You are a warm and friendly digital human who talks with people face to face on a video call. "
    "Reply in one to three short, complete sentences, in plain spoken language. "
    "Never use lists, markdown, emojis or code. If you do not know something, say so briefly."
)


class ChatSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CHAT_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "chat"
    port: int = 8103

    # -- LLM (OpenAI-compatible) -------------------------------------------------------------------------------
    llm_base_url: str = "http://127.0.0.1:8110/v1"
    llm_model: str = "smollm2"
    # llama.cpp ignores the key; hosted endpoints need one (set CHAT_LLM_API_KEY, never in code).
    llm_api_key: SecretStr = SecretStr("sk-no-key-needed")
    llm_connect_timeout_s: float = 3.0
    # Longest wait for the first token and between tokens; past it the turn fails with 504 `llm_timeout`.
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 0
    # After old turns are folded into the summary, send the next prompt (without a new message, one token
    # generated) so the LLM server has it cached when the user speaks. Costs one short request per fold.
    llm_prefill_after_fold: bool = True
    # Generation defaults tuned for SmolLM2-135M: low temperature keeps the tiny model on topic, a mild
    # frequency penalty stops it repeating itself, short replies keep it coherent (and speech fast).
    llm_temperature: float = 0.3
    llm_top_p: float = 0.9
    llm_max_tokens: int = 120
    llm_frequency_penalty: float = 0.3
    llm_presence_penalty: float = 0.0
    llm_seed: OptionalInt = None
    persona: str = DEFAULT_PERSONA

    # -- memory (Redis) ---------------------------------------------------------------------------------------
    conversation_ttl_s: int = 7 * 24 * 3600
    verbatim_turns: int = 6
    # Tokens of history (summary + verbatim turns) sent with each message; n_ctx 2048 minus persona and reply.
    context_budget_tokens: int = 1200
    summary_max_chars: int = 1200
    # `llm` asks the model for the summary (use it with a capable endpoint); `extractive` keeps the first
    # sentence of each folded message, the better choice for SmolLM2-135M, which cannot summarise.
    summary_mode: str = Field("extractive", pattern="^(llm|extractive)$")
    summary_max_tokens: int = 120
    max_stored_turns: int = 500
    max_message_chars: int = 2000
    # A turn holds the conversation for at most this long (a crashed process frees it after this).
    turn_lock_s: int = 600

    # -- voice (speech, and the transcription of spoken messages) and video ------------------------------------
    voice_url: str = "http://127.0.0.1:8101"
    video_url: str = "http://127.0.0.1:8102"
    # Used when a conversation names no voice: Kokoro speaks Chinese and English; Piper only English, but it is
    # several times faster on CPU (first audio well under the 1.5 s target), so English conversations get it.
    # Of Kokoro's voices, jf_gongitsune is understood best in both languages (Whisper base, 20 sentences each:
    # Chinese CER 14.1 % against 21.0 % for jf_alpha, English WER 1.3 % against 4.5 %; docs/benchmarks.md#voice).
    default_voice_id: str = "kokoro-jf_gongitsune"
    default_voice_id_en: str = "piper-joe"
    voice_timeout_s: float = 60.0
    video_timeout_s: float = 120.0
    video_fps: int = 25
    video_size: int = 512
    # Long sentences are cut at a comma or space so speech starts sooner and each TTS call stays short.
    sentence_max_chars: int = 200
    # The first sentence is released at a comma once it is this long (0: never), so speech starts sooner.
    first_chunk_chars: int = 40
    # A spoken reply ends after this many sentences (the LLM stream is closed); small models ignore "be brief".
    # 0: no limit.
    max_reply_sentences: int = 3
