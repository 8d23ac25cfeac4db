/**
 * The trainings of a ready dataset: start one, the list (status, progress), and the selected one followed live.
 * The selection is in the address (`#/training/<dataset>?training=<id>`), so a running training can be
 * bookmarked and reopened.
 */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { Dataset } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime, formatPercent } from "../../format";
import { TrainingStart } from "./TrainingStart";
import { TrainingView } from "./TrainingView";
import { trainingQueries } from "./trainingApi";

export function DatasetTrainings({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const trainings = useQuery(trainingQueries.ofDataset(dataset.id));
  const items = trainings.data ?? [];
  const selected = search.get("training") ?? items[0]?.id ?? null;
  const select = (id: string | null) => setSearch(id ? { training: id } : {}, { replace: false });

  return (
    <section className="card wide training-section" aria-labelledby="trainings-title" data-testid="dataset-trainings">
      <h2 id="trainings-title">{t("training.run.title")}</h2>
      <ErrorBox error={trainings.error} />
      <div className="two-columns">
        <TrainingStart dataset={dataset} onStarted={select} />
        <div>
          <h3>{t("training.run.list")}</h3>
          {items.length === 0 && <p className="muted small">{t("training.run.none")}</p>}
          <ul className="plain-list" data-testid="training-list">
            {items.map((training) => (
              <li key={training.id} className={`dataset-item${training.id === selected ? " selected" : ""}`}
                data-testid="training-item" data-training-id={training.id} data-status={training.status}>
                <div className="row">
                  <Link to={`/training/${dataset.id}?training=${training.id}`} className="dataset-name"
                    aria-current={training.id === selected ? "true" : undefined}>{training.name}</Link>
                  <StatusBadge status={training.status} />
                </div>
                <div className="small muted">
                  {t(`training.presets.${training.preset}`)} · {training.device} · {formatPercent(training.progress)} · {formatDateTime(training.created_at)}
                </div>
              </li>
            ))}
          </ul>
        </div>
      </div>
      {selected && <TrainingView key={selected} trainingId={selected} onDeleted={() => select(null)} />}
    </section>
  );
}
