import type { CatalogueTest, Evaluation, ResourceInput } from "../types.ts";

const pass = (reason: string): Evaluation => ({ status: "pass", reason });
const fail = (reason: string, remediation?: string): Evaluation => ({ status: "fail", reason, remediation });
const na = (reason: string): Evaluation => ({ status: "not_applicable", reason });
const error = (reason: string): Evaluation => ({ status: "error", reason });
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Protection, alerts and scanning do not apply to archived (read-only) repositories. */
const archived = (r: ResourceInput) =>
  r.attributes.archived === true ? na(`${r.name} is archived (read-only).`) : null;

export const GITHUB_TESTS: readonly CatalogueTest[] = [
  {
    id: "github.org_two_factor_required",
    title: "The GitHub organization requires two-factor authentication",
    description:
      "The organization requires every member and outside collaborator to use two-factor authentication; GitHub removes those without it.",
    resourceType: "github_organization",
    severity: "high",
    controls: ["ACC-03"],
    remediation:
      "In the organization's Settings → Authentication security, check “Require two-factor authentication”. Tell people first: members without 2FA are removed from the organization.",
    evaluate: (r) => {
      const v = r.attributes.two_factor_requirement_enabled;
      if (typeof v !== "boolean")
        return error(
          "GitHub did not say whether 2FA is required: it shows this only to organization owners. Connect with an owner's token (or a GitHub App with Administration: read).",
        );
      return v
        ? pass(`${r.name} requires two-factor authentication.`)
        : fail(`${r.name} does not require two-factor authentication: members may sign in with a password alone.`);
    },
  },
  {
    id: "github.org_admin_count",
    title: "Few GitHub organization owners",
    description:
      "Organization owners can change every setting and repository. At most the configured number (maxAdmins, default 3) may exist.",
    resourceType: "github_organization",
    severity: "high",
    controls: ["ACC-09", "ACC-16"],
    remediation:
      "Keep two or three owners for continuity; make the others members and give them admin access to the repositories or teams they manage.",
    evaluate: (r, ctx) => {
      const max = typeof ctx.config.maxAdmins === "number" ? ctx.config.maxAdmins : 3;
      const admins = Array.isArray(r.attributes.admins) ? (r.attributes.admins as string[]) : null;
      if (!admins) return error("The list of organization owners could not be read (see the sync's warnings).");
      const who = `${plural(admins.length, "owner")} (${admins.join(", ") || "none"}); at most ${max} allowed.`;
      return admins.length <= max ? pass(who) : fail(who);
    },
  },
  {
    id: "github.default_branch_protected",
    title: "The default branch requires an approving review",
    description:
      "The repository's default branch has a branch protection rule that requires at least one approving pull request review before merge.",
    resourceType: "repository",
    severity: "high",
    controls: ["CHG-02"],
    remediation:
      "In the repository's Settings → Branches, add a protection rule for the default branch: require a pull request with at least 1 approval, dismiss stale approvals, and include administrators.",
    evaluate: (r) => {
      const skip = archived(r);
      if (skip) return skip;
      const a = r.attributes;
      const branch = String(a.default_branch ?? "the default branch");
      if (a.default_branch_protected === null || a.default_branch_protected === undefined)
        return error(`The protection of ${branch} could not be read (see the sync's warnings).`);
      if (a.default_branch_protected === false)
        return fail(
          `${branch} is not protected${a.default_branch_protection_message ? ` (GitHub: “${a.default_branch_protection_message}”)` : ""}: anyone with write access can push to it directly.`,
        );
      const count = typeof a.required_approving_review_count === "number" ? a.required_approving_review_count : 0;
      if (count < 1)
        return fail(
          `${branch} is protected, but requires no approving review before merge.`,
          "Edit the branch protection rule: require a pull request before merging, with at least 1 approval.",
        );
      const extras = [
        a.dismiss_stale_reviews === true ? "stale approvals are dismissed" : "stale approvals are kept",
        a.enforce_admins === true ? "administrators included" : "administrators may bypass it",
      ];
      return pass(`${branch} requires ${plural(count, "approving review")} (${extras.join("; ")}).`);
    },
  },
  {
    id: "github.dependabot_alerts_enabled",
    title: "Dependabot alerts are on",
    description: "GitHub alerts on dependencies of the repository that have known vulnerabilities.",
    resourceType: "repository",
    severity: "medium",
    controls: ["CHG-08", "OPS-07"],
    remediation:
      "In the repository's Settings → Code security, enable Dependabot alerts (or enable them for all repositories in the organization's settings), and route the alerts to the owning team.",
    evaluate: (r) => {
      const skip = archived(r);
      if (skip) return skip;
      const v = r.attributes.dependabot_alerts_enabled;
      if (typeof v !== "boolean")
        return error("Whether Dependabot alerts are on could not be read (see the sync's warnings).");
      return v
        ? pass("Dependabot alerts are on.")
        : fail("Dependabot alerts are off: vulnerable dependencies go unnoticed.");
    },
  },
  {
    id: "github.secret_scanning_enabled",
    title: "Secret scanning is on",
    description: "GitHub scans the repository for committed credentials (API keys, tokens) and alerts on them.",
    resourceType: "repository",
    severity: "medium",
    controls: ["CHG-08", "ACC-12"],
    remediation:
      "In the repository's Settings → Code security, enable secret scanning (and push protection), then revoke and rotate any secret it finds.",
    evaluate: (r) => {
      const skip = archived(r);
      if (skip) return skip;
      const v = r.attributes.secret_scanning;
      if (v === "unavailable")
        return na(
          `GitHub reports no secret scanning setting for ${r.name}: the organization's plan does not include it for ${typeof r.attributes.visibility === "string" ? `${r.attributes.visibility} repositories` : "this repository"}.`,
        );
      if (v === null || v === undefined)
        return error(
          "GitHub did not send the repository's security settings: they are shown only to repository admins and organization owners or security managers.",
        );
      return v === "enabled"
        ? pass("Secret scanning is on.")
        : fail("Secret scanning is off: credentials committed to the repository are not detected.");
    },
  },
  {
    id: "github.outside_collaborator_access",
    title: "Outside collaborators cannot push",
    description:
      "Outside collaborators (people who are not members of the organization) have at most read or triage access; any write, maintain or admin access to a repository fails, since their accounts are outside the company's identity provider and offboarding.",
    resourceType: "outside_collaborator",
    severity: "medium",
    controls: ["ACC-16", "CHG-13"],
    remediation:
      "Lower the collaborator's permission to read (repository Settings → Collaborators and teams), or make them an organization member managed through your identity provider, with a named sponsor.",
    evaluate: (r) => {
      const a = r.attributes;
      const repos = Array.isArray(a.repositories)
        ? (a.repositories as { repository: string; permission: string; can_push: boolean }[])
        : [];
      const partial =
        a.access_complete === false ? " (some repositories' collaborators could not be read; see the warnings)" : "";
      const push = repos.filter((x) => x.can_push);
      if (push.length)
        return fail(
          `${r.name} can push to ${plural(push.length, "repository", "repositories")}: ${push.map((x) => `${x.repository} (${x.permission})`).join(", ")}.`,
        );
      if (!repos.length) return pass(`${r.name} has no access to the repositories checked${partial}.`);
      return pass(
        `${r.name} has read-only access to ${plural(repos.length, "repository", "repositories")}: ${repos.map((x) => `${x.repository} (${x.permission})`).join(", ")}${partial}.`,
      );
    },
  },
];
