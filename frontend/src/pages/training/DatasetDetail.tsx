/** One dataset: its status (and job progress while it runs), the report, every QA preview, delete. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, call } from "../../api/client";
import { ErrorBox } from "../../components/ErrorBox";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime, formatPercent, formatSeconds } from "../../format";
import { queries } from "../../queries";
import { DatasetTrainings } from "./DatasetTrainings";
import { isActive } from "./DatasetList";
import { DatasetReportView } from "./DatasetReportView";

export function DatasetDetail({ datasetId }: { datasetId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery(queries.dataset(datasetId));
  const dataset = query.data ?? null;
  // The list follows the job's events into this same query, so this view needs no stream of its own.
  const job = useQuery({ ...queries.job(dataset?.job_id ?? ""), enabled: !!dataset && isActive(dataset) });
  const remove = useMutation({
    mutationFn: (id: string) => call(api.DELETE("/api/v1/datasets/{dataset_id}", { params: { path: { dataset_id: id } } })),
    onSuccess: async () => {
      // Leave first, and refresh the list alone: this view's own query would be fetched again, into a 404.
      void navigate("/training");
      await queryClient.invalidateQueries({ queryKey: queries.datasets().queryKey, exact: true });
    },
  });

  if (!dataset) {
    return <section className="card wide"><ErrorBox error={query.error} />{query.isPending && <p className="muted">{t("common.loading")}</p>}</section>;
  }
  const active = isActive(dataset);
  const confirmDelete = () => {
    if (window.confirm(t("training.confirmDelete", { name: dataset.name }))) remove.mutate(dataset.id);
  };
  const previews = dataset.previews ?? [];
  return (
    <>
    <section className="card wide" aria-labelledby="dataset-detail-title" data-testid="dataset-detail"
      data-status={dataset.status}>
      <div className="page-head">
        <h2 id="dataset-detail-title">{dataset.name} <StatusBadge status={dataset.status} /></h2>
        <div className="page-actions">
          <Link to={`/jobs/${dataset.job_id}`}>{t("training.openJob")}</Link>
          <button type="button" className="danger" onClick={confirmDelete} disabled={active || remove.isPending}
            title={active ? t("training.cancelFirst") : undefined} data-testid="dataset-delete">
            {t("common.delete")}
          </button>
        </div>
      </div>
      <ErrorBox error={remove.error} onDismiss={remove.reset} />
      <dl className="facts small">
        <dt>ID</dt><dd className="mono">{dataset.id}</dd>
        <dt>{t("training.sourceFile")}</dt><dd>{dataset.source_filename ?? "—"} · {formatSeconds(dataset.source_duration_s)}</dd>
        <dt>{t("training.preset")}</dt><dd>{t(`training.presets.${dataset.preset}`)}</dd>
        <dt>{t("training.language")}</dt><dd>{dataset.language ?? "—"}</dd>
        <dt>{t("home.created")}</dt><dd>{formatDateTime(dataset.created_at)}</dd>
        {dataset.status === "ready" && (
          <>
            <dt>{t("training.files")}</dt><dd>{dataset.files}</dd>
            <dt>{t("training.storage")}</dt><dd className="mono">{dataset.storage_prefix ?? "—"}</dd>
          </>
        )}
      </dl>
      {active && job.data && (
        <div className="upload-progress" aria-live="polite">
          <progress max={1} value={job.data.progress} aria-label={t("job.progressLabel")} />
          <span className="small">
            {job.data.stage !== job.data.status && `${job.data.stage} · `}{formatPercent(job.data.progress)}
          </span>
        </div>
      )}
      {dataset.error && <p className="error-detail" role="alert">{dataset.error}</p>}
      {dataset.report && <DatasetReportView report={dataset.report} />}
      {previews.length > 0 && (
        <div className="dataset-previews">
          <h3>{t("training.previews")}</h3>
          {previews.map((preview) => (
            <figure key={preview.name} className="artifact" data-testid="dataset-preview">
              <a href={preview.url} target="_blank" rel="noreferrer">
                <img src={preview.url} alt={t(`training.previewNames.${previewKey(preview.name)}`, { defaultValue: preview.name })} />
              </a>
              <figcaption>{t(`training.previewNames.${previewKey(preview.name)}`, { defaultValue: preview.name })} · {preview.name}</figcaption>
            </figure>
          ))}
        </div>
      )}
    </section>
    {dataset.status === "ready" && <DatasetTrainings dataset={dataset} />}
    </>
  );
}

/** `landmarks.jpg` → `landmarks`: the translation key of a preview's caption. */
function previewKey(name: string): string {
  return name.replace(/\.[^.]+$/, "");
}
