"""TalkFace voice service."""
