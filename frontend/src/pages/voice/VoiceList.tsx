/** The voices: cloned profiles (play the reference, rename, delete, quality) and built-in voices. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import type { VoiceProfile } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { formatDateTime } from "../../format";
import { queries } from "../../queries";
import { Enrollment } from "./Enrollment";
import { QualityReport } from "./QualityReport";

interface Props {
  voices: VoiceProfile[];
  selected: string;
  onSelect: (voiceId: string) => void;
}

export function VoiceList({ voices, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [detailsId, setDetailsId] = useState<string | null>(null);
  const details = useQuery({ ...queries.voice(detailsId ?? ""), enabled: !!detailsId });
  const profiles = voices.filter((voice) => voice.kind !== "builtin");
  const builtins = voices.filter((voice) => voice.kind === "builtin");
  const refresh = () => queryClient.invalidateQueries({ queryKey: queries.voices().queryKey });
  const renameVoice = useMutation({
    mutationFn: ({ voice, name }: { voice: VoiceProfile; name: string }) =>
      call(api.PATCH("/api/v1/voices/{voice_id}", {
        params: { path: { voice_id: voice.id } }, body: { name, transcript: null },
      })),
    onSuccess: refresh,
  });
  const removeVoice = useMutation({
    mutationFn: (voice: VoiceProfile) =>
      call(api.DELETE("/api/v1/voices/{voice_id}", { params: { path: { voice_id: voice.id } } })),
    onSuccess: refresh,
  });
  const error = renameVoice.error ?? removeVoice.error ?? details.error;

  const rename = (voice: VoiceProfile) => {
    const name = window.prompt(t("common.rename"), voice.name)?.trim();
    if (name && name !== voice.name) renameVoice.mutate({ voice, name });
  };

  const remove = (voice: VoiceProfile) => {
    if (window.confirm(t("voice.confirmDelete", { name: voice.name }))) removeVoice.mutate(voice);
  };

  const dismiss = () => {
    renameVoice.reset();
    removeVoice.reset();
    if (details.error) setDetailsId(null);
  };

  return (
    <section className="card" aria-labelledby="voices-title" data-testid="voice-list">
      <h2 id="voices-title">{t("voice.myVoices")}</h2>
      <ErrorBox error={error} onDismiss={dismiss} />
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
              <button type="button" className="link-button" onClick={() => setDetailsId(voice.id)}>{t("voice.details")}</button>
              <button type="button" className="link-button" onClick={() => rename(voice)}>
                {t("common.rename")}<span className="visually-hidden"> {voice.name}</span>
              </button>
              <button type="button" className="link-button danger-text" onClick={() => remove(voice)}>
                {t("common.delete")}<span className="visually-hidden"> {voice.name}</span>
              </button>
            </div>
            {voice.engine === "embedded" && <Enrollment voice={voice} onChanged={refresh} />}
            {detailsId === voice.id && details.data && <QualityReport voice={details.data} />}
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
