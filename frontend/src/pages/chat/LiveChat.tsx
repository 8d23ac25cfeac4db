/** Live mode: a WebRTC call with the avatar — start/stop, the live video, push-to-talk or open microphone,
 * mute, text messages, interrupt, and the transcript from the session's data channel. */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Avatar } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { VoiceSelect } from "../../components/VoiceSelect";
import { useLiveSession, type MicMode } from "./useLiveSession";

export function LiveChat({ avatars }: { avatars: Avatar[] }) {
  const { t } = useTranslation();
  const live = useLiveSession();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = live.stream;
    if (live.stream) void element.play().catch(() => undefined);
  }, [live.stream]);
  const [avatarId, setAvatarId] = useState("");
  const [voiceId, setVoiceId] = useState("");
  const [language, setLanguage] = useState<"auto" | "zh" | "en">("auto");
  const [size, setSize] = useState(256);
  const [text, setText] = useState("");
  const chosen = avatarId || avatars[0]?.id || "";
  const running = live.phase === "connecting" || live.phase === "live";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const message = text.trim();
    if (!message || live.phase !== "live") return;
    live.sendText(message);
    setText("");
  };
  const talkKey = (event: KeyboardEvent<HTMLButtonElement>, down: boolean) => {
    if (event.key !== " " && event.key !== "Enter") return;
    event.preventDefault();
    if (!event.repeat) live.setTalking(down);
  };

  return (
    <section className="chat-view live-chat" data-testid="live-chat" data-phase={live.phase} data-state={live.state}>
      {!running && (
        <form className="form live-setup" onSubmit={(event) => { event.preventDefault(); void live.start({ avatarId: chosen, voiceId, language, size }); }}>
          <label htmlFor="live-avatar">{t("chat.avatar")}</label>
          <select id="live-avatar" value={chosen} onChange={(event) => setAvatarId(event.target.value)}>
            {avatars.map((avatar) => <option key={avatar.id} value={avatar.id}>{avatar.name}</option>)}
          </select>
          <label htmlFor="live-voice">{t("video.voice")}</label>
          <VoiceSelect id="live-voice" value={voiceId} onChange={setVoiceId} />
          <label htmlFor="live-language">{t("chat.language")}</label>
          <select id="live-language" value={language}
            onChange={(event) => setLanguage(event.target.value as "auto" | "zh" | "en")}>
            <option value="auto">{t("chat.languageAuto")}</option>
            <option value="zh">中文</option>
            <option value="en">English</option>
          </select>
          <label htmlFor="live-size">{t("chat.live.size")}</label>
          <select id="live-size" value={size} onChange={(event) => setSize(Number(event.target.value))}>
            <option value={256}>256 × 256</option>
            <option value={512}>512 × 512</option>
          </select>
          {avatars.length === 0 && <p className="small muted">{t("chat.live.needAvatar")}</p>}
          <button type="submit" disabled={!chosen} data-testid="live-start">{t("chat.live.start")}</button>
        </form>
      )}
      <div className="live-stage">
        <video ref={video} className="live-video" playsInline autoPlay data-testid="live-video"
          aria-label={t("chat.stage")} hidden={!running} />
        {running && (
          <p className="small muted" role="status" data-testid="live-state">
            {live.phase === "connecting" ? t("chat.live.connecting") : t(`chat.live.state.${live.state}`)}
          </p>
        )}
        {live.phase === "ended" && <p className="small warn" role="status">{t("chat.live.ended")}</p>}
      </div>
      {running && (
        <div className="composer-actions live-controls">
          <fieldset className="inline">
            <legend className="visually-hidden">{t("chat.live.micMode")}</legend>
            {(["push", "open"] as MicMode[]).map((option) => (
              <label key={option} className="inline">
                <input type="radio" name="live-mic" checked={live.mode === option}
                  onChange={() => live.setMode(option)} />
                {t(`chat.live.mode.${option}`)}
              </label>
            ))}
          </fieldset>
          {live.mode === "push" ? (
            <button type="button" className={`secondary talk${live.talking ? " recording" : ""}`}
              aria-pressed={live.talking} disabled={live.muted || live.phase !== "live"}
              onPointerDown={() => live.setTalking(true)} onPointerUp={() => live.setTalking(false)}
              onPointerLeave={() => live.setTalking(false)}
              onKeyDown={(event) => talkKey(event, true)} onKeyUp={(event) => talkKey(event, false)}
              data-testid="live-talk">
              {live.talking ? t("chat.live.talking") : t("chat.holdToTalk")}
            </button>
          ) : null}
          <button type="button" className="secondary" aria-pressed={live.muted} data-testid="live-mute"
            onClick={() => live.setMuted(!live.muted)}>
            {live.muted ? t("chat.live.unmute") : t("chat.live.mute")}
          </button>
          <button type="button" className="danger" onClick={live.interrupt} data-testid="live-interrupt"
            disabled={live.state !== "speaking" && live.state !== "thinking"}>
            {t("chat.interrupt")}
          </button>
          <button type="button" onClick={() => void live.stop()} data-testid="live-stop">{t("chat.live.stop")}</button>
        </div>
      )}
      <ErrorBox error={live.error} onDismiss={live.dismissError} />
      <ol className="transcript" aria-live="polite" data-testid="live-transcript">
        {live.lines.map((line, index) => (
          <li key={index} className="turn">
            <p className={`bubble ${line.who}`} data-testid={`live-${line.who}`}>{line.text}</p>
            {line.status && line.status !== "answered" && (
              <p className="small muted">{t(`chat.status.${line.status}`, { defaultValue: line.status })}</p>
            )}
          </li>
        ))}
      </ol>
      {running && (
        <form className="composer" onSubmit={submit}>
          <label htmlFor="live-message" className="visually-hidden">{t("chat.message")}</label>
          <input id="live-message" value={text} placeholder={t("chat.live.typePlaceholder")}
            onChange={(event) => setText(event.target.value)} disabled={live.phase !== "live"} />
          <div className="composer-actions">
            <button type="submit" disabled={live.phase !== "live" || !text.trim()}>{t("chat.send")}</button>
          </div>
        </form>
      )}
    </section>
  );
}
