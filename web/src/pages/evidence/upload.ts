import { ApiError, type FieldError } from "../../api.ts";

/**
 * Multipart POSTs with upload progress. fetch() cannot report how much of a request body has been sent, so files
 * go through XMLHttpRequest; errors come back as the same ApiError the rest of the app shows.
 */
export interface UploadHandle<T> {
  done: Promise<T>;
  abort: () => void;
}

function problemOf(xhr: XMLHttpRequest): ApiError {
  if (xhr.status === 0)
    return new ApiError(0, "network_error", "The upload was interrupted. Check your connection and try again.");
  try {
    const p = JSON.parse(xhr.responseText) as Record<string, unknown>;
    const detail = typeof p.detail === "string" ? p.detail : `The server answered ${xhr.status}.`;
    const errors = Array.isArray(p.errors) ? (p.errors as FieldError[]) : [];
    return new ApiError(xhr.status, typeof p.code === "string" ? p.code : `http_${xhr.status}`, detail, errors, p);
  } catch {
    if (xhr.status === 413)
      return new ApiError(413, "file_too_large", "The file is larger than this server accepts for one evidence file.");
    return new ApiError(xhr.status, `http_${xhr.status}`, `The server answered ${xhr.status}. Try again in a moment.`);
  }
}

export function postMultipart<T>(
  path: string,
  form: FormData,
  csrfToken: string | null,
  onProgress: (sent: number, total: number) => void,
): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open("POST", path);
    xhr.setRequestHeader("accept", "application/json");
    if (csrfToken) xhr.setRequestHeader("x-csrf-token", csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as T);
      else reject(problemOf(xhr));
    };
    xhr.onerror = () => reject(problemOf(xhr));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "The upload was cancelled."));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** Appends submission fields the way the API's multipart reader expects them (controls repeated). */
export function appendFields(form: FormData, fields: Record<string, string | string[] | null | undefined>) {
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined || value === "") continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
}
