/** Create an avatar from a portrait photo and show what the face check measured, drawn over the photo. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, call, formBody, formData } from "../../api/client";
import { type ApiError, toApiError } from "../../api/problem";
import type { Avatar } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { FaceCheck } from "./FaceCheck";

interface Props {
  onCreated: (avatar: Avatar) => void;
}

export function AvatarCreate({ onCreated }: Props) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<Avatar | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setCreated(null);
    setError(null);
    if (preview) URL.revokeObjectURL(preview);
    setPreview(chosen ? URL.createObjectURL(chosen) : null);
    if (chosen && !name) setName(chosen.name.replace(/\.[^.]+$/, "").slice(0, 100));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const avatar = await call(api.POST("/api/v1/avatars", {
        body: formData({ file, name: name.trim() || file.name }) as never,
        ...formBody,
      }));
      setCreated(avatar);
      onCreated(avatar);
    } catch (createError) {
      setError(toApiError(createError));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="avatar-create-title" data-testid="avatar-create">
      <h2 id="avatar-create-title">{t("video.createAvatar")}</h2>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label htmlFor="avatar-photo">{t("video.photo")}</label>
        <input id="avatar-photo" type="file" accept="image/jpeg,image/png,image/webp" required
          onChange={(event) => choose(event.target.files?.[0] ?? null)} />
        <label htmlFor="avatar-name">{t("video.avatarName")}</label>
        <input id="avatar-name" type="text" maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
        <div className="row">
          <button type="submit" disabled={!file || busy}>{busy ? t("video.checkingFace") : t("video.createAvatarSubmit")}</button>
        </div>
      </form>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      {created ? <FaceCheck avatar={created} /> : preview && <img className="photo-preview" src={preview} alt="" />}
    </section>
  );
}
