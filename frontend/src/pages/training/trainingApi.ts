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
/** `data` of a training job's `metrics` event, as the spec declares it (`TrainingMetrics`). */
export type TrainingMetrics = Schemas["TrainingMetrics"];

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

/** Whether a training can be resumed (`POST /api/v1/trainings/{id}/resume`): stopped, with a checkpoint. */
export const isTrainingResumable = (training: Training) =>
  (training.status === "cancelled" || training.status === "failed") && !!training.checkpoint;

/**
 * A job event's metrics, or null when it is another kind of event. The data is a `TrainingMetrics` by the
 * spec; only what the chart cannot do without is checked (a stream of another job kind could carry metrics).
 */
export function parseMetrics(event: JobEvent): TrainingMetrics | null {
  if (event.type !== "metrics" || !event.data) return null;
  const data = event.data as Partial<TrainingMetrics>;
  if (typeof data.step !== "number" || typeof data.loss !== "number" || !STAGES.includes(data.stage as TrainingStage)) {
    return null;
  }
  return data as TrainingMetrics;
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
export function applyMetrics(training: Training, metrics: TrainingMetrics): Training {
  const point: TrainingPoint = {
    stage: metrics.stage, iteration: metrics.iteration, step: metrics.step, loss: metrics.loss,
    psnr: metrics.psnr ?? null, it_per_s: metrics.it_per_s,
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
    eta_s: metrics.eta_s ?? null,
    history,
  };
}
