import { useTranslation } from "react-i18next";

export function ChatPage() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="page-chat">
      <h1>{t("chat.title")}</h1>
      <p className="notice">{t("common.unavailable", { what: "/api/v1/conversations" })}</p>
    </div>
  );
}
