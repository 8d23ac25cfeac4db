/** Past renders (GET /api/v1/videos): poster, inline player on demand, download, delete. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import type { VideoSummary } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { formatDateTime, formatSeconds } from "../../format";
import { queries } from "../../queries";

interface Props {
  videos: VideoSummary[];
}

export function Gallery({ videos }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [playing, setPlaying] = useState<string | null>(null);
  const removeVideo = useMutation({
    mutationFn: (video: VideoSummary) =>
      call(api.DELETE("/api/v1/videos/{video_id}", { params: { path: { video_id: video.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queries.videos().queryKey }),
  });

  const remove = (video: VideoSummary) => {
    if (window.confirm(t("video.confirmDeleteVideo"))) removeVideo.mutate(video);
  };

  return (
    <section className="card wide" aria-labelledby="gallery-title" data-testid="gallery">
      <h2 id="gallery-title">{t("video.gallery")}</h2>
      <ErrorBox error={removeVideo.error} onDismiss={removeVideo.reset} />
      {videos.length === 0 && <p className="muted">{t("video.noVideos")}</p>}
      <ul className="gallery-grid">
        {videos.map((video) => (
          <li key={video.id} className="gallery-item" data-testid="gallery-item">
            {playing === video.id && video.video.url ? (
              <video controls autoPlay playsInline src={video.video.url} poster={video.poster?.url ?? undefined} />
            ) : (
              <button type="button" className="poster-button" onClick={() => setPlaying(video.id)}
                aria-label={t("video.play", { name: video.avatar_name })}>
                {video.poster?.url ? <img src={video.poster.url} alt="" loading="lazy" /> : <span>▶</span>}
              </button>
            )}
            <div className="small">
              <strong>{video.avatar_name}</strong> · {formatSeconds(video.duration_s)} · {video.size}px · {video.fps} fps
            </div>
            {video.text && <div className="small muted clamp">{video.text}</div>}
            <div className="small muted">{formatDateTime(video.created_at)}</div>
            <div className="row small">
              {video.video.url && <a href={video.video.url} download={video.video.name}>{t("common.download")}</a>}
              <button type="button" className="link-button danger-text" onClick={() => remove(video)}>
                {t("common.delete")}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
