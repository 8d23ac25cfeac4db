/** The avatars to pick from (a radio group of thumbnails), with rename and delete. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import type { Avatar } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { queries } from "../../queries";

interface Props {
  avatars: Avatar[];
  selected: string | null;
  onSelect: (avatarId: string) => void;
}

export function AvatarPicker({ avatars, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queries.avatars().queryKey });
  const renameAvatar = useMutation({
    mutationFn: ({ avatar, name }: { avatar: Avatar; name: string }) =>
      call(api.PATCH("/api/v1/avatars/{avatar_id}", {
        params: { path: { avatar_id: avatar.id } }, body: { name, default_voice_id: avatar.default_voice_id ?? null },
      })),
    onSuccess: refresh,
  });
  const removeAvatar = useMutation({
    mutationFn: (avatar: Avatar) =>
      call(api.DELETE("/api/v1/avatars/{avatar_id}", { params: { path: { avatar_id: avatar.id } } })),
    onSuccess: refresh,
  });

  const rename = (avatar: Avatar) => {
    const name = window.prompt(t("common.rename"), avatar.name)?.trim();
    if (name && name !== avatar.name) renameAvatar.mutate({ avatar, name });
  };

  const remove = (avatar: Avatar) => {
    if (window.confirm(t("video.confirmDeleteAvatar", { name: avatar.name }))) removeAvatar.mutate(avatar);
  };

  return (
    <section className="card" aria-labelledby="avatar-pick-title" data-testid="avatar-picker">
      <h2 id="avatar-pick-title">{t("video.avatars")}</h2>
      <ErrorBox error={renameAvatar.error ?? removeAvatar.error}
        onDismiss={() => { renameAvatar.reset(); removeAvatar.reset(); }} />
      {avatars.length === 0 && <p className="muted">{t("video.noAvatars")}</p>}
      <div className="avatar-grid" role="radiogroup" aria-labelledby="avatar-pick-title">
        {avatars.map((avatar) => (
          <div key={avatar.id} className={`avatar-tile${avatar.id === selected ? " selected" : ""}`}>
            <label>
              <input type="radio" name="avatar" value={avatar.id} checked={avatar.id === selected}
                onChange={() => onSelect(avatar.id)} className="visually-hidden" />
              {avatar.thumbnail_url
                ? <img src={avatar.thumbnail_url} alt="" loading="lazy" />
                : <span className="avatar-placeholder" aria-hidden="true">☺</span>}
              <span className="avatar-name">{avatar.name}</span>
            </label>
            <div className="tile-actions">
              <button type="button" className="link-button" onClick={() => rename(avatar)}>
                {t("common.rename")}<span className="visually-hidden"> {avatar.name}</span>
              </button>
              <button type="button" className="link-button danger-text" onClick={() => remove(avatar)}>
                {t("common.delete")}<span className="visually-hidden"> {avatar.name}</span>
              </button>
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}
