/**
 * The typed API client (openapi-fetch over the generated schema) with the API key from the browser's
 * preferences on every request, and `call()` which turns any failure into an {@link ApiError}.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./generated/schema";
import { getPreferences } from "../settings";
import { ApiError, problemFrom, toApiError } from "./problem";

export function authHeaders(): Record<string, string> {
  const key = getPreferences().apiKey.trim();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

const auth: Middleware = {
  onRequest({ request }) {
    // A call that names its own key (checking a key before it is stored) keeps it.
    if (request.headers.has("Authorization")) return request;
    for (const [name, value] of Object.entries(authHeaders())) request.headers.set(name, value);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(auth);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Await an openapi-fetch call and return its data, or throw an ApiError built from the problem+json. */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (error) {
    throw toApiError(error);
  }
  if (!result.response.ok || result.error !== undefined) throw problemFrom(result.error, result.response);
  return result.data as T;
}

/** FormData is passed through untouched so the browser sets the multipart boundary itself. */
export const formBody = {
  bodySerializer: (body: unknown) => body as FormData,
};

export function formData(fields: Record<string, string | number | boolean | Blob | undefined | null>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    form.append(name, value instanceof Blob ? value : String(value));
  }
  return form;
}

export { ApiError };
