import type { CatalogueTest } from "../types.ts";

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export const GIT_TESTS: readonly CatalogueTest[] = [
  {
    id: "git.codeowners_present",
    title: "The repository has a CODEOWNERS file",
    description:
      "A CODEOWNERS file names who must review changes to each part of the code (enforced with branch protection's code-owner reviews).",
    resourceType: "repository",
    severity: "medium",
    controls: ["CHG-02", "ACC-16"],
    remediation:
      "Add .github/CODEOWNERS with a rule per area (e.g. `* @org/engineering`, `/infra/ @org/platform`) and require code-owner review in the branch protection rules.",
    evaluate: (r) => {
      const a = r.attributes;
      if (!a.codeowners_path) return { status: "fail", reason: "No CODEOWNERS file in .github/, the root or docs/." };
      if (a.codeowners_rules === 0)
        return {
          status: "fail",
          reason: `${a.codeowners_path} has no rules.`,
          remediation: "Add at least one rule with owners.",
        };
      const errors = Array.isArray(a.codeowners_errors) ? a.codeowners_errors.length : 0;
      return {
        status: "pass",
        reason: `${a.codeowners_path} has ${a.codeowners_rules} rule(s)${errors ? ` (${errors} line(s) could not be read)` : ""}.`,
      };
    },
  },
  {
    id: "git.signed_commits",
    title: "Recent commits are signed",
    description:
      "The share of signed commits among the last N on the branch reaches the configured minimum (default: all). With an allowed signers file, only verified signatures count.",
    resourceType: "repository",
    severity: "medium",
    controls: ["VND-08", "CHG-02"],
    remediation:
      "Have every developer sign commits (git config commit.gpgsign true, with an SSH or GPG key registered at the git host) and require signed commits on the protected branch.",
    evaluate: (r, ctx) => {
      const a = r.attributes;
      const checked = typeof a.commits_checked === "number" ? a.commits_checked : 0;
      if (!checked) return { status: "not_applicable", reason: "The branch has no commits yet." };
      const share = typeof a.signed_share === "number" ? a.signed_share : 0;
      const min = typeof ctx.config.minSignedShare === "number" ? ctx.config.minSignedShare : 1;
      const kind = a.signature_verification === "allowed_signers" ? "verified" : "signed";
      const counted = Math.round(share * checked);
      const reason = `${counted} of the last ${checked} commits are ${kind} (${pct(share)}; at least ${pct(min)} required).`;
      return share >= min ? { status: "pass", reason } : { status: "fail", reason };
    },
  },
  {
    id: "git.protected_paths_owned",
    title: "Protected paths have code owners",
    description:
      "Every path listed as protected in the connection (e.g. `infra/`, `.github/workflows/`) is assigned owners by CODEOWNERS.",
    resourceType: "repository",
    severity: "medium",
    controls: ["CHG-02", "ACC-16"],
    remediation:
      "Add a CODEOWNERS rule with owners for each uncovered path, after the broader rules (the last match wins).",
    evaluate: (r) => {
      const paths = Array.isArray(r.attributes.protected_paths) ? r.attributes.protected_paths : [];
      if (!paths.length)
        return { status: "not_applicable", reason: "No protected paths are configured for this repository." };
      const uncovered = Array.isArray(r.attributes.uncovered_paths) ? (r.attributes.uncovered_paths as string[]) : [];
      return uncovered.length
        ? { status: "fail", reason: `No code owners for: ${uncovered.join(", ")}.` }
        : { status: "pass", reason: `All ${paths.length} protected path(s) have code owners.` };
    },
  },
];
