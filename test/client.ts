import type { InjectOptions, LightMyRequestResponse } from "fastify";
import type { Db } from "../src/db/client.ts";
import type { ApiApp } from "../src/kernel/http/api-app.ts";
import { createSession, SESSION_COOKIE } from "../src/modules/auth/sessions.ts";

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * Drives the real server in-process (fastify.inject): keeps the session cookie and sends the CSRF token on
 * writes, as the web app does. Use `bearer` for API-token requests.
 */
export class TestClient {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  readonly app: ApiApp;
  constructor(app: ApiApp) {
    this.app = app;
  }

  async request(
    method: Method,
    url: string,
    body?: unknown,
    extra: Partial<InjectOptions> = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(extra.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrf && method !== "GET") headers["x-csrf-token"] = this.csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await this.app.inject({
      method,
      url,
      ...(body !== undefined ? { payload: body as object } : {}),
      ...extra,
      headers,
    });
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) this.cookie = set.value && (!set.expires || set.expires > new Date()) ? set.value : null;
    const json = res.headers["content-type"]?.toString().includes("json") ? safeJson(res.body) : null;
    if (json && typeof json === "object" && typeof (json as { csrfToken?: unknown }).csrfToken === "string")
      this.csrf = (json as { csrfToken: string }).csrfToken;
    return res;
  }
  get = (url: string, extra?: Partial<InjectOptions>) => this.request("GET", url, undefined, extra);
  post = (url: string, body?: unknown, extra?: Partial<InjectOptions>) => this.request("POST", url, body ?? {}, extra);
  patch = (url: string, body?: unknown) => this.request("PATCH", url, body ?? {});
  put = (url: string, body?: unknown) => this.request("PUT", url, body ?? {});
  delete = (url: string) => this.request("DELETE", url);

  /** Signs in without the sign-in route: a real session row and cookie, as after a successful sign-in. */
  async actAs(db: Db, userId: string, organizationId: string | null) {
    const s = await createSession(db, { userId, organizationId, stage: "active" });
    this.cookie = s.token;
    this.csrf = s.csrfToken;
    return this;
  }
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}
