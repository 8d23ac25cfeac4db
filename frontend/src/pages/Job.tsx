/** One job: live progress from its SSE events, cancel, its problem, its outputs, inputs and result. */
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { JobProgress } from "../components/JobProgress";
import { formatDateTime } from "../format";
import { useJob } from "../hooks/useJob";

export function JobPage() {
  const { t } = useTranslation();
  const { jobId = null } = useParams();
  const state = useJob(jobId);
  const job = state.job;
  return (
    <div className="page" data-testid="page-job">
      <div className="page-head">
        <h1>{t("job.title")}</h1>
        <Link to="/">{t("common.back")}</Link>
      </div>
      <section className="card"><JobProgress state={state} /></section>
      {job && (
        <section className="card">
          <dl className="facts">
            <dt>{t("job.id")}</dt><dd className="mono">{job.id}</dd>
            <dt>{t("home.kind")}</dt><dd className="mono">{job.kind}</dd>
            <dt>{t("home.created")}</dt><dd>{formatDateTime(job.created_at)}</dd>
            <dt>{t("job.attempts")}</dt><dd>{job.attempts}</dd>
            <dt>{t("job.worker")}</dt><dd className="mono">{job.worker_id ?? "—"}</dd>
          </dl>
          <h2>{t("job.inputs")}</h2>
          <pre className="json">{JSON.stringify(job.inputs, null, 2)}</pre>
          {Object.keys(job.result ?? {}).length > 0 && (
            <>
              <h2>{t("job.result")}</h2>
              <pre className="json">{JSON.stringify(job.result, null, 2)}</pre>
            </>
          )}
          {state.log.length > 0 && (
            <>
              <h2>{t("job.log")}</h2>
              <ol className="log">{state.log.map((line, index) => <li key={index}>{line}</li>)}</ol>
            </>
          )}
        </section>
      )}
    </div>
  );
}
