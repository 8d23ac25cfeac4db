/**
 * Browser-side preferences (API key, language, theme), kept in localStorage and shared through a tiny
 * subscribe/get store so React components re-render with `useSyncExternalStore`.
 */
import { useSyncExternalStore } from "react";

export type ThemeChoice = "system" | "light" | "dark";
export type Language = "zh" | "en";

export interface Preferences {
  apiKey: string;
  language: Language;
  theme: ThemeChoice;
}

const STORAGE_KEY = "talkface.preferences";
const DEFAULTS: Preferences = { apiKey: "", language: "zh", theme: "system" };
const listeners = new Set<() => void>();

function load(): Preferences {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? { ...DEFAULTS, ...(JSON.parse(raw) as Partial<Preferences>) } : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

let current = load();

export function getPreferences(): Preferences {
  return current;
}

export function setPreferences(change: Partial<Preferences>): void {
  current = { ...current, ...change };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Another tab changed the preferences: pick them up here too.
window.addEventListener("storage", (event) => {
  if (event.key === STORAGE_KEY) {
    current = load();
    listeners.forEach((listener) => listener());
  }
});

export function usePreferences(): Preferences {
  return useSyncExternalStore(subscribe, getPreferences);
}
