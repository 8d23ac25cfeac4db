/** Short names for the generated wire models used across pages. */
import type { components } from "./generated/schema";

type Schemas = components["schemas"];

export type Job = Schemas["Job"];
export type JobStatus = Schemas["JobStatus"];
export type JobAccepted = Schemas["JobAccepted"];
export type Artifact = Schemas["Artifact"];
export type SystemStatus = Schemas["SystemStatus"];
export type ServiceStatus = Schemas["ServiceStatus"];
export type GpuInfo = Schemas["GpuInfo"];
export type WorkerInfo = Schemas["WorkerInfo"];

/**
 * One job event (SSE `event:` = type). Taken from the spec when the spec defines it; until then the shape of
 * `shared/contracts/common.py:JobEvent` (the gateway's spec references but does not yet define it).
 */
interface JobEventShape {
  id: string;
  type: "progress" | "log" | "status" | string;
  job_id: string;
  status?: JobStatus | null;
  progress?: number | null;
  stage?: string | null;
  message?: string | null;
  at: string;
}
type GeneratedJobEvent = Schemas extends { JobEvent: infer E } ? E : unknown;
export type JobEvent = unknown extends GeneratedJobEvent ? JobEventShape : GeneratedJobEvent;

export const FINISHED: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

export type Avatar = Schemas["Avatar"];
export type FaceReport = Schemas["FaceReport"];
export type VideoSummary = Schemas["VideoSummary"];
export type Background = Schemas["Background"];
export type VoiceProfile = Schemas["VoiceProfile"];
export type QualityReport = Schemas["QualityReport"];
