/**
 * The GitHub connector's description, settings and catalogue tests: what the registry needs at start. The Octokit
 * client is in connector.ts and client.ts, loaded on the first test or sync of a GitHub connection
 * (src/integrations/lazy.ts).
 */
import { z } from "zod";
import type { ConnectorDefinition } from "../lazy.ts";
import { GITHUB_TESTS } from "./tests.ts";

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

const apiUrl = z
  .string()
  .trim()
  .default("https://api.github.com")
  .superRefine((v, ctx) => {
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      ctx.addIssue({ code: "custom", message: "Give the API's URL, like https://api.github.com." });
      return;
    }
    const problem =
      u.protocol !== "https:"
        ? "The API URL must use https (the token travels with every request)."
        : u.username || u.password
          ? "Do not put credentials in the URL: put the token in the connection's secrets."
          : u.search || u.hash
            ? "The API URL takes no query or fragment."
            : u.hostname === "github.com" || u.hostname === "www.github.com"
              ? "That is the website: use https://api.github.com."
              : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((v) => v.replace(/\/+$/, ""));

export const githubConfig = z.strictObject({
  /** The organization's login, as in https://github.com/<login>. */
  organization: z
    .string()
    .trim()
    .regex(LOGIN, "Use the organization's login as in https://github.com/<login>, e.g. acme-corp."),
  /** https://api.github.com, or a GitHub Enterprise Server's https://<host>/api/v3. */
  apiUrl,
  /** More organization owners than this fails github.org_admin_count. */
  maxAdmins: z.number().int().min(1).max(1000).default(3),
  /** Only these repositories (names without the owner); default: every repository of the organization. */
  repositories: z
    .array(z.string().trim().regex(REPO, "Give repository names without the owner, e.g. api (not acme-corp/api)."))
    .min(1)
    .max(1000)
    .optional(),
  /** Archived repositories are read-only; by default they are not collected. */
  includeArchived: z.boolean().default(false),
});
export type GithubConfig = z.infer<typeof githubConfig>;

export const githubSecrets = z.strictObject({
  /** A classic or fine-grained personal access token, or a GitHub App installation token. */
  token: z.string().trim().min(1, "Enter a GitHub token.").max(1000),
});
export type GithubSecrets = z.infer<typeof githubSecrets>;

export const githubDefinition: ConnectorDefinition<GithubConfig, GithubSecrets> = {
  type: "github",
  title: "GitHub",
  description:
    "A GitHub organization: 2FA requirement, owners, members, outside collaborators, and per repository branch protection, Dependabot alerts and secret scanning. Also feeds the change register (merged pull requests) and the vulnerability register (code scanning and Dependabot alerts).",
  category: "source_code",
  configSchema: githubConfig,
  secretSchema: githubSecrets,
  resourceTypes: ["github_organization", "repository", "user", "outside_collaborator"],
  tests: GITHUB_TESTS,
};
