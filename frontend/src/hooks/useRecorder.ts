/** The browser's microphone recorder (MediaRecorder): start, stop → a Blob (webm/ogg), elapsed time, errors. */
import { useCallback, useEffect, useRef, useState } from "react";

export interface Recorder {
  recording: boolean;
  seconds: number;
  error: string | null;
  start: () => Promise<void>;
  /** Stops and resolves with the recording (null when nothing was recorded). */
  stop: () => Promise<Blob | null>;
}

function pickMimeType(): string | undefined {
  const candidates = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
  return candidates.find((type) => typeof MediaRecorder !== "undefined" && MediaRecorder.isTypeSupported(type));
}

export function useRecorder(): Recorder {
  const [recording, setRecording] = useState(false);
  const [seconds, setSeconds] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const chunks = useRef<Blob[]>([]);
  const timer = useRef<number | undefined>(undefined);

  const release = useCallback(() => {
    window.clearInterval(timer.current);
    recorder.current?.stream.getTracks().forEach((track) => track.stop());
    recorder.current = null;
    setRecording(false);
  }, []);

  useEffect(() => release, [release]);

  const start = useCallback(async () => {
    setError(null);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const mediaRecorder = new MediaRecorder(stream, { mimeType: pickMimeType() });
      chunks.current = [];
      mediaRecorder.ondataavailable = (event) => {
        if (event.data.size > 0) chunks.current.push(event.data);
      };
      mediaRecorder.start(250);
      recorder.current = mediaRecorder;
      const began = performance.now();
      setSeconds(0);
      timer.current = window.setInterval(() => setSeconds((performance.now() - began) / 1000), 200);
      setRecording(true);
    } catch (startError) {
      setError(startError instanceof Error ? `${startError.name}: ${startError.message}` : String(startError));
      release();
    }
  }, [release]);

  const stop = useCallback(async () => {
    const mediaRecorder = recorder.current;
    if (!mediaRecorder) return null;
    const done = new Promise<void>((resolve) => {
      mediaRecorder.onstop = () => resolve();
    });
    mediaRecorder.stop();
    await done;
    const type = mediaRecorder.mimeType || "audio/webm";
    release();
    return chunks.current.length ? new Blob(chunks.current, { type }) : null;
  }, [release]);

  return { recording, seconds, error, start, stop };
}
