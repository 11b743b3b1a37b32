/**
 * The Google Workspace connector's description, settings and catalogue tests: what the registry needs at start.
 * The Admin SDK client (@googleapis/admin) is in connector.ts, loaded on the first test or sync of a Google
 * Workspace connection (src/integrations/lazy.ts).
 */
import { createPrivateKey } from "node:crypto";
import { z } from "zod";
import { DIRECTORY, USER } from "../identity/tests.ts";
import type { ConnectorDefinition } from "../lazy.ts";
import { ConnectorError } from "../types.ts";
import { GOOGLE_TESTS } from "./tests.ts";

export const googleWorkspaceConfig = z.strictObject({
  /** "my_customer" (the account adminEmail belongs to) or a customer id such as C03az79cb. */
  customer: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{1,64}$/, "Use my_customer or the customer id from Account settings (e.g. C03az79cb).")
    .default("my_customer"),
  /** Only users of this domain (default: every domain of the customer). */
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, "Give a domain name such as example.com.")
    .optional(),
  /** The administrator the service account acts as (domain-wide delegation subject). */
  adminEmail: z.email("Give the email address of a Google Workspace administrator.").trim().toLowerCase(),
  /** More active super admins than this fails google.super_admin_count. */
  maxAdmins: z.number().int().min(0).max(100).default(3),
  /**
   * Also list suspended users' OAuth tokens and app passwords. Needs the admin.directory.user.security scope,
   * which also allows revoking them (Assay never does), so it is off unless asked for.
   */
  checkTokens: z.boolean().default(false),
});
export type GoogleWorkspaceConfig = z.infer<typeof googleWorkspaceConfig>;

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  client_id?: string;
  project_id?: string;
}

/** Reads the key file's JSON. Messages never quote the key: JSON.parse's own would show part of it. */
export function parseKey(text: string): ServiceAccountKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError(
      "The service account key is not valid JSON.",
      "Paste the whole content of the JSON key file downloaded from Google Cloud (IAM & Admin → Service accounts → Keys → Add key → JSON).",
    );
  }
  const k = (json ?? {}) as Record<string, unknown>;
  const missing = ["client_email", "private_key"].filter((f) => typeof k[f] !== "string" || !k[f]);
  if (typeof json !== "object" || Array.isArray(json) || missing.length)
    throw new ConnectorError(
      `The service account key has no ${missing.join(" or ") || "fields"}.`,
      'Use a service account key of type "service_account" in JSON format (not a P12 key, an OAuth client secret or an API key).',
    );
  try {
    createPrivateKey(k.private_key as string);
  } catch {
    throw new ConnectorError(
      "The service account key's private_key is not a readable PEM private key.",
      "Download a new JSON key for the service account and paste it unchanged.",
    );
  }
  return {
    client_email: k.client_email as string,
    private_key: k.private_key as string,
    client_id: typeof k.client_id === "string" ? k.client_id : undefined,
    project_id: typeof k.project_id === "string" ? k.project_id : undefined,
  };
}

export const googleWorkspaceSecrets = z.strictObject({
  /** The service account's JSON key file, as text. */
  serviceAccountKey: z
    .string()
    .max(20_000)
    .superRefine((text, ctx) => {
      try {
        parseKey(text);
      } catch (err) {
        const e = err as ConnectorError;
        ctx.addIssue({ code: "custom", message: `${e.message} ${e.guidance}` });
      }
    }),
});
export type GoogleWorkspaceSecrets = z.infer<typeof googleWorkspaceSecrets>;

export const googleWorkspaceDefinition: ConnectorDefinition<GoogleWorkspaceConfig, GoogleWorkspaceSecrets> = {
  type: "google",
  title: "Google Workspace",
  description:
    "Users of a Google Workspace account: 2-Step Verification, super admins, and suspended accounts that still hold admin rights, OAuth tokens or app passwords.",
  category: "identity",
  configSchema: googleWorkspaceConfig,
  secretSchema: googleWorkspaceSecrets,
  resourceTypes: [USER, DIRECTORY],
  tests: GOOGLE_TESTS,
};
