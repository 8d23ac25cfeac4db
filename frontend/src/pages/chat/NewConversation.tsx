/** Start a conversation: avatar (or voice only), voice, language, persona, speech on/off. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, call } from "../../api/client";
import type { Avatar, Conversation } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { VoiceSelect } from "../../components/VoiceSelect";
import { queries } from "../../queries";

interface Props {
  avatars: Avatar[];
  /** Open when there is no conversation yet. */
  startOpen: boolean;
  onCreated: (conversation: Conversation) => void;
}

export function NewConversation({ avatars, startOpen, onCreated }: Props) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  // `#/chat?avatar=<id>` (the Training page's link to a trained avatar) starts with that avatar picked.
  const [avatarId, setAvatarId] = useState(() => search.get("avatar") ?? "");
  const [voiceId, setVoiceId] = useState("");
  const [language, setLanguage] = useState<"auto" | "zh" | "en">("auto");
  const [persona, setPersona] = useState("");
  const [speak, setSpeak] = useState(true);
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => call(api.POST("/api/v1/conversations", {
      body: {
        avatar_id: avatarId || null,
        voice_id: voiceId || null,
        language,
        persona: persona.trim() || null,
        speak,
      },
    })),
    onSuccess: (conversation) => {
      void queryClient.invalidateQueries({ queryKey: queries.conversations().queryKey });
      onCreated(conversation);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <details className="new-conversation" open={startOpen}>
      <summary>{t("chat.new")}</summary>
      <form className="form" onSubmit={submit} data-testid="new-conversation">
        <label htmlFor="chat-avatar">{t("chat.avatar")}</label>
        <select id="chat-avatar" value={avatarId} onChange={(event) => setAvatarId(event.target.value)}>
          <option value="">{t("chat.noAvatar")}</option>
          {avatars.map((avatar) => <option key={avatar.id} value={avatar.id}>{avatar.name}</option>)}
        </select>
        <label htmlFor="chat-voice">{t("video.voice")}</label>
        <VoiceSelect id="chat-voice" value={voiceId} onChange={setVoiceId} />
        <label htmlFor="chat-language">{t("chat.language")}</label>
        <select id="chat-language" value={language}
          onChange={(event) => setLanguage(event.target.value as "auto" | "zh" | "en")}>
          <option value="auto">{t("chat.languageAuto")}</option>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
        <label htmlFor="chat-persona">{t("chat.persona")}</label>
        <textarea id="chat-persona" value={persona} maxLength={4000} placeholder={t("chat.personaPlaceholder")}
          onChange={(event) => setPersona(event.target.value)} />
        <label className="inline">
          <input type="checkbox" checked={speak} onChange={(event) => setSpeak(event.target.checked)} />
          {t("chat.speak")}
        </label>
        <button type="submit" disabled={create.isPending}>{t("chat.start")}</button>
      </form>
      <ErrorBox error={create.error} onDismiss={create.reset} />
    </details>
  );
}
