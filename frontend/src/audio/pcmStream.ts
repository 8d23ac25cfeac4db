/**
 * Plays 16-bit PCM speech while it is still arriving: each network chunk is converted and scheduled on a
 * Web Audio clock right after the previous one, so playback starts with the first sentence and has no gaps.
 * A streamed WAV (RIFF header, then PCM) is parsed for its sample rate and channel count first; raw PCM needs
 * them given. Everything received is also kept so the whole utterance can be replayed or downloaded as WAV.
 *
 * Hand-written because MediaSource cannot take WAV/PCM, and an <audio> element cannot send the API key.
 */

export interface PcmFormat {
  sampleRate: number;
  channels: number;
}

/** Start this far ahead of "now" so the first chunk is not clipped while the graph warms up. */
const LEAD_S = 0.05;

export class StreamingPcmPlayer {
  private context: AudioContext | null = null;
  private format: PcmFormat | null;
  private header: Uint8Array = new Uint8Array(0);
  private carry: Uint8Array = new Uint8Array(0);
  private nextStart = 0;
  private sources: AudioBufferSourceNode[] = [];
  private pcm: Uint8Array[] = [];
  private firstAudioAt: number | null = null;
  private readonly expectWav: boolean;
  /** Seconds of audio received so far. */
  receivedSeconds = 0;
  onFirstAudio?: () => void;

  constructor(options: { wav: true } | { wav: false; format: PcmFormat }) {
    this.expectWav = options.wav;
    this.format = options.wav ? null : options.format;
  }

  /** Wall-clock ms from construction to the first scheduled sound (time to first audio). */
  get firstAudioMs(): number | null {
    return this.firstAudioAt;
  }

  push(chunk: Uint8Array, startedAt: number): void {
    let data = chunk;
    if (this.expectWav && !this.format) {
      this.header = concat(this.header, chunk);
      const parsed = parseWavHeader(this.header);
      if (!parsed) return; // header not complete yet
      this.format = parsed.format;
      data = this.header.subarray(parsed.dataOffset);
      this.header = new Uint8Array(0);
    }
    data = concat(this.carry, data);
    const frameBytes = 2 * (this.format?.channels ?? 1);
    const usable = data.length - (data.length % frameBytes);
    this.carry = data.slice(usable);
    if (usable > 0) this.schedule(data.subarray(0, usable), startedAt);
  }

  private schedule(bytes: Uint8Array, startedAt: number): void {
    const format = this.format!;
    const context = (this.context ??= new AudioContext());
    const copy = bytes.slice();
    this.pcm.push(copy);
    const frames = copy.length / (2 * format.channels);
    const view = new DataView(copy.buffer);
    const buffer = context.createBuffer(format.channels, frames, format.sampleRate);
    for (let channel = 0; channel < format.channels; channel++) {
      const out = buffer.getChannelData(channel);
      for (let frame = 0; frame < frames; frame++) {
        out[frame] = view.getInt16((frame * format.channels + channel) * 2, true) / 32768;
      }
    }
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    const start = Math.max(this.nextStart, context.currentTime + LEAD_S);
    source.start(start);
    this.nextStart = start + buffer.duration;
    this.receivedSeconds += buffer.duration;
    this.sources.push(source);
    if (this.firstAudioAt === null) {
      this.firstAudioAt = performance.now() - startedAt;
      this.onFirstAudio?.();
    }
  }

  /** Resolves when everything scheduled so far has been played (at once when nothing was). */
  whenDone(): Promise<void> {
    const last = this.sources[this.sources.length - 1];
    if (!last || !this.context) return Promise.resolve();
    const remaining = Math.max(0, this.nextStart - this.context.currentTime);
    return new Promise((resolve) => window.setTimeout(resolve, remaining * 1000 + 50));
  }

  /** Seconds of sound played so far (for progress and for tests). */
  get playedSeconds(): number {
    if (!this.context || this.sources.length === 0) return 0;
    const scheduledStart = this.nextStart - this.receivedSeconds;
    return Math.max(0, Math.min(this.receivedSeconds, this.context.currentTime - scheduledStart));
  }

  stop(): void {
    for (const source of this.sources) {
      try {
        source.stop();
      } catch {
        // never started
      }
    }
    this.sources = [];
    void this.context?.close();
    this.context = null;
  }

  /** Everything received, as a WAV file. */
  toWav(): Blob | null {
    if (!this.format || this.pcm.length === 0) return null;
    return encodeWav(this.pcm, this.format);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The format and where the samples start, once the RIFF header up to the `data` chunk has arrived. */
export function parseWavHeader(bytes: Uint8Array): { format: PcmFormat; dataOffset: number } | null {
  if (bytes.length < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error("The speech stream is not a WAV file.");
  let offset = 12;
  let format: PcmFormat | null = null;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === "data") return format ? { format, dataOffset: offset + 8 } : null;
    if (offset + 8 + size > bytes.length) return null;
    if (id === "fmt ") {
      const bits = view.getUint16(offset + 22, true);
      if (bits !== 16) throw new Error(`Only 16-bit WAV streams can be played live (got ${bits}-bit).`);
      format = { channels: view.getUint16(offset + 10, true), sampleRate: view.getUint32(offset + 12, true) };
    }
    offset += 8 + size + (size % 2);
  }
  return null;
}

export function encodeWav(chunks: Uint8Array[], format: PcmFormat): Blob {
  const dataBytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const header = new DataView(new ArrayBuffer(44));
  const write = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) header.setUint8(offset + i, text.charCodeAt(i));
  };
  write(0, "RIFF");
  header.setUint32(4, 36 + dataBytes, true);
  write(8, "WAVE");
  write(12, "fmt ");
  header.setUint32(16, 16, true);
  header.setUint16(20, 1, true);
  header.setUint16(22, format.channels, true);
  header.setUint32(24, format.sampleRate, true);
  header.setUint32(28, format.sampleRate * format.channels * 2, true);
  header.setUint16(32, format.channels * 2, true);
  header.setUint16(34, 16, true);
  write(36, "data");
  header.setUint32(40, dataBytes, true);
  return new Blob([header.buffer, ...chunks.map((chunk) => chunk.slice().buffer)], { type: "audio/wav" });
}
