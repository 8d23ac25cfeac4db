/**
 * Server state through TanStack Query: one client for the app (retries only what the API marks retryable),
 * and the read queries pages share, each under one key so a change anywhere refreshes every view of it.
 */
import { QueryClient, queryOptions } from "@tanstack/react-query";
import { api, call } from "./api/client";
import type { ApiError } from "./api/problem";

declare module "@tanstack/react-query" {
  interface Register {
    // `call()` turns every failure into an ApiError, so that is what queries and mutations report.
    defaultError: ApiError;
  }
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (failures, error) => error.retryable && failures < 2 },
    mutations: { retry: false },
  },
});

/** How often the dashboard refreshes while the tab is visible (TanStack Query pauses while it is hidden). */
export const DASHBOARD_REFRESH_MS = 5000;

export const queries = {
  system: () => queryOptions({ queryKey: ["system"], queryFn: () => call(api.GET("/api/v1/system")) }),
  recentJobs: () => queryOptions({
    queryKey: ["jobs", "recent"],
    queryFn: async () => (await call(api.GET("/api/v1/jobs", { params: { query: { limit: 10 } } }))).items,
  }),
  job: (jobId: string) => queryOptions({
    queryKey: ["jobs", jobId],
    queryFn: () => call(api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: jobId } } })),
  }),
  voices: () => queryOptions({
    queryKey: ["voices"], queryFn: async () => (await call(api.GET("/api/v1/voices"))).items,
  }),
  voice: (voiceId: string) => queryOptions({
    queryKey: ["voices", voiceId],
    queryFn: () => call(api.GET("/api/v1/voices/{voice_id}", { params: { path: { voice_id: voiceId } } })),
  }),
  avatars: () => queryOptions({
    queryKey: ["avatars"], queryFn: async () => (await call(api.GET("/api/v1/avatars"))).items,
  }),
  videos: () => queryOptions({
    queryKey: ["videos"],
    queryFn: async () => (await call(api.GET("/api/v1/videos", { params: { query: { limit: 24 } } }))).items,
  }),
  datasets: () => queryOptions({
    queryKey: ["datasets"], queryFn: async () => (await call(api.GET("/api/v1/datasets"))).items,
  }),
  dataset: (datasetId: string) => queryOptions({
    queryKey: ["datasets", datasetId],
    queryFn: () => call(api.GET("/api/v1/datasets/{dataset_id}", { params: { path: { dataset_id: datasetId } } })),
  }),
  conversations: () => queryOptions({
    queryKey: ["conversations"],
    queryFn: async () =>
      (await call(api.GET("/api/v1/conversations", { params: { query: { limit: 50 } } }))).items,
  }),
  conversation: (conversationId: string) => queryOptions({
    queryKey: ["conversations", conversationId],
    queryFn: () => call(api.GET("/api/v1/conversations/{conversation_id}", {
      params: { path: { conversation_id: conversationId } },
    })),
  }),
};
