/**
 * Follow one job live: its record (GET), then every progress/status event from its SSE stream, then the
 * final record again (artifacts with URLs, or the problem). Progress shown to the user comes only from here.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { api, call } from "../api/client";
import { ApiError, toApiError } from "../api/problem";
import { followJob } from "../api/sse";
import { FINISHED, type Job, type JobEvent } from "../api/types";

export interface JobState {
  job: Job | null;
  /** Log lines and stage changes, newest last. */
  log: string[];
  error: ApiError | null;
  cancelling: boolean;
  cancel: () => Promise<void>;
}

async function fetchJob(jobId: string): Promise<Job> {
  return call(api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: jobId } } }));
}

function applyEvent(job: Job, event: JobEvent): Job {
  const next: Job = { ...job };
  if (event.status) next.status = event.status;
  if (typeof event.progress === "number") next.progress = event.progress;
  if (event.stage) next.stage = event.stage;
  return next;
}

export function useJob(jobId: string | null): JobState {
  const [job, setJob] = useState<Job | null>(null);
  const [log, setLog] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const current = useRef<string | null>(null);

  useEffect(() => {
    current.current = jobId;
    setJob(null);
    setLog([]);
    setError(null);
    setCancelling(false);
    if (!jobId) return;
    const controller = new AbortController();
    const alive = () => !controller.signal.aborted && current.current === jobId;
    (async () => {
      try {
        const first = await fetchJob(jobId);
        if (!alive()) return;
        setJob(first);
        if (!FINISHED.has(first.status)) {
          await followJob(jobId, (event) => {
            if (!alive()) return;
            setJob((previous) => (previous ? applyEvent(previous, event) : previous));
            const line = event.message ?? (event.type === "status" ? event.status : null);
            if (line) setLog((lines) => [...lines.slice(-49), `${event.stage ?? event.type}: ${line}`]);
          }, controller.signal).catch((streamError: unknown) => {
            if (alive()) setError(toApiError(streamError));
          });
          if (!alive()) return;
          const last = await fetchJob(jobId);
          if (!alive()) return;
          setJob(last);
          if (FINISHED.has(last.status)) setError(null);
        }
      } catch (fetchError) {
        if (alive()) setError(toApiError(fetchError));
      }
    })();
    return () => controller.abort();
  }, [jobId]);

  const cancel = useCallback(async () => {
    if (!jobId) return;
    setCancelling(true);
    try {
      const updated = await call(api.DELETE("/api/v1/jobs/{job_id}", { params: { path: { job_id: jobId } } }));
      setJob((previous) => (previous && !FINISHED.has(previous.status) ? { ...previous, ...updated } : previous));
    } catch (cancelError) {
      setError(toApiError(cancelError));
      setCancelling(false);
    }
  }, [jobId]);

  return { job, log, error, cancelling: cancelling && !!job && !FINISHED.has(job.status), cancel };
}
