/**
 * Server-sent events over fetch (EventSource cannot send the Authorization header), with
 * @microsoft/fetch-event-source: it parses the stream, resends `Last-Event-ID` when it reconnects, and lets
 * a POST carry a body (chat messages). A problem+json answer is fatal and surfaces as an ApiError.
 */
import { fetchEventSource, type EventSourceMessage } from "@microsoft/fetch-event-source";
import { authHeaders } from "./client";
import { ApiError, problemFromResponse, toApiError } from "./problem";
import type { JobEvent } from "./types";

export type SseMessage = EventSourceMessage;

export interface StreamOptions {
  method?: "GET" | "POST";
  body?: BodyInit;
  signal?: AbortSignal;
  onEvent: (message: SseMessage) => void;
  /** Reconnect (with Last-Event-ID) after a dropped connection. Only for idempotent GET streams. */
  reconnect?: boolean;
  /** With `reconnect`, tells whether the stream ended normally (so a closed connection is not a drop). */
  isDone?: () => boolean;
  maxRetries?: number;
}

class Dropped extends Error {}

export async function streamEvents(url: string, options: StreamOptions): Promise<void> {
  const { reconnect = false, maxRetries = 8 } = options;
  let failures = 0;
  try {
    await fetchEventSource(url, {
      method: options.method ?? "GET",
      body: options.body,
      headers: authHeaders(),
      signal: options.signal,
      openWhenHidden: true,
      async onopen(response) {
        if (!response.ok) throw await problemFromResponse(response);
        const type = response.headers.get("content-type") ?? "";
        if (!type.startsWith("text/event-stream")) {
          throw new ApiError({ status: response.status, title: "Unexpected response", code: "not_event_stream",
            detail: `Expected an event stream, got ${type || "no content type"}.` });
        }
        failures = 0;
      },
      onmessage(message) {
        if (message.data !== "" || message.event) options.onEvent(message);
      },
      onclose() {
        if (reconnect && !(options.isDone?.() ?? false)) throw new Dropped("The event stream closed early.");
      },
      onerror(error) {
        const fatal = error instanceof ApiError && !(error.retryable || error.status >= 502);
        if (!reconnect || fatal || ++failures > maxRetries) throw error instanceof Dropped
          ? new ApiError({ status: 0, title: "Connection lost", code: "stream_dropped", detail: error.message })
          : toApiError(error);
        return Math.min(500 * 2 ** (failures - 1), 8000);
      },
    });
  } catch (error) {
    throw toApiError(error);
  }
}

/** Follow a job's events until its final status event (resuming after drops). */
export function followJob(jobId: string, onEvent: (event: JobEvent) => void, signal: AbortSignal): Promise<void> {
  let done = false;
  return streamEvents(`/api/v1/jobs/${encodeURIComponent(jobId)}/events`, {
    signal,
    reconnect: true,
    isDone: () => done,
    onEvent(message) {
      const event = JSON.parse(message.data) as JobEvent;
      if (event.type === "status" && event.status && ["succeeded", "failed", "cancelled"].includes(event.status)) {
        done = true;
      }
      onEvent(event);
    },
  });
}
