/**
 * Okta users through the Okta management API (@okta/okta-sdk-nodejs v8, SSWS API token): status, enrolled
 * factors, admin roles, and what suspended or deactivated users still hold (app links, group memberships).
 */
import okta from "@okta/okta-sdk-nodejs";
import type { OutboundPolicy } from "../../platform/net-guard.ts";
import { outboundHttpsAgent } from "../../platform/outbound-http.ts";
import { checkDestination } from "../environment.ts";
import { ForbiddenError, scrub } from "../identity/errors.ts";
import { DIRECTORY, USER } from "../identity/tests.ts";
import { paginate } from "../retry.ts";
import {
  type Connector,
  type ConnectorEnvironment,
  ConnectorError,
  type ResourceInput,
  type TestConnectionResult,
  ThrottledError,
  TransientError,
} from "../types.ts";
import { type OktaConfig, type OktaSecrets, oktaDefinition } from "./definition.ts";

export { type OktaConfig, type OktaSecrets, oktaConfig, oktaSecrets } from "./definition.ts";

/** Roles counted against maxAdmins: the ones that can change (nearly) everything in the org. */
export const TOP_ADMIN_ROLES = ["SUPER_ADMIN", "ORG_ADMIN"];
const CAN_SIGN_IN = new Set(["ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY"]);
const OFFBOARDED = new Set(["SUSPENDED", "DEPROVISIONED"]);

/**
 * Where HTTP goes. The SDK's own 429 retry is off (maxRetries 0) so throttling reaches the sync's retry policy,
 * which honours x-rate-limit-reset and reports its waits. Tests pass an executor serving recorded responses.
 */
export interface OktaTransport {
  requestExecutor?: () => okta.RequestExecutor;
}
/** Over the network, sockets resolve through the guard (ASSAY_OUTBOUND_ALLOW) and redirects are not followed. */
export function networkExecutor(policy: OutboundPolicy) {
  const executor = new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 60_000 });
  const agent = outboundHttpsAgent(policy);
  const send = executor.fetch.bind(executor);
  executor.fetch = (request) => send(Object.assign(request, { agent, redirect: "manual" }));
  return executor;
}

/** The org URL's host is checked first over the network (a clear error when refused); recorded transports skip it. */
async function oktaClient(
  config: OktaConfig,
  secrets: OktaSecrets,
  transport: OktaTransport,
  env: ConnectorEnvironment,
) {
  if (!transport.requestExecutor) await checkDestination(env, new URL(config.orgUrl).hostname);
  return new okta.Client({
    orgUrl: config.orgUrl,
    token: secrets.apiToken,
    // Explicit, so the SDK's okta.yaml / OKTA_CLIENT_* lookups on this server cannot switch the mode.
    authorizationMode: "SSWS",
    requestExecutor: transport.requestExecutor?.() ?? networkExecutor(env.outbound),
    // Every sync must see fresh data.
    cacheMiddleware: null,
  });
}

interface OktaErrorShape {
  status?: number;
  errorCode?: string;
  errorSummary?: string;
  headers?: Headers | Record<string, string>;
  message?: string;
  code?: string;
  type?: string;
}

const header = (h: OktaErrorShape["headers"], name: string): string | null => {
  if (!h) return null;
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name);
  return (h as Record<string, string>)[name] ?? null;
};

/** How long until x-rate-limit-reset (epoch seconds), measured on Okta's clock (its Date header) when given. */
export function rateLimitWait(reset: string | null, date: string | null, now: Date = new Date()): number | null {
  if (!reset || !/^\d+$/.test(reset.trim())) return null;
  const server = date ? Date.parse(date) : Number.NaN;
  return Math.max(0, Number(reset) * 1000 - (Number.isNaN(server) ? now.getTime() : server));
}

const TOKEN_HELP =
  "Create a new token in the Okta Admin Console (Security → API → Tokens) while signed in as an administrator with the Read-Only Administrator role, and paste it into the connection's secrets.";

/** Turns an SDK error into ThrottledError / TransientError for the retry policy, or what is wrong and what to do. */
export function explainOkta(err: unknown, config: OktaConfig): Error {
  if (err instanceof ConnectorError || err instanceof ThrottledError || err instanceof TransientError) return err;
  const e = (err ?? {}) as OktaErrorShape;
  const host = new URL(config.orgUrl).host;
  const what = e.errorCode ? `${e.errorCode}: ${e.errorSummary}` : (e.message ?? "unknown error").slice(0, 300);
  if (e.status === 429)
    return new ThrottledError(
      `Okta rate limit (${what})`,
      rateLimitWait(header(e.headers, "x-rate-limit-reset"), header(e.headers, "date")),
    );
  if (e.status !== undefined && e.status >= 500) return new TransientError(`Okta answered ${e.status} (${what}).`);
  if (e.status === 401)
    return new ConnectorError(
      `Okta rejected the API token (${what}).`,
      `The token was revoked, expired (a token unused for 30 days expires), or its administrator was deactivated, or it belongs to another org than ${host}. ${TOKEN_HELP}`,
    );
  if (e.status === 403)
    return new ForbiddenError(
      `The API token's administrator may not read this (${what}).`,
      "An API token acts with the permissions of the administrator who created it. Create it as an administrator with the Read-Only Administrator role (or a custom role that can view users, their factors, apps, groups and roles).",
    );
  if (e.status === 404)
    return new ForbiddenError(
      `${host} has no such object (${what}).`,
      `Check that ${config.orgUrl} is the address of your Okta org (https://<org>.okta.com, without -admin).`,
    );
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN")
    return new ConnectorError(
      `The host name ${host} does not resolve.`,
      "Check the org URL: https://<your-org>.okta.com (or okta-emea.com, oktapreview.com, or your custom domain).",
    );
  if (e.code === "ECONNREFUSED" || e.code === "CERT_HAS_EXPIRED" || e.code === "ERR_TLS_CERT_ALTNAME_INVALID")
    return new ConnectorError(
      `Could not connect to ${host} (${e.code}).`,
      "Check the org URL, and that this server can reach it over https (proxy, firewall).",
    );
  if (e.type === "request-timeout" || ["ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED"].includes(String(e.code)))
    return new TransientError(`The connection to ${host} failed (${e.code ?? e.type}).`);
  if (e.status !== undefined)
    return new ConnectorError(`Okta answered ${e.status} (${what}).`, "Check the org URL and the API token.");
  return new ConnectorError(`Could not use Okta at ${host}: ${what}`, "Check the org URL and the API token.");
}

/** Items of every page of an SDK collection (factors, app links, groups, roles of one user). */
async function allPages<T>(open: () => Promise<okta.Collection<T>>): Promise<Record<string, unknown>[]> {
  const coll = await open();
  const out: Record<string, unknown>[] = [];
  do out.push(...(await coll.getNextPage()));
  while (coll.nextUri);
  return out;
}

const str = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? null : String(v));
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : str(v));

interface OktaUserShape {
  id?: string;
  status?: string;
  created?: Date;
  activated?: Date | null;
  statusChanged?: Date | null;
  lastLogin?: Date | null;
  passwordChanged?: Date | null;
  profile?: { email?: string; login?: string; firstName?: string | null; lastName?: string | null };
}

export function createOktaConnector(transport: OktaTransport = {}): Connector<OktaConfig, OktaSecrets> {
  return {
    ...oktaDefinition,

    async testConnection(config, secrets, env): Promise<TestConnectionResult> {
      const hide = [secrets.apiToken];
      try {
        const client = await oktaClient(config, secrets, transport, env);
        // The org's name is a courtesy: some read-only roles may not see org settings.
        const org = await client.orgSettingApi.getOrgSettings().catch((err: unknown) => {
          if ((err as OktaErrorShape).status === 403) return null;
          throw err;
        });
        const users = await (await client.userApi.listUsers({ limit: 1 })).getNextPage();
        return {
          ok: true,
          message: `Connected to ${org?.companyName ? `${org.companyName} (${config.orgUrl})` : config.orgUrl} and read ${users.length ? "its users" : "its (empty) user list"}.`,
          details: { org: org?.companyName ?? null, subdomain: org?.subdomain ?? null },
        };
      } catch (err) {
        const e = explainOkta(err, config);
        const status = (err as OktaErrorShape).status;
        if (status === 404 || (status !== undefined && status < 400))
          return {
            ok: false,
            error: `${config.orgUrl} does not answer like an Okta org (HTTP ${status}).`,
            guidance: "Use your org's address, https://<org>.okta.com (without -admin), or its custom domain.",
          };
        if (e instanceof ConnectorError)
          return { ok: false, error: scrub(e.message, hide), guidance: scrub(e.guidance, hide) };
        return {
          ok: false,
          error: scrub(e.message, hide),
          guidance:
            e instanceof ThrottledError
              ? "The org's API rate limit is used up right now: try again in a minute."
              : `Check that this server can reach ${config.orgUrl} (proxy, firewall), then try again.`,
        };
      }
    },

    async *collect(ctx) {
      const { config } = ctx;
      const hide = [ctx.secrets.apiToken];
      const client = await oktaClient(config, ctx.secrets, transport, ctx.env);
      const call = async <T>(fn: () => Promise<T>): Promise<T> => {
        try {
          return await fn();
        } catch (err) {
          const e = explainOkta(err, config);
          e.message = scrub(e.message, hide);
          throw e;
        }
      };
      /** One user's details: a refusal becomes a warning and null, anything else stops the sync. */
      const perUser = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
        try {
          return await ctx.retry(what, () => call(fn));
        } catch (err) {
          if (!(err instanceof ForbiddenError)) throw err;
          ctx.warn(`${what}: ${err.message} ${err.guidance}`);
          return null;
        }
      };

      // Administrators first, so each user page carries its users' roles.
      let roles: Map<string, string[]> | null = new Map();
      try {
        const pages = paginate(ctx.retry, "listing Okta administrators", async (cursor) => {
          const res = await call(() =>
            client.roleAssignmentApi.listUsersWithRoleAssignments({ limit: 100, ...(cursor ? { after: cursor } : {}) }),
          );
          const next = res._links?.next?.href;
          return { items: res.value ?? [], next: next ? new URL(next).searchParams.get("after") : null };
        });
        for await (const page of pages)
          for (const a of page) {
            if (!a.id) continue;
            const userId = a.id;
            const assigned = await perUser(`reading the admin roles of user ${userId}`, () =>
              allPages(() => client.roleAssignmentApi.listAssignedRolesForUser({ userId })),
            );
            roles.set(
              userId,
              assigned ? [...new Set(assigned.map((r) => str(r.type) ?? str(r.label) ?? "custom"))] : [],
            );
          }
      } catch (err) {
        if (!(err instanceof ForbiddenError)) throw err;
        ctx.warn(`listing Okta administrators: ${err.message} ${err.guidance}`);
        roles = null;
      }

      const emailOf = new Map<string, string>();
      const statusOf = new Map<string, string>();
      const counts: Record<string, number> = {};
      const seen = new Set<string>();
      // The plain listing leaves out deactivated users; they are listed on their own.
      const listings = [
        { what: "listing Okta users", params: { limit: 200 } },
        { what: "listing deactivated Okta users", params: { limit: 200, search: 'status eq "DEPROVISIONED"' } },
      ];
      for (const listing of listings) {
        const coll = await client.userApi.listUsers(listing.params);
        const pages = paginate(ctx.retry, listing.what, async () => {
          const items = (await call(() => coll.getNextPage())) as OktaUserShape[];
          return { items, next: coll.nextUri ?? null };
        });
        for await (const users of pages) {
          const batch: ResourceInput[] = [];
          for (const u of users) {
            if (ctx.signal.aborted) return;
            if (!u.id || seen.has(u.id)) continue;
            seen.add(u.id);
            const userId = u.id;
            const status = String(u.status ?? "UNKNOWN");
            const email = (u.profile?.email ?? u.profile?.login ?? "").toLowerCase();
            emailOf.set(userId, email);
            statusOf.set(userId, status);
            counts[status] = (counts[status] ?? 0) + 1;
            const canSignIn = CAN_SIGN_IN.has(status);
            const offboarded = OFFBOARDED.has(status);
            const adminRoles = roles ? (roles.get(userId) ?? []) : null;

            let factors: Record<string, unknown>[] | null = null;
            if (canSignIn)
              factors = await perUser(`reading the factors of ${email}`, () =>
                allPages(() => client.userFactorApi.listFactors({ userId })),
              );
            const active = factors?.filter((f) => f.status === "ACTIVE") ?? [];

            let apps: string[] | null = null;
            let groups: string[] | null = null;
            if (offboarded) {
              const links = await perUser(`reading the apps of ${email}`, () =>
                allPages(() => client.userApi.listAppLinks({ userId })),
              );
              apps = links ? [...new Set(links.map((l) => str(l.label) ?? str(l.appName) ?? "unnamed app"))] : null;
              const memberOf = await perUser(`reading the groups of ${email}`, () =>
                allPages(() => client.userApi.listUserGroups({ userId })),
              );
              // "Everyone" (BUILT_IN) grants nothing by itself.
              groups = memberOf
                ? memberOf
                    .filter((g) => g.type !== "BUILT_IN")
                    .map((g) => str((g.profile as { name?: string } | undefined)?.name) ?? str(g.id) ?? "")
                : null;
            }
            const held = [
              ...(apps ?? []).map((a) => `the app "${a}"`),
              ...(groups ?? []).map((g) => `membership of group "${g}"`),
              ...(adminRoles ?? []).map((r) => `the admin role ${r}`),
            ];
            const unknown = offboarded && (apps === null || groups === null || adminRoles === null);
            batch.push({
              type: USER,
              externalId: userId,
              name: email || userId,
              attributes: {
                email,
                status: status.toLowerCase(),
                can_sign_in: canSignIn,
                offboarded,
                mfa_enrolled: canSignIn ? (factors ? active.length > 0 : null) : null,
                mfa_methods: active.map((f) => `${f.factorType}${f.provider ? ` (${f.provider})` : ""}`),
                is_admin: adminRoles ? adminRoles.length > 0 : null,
                admin_roles: adminRoles,
                access_held: offboarded ? (unknown && !held.length ? null : held) : null,
                access_checked: ["apps", "groups", "admin roles"],
                id: userId,
                login: (u.profile?.login ?? "").toLowerCase() || null,
                first_name: u.profile?.firstName ?? null,
                last_name: u.profile?.lastName ?? null,
                okta_status: status,
                created: iso(u.created),
                activated: iso(u.activated),
                status_changed: iso(u.statusChanged),
                last_login: iso(u.lastLogin),
                password_changed: iso(u.passwordChanged),
                factors: factors?.map((f) => ({ type: f.factorType, provider: f.provider, status: f.status })) ?? null,
                apps,
                groups,
              },
            });
          }
          await ctx.progress(`read ${seen.size} Okta users`);
          yield batch;
        }
      }

      const host = new URL(config.orgUrl).host;
      const top = roles
        ? [...roles].filter(([, r]) => r.some((x) => TOP_ADMIN_ROLES.includes(x))).map(([id]) => id)
        : null;
      const label = (id: string) => emailOf.get(id) || id;
      yield [
        {
          type: DIRECTORY,
          externalId: host,
          name: `Okta ${host}`,
          attributes: {
            provider: "okta",
            org_url: config.orgUrl,
            // Only admins who can sign in count; suspended or deactivated ones are the offboarding test's.
            admins: top ? top.filter((id) => CAN_SIGN_IN.has(statusOf.get(id) ?? "")).map(label) : null,
            admin_count: top ? top.filter((id) => CAN_SIGN_IN.has(statusOf.get(id) ?? "")).length : null,
            inactive_admins: top ? top.filter((id) => !CAN_SIGN_IN.has(statusOf.get(id) ?? "")).map(label) : null,
            all_admins: roles ? [...roles].map(([id, r]) => ({ email: label(id), roles: r })) : null,
            user_count: seen.size,
            users_by_status: counts,
          },
        },
      ];
    },
  };
}

export const oktaConnector = createOktaConnector();
