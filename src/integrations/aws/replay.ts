/**
 * A request handler for the AWS SDK (its HttpHandler hook) that answers from recorded responses instead of the
 * network. Each request is identified by what the SDK really sent — the service and region from the SigV4
 * credential scope, the action from the wire (query `Action=`, JSON `X-Amz-Target`, S3 and GuardDuty from method,
 * path and query) and the request's parameters — so a wrong call, a lost pagination token or a request to the
 * wrong region finds no recording and fails the test.
 *
 * A fixture folder holds `manifest.json` ({ "<request key>": "file" | { file, status, headers } }) and the bodies.
 * Keys look like `iam us-east-1 ListUsers Marker=abc`: service, region, action, then parameters sorted by name.
 */
import fs from "node:fs";
import path from "node:path";
import { type HttpHandler, type HttpRequest, HttpResponse } from "@smithy/core/protocols";

export interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type ManifestEntry = string | { file?: string; status?: number; headers?: Record<string, string> };

const CONTENT_TYPES: Record<string, string> = {
  cloudtrail: "application/x-amz-json-1.1",
  kms: "application/x-amz-json-1.1",
  guardduty: "application/json",
  s3: "application/xml",
};

const SCOPE = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  throw new Error("The replay handler cannot read a streaming request body.");
}

/** The request key (see the module comment) of a request the SDK is about to send. */
export function requestKey(req: HttpRequest): string {
  const auth = req.headers.authorization ?? req.headers.Authorization ?? "";
  const scope = SCOPE.exec(auth);
  if (!scope) throw new Error(`Unsigned request to ${req.hostname}${req.path}`);
  const [, region, service] = scope as unknown as [string, string, string];
  const params: Record<string, string> = {};
  let action: string;
  const text = bodyText(req.body);
  const target = req.headers["x-amz-target"];
  if ((req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(text);
    action = form.get("Action") ?? "?";
    for (const [k, v] of form) if (k !== "Action" && k !== "Version") params[k] = v;
  } else if (target) {
    action = target.slice(target.indexOf(".") + 1);
    for (const [k, v] of Object.entries(text ? (JSON.parse(text) as Record<string, unknown>) : {}))
      params[k] = typeof v === "string" ? v : JSON.stringify(v);
  } else if (service === "s3") {
    const bucket = req.hostname.includes(".s3.") ? req.hostname.slice(0, req.hostname.indexOf(".s3.")) : null;
    const q = Object.keys(req.query ?? {}).filter((k) => k !== "x-id");
    if (bucket) params.Bucket = bucket;
    if (!bucket && req.method === "GET") action = "ListBuckets";
    else if (q.includes("publicAccessBlock")) action = "GetPublicAccessBlock";
    else if (q.includes("encryption")) action = "GetBucketEncryption";
    else action = `${req.method} ${req.path} ${q.join(",")}`;
    const token = req.query?.["continuation-token"];
    if (typeof token === "string") params.ContinuationToken = token;
  } else if (service === "guardduty") {
    const m = /^\/detector(?:\/([^/]+))?$/.exec(req.path);
    action = !m ? `${req.method} ${req.path}` : m[1] ? "GetDetector" : "ListDetectors";
    if (m?.[1]) params.DetectorId = decodeURIComponent(m[1]);
    for (const [k, v] of Object.entries(req.query ?? {})) if (typeof v === "string") params[k] = v;
  } else action = `${req.method} ${req.path}`;
  const tail = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`);
  return [service, region, action, ...tail].join(" ");
}

/** Reads a recorded body from a fixture folder. */
export function recorded(dir: string, file: string, status = 200, headers: Record<string, string> = {}): Recorded {
  return { status, headers, body: fs.readFileSync(path.join(dir, file), "utf8") };
}

export interface ReplayHandler extends HttpHandler {
  /** Every request key served, in order. */
  calls: string[];
  /** Answers the next requests with `key` from these responses first (one each), then from the manifest. */
  queue(key: string, ...responses: Recorded[]): void;
  /** Answers every request with `key` with this response. */
  always(key: string, response: Recorded): void;
}

export function replayHandler(dir: string): ReplayHandler {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as Record<
    string,
    ManifestEntry
  >;
  const queued = new Map<string, Recorded[]>();
  const fixed = new Map<string, Recorded>();
  const calls: string[] = [];
  const fromManifest = (key: string): Recorded | null => {
    const entry = manifest[key];
    if (entry === undefined) return null;
    const e = typeof entry === "string" ? { file: entry } : entry;
    return e.file
      ? recorded(dir, e.file, e.status ?? 200, e.headers ?? {})
      : { status: e.status ?? 200, headers: e.headers ?? {}, body: "" };
  };
  return {
    calls,
    queue: (key, ...responses) => void queued.set(key, [...(queued.get(key) ?? []), ...responses]),
    always: (key, response) => void fixed.set(key, response),
    async handle(request: HttpRequest) {
      const key = requestKey(request);
      calls.push(key);
      const service = key.split(" ")[0]!;
      const r = fixed.get(key) ?? queued.get(key)?.shift() ?? fromManifest(key);
      if (!r) throw new Error(`No recorded response for: ${key}`);
      const type = CONTENT_TYPES[service] ?? "text/xml";
      return {
        response: new HttpResponse({
          statusCode: r.status,
          headers: { "content-type": type, "x-amzn-requestid": "c0ffee00-0000-4000-8000-000000000000", ...r.headers },
          body: new TextEncoder().encode(r.body),
        }),
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
}
