import { type Command, Option } from "commander";
import { ROLE_LABELS, ROLES, type Role } from "../../core/roles.ts";
import { CliError, EXIT, printJson, printList } from "../output.ts";
import { api } from "../remote.ts";

/** `assay org …` and `assay user …`: the current organization and its people, through the HTTP API. */

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Every item of a paginated list endpoint (docs/api.md "Lists"). */
export async function fetchAll<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const params = new URLSearchParams({ page: String(page), pageSize: "100" });
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
    const res = await api<Page<T>>("GET", `${path}?${params}`);
    items.push(...res.items);
    if (res.items.length === 0 || items.length >= res.total) return items;
  }
}

/** "2025-03-01T09:30:12.000Z" → "2025-03-01 09:30" (UTC), for tables. */
export const when = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace("T", " ")}Z` : "");

const REMOTE_NOTE = `
Uses the server and API token stored by \`assay login\` (or ASSAY_URL and ASSAY_TOKEN).`;

interface OrgSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
  current: boolean;
}
interface Member {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  mfaEnabled: boolean;
  joinedAt: string;
  lastSignInAt: string | null;
}

const roleOption = () =>
  new Option("--role <role>", "one of the organization roles").choices(ROLES as unknown as string[]);

export function register(program: Command) {
  const org = program
    .command("org")
    .description("Organizations: the ones you belong to and the current one's settings")
    .addHelpText("after", REMOTE_NOTE);

  org
    .command("list")
    .description("List the organizations you belong to (* marks the API token's organization)")
    .option("--json", "machine-readable output")
    .addHelpText("after", REMOTE_NOTE)
    .action(async (opts: { json?: boolean }) => {
      const orgs = await fetchAll<OrgSummary>("/api/v1/organizations");
      if (opts.json) return printJson(orgs);
      printList(
        orgs.map((o) => ({ current: o.current ? "*" : "", name: o.name, slug: o.slug, role: o.role, id: o.id })),
        opts,
      );
    });

  org
    .command("show")
    .description("Show the current organization's profile and security settings")
    .option("--json", "machine-readable output")
    .addHelpText("after", REMOTE_NOTE)
    .action(async (opts: { json?: boolean }) => {
      const [profile, security] = await Promise.all([
        api<Record<string, unknown>>("GET", "/api/v1/organization"),
        api<{ requireMfa: boolean; sessionIdleMinutes: number; sessionAbsoluteHours: number }>(
          "GET",
          "/api/v1/organization/security",
        ),
      ]);
      if (opts.json) return printJson({ ...profile, security });
      const lines = [
        ["Name", profile.name],
        ["Slug", profile.slug],
        ["Id", profile.id],
        ["Created", when(profile.createdAt as string)],
        ["MFA required", security.requireMfa ? "yes" : "no"],
        ["Session idle timeout", `${security.sessionIdleMinutes} minutes`],
        ["Session lifetime", `${security.sessionAbsoluteHours} hours`],
      ];
      for (const [k, v] of lines) process.stdout.write(`${`${k}:`.padEnd(22)}${v}\n`);
    });

  const user = program
    .command("user")
    .description("People in the current organization: list members, invite someone")
    .addHelpText("after", REMOTE_NOTE);

  user
    .command("list")
    .description("List the organization's members")
    .option("--search <text>", "only names or emails containing this text")
    .addOption(roleOption())
    .option("--json", "machine-readable output")
    .addHelpText("after", REMOTE_NOTE)
    .action(async (opts: { json?: boolean; search?: string; role?: string }) => {
      const members = await fetchAll<Member>("/api/v1/members", { q: opts.search, role: opts.role });
      if (opts.json) return printJson(members);
      printList(
        members.map((m) => ({
          name: m.name,
          email: m.email,
          role: m.role,
          mfa: m.mfaEnabled ? "yes" : "no",
          joined: when(m.joinedAt),
          lastSignIn: when(m.lastSignInAt),
          id: m.id,
        })),
        opts,
      );
    });

  user
    .command("invite")
    .description("Invite someone by email: they get a single-use link valid for 7 days")
    .argument("<email>", "their email address")
    .addOption(roleOption().makeOptionMandatory())
    .option("--json", "machine-readable output")
    .addHelpText("after", `\nExample:\n  assay user invite dana@example.com --role auditor\n${REMOTE_NOTE}`)
    .action(async (email: string, opts: { role: Role; json?: boolean }) => {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new CliError(`"${email}" is not an email address. Example: dana@example.com`, EXIT.usage);
      const inv = await api<{ id: string; email: string; role: Role; expiresAt: string }>(
        "POST",
        "/api/v1/invitations",
        { email, role: opts.role },
      );
      if (opts.json) return printJson(inv);
      process.stdout.write(
        `Invited ${inv.email} as ${ROLE_LABELS[inv.role]}. The link was emailed and works until ${when(inv.expiresAt)}.\n`,
      );
    });
}
