/**
 * Render a talking-head video: text + voice or an uploaded recording, options, then the job's live progress
 * (SSE), cancel, and the finished MP4 playing inline with its sound.
 */
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, call, formBody, formData } from "../../api/client";
import type { Avatar, Background } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { JobProgress } from "../../components/JobProgress";
import { VoiceSelect } from "../../components/VoiceSelect";
import { useJob } from "../../hooks/useJob";

const SIZES = [256, 384, 512, 768, 1024];

interface Props {
  avatar: Avatar | null;
  onFinished: () => void;
}

export function RenderForm({ avatar, onFinished }: Props) {
  const { t } = useTranslation();
  const [source, setSource] = useState<"text" | "audio">("text");
  const [text, setText] = useState("");
  const [voiceId, setVoiceId] = useState("");
  const [audio, setAudio] = useState<File | null>(null);
  const [fps, setFps] = useState(25);
  const [size, setSize] = useState(512);
  const [background, setBackground] = useState<Background>("keep");
  const [colour, setColour] = useState("#00b140");
  const [backgroundImage, setBackgroundImage] = useState<File | null>(null);
  const [pitch, setPitch] = useState(0);
  const render = useMutation({
    mutationFn: (avatarId: string) => {
      const body = formData({
        avatar_id: avatarId,
        text: source === "text" ? text : undefined,
        voice_id: source === "text" && voiceId ? voiceId : undefined,
        audio: source === "audio" ? audio : undefined,
        fps, size, background, pitch_semitones: pitch,
        background_colour: background === "colour" ? colour : undefined,
        background_image: background === "image" ? backgroundImage : undefined,
      });
      return call(api.POST("/api/v1/videos/jobs", { body: body as never, ...formBody }));
    },
  });
  const job = useJob(render.data?.job.id ?? null, (finished) => {
    if (finished.status === "succeeded") onFinished();
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (avatar) render.mutate(avatar.id);
  };

  const video = job.job?.status === "succeeded"
    ? (job.job.artifacts ?? []).find((artifact) => artifact.content_type.startsWith("video/"))
    : undefined;
  const poster = (job.job?.artifacts ?? []).find((artifact) => artifact.content_type.startsWith("image/"));

  return (
    <section className="card" aria-labelledby="render-title" data-testid="render">
      <h2 id="render-title">{t("video.render")}</h2>
      {!avatar && <p className="muted">{t("video.pickAvatarFirst")}</p>}
      <form className="form" onSubmit={submit}>
        <fieldset>
          <legend>{t("video.speech")}</legend>
          <label className="inline">
            <input type="radio" name="source" checked={source === "text"} onChange={() => setSource("text")} />
            {t("video.fromText")}
          </label>
          <label className="inline">
            <input type="radio" name="source" checked={source === "audio"} onChange={() => setSource("audio")} />
            {t("video.fromAudio")}
          </label>
        </fieldset>
        {source === "text" ? (
          <>
            <label htmlFor="render-text">{t("video.text")}</label>
            <textarea id="render-text" value={text} onChange={(event) => setText(event.target.value)} required
              maxLength={5000} placeholder={t("video.textPlaceholder")} />
            <label htmlFor="render-voice">{t("video.voice")}</label>
            <VoiceSelect id="render-voice" value={voiceId} onChange={setVoiceId} />
          </>
        ) : (
          <>
            <label htmlFor="render-audio">{t("video.audioFile")}</label>
            <input id="render-audio" type="file" accept="audio/*,.wav,.mp3,.m4a,.ogg,.webm,.flac" required
              onChange={(event) => setAudio(event.target.files?.[0] ?? null)} />
          </>
        )}
        <details>
          <summary>{t("video.options")}</summary>
          <div className="options-grid">
            <label htmlFor="render-fps">{t("video.fps")}</label>
            <input id="render-fps" type="number" min={10} max={60} value={fps}
              onChange={(event) => setFps(Number(event.target.value))} />
            <label htmlFor="render-size">{t("video.size")}</label>
            <select id="render-size" value={size} onChange={(event) => setSize(Number(event.target.value))}>
              {SIZES.map((side) => <option key={side} value={side}>{side} × {side}</option>)}
            </select>
            <label htmlFor="render-background">{t("video.background")}</label>
            <select id="render-background" value={background}
              onChange={(event) => setBackground(event.target.value as Background)}>
              <option value="keep">{t("video.backgroundKeep")}</option>
              <option value="colour" disabled={!avatar?.has_matte}>{t("video.backgroundColour")}</option>
              <option value="image" disabled={!avatar?.has_matte}>{t("video.backgroundImage")}</option>
            </select>
            {background === "colour" && (
              <>
                <label htmlFor="render-colour">{t("video.colour")}</label>
                <input id="render-colour" type="color" value={colour} onChange={(event) => setColour(event.target.value)} />
              </>
            )}
            {background === "image" && (
              <>
                <label htmlFor="render-bg-image">{t("video.backgroundImageFile")}</label>
                <input id="render-bg-image" type="file" accept="image/jpeg,image/png,image/webp" required
                  onChange={(event) => setBackgroundImage(event.target.files?.[0] ?? null)} />
              </>
            )}
            <label htmlFor="render-pitch">
              {t("voice.semitones")}: <output>{pitch > 0 ? `+${pitch}` : pitch}</output>
            </label>
            <input id="render-pitch" type="range" min={-12} max={12} step={1} value={pitch}
              onChange={(event) => setPitch(Number(event.target.value))} />
          </div>
        </details>
        <div className="row">
          <button type="submit" disabled={!avatar || render.isPending}>{t("video.renderSubmit")}</button>
        </div>
      </form>
      <ErrorBox error={render.error} onDismiss={render.reset} />
      {render.data && <JobProgress state={job} showArtifacts={false} />}
      {video?.url && (
        <figure className="artifact">
          <video controls playsInline preload="auto" src={video.url} poster={poster?.url ?? undefined}
            data-testid="render-video" />
          <figcaption>
            <a href={video.url} download={video.name}>{t("common.download")}</a>
          </figcaption>
        </figure>
      )}
    </section>
  );
}
