"""TalkFace trainer service."""
