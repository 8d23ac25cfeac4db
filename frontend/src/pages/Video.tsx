import { useTranslation } from "react-i18next";

export function VideoPage() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="page-video">
      <h1>{t("video.title")}</h1>
      <p className="notice">{t("common.unavailable", { what: "/api/v1/avatars, /api/v1/videos" })}</p>
    </div>
  );
}
