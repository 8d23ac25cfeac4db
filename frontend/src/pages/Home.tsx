/** Dashboard: only real data from GET /api/v1/system and GET /api/v1/jobs, refreshed every few seconds. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { GpuInfo, Job, ServiceStatus, WorkerInfo } from "../api/types";
import { DependencyList } from "../components/DependencyList";
import { ErrorBox } from "../components/ErrorBox";
import { ReadyBadge, StatusBadge } from "../components/StatusBadge";
import { formatDateTime, formatPercent, formatTime } from "../format";
import { DASHBOARD_REFRESH_MS, queries } from "../queries";

export function HomePage() {
  const { t } = useTranslation();
  const system = useQuery({ ...queries.system(), refetchInterval: DASHBOARD_REFRESH_MS });
  const jobs = useQuery({ ...queries.recentJobs(), refetchInterval: DASHBOARD_REFRESH_MS });
  const refresh = () => Promise.all([system.refetch(), jobs.refetch()]);
  const data = system.data;

  return (
    <div className="page" data-testid="page-home">
      <div className="page-head">
        <h1>{t("home.title")}</h1>
        <div className="page-actions">
          {system.dataUpdatedAt > 0 && (
            <span className="muted">{t("common.updatedAt", { time: formatTime(new Date(system.dataUpdatedAt)) })}</span>
          )}
          <button type="button" className="secondary" onClick={() => void refresh()}>{t("common.refresh")}</button>
        </div>
      </div>
      <ErrorBox error={system.error ?? jobs.error} />
      {!data && system.isPending && <p className="muted">{t("common.loading")}</p>}
      {data && (
        <div className="grid">
          <ServicesCard services={data.services} />
          <GpuCard gpus={data.gpus} />
          <QueuesCard queues={data.queues} />
          <WorkersCard workers={data.workers} />
        </div>
      )}
      <RecentJobs jobs={jobs.data ?? null} />
    </div>
  );
}

function ServicesCard({ services }: { services: ServiceStatus[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="services-title" data-testid="services">
      <h2 id="services-title">{t("home.services")}</h2>
      <ul className="plain-list">
        {services.map((service) => (
          <li key={service.name} data-testid={`service-${service.name}`}>
            <div className="row">
              <strong>{service.name}</strong>
              <ReadyBadge ready={service.ready} />
              {service.version && <span className="muted mono">v{service.version}</span>}
            </div>
            {service.error && <p className="small warn">{service.error}</p>}
            <DependencyList service={service.name} checks={service.checks ?? {}} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function GpuCard({ gpus }: { gpus: GpuInfo[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="gpus-title" data-testid="gpus">
      <h2 id="gpus-title">{t("home.gpus")}</h2>
      {gpus.length === 0 ? (
        <p data-testid="cpu-only">{t("home.cpuOnly")}</p>
      ) : (
        <ul className="plain-list">
          {gpus.map((gpu) => (
            <li key={gpu.uuid ?? `${gpu.name}-${gpu.index}`}>
              <div className="row"><strong>#{gpu.index} {gpu.name}</strong></div>
              <div className="small">
                {t("home.gpuMemory")}: {gpu.memory_used_mb} / {gpu.memory_total_mb} MB
                <progress max={gpu.memory_total_mb || 1} value={gpu.memory_used_mb} aria-label={t("home.gpuMemory")} />
              </div>
              <div className="small">
                {gpu.utilization_percent != null && <>{t("home.utilization")}: {gpu.utilization_percent}% </>}
                {gpu.temperature_c != null && <>· {t("home.temperature")}: {gpu.temperature_c} °C</>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function QueuesCard({ queues }: { queues: Record<string, number> }) {
  const { t } = useTranslation();
  const entries = Object.entries(queues);
  return (
    <section className="card" aria-labelledby="queues-title" data-testid="queues">
      <h2 id="queues-title">{t("home.queues")}</h2>
      {entries.length === 0 ? <p className="muted">{t("home.noQueues")}</p> : (
        <table>
          <thead><tr><th scope="col">{t("home.queue")}</th><th scope="col">{t("home.depth")}</th></tr></thead>
          <tbody>
            {entries.map(([name, depth]) => (
              <tr key={name}><td className="mono">{name}</td><td>{depth}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WorkersCard({ workers }: { workers: WorkerInfo[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="workers-title" data-testid="workers">
      <h2 id="workers-title">{t("home.workers")} ({workers.length})</h2>
      {workers.length === 0 ? <p className="muted">{t("home.noWorkers")}</p> : (
        <ul className="plain-list">
          {workers.map((worker) => (
            <li key={worker.id}>
              <div className="row">
                <strong>{worker.service}</strong>
                <span className="muted mono small">{worker.host}:{worker.pid}</span>
              </div>
              <div className="small">
                {t("home.workerQueues")}: <span className="mono">{worker.queues.join(", ")}</span>
              </div>
              <div className="small">
                {t("home.currentJob")}:{" "}
                {worker.current_job
                  ? <Link to={`/jobs/${worker.current_job}`} className="mono">{worker.current_job}</Link>
                  : t("home.idle")}
                {" · "}{t("home.lastSeen")}: {formatDateTime(worker.last_seen)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentJobs({ jobs }: { jobs: Job[] | null }) {
  const { t } = useTranslation();
  return (
    <section className="card wide" aria-labelledby="jobs-title" data-testid="recent-jobs">
      <h2 id="jobs-title">{t("home.recentJobs")}</h2>
      {jobs && jobs.length === 0 && <p className="muted">{t("home.noJobs")}</p>}
      {jobs && jobs.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("home.kind")}</th>
                <th scope="col">{t("home.state")}</th>
                <th scope="col">{t("home.progress")}</th>
                <th scope="col">{t("home.created")}</th>
                <th scope="col"><span className="visually-hidden">{t("common.open")}</span></th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} data-testid="job-row">
                  <td className="mono">{job.kind}</td>
                  <td><StatusBadge status={job.status} /></td>
                  <td>{formatPercent(job.progress)} <span className="muted small">{job.stage}</span></td>
                  <td>{formatDateTime(job.created_at)}</td>
                  <td><Link to={`/jobs/${job.id}`}>{t("common.open")}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
