/** Voice page: clone voices from a reference, manage them, speak text with one (streamed), pitch shift. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBox } from "../components/ErrorBox";
import { useVoices } from "../hooks/useVoices";
import { PitchShiftPanel } from "./voice/PitchShiftPanel";
import { SpeechPanel } from "./voice/SpeechPanel";
import { VoiceCreate } from "./voice/VoiceCreate";
import { VoiceList } from "./voice/VoiceList";

export function VoicePage() {
  const { t } = useTranslation();
  const voices = useVoices();
  const [chosen, setChosen] = useState("");
  const list = voices.data ?? [];
  const voiceId = list.some((voice) => voice.id === chosen) ? chosen : (list[0]?.id ?? "");

  return (
    <div className="page" data-testid="page-voice">
      <h1>{t("voice.title")}</h1>
      <ErrorBox error={voices.error} />
      <div className="two-columns">
        <div className="column">
          <VoiceCreate onCreated={(voice) => { setChosen(voice.id); void voices.reload(); }} />
          <VoiceList voices={list} selected={voiceId} onSelect={setChosen} onChanged={() => void voices.reload()} />
        </div>
        <div className="column">
          <SpeechPanel voices={list} voiceId={voiceId} onVoice={setChosen} />
          <PitchShiftPanel />
        </div>
      </div>
    </div>
  );
}
