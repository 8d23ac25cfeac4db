import { useTranslation } from "react-i18next";

/** A job status (or readiness) as a coloured, labelled badge (the colour is never the only cue). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const label = t(`status.${status}`, { defaultValue: status });
  return <span className={`badge badge-${status}`} data-status={status}>{label}</span>;
}

export function ReadyBadge({ ready }: { ready: boolean }) {
  return <StatusBadge status={ready ? "ready" : "notReady"} />;
}
