/** The identity datasets: status, and the live progress (with cancel) of those still being preprocessed. */
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Dataset } from "../../api/types";
import { JobProgress } from "../../components/JobProgress";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime, formatSeconds } from "../../format";
import { useJob } from "../../hooks/useJob";
import { queries } from "../../queries";

export const isActive = (dataset: Dataset) => dataset.status === "queued" || dataset.status === "processing";

/** One running dataset's job, followed live; the list refreshes when it ends (the dataset's status changes). */
function LiveProgress({ dataset }: { dataset: Dataset }) {
  const queryClient = useQueryClient();
  const job = useJob(dataset.job_id, () => {
    void queryClient.invalidateQueries({ queryKey: queries.datasets().queryKey });
  });
  return <JobProgress state={job} showArtifacts={false} />;
}

interface Props {
  datasets: Dataset[];
  selected: string | null;
}

export function DatasetList({ datasets, selected }: Props) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="dataset-list-title" data-testid="dataset-list">
      <h2 id="dataset-list-title">{t("training.datasets")}</h2>
      {datasets.length === 0 && <p className="muted">{t("training.noDatasets")}</p>}
      <ul className="plain-list">
        {datasets.map((dataset) => (
          <li key={dataset.id} className={`dataset-item${dataset.id === selected ? " selected" : ""}`}
            data-testid="dataset-item" data-dataset-id={dataset.id} data-status={dataset.status}>
            <div className="row">
              <Link to={`/training/${dataset.id}`} className="dataset-name"
                aria-current={dataset.id === selected ? "page" : undefined}>{dataset.name}</Link>
              <StatusBadge status={dataset.status} />
            </div>
            <div className="small muted">
              {formatSeconds(dataset.source_duration_s)} · {t(`training.presets.${dataset.preset}`)} · {formatDateTime(dataset.created_at)}
            </div>
            {isActive(dataset) && <LiveProgress dataset={dataset} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
