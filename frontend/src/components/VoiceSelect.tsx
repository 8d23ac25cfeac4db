/** Choose a voice (built-in or cloned profile), or the service's default voice. */
import { useTranslation } from "react-i18next";
import { useVoices } from "../hooks/useVoices";

interface Props {
  id: string;
  value: string;
  onChange: (voiceId: string) => void;
}

export function VoiceSelect({ id, value, onChange }: Props) {
  const { t } = useTranslation();
  const { voices } = useVoices();
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)} data-testid="voice-select">
      <option value="">{t("voice.defaultVoice")}</option>
      {voices.map((voice) => (
        <option key={voice.id} value={voice.id}>
          {voice.name} {voice.kind === "builtin" ? `(${t("voice.builtin")})` : ""}
        </option>
      ))}
    </select>
  );
}
