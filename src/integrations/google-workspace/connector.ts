/**
 * Google Workspace users through the Admin SDK Directory API (@googleapis/admin, directory_v1): 2-Step
 * Verification, administrators, and what suspended or archived accounts still hold. A service account signs in
 * with domain-wide delegation as `adminEmail` (google-auth-library's JWT client, read-only scopes).
 */
import { admin, type admin_directory_v1, auth } from "@googleapis/admin";
import { ForbiddenError, scrub } from "../identity/errors.ts";
import { DIRECTORY, USER } from "../identity/tests.ts";
import { paginate, parseRetryAfter } from "../retry.ts";
import {
  type Connector,
  ConnectorError,
  type ResourceInput,
  type TestConnectionResult,
  ThrottledError,
  TransientError,
} from "../types.ts";
import {
  type GoogleWorkspaceConfig,
  type GoogleWorkspaceSecrets,
  googleWorkspaceDefinition,
  parseKey,
  type ServiceAccountKey,
} from "./definition.ts";

export const USER_READONLY_SCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly";
/** Needed to list a user's OAuth tokens and app passwords; Google has no read-only variant of it. */
export const USER_SECURITY_SCOPE = "https://www.googleapis.com/auth/admin.directory.user.security";

export {
  type GoogleWorkspaceConfig,
  type GoogleWorkspaceSecrets,
  googleWorkspaceConfig,
  googleWorkspaceSecrets,
  parseKey,
} from "./definition.ts";

export const scopesFor = (config: GoogleWorkspaceConfig) =>
  config.checkTokens ? [USER_READONLY_SCOPE, USER_SECURITY_SCOPE] : [USER_READONLY_SCOPE];

/** Where HTTP goes: the real network, or (tests) a `fetch` serving recorded responses through gaxios. */
export interface GoogleTransport {
  fetch?: typeof fetch;
}

function directoryClient(config: GoogleWorkspaceConfig, key: ServiceAccountKey, transport: GoogleTransport) {
  const jwt = new auth.JWT({
    email: key.client_email,
    key: key.private_key,
    subject: config.adminEmail,
    scopes: scopesFor(config),
    // One gaxios instance carries the token exchange and the API calls. Its own retries are off: throttling and
    // transient failures go to the sync's retry policy, which honours Retry-After and reports its waits.
    transporterOptions: {
      timeout: 60_000,
      retryConfig: { retry: 0 },
      ...(transport.fetch ? { fetchImplementation: transport.fetch } : {}),
    },
  });
  return admin({ version: "directory_v1", auth: jwt });
}

interface GoogleErrorShape {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; headers?: Headers; data?: unknown };
}

const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"]);
const NETWORK = new Set(["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EAI_AGAIN", "ENOTFOUND", "EPIPE", "TimeoutError"]);

/**
 * Turns a gaxios error (from the token endpoint or the Directory API) into what is wrong and what to do:
 * ThrottledError / TransientError for the retry policy, ConnectorError (ForbiddenError for a 403 on one object)
 * otherwise. Messages are built from the error's code and Google's text only, never from the request.
 */
export function explainGoogle(err: unknown, config: GoogleWorkspaceConfig, key: ServiceAccountKey): Error {
  if (err instanceof ConnectorError || err instanceof ThrottledError || err instanceof TransientError) return err;
  const e = (err ?? {}) as GoogleErrorShape;
  const status = e.response?.status ?? e.status;
  const data = e.response?.data as
    | {
        error?:
          | string
          | { message?: string; errors?: { reason?: string }[]; details?: { reason?: string }[]; status?: string };
        error_description?: string;
      }
    | undefined;
  const scopes = scopesFor(config).join(",");
  const client = key.client_id ? `client ID ${key.client_id}` : `the service account ${key.client_email}`;
  const delegation = `In the Google Admin console → Security → Access and data control → API controls → Manage domain-wide delegation, add ${client} with the scopes ${scopes}.`;

  // The OAuth token endpoint answers { error, error_description }.
  if (typeof data?.error === "string") {
    const desc = data.error_description ?? "";
    if (data.error === "unauthorized_client")
      return new ConnectorError(
        `Google refused to issue a token for ${config.adminEmail}: domain-wide delegation is not granted to ${key.client_email} for the scopes ${scopes}.`,
        `${delegation} Changes can take a few minutes (rarely up to 24 hours) to apply.`,
      );
    if (data.error === "invalid_grant" && /invalid email|user id/i.test(desc))
      return new ConnectorError(
        `Google does not know the admin user ${config.adminEmail}.`,
        "Set adminEmail to the primary email address of an existing administrator of this Google Workspace account.",
      );
    if (data.error === "invalid_grant" && /signature/i.test(desc))
      return new ConnectorError(
        `Google rejected the signature of ${key.client_email}'s key: the key was deleted or disabled.`,
        "Create a new JSON key for the service account in Google Cloud and paste it into the connection's secrets.",
      );
    if (data.error === "invalid_grant" && /iat|exp|timeframe/i.test(desc))
      return new ConnectorError(
        "Google rejected the token request as outside its time window.",
        "This server's clock is off: synchronise it with NTP.",
      );
    if (data.error === "invalid_client" || data.error === "disabled_client")
      return new ConnectorError(
        `Google does not accept the service account ${key.client_email} (${data.error}${desc ? `: ${desc}` : ""}).`,
        "Check that the service account still exists and is enabled in Google Cloud, or create a new key.",
      );
    return new ConnectorError(
      `Google refused to issue a token: ${data.error}${desc ? ` (${desc})` : ""}.`,
      `Check the service account key and adminEmail. ${delegation}`,
    );
  }

  const apiError = typeof data?.error === "object" ? data.error : undefined;
  const reasons = [...(apiError?.errors ?? []), ...(apiError?.details ?? [])].map((x) => x.reason ?? "");
  const text = apiError?.message ?? e.message ?? "unknown error";
  if (status === 429 || reasons.some((r) => RATE_REASONS.has(r)))
    return new ThrottledError(
      `Google Directory API rate limit: ${text}`,
      parseRetryAfter(e.response?.headers?.get?.("retry-after")),
    );
  if (status !== undefined && status >= 500) return new TransientError(`Google answered ${status}: ${text}`);
  if (status === undefined && NETWORK.has(String(e.code)))
    return new TransientError(`Could not reach Google (${e.code}).`);
  if (reasons.includes("accessNotConfigured") || reasons.includes("SERVICE_DISABLED"))
    return new ConnectorError(
      `The Admin SDK API is not enabled in the service account's Google Cloud project${key.project_id ? ` ${key.project_id}` : ""}.`,
      `Enable it at https://console.cloud.google.com/apis/library/admin.googleapis.com${key.project_id ? `?project=${key.project_id}` : ""}, wait a few minutes and try again.`,
    );
  if (status === 401)
    return new ConnectorError(
      `Google did not accept the credentials: ${text}`,
      `Check the service account key. ${delegation}`,
    );
  if (status === 403)
    return new ForbiddenError(
      `${config.adminEmail} may not read this: Google answered "${text}".`,
      `adminEmail must be an administrator allowed to read users (a super admin, or an admin role with the Admin API privilege Users → Read)${config.domain ? `, and ${config.domain} must belong to this Google Workspace account` : ""}. Scopes delegated must include ${scopes}.`,
    );
  if (status === 400 || status === 404)
    return new ConnectorError(
      `Google rejected the request: ${text}`,
      config.domain
        ? `Check that the domain ${config.domain} is a domain of this Google Workspace account.`
        : `Check the customer setting (${config.customer}): use my_customer or the id shown in Admin console → Account → Account settings.`,
    );
  return new ConnectorError(`Google Directory API: ${text}`, "Check the connection's settings and try again.");
}

const EPOCH = "1970-01-01T00:00:00.000Z";
const stamp = (v: string | null | undefined) => (v && v !== EPOCH ? v : null);

/** Maps a Directory API user onto the identity attributes (see identity/tests.ts) plus Google's own fields. */
export function userResource(
  u: admin_directory_v1.Schema$User,
  extra: {
    accessHeld: string[] | null;
    accessChecked: string[];
    tokens: string[] | null;
    appPasswords: string[] | null;
  },
): ResourceInput {
  const email = (u.primaryEmail ?? "").toLowerCase();
  const suspended = u.suspended === true;
  const archived = u.archived === true;
  const roles = [...(u.isAdmin ? ["super admin"] : []), ...(u.isDelegatedAdmin ? ["delegated admin"] : [])];
  return {
    type: USER,
    externalId: u.id ?? email,
    name: u.name?.fullName ? `${u.name.fullName} <${email}>` : email,
    attributes: {
      email,
      status: suspended ? "suspended" : archived ? "archived" : "active",
      can_sign_in: !suspended && !archived,
      offboarded: suspended || archived,
      mfa_enrolled: u.isEnrolledIn2Sv === true,
      mfa_methods: [],
      is_admin: roles.length > 0,
      admin_roles: roles,
      access_held: suspended || archived ? extra.accessHeld : null,
      access_checked: extra.accessChecked,
      id: u.id ?? null,
      primary_email: email,
      full_name: u.name?.fullName ?? null,
      suspended,
      suspension_reason: u.suspensionReason ?? null,
      archived,
      is_super_admin: u.isAdmin === true,
      is_delegated_admin: u.isDelegatedAdmin === true,
      is_enrolled_in_2sv: u.isEnrolledIn2Sv === true,
      is_enforced_in_2sv: u.isEnforcedIn2Sv === true,
      last_login_time: stamp(u.lastLoginTime),
      creation_time: stamp(u.creationTime),
      org_unit_path: u.orgUnitPath ?? null,
      customer_id: u.customerId ?? null,
      oauth_tokens: extra.tokens,
      app_passwords: extra.appPasswords,
    },
  };
}

export function createGoogleWorkspaceConnector(
  transport: GoogleTransport = {},
): Connector<GoogleWorkspaceConfig, GoogleWorkspaceSecrets> {
  return {
    ...googleWorkspaceDefinition,

    async testConnection(config, secrets): Promise<TestConnectionResult> {
      const hide = [secrets.serviceAccountKey];
      let key: ServiceAccountKey;
      try {
        key = parseKey(secrets.serviceAccountKey);
      } catch (err) {
        const e = err as ConnectorError;
        return { ok: false, error: e.message, guidance: e.guidance };
      }
      hide.push(key.private_key);
      try {
        const dir = directoryClient(config, key, transport);
        const res = await dir.users.list({
          ...(config.domain ? { domain: config.domain } : { customer: config.customer }),
          maxResults: 1,
        });
        const first = res.data.users?.[0];
        return {
          ok: true,
          message: `Signed in as ${config.adminEmail} through ${key.client_email} and read the users of ${config.domain ?? config.customer}${first?.customerId ? ` (customer ${first.customerId})` : ""}.`,
          details: { scopes: scopesFor(config), customerId: first?.customerId ?? null },
        };
      } catch (err) {
        const e = explainGoogle(err, config, key);
        if (e instanceof ConnectorError)
          return { ok: false, error: scrub(e.message, hide), guidance: scrub(e.guidance, hide) };
        return {
          ok: false,
          error: scrub(e.message, hide),
          guidance:
            e instanceof ThrottledError
              ? "Google is rate limiting this project: try again in a minute."
              : "Check that this server can reach oauth2.googleapis.com and admin.googleapis.com (proxy, firewall), then try again.",
        };
      }
    },

    async *collect(ctx) {
      const { config } = ctx;
      const key = parseKey(ctx.secrets.serviceAccountKey);
      const hide = [ctx.secrets.serviceAccountKey, key.private_key];
      const dir = directoryClient(config, key, transport);
      const call = async <T>(fn: () => Promise<T>): Promise<T> => {
        try {
          return await fn();
        } catch (err) {
          const e = explainGoogle(err, config, key);
          e.message = scrub(e.message, hide);
          throw e;
        }
      };
      /** A per-user read: a refusal becomes a warning and null, anything else stops the sync. */
      const perUser = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
        try {
          return await ctx.retry(what, () => call(fn));
        } catch (err) {
          if (!(err instanceof ForbiddenError)) throw err;
          ctx.warn(`${what}: ${err.message} ${err.guidance}`);
          return null;
        }
      };

      const superAdmins: string[] = [];
      const suspendedSuperAdmins: string[] = [];
      const delegatedAdmins: string[] = [];
      const counts = { users: 0, active: 0, suspended: 0, archived: 0 };
      let customerId: string | null = null;
      const pages = paginate(ctx.retry, "listing Google Workspace users", async (cursor) => {
        const res = await call(() =>
          dir.users.list({
            ...(config.domain ? { domain: config.domain } : { customer: config.customer }),
            maxResults: 500,
            orderBy: "email",
            ...(cursor ? { pageToken: cursor } : {}),
          }),
        );
        return { items: res.data.users ?? [], next: res.data.nextPageToken ?? null };
      });
      for await (const users of pages) {
        const batch: ResourceInput[] = [];
        for (const u of users) {
          if (ctx.signal.aborted) return;
          const email = (u.primaryEmail ?? "").toLowerCase();
          customerId ??= u.customerId ?? null;
          counts.users++;
          const offboarded = u.suspended === true || u.archived === true;
          if (u.suspended) counts.suspended++;
          else if (u.archived) counts.archived++;
          else counts.active++;
          if (u.isAdmin) (offboarded ? suspendedSuperAdmins : superAdmins).push(email);
          if (u.isDelegatedAdmin && !offboarded) delegatedAdmins.push(email);

          let tokens: string[] | null = null;
          let appPasswords: string[] | null = null;
          const held: string[] = [];
          const checked = ["admin privileges"];
          if (u.isAdmin) held.push("super admin privileges");
          if (u.isDelegatedAdmin) held.push("delegated admin roles");
          let unknown = false;
          if (offboarded && config.checkTokens) {
            checked.push("OAuth tokens", "app passwords");
            const userKey = u.id ?? email;
            const t = await perUser(`reading the OAuth tokens of ${email}`, () => dir.tokens.list({ userKey }));
            const a = await perUser(`reading the app passwords of ${email}`, () => dir.asps.list({ userKey }));
            if (t) {
              tokens = (t.data.items ?? []).map((x) => x.displayText ?? x.clientId ?? "unnamed app");
              held.push(...tokens.map((name) => `an OAuth token for ${name}`));
            } else unknown = true;
            if (a) {
              appPasswords = (a.data.items ?? []).map((x) => x.name ?? `app password ${x.codeId ?? ""}`.trim());
              held.push(...appPasswords.map((name) => `the app password "${name}"`));
            } else unknown = true;
          }
          batch.push(
            userResource(u, {
              accessHeld: unknown && held.length === 0 ? null : held,
              accessChecked: checked,
              tokens,
              appPasswords,
            }),
          );
        }
        await ctx.progress(`read ${counts.users} Google Workspace users`);
        yield batch;
      }
      const id = customerId ?? config.domain ?? config.customer;
      yield [
        {
          type: DIRECTORY,
          externalId: id,
          name: `Google Workspace ${config.domain ?? id}`,
          attributes: {
            provider: "google",
            customer_id: customerId,
            domain: config.domain ?? null,
            admins: superAdmins,
            admin_count: superAdmins.length,
            suspended_super_admins: suspendedSuperAdmins,
            delegated_admins: delegatedAdmins,
            user_count: counts.users,
            active_user_count: counts.active,
            suspended_user_count: counts.suspended,
            archived_user_count: counts.archived,
          },
        },
      ];
    },
  };
}

export const googleWorkspaceConnector = createGoogleWorkspaceConnector();
