/** Voice page: clone voices from a reference, manage them, speak text with one (streamed), pitch shift. */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBox } from "../components/ErrorBox";
import { queries } from "../queries";
import { isEnrolling } from "./voice/Enrollment";
import { PitchShiftPanel } from "./voice/PitchShiftPanel";
import { SpeechPanel } from "./voice/SpeechPanel";
import { VoiceCreate } from "./voice/VoiceCreate";
import { VoiceList } from "./voice/VoiceList";

export function VoicePage() {
  const { t } = useTranslation();
  // While a profile is being fitted, its progress comes from the list, refreshed every two seconds.
  const voices = useQuery({
    ...queries.voices(),
    refetchInterval: (query) => ((query.state.data ?? []).some(isEnrolling) ? 2000 : false),
  });
  const [chosen, setChosen] = useState("");
  const list = voices.data ?? [];
  const voiceId = list.some((voice) => voice.id === chosen) ? chosen : (list[0]?.id ?? "");

  return (
    <div className="page" data-testid="page-voice">
      <h1>{t("voice.title")}</h1>
      <ErrorBox error={voices.error} />
      <div className="two-columns">
        <div className="column">
          <VoiceCreate onCreated={(voice) => setChosen(voice.id)} />
          <VoiceList voices={list} selected={voiceId} onSelect={setChosen} />
        </div>
        <div className="column">
          <SpeechPanel voiceId={voiceId} onVoice={setChosen} />
          <PitchShiftPanel />
        </div>
      </div>
    </div>
  );
}
