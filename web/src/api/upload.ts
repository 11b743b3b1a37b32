/**
 * Writes whose body is a file rather than JSON, typed by their route like the rest of the client: a raw body
 * (the program-as-code zip) and multipart forms with upload progress (evidence files; fetch() cannot report how much
 * of a request body has been sent, so those go through XMLHttpRequest). Errors are the same ApiError.
 */
import { afterWrite, csrfHeaders, failed, type ParamArgs, reach, routeUrl } from "./client.ts";
import { ApiError, problemError } from "./errors.ts";
import type { PathOf, ResponseOf } from "./types.ts";

/** POST a file as the raw body (e.g. a zip with Content-Type application/zip). */
export async function sendFile<P extends PathOf<"post">>(
  path: P,
  file: { data: Blob | ArrayBuffer; type: string },
  ...params: ParamArgs<P, "post">
): Promise<ResponseOf<P, "post">> {
  const res = await reach(() =>
    fetch(routeUrl(path, params[0]), {
      method: "POST",
      credentials: "same-origin",
      headers: { accept: "application/json", "content-type": file.type, ...csrfHeaders() },
      body: file.data,
    }),
  );
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw failed(problemError(res.status, body));
  await afterWrite(path);
  return body as ResponseOf<P, "post">;
}

export interface UploadHandle<T> {
  done: Promise<T>;
  abort: () => void;
}

function uploadError(xhr: XMLHttpRequest): ApiError {
  if (xhr.status === 0)
    return new ApiError(0, "network_error", "The upload was interrupted. Check your connection and try again.");
  let body: unknown;
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    if (xhr.status === 413)
      return new ApiError(413, "file_too_large", "The file is larger than this server accepts for one evidence file.");
  }
  return problemError(xhr.status, body);
}

/**
 * POST a multipart form, reporting progress as the body goes out. It refreshes nothing by itself: a batch of uploads
 * refreshes once when it ends (lib/write-effects.ts `invalidateAfterWrite`), so a list that fills up does not
 * re-render the form that is still sending.
 */
export function postForm<P extends PathOf<"post">>(
  path: P,
  form: FormData,
  onProgress: (sent: number, total: number) => void,
  ...params: ParamArgs<P, "post">
): UploadHandle<ResponseOf<P, "post">> {
  const xhr = new XMLHttpRequest();
  const done = new Promise<ResponseOf<P, "post">>((resolve, reject) => {
    xhr.open("POST", routeUrl(path, params[0]));
    xhr.setRequestHeader("accept", "application/json");
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) return reject(failed(uploadError(xhr)));
      resolve(JSON.parse(xhr.responseText) as ResponseOf<P, "post">);
    };
    xhr.onerror = () => reject(uploadError(xhr));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "The upload was cancelled."));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** Appends form fields the way the API's multipart reader expects them (lists repeated, empty values left out). */
export function appendFields(form: FormData, fields: Record<string, string | string[] | null | undefined>) {
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined || value === "") continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
}
