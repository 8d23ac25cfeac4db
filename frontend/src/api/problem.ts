/**
 * Errors from the API are RFC 9457 problem+json (`title`, `detail`, `code`, `instance` = request id).
 * Everything that can go wrong in a call becomes an {@link ApiError} so pages show one readable message
 * instead of swallowing failures.
 */
import type { components } from "./generated/schema";

export type Problem = components["schemas"]["Problem"];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | null;
  readonly instance: string | null;
  readonly retryable: boolean;

  constructor(problem: Partial<Problem> & { status: number; title: string; code: string }) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail ?? null;
    this.instance = problem.instance ?? null;
    this.retryable = problem.retryable ?? false;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "title" in value && "status" in value;
}

/** Build an ApiError from a parsed body (problem+json or anything else) and the HTTP response. */
export function problemFrom(body: unknown, response: Response): ApiError {
  if (isProblem(body)) {
    return new ApiError({ ...body, status: body.status ?? response.status, code: body.code ?? "unknown" });
  }
  const text = typeof body === "string" && body.trim() ? body.trim().slice(0, 300) : null;
  return new ApiError({
    status: response.status,
    title: response.statusText || `HTTP ${response.status}`,
    code: `http_${response.status}`,
    detail: text,
    instance: response.headers.get("X-Request-ID"),
  });
}

/** Read a failed response's body (JSON when it is JSON) and turn it into an ApiError. */
export async function problemFromResponse(response: Response): Promise<ApiError> {
  const type = response.headers.get("content-type") ?? "";
  let body: unknown;
  try {
    body = type.includes("json") ? await response.json() : await response.text();
  } catch {
    body = null; // an unreadable body: the status alone says what failed
  }
  return problemFrom(body, response);
}

/** Anything thrown (network failure, abort, ApiError) as an ApiError the UI can render. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DOMException && error.name === "AbortError") {
    return new ApiError({ status: 0, title: "Cancelled", code: "aborted" });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ status: 0, title: "Network error", code: "network_error", detail: message });
}
