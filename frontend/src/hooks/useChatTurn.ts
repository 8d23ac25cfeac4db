/**
 * One reply in progress: POST the message (text or recorded speech), read the SSE events as they come
 * (transcript, text deltas, sentences, audio/video segments, done, errors), and interrupt it.
 */
import { useCallback, useRef, useState } from "react";
import { api, call, formData } from "../api/client";
import { type ChatEvent, type DoneEvent, parseChatEvent } from "../api/types";
import { ApiError, toApiError } from "../api/problem";
import { streamEvents } from "../api/sse";

export interface TurnView {
  user: string | null;
  /** True while the user's speech is being transcribed. */
  transcribing: boolean;
  assistant: string;
  sentences: string[];
  done: DoneEvent | null;
  errors: ApiError[];
}

export interface ChatTurn {
  turn: TurnView | null;
  streaming: boolean;
  send: (message: { text: string } | { audio: Blob }) => Promise<void>;
  interrupt: () => Promise<void>;
}

interface Handlers {
  onAudio?: (url: string) => void;
  onVideo?: (url: string) => void;
  onFinished?: () => void;
}

const EMPTY: TurnView = { user: null, transcribing: false, assistant: "", sentences: [], done: null, errors: [] };

export function useChatTurn(conversationId: string | null, handlers: Handlers): ChatTurn {
  const [turn, setTurn] = useState<TurnView | null>(null);
  const [streaming, setStreaming] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const latest = useRef(handlers);
  latest.current = handlers;

  const apply = useCallback((event: ChatEvent) => {
    setTurn((view) => {
      const current = view ?? EMPTY;
      switch (event.type) {
        case "transcript":
          return { ...current, user: event.data.text, transcribing: false };
        case "text.delta":
          return { ...current, assistant: current.assistant + event.data.delta };
        case "sentence":
          return { ...current, sentences: [...current.sentences, event.data.text] };
        case "done":
          return { ...current, assistant: event.data.text || current.assistant, done: event.data };
        case "error":
          return { ...current, errors: [...current.errors, new ApiError({ ...event.data, status: event.data.status })] };
        default:
          return current;
      }
    });
    if (event.type === "audio") latest.current.onAudio?.(event.data.url);
    if (event.type === "video") latest.current.onVideo?.(event.data.url);
  }, []);

  const send = useCallback(async (message: { text: string } | { audio: Blob }) => {
    if (!conversationId) return;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const spoken = "audio" in message;
    setTurn({ ...EMPTY, user: spoken ? null : message.text, transcribing: spoken });
    setStreaming(true);
    const body = spoken
      ? formData({ file: new File([message.audio], `speech.${message.audio.type.includes("ogg") ? "ogg" : "webm"}`,
        { type: message.audio.type }) })
      : formData({ text: message.text });
    try {
      await streamEvents(`/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
        method: "POST",
        body,
        signal: abort.signal,
        onEvent(sse) {
          const event = parseChatEvent(sse.event, sse.data);
          if (event) apply(event);
        },
      });
    } catch (error) {
      if (!abort.signal.aborted) {
        setTurn((view) => ({ ...(view ?? EMPTY), transcribing: false, errors: [...(view?.errors ?? []), toApiError(error)] }));
      }
    } finally {
      if (controller.current === abort) {
        setStreaming(false);
        latest.current.onFinished?.();
      }
    }
  }, [conversationId, apply]);

  const interrupt = useCallback(async () => {
    if (!conversationId) return;
    try {
      await call(api.POST("/api/v1/conversations/{conversation_id}/interrupt", {
        params: { path: { conversation_id: conversationId } },
      }));
    } catch (error) {
      setTurn((view) => ({ ...(view ?? EMPTY), errors: [...(view?.errors ?? []), toApiError(error)] }));
    }
  }, [conversationId]);

  return { turn, streaming, send, interrupt };
}
