/** Short names for the generated wire models used across pages. */
import type { Readable } from "openapi-typescript-helpers";
import type { components, paths } from "./generated/schema";

type Schemas = components["schemas"];

export type Job = Schemas["Job"];
export type JobStatus = Schemas["JobStatus"];
export type JobAccepted = Schemas["JobAccepted"];
export type Artifact = Schemas["Artifact"];
export type SystemStatus = Schemas["SystemStatus"];
export type ServiceStatus = Schemas["ServiceStatus"];
export type GpuInfo = Schemas["GpuInfo"];
export type WorkerInfo = Schemas["WorkerInfo"];

export type JobEvent = Schemas["JobEvent"];

export const FINISHED: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

export type Avatar = Schemas["Avatar"];
export type FaceReport = Schemas["FaceReport"];
export type VideoSummary = Schemas["VideoSummary"];
export type Background = Schemas["Background"];
export type VoiceProfile = Schemas["VoiceProfile"];
export type QualityReport = Schemas["QualityReport"];

// As openapi-fetch hands them over: its `Readable` reads the report's `crop` tuple as an array.
export type Dataset = Readable<Schemas["Dataset"]>;
export type DatasetReport = Readable<Schemas["DatasetReport"]>;
export type DatasetIssue = Schemas["DatasetIssue"];
export type DatasetPreset = Schemas["DatasetPreset"];
export type Spread = Schemas["Spread"];

export type Conversation = Schemas["Conversation"];
export type ConversationInfo = Schemas["ConversationInfo"];
export type ConversationCreate = Schemas["ConversationCreate"];
export type Turn = Schemas["Turn"];
export type TurnStatus = Schemas["TurnStatus"];
export type DoneEvent = Schemas["DoneEvent"];

/** The `event:` names of a chat reply, as the spec declares them. */
type ReplyEventName =
  paths["/api/v1/conversations/{conversation_id}/messages"]["post"]["responses"][200]["content"]["text/event-stream"]["event"];

/** The model of each reply event's JSON `data:` (the spec names it per event; TypeScript checks the names). */
interface ReplyEventData {
  transcript: Schemas["TranscriptEvent"];
  "text.delta": Schemas["TextDeltaEvent"];
  sentence: Schemas["SentenceEvent"];
  audio: Schemas["AudioEvent"];
  video: Schemas["VideoEvent"];
  done: Schemas["DoneEvent"];
  error: Schemas["ErrorEvent"];
}
const REPLY_EVENTS = {
  transcript: true, "text.delta": true, sentence: true, audio: true, video: true, done: true, error: true,
} as const satisfies Record<ReplyEventName, true> & Record<keyof ReplyEventData, true>;

export type ChatEvent = { [K in keyof ReplyEventData]: { type: K; data: ReplyEventData[K] } }[keyof ReplyEventData];

/** Parse one SSE message into a typed chat event (null for anything unknown, so new events are ignored). */
export function parseChatEvent(event: string, data: string): ChatEvent | null {
  if (!(event in REPLY_EVENTS)) return null;
  return { type: event, data: JSON.parse(data) } as ChatEvent;
}
