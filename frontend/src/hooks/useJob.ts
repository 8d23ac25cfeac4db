/**
 * Follow one job live: its record (a query), then every progress/status event from its SSE stream written
 * into that record, then the final record again (artifacts with URLs, or the problem). Progress shown to the
 * user comes only from here.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";
import { api, call } from "../api/client";
import { type ApiError, toApiError } from "../api/problem";
import { followJob } from "../api/sse";
import { FINISHED, type Job, type JobEvent } from "../api/types";
import { queries } from "../queries";

export interface JobState {
  job: Job | null;
  /** Log lines and stage changes, newest last. */
  log: string[];
  error: ApiError | null;
  cancelling: boolean;
  cancel: () => void;
}

function applyEvent(job: Job, event: JobEvent): Job {
  const next: Job = { ...job };
  if (event.status) next.status = event.status;
  if (typeof event.progress === "number") next.progress = event.progress;
  if (event.stage) next.stage = event.stage;
  return next;
}

/** Lines and stream errors belong to the job they came from, so a new job id starts with none. */
interface Tagged<T> {
  jobId: string | null;
  value: T;
}

export function useJob(jobId: string | null, onFinished?: (job: Job) => void): JobState {
  const queryClient = useQueryClient();
  const record = useQuery({ ...queries.job(jobId ?? ""), enabled: !!jobId });
  const [log, setLog] = useState<Tagged<string[]>>({ jobId: null, value: [] });
  const [streamError, setStreamError] = useState<Tagged<ApiError | null>>({ jobId: null, value: null });
  const finished = useEffectEvent((job: Job) => onFinished?.(job));
  // The stream opens once per job, when its first record is in: the events then change the record's status,
  // which must not end the effect before the final record is read.
  const loaded = !!record.data;

  useEffect(() => {
    if (!jobId || !loaded) return;
    const key = queries.job(jobId).queryKey;
    const first = queryClient.getQueryData(key);
    if (!first || FINISHED.has(first.status)) return;
    const controller = new AbortController();
    void (async () => {
      try {
        await followJob(jobId, (event) => {
          queryClient.setQueryData(key, (previous) => (previous ? applyEvent(previous, event) : previous));
          const line = event.message ?? (event.type === "status" ? event.status : null);
          if (line) {
            setLog((previous) => ({
              jobId,
              value: [...(previous.jobId === jobId ? previous.value : []).slice(-49), `${event.stage ?? event.type}: ${line}`],
            }));
          }
        }, controller.signal);
      } catch (error) {
        if (!controller.signal.aborted) setStreamError({ jobId, value: toApiError(error) });
      }
      if (controller.signal.aborted) return;
      try {
        const last = await queryClient.fetchQuery({ ...queries.job(jobId), staleTime: 0 });
        if (!controller.signal.aborted && FINISHED.has(last.status)) finished(last);
      } catch {
        // The job's query keeps the error, and `error` below shows it.
      }
    })();
    return () => controller.abort();
  }, [jobId, loaded, queryClient]);

  const cancel = useMutation({
    mutationFn: (id: string) => call(api.DELETE("/api/v1/jobs/{job_id}", { params: { path: { job_id: id } } })),
    onSuccess: (updated, id) => {
      queryClient.setQueryData(queries.job(id).queryKey, (previous) =>
        previous && !FINISHED.has(previous.status) ? { ...previous, ...updated } : previous);
    },
  });

  const job = jobId ? (record.data ?? null) : null;
  const done = !!job && FINISHED.has(job.status);
  const mine = <T,>(tagged: Tagged<T>, empty: T) => (tagged.jobId === jobId ? tagged.value : empty);
  const cancelError = cancel.variables === jobId ? cancel.error : null;
  return {
    job,
    log: mine(log, []),
    error: (jobId ? record.error : null) ?? (done ? null : mine(streamError, null)) ?? cancelError,
    cancelling: cancel.variables === jobId && (cancel.isPending || cancel.isSuccess) && !!job && !done,
    cancel: () => { if (jobId) cancel.mutate(jobId); },
  };
}
