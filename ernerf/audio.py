"""The audio features ER-NeRF is trained on, shared by dataset preprocessing and rendering.

A 32-band log-mel at 50 Hz with per-utterance mean/variance normalisation, windowed exactly like ER-NeRF's
DeepSpeech features: for video frame k the feature frames 2k-8 .. 2k+7 (zero-padded at the ends) -> ``[N, 16, 32]``
(``aud.npy``, the file ER-NeRF reads for any ASR model other than its named ones). Rendering must use this same
function so that a voice seen at render time looks like the voices seen in training.
"""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 16000
FEATURE_RATE_HZ = 50  # feature frames per second: two per 25 fps video frame
MEL_BANDS = 32
WINDOW = 16


def frame_windows(
    features: np.ndarray, n_frames: int, fps: int, window: int, rate: int = FEATURE_RATE_HZ
) -> np.ndarray:
    """``[n_frames, window, C]``: for video frame k the feature frames around k * rate / fps (DeepSpeech's
    windowing: starts ``window // 2`` before it), zero-padded where they fall outside the clip."""
    step = rate / fps
    channels = features.shape[1]
    padded = np.zeros((len(features) + 2 * window, channels), dtype=np.float32)
    padded[window : window + len(features)] = features
    starts = np.round(np.arange(n_frames) * step).astype(int) - window // 2 + window
    index = starts[:, None] + np.arange(window)[None, :]
    return padded[np.clip(index, 0, len(padded) - 1)]


def log_mel(samples_16k: np.ndarray) -> np.ndarray:
    """``[frames, 32]`` normalised log-mel at 50 Hz (frame j centred at j * 20 ms)."""
    import librosa  # imported here: only feature extraction needs it, not the model

    mel = librosa.feature.melspectrogram(
        y=np.asarray(samples_16k, dtype=np.float32),
        sr=SAMPLE_RATE,
        n_fft=512,
        win_length=400,
        hop_length=SAMPLE_RATE // FEATURE_RATE_HZ,
        n_mels=MEL_BANDS,
    )
    logmel = np.log(mel + 1e-6).T
    return ((logmel - logmel.mean(axis=0)) / (logmel.std(axis=0) + 1e-5)).astype(np.float32)


def mel_windows(samples_16k: np.ndarray, n_frames: int, fps: int = 25) -> np.ndarray:
    """``[n_frames, 16, 32]`` float32: the dataset's audio features for 16 kHz mono samples, one window per video
    frame (the training extractor, so rendering sees what training saw)."""
    return frame_windows(log_mel(samples_16k), n_frames, fps, WINDOW)
