/**
 * The SSE events of a chat reply (`event:` name → `data:` JSON). The gateway's spec describes the stream only
 * as text, so these mirror `shared/contracts/chat.py` (TranscriptEvent, TextDeltaEvent, SentenceEvent,
 * AudioEvent, VideoEvent, DoneEvent, ErrorEvent); keep them in step with it.
 */
import type { components } from "./generated/schema";

export type Conversation = components["schemas"]["Conversation"];
export type ConversationInfo = components["schemas"]["ConversationInfo"];
export type ConversationCreate = components["schemas"]["ConversationCreate"];
export type Turn = components["schemas"]["Turn"];
export type TurnStatus = components["schemas"]["TurnStatus"];
type Problem = components["schemas"]["Problem"];

export interface TranscriptEvent {
  turn_id: string;
  text: string;
  language: string;
  audio_duration_s: number;
  speech_duration_s: number;
  artifact_id?: string | null;
}

export interface TextDeltaEvent {
  delta: string;
}

export interface SentenceEvent {
  index: number;
  text: string;
}

export interface AudioEvent {
  index: number;
  text: string;
  artifact_id: string;
  url: string;
  duration_s: number;
}

export interface VideoEvent {
  index: number;
  segment_index: number;
  artifact_id: string;
  url: string;
  start_s?: number | null;
  duration_s?: number | null;
}

export interface DoneEvent {
  turn_id: string;
  status: TurnStatus;
  text: string;
  timings: Record<string, number>;
}

export type ErrorEvent = Problem & { stage?: "llm" | "speech" | "video" | "storage"; index?: number | null };

export type ChatEvent =
  | { type: "transcript"; data: TranscriptEvent }
  | { type: "text.delta"; data: TextDeltaEvent }
  | { type: "sentence"; data: SentenceEvent }
  | { type: "audio"; data: AudioEvent }
  | { type: "video"; data: VideoEvent }
  | { type: "done"; data: DoneEvent }
  | { type: "error"; data: ErrorEvent };

const TYPES = new Set(["transcript", "text.delta", "sentence", "audio", "video", "done", "error"]);

/** Parse one SSE message into a typed chat event (null for anything unknown, so new events are ignored). */
export function parseChatEvent(event: string, data: string): ChatEvent | null {
  if (!TYPES.has(event)) return null;
  return { type: event, data: JSON.parse(data) } as ChatEvent;
}
