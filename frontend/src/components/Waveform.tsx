/**
 * The waveform of an audio file or URL, drawn on a canvas from the decoded samples (min/max per pixel
 * column). A few lines of Web Audio instead of a waveform library: we only need a static picture.
 */
import { useEffect, useRef, useState } from "react";

interface Props {
  source: Blob | string | null;
  height?: number;
  label: string;
}

export function Waveform({ source, height = 64, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!source || !canvas.current) return;
    let cancelled = false;
    setFailed(false);
    (async () => {
      try {
        const bytes = source instanceof Blob
          ? await source.arrayBuffer()
          : await (await fetch(source)).arrayBuffer();
        const context = new AudioContext();
        const audio = await context.decodeAudioData(bytes);
        void context.close();
        if (!cancelled && canvas.current) draw(canvas.current, audio.getChannelData(0));
      } catch {
        if (!cancelled) setFailed(true);
      }
    })();
    return () => { cancelled = true; };
  }, [source]);

  if (!source || failed) return null;
  return <canvas ref={canvas} className="waveform" height={height} role="img" aria-label={label} />;
}

function draw(canvas: HTMLCanvasElement, samples: Float32Array): void {
  const width = (canvas.width = Math.max(200, Math.floor(canvas.clientWidth * devicePixelRatio)));
  const height = canvas.height;
  const context = canvas.getContext("2d");
  if (!context) return;
  context.clearRect(0, 0, width, height);
  context.fillStyle = getComputedStyle(canvas).color;
  const perColumn = Math.max(1, Math.floor(samples.length / width));
  for (let x = 0; x < width; x++) {
    let low = 1;
    let high = -1;
    const start = x * perColumn;
    for (let i = start; i < start + perColumn && i < samples.length; i++) {
      const value = samples[i] ?? 0;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    if (high < low) continue;
    const top = ((1 - high) / 2) * height;
    const bottom = ((1 - low) / 2) * height;
    context.fillRect(x, top, 1, Math.max(1, bottom - top));
  }
}
