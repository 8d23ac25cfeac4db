import { useTranslation } from "react-i18next";
import type { ServiceStatus } from "../api/types";

type Checks = NonNullable<ServiceStatus["checks"]>;

/**
 * What a service depends on (Redis, S3, its LLM, ASR, speech backend, renderers), each with its state and the
 * reason, so a service that is not ready says which part is missing. The state is written, not only coloured.
 */
export function DependencyList({ service, checks }: { service: string; checks: Checks }) {
  const { t } = useTranslation();
  const entries = Object.entries(checks);
  if (entries.length === 0) return null;
  return (
    <ul className="dependency-list" data-testid={`dependencies-${service}`}>
      {entries.map(([name, check]) => (
        <li key={name} data-testid={`dependency-${service}-${name}`} data-state={check.state}>
          <span className={`dep-state dep-state-${check.state}`}>{t(`dependency.${check.state}`)}</span>{" "}
          <span className="mono">{name}</span>
          {!check.required && <span className="muted"> ({t("dependency.optional")})</span>}
          {check.detail && <span className="muted dependency-detail"> — {check.detail}</span>}
        </li>
      ))}
    </ul>
  );
}
