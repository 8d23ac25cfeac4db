from enum import StrEnum

class GateCode(StrEnum):
    AUDIO_MISSING = "audio_missing"
    AUDIO_SILENT = "audio_silent"
    FACE_TOO_SMALL = "face_too_small"
    FACE_UPSCALED = "face_upscaled"
    FRAMES_DROPPED = "frames_dropped"
    MOVING_BACKGROUND = "moving_background"
    MOVING_CAMERA = "moving_camera"
    MULTIPLE_FACES = "multiple_faces"
    NO_FACE = "no_face"
    UNDECODABLE_VIDEO = "undecodable_video"
    VIDEO_TOO_BLURRY = "video_too_blurry"
    VIDEO_TOO_LONG = "video_too_long"
    VIDEO_TOO_SHORT = "video_too_short"

    def __str__(self) -> str:
        return str(self.value)
