/** Choose a voice (a cloned profile or a built-in voice), or the service's default voice. */
import { useTranslation } from "react-i18next";
import type { VoiceProfile } from "../api/types";
import { useVoices } from "../hooks/useVoices";

interface Props {
  id: string;
  value: string;
  onChange: (voiceId: string) => void;
  /** Voices already loaded by the page (so a new profile shows at once); loaded here otherwise. */
  voices?: VoiceProfile[];
  allowDefault?: boolean;
}

export function VoiceSelect({ id, value, onChange, voices, allowDefault = true }: Props) {
  const { t } = useTranslation();
  const loaded = useVoices();
  const list = voices ?? loaded.data ?? [];
  const profiles = list.filter((voice) => voice.kind !== "builtin");
  const builtins = list.filter((voice) => voice.kind === "builtin");
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)} data-testid="voice-select">
      {allowDefault && <option value="">{t("voice.defaultVoice")}</option>}
      {profiles.length > 0 && (
        <optgroup label={t("voice.myVoices")}>
          {profiles.map((voice) => <option key={voice.id} value={voice.id}>{voice.name}</option>)}
        </optgroup>
      )}
      {builtins.length > 0 && (
        <optgroup label={t("voice.builtinVoices")}>
          {builtins.map((voice) => <option key={voice.id} value={voice.id}>{voice.name} · {voice.engine}</option>)}
        </optgroup>
      )}
    </select>
  );
}
