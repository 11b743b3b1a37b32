import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliError, EXIT } from "./output.ts";

/** Where `assay login` keeps the server URL and token (mode 0600). ASSAY_CONFIG_DIR overrides the folder. */
export function credentialsFile(): string {
  const dir =
    process.env.ASSAY_CONFIG_DIR ??
    path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config"), "assay");
  return path.join(dir, "credentials.json");
}

export interface Credentials {
  url: string;
  token: string;
}

export function saveCredentials(c: Credentials) {
  const file = credentialsFile();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(c, null, 2), { mode: 0o600 });
}

export function loadCredentials(): Credentials {
  const envUrl = process.env.ASSAY_URL;
  const envToken = process.env.ASSAY_TOKEN;
  if (envUrl && envToken) return { url: envUrl, token: envToken };
  try {
    return JSON.parse(fs.readFileSync(credentialsFile(), "utf8")) as Credentials;
  } catch {
    throw new CliError(
      "Not logged in. Run `assay login --url <server> --token <api token>` first (or set ASSAY_URL and ASSAY_TOKEN).",
      EXIT.auth,
    );
  }
}

/** Calls the Assay HTTP API with the stored token; problem+json errors become CliErrors with their message. */
export async function api<T = unknown>(
  method: string,
  apiPath: string,
  body?: unknown,
  creds = loadCredentials(),
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(apiPath, creds.url), {
      method,
      headers: {
        authorization: `Bearer ${creds.token}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw new CliError(
      `Cannot reach ${creds.url}: ${(err as Error).message}. Check the URL and that the server is running.`,
    );
  }
  const text = await res.text();
  // JSON and problem+json are parsed; anything else (CSV, JSON Lines exports) comes back as text.
  const json = /[/+]json\s*(;|$)/.test(res.headers.get("content-type") ?? "");
  const data = text && json ? JSON.parse(text) : text;
  if (!res.ok) {
    const detail = typeof data === "object" && data && "detail" in data ? String(data.detail) : res.statusText;
    throw new CliError(`${res.status}: ${detail}`, res.status === 401 || res.status === 403 ? EXIT.auth : EXIT.failure);
  }
  return data as T;
}
