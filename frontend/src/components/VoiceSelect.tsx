/** Choose a voice (a cloned profile or a built-in voice), or the service's default voice. */
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { queries } from "../queries";

interface Props {
  id: string;
  value: string;
  onChange: (voiceId: string) => void;
  allowDefault?: boolean;
}

export function VoiceSelect({ id, value, onChange, allowDefault = true }: Props) {
  const { t } = useTranslation();
  const list = useQuery(queries.voices()).data ?? [];
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
