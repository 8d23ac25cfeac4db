/** What the service measured on a reference recording, with its warnings first. */
import { useTranslation } from "react-i18next";
import type { VoiceProfile } from "../../api/types";
import { formatPercent, formatSeconds } from "../../format";

export function QualityReport({ voice }: { voice: VoiceProfile }) {
  const { t } = useTranslation();
  const quality = voice.quality;
  if (!quality) return null;
  const warnings = quality.warnings ?? [];
  return (
    <div className="quality" data-testid="quality-report">
      <h3>{t("voice.quality")}</h3>
      {warnings.length > 0 ? (
        <ul className="warnings" role="list">
          {warnings.map((warning) => <li key={warning} className="warn">⚠ {warning}</li>)}
        </ul>
      ) : <p className="ok small">{t("voice.noWarnings")}</p>}
      <dl className="facts small">
        <dt>{t("voice.duration")}</dt>
        <dd>{formatSeconds(quality.duration_s)} ({t("voice.ofOriginal", { seconds: formatSeconds(quality.original_duration_s) })})</dd>
        <dt>{t("voice.snr")}</dt><dd>{quality.snr_db == null ? "—" : `${quality.snr_db.toFixed(1)} dB`}</dd>
        <dt>{t("voice.clipping")}</dt><dd>{formatPercent(quality.clipping_ratio)}</dd>
        <dt>{t("voice.loudness")}</dt>
        <dd>{quality.loudness_lufs == null ? "—" : `${quality.loudness_lufs.toFixed(1)} LUFS`} → {quality.normalized_lufs.toFixed(0)} LUFS</dd>
        <dt>{t("voice.speechRatio")}</dt><dd>{formatPercent(quality.speech_ratio)}</dd>
        <dt>{t("voice.medianF0")}</dt><dd>{quality.median_f0_hz == null ? "—" : `${quality.median_f0_hz.toFixed(0)} Hz`}</dd>
        <dt>{t("voice.sampleRate")}</dt><dd>{quality.sample_rate} Hz</dd>
        {voice.transcript && (<><dt>{t("voice.transcript")}</dt><dd>{voice.transcript}</dd></>)}
        {voice.clone && (
          <>
            <dt>{t("voice.similarity")}</dt>
            <dd>{voice.clone.base_similarity.toFixed(2)} → <strong>{voice.clone.similarity.toFixed(2)}</strong></dd>
            <dt>{t("voice.baseVoice")}</dt><dd className="mono">{voice.clone.base_voice}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
