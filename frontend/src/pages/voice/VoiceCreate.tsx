/** Clone a voice: upload or record a 3–30 s reference, see its waveform, send it, read the quality report. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, call, formBody, formData } from "../../api/client";
import type { VoiceProfile } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { Waveform } from "../../components/Waveform";
import { useRecorder } from "../../hooks/useRecorder";
import { queries } from "../../queries";
import { QualityReport } from "./QualityReport";

export function VoiceCreate({ onCreated }: { onCreated: (voice: VoiceProfile) => void }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState<Blob | null>(null);
  const [name, setName] = useState("");
  const [language, setLanguage] = useState("");
  const [transcript, setTranscript] = useState("");
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (recording: Blob) => {
      const file = recording instanceof File ? recording
        : new File([recording], `recording.${recording.type.includes("ogg") ? "ogg" : "webm"}`, { type: recording.type });
      return call(api.POST("/api/v1/voices", {
        body: formData({ file, name: name.trim() || file.name, language: language || undefined,
          transcript: transcript.trim() || undefined }) as never,
        ...formBody,
      }));
    },
    onSuccess: (voice) => {
      void queryClient.invalidateQueries({ queryKey: queries.voices().queryKey });
      onCreated(voice);
    },
  });
  const created = create.data ?? null;
  const recorder = useRecorder();
  const fileInput = useRef<HTMLInputElement>(null);
  const recordingUrl = useMemo(
    () => (reference && !(reference instanceof File) ? URL.createObjectURL(reference) : null), [reference],
  );
  useEffect(() => () => { if (recordingUrl) URL.revokeObjectURL(recordingUrl); }, [recordingUrl]);

  const choose = (blob: Blob | null) => {
    setReference(blob);
    create.reset();
  };

  const toggleRecording = async () => {
    if (recorder.recording) {
      choose(await recorder.stop());
    } else {
      if (fileInput.current) fileInput.current.value = ""; // the recording replaces any chosen file
      await recorder.start();
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reference) create.mutate(reference);
  };

  return (
    <section className="card" aria-labelledby="voice-create-title" data-testid="voice-create">
      <h2 id="voice-create-title">{t("voice.create")}</h2>
      <p className="muted small">{t("voice.createHelp")}</p>
      <form className="form" onSubmit={submit}>
        <label htmlFor="voice-file">{t("voice.reference")}</label>
        <div className="row">
          <input id="voice-file" ref={fileInput} type="file" accept="audio/*,.wav,.mp3,.m4a,.ogg,.webm,.flac"
            onChange={(event) => choose(event.target.files?.[0] ?? null)} />
          <span className="muted small">{t("voice.or")}</span>
          <button type="button" className={`secondary${recorder.recording ? " recording" : ""}`}
            onClick={() => void toggleRecording()} aria-pressed={recorder.recording} data-testid="record-reference">
            {recorder.recording ? t("voice.stopRecording", { seconds: recorder.seconds.toFixed(1) }) : t("voice.record")}
          </button>
        </div>
        {recorder.error && <p className="warn small" role="alert">{t("chat.micError", { error: recorder.error })}</p>}
        <Waveform source={reference} label={t("voice.referenceWaveform")} />
        {recordingUrl && <audio controls src={recordingUrl} data-testid="recording" />}
        <label htmlFor="voice-name">{t("video.avatarName")}</label>
        <input id="voice-name" type="text" maxLength={100} required value={name}
          onChange={(event) => setName(event.target.value)} />
        <label htmlFor="voice-language">{t("chat.language")}</label>
        <select id="voice-language" value={language} onChange={(event) => setLanguage(event.target.value)}>
          <option value="">{t("chat.languageAuto")}</option>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
        <label htmlFor="voice-transcript">{t("voice.transcriptOptional")}</label>
        <textarea id="voice-transcript" maxLength={2000} value={transcript}
          onChange={(event) => setTranscript(event.target.value)} />
        <div className="row">
          <button type="submit" disabled={!reference || create.isPending}>{create.isPending ? t("voice.analysing") : t("voice.createSubmit")}</button>
        </div>
      </form>
      <ErrorBox error={create.error} onDismiss={create.reset} />
      {created && <QualityReport voice={created} />}
    </section>
  );
}
