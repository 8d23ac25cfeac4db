/** i18next with the two bundled languages; Chinese is the default, the choice lives in the preferences. */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { getPreferences, type Language } from "../settings";
import en from "./en";
import zh from "./zh";

export const LANGUAGES: Record<Language, string> = { zh: "中文", en: "English" };

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: getPreferences().language,
  fallbackLng: "zh",
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncDocumentLanguage(language: string): void {
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
}
syncDocumentLanguage(i18n.language);
i18n.on("languageChanged", syncDocumentLanguage);

export default i18n;
