/**
 * A profile's enrollment (the background job that fits the voice to its reference): status and progress, start /
 * resume / stop, the held-out similarity it reached on both speaker encoders, and an A/B player — the reference,
 * the base voice and the clone speaking the same sentence.
 */
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, authHeaders, call } from "../../api/client";
import { type ApiError, problemFromResponse, toApiError } from "../../api/problem";
import type { VoiceProfile } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { formatPercent } from "../../format";

const SAMPLE = {
  en: "Every evening my neighbour walks her dog along the river before dinner.",
  zh: "这台机器的声音很安静，明天下午三点我们在图书馆门口见面。",
};
const ACTIVE = new Set(["queued", "running"]);

export function isEnrolling(voice: VoiceProfile): boolean {
  return ACTIVE.has(voice.enrollment?.status ?? "");
}

async function speak(voiceId: string, text: string, clone: boolean): Promise<string> {
  const response = await fetch("/api/v1/speech", {
    method: "POST",
    headers: { ...authHeaders(), "Content-Type": "application/json" },
    body: JSON.stringify({ text, voice_id: voiceId, clone, format: "wav" }),
  });
  if (!response.ok) throw await problemFromResponse(response);
  return URL.createObjectURL(await response.blob());
}

interface Props {
  voice: VoiceProfile;
  onChanged: () => void;
}

export function Enrollment({ voice, onChanged }: Props) {
  const { t } = useTranslation();
  const info = voice.enrollment;
  const active = isEnrolling(voice);
  const [samples, setSamples] = useState<{ base: string; clone: string } | null>(null);
  const [comparing, setComparing] = useState(false);
  const [compareError, setCompareError] = useState<ApiError | null>(null);
  useEffect(() => () => {
    if (samples) { URL.revokeObjectURL(samples.base); URL.revokeObjectURL(samples.clone); }
  }, [samples]);

  const path = { params: { path: { voice_id: voice.id } } };
  const start = useMutation({
    mutationFn: () => call(api.POST("/api/v1/voices/{voice_id}/enrollment", path)),
    onSuccess: onChanged,
  });
  const stop = useMutation({
    mutationFn: () => call(api.DELETE("/api/v1/voices/{voice_id}/enrollment", path)),
    onSuccess: onChanged,
  });

  const compare = async () => {
    setComparing(true);
    setCompareError(null);
    try {
      const text = voice.language === "zh" ? SAMPLE.zh : SAMPLE.en;
      const base = await speak(voice.id, text, false);
      const clone = await speak(voice.id, text, true);
      setSamples({ base, clone });
    } catch (error) {
      setCompareError(toApiError(error));
    } finally {
      setComparing(false);
    }
  };

  const chosen = info?.chosen ? info.held_out?.[info.chosen] : undefined;
  const base = info?.held_out?.base;
  return (
    <div className="enrollment" data-testid="enrollment">
      <h3>{t("voice.enrollment")}</h3>
      <ErrorBox error={start.error ?? stop.error ?? compareError} onDismiss={() => { start.reset(); stop.reset(); setCompareError(null); }} />
      <p className="small">
        <span className={`badge badge-${info?.status ?? "queued"}`} data-testid="enrollment-status">
          {info ? t(`voice.enrollStatus.${info.status}`) : t("voice.enrollNone")}
        </span>{" "}
        {info && info.budget > 0 && (
          <span className="muted">{t("voice.enrollCandidates", { done: info.evaluations, budget: info.budget })}</span>
        )}
      </p>
      {active && info && (
        <progress max={1} value={info.progress} aria-label={t("voice.enrollProgress")}>{formatPercent(info.progress)}</progress>
      )}
      {!active && info?.detail && <p className="muted small">{info.detail}</p>}
      {info?.status === "succeeded" && (
        <p className="muted small" data-testid="enrollment-facts">
          {t("voice.enrollFacts", {
            seconds: Math.round(info.seconds ?? 0),
            base: formatPercent(info.zh_cer_base ?? 0),
            fitted: formatPercent(info.zh_cer_fitted ?? 0),
          })}
        </p>
      )}
      {chosen && base && (
        <table className="small" data-testid="enrollment-similarity">
          <caption className="muted">{t("voice.enrollHeldOut")}</caption>
          <thead>
            <tr><th /><th>{t("voice.enrollBase")}</th><th>{t("voice.enrollReached", { variant: info?.chosen })}</th></tr>
          </thead>
          <tbody>
            <tr><th>resemblyzer</th><td>{base.resemblyzer.toFixed(2)}</td><td><strong>{chosen.resemblyzer.toFixed(2)}</strong></td></tr>
            <tr><th>voicefilter</th><td>{base.voicefilter.toFixed(2)}</td><td><strong>{chosen.voicefilter.toFixed(2)}</strong></td></tr>
          </tbody>
        </table>
      )}
      <div className="tile-actions">
        {active ? (
          <button type="button" className="link-button" onClick={() => stop.mutate()} disabled={stop.isPending}>
            {t("voice.enrollStop")}
          </button>
        ) : (
          <button type="button" className="link-button" onClick={() => start.mutate()} disabled={start.isPending}>
            {info?.status === "cancelled" || info?.status === "failed" ? t("voice.enrollResume") : t("voice.enrollStart")}
          </button>
        )}
        <button type="button" className="link-button" onClick={() => void compare()} disabled={comparing}>
          {comparing ? t("voice.compareMaking") : t("voice.compare")}
        </button>
      </div>
      {samples && (
        <dl className="facts small ab-player" data-testid="ab-player">
          <dt>{t("voice.abReference")}</dt>
          <dd>{voice.reference_url && <audio controls preload="none" src={voice.reference_url} />}</dd>
          <dt>{t("voice.abBase")}</dt><dd><audio controls src={samples.base} /></dd>
          <dt>{t("voice.abClone")}</dt><dd><audio controls src={samples.clone} /></dd>
        </dl>
      )}
    </div>
  );
}
