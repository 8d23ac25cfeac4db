"""Chat against the real embedded LLM (llama.cpp + SmolLM2, temperature 0, fixed seed), seen through a recording
proxy: what the LLM actually received on each turn (history verbatim, then the summary), the SSE event order,
interrupt mid-reply, and the faults (LLM down, LLM slow, voice and video down).

A second chat app is started for this module, wired to the proxy and to closed voice/video ports; nothing is
mocked (the proxy forwards to the real server, or stops answering to make the LLM slow or down).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from scripts.devstack import Stack, free_port
from services.chat.prompt import SUMMARY_HEADER
from tests.helpers import sse_events

pytestmark = pytest.mark.integration
LLM_SETTINGS = {"temperature": 0, "seed": 42, "max_tokens": 48}


class RecordingProxy:
    """An HTTP proxy in front of the LLM server that records every request body. ``mode``: ``forward``;
    ``slow`` (forward, each streamed chunk delayed); ``hang`` (answer nothing for a while). ``stop()`` closes
    the port (LLM down); ``start()`` opens it again."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.requests: list[dict[str, Any]] = []
        self.mode = "forward"
        self.upstream_closed = threading.Event()
        self.server: ThreadingHTTPServer | None = None

    def completions(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r.get("messages")]

    def start(self) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                pass

            def do_GET(self) -> None:
                self._forward(None)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.requests.append(json.loads(body) if body else {})
                if proxy.mode == "hang":
                    time.sleep(4)
                    self.close_connection = True
                    return
                self._forward(body)

            def _forward(self, body: bytes | None) -> None:
                headers = {"Content-Type": "application/json"}
                with (
                    httpx.Client(timeout=60) as client,
                    client.stream(self.command, proxy.upstream + self.path, content=body, headers=headers) as upstream,
                ):
                    self.send_response(upstream.status_code)
                    self.send_header("Content-Type", upstream.headers.get("content-type", "application/json"))
                    self.end_headers()
                    try:
                        pending = b""
                        for chunk in upstream.iter_bytes():
                            pending += chunk
                            *events, pending = re.split(rb"\r?\n\r?\n", pending)
                            for event in events:  # one SSE event (one token) at a time
                                if proxy.mode == "slow":
                                    time.sleep(0.25)
                                self.wfile.write(event + b"\n\n")
                                self.wfile.flush()
                        self.wfile.write(pending)
                    except (BrokenPipeError, ConnectionResetError):
                        proxy.upstream_closed.set()  # the chat service hung up: upstream closes with us

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture(scope="module")
def proxy(stack: Stack) -> Iterator[RecordingProxy]:
    recorder = RecordingProxy(stack.service_url("llm"))
    recorder.start()
    # warm the model up (first requests after start-up are slow on a busy machine)
    httpx.post(
        f"{stack.service_url('llm')}/v1/chat/completions",
        timeout=120,
        json={"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 8},
    ).raise_for_status()
    yield recorder
    recorder.stop()


@pytest.fixture(scope="module")
def chat(stack: Stack, proxy: RecordingProxy) -> Iterator[httpx.Client]:
    """A second chat app: LLM through the proxy, voice and video on closed ports."""
    port = free_port()
    env = {
        **stack.env(),
        "CHAT_PORT": str(port),
        "CHAT_LLM_BASE_URL": f"http://127.0.0.1:{proxy.port}/v1",
        "CHAT_VOICE_URL": f"http://127.0.0.1:{free_port()}",
        "CHAT_VIDEO_URL": f"http://127.0.0.1:{free_port()}",
    }
    stack.ports["chat-faults"] = port
    stack.start_app("chat-faults", "services.chat.main", env=env)
    try:
        stack.wait_ready("chat-faults", timeout=60)
        with httpx.Client(base_url=stack.service_url("chat-faults"), timeout=60) as client:
            yield client
    finally:
        stack.stop_proc("chat-faults")


def create(chat: httpx.Client, **body: Any) -> str:
    response = chat.post("/api/v1/conversations", json={"llm": LLM_SETTINGS, **body})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def send(chat: httpx.Client, conv_id: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    events: list[tuple[str, dict[str, Any]]] = []
    with chat.stream("POST", f"/api/v1/conversations/{conv_id}/messages", json={"text": text}) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        events = list(sse_events(response))
    return events


def test_second_and_third_requests_carry_the_history_then_the_summary(
    chat: httpx.Client,
    proxy: RecordingProxy,
) -> None:
    conv_id = create(chat, speak=False, memory={"verbatim_turns": 1})
    start = len(proxy.completions())
    send(chat, conv_id, "My name is Ann and I love green tea.")
    first_reply = chat.get(f"/api/v1/conversations/{conv_id}").json()["turns"][0]["assistant"]
    assert first_reply
    send(chat, conv_id, "What is my name?")
    send(chat, conv_id, "What do I love?")
    everything = proxy.completions()[start:]
    sent = [r for r in everything if r.get("stream")]
    prefills = [r for r in everything if not r.get("stream")]
    assert len(sent) == 3, [r["messages"][-1] for r in sent]
    for request in sent:
        assert request["temperature"] == 0 and request["seed"] == 42 and request["stream"] is True
    # turn 2: the persona, then turn 1 word for word, then the new message
    second = sent[1]["messages"]
    assert [m["role"] for m in second] == ["system", "user", "assistant", "user"]
    assert second[1]["content"] == "My name is Ann and I love green tea."
    assert second[2]["content"] == first_reply
    assert second[3]["content"] == "What is my name?"
    assert SUMMARY_HEADER not in second[0]["content"]
    # turn 3: turn 1 now lives in the summary (verbatim_turns=1), turn 2 is sent word for word
    third = sent[2]["messages"]
    assert [m["role"] for m in third] == ["system", "user", "assistant", "user"]
    assert SUMMARY_HEADER in third[0]["content"]
    assert "My name is Ann" in third[0]["content"]
    assert third[1]["content"] == "What is my name?"
    assert all(m["content"] != "My name is Ann and I love green tea." for m in third)
    # after the fold that followed turn 2, the LLM was handed turn 3's prompt up to its text, one token to write
    assert prefills and prefills[0]["max_tokens"] == 1
    assert prefills[0]["messages"] == [*third[:-1], {"role": "user", "content": ""}]
    # after turn 3, turn 2 is folded in as well (in the background, before any next message may start)
    deadline = time.monotonic() + 10
    while (conv := chat.get(f"/api/v1/conversations/{conv_id}").json())["summarized_turns"] < 2:
        assert time.monotonic() < deadline, conv
        time.sleep(0.1)
    assert conv["summarized_turns"] == 2
    assert "My name is Ann" in conv["summary"] and "What is my name?" in conv["summary"]
    assert [t["status"] for t in conv["turns"]] == ["answered"] * 3


def test_event_order_and_voice_and_video_down_still_give_the_text(chat: httpx.Client) -> None:
    conv_id = create(chat, voice_id="piper-joe", avatar_id="avatar-x")
    events = send(chat, conv_id, "Tell me about the sea.")
    names = [name for name, _ in events]
    assert names[0] == "text.delta" and names[-1] == "done"
    assert "sentence" in names
    errors = [data for name, data in events if name == "error"]
    assert len(errors) == 1  # speech failed once; nothing was sent on to the (also closed) video service
    assert errors[0]["stage"] == "speech" and errors[0]["code"] == "voice_unavailable" and errors[0]["index"] == 0
    assert names.index("error") > names.index("sentence")
    assert "audio" not in names and "video" not in names
    deltas = "".join(data["delta"] for name, data in events if name == "text.delta")
    sentences = [data for name, data in events if name == "sentence"]
    assert [s["index"] for s in sentences] == list(range(len(sentences)))
    assert all(s["text"] in deltas for s in sentences)
    done = events[-1][1]
    assert done["status"] == "answered" and done["text"]
    assert {"first_text_delta", "first_sentence", "llm_s", "total"} <= set(done["timings"])
    turn = chat.get(f"/api/v1/conversations/{conv_id}").json()["turns"][-1]
    assert turn["status"] == "answered" and turn["assistant"] == done["text"]


def test_interrupt_mid_reply_stops_the_llm_and_keeps_what_was_said(
    chat: httpx.Client,
    proxy: RecordingProxy,
) -> None:
    conv_id = create(chat, speak=False, llm={"temperature": 0, "seed": 42, "max_tokens": 200})
    proxy.mode, events = "slow", []
    proxy.upstream_closed.clear()
    result = None
    try:
        with chat.stream(
            "POST", f"/api/v1/conversations/{conv_id}/messages", json={"text": "Tell me a long story about a dragon."}
        ) as response:
            for event in sse_events(response):
                events.append(event)
                if result is None and sum(1 for n, _ in events if n == "text.delta") == 3:
                    result = httpx.post(f"{chat.base_url}/api/v1/conversations/{conv_id}/interrupt", timeout=30)
    finally:
        proxy.mode = "forward"
    # How fast an interrupt answers is measured in bench/chat_latency.py, not asserted here.
    assert result is not None and result.status_code == 200 and result.json()["interrupted"] is True
    done = events[-1][1]
    assert events[-1][0] == "done" and done["status"] == "interrupted"
    deltas = "".join(d["delta"] for n, d in events if n == "text.delta")
    assert done["text"] == deltas.strip()  # no speech: what was shown is what was said
    assert sum(1 for n, _ in events if n == "text.delta") <= 5
    assert proxy.upstream_closed.wait(5), "the LLM stream was not closed"
    turn = chat.get(f"/api/v1/conversations/{conv_id}").json()["turns"][-1]
    assert turn["status"] == "interrupted" and turn["assistant"] == deltas.strip()
    # the conversation is free again; interrupting now is a no-op
    assert chat.post(f"/api/v1/conversations/{conv_id}/interrupt").json() == {"interrupted": False, "turn_id": None}


def test_llm_slow_is_504_and_the_message_stays_unanswered(chat: httpx.Client, proxy: RecordingProxy) -> None:
    conv_id = create(chat, speak=False, llm={**LLM_SETTINGS, "timeout_s": 1.5})  # the proxy stalls 4 s
    proxy.mode = "hang"
    try:
        response = chat.post(f"/api/v1/conversations/{conv_id}/messages", json={"text": "Are you there?"})
    finally:
        proxy.mode = "forward"
    assert response.status_code == 504
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "llm_timeout"
    turn = chat.get(f"/api/v1/conversations/{conv_id}").json()["turns"][-1]
    assert turn["user"] == "Are you there?" and turn["status"] == "unanswered"
    assert turn["error"]["code"] == "llm_timeout" and turn["assistant"] is None
    assert "1.5 s" in turn["error"]["detail"]


def test_llm_down_is_502_for_conversations_and_the_openai_endpoint(
    chat: httpx.Client,
    proxy: RecordingProxy,
) -> None:
    conv_id = create(chat, speak=False)
    proxy.stop()
    try:
        response = chat.post(f"/api/v1/conversations/{conv_id}/messages", json={"text": "Hello?"})
        assert response.status_code == 502 and response.json()["code"] == "llm_unavailable"
        turn = chat.get(f"/api/v1/conversations/{conv_id}").json()["turns"][-1]
        assert turn["user"] == "Hello?" and turn["status"] == "unanswered"
        for stream in (False, True):
            completion = chat.post(
                "/v1/chat/completions",
                json={"model": "talkface", "stream": stream, "messages": [{"role": "user", "content": "Hi"}]},
            )
            assert completion.status_code == 502
            assert completion.json()["code"] == "llm_unavailable"
            assert completion.json()["error"]["code"] == "llm_unavailable"  # what OpenAI SDKs read
    finally:
        proxy.start()
    # the unanswered message is not sent back to the LLM; the conversation goes on
    events = send(chat, conv_id, "Hello again.")
    assert events[-1][0] == "done" and events[-1][1]["status"] == "answered"
    assert all(m["content"] != "Hello?" for m in proxy.completions()[-1]["messages"])
