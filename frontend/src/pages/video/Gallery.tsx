/** Past renders (GET /api/v1/videos): poster, inline player on demand, download, delete. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { type ApiError, toApiError } from "../../api/problem";
import type { VideoSummary } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { formatDateTime, formatSeconds } from "../../format";

interface Props {
  videos: VideoSummary[];
  onChanged: () => void;
}

export function Gallery({ videos, onChanged }: Props) {
  const { t } = useTranslation();
  const [playing, setPlaying] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const remove = async (video: VideoSummary) => {
    if (!window.confirm(t("video.confirmDeleteVideo"))) return;
    try {
      await call(api.DELETE("/api/v1/videos/{video_id}", { params: { path: { video_id: video.id } } }));
      onChanged();
    } catch (deleteError) {
      setError(toApiError(deleteError));
    }
  };

  return (
    <section className="card wide" aria-labelledby="gallery-title" data-testid="gallery">
      <h2 id="gallery-title">{t("video.gallery")}</h2>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
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
              <button type="button" className="link-button danger-text" onClick={() => void remove(video)}>
                {t("common.delete")}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
