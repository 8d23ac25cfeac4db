/**
 * The voices a render or a conversation can speak with. Filled from GET /api/v1/voices once the voice
 * service offers it; until then the list is empty and pages fall back to the service's default voice.
 */
export interface VoiceOption {
  id: string;
  name: string;
  kind: string;
}

export interface Voices {
  voices: VoiceOption[];
  available: boolean;
}

export function useVoices(): Voices {
  return { voices: [], available: false };
}
