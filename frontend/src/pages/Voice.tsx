/** Voice page: voice profiles (cloning) and speech once the voice API offers them; pitch shift now. */
import { useTranslation } from "react-i18next";
import { PitchShiftPanel } from "./voice/PitchShiftPanel";

export function VoicePage() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="page-voice">
      <h1>{t("voice.title")}</h1>
      <PitchShiftPanel />
    </div>
  );
}
