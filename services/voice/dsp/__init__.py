"""Signal processing used by the voice service (WORLD vocoder based)."""
