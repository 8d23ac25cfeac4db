/** The voices: cloned profiles (play the reference, rename, delete, quality) and built-in voices. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { type ApiError, toApiError } from "../../api/problem";
import type { VoiceProfile } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { formatDateTime } from "../../format";
import { QualityReport } from "./QualityReport";

interface Props {
  voices: VoiceProfile[];
  selected: string;
  onSelect: (voiceId: string) => void;
  onChanged: () => void;
}

export function VoiceList({ voices, selected, onSelect, onChanged }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const [details, setDetails] = useState<VoiceProfile | null>(null);
  const profiles = voices.filter((voice) => voice.kind !== "builtin");
  const builtins = voices.filter((voice) => voice.kind === "builtin");

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      onChanged();
    } catch (actionError) {
      setError(toApiError(actionError));
    }
  };

  const rename = (voice: VoiceProfile) => {
    const name = window.prompt(t("common.rename"), voice.name)?.trim();
    if (!name || name === voice.name) return;
    void run(() => call(api.PATCH("/api/v1/voices/{voice_id}", {
      params: { path: { voice_id: voice.id } }, body: { name, transcript: null },
    })));
  };

  const remove = (voice: VoiceProfile) => {
    if (!window.confirm(t("voice.confirmDelete", { name: voice.name }))) return;
    void run(() => call(api.DELETE("/api/v1/voices/{voice_id}", { params: { path: { voice_id: voice.id } } })));
  };

  const showDetails = async (voice: VoiceProfile) => {
    try {
      setDetails(await call(api.GET("/api/v1/voices/{voice_id}", { params: { path: { voice_id: voice.id } } })));
    } catch (detailsError) {
      setError(toApiError(detailsError));
    }
  };

  return (
    <section className="card" aria-labelledby="voices-title" data-testid="voice-list">
      <h2 id="voices-title">{t("voice.myVoices")}</h2>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      {profiles.length === 0 && <p className="muted small">{t("voice.noProfiles")}</p>}
      <ul className="plain-list">
        {profiles.map((voice) => (
          <li key={voice.id} className={`voice-item${voice.id === selected ? " selected" : ""}`} data-testid="voice-item">
            <div className="row">
              <label className="inline">
                <input type="radio" name="voice" checked={voice.id === selected} onChange={() => onSelect(voice.id)} />
                <strong>{voice.name}</strong>
              </label>
              <span className="muted small">{voice.language ?? ""} · {formatDateTime(voice.created_at)}</span>
              {(voice.quality?.warnings ?? []).length > 0 && (
                <span className="badge badge-cancelled" title={voice.quality?.warnings?.join("\n")}>
                  ⚠ <span className="visually-hidden">{voice.quality?.warnings?.join("; ")}</span>
                </span>
              )}
            </div>
            {voice.reference_url && <audio controls preload="none" src={voice.reference_url} />}
            <div className="tile-actions">
              <button type="button" className="link-button" onClick={() => void showDetails(voice)}>{t("voice.details")}</button>
              <button type="button" className="link-button" onClick={() => rename(voice)}>
                {t("common.rename")}<span className="visually-hidden"> {voice.name}</span>
              </button>
              <button type="button" className="link-button danger-text" onClick={() => remove(voice)}>
                {t("common.delete")}<span className="visually-hidden"> {voice.name}</span>
              </button>
            </div>
            {details?.id === voice.id && <QualityReport voice={details} />}
          </li>
        ))}
      </ul>
      {builtins.length > 0 && (
        <>
          <h3>{t("voice.builtinVoices")}</h3>
          <ul className="chips">
            {builtins.map((voice) => (
              <li key={voice.id}>
                <label className={`chip${voice.id === selected ? " selected" : ""}`}>
                  <input type="radio" name="voice" className="visually-hidden" checked={voice.id === selected}
                    onChange={() => onSelect(voice.id)} />
                  {voice.name} <span className="muted small">{voice.engine} · {(voice.languages ?? []).join("/")}</span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
