/** The shell: header (language and theme switches), navigation, and the routed pages. */
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Route, Routes, Link } from "react-router";
import { LANGUAGES } from "./i18n";
import { setPreferences, usePreferences, type Language, type ThemeChoice } from "./settings";
import { useThemeEffect } from "./theme";
import { ApiKeyGate } from "./components/ApiKeyGate";
import { HomePage } from "./pages/Home";
import { JobPage } from "./pages/Job";
import { VoicePage } from "./pages/Voice";
import { VideoPage } from "./pages/Video";
import { ChatPage } from "./pages/Chat";
import { SettingsPage } from "./pages/Settings";
import { TrainingPage } from "./pages/Training";

const NAV = [
  { to: "/", key: "home", icon: "◎" },
  { to: "/voice", key: "voice", icon: "♪" },
  { to: "/video", key: "video", icon: "▶" },
  { to: "/chat", key: "chat", icon: "✉" },
  { to: "/settings", key: "settings", icon: "⚙" },
  { to: "/training", key: "training", icon: "⚒" },
] as const;

export function App() {
  const { t, i18n } = useTranslation();
  const preferences = usePreferences();
  const main = useRef<HTMLElement>(null);
  useThemeEffect(preferences.theme);

  const changeLanguage = (language: Language) => {
    setPreferences({ language });
    void i18n.changeLanguage(language);
  };

  return (
    <div className="shell">
      {/* A button, not an anchor: with hash routing `#main` would be taken as a route. */}
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        {t("app.skip")}
      </button>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">◉</span> {t("app.name")}
        </Link>
        <span className="tagline">{t("app.tagline")}</span>
        <div className="switches">
          <label>
            <span className="visually-hidden">{t("app.language")}</span>
            <select
              value={preferences.language}
              onChange={(event) => changeLanguage(event.target.value as Language)}
              data-testid="language-select"
            >
              {Object.entries(LANGUAGES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
            </select>
          </label>
          <label>
            <span className="visually-hidden">{t("app.theme")}</span>
            <select
              value={preferences.theme}
              onChange={(event) => setPreferences({ theme: event.target.value as ThemeChoice })}
              data-testid="theme-select"
            >
              {(["system", "light", "dark"] as const).map((theme) => (
                <option key={theme} value={theme}>{t(`app.themes.${theme}`)}</option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <nav className="sidenav" aria-label={t("app.navigation")}>
        <ul>
          {NAV.map((item) => (
            <li key={item.key}>
              <NavLink to={item.to} end={item.to === "/"} data-testid={`nav-${item.key}`}>
                <span className="nav-icon" aria-hidden="true">{item.icon}</span>
                {t(`nav.${item.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {/* No page until the browser has an API key the gateway accepts. */}
        <ApiKeyGate>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/jobs/:jobId" element={<JobPage />} />
            <Route path="/voice" element={<VoicePage />} />
            <Route path="/video" element={<VideoPage />} />
            <Route path="/chat" element={<ChatPage />} />
            <Route path="/chat/:conversationId" element={<ChatPage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="/training" element={<TrainingPage />} />
            <Route path="/training/:datasetId" element={<TrainingPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </ApiKeyGate>
      </main>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("notFound.title")}</h1>
      <Link to="/">{t("notFound.back")}</Link>
    </section>
  );
}
