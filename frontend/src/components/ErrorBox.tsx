/** A problem+json error shown readably: title, detail, code and the request id to quote. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ApiError, Problem } from "../api/problem";

interface Props {
  error: ApiError | Problem | null | undefined;
  onDismiss?: () => void;
}

export function ErrorBox({ error, onDismiss }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  const unauthorized = error.status === 401 || error.status === 403;
  return (
    <div className="error-box" role="alert" data-testid="error">
      <div className="error-head">
        <strong className="error-title">{error.title}</strong>
        {onDismiss && (
          <button type="button" className="icon-button" onClick={onDismiss} aria-label={t("error.dismiss")}>
            ×
          </button>
        )}
      </div>
      {error.detail && <p className="error-detail">{error.detail}</p>}
      {unauthorized && (
        <p>
          {t("error.unauthorized")} <Link to="/settings">{t("error.goSettings")}</Link>
        </p>
      )}
      <p className="error-meta">
        {error.code && <span>{t("error.code")}: <code>{error.code}</code></span>}
        {error.status ? <span> · HTTP {error.status}</span> : null}
        {error.instance && <span> · {t("error.requestId")}: <code>{error.instance}</code></span>}
      </p>
    </div>
  );
}
