/** API key (kept in this browser), interface preferences, and what the server reports about itself. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { DependencyList } from "../components/DependencyList";
import { ErrorBox } from "../components/ErrorBox";
import { ReadyBadge } from "../components/StatusBadge";
import { queries } from "../queries";
import { setPreferences, usePreferences } from "../settings";

export function SettingsPage() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  const [key, setKey] = useState(preferences.apiKey);
  const [visible, setVisible] = useState(false);
  const [saved, setSaved] = useState(false);
  const queryClient = useQueryClient();
  // What the server reports with the stored key: asked on opening the page and whenever the key changes.
  const test = useQuery({
    ...queries.system(),
    queryKey: [...queries.system().queryKey, preferences.apiKey],
    enabled: !!preferences.apiKey,
    retry: false,
  });
  const system = test.isError ? null : (test.data ?? null);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setPreferences({ apiKey: key.trim() });
    setSaved(true);
    // Everything loaded so far was asked with the old key.
    void queryClient.invalidateQueries();
  };

  return (
    <div className="page" data-testid="page-settings">
      <h1>{t("settings.title")}</h1>
      <form className="card form" onSubmit={save}>
        <label htmlFor="api-key">{t("settings.apiKey")}</label>
        <div className="row">
          <input
            id="api-key" name="api-key" type={visible ? "text" : "password"} autoComplete="off"
            value={key} onChange={(event) => { setKey(event.target.value); setSaved(false); }}
            aria-describedby="api-key-help" className="grow"
          />
          <button type="button" className="secondary" onClick={() => setVisible(!visible)} aria-pressed={visible}>
            {visible ? t("settings.hide") : t("settings.show")}
          </button>
        </div>
        <p id="api-key-help" className="small muted">{t("settings.apiKeyHelp")}</p>
        <div className="row">
          <button type="submit">{t("common.save")}</button>
          <button type="button" className="secondary" onClick={() => void test.refetch()} disabled={test.isFetching}>
            {t("settings.test")}
          </button>
          {saved && <span role="status" className="ok">{t("settings.saved")}</span>}
        </div>
      </form>
      <ErrorBox error={test.error} />
      {system && (
        <section className="card" aria-labelledby="server-title" data-testid="server-info">
          <h2 id="server-title">{t("settings.server")}</h2>
          <p role="status" className="ok">{t("settings.testOk", { version: system.version })}</p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("home.service")}</th>
                  <th scope="col">{t("home.state")}</th>
                  <th scope="col">{t("home.version")}</th>
                  <th scope="col">{t("home.checks")}</th>
                </tr>
              </thead>
              <tbody>
                {system.services.map((service) => (
                  <tr key={service.name}>
                    <td><strong>{service.name}</strong><div className="small muted mono">{service.url}</div></td>
                    <td><ReadyBadge ready={service.ready} /></td>
                    <td className="mono">{service.version ?? "—"}</td>
                    <td className="small">
                      <DependencyList service={service.name} checks={service.checks ?? {}} />
                      {service.error}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <VoiceEngines />
          <p><a href="/docs" target="_blank" rel="noreferrer">{t("settings.apiDocs")}</a></p>
        </section>
      )}
    </div>
  );
}

/** The speech engines the voice service runs, from its built-in voices. */
function VoiceEngines() {
  const { t } = useTranslation();
  const voices = useQuery(queries.voices());
  const engines = new Map<string, string[]>();
  for (const voice of voices.data ?? []) {
    if (voice.kind !== "builtin") continue;
    engines.set(voice.engine, [...(engines.get(voice.engine) ?? []), voice.name]);
  }
  if (engines.size === 0) return null;
  return (
    <>
      <h3>{t("settings.voiceEngines")}</h3>
      <ul className="plain-list small" data-testid="voice-engines">
        {[...engines].map(([engine, names]) => (
          <li key={engine}><strong className="mono">{engine}</strong>: {names.join(", ")}</li>
        ))}
      </ul>
    </>
  );
}
