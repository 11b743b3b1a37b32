/**
 * The Okta connector's description, settings and catalogue tests: what the registry needs at start. The Okta SDK
 * client is in connector.ts, loaded on the first test or sync of an Okta connection (src/integrations/lazy.ts).
 */
import { z } from "zod";
import { DIRECTORY, USER } from "../identity/tests.ts";
import type { ConnectorDefinition } from "../lazy.ts";
import { OKTA_TESTS } from "./tests.ts";

/** Accepts https://<org>.okta.com (or a custom domain) and keeps only the origin. */
const orgUrl = z
  .string()
  .trim()
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Give the org's address, like https://acme.okta.com." });
      return z.NEVER;
    }
    const problem =
      url.protocol !== "https:"
        ? "The org URL must start with https://."
        : url.username || url.password
          ? "The org URL must not contain a user name or password."
          : /-admin\./i.test(url.hostname)
            ? `Use the org URL without "-admin": https://${url.hostname.replace(/-admin\./i, ".")}.`
            : (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash
              ? `Give only the org's address, without a path: ${url.origin}.`
              : null;
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return url.origin;
  });

export const oktaConfig = z.strictObject({
  orgUrl,
  /** More users holding the Super Administrator or Organization Administrator role than this fails okta.admin_count. */
  maxAdmins: z.number().int().min(0).max(100).default(3),
});
export type OktaConfig = z.infer<typeof oktaConfig>;

export const oktaSecrets = z.strictObject({
  /** An SSWS API token created by a read-only administrator. */
  apiToken: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9_-]{20,200}$/,
      "Paste the API token exactly as Okta showed it (letters, digits, - and _), without the word SSWS.",
    ),
});
export type OktaSecrets = z.infer<typeof oktaSecrets>;

export const oktaDefinition: ConnectorDefinition<OktaConfig, OktaSecrets> = {
  type: "okta",
  title: "Okta",
  description:
    "Users of an Okta org: MFA enrollment, administrators, and suspended or deactivated users who still have apps or groups.",
  category: "identity",
  configSchema: oktaConfig,
  secretSchema: oktaSecrets,
  resourceTypes: [USER, DIRECTORY],
  tests: OKTA_TESTS,
};
