/** Applies the theme preference (system, light or dark) to <html data-theme> and follows the OS setting. */
import { useEffect } from "react";
import type { ThemeChoice } from "./settings";

const media = window.matchMedia("(prefers-color-scheme: dark)");

export function resolveTheme(choice: ThemeChoice): "light" | "dark" {
  return choice === "system" ? (media.matches ? "dark" : "light") : choice;
}

export function useThemeEffect(choice: ThemeChoice): void {
  useEffect(() => {
    const apply = () => {
      document.documentElement.dataset.theme = resolveTheme(choice);
    };
    apply();
    media.addEventListener("change", apply);
    return () => media.removeEventListener("change", apply);
  }, [choice]);
}
