/** Create an avatar from a portrait photo and show what the face check measured, drawn over the photo. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, call, formBody, formData } from "../../api/client";
import type { Avatar } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { queries } from "../../queries";
import { FaceCheck } from "./FaceCheck";

interface Props {
  onCreated: (avatar: Avatar) => void;
}

export function AvatarCreate({ onCreated }: Props) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [preview, setPreview] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (photo: File) => call(api.POST("/api/v1/avatars", {
      body: formData({ file: photo, name: name.trim() || photo.name }) as never,
      ...formBody,
    })),
    onSuccess: (avatar) => {
      void queryClient.invalidateQueries({ queryKey: queries.avatars().queryKey });
      onCreated(avatar);
    },
  });
  const created = create.data ?? null;

  const choose = (chosen: File | null) => {
    setFile(chosen);
    create.reset();
    if (preview) URL.revokeObjectURL(preview);
    setPreview(chosen ? URL.createObjectURL(chosen) : null);
    if (chosen && !name) setName(chosen.name.replace(/\.[^.]+$/, "").slice(0, 100));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) create.mutate(file);
  };

  return (
    <section className="card" aria-labelledby="avatar-create-title" data-testid="avatar-create">
      <h2 id="avatar-create-title">{t("video.createAvatar")}</h2>
      <form className="form" onSubmit={submit}>
        <label htmlFor="avatar-photo">{t("video.photo")}</label>
        <input id="avatar-photo" type="file" accept="image/jpeg,image/png,image/webp" required
          onChange={(event) => choose(event.target.files?.[0] ?? null)} />
        <label htmlFor="avatar-name">{t("video.avatarName")}</label>
        <input id="avatar-name" type="text" maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
        <div className="row">
          <button type="submit" disabled={!file || create.isPending}>{create.isPending ? t("video.checkingFace") : t("video.createAvatarSubmit")}</button>
        </div>
      </form>
      <ErrorBox error={create.error} onDismiss={create.reset} />
      {created ? <FaceCheck avatar={created} /> : preview && <img className="photo-preview" src={preview} alt="" />}
    </section>
  );
}
