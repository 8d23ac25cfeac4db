/** Type a message (Enter sends, Shift+Enter breaks the line) or hold the talk button (mouse, touch or key). */
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useRecorder } from "../../hooks/useRecorder";

interface Props {
  disabled: boolean;
  busy: boolean;
  onText: (text: string) => void;
  onSpeech: (audio: Blob) => void;
  onInterrupt: () => void;
  canInterrupt: boolean;
}

export function Composer({ disabled, busy, onText, onSpeech, onInterrupt, canInterrupt }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const recorder = useRecorder();

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const message = text.trim();
    if (!message || disabled || busy) return;
    onText(message);
    setText("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  const startTalking = () => {
    if (!recorder.recording && !disabled && !busy) void recorder.start();
  };
  const stopTalking = async () => {
    if (!recorder.recording) return;
    const audio = await recorder.stop();
    if (audio) onSpeech(audio);
  };
  const talkKey = (event: KeyboardEvent<HTMLButtonElement>, down: boolean) => {
    if (event.key !== " " && event.key !== "Enter") return;
    event.preventDefault();
    if (down && !event.repeat) startTalking();
    if (!down) void stopTalking();
  };

  return (
    <form className="composer" onSubmit={submit} data-testid="composer">
      <label htmlFor="chat-message" className="visually-hidden">{t("chat.message")}</label>
      <textarea id="chat-message" value={text} rows={2} placeholder={t("chat.messagePlaceholder")}
        onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} disabled={disabled} />
      <div className="composer-actions">
        <button type="submit" disabled={disabled || busy || !text.trim()}>{t("chat.send")}</button>
        <button type="button" className={`secondary talk${recorder.recording ? " recording" : ""}`}
          disabled={disabled || busy} aria-pressed={recorder.recording}
          onPointerDown={startTalking} onPointerUp={() => void stopTalking()} onPointerLeave={() => void stopTalking()}
          onKeyDown={(event) => talkKey(event, true)} onKeyUp={(event) => talkKey(event, false)}
          data-testid="push-to-talk">
          {recorder.recording ? t("chat.recording", { seconds: recorder.seconds.toFixed(1) }) : t("chat.holdToTalk")}
        </button>
        <button type="button" className="danger" onClick={onInterrupt} disabled={!canInterrupt}
          data-testid="interrupt">
          {t("chat.interrupt")}
        </button>
      </div>
      {recorder.error && <p className="small warn" role="alert">{t("chat.micError", { error: recorder.error })}</p>}
    </form>
  );
}
