/** Live progress of one job (from its SSE events), its cancel button, its problem and its outputs. */
import { useTranslation } from "react-i18next";
import type { JobState } from "../hooks/useJob";
import { FINISHED } from "../api/types";
import { formatPercent } from "../format";
import { ArtifactList } from "./Artifacts";
import { ErrorBox } from "./ErrorBox";
import { StatusBadge } from "./StatusBadge";

interface Props {
  state: JobState;
  showArtifacts?: boolean;
}

export function JobProgress({ state, showArtifacts = true }: Props) {
  const { t } = useTranslation();
  const { job, error, cancel, cancelling } = state;
  if (!job) return <ErrorBox error={error} />;
  const finished = FINISHED.has(job.status);
  const percent = formatPercent(job.progress);
  return (
    <section className="job-progress" data-testid="job-progress" data-status={job.status} aria-live="polite">
      <div className="job-progress-head">
        <StatusBadge status={job.status} />
        {job.stage !== job.status && <span className="job-stage">{job.stage}</span>}
        <span className="job-percent">{percent}</span>
        {!finished && (
          <button type="button" className="secondary" onClick={() => void cancel()} disabled={cancelling}>
            {cancelling ? t("common.cancelling") : t("common.cancel")}
          </button>
        )}
      </div>
      <progress max={1} value={job.progress} aria-label={t("job.progressLabel")} aria-valuetext={percent} />
      {job.error && <ErrorBox error={job.error} />}
      <ErrorBox error={error} />
      {showArtifacts && job.status === "succeeded" && (job.artifacts ?? []).length > 0 && (
        <ArtifactList artifacts={job.artifacts ?? []} />
      )}
    </section>
  );
}
