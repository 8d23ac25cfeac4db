/** The avatars to pick from (a radio group of thumbnails), with rename and delete. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { type ApiError, toApiError } from "../../api/problem";
import type { Avatar } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";

interface Props {
  avatars: Avatar[];
  selected: string | null;
  onSelect: (avatarId: string) => void;
  onChanged: () => void;
}

export function AvatarPicker({ avatars, selected, onSelect, onChanged }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);

  const rename = async (avatar: Avatar) => {
    const name = window.prompt(t("common.rename"), avatar.name)?.trim();
    if (!name || name === avatar.name) return;
    try {
      await call(api.PATCH("/api/v1/avatars/{avatar_id}", {
        params: { path: { avatar_id: avatar.id } }, body: { name, default_voice_id: avatar.default_voice_id ?? null },
      }));
      onChanged();
    } catch (renameError) {
      setError(toApiError(renameError));
    }
  };

  const remove = async (avatar: Avatar) => {
    if (!window.confirm(t("video.confirmDeleteAvatar", { name: avatar.name }))) return;
    try {
      await call(api.DELETE("/api/v1/avatars/{avatar_id}", { params: { path: { avatar_id: avatar.id } } }));
      onChanged();
    } catch (deleteError) {
      setError(toApiError(deleteError));
    }
  };

  return (
    <section className="card" aria-labelledby="avatar-pick-title" data-testid="avatar-picker">
      <h2 id="avatar-pick-title">{t("video.avatars")}</h2>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
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
              <button type="button" className="link-button" onClick={() => void rename(avatar)}>
                {t("common.rename")}<span className="visually-hidden"> {avatar.name}</span>
              </button>
              <button type="button" className="link-button danger-text" onClick={() => void remove(avatar)}>
                {t("common.delete")}<span className="visually-hidden"> {avatar.name}</span>
              </button>
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}
