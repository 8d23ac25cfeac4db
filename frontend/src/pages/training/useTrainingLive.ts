/**
 * Follow a running training live: its job's event stream, each `metrics` event written into the training's
 * query (chart, step, loss, PSNR, it/s, ETA), the record read again when a step stored a preview (its
 * presigned URL is in the record, not the event) and once the job has ended (status, avatar, checkpoint).
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type ApiError, toApiError } from "../../api/problem";
import { followJob } from "../../api/sse";
import { FINISHED } from "../../api/types";
import { queries } from "../../queries";
import { applyMetrics, isTrainingActive, parseMetrics, trainingQueries, type Training } from "./trainingApi";

/** Returns the stream's error, if it failed for good (the record then still shows the last known state). */
export function useTrainingLive(training: Training | null): ApiError | null {
  const queryClient = useQueryClient();
  const [error, setError] = useState<{ jobId: string; error: ApiError } | null>(null);
  const trainingId = training?.id ?? null;
  const jobId = training?.job_id ?? null;
  // Opened once per training while it is queued or running; its own events then change the status.
  const follow = !!training && (training.status === "queued" || training.status === "training");

  useEffect(() => {
    if (!trainingId || !jobId || !follow) return;
    const key = trainingQueries.training(trainingId).queryKey;
    // The stream replays from the job's first event; what the record already held when it was read is not
    // applied again (a long run's thousands of steps would each redraw the chart).
    const since = Date.parse(queryClient.getQueryData(key)?.updated_at ?? "") || 0;
    const controller = new AbortController();
    const refresh = () => queryClient.invalidateQueries({ queryKey: key, exact: true });
    void (async () => {
      try {
        await followJob(jobId, (event) => {
          const metrics = parseMetrics(event);
          if (metrics && Date.parse(event.at) < since) return;
          if (metrics) {
            queryClient.setQueryData(key, (previous) => (previous ? applyMetrics(previous, metrics) : previous));
            if (metrics.preview) void refresh();
          } else if (event.type === "status" && event.status === "running") {
            queryClient.setQueryData(key, (previous) =>
              previous && previous.status === "queued" ? { ...previous, status: "training" as const } : previous);
          }
        }, controller.signal);
      } catch (failure) {
        if (!controller.signal.aborted) setError({ jobId, error: toApiError(failure) });
      }
      if (controller.signal.aborted) return;
      const job = await queryClient.fetchQuery({ ...queries.job(jobId), staleTime: 0 }).catch(() => null);
      if (controller.signal.aborted || !job || !FINISHED.has(job.status)) return;
      // The worker writes the record's final state just before the job's; read until it shows.
      for (let tries = 0; tries < 10 && !controller.signal.aborted; tries += 1) {
        const record = await queryClient.fetchQuery({ ...trainingQueries.training(trainingId), staleTime: 0 }).catch(() => null);
        if (!record || !isTrainingActive(record)) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      void queryClient.invalidateQueries({ queryKey: ["trainings"] });
      void queryClient.invalidateQueries({ queryKey: queries.avatars().queryKey });
    })();
    return () => controller.abort();
  }, [trainingId, jobId, follow, queryClient]);

  return error && error.jobId === jobId ? error.error : null;
}
