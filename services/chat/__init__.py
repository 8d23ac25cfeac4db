"""TalkFace chat service."""
