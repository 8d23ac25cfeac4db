import { useTranslation } from "react-i18next";

/** Placeholder in the navigation until the trainer service lands. */
export function TrainingPage() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="page-training">
      <h1>{t("training.title")} <span className="soon">{t("nav.comingSoon")}</span></h1>
      <p>{t("training.body")}</p>
    </div>
  );
}
