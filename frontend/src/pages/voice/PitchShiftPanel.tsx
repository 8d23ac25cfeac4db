/** Pitch shift of an uploaded file: a job on the voice worker, with live progress, cancel and the result. */
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, call, formBody, formData } from "../../api/client";
import { ErrorBox } from "../../components/ErrorBox";
import { JobProgress } from "../../components/JobProgress";
import { Waveform } from "../../components/Waveform";
import { useJob } from "../../hooks/useJob";

export function PitchShiftPanel() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [semitones, setSemitones] = useState(3);
  const shift = useMutation({
    mutationFn: (audio: File) => call(api.POST("/api/v1/audio/pitch-shift", {
      body: formData({ file: audio, semitones }) as never,
      ...formBody,
    })),
  });
  const jobId = shift.data?.job.id ?? null;
  const job = useJob(jobId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) shift.mutate(file);
  };

  return (
    <section className="card" aria-labelledby="pitch-title" data-testid="pitch-shift">
      <h2 id="pitch-title">{t("voice.pitchTitle")}</h2>
      <p className="muted small">{t("voice.pitchHelp")}</p>
      <form className="form" onSubmit={submit}>
        <label htmlFor="pitch-file">{t("voice.file")}</label>
        <input
          id="pitch-file" type="file" accept="audio/*,.wav,.mp3,.m4a,.ogg,.webm,.flac" required
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <Waveform source={file} label={t("voice.file")} />
        <label htmlFor="pitch-semitones">
          {t("voice.semitones")}: <output htmlFor="pitch-semitones">{semitones > 0 ? `+${semitones}` : semitones}</output>
        </label>
        <input
          id="pitch-semitones" type="range" min={-12} max={12} step={1} value={semitones}
          onChange={(event) => setSemitones(Number(event.target.value))}
        />
        <div className="row">
          <button type="submit" disabled={!file || shift.isPending}>{t("voice.pitchSubmit")}</button>
        </div>
      </form>
      <ErrorBox error={shift.error} onDismiss={shift.reset} />
      {shift.data && <JobProgress state={job} />}
    </section>
  );
}
