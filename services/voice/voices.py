"""Voice profiles: creating one from a reference recording, and listing/reading/updating/deleting them.

Creation validates and measures everything first and only then writes to S3; if a write fails, what was
written is removed, so a refused or failed upload leaves nothing behind (and never touches other profiles).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

from services.voice.dsp.audio_io import wav_bytes
from services.voice.dsp.reference import preprocess_reference
from services.voice.profiles import (
    ORIGINAL_EXTENSIONS,
    ProfileContext,
    ProfileManifest,
    ProfileStore,
    new_profile_id,
)
from services.voice.runtime import VoiceRuntime
from services.voice.text import resolve_language
from shared.clock import utcnow
from shared.contracts.voice import VoiceProfile, VoiceUpdate
from shared.errors import Conflict, InvalidInput, PayloadTooLarge
from shared.media import decode_audio

log = logging.getLogger(__name__)


def original_extension(filename: str | None) -> str:
    """Our own extension for the stored original (from a fixed list), never the user's string."""
    ext = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    return ext if ext in ORIGINAL_EXTENSIONS else "bin"


def check_form(name: str, language: str | None, transcript: str | None) -> tuple[str, str | None, str | None]:
    name = name.strip()
    if not name:
        raise InvalidInput("The voice needs a name.", code="invalid_name")
    language = (language or "").strip().lower() or None
    if language is not None and language not in ("zh", "en"):
        raise InvalidInput(f"Language {language!r} is not supported; use zh or en.", code="unsupported_language")
    transcript = (transcript or "").strip() or None
    if transcript is not None:
        resolve_language(transcript, language or "auto")
    return name[:100], language, transcript


def create_profile(
    runtime: VoiceRuntime,
    store: ProfileStore,
    upload_path: Path,
    *,
    filename: str | None,
    content_type: str | None,
    name: str,
    language: str | None,
    transcript: str | None,
) -> VoiceProfile:
    """Blocking: decode → preprocess → transcript → embedding → backend preparation → store."""
    settings = runtime.settings
    limits = settings.limits
    name, language, transcript = check_form(name, language, transcript)
    if upload_path.stat().st_size > settings.max_reference_bytes:
        raise PayloadTooLarge(
            f"The reference file is over {settings.max_reference_bytes // (1024 * 1024)} MB.", code="upload_too_large"
        )
    runtime.require_ready()
    with tempfile.TemporaryDirectory(prefix="voice-ref-") as tmp:
        decoded = Path(tmp) / "decoded.wav"
        try:
            decode_audio(upload_path, decoded, max_seconds=limits.max_reference_seconds)
        except PayloadTooLarge as exc:
            raise InvalidInput(
                f"{exc.detail} References may last at most {limits.max_reference_seconds:.0f} s.",
                code="reference_too_long",
            ) from exc
        except InvalidInput as exc:
            if exc.code == "audio_too_short":
                raise InvalidInput(exc.detail, code="reference_too_short") from exc
            raise
        audio, rate = sf.read(decoded, dtype="float32", always_2d=False)
    processed = preprocess_reference(
        np.asarray(audio, dtype=np.float32),
        int(rate),
        target_rate=settings.reference_sample_rate,
        target_lufs=settings.reference_lufs,
        min_seconds=limits.min_reference_seconds,
        max_seconds=limits.max_reference_seconds,
    )
    source = "user"
    if transcript is None and runtime.asr is not None:
        with runtime.compute:
            heard = runtime.asr.transcribe(processed.audio, processed.sample_rate, language)
        transcript, source = heard.text or None, "whisper"
        if language is None and heard.language in ("zh", "en"):
            language = heard.language
        if not transcript:
            processed.report.warnings.append("Whisper heard no words; add the transcript yourself.")
    if language is None:
        language = resolve_language(transcript or "", "auto") if transcript else "en"
    with runtime.compute:
        embedding = runtime.speaker.embed(processed.audio, processed.sample_rate)
    profile_id = new_profile_id()
    created = utcnow()
    manifest = ProfileManifest(
        id=profile_id,
        name=name,
        language=language,
        transcript=transcript,
        transcript_source=source if transcript else "none",
        created_at=created,
        updated_at=created,
        quality=processed.report,
        embedding=[round(float(v), 6) for v in embedding],
        original_key=store.key(profile_id, f"original.{original_extension(filename)}"),
        original_content_type=(content_type or "application/octet-stream")[:100],
        reference_key=store.key(profile_id, "reference.wav"),
        reference_sample_rate=processed.sample_rate,
        engine=runtime.backend.name,
    )
    context = ProfileContext(store, manifest)
    context.set_reference(processed.audio, processed.sample_rate)
    try:
        with runtime.compute:
            manifest.clone = runtime.backend.prepare_profile(context)
        store.storage.put_file(manifest.original_key, upload_path, manifest.original_content_type)
        store.storage.put_bytes(manifest.reference_key, wav_bytes(processed.audio, processed.sample_rate), "audio/wav")
        store.save(manifest)
    except BaseException:
        _forget(store, profile_id)
        raise
    log.info(
        "voice profile %s created (%.1f s, similarity %s)",
        profile_id,
        processed.report.duration_s,
        manifest.clone.similarity if manifest.clone else None,
    )
    return manifest.public(store.storage)


def _forget(store: ProfileStore, profile_id: str) -> None:
    try:
        if store.redis is not None:
            store.redis.hdel(store.index_key, profile_id)
        store.storage.delete_prefix(f"voices/{profile_id}/")
    except Exception:  # the original error matters more; a leftover is logged for an operator
        log.exception("could not remove the partial profile %s", profile_id)


def list_voices(runtime: VoiceRuntime, store: ProfileStore) -> list[VoiceProfile]:
    profiles = [m.public(store.storage) for m in store.all()]
    builtins = [
        VoiceProfile(id=v.id, name=v.name, kind="builtin", engine=v.engine, languages=list(v.languages))
        for v in runtime.builtin_voices.values()
    ]
    return [*profiles, *builtins]


def get_voice(runtime: VoiceRuntime, store: ProfileStore, voice_id: str) -> VoiceProfile:
    builtin = runtime.builtin_voices.get(voice_id)
    if builtin is not None:
        return VoiceProfile(
            id=builtin.id, name=builtin.name, kind="builtin", engine=builtin.engine, languages=list(builtin.languages)
        )
    return store.get(voice_id).public(store.storage)


def update_voice(runtime: VoiceRuntime, store: ProfileStore, voice_id: str, update: VoiceUpdate) -> VoiceProfile:
    if voice_id in runtime.builtin_voices:
        raise Conflict("Built-in voices cannot be changed.", code="voice_read_only")
    manifest = store.get(voice_id)
    if update.name is not None:
        if not update.name.strip():
            raise InvalidInput("The voice needs a name.", code="invalid_name")
        manifest.name = update.name.strip()
    if update.transcript is not None:
        transcript = update.transcript.strip()
        if not transcript:
            raise InvalidInput("The transcript is empty.", code="empty_text")
        resolve_language(transcript, manifest.language or "auto")
        manifest.transcript, manifest.transcript_source = transcript, "user"
        # Prompt features built from the old transcript are stale (CosyVoice); the next use rebuilds them.
        manifest.backends.pop("cosyvoice", None)
    store.save(manifest)
    return manifest.public(store.storage)


def delete_voice(runtime: VoiceRuntime, store: ProfileStore, voice_id: str) -> None:
    if voice_id in runtime.builtin_voices:
        raise Conflict("Built-in voices cannot be deleted.", code="voice_read_only")
    store.delete(voice_id)
