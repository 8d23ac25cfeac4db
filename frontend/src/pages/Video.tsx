/** Video generation: pick or create an avatar, render a video from text or audio, browse past renders. */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ErrorBox } from "../components/ErrorBox";
import { queries } from "../queries";
import { AvatarCreate } from "./video/AvatarCreate";
import { AvatarPicker } from "./video/AvatarPicker";
import { Gallery } from "./video/Gallery";
import { RenderForm } from "./video/RenderForm";

export function VideoPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  // `#/video?avatar=<id>` (the Training page's link to a trained avatar) opens with that avatar picked.
  const [selected, setSelected] = useState<string | null>(() => search.get("avatar"));
  const avatars = useQuery(queries.avatars());
  const videos = useQuery(queries.videos());
  const list = avatars.data ?? [];
  const avatar = list.find((item) => item.id === selected) ?? list[0] ?? null;

  return (
    <div className="page" data-testid="page-video">
      <h1>{t("video.title")}</h1>
      <ErrorBox error={avatars.error ?? videos.error} />
      <div className="two-columns">
        <div className="column">
          <AvatarPicker avatars={list} selected={avatar?.id ?? null} onSelect={setSelected} />
          <AvatarCreate onCreated={(created) => setSelected(created.id)} />
        </div>
        <RenderForm avatar={avatar} onFinished={() => void videos.refetch()} />
      </div>
      <Gallery videos={videos.data ?? []} />
    </div>
  );
}
