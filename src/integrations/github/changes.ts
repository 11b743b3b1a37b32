/**
 * Merged pull requests of a GitHub organization's repositories in a date range, for the change register: author,
 * approving reviews (each reviewer's latest decision), the head commit's check runs and commit status, merged at and
 * by. Read-only REST calls through Octokit, every call (every page) through ctx.retry.
 */
import type { ChangeCollectContext, ChangeInput } from "../types.ts";
import { call, explain, type GithubClient, type GithubDeps, isHttpError, listAll, pages, statusOf } from "./client.ts";
import { connectGithub } from "./connector.ts";
import type { GithubConfig, GithubSecrets } from "./definition.ts";

interface GhUser {
  login: string;
}
interface GhPull {
  number: number;
  title: string;
  body: string | null;
  html_url: string;
  user: GhUser | null;
  merged_at: string | null;
  updated_at: string;
  merge_commit_sha: string | null;
  merged_by?: GhUser | null;
  head: { sha: string };
}
interface GhReview {
  user: GhUser | null;
  state: string;
  submitted_at?: string | null;
}
interface GhCheckRuns {
  total_count: number;
  check_runs: { name: string; status: string; conclusion: string | null }[];
}
interface GhStatus {
  state: string;
  total_count: number;
}

/** Each reviewer's latest decision; the approvals among them (a later "changes requested" or dismissal cancels one). */
export function approvalsOf(reviews: readonly GhReview[]): { by: string; at: string | null }[] {
  const latest = new Map<string, GhReview>();
  for (const r of reviews)
    if (r.user?.login && ["APPROVED", "CHANGES_REQUESTED", "DISMISSED"].includes(r.state)) latest.set(r.user.login, r);
  return [...latest.entries()]
    .filter(([, r]) => r.state === "APPROVED")
    .map(([by, r]) => ({ by, at: r.submitted_at ?? null }));
}

const PASSING = new Set(["success", "neutral", "skipped"]);

/** Passed when every completed check run passed and the combined status is success; null when nothing reported. */
export function checksOf(runs: GhCheckRuns | null, status: GhStatus | null): boolean | null {
  const list = runs?.check_runs ?? [];
  const hasStatus = !!status && status.total_count > 0;
  if (!list.length && !hasStatus) return null;
  const runsPass = list.every((r) => r.status === "completed" && r.conclusion !== null && PASSING.has(r.conclusion));
  return runsPass && (!hasStatus || status!.state === "success");
}

export function makeGithubChangeCollector(deps: GithubDeps = {}) {
  return async function collect(ctx: ChangeCollectContext<GithubConfig, GithubSecrets>): Promise<ChangeInput[]> {
    const { config } = ctx;
    const org = config.organization;
    const gh = await connectGithub(deps, config, ctx.secrets.token, ctx.env, ctx.signal);
    const fatal = (what: string) => (err: unknown) => {
      throw isHttpError(err) ? explain(err, what, org) : err;
    };
    let names = config.repositories;
    if (!names) {
      const what = `listing the repositories of ${org}`;
      const repos = await listAll<{ name: string; archived?: boolean }>(ctx.retry, gh, what, "GET /orgs/{org}/repos", {
        org,
        type: "all",
      }).catch(fatal(what));
      names = repos.filter((r) => config.includeArchived || r.archived !== true).map((r) => r.name);
    }
    const out: ChangeInput[] = [];
    for (const name of names) {
      if (ctx.signal.aborted) break;
      out.push(...(await repositoryChanges(ctx, gh, org, name)));
    }
    return out;
  };
}

async function repositoryChanges(
  ctx: ChangeCollectContext<GithubConfig, GithubSecrets>,
  gh: GithubClient,
  org: string,
  name: string,
): Promise<ChangeInput[]> {
  const p = { owner: org, repo: name };
  const full = `${org}/${name}`;
  const what = `listing the closed pull requests of ${full}`;
  const merged: GhPull[] = [];
  try {
    // Most recently updated first: a pull request merged in the range was updated at or after its merge, so the
    // walk stops at the first page that reaches before the range.
    for await (const page of pages<GhPull>(ctx.retry, gh, what, "GET /repos/{owner}/{repo}/pulls", {
      ...p,
      state: "closed",
      sort: "updated",
      direction: "desc",
    })) {
      for (const pr of page) {
        if (!pr.merged_at) continue;
        const at = new Date(pr.merged_at);
        if (at >= ctx.from && at <= ctx.to) merged.push(pr);
      }
      if (page.some((pr) => new Date(pr.updated_at) < ctx.from)) break;
    }
  } catch (err) {
    const status = statusOf(err);
    if (status === 404 || status === 403) {
      ctx.warn(`The pull requests of ${full} could not be read (${status}): check the name and the token's access.`);
      return [];
    }
    throw isHttpError(err) ? explain(err, what, org) : err;
  }

  const out: ChangeInput[] = [];
  for (const pr of merged) {
    const reviewsWhat = `reading the reviews of ${full}#${pr.number}`;
    const reviews = await listAll<GhReview>(
      ctx.retry,
      gh,
      reviewsWhat,
      "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
      {
        ...p,
        pull_number: pr.number,
      },
    ).catch((err) => {
      throw isHttpError(err) ? explain(err, reviewsWhat, org) : err;
    });
    const optional = async <T>(label: string, route: string): Promise<T | null> => {
      try {
        return (
          await call<T>(ctx.retry, gh, `${label} of ${full}@${pr.head.sha.slice(0, 7)}`, route, {
            ...p,
            ref: pr.head.sha,
          })
        ).data;
      } catch (err) {
        if (statusOf(err) === 403 || statusOf(err) === 404) {
          ctx.warn(`The ${label} of ${full}#${pr.number} could not be read (${statusOf(err)}).`);
          return null;
        }
        throw isHttpError(err) ? explain(err, label, org) : err;
      }
    };
    const runs = await optional<GhCheckRuns>("check runs", "GET /repos/{owner}/{repo}/commits/{ref}/check-runs");
    const status = await optional<GhStatus>("commit status", "GET /repos/{owner}/{repo}/commits/{ref}/status");
    out.push({
      repository: full,
      externalRef: String(pr.number),
      title: (pr.title || `Pull request #${pr.number}`).slice(0, 300),
      description: pr.body ? pr.body.slice(0, 10_000) : null,
      url: pr.html_url ?? null,
      author: pr.user?.login ?? null,
      committer: null,
      mergedBy: pr.merged_by?.login ?? null,
      approvals: approvalsOf(reviews),
      checksPassed: checksOf(runs, status),
      signature: null,
      mergedAt: new Date(pr.merged_at!),
      merge: null,
    });
  }
  return out;
}

export const collectGithubChanges = makeGithubChangeCollector();
