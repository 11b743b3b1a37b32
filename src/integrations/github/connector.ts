/**
 * GitHub organization: its 2FA requirement and admins, members, outside collaborators, and per repository the
 * default branch's protection, Dependabot alerts and secret scanning. Read-only REST calls through Octokit; every
 * call (every page) goes through ctx.retry.
 */
import { outboundFetch } from "../../platform/outbound-http.ts";
import { checkDestination } from "../environment.ts";
import type { Connector, ConnectorEnvironment, ResourceInput } from "../types.ts";
import {
  call,
  explain,
  type GithubClient,
  type GithubDeps,
  githubClient,
  githubMessage,
  isHttpError,
  listAll,
  pages,
  statusOf,
} from "./client.ts";
import { type GithubConfig, type GithubSecrets, githubDefinition } from "./definition.ts";

export { type GithubConfig, type GithubSecrets, githubConfig, githubSecrets } from "./definition.ts";

type Raw = Record<string, unknown>;
interface GhAccount extends Raw {
  login: string;
  id: number;
}
interface GhCollaborator extends GhAccount {
  role_name?: string;
  permissions?: { admin?: boolean; maintain?: boolean; push?: boolean; triage?: boolean; pull?: boolean };
}
interface GhRepo extends Raw {
  id: number;
  name: string;
  full_name: string;
  archived?: boolean;
  default_branch?: string;
  security_and_analysis?: { secret_scanning?: { status?: string } } | null;
}
interface GhProtection extends Raw {
  enforce_admins?: { enabled?: boolean };
  required_pull_request_reviews?: {
    required_approving_review_count?: number;
    dismiss_stale_reviews?: boolean;
    require_code_owner_reviews?: boolean;
  };
}

/** Raw GitHub objects without their API link templates (`url`, `*_url` but html_url): noise in every resource. */
function trim(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(trim);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k === "html_url" || !(k === "url" || k.endsWith("_url")))
      .map(([k, v]) => [k, trim(v)]),
  );
}
const raw = (v: unknown) => trim(v) as Raw;

/** A collaborator's access: the role GitHub names, or the highest permission flag. */
export function accessLevel(c: GhCollaborator): string {
  if (c.role_name) return c.role_name;
  const p = c.permissions ?? {};
  return p.admin ? "admin" : p.maintain ? "maintain" : p.push ? "write" : p.triage ? "triage" : "read";
}
const canPush = (c: GhCollaborator) => {
  const p = c.permissions;
  return p ? !!(p.admin || p.maintain || p.push) : ["admin", "maintain", "write"].includes(accessLevel(c));
};

type Retry = <R>(what: string, fn: () => Promise<R>) => Promise<R>;

interface Access {
  login: string;
  id: number;
  account: GhAccount;
  repositories: { repository: string; permission: string; can_push: boolean }[];
}

/**
 * The client. Over the network, the API URL's host is checked first (a clear error for a refused one) and every
 * connection goes through the guard; a test's recorded transport reaches no network.
 */
export async function connectGithub(
  deps: GithubDeps,
  config: GithubConfig,
  token: string,
  env: ConnectorEnvironment,
  signal?: AbortSignal,
): Promise<GithubClient> {
  if (deps.fetch) return githubClient(config.apiUrl, token, deps, signal);
  await checkDestination(env, new URL(config.apiUrl).hostname);
  return githubClient(config.apiUrl, token, { ...deps, fetch: outboundFetch(env.outbound) }, signal);
}

export function makeGithubConnector(deps: GithubDeps = {}): Connector<GithubConfig, GithubSecrets> {
  const client = (config: GithubConfig, token: string, env: ConnectorEnvironment, signal?: AbortSignal) =>
    connectGithub(deps, config, token, env, signal);

  return {
    ...githubDefinition,

    async testConnection(config, secrets, env) {
      const org = config.organization;
      const noRetry: Retry = (_what, fn) => fn();
      try {
        const gh = await client(config, secrets.token, env);
        const res = await call<Raw>(noRetry, gh, `reading organization ${org}`, "GET /orgs/{org}", { org });
        const scopeHeader = res.headers["x-oauth-scopes"];
        // Classic tokens list their scopes; fine-grained and app tokens send no such header.
        const scopes =
          scopeHeader === undefined
            ? null
            : String(scopeHeader)
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean);
        const notes: string[] = [];
        if (scopes) {
          const missing = [
            ...(scopes.some((s) => ["read:org", "write:org", "admin:org"].includes(s)) ? [] : ["read:org"]),
            ...(scopes.includes("repo") ? [] : ["repo"]),
          ];
          if (missing.length)
            notes.push(
              `The token lacks the ${missing.join(" and ")} scope${missing.length > 1 ? "s" : ""}: members, private repositories, branch protection and Dependabot alerts may be unreadable.`,
            );
        }
        if (typeof res.data.two_factor_requirement_enabled !== "boolean")
          notes.push(
            "GitHub shows the organization's 2FA requirement only to its owners: use an owner's token (or a GitHub App with Administration: read), or github.org_two_factor_required reports an error.",
          );
        const login = String(res.data.login ?? org);
        const name = typeof res.data.name === "string" && res.data.name ? ` (${res.data.name})` : "";
        const how = scopes ? ` with a classic token (scopes: ${scopes.join(", ") || "none"})` : "";
        return {
          ok: true,
          message: [`Connected to the GitHub organization ${login}${name}${how}.`, ...notes].join(" "),
          details: { organization: login, scopes },
        };
      } catch (err) {
        const e = explain(err, `reading organization ${org}`, org);
        return { ok: false, error: e.message, guidance: e.guidance };
      }
    },

    async *collect(ctx) {
      const { config } = ctx;
      const org = config.organization;
      const gh = await client(config, ctx.secrets.token, ctx.env, ctx.signal);
      const fatal = (what: string) => (err: unknown) => {
        throw isHttpError(err) ? explain(err, what, org) : err;
      };
      /** An organization-level list the token may not be allowed to read: a warning, not a failed sync. */
      const optional = async <T>(what: string, route: string, params: Raw): Promise<T[] | null> => {
        try {
          return await listAll<T>(ctx.retry, gh, what, route, params);
        } catch (err) {
          if (statusOf(err) !== 403) return fatal(what)(err);
          const e = explain(err, what, org);
          ctx.warn(`${e.message} ${e.guidance}`);
          return null;
        }
      };

      await ctx.progress(`reading organization ${org}`);
      const orgWhat = `reading organization ${org}`;
      const orgData = (await call<GhAccount>(ctx.retry, gh, orgWhat, "GET /orgs/{org}", { org }).catch(fatal(orgWhat)))
        .data;
      const admins = await optional<GhAccount>(`listing the owners of ${org}`, "GET /orgs/{org}/members", {
        org,
        role: "admin",
      });
      const outside = await optional<GhAccount>(
        `listing the outside collaborators of ${org}`,
        "GET /orgs/{org}/outside_collaborators",
        { org },
      );
      yield [
        {
          type: "github_organization",
          externalId: String(orgData.id),
          name: orgData.login,
          attributes: {
            ...raw(orgData),
            admins: admins?.map((a) => a.login) ?? null,
            admin_count: admins?.length ?? null,
            outside_collaborator_count: outside?.length ?? null,
          },
        },
      ];

      await ctx.progress(`listing the members of ${org}`);
      const adminIds = new Set(admins?.map((a) => a.id));
      const membersWhat = `listing the members of ${org}`;
      try {
        for await (const page of pages<GhAccount>(ctx.retry, gh, membersWhat, "GET /orgs/{org}/members", { org }))
          yield page.map((m) => ({
            type: "user",
            externalId: String(m.id),
            name: m.login,
            attributes: { ...raw(m), organization: org, role: adminIds.has(m.id) ? "admin" : "member" },
          }));
      } catch (err) {
        if (statusOf(err) !== 403) fatal(membersWhat)(err);
        const e = explain(err, membersWhat, org);
        ctx.warn(`${e.message} ${e.guidance}`);
      }

      const access = new Map<number, Access>();
      for (const o of outside ?? []) access.set(o.id, { login: o.login, id: o.id, account: o, repositories: [] });
      let accessComplete = outside !== null;
      let checked = 0;

      const inspect = async (repo: GhRepo): Promise<ResourceInput> => {
        const r = await inspectRepository(ctx.retry, gh, org, repo, ctx.warn);
        checked++;
        if (r.collaborators === null) accessComplete = false;
        for (const c of r.collaborators ?? []) {
          const entry = access.get(c.id) ?? { login: c.login, id: c.id, account: c, repositories: [] };
          entry.repositories.push({ repository: repo.name, permission: accessLevel(c), can_push: canPush(c) });
          access.set(c.id, entry);
        }
        return r.resource;
      };
      const wanted = (repo: GhRepo) => config.includeArchived || repo.archived !== true;

      if (config.repositories) {
        for (const name of config.repositories) {
          if (ctx.signal.aborted) return;
          const what = `reading repository ${org}/${name}`;
          let repo: GhRepo;
          try {
            repo = (await call<GhRepo>(ctx.retry, gh, what, "GET /repos/{owner}/{repo}", { owner: org, repo: name }))
              .data;
          } catch (err) {
            const status = statusOf(err);
            if (status !== 404 && status !== 403) fatal(what)(err);
            ctx.warn(
              `Repository ${org}/${name} is listed in the connection's settings, but ${status === 404 ? "it does not exist or the token cannot see it" : `the token may not read it (${githubMessage(err)})`}.`,
            );
            continue;
          }
          if (!wanted(repo)) continue;
          await ctx.progress(`checking ${repo.full_name}`);
          yield [await inspect(repo)];
        }
      } else {
        const what = `listing the repositories of ${org}`;
        for await (const page of pages<GhRepo>(ctx.retry, gh, what, "GET /orgs/{org}/repos", { org, type: "all" })) {
          if (ctx.signal.aborted) return;
          const batch: ResourceInput[] = [];
          for (const repo of page.filter(wanted)) {
            await ctx.progress(`checking ${repo.full_name}`);
            batch.push(await inspect(repo));
          }
          if (batch.length) yield batch;
        }
      }

      // Outside collaborators last: their access is what the repositories' collaborator lists said.
      const collaborators: ResourceInput[] = [...access.values()].map((a) => ({
        type: "outside_collaborator",
        externalId: String(a.id),
        name: a.login,
        attributes: {
          ...raw(a.account),
          organization: org,
          repositories: a.repositories,
          push_access_repositories: a.repositories.filter((x) => x.can_push).map((x) => x.repository),
          repositories_checked: checked,
          access_complete: accessComplete,
        },
      }));
      if (collaborators.length) yield collaborators;
    },
  };
}

/**
 * One repository: the default branch's protection (404: not protected), Dependabot alerts (204 on, 404 off) and
 * its outside collaborators. A call the token may not make is a warning (the sync is partial) and leaves the
 * attribute null, so its test says it could not tell rather than guessing.
 */
async function inspectRepository(
  retry: Retry,
  gh: GithubClient,
  org: string,
  repo: GhRepo,
  warn: (m: string) => void,
): Promise<{ resource: ResourceInput; collaborators: GhCollaborator[] | null }> {
  const full = `${org}/${repo.name}`;
  const p = { owner: org, repo: repo.name };
  const refused = (what: string, need: string) => (err: unknown) => {
    const status = statusOf(err);
    if (status === null || status === 401) throw isHttpError(err) ? explain(err, what, org) : err;
    warn(`${what} was refused (${status} ${githubMessage(err)}): the token needs ${need}.`);
    return undefined;
  };
  // Archived repositories are read-only: protection and alerts do not apply, so they are not asked for.
  const active = repo.archived !== true;

  let protection: GhProtection | null | undefined;
  let protectionMessage: string | null = null;
  if (active && repo.default_branch) {
    const what = `Reading the protection of ${full}@${repo.default_branch}`;
    protection = await call<GhProtection>(retry, gh, what, "GET /repos/{owner}/{repo}/branches/{branch}/protection", {
      ...p,
      branch: repo.default_branch,
    }).then(
      (r) => r.data,
      (err) => {
        if (statusOf(err) !== 404)
          return refused(what, "admin access to the repository (fine-grained: Administration: read)")(err);
        protectionMessage = githubMessage(err);
        return null;
      },
    );
  }

  let dependabot: boolean | undefined;
  if (active) {
    const what = `Reading whether Dependabot alerts are on for ${full}`;
    dependabot = await call(retry, gh, what, "GET /repos/{owner}/{repo}/vulnerability-alerts", p).then(
      (r) => r.status === 204,
      (err) =>
        statusOf(err) === 404
          ? false
          : refused(what, "admin access to the repository (fine-grained: Administration: read)")(err),
    );
  }

  const collaboratorsWhat = `Listing the outside collaborators of ${full}`;
  const collaborators =
    (await listAll<GhCollaborator>(retry, gh, collaboratorsWhat, "GET /repos/{owner}/{repo}/collaborators", {
      ...p,
      affiliation: "outside",
    }).catch(refused(collaboratorsWhat, "push access to the repository (fine-grained: Metadata: read)"))) ?? null;

  const reviews = protection?.required_pull_request_reviews;
  const unknown = protection === undefined;
  const analysis = repo.security_and_analysis;
  return {
    collaborators,
    resource: {
      type: "repository",
      externalId: String(repo.id),
      name: repo.full_name,
      attributes: {
        ...raw(repo),
        organization: org,
        default_branch_protection: protection ? raw(protection) : null,
        default_branch_protected: unknown ? null : protection !== null,
        default_branch_protection_message: protectionMessage,
        required_approving_review_count: unknown ? null : (reviews?.required_approving_review_count ?? 0),
        dismiss_stale_reviews: unknown ? null : (reviews?.dismiss_stale_reviews ?? false),
        require_code_owner_reviews: unknown ? null : (reviews?.require_code_owner_reviews ?? false),
        enforce_admins: unknown ? null : (protection?.enforce_admins?.enabled ?? false),
        dependabot_alerts_enabled: dependabot ?? null,
        // null: GitHub sent no security_and_analysis (shown to admins only); "unavailable": the plan lacks it.
        secret_scanning: analysis ? (analysis.secret_scanning?.status ?? "unavailable") : null,
        outside_collaborators: collaborators?.map((c) => ({ login: c.login, permission: accessLevel(c) })) ?? null,
      },
    },
  };
}

export const githubConnector = makeGithubConnector();
