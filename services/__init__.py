"""TalkFace services; each runs alone and talks to the others over HTTP."""
