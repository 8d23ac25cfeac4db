/**
 * The training API as the Training page uses it: short names for the generated models, the queries (under
 * the `trainings` key), and the live side — a job's `metrics` events turned into history points.
 */
import { queryOptions } from "@tanstack/react-query";
import type { components } from "../../api/generated/schema";
import { api, call } from "../../api/client";
import type { JobEvent } from "../../api/types";

type Schemas = components["schemas"];
export type Training = Schemas["Training"];
export type TrainingCreate = Schemas["TrainingCreate"];
export type TrainingPoint = Schemas["TrainingPoint"];
export type TrainingPreset = Schemas["TrainingPreset"];
export type TrainingStage = Schemas["TrainingStage"];
export type TrainingStatus = Schemas["TrainingStatus"];

/** Always run in this order, whatever order they are chosen in (the API sorts them the same way). */
export const STAGES: readonly TrainingStage[] = ["head", "lips", "torso"];

/**
 * The iterations a stage gets when the request leaves it out (docs/trainer.md). Shown as the fields'
 * placeholders only: an empty field is left out of the request and the API fills in its own default.
 */
export const PRESET_ITERATIONS: Record<TrainingPreset, Record<TrainingStage, number>> = {
  tiny: { head: 300, lips: 50, torso: 100 },
  standard: { head: 100_000, lips: 25_000, torso: 200_000 },
};

export const isTrainingActive = (training: Training) => training.status === "queued" || training.status === "training";

export const trainingQueries = {
  ofDataset: (datasetId: string) => queryOptions({
    queryKey: ["trainings", { dataset: datasetId }],
    queryFn: async () => (await call(api.GET("/api/v1/trainings", {
      params: { query: { dataset_id: datasetId, limit: 50 } },
    }))).items,
  }),
  training: (trainingId: string) => queryOptions({
    queryKey: ["trainings", trainingId],
    queryFn: () => call(api.GET("/api/v1/trainings/{training_id}", { params: { path: { training_id: trainingId } } })),
  }),
};

/** What a `metrics` event carries in `data` besides the history point (docs/trainer.md). */
export interface MetricsData extends TrainingPoint {
  total_steps: number;
  eta_s: number | null;
  preview: string | null;
  checkpoint: string | null;
}

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** A job event's metrics, or null when it is another kind of event (or its data is not a training step's). */
export function parseMetrics(event: JobEvent): MetricsData | null {
  if (event.type !== "metrics" || !event.data) return null;
  const data = event.data as Record<string, unknown>;
  if (!isNumber(data.step) || !isNumber(data.iteration) || !isNumber(data.loss) || typeof data.stage !== "string") {
    return null;
  }
  if (!STAGES.includes(data.stage as TrainingStage)) return null;
  return {
    stage: data.stage as TrainingStage,
    iteration: data.iteration,
    step: data.step,
    loss: data.loss,
    psnr: isNumber(data.psnr) ? data.psnr : null,
    it_per_s: isNumber(data.it_per_s) ? data.it_per_s : 0,
    total_steps: isNumber(data.total_steps) ? data.total_steps : 0,
    eta_s: isNumber(data.eta_s) ? data.eta_s : null,
    preview: typeof data.preview === "string" ? data.preview : null,
    checkpoint: typeof data.checkpoint === "string" ? data.checkpoint : null,
  };
}

/** Points a chart keeps while it follows a run live (the record's own history is thinned by the API too). */
export const MAX_CHART_POINTS = 1200;

/** Past the cap, every other point of the older half goes: the recent curve stays exact, the start coarser. */
function thin(history: TrainingPoint[]): TrainingPoint[] {
  if (history.length <= MAX_CHART_POINTS) return history;
  const half = Math.floor(history.length / 2);
  return [...history.slice(0, half).filter((_, i) => i % 2 === 0), ...history.slice(half)];
}

/**
 * The record with one more logged step. A step at or before ones already shown replaces them: the stream
 * replays from its start, and a job resumed from a checkpoint logs again the steps past that checkpoint.
 */
export function applyMetrics(training: Training, metrics: MetricsData): Training {
  const point: TrainingPoint = {
    stage: metrics.stage, iteration: metrics.iteration, step: metrics.step, loss: metrics.loss,
    psnr: metrics.psnr, it_per_s: metrics.it_per_s,
  };
  const history = thin([...(training.history ?? []).filter((p) => p.step < metrics.step), point]);
  const total = metrics.total_steps || training.total_steps;
  return {
    ...training,
    status: training.status === "queued" ? "training" : training.status,
    stage: metrics.stage,
    step: metrics.step,
    total_steps: total,
    progress: total > 0 ? Math.min(1, metrics.step / total) : training.progress,
    loss: metrics.loss,
    psnr: metrics.psnr ?? training.psnr,
    it_per_s: metrics.it_per_s,
    eta_s: metrics.eta_s,
    history,
  };
}
