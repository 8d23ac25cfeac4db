/**
 * Plays media segments (a reply's rendered video segments, or its sentence audio) back to back. Two elements
 * take turns: while one plays, the other already holds the next segment, loaded, so switching on `ended` is
 * immediate — no blank frame and no jump. When the queue runs dry the last frame stays on screen.
 */
import { forwardRef, useCallback, useImperativeHandle, useRef, useState } from "react";

export interface SegmentPlayerHandle {
  enqueue: (url: string) => void;
  /** Stop at once and forget what is queued (interrupt). */
  clear: () => void;
}

interface Props {
  kind: "video" | "audio";
  poster?: string | null;
  label: string;
  onPlayingChange?: (playing: boolean) => void;
}

type Slot = 0 | 1;

export const SegmentPlayer = forwardRef<SegmentPlayerHandle, Props>(function SegmentPlayer(
  { kind, poster, label, onPlayingChange }, ref,
) {
  const elements = [useRef<HTMLMediaElement | null>(null), useRef<HTMLMediaElement | null>(null)];
  const queue = useRef<string[]>([]);
  const active = useRef<Slot>(0);
  const loaded = useRef<[string | null, string | null]>([null, null]);
  const [visible, setVisible] = useState<Slot>(0);
  const [played, setPlayed] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [started, setStarted] = useState(false);
  /** Longest wait between one segment ending and the next one playing, when the next was already queued. */
  const [maxGapMs, setMaxGapMs] = useState(0);
  const endedAt = useRef<number | null>(null);

  const element = (slot: Slot) => elements[slot]!.current!;

  const setPlayingState = useCallback((value: boolean) => {
    setPlaying(value);
    onPlayingChange?.(value);
  }, [onPlayingChange]);

  const load = (slot: Slot, url: string) => {
    loaded.current[slot] = url;
    const media = element(slot);
    media.src = url;
    media.load();
  };

  /** Put the next queued URL into the idle element, so it is ready when the active one ends. */
  const preload = () => {
    const idle: Slot = active.current === 0 ? 1 : 0;
    if (loaded.current[idle] === null && queue.current.length > 0) load(idle, queue.current.shift()!);
  };

  const playSlot = (slot: Slot) => {
    active.current = slot;
    setVisible(slot);
    setStarted(true);
    setPlayingState(true);
    void element(slot).play().catch(() => setPlayingState(false));
    preload();
  };

  const advance = () => {
    const finished = active.current;
    loaded.current[finished] = null;
    setPlayed((count) => count + 1);
    const next: Slot = finished === 0 ? 1 : 0;
    if (loaded.current[next] !== null) {
      endedAt.current = performance.now();
      playSlot(next);
    } else if (queue.current.length > 0) {
      load(next, queue.current.shift()!);
      playSlot(next);
    } else {
      setPlayingState(false); // the last frame stays visible until more arrives
    }
  };

  useImperativeHandle(ref, () => ({
    enqueue(url: string) {
      queue.current.push(url);
      const current = element(active.current);
      const busy = loaded.current[active.current] !== null && !current.ended;
      if (busy) {
        preload();
      } else {
        const next: Slot = loaded.current[active.current] === null ? active.current : (active.current === 0 ? 1 : 0);
        load(next, queue.current.shift()!);
        playSlot(next);
      }
    },
    clear() {
      queue.current = [];
      for (const slot of [0, 1] as Slot[]) {
        const media = element(slot);
        media.pause();
        loaded.current[slot] = null;
      }
      setPlayingState(false);
    },
  }));

  const common = (slot: Slot) => ({
    ref: (node: HTMLMediaElement | null) => { elements[slot]!.current = node; },
    preload: "auto" as const,
    onEnded: () => { if (active.current === slot) advance(); },
    onPlaying: () => {
      if (endedAt.current === null) return;
      const gap = performance.now() - endedAt.current;
      endedAt.current = null;
      setMaxGapMs((previous) => Math.max(previous, Math.round(gap)));
    },
    "data-slot": slot,
    "aria-hidden": visible !== slot,
  });

  return (
    <div className={`segment-player segment-player-${kind}`} data-testid="segment-player"
      data-played={played} data-playing={playing} data-max-gap-ms={maxGapMs} role="region" aria-label={label}>
      {kind === "video" ? (
        <>
          {!started && poster && <img className="segment-poster" src={poster} alt="" />}
          {([0, 1] as Slot[]).map((slot) => (
            <video key={slot} {...common(slot)} playsInline
              className={visible === slot && started ? "segment on" : "segment"} />
          ))}
        </>
      ) : (
        <>
          <span className={`speaking${playing ? " on" : ""}`} aria-hidden="true">◉</span>
          {([0, 1] as Slot[]).map((slot) => <audio key={slot} {...common(slot)} />)}
        </>
      )}
    </div>
  );
});
