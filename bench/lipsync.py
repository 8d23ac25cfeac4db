"""Lip-sync of the portrait animator, measured back from the rendered frames: the mouth opening (inner-lip gap /
mouth width, from mediapipe's face mesh on each frame) against the audio's RMS envelope per video frame.
Targets: Pearson correlation >= 0.6 on speech; mouth closed (gap < 0.05) on silence.

Run: ``.venv/bin/python bench/lipsync.py [--size 512] [--fps 25]``
Speech: the human recordings shipped in the `moonshine-voice` wheel (English), each padded with silence; the
avatar is scikit-image's astronaut (a smiling photo with teeth showing, so "closed at rest" is tested too).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_speed import astronaut_assets

from services.video.audio import extract_features
from services.video.backends import AvatarAssets, RenderOptions, get_renderer
from services.video.face import VideoFaceTracker

CLOSED_GAP = 0.05
CLIPS = ("beckett.wav", "clone-test.wav", "endgame_nagg_nell.wav")
PAD_S = 1.5


def load(name: str, max_s: float = 12.0) -> tuple[np.ndarray, int]:
    import moonshine_voice

    audio, rate = sf.read(str(Path(moonshine_voice.__file__).parent / "assets" / name), dtype="float32", always_2d=True)
    mono = audio.mean(axis=1)[: int(max_s * rate)]
    if rate != 16000:
        mono = resample_poly(mono, 16000, rate).astype(np.float32)
    pad = np.zeros(int(PAD_S * 16000), np.float32)
    return np.concatenate([pad, mono, pad]), 16000


def measure(assets: AvatarAssets, audio: np.ndarray, rate: int, size: int, fps: int) -> dict[str, float]:
    session = get_renderer("portrait").open(assets, RenderOptions(size=size, fps=fps))
    tracker = VideoFaceTracker()
    gaps = []
    for feature in extract_features(audio, rate, fps):
        geometry = tracker.geometry(session.frame(feature))
        gaps.append(np.nan if geometry is None else geometry.mouth_gap)
    tracker.close()
    gap = np.array(gaps)
    hop = rate / fps
    rms = np.array([np.sqrt(np.mean(audio[int(i * hop) : int((i + 1) * hop)] ** 2)) for i in range(len(gap))])
    pad = int(PAD_S * fps)
    speech = slice(pad, len(gap) - pad)
    silence = np.r_[0 : pad - 2, len(gap) - pad + 3 : len(gap)]  # a couple of frames of release after speech
    ok = ~np.isnan(gap[speech])
    return {
        "frames": float(len(gap)),
        "tracked": float(np.mean(~np.isnan(gap))),
        "corr": float(np.corrcoef(gap[speech][ok], rms[speech][ok])[0, 1]),
        "corr_db": float(np.corrcoef(gap[speech][ok], 20 * np.log10(rms[speech][ok] + 1e-5))[0, 1]),
        "speech_p90": float(np.nanpercentile(gap[speech], 90)),
        "silence_max": float(np.nanmax(gap[silence])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--fps", type=int, default=25)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()} cores={len(os.sched_getaffinity(0))} python={platform.python_version()}"
        f"  {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  size={args.size} fps={args.fps}"
    )
    assets = astronaut_assets()
    print(f"{'clip':<24}{'frames':>7}{'tracked':>9}{'r(rms)':>8}{'r(dB)':>8}{'gap p90':>9}{'silence max':>13}")
    worst_corr, worst_silence = 1.0, 0.0
    for clip in CLIPS:
        audio, rate = load(clip)
        m = measure(assets, audio, rate, args.size, args.fps)
        worst_corr, worst_silence = min(worst_corr, m["corr"]), max(worst_silence, m["silence_max"])
        print(
            f"{clip:<24}{m['frames']:>7.0f}{m['tracked']:>9.2f}{m['corr']:>8.2f}{m['corr_db']:>8.2f}"
            f"{m['speech_p90']:>9.3f}{m['silence_max']:>13.3f}"
        )
    print(
        f"correlation with the RMS envelope: worst {worst_corr:.2f} (target >= 0.6: "
        f"{'met' if worst_corr >= 0.6 else 'NOT met'}); mouth on silence: worst {worst_silence:.3f} "
        f"(target < {CLOSED_GAP}: {'met' if worst_silence < CLOSED_GAP else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
