/** Locale-aware formatting of sizes, times and ratios for display. */
import i18n from "./i18n";

const locale = () => (i18n.language === "zh" ? "zh-CN" : "en-GB");

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(locale(), { dateStyle: "short", timeStyle: "medium" });
}

export function formatTime(date: Date): string {
  return date.toLocaleTimeString(locale());
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
}
