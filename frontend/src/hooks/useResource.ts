/** Load data from the API (optionally refreshing on an interval) with its error kept for display. */
import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiError, toApiError } from "../api/problem";

export interface Resource<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  updatedAt: Date | null;
  reload: () => Promise<void>;
}

export function useResource<T>(load: () => Promise<T>, deps: unknown[], intervalMs?: number): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const loader = useRef(load);
  loader.current = load;
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await loader.current();
      if (mine !== generation.current) return;
      setData(value);
      setError(null);
      setUpdatedAt(new Date());
    } catch (loadError) {
      if (mine === generation.current) setError(toApiError(loadError));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    if (!intervalMs) return;
    // Pause polling while the tab is hidden; refresh as soon as it is visible again.
    const timer = window.setInterval(() => {
      if (!document.hidden) void reload();
    }, intervalMs);
    return () => window.clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reload, intervalMs, ...deps]);

  return { data, error, loading, updatedAt, reload };
}
