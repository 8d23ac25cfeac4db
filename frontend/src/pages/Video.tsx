/** Video generation: pick or create an avatar, render a video from text or audio, browse past renders. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../api/client";
import type { Avatar, VideoSummary } from "../api/types";
import { ErrorBox } from "../components/ErrorBox";
import { useResource } from "../hooks/useResource";
import { AvatarCreate } from "./video/AvatarCreate";
import { AvatarPicker } from "./video/AvatarPicker";
import { Gallery } from "./video/Gallery";
import { RenderForm } from "./video/RenderForm";

export function VideoPage() {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const avatars = useResource<Avatar[]>(async () => (await call(api.GET("/api/v1/avatars"))).items, []);
  const videos = useResource<VideoSummary[]>(
    async () => (await call(api.GET("/api/v1/videos", { params: { query: { limit: 24 } } }))).items, [],
  );
  const list = avatars.data ?? [];
  const avatar = list.find((item) => item.id === selected) ?? list[0] ?? null;

  return (
    <div className="page" data-testid="page-video">
      <h1>{t("video.title")}</h1>
      <ErrorBox error={avatars.error ?? videos.error} />
      <div className="two-columns">
        <div className="column">
          <AvatarPicker avatars={list} selected={avatar?.id ?? null} onSelect={setSelected}
            onChanged={() => void avatars.reload()} />
          <AvatarCreate onCreated={(created) => { setSelected(created.id); void avatars.reload(); }} />
        </div>
        <RenderForm avatar={avatar} onFinished={() => void videos.reload()} />
      </div>
      <Gallery videos={videos.data ?? []} onChanged={() => void videos.reload()} />
    </div>
  );
}
