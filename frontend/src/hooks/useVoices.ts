/** The voices to speak with: built-in voices of the embedded engines and the user's cloned profiles. */
import { api, call } from "../api/client";
import type { VoiceProfile } from "../api/types";
import { useResource, type Resource } from "./useResource";

export function useVoices(): Resource<VoiceProfile[]> {
  return useResource<VoiceProfile[]>(async () => (await call(api.GET("/api/v1/voices"))).items, []);
}
