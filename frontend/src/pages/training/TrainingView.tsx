/**
 * One training: status, stage, step of total, it/s, ETA (measured) and the estimate made before it ran, the
 * live loss/PSNR chart, preview frames as they are stored, cancel; once stopped, the checkpoint it keeps and
 * Resume (a new job from that checkpoint, followed live like the first); once succeeded, the avatar with links
 * to the video and chat pages.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, call } from "../../api/client";
import { ErrorBox } from "../../components/ErrorBox";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime, formatPercent } from "../../format";
import { TrainingChart } from "./TrainingChart";
import { isTrainingActive, isTrainingResumable, trainingQueries, type Training } from "./trainingApi";
import { useTrainingLive } from "./useTrainingLive";

/** Seconds as "2 h 05 min", "3 min 20 s" or "12 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, "0")} s`;
  return `${s} s`;
}

function Stopped({ training }: { training: Training }) {
  const { t } = useTranslation();
  const checkpoint = training.checkpoint;
  return (
    <div className="training-stopped" data-testid="training-stopped" role="status">
      <p>
        {checkpoint
          ? t("training.run.stoppedAt", {
            stage: t(`training.run.stages.${checkpoint.stage}`), iteration: checkpoint.iteration, step: checkpoint.step,
          })
          : t("training.run.noCheckpoint")}
      </p>
      {checkpoint && <p className="small">{t("training.run.checkpointKept")} <code>{checkpoint.key}</code></p>}
      <p className="small muted">{t(checkpoint ? "training.run.resumeHint" : "training.run.noCheckpointHint")}</p>
    </div>
  );
}

function AvatarLinks({ avatarId, name }: { avatarId: string; name: string }) {
  const { t } = useTranslation();
  const id = encodeURIComponent(avatarId);
  return (
    <div className="training-avatar" data-testid="training-avatar" role="status">
      <p>{t("training.run.avatarReady", { name })} <code>{avatarId}</code></p>
      <div className="row">
        <Link to={`/video?avatar=${id}`} data-testid="avatar-video-link">{t("training.run.useInVideo")}</Link>
        <Link to={`/chat?avatar=${id}`} data-testid="avatar-chat-link">{t("training.run.useInChat")}</Link>
      </div>
    </div>
  );
}

export function TrainingView({ trainingId, onDeleted }: { trainingId: string; onDeleted: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(trainingQueries.training(trainingId));
  const training = query.data ?? null;
  const streamError = useTrainingLive(training);
  const cancel = useMutation({
    mutationFn: (jobId: string) => call(api.DELETE("/api/v1/jobs/{job_id}", { params: { path: { job_id: jobId } } })),
  });
  const resume = useMutation({
    mutationFn: (id: string) => call(api.POST("/api/v1/trainings/{training_id}/resume", {
      params: { path: { training_id: id } },
    })),
    // The record now names the new job and is queued again: read it, and the live view follows that job.
    onSuccess: () => {
      cancel.reset(); // the new job can be cancelled in its turn
      return queryClient.invalidateQueries({ queryKey: ["trainings"] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => call(api.DELETE("/api/v1/trainings/{training_id}", { params: { path: { training_id: id } } })),
    onSuccess: async (_, id) => {
      // Out of the list before anything reads it again (a read of the deleted training would be a 404); a
      // read of the list already in flight would bring it back, so that one is cancelled first.
      if (training) {
        const listKey = trainingQueries.ofDataset(training.dataset_id).queryKey;
        await queryClient.cancelQueries({ queryKey: listKey, exact: true });
        queryClient.setQueryData(listKey, (previous) => previous?.filter((item) => item.id !== id));
      }
      onDeleted();
    },
  });

  if (!training) {
    return <div><ErrorBox error={query.error} />{query.isPending && <p className="muted">{t("common.loading")}</p>}</div>;
  }
  const active = isTrainingActive(training);
  const previews = [...(training.previews ?? [])].reverse();
  const confirmDelete = () => {
    if (window.confirm(t("training.run.confirmDelete", { name: training.name }))) remove.mutate(training.id);
  };
  return (
    <div className="training-view" data-testid="training-view" data-status={training.status}
      aria-labelledby="training-view-title">
      <div className="page-head">
        <h3 id="training-view-title">{training.name} <StatusBadge status={training.status} /></h3>
        <div className="page-actions">
          <Link to={`/jobs/${training.job_id}`}>{t("training.openJob")}</Link>
          {active && (
            <button type="button" className="danger" onClick={() => cancel.mutate(training.job_id)}
              disabled={cancel.isPending || cancel.isSuccess} data-testid="training-cancel">
              {cancel.isPending || cancel.isSuccess ? t("common.cancelling") : t("common.cancel")}
            </button>
          )}
          {isTrainingResumable(training) && (
            <button type="button" onClick={() => resume.mutate(training.id)} disabled={resume.isPending}
              data-testid="training-resume">
              {resume.isPending ? t("training.run.resuming") : t("training.run.resume")}
            </button>
          )}
          {!active && (
            <button type="button" className="danger" onClick={confirmDelete} disabled={remove.isPending}
              data-testid="training-delete">{t("common.delete")}</button>
          )}
        </div>
      </div>
      <ErrorBox error={cancel.error ?? resume.error ?? remove.error ?? streamError} />
      <dl className="facts small">
        <dt>ID</dt><dd className="mono">{training.id}</dd>
        <dt>{t("training.run.preset")}</dt><dd>{t(`training.presets.${training.preset}`)}</dd>
        <dt>{t("training.run.stagesLegend")}</dt>
        <dd>{training.stages.map((stage) => `${t(`training.run.stages.${stage}`)} ${training.iterations[stage] ?? "—"}`).join(" · ")}</dd>
        <dt>{t("training.run.device")}</dt><dd className="mono">{training.device}</dd>
        <dt>{t("training.run.seed")}</dt><dd>{training.seed}</dd>
        <dt>{t("training.run.estimate")}</dt><dd data-testid="training-estimate">{formatDuration(training.estimate_s)}</dd>
        <dt>{t("home.created")}</dt><dd>{formatDateTime(training.created_at)}</dd>
        {training.resumed_from && (
          <>
            <dt>{t("training.run.resumedFrom")}</dt>
            <dd>{t("training.run.resumedValue", {
              stage: t(`training.run.stages.${training.resumed_from.stage}`), iteration: training.resumed_from.iteration,
              attempts: training.attempts, resumes: training.resumes ?? 0,
            })}</dd>
          </>
        )}
      </dl>
      {training.warning && <p className="warn-text small" role="note" data-testid="training-warning">⚠ {training.warning}</p>}
      <div className="upload-progress" aria-live="polite" data-testid="training-progress">
        <progress max={1} value={training.progress} aria-label={t("training.run.progress")}
          aria-valuetext={formatPercent(training.progress)} />
        <span className="small">
          {training.stage && `${t(`training.run.stages.${training.stage}`)} · `}
          {t("training.run.steps", { step: training.step, total: training.total_steps })} · {formatPercent(training.progress)}
        </span>
      </div>
      <dl className="facts small training-figures">
        <dt>{t("training.run.loss")}</dt><dd data-testid="training-loss">{training.loss == null ? "—" : training.loss.toPrecision(4)}</dd>
        <dt>{t("training.run.psnr")}</dt><dd data-testid="training-psnr">{training.psnr == null ? "—" : `${training.psnr.toFixed(2)} dB`}</dd>
        <dt>{t("training.run.speed")}</dt><dd data-testid="training-speed">{training.it_per_s == null ? "—" : `${training.it_per_s.toFixed(2)} it/s`}</dd>
        <dt>{t("training.run.eta")}</dt><dd data-testid="training-eta">{active ? formatDuration(training.eta_s) : "—"}</dd>
      </dl>
      <TrainingChart history={training.history ?? []} totalSteps={training.total_steps} />
      {(training.status === "cancelled" || training.status === "failed") && <Stopped training={training} />}
      {training.error && <p className="error-detail" role="alert">{training.error}</p>}
      {training.status === "succeeded" && training.avatar_id && (
        <AvatarLinks avatarId={training.avatar_id} name={training.name} />
      )}
      <h4>{t("training.run.previews")}</h4>
      {previews.length === 0 && <p className="small muted">{t("training.run.noPreviews")}</p>}
      <div className="training-previews" aria-live="polite">
        {previews.map((preview) => {
          const caption = t("training.run.previewCaption", {
            stage: t(`training.run.stages.${preview.stage}`), iteration: preview.iteration,
          });
          return (
            <figure key={preview.key} className="artifact" data-testid="training-preview">
              <a href={preview.url} target="_blank" rel="noreferrer"><img src={preview.url} alt={caption} /></a>
              <figcaption>{caption}</figcaption>
            </figure>
          );
        })}
      </div>
    </div>
  );
}
