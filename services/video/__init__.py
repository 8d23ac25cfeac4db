"""TalkFace video service."""
