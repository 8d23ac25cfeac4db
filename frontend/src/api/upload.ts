/**
 * Multipart uploads that report how much of the body has been sent. Hand-written over XMLHttpRequest because
 * `fetch` (and so openapi-fetch) has no upload progress in browsers: streaming request bodies need HTTP/2,
 * and the gateway speaks HTTP/1.1. The answer is typed from the generated spec, and failures become the same
 * {@link ApiError} as every other call.
 */
import type { paths } from "./generated/schema";
import { authHeaders } from "./client";
import { ApiError, problemFrom, toApiError } from "./problem";

/** Bytes sent so far and the body's total size. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

type DatasetAccepted = paths["/api/v1/datasets"]["post"]["responses"][202]["content"]["application/json"];

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send<T>(url: string, body: FormData, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    };
    request.onload = () => {
      const data = parse(request.responseText);
      if (request.status >= 200 && request.status < 300) {
        resolve(data as T);
        return;
      }
      const headers = new Headers();
      const requestId = request.getResponseHeader("X-Request-ID");
      if (requestId) headers.set("X-Request-ID", requestId);
      reject(problemFrom(data, new Response(null, { status: request.status, statusText: request.statusText, headers })));
    };
    request.onerror = () => reject(toApiError(new Error(`the upload to ${url} failed`)));
    request.onabort = () => reject(new ApiError({ status: 0, title: "Cancelled", code: "aborted" }));
    signal?.addEventListener("abort", () => request.abort());
    request.send(body);
  });
}

/** `POST /api/v1/datasets` with progress: the talking video and its fields, answered with the queued job. */
export function uploadDataset(
  body: FormData, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal,
): Promise<DatasetAccepted> {
  return send<DatasetAccepted>("/api/v1/datasets", body, onProgress, signal);
}
