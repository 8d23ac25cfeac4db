/**
 * The API key before any page: a stored key the gateway accepts; else the key a local stack hands to a browser on
 * its own machine (`GET /api/v1/auth/local-key`, refused in production and to any other machine); else a
 * first-run dialog that says what the key is and where to find it, checks a pasted key and stores it.
 */
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { api, call } from "../api/client";
import { toApiError } from "../api/problem";
import { getPreferences, setPreferences } from "../settings";

type GateState = "checking" | "ready" | "missing" | "rejected";

/** A cheap authenticated call with `key` (not the stored one): throws the ApiError when it is refused. */
async function checkKey(key: string): Promise<void> {
  await call(api.GET("/api/v1/auth/key", { headers: { Authorization: `Bearer ${key}` } }));
}

async function resolveKey(): Promise<GateState> {
  const stored = getPreferences().apiKey.trim();
  if (stored) {
    try {
      await checkKey(stored);
      return "ready";
    } catch (error) {
      // Only a refused key needs the user; anything else (gateway restarting, Redis down) the pages report.
      if (toApiError(error).status !== 401) return "ready";
    }
  }
  try {
    const local = await call(api.GET("/api/v1/auth/local-key"));
    setPreferences({ apiKey: local.api_key });
    return "ready";
  } catch {
    return stored ? "rejected" : "missing";
  }
}

export function ApiKeyGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [state, setState] = useState<GateState>("checking");

  // Once per page load, not a query: a page that invalidates every query (Settings saving a key) must not send
  // the user back through this gate.
  useEffect(() => {
    let current = true;
    void resolveKey().then((resolved) => {
      if (current) setState(resolved);
    });
    return () => {
      current = false;
    };
  }, []);

  if (state === "ready") return <>{children}</>;
  if (state === "checking") return <p className="muted" role="status">{t("common.loading")}</p>;
  return <FirstRunDialog rejected={state === "rejected"} onAccepted={() => setState("ready")} />;
}

function FirstRunDialog({ rejected, onAccepted }: { rejected: boolean; onAccepted: () => void }) {
  const { t } = useTranslation();
  const [key, setKey] = useState("");
  const [visible, setVisible] = useState(false);
  const [empty, setEmpty] = useState(false);
  const check = useMutation({
    mutationFn: checkKey,
    onSuccess: (_, candidate) => {
      setPreferences({ apiKey: candidate });
      onAccepted();
    },
  });
  const failure = check.error;
  const problem = empty
    ? t("firstRun.empty")
    : failure && (failure.status === 401
      ? t("firstRun.wrongKey")
      : t("firstRun.checkFailed", { reason: failure.detail ?? failure.title }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const candidate = key.trim();
    setEmpty(!candidate);
    if (candidate) check.mutate(candidate);
  };

  const code = { code: <code /> };
  return (
    <dialog open className="first-run card" aria-labelledby="first-run-title" data-testid="first-run">
      <h1 id="first-run-title">{t("firstRun.title")}</h1>
      <p>{t("firstRun.intro")}</p>
      {rejected && <p className="notice">{t("firstRun.storedRejected")}</p>}
      <h2>{t("firstRun.whereTitle")}</h2>
      <ul>
        <li><Trans i18nKey="firstRun.whereLocal" components={code} /></li>
        <li><Trans i18nKey="firstRun.whereServer" components={code} /></li>
      </ul>
      <form className="form" onSubmit={submit} noValidate>
        <label htmlFor="first-run-key">{t("settings.apiKey")}</label>
        <div className="row">
          <input
            id="first-run-key" name="api-key" type={visible ? "text" : "password"} autoComplete="off"
            autoFocus value={key} onChange={(event) => setKey(event.target.value)} className="grow"
            aria-describedby="first-run-kept" aria-invalid={!!problem}
          />
          <button type="button" className="secondary" onClick={() => setVisible(!visible)} aria-pressed={visible}>
            {visible ? t("settings.hide") : t("settings.show")}
          </button>
        </div>
        <p id="first-run-kept" className="small muted">{t("firstRun.keptHere")}</p>
        {problem && <p className="first-run-problem" role="alert" data-testid="first-run-problem">{problem}</p>}
        <div className="row">
          <button type="submit" disabled={check.isPending}>
            {check.isPending ? t("firstRun.checking") : t("firstRun.connect")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
