/**
 * Upload a talking video as a new identity dataset: the limits up front, the upload's own progress (bytes
 * sent), then the queued preprocessing job, whose live progress the dataset list shows.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { formData } from "../../api/client";
import type { DatasetPreset } from "../../api/types";
import { uploadDataset, type UploadProgress } from "../../api/upload";
import { ErrorBox } from "../../components/ErrorBox";
import { formatBytes, formatPercent } from "../../format";
import { queries } from "../../queries";

/** What the file picker offers; the trainer checks the container itself and answers 415 for anything else. */
const VIDEO_TYPES = ["mp4", "mov", "mkv", "webm", "avi"];
const ACCEPT = ["video/mp4", "video/quicktime", "video/x-matroska", "video/webm", "video/x-msvideo",
  ...VIDEO_TYPES.map((ext) => `.${ext}`)].join(",");

interface Props {
  /** Called with the new dataset's job id once the upload is accepted. */
  onUploaded: (jobId: string) => void;
}

export function DatasetUpload({ onUploaded }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [language, setLanguage] = useState("");
  const [preset, setPreset] = useState<DatasetPreset>("standard");
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const upload = useMutation({
    mutationFn: (video: File) => {
      setProgress({ loaded: 0, total: video.size });
      const body = formData({ file: video, name: name.trim() || video.name, language: language.trim() || undefined, preset });
      return uploadDataset(body, setProgress);
    },
    onSuccess: async (accepted) => {
      await queryClient.invalidateQueries({ queryKey: queries.datasets().queryKey });
      onUploaded(accepted.job.id);
    },
  });

  const choose = (chosen: File | null) => {
    setFile(chosen);
    upload.reset();
    setProgress(null);
    if (chosen && !name) setName(chosen.name.replace(/\.[^.]+$/, "").slice(0, 100));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate(file);
  };

  const fraction = progress && progress.total > 0 ? progress.loaded / progress.total : 0;
  return (
    <section className="card" aria-labelledby="dataset-upload-title" data-testid="dataset-upload">
      <h2 id="dataset-upload-title">{t("training.upload")}</h2>
      <p className="small">{t("training.uploadHelp")}</p>
      <ul className="small limits" data-testid="dataset-limits">
        <li>{t("training.limitDuration")}</li>
        <li>{t("training.limitFormats", { formats: VIDEO_TYPES.join(" / ") })}</li>
        <li>{t("training.limitCamera")}</li>
      </ul>
      <form className="form" onSubmit={submit}>
        <label htmlFor="dataset-video">{t("training.video")}</label>
        <input id="dataset-video" type="file" accept={ACCEPT} required
          onChange={(event) => choose(event.target.files?.[0] ?? null)} />
        <label htmlFor="dataset-name">{t("training.name")}</label>
        <input id="dataset-name" type="text" maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
        <details>
          <summary>{t("training.options")}</summary>
          <div className="options-grid">
            <label htmlFor="dataset-language">{t("training.language")}</label>
            <input id="dataset-language" type="text" maxLength={16} placeholder="zh / en" value={language}
              onChange={(event) => setLanguage(event.target.value)} />
            <label htmlFor="dataset-preset">{t("training.preset")}</label>
            <select id="dataset-preset" value={preset} onChange={(event) => setPreset(event.target.value as DatasetPreset)}>
              <option value="standard">{t("training.presetStandard")}</option>
              <option value="tiny">{t("training.presetTiny")}</option>
            </select>
          </div>
        </details>
        <div className="row">
          <button type="submit" disabled={!file || upload.isPending}>
            {upload.isPending ? t("training.uploading") : t("training.uploadSubmit")}
          </button>
        </div>
      </form>
      {progress && (
        <div className="upload-progress" data-testid="upload-progress" aria-live="polite"
          data-state={upload.isSuccess ? "done" : upload.isError ? "failed" : "sending"}>
          <progress max={1} value={fraction} aria-label={t("training.uploadProgress")} aria-valuetext={formatPercent(fraction)} />
          <span className="small">
            {upload.isSuccess
              ? t("training.uploaded")
              : `${formatPercent(fraction)} · ${formatBytes(progress.loaded)} / ${formatBytes(progress.total)}`}
          </span>
        </div>
      )}
      <ErrorBox error={upload.error} onDismiss={upload.reset} />
    </section>
  );
}
