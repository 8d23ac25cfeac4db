"""Step 1: probe and normalise. 25 fps, one square crop around the smoothed face track, resized to the preset;
16 kHz mono audio.

The crop is one fixed window for the whole clip, not one per frame: ER-NeRF models a still camera and a moving
head, so a crop that followed the face would be a moving camera (and would smear the background plate). The
face track decides where the window sits and how big it is; the gates on faces run here, before any heavy work.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
from scipy.signal import medfilt

from services.trainer.dataset.gates import GateLog, longest_run
from services.trainer.dataset.steps import CancelCheck, DatasetLayout, Progress, Ticker, never_cancelled, no_progress
from services.trainer.settings import DatasetLimits
from shared.contracts.trainer import GateCode
from shared.media import decode_audio

TRACK_SIDE = 256  # the face-track pass decodes at most this many pixels on the long side


@dataclass(frozen=True)
class VideoProbe:
    width: int
    height: int
    fps: float
    duration: float
    has_audio: bool


@dataclass(frozen=True)
class FaceTrack:
    """Per-frame largest face box (x, y, w, h in source pixels; NaN where none) and face counts."""

    boxes: np.ndarray  # [N, 4]
    counts: np.ndarray  # [N]


@dataclass(frozen=True)
class NormalisedVideo:
    probe: VideoProbe
    track: FaceTrack
    crop: tuple[int, int, int]  # x, y, side in source pixels
    size: int
    n_frames: int
    audio_dbfs: float


def probe_video(path: Path, gates: GateLog) -> VideoProbe:
    import ffmpeg

    try:
        info = ffmpeg.probe(str(path))
    except ffmpeg.Error as exc:
        tail = (exc.stderr or b"").decode(errors="replace").strip().splitlines()[-1:] or ["unknown format"]
        gates.fail(
            GateCode.undecodable_video, f"The file is not a readable video ({tail[0].replace(str(path), 'input')})."
        )
        raise  # unreachable: fail raises
    video = [s for s in info.get("streams", []) if s.get("codec_type") == "video"]
    if not video:
        gates.fail(GateCode.undecodable_video, "The file has no video stream.")
    stream = video[0]
    num, _, den = str(stream.get("avg_frame_rate") or stream.get("r_frame_rate") or "0/1").partition("/")
    fps = float(num) / float(den or 1) if float(den or 1) else 0.0
    duration = float(stream.get("duration") or info.get("format", {}).get("duration") or 0.0)
    has_audio = any(s.get("codec_type") == "audio" for s in info.get("streams", []))
    return VideoProbe(int(stream["width"]), int(stream["height"]), fps, duration, has_audio)


def _decode_frames(path: Path, fps: int, vf: str) -> subprocess.Popen[bytes]:
    filters = f"fps={fps},{vf}"
    cmd = ["ffmpeg", "-loglevel", "error", "-i", str(path), "-vf", filters, "-f", "rawvideo", "-pix_fmt", "rgb24"]
    return subprocess.Popen([*cmd, "pipe:1"], stdout=subprocess.PIPE)


def track_faces(path: Path, probe: VideoProbe, fps: int, tick: Ticker) -> FaceTrack:
    """The full-range face detector on every frame, decoded small (it finds faces down to ~20 px)."""
    import mediapipe as mp

    scale = min(1.0, TRACK_SIDE / max(probe.width, probe.height))
    w, h = max(2, round(probe.width * scale / 2) * 2), max(2, round(probe.height * scale / 2) * 2)
    expected = max(1, int(probe.duration * fps))
    solutions: Any = mp.solutions
    detector = solutions.face_detection.FaceDetection(model_selection=1, min_detection_confidence=0.5)
    proc = _decode_frames(path, fps, f"scale={w}:{h}")
    boxes, counts = [], []
    try:
        assert proc.stdout is not None
        while True:
            raw = proc.stdout.read(w * h * 3)
            if len(raw) < w * h * 3:
                break
            rgb = np.frombuffer(raw, dtype=np.uint8).reshape(h, w, 3)
            found = detector.process(rgb).detections or []
            counts.append(len(found))
            if found:
                rel = max((d.location_data.relative_bounding_box for d in found), key=lambda b: b.width * b.height)
                boxes.append(
                    [
                        rel.xmin * probe.width,
                        rel.ymin * probe.height,
                        rel.width * probe.width,
                        rel.height * probe.height,
                    ]
                )
            else:
                boxes.append([np.nan] * 4)
            if len(counts) % 25 == 0:
                tick(min(len(counts), expected), expected)
    finally:
        detector.close()
        if proc.stdout is not None:
            proc.stdout.close()
        proc.wait()
    return FaceTrack(np.asarray(boxes, dtype=np.float64).reshape(-1, 4), np.asarray(counts, dtype=np.int64))


def check_faces(track: FaceTrack, limits: DatasetLimits, gates: GateLog) -> None:
    n = max(1, len(track.counts))
    fps = limits.dataset_fps
    missing = track.counts == 0
    gates.at_most(
        GateCode.no_face,
        float(missing.mean()) if len(track.counts) else 1.0,
        limits.dataset_max_no_face_fraction,
        "Fraction of frames with no face",
        warn_at=0.0,
    )
    gates.at_most(
        GateCode.no_face,
        longest_run(list(missing)) / fps,
        limits.dataset_max_no_face_run_s,
        "Longest stretch without a face, in seconds",
    )
    several = track.counts > 1
    gates.at_most(
        GateCode.multiple_faces,
        float(several.sum()) / n,
        limits.dataset_max_multi_face_fraction,
        "Fraction of frames with more than one face",
        warn_at=0.0,
    )
    heights = track.boxes[~missing, 3]
    gates.at_least(
        GateCode.face_too_small, float(np.median(heights)), limits.dataset_min_face_px, "Median face height in pixels"
    )


def choose_crop(track: FaceTrack, probe: VideoProbe, limits: DatasetLimits) -> tuple[int, int, int]:
    """One square window (x, y, side) that holds the smoothed face track with the preset's framing."""
    seen = ~np.isnan(track.boxes[:, 0])
    boxes = track.boxes[seen]
    kernel = min(len(boxes) // 2 * 2 + 1, 9)  # odd, at most 9 frames: removes detector jitter
    cx = medfilt(boxes[:, 0] + boxes[:, 2] / 2, kernel)
    cy = medfilt(boxes[:, 1] + boxes[:, 3] / 2, kernel)
    face_h = float(np.median(boxes[:, 3]))
    side = limits.dataset_crop_scale * face_h
    side = max(side, float(np.ptp(cx)) + 1.6 * face_h, float(np.ptp(cy)) + 1.6 * face_h)
    side = min(side, probe.width, probe.height)
    side_px = int(side) // 2 * 2
    centre_x = float(np.median(cx))
    centre_y = float(np.median(cy)) + limits.dataset_crop_drop * face_h
    x = round(float(np.clip(centre_x - side_px / 2, 0, probe.width - side_px)))
    y = round(float(np.clip(centre_y - side_px / 2, 0, probe.height - side_px)))
    return x, y, side_px


def normalise_video(
    source: Path,
    layout: DatasetLayout,
    size: int,
    limits: DatasetLimits,
    gates: GateLog,
    *,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> NormalisedVideo:
    """Check the clip, then write ``ori_imgs/<i>.jpg`` (``size`` x ``size`` at 25 fps) and ``aud.wav``."""
    tick = Ticker(progress, cancelled)
    probe = probe_video(source, gates)
    gates.at_least(GateCode.video_too_short, probe.duration, limits.dataset_min_duration_s, "Duration in seconds")
    gates.at_most(GateCode.video_too_long, probe.duration, limits.dataset_max_duration_s, "Duration in seconds")
    if probe.duration < limits.dataset_warn_duration_s:
        gates.warn(
            GateCode.video_too_short,
            f"The clip lasts {probe.duration:.0f} s; {limits.dataset_warn_duration_s:.0f} s or more trains better.",
            probe.duration,
            limits.dataset_warn_duration_s,
        )
    if not probe.has_audio:
        gates.fail(GateCode.audio_missing, "The video has no audio track; the head learns lip motion from it.")
    track = track_faces(source, probe, limits.dataset_fps, Ticker(lambda f: progress(0.5 * f), cancelled))
    check_faces(track, limits, gates)
    x, y, side = choose_crop(track, probe, limits)
    if side < size:
        gates.warn(
            GateCode.face_upscaled,
            f"The crop is {side} px, smaller than the {size} px frames: they are upscaled.",
            side,
            size,
        )
    tick(0.5, 1)
    layout.make_dirs()
    vf = f"fps={limits.dataset_fps},crop={side}:{side}:{x}:{y},scale={size}:{size}:flags=area"
    cmd = ["ffmpeg", "-y", "-loglevel", "error", "-i", str(source), "-vf", vf, "-q:v", "2", "-start_number", "0"]
    subprocess.run([*cmd, str(layout.ori_imgs / "%d.jpg")], check=True, capture_output=True)
    tick(0.9, 1)
    decode_audio(source, layout.audio_wav, sample_rate=limits.dataset_sample_rate)
    dbfs = audio_level_dbfs(layout.audio_wav)
    gates.at_least(
        GateCode.audio_silent,
        dbfs,
        limits.dataset_min_audio_dbfs,
        "Audio level in dBFS",
        warn_at=limits.dataset_warn_audio_dbfs,
    )
    n_frames = len(list(layout.ori_imgs.glob("*.jpg")))
    tick(1, 1)
    return NormalisedVideo(probe, track, (x, y, side), size, n_frames, dbfs)


def audio_level_dbfs(wav: Path) -> float:
    """RMS level of the loudest half of the 40 ms blocks (pauses do not count against a speaker)."""
    samples, rate = sf.read(str(wav), dtype="float32", always_2d=True)
    mono = samples.mean(axis=1)
    block = max(1, int(rate * 0.04))
    usable = len(mono) // block * block
    if usable == 0:
        return -120.0
    rms = np.sqrt((mono[:usable].reshape(-1, block) ** 2).mean(axis=1))
    loud = np.sort(rms)[len(rms) // 2 :]
    return float(20 * np.log10(max(float(np.sqrt((loud**2).mean())), 1e-6)))
