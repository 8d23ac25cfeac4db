/**
 * Speak text with a voice: the audio streams (POST /api/v1/speech, stream=true, WAV) and playback starts with
 * the first sentence while the rest is still being synthesised; stop at any time; replay and download after.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { authHeaders } from "../../api/client";
import { type ApiError, problemFromResponse, toApiError } from "../../api/problem";
import { StreamingPcmPlayer } from "../../audio/pcmStream";
import { ErrorBox } from "../../components/ErrorBox";
import { VoiceSelect } from "../../components/VoiceSelect";

interface Props {
  voiceId: string;
  onVoice: (voiceId: string) => void;
}

interface Outcome {
  url: string;
  firstAudioMs: number | null;
  /** When the last byte arrived (ms after the request): playback started before this. */
  streamMs: number;
  seconds: number;
  similarity: string | null;
}

export function SpeechPanel({ voiceId, onVoice }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [language, setLanguage] = useState("auto");
  const [speed, setSpeed] = useState(1);
  const [pitch, setPitch] = useState(0);
  const [speaking, setSpeaking] = useState(false);
  const [played, setPlayed] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const controller = useRef<AbortController | null>(null);
  const player = useRef<StreamingPcmPlayer | null>(null);

  useEffect(() => () => { controller.current?.abort(); player.current?.stop(); }, []);
  useEffect(() => () => { if (outcome) URL.revokeObjectURL(outcome.url); }, [outcome]);
  useEffect(() => {
    if (!speaking) return;
    const timer = window.setInterval(() => setPlayed(player.current?.playedSeconds ?? 0), 100);
    return () => window.clearInterval(timer);
  }, [speaking]);

  const speak = async (event: FormEvent) => {
    event.preventDefault();
    controller.current?.abort();
    player.current?.stop();
    const abort = new AbortController();
    controller.current = abort;
    const streaming = new StreamingPcmPlayer({ wav: true });
    player.current = streaming;
    setError(null);
    setOutcome(null);
    setPlayed(0);
    setSpeaking(true);
    const started = performance.now();
    try {
      const response = await fetch("/api/v1/speech", {
        method: "POST",
        headers: { ...authHeaders(), "Content-Type": "application/json" },
        body: JSON.stringify({ text, voice_id: voiceId, language, speed, pitch_semitones: pitch, format: "wav", stream: true }),
        signal: abort.signal,
      });
      if (!response.ok || !response.body) throw await problemFromResponse(response);
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        streaming.push(value, started);
      }
      const streamMs = performance.now() - started;
      const wav = streaming.toWav();
      if (wav) {
        setOutcome({ url: URL.createObjectURL(wav), firstAudioMs: streaming.firstAudioMs, streamMs,
          seconds: streaming.receivedSeconds, similarity: response.headers.get("X-Speaker-Similarity") });
      }
      await streaming.whenDone(); // "Stop" stays available until the live playback ends
    } catch (speakError) {
      if (!abort.signal.aborted) setError(toApiError(speakError));
    } finally {
      if (controller.current === abort) {
        setPlayed(streaming.playedSeconds);
        setSpeaking(false);
      }
    }
  };

  const stop = () => {
    controller.current?.abort();
    player.current?.stop();
    setSpeaking(false);
  };

  return (
    <section className="card" aria-labelledby="speech-title" data-testid="speech">
      <h2 id="speech-title">{t("voice.speak")}</h2>
      <form className="form" onSubmit={(event) => void speak(event)}>
        <label htmlFor="speech-text">{t("video.text")}</label>
        <textarea id="speech-text" required maxLength={5000} value={text} placeholder={t("voice.speakPlaceholder")}
          onChange={(event) => setText(event.target.value)} />
        <div className="options-grid">
          <label htmlFor="speech-voice">{t("video.voice")}</label>
          <VoiceSelect id="speech-voice" value={voiceId} onChange={onVoice} allowDefault={false} />
          <label htmlFor="speech-language">{t("chat.language")}</label>
          <select id="speech-language" value={language} onChange={(event) => setLanguage(event.target.value)}>
            <option value="auto">{t("chat.languageAuto")}</option>
            <option value="zh">中文</option>
            <option value="en">English</option>
          </select>
          <label htmlFor="speech-speed">{t("voice.speed")}: <output>{speed.toFixed(1)}×</output></label>
          <input id="speech-speed" type="range" min={0.5} max={2} step={0.1} value={speed}
            onChange={(event) => setSpeed(Number(event.target.value))} />
          <label htmlFor="speech-pitch">{t("voice.semitones")}: <output>{pitch > 0 ? `+${pitch}` : pitch}</output></label>
          <input id="speech-pitch" type="range" min={-12} max={12} step={1} value={pitch}
            onChange={(event) => setPitch(Number(event.target.value))} />
        </div>
        <div className="row">
          <button type="submit" disabled={!text.trim() || !voiceId || speaking}>{t("voice.speakSubmit")}</button>
          <button type="button" className="secondary" onClick={stop} disabled={!speaking}>{t("voice.stop")}</button>
          {speaking && (
            <span className="muted small" data-testid="speech-live" aria-live="polite">
              {t("voice.streaming", { seconds: played.toFixed(1) })}
            </span>
          )}
        </div>
      </form>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      {outcome && (
        <figure className="artifact" data-testid="speech-result" data-first-audio-ms={outcome.firstAudioMs ?? ""}
          data-stream-ms={Math.round(outcome.streamMs)} data-seconds={outcome.seconds.toFixed(2)}>
          <audio controls src={outcome.url} />
          <figcaption>
            {outcome.seconds.toFixed(1)} s
            {outcome.firstAudioMs != null && <> · {t("voice.firstAudio", { ms: Math.round(outcome.firstAudioMs) })}</>}
            {outcome.similarity && <> · {t("voice.similarity")}: {outcome.similarity}</>}
            {" · "}<a href={outcome.url} download="speech.wav">{t("common.download")}</a>
          </figcaption>
        </figure>
      )}
    </section>
  );
}
