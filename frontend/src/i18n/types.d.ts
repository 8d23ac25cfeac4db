// Typed translation keys: a misspelt or missing key is a compile error, not raw text on screen.
import "i18next";
import type { Messages } from "./zh";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
  }
}
