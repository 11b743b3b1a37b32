import fs from "node:fs";
import { type Command, Option } from "commander";
import { UUID_PATTERN } from "../../core/id.ts";
import { ROLE_LABELS, type Role } from "../../core/roles.ts";
import { API_TOKEN_PREFIX } from "../../modules/tokens/resolve.ts";
import { CliError, EXIT, printJson, printList } from "../output.ts";
import { api, credentialsFile, loadCredentials, saveCredentials } from "../remote.ts";
import { fetchAll, when } from "./org-user.ts";

/** `assay login|logout` and `assay token …`: personal API tokens, the CLI's way into a remote server. */

interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  revokedAt: string | null;
  user: { id: string; name: string; email: string };
}
interface CurrentToken {
  token: ApiToken;
  organization: { id: string; name: string; slug: string };
  role: Role;
}

const status = (t: ApiToken) =>
  t.revokedAt ? "revoked" : t.expiresAt && Date.parse(t.expiresAt) <= Date.now() ? "expired" : "active";

function parseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`"${raw}" is not a URL. Example: --url https://assay.example.com`, EXIT.usage);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new CliError(`Use an http(s) URL for --url, not ${url.protocol}`, EXIT.usage);
  return url.origin;
}

function readToken(raw: string): string {
  const token = (raw === "-" ? fs.readFileSync(0, "utf8") : raw).trim();
  if (!token.startsWith(API_TOKEN_PREFIX))
    throw new CliError(
      `That is not an Assay API token (they start with ${API_TOKEN_PREFIX}). Create one in the web app under Settings → API tokens.`,
      EXIT.usage,
    );
  return token;
}

function parseDays(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 365)
    throw new CliError(`--expires-days must be a whole number from 1 to 365, not "${raw}".`, EXIT.usage);
  return n;
}

export function register(program: Command) {
  program
    .command("login")
    .description("Check an API token against a server and store both for the remote commands (mode 0600)")
    .requiredOption("--url <url>", "the Assay server, e.g. https://assay.example.com")
    .requiredOption("--token <token>", "a personal API token (assay_pat_…); - reads it from standard input")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      `
Create a token in the web app (Settings → API tokens). To keep it out of your shell history:
  printf '%s' "$TOKEN" | assay login --url https://assay.example.com --token -`,
    )
    .action(async (opts: { url: string; token: string; json?: boolean }) => {
      const creds = { url: parseUrl(opts.url), token: readToken(opts.token) };
      let me: CurrentToken;
      try {
        me = await api<CurrentToken>("GET", "/api/v1/tokens/current", undefined, creds);
      } catch (err) {
        if (err instanceof CliError && err.exitCode === EXIT.auth)
          throw new CliError(
            `The server did not accept this token (${err.message}). Check it or create a new one.`,
            EXIT.auth,
          );
        throw err;
      }
      saveCredentials(creds);
      if (opts.json) return printJson({ url: creds.url, ...me });
      const t = me.token;
      process.stdout.write(
        `Logged in to ${creds.url} as ${t.user.name} <${t.user.email}>, ${ROLE_LABELS[me.role]} of ${me.organization.name} (${me.organization.slug}).\n` +
          `Token "${t.name}" (${t.scope} scope) expires ${t.expiresAt ? when(t.expiresAt) : "never"}. Saved to ${credentialsFile()}.\n`,
      );
    });

  program
    .command("logout")
    .description("Forget the stored server and token")
    .option("--revoke", "also revoke the token on the server, so it stops working everywhere")
    .action(async (opts: { revoke?: boolean }) => {
      const file = credentialsFile();
      if (!fs.existsSync(file)) {
        process.stdout.write("Not logged in.\n");
        return;
      }
      if (opts.revoke) {
        const creds = loadCredentials();
        const me = await api<CurrentToken>("GET", "/api/v1/tokens/current", undefined, creds);
        await api("DELETE", `/api/v1/tokens/${me.token.id}`, undefined, creds);
      }
      fs.rmSync(file);
      process.stdout.write(
        opts.revoke
          ? "Logged out; the token is revoked.\n"
          : "Logged out. The token still works until it expires: use --revoke (or assay token revoke <id>) to end it.\n",
      );
    });

  const token = program
    .command("token")
    .description("Personal API tokens in the current organization: create, list, revoke")
    .addHelpText("after", "\nUses the server and API token stored by `assay login` (or ASSAY_URL and ASSAY_TOKEN).");

  token
    .command("create")
    .description("Create a token; its secret is printed once")
    .requiredOption("--name <name>", 'where it will be used, e.g. "CI pipeline"')
    .addOption(
      new Option("--scope <scope>", "read: look only; write: also change").choices(["read", "write"]).default("read"),
    )
    .option("--expires-days <days>", "days until it stops working, 1–365 (default 90)", parseDays)
    .option("--json", "machine-readable output (includes the secret)")
    .action(async (opts: { name: string; scope: "read" | "write"; expiresDays?: number; json?: boolean }) => {
      const created = await api<ApiToken & { secret: string }>("POST", "/api/v1/tokens", {
        name: opts.name,
        scope: opts.scope,
        ...(opts.expiresDays ? { expiresInDays: opts.expiresDays } : {}),
      });
      if (opts.json) return printJson(created);
      process.stdout.write(
        `Created token "${created.name}" (${created.scope} scope, id ${created.id}), valid until ${when(created.expiresAt)}.\n` +
          `${created.secret}\n` +
          "Copy it now: it is not shown again.\n",
      );
    });

  token
    .command("list")
    .description("List your tokens (--all: everyone's, for owners and admins)")
    .option("--all", "every member's tokens")
    .option("--json", "machine-readable output")
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      const tokens = await fetchAll<ApiToken>("/api/v1/tokens", { all: opts.all ? "true" : undefined });
      if (opts.json) return printJson(tokens);
      printList(
        tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          scope: t.scope,
          status: status(t),
          expires: when(t.expiresAt),
          lastUsed: when(t.lastUsedAt),
          ...(opts.all ? { owner: t.user.email } : {}),
        })),
        opts,
      );
    });

  token
    .command("revoke")
    .description("Revoke a token so it stops working at once")
    .argument("<id>", "the token's id (see assay token list)")
    .action(async (id: string) => {
      if (!UUID_PATTERN.test(id))
        throw new CliError(`"${id}" is not a token id. Run \`assay token list\` to see ids.`, EXIT.usage);
      await api("DELETE", `/api/v1/tokens/${id}`);
      process.stdout.write(`Revoked token ${id}.\n`);
    });
}
