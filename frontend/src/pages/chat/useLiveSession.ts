/**
 * A live avatar session over WebRTC: create it, offer (video + audio to receive, the microphone, the
 * `talkface` data channel), play what arrives, and keep the transcript from the data channel's events.
 * The microphone track is always sent (silence while muted or while push-to-talk is released), so the
 * server's voice-activity detection ends a turn when the user stops talking.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, call } from "../../api/client";
import { toApiError } from "../../api/problem";
import type { components } from "../../api/generated/schema";

type Schemas = components["schemas"];
export type LiveState = Schemas["LiveState"];
type ServerEvent =
  | Schemas["LiveStateEvent"]
  | Schemas["LiveTranscriptEvent"]
  | Schemas["LiveTextDeltaEvent"]
  | Schemas["LiveSentenceEvent"]
  | Schemas["LiveReplyDoneEvent"]
  | Schemas["LiveErrorEvent"]
  | Schemas["LiveEndedEvent"];

export type MicMode = "push" | "open";
export type Phase = "off" | "connecting" | "live" | "ended";

export interface LiveLine {
  who: "user" | "assistant";
  text: string;
  status?: string;
}

export interface LiveOptions {
  avatarId: string;
  voiceId: string;
  language: "auto" | "zh" | "en";
  size: number;
}

/** Wait until the browser has gathered its ICE candidates (the server takes no trickled candidates). */
function gathered(pc: RTCPeerConnection, timeoutMs = 5000): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    };
    pc.addEventListener("icegatheringstatechange", done);
    window.setTimeout(resolve, timeoutMs);
  });
}

export function useLiveSession() {
  /** What the <video> element plays: the avatar's video and the reply speech. */
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [phase, setPhase] = useState<Phase>("off");
  const [state, setState] = useState<LiveState>("listening");
  const [lines, setLines] = useState<LiveLine[]>([]);
  const [error, setError] = useState<ApiError | Schemas["Problem"] | null>(null);
  const [mode, setModeState] = useState<MicMode>("push");
  const [muted, setMutedState] = useState(false);
  const [talking, setTalkingState] = useState(false);
  const pc = useRef<RTCPeerConnection | null>(null);
  const channel = useRef<RTCDataChannel | null>(null);
  const mic = useRef<MediaStreamTrack | null>(null);
  const sessionId = useRef<string | null>(null);
  const controls = useRef({ mode: "push" as MicMode, muted: false, talking: false });

  const applyMic = useCallback(() => {
    const { mode: m, muted: mute, talking: talk } = controls.current;
    if (mic.current) mic.current.enabled = !mute && (m === "open" || talk);
  }, []);

  const onEvent = useCallback((event: ServerEvent) => {
    switch (event.type) {
      case "state":
        setState(event.state);
        break;
      case "transcript":
        setLines((all) => [...all, { who: "user", text: event.text }, { who: "assistant", text: "" }]);
        break;
      case "text.delta":
        setLines((all) => {
          const last = all[all.length - 1];
          if (!last || last.who !== "assistant") return [...all, { who: "assistant", text: event.delta }];
          return [...all.slice(0, -1), { ...last, text: last.text + event.delta }];
        });
        break;
      case "reply.done":
        setLines((all) => {
          const index = all.map((line) => line.who).lastIndexOf("assistant");
          const previous = all[index];
          if (!previous) return all;
          const copy = [...all];
          copy[index] = { who: "assistant", text: event.text || previous.text, status: event.status };
          return copy;
        });
        break;
      case "error":
        setError(event.problem as Schemas["Problem"]);
        break;
      case "ended":
        setPhase("ended");
        break;
      default:
        break;
    }
  }, []);

  const teardown = useCallback(() => {
    channel.current?.close();
    pc.current?.close();
    mic.current?.stop();
    channel.current = null;
    pc.current = null;
    mic.current = null;
    setStream(null);
  }, []);

  const stop = useCallback(async () => {
    const id = sessionId.current;
    sessionId.current = null;
    teardown();
    setPhase("off");
    if (id) {
      try {
        await call(api.DELETE("/api/v1/live/sessions/{session_id}", { params: { path: { session_id: id } } }));
      } catch {
        // already ended (idle timeout): nothing to do
      }
    }
  }, [teardown]);

  const start = useCallback(async (options: LiveOptions) => {
    setError(null);
    setLines([]);
    setPhase("connecting");
    try {
      const microphone = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
      mic.current = microphone.getAudioTracks()[0] ?? null;
      applyMic();
      const session = await call(api.POST("/api/v1/live/sessions", {
        body: {
          avatar_id: options.avatarId,
          voice_id: options.voiceId || null,
          language: options.language,
          size: options.size,
          fps: 25,
        },
      }));
      sessionId.current = session.id;
      const peer = new RTCPeerConnection({
        iceServers: (session.ice_servers ?? []).map((server) => ({
          urls: server.urls,
          username: server.username ?? undefined,
          credential: server.credential ?? undefined,
        })),
      });
      pc.current = peer;
      const remote = new MediaStream();
      peer.ontrack = (event) => {
        remote.addTrack(event.track);
        setStream(remote);
      };
      peer.onconnectionstatechange = () => {
        if (peer.connectionState === "connected") setPhase("live");
        if (peer.connectionState === "failed") setPhase("ended");
      };
      if (mic.current) peer.addTransceiver(mic.current, { direction: "sendrecv" });
      else peer.addTransceiver("audio", { direction: "recvonly" });
      peer.addTransceiver("video", { direction: "recvonly" });
      const dc = peer.createDataChannel("talkface");
      dc.onmessage = (message) => onEvent(JSON.parse(String(message.data)) as ServerEvent);
      channel.current = dc;
      await peer.setLocalDescription(await peer.createOffer());
      await gathered(peer);
      const answer = await call(api.POST("/api/v1/live/sessions/{session_id}/offer", {
        params: { path: { session_id: session.id } },
        body: { sdp: peer.localDescription?.sdp ?? "", type: "offer" },
      }));
      await peer.setRemoteDescription(answer);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : toApiError(failure));
      await stop();
    }
  }, [applyMic, onEvent, stop]);

  const send = useCallback((message: { type: "text"; text: string } | { type: "interrupt" }) => {
    if (channel.current?.readyState === "open") channel.current.send(JSON.stringify(message));
  }, []);

  const setMode = useCallback((next: MicMode) => {
    controls.current.mode = next;
    setModeState(next);
    applyMic();
  }, [applyMic]);
  const setMuted = useCallback((next: boolean) => {
    controls.current.muted = next;
    setMutedState(next);
    applyMic();
  }, [applyMic]);
  const setTalking = useCallback((next: boolean) => {
    controls.current.talking = next;
    setTalkingState(next);
    applyMic();
  }, [applyMic]);

  useEffect(() => () => { void stop(); }, [stop]);

  return {
    stream, phase, state, lines, error, mode, muted, talking,
    start, stop, setMode, setMuted, setTalking,
    sendText: (text: string) => send({ type: "text", text }),
    interrupt: () => send({ type: "interrupt" }),
    dismissError: () => setError(null),
  };
}
