import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { AGENT_VERSION, collectFacts, detectOs, machineId, systemProbe } from "../../agent/collect.ts";
import { CliError, EXIT, printJson } from "../output.ts";

/**
 * `assay agent …`: the Linux endpoint agent (docs/agent.md). Pure client code: it collects this machine's facts
 * and talks to the server over HTTP, so it loads none of the server stack.
 */

const ENROLLMENT_PREFIX = "assay_enr_";
const DEVICE_PREFIX = "assay_dev_";
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/assay");

interface AgentConfig {
  url: string;
  deviceId: string;
  deviceToken: string;
  organization: string;
  enrolledAt: string;
}

/** /etc/assay/agent.json for root (the timer runs as root), else the user's config folder. */
export function defaultConfigFile(): string {
  if (process.getuid?.() === 0) return "/etc/assay/agent.json";
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config"), "assay", "agent.json");
}

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

function loadConfig(file: string): AgentConfig {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "ENOENT"
        ? `This machine is not enrolled (${file} does not exist). Run: assay agent enroll --url <server> --token <enrollment token>`
        : `Cannot read ${file}: ${(err as Error).message}${code === "EACCES" ? " (run as root?)" : ""}`,
      EXIT.usage,
    );
  }
  try {
    const c = JSON.parse(raw) as AgentConfig;
    if (typeof c.url !== "string" || typeof c.deviceToken !== "string" || !c.deviceToken.startsWith(DEVICE_PREFIX))
      throw new Error("missing url or deviceToken");
    return c;
  } catch (err) {
    throw new CliError(`${file} is not an agent configuration (${(err as Error).message}). Enroll again.`, EXIT.usage);
  }
}

/** Writes the file readable by its owner only; the folder is created 0700. */
function saveConfig(file: string, c: AgentConfig) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(c, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** POSTs JSON; the server's problem+json `detail` becomes the error, with an exit code by kind. */
async function post<T>(url: string, apiPath: string, body: unknown, bearer?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(apiPath, url), {
      method: "POST",
      headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      `Cannot reach the Assay server at ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}. Check the URL and that the server is running and reachable from this machine.`,
    );
  }
  const text = await res.text();
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  if (!res.ok) {
    const p = (typeof data === "object" && data ? data : {}) as {
      detail?: string;
      errors?: { path: string; message: string }[];
    };
    const fields = p.errors?.length ? ` (${p.errors.map((e) => `${e.path}: ${e.message}`).join("; ")})` : "";
    throw new CliError(
      `${res.status}: ${p.detail ?? (res.statusText || "the server refused the request")}${fields}`,
      res.status === 401 || res.status === 403 ? EXIT.auth : EXIT.failure,
    );
  }
  return data as T;
}

const SPAN = /^(\d+)(s|sec|m|min|h|d|w)$/;
function parseInterval(raw: string): string {
  const m = SPAN.exec(raw.trim());
  if (!m || Number(m[1]) < 1)
    throw new CliError(`--interval must be a time span like 30min, 1h or 1d, not "${raw}".`, EXIT.usage);
  const seconds =
    Number(m[1]) * ({ s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86_400, w: 604_800 } as const)[m[2] as "s"];
  if (seconds < 300) throw new CliError("--interval must be at least 5min: the server does not need more.", EXIT.usage);
  return `${m[1]}${m[2] === "m" ? "min" : m[2]}`;
}

export function serviceUnit(configFile: string, bin = BIN): string {
  return `[Unit]
Description=Assay endpoint agent: report this machine's security posture
Documentation=https://github.com/assay/assay/blob/main/docs/agent.md
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
ExecStart=${bin} agent report --config ${configFile}
# Reads system settings only; nothing on the machine is changed.
NoNewPrivileges=yes
ProtectHome=read-only
PrivateTmp=yes
`;
}

export function timerUnit(interval: string): string {
  return `[Unit]
Description=Run the Assay endpoint agent every ${interval}

[Timer]
OnBootSec=5min
OnUnitActiveSec=${interval}
RandomizedDelaySec=5min
Persistent=true

[Install]
WantedBy=timers.target
`;
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string; missing: boolean }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: unknown }) | null;
      resolve({
        code: e ? (typeof e.code === "number" ? e.code : 1) : 0,
        out: `${stdout}${stderr}`.trim(),
        missing: e?.code === "ENOENT",
      });
    }),
  );
}

export function register(program: Command) {
  const agent = program
    .command("agent")
    .description("The Linux endpoint agent: enroll this machine, report its security posture, install a timer")
    .addHelpText(
      "after",
      `
An admin creates an enrollment token in the web app (Devices → Enroll a device). Then, on each machine, as root:
  assay agent enroll --url https://assay.example.com --token assay_enr_…
  assay agent report
  assay agent install-timer && systemctl daemon-reload && systemctl enable --now assay-agent.timer`,
    );

  agent
    .command("enroll")
    .description("Trade an enrollment token for this machine's device token, stored with mode 0600")
    .requiredOption("--url <url>", "the Assay server, e.g. https://assay.example.com")
    .requiredOption("--token <token>", "an enrollment token (assay_enr_…); - reads it from standard input")
    .option(
      "--config <file>",
      "where to store the device token (default: /etc/assay/agent.json as root, else ~/.config/assay/agent.json)",
    )
    .option("--owner <email>", "the person who uses this machine")
    .option("--json", "machine-readable output (never includes the device token)")
    .action(async (opts: { url: string; token: string; config?: string; owner?: string; json?: boolean }) => {
      const url = parseUrl(opts.url);
      const token = (opts.token === "-" ? fs.readFileSync(0, "utf8") : opts.token).trim();
      if (!token.startsWith(ENROLLMENT_PREFIX))
        throw new CliError(
          `That is not an enrollment token (they start with ${ENROLLMENT_PREFIX}). An admin creates one under Devices → Enroll a device.`,
          EXIT.usage,
        );
      if (opts.owner !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(opts.owner))
        throw new CliError(`--owner must be an email address, not "${opts.owner}".`, EXIT.usage);
      const file = path.resolve(opts.config ?? defaultConfigFile());
      const probe = systemProbe();
      let id: string;
      try {
        id = machineId(probe);
      } catch (err) {
        throw new CliError((err as Error).message, EXIT.failure);
      }
      const osFact = detectOs(probe);
      let res: {
        deviceId: string;
        deviceToken: string;
        organization: { id: string; name: string };
        connection: { id: string; name: string };
        replacedDeviceId: string | null;
      };
      try {
        res = await post(
          url,
          "/api/v1/agent/enroll",
          {
            hostname: os.hostname(),
            machineId: id,
            os: osFact.state === "detected" ? osFact.value.pretty_name : undefined,
            ownerEmail: opts.owner,
            agentVersion: AGENT_VERSION,
          },
          token,
        );
      } catch (err) {
        if (err instanceof CliError && err.exitCode === EXIT.auth)
          throw new CliError(`The server did not accept the enrollment token: ${err.message}`, EXIT.auth);
        throw err;
      }
      saveConfig(file, {
        url,
        deviceId: res.deviceId,
        deviceToken: res.deviceToken,
        organization: res.organization.name,
        enrolledAt: new Date().toISOString(),
      });
      if (opts.json)
        return printJson({
          deviceId: res.deviceId,
          organization: res.organization,
          connection: res.connection,
          replacedDeviceId: res.replacedDeviceId,
          config: file,
        });
      process.stdout.write(
        `Enrolled ${os.hostname()} in ${res.organization.name} (${res.connection.name}) as device ${res.deviceId}.\n` +
          (res.replacedDeviceId
            ? "This machine was enrolled before: its previous device token no longer works.\n"
            : "") +
          `The device token is saved in ${file} (mode 0600).\nNext: assay agent report${opts.config ? ` --config ${file}` : ""}\n`,
      );
    });

  agent
    .command("report")
    .description("Collect this machine's facts and send them to the server")
    .option("--config <file>", "the agent configuration written by enroll")
    .option("--dry-run", "print the facts as JSON and send nothing (needs no enrollment)")
    .option("--json", "print the server's answer as JSON")
    .action(async (opts: { config?: string; dryRun?: boolean; json?: boolean }) => {
      if (opts.dryRun) return printJson(await collectFacts());
      const file = path.resolve(opts.config ?? defaultConfigFile());
      const c = loadConfig(file);
      const facts = await collectFacts();
      const res = await post<{
        deviceId: string;
        receivedAt: string;
        checks: { testId: string; title: string; status: string; reason: string }[];
      }>(c.url, "/api/v1/agent/report", facts, c.deviceToken);
      if (opts.json) return printJson(res);
      const failing = res.checks.filter((x) => x.status === "fail" || x.status === "error");
      const passing = res.checks.filter((x) => x.status === "pass").length;
      process.stdout.write(
        `Reported ${facts.hostname} to ${c.url}: ${passing} check(s) passing, ${failing.length} failing, ${res.checks.length - passing - failing.length} not applicable.\n`,
      );
      for (const f of failing) process.stdout.write(`  ✗ ${f.title}: ${f.reason}\n`);
    });

  agent
    .command("install-timer")
    .description("Write systemd units that run `assay agent report` regularly, and print how to enable them")
    .option("--interval <span>", "how often, as a systemd time span (30min, 1h, 1d)", "1h")
    .option("--unit-dir <dir>", "where to write the units", "/etc/systemd/system")
    .option("--config <file>", "the agent configuration the report reads")
    .action(async (opts: { interval: string; unitDir: string; config?: string }) => {
      const interval = parseInterval(opts.interval);
      const configFile = path.resolve(opts.config ?? defaultConfigFile());
      const dir = path.resolve(opts.unitDir);
      if (!fs.existsSync(dir)) throw new CliError(`${dir} does not exist. Give an existing --unit-dir.`, EXIT.usage);
      const service = path.join(dir, "assay-agent.service");
      const timer = path.join(dir, "assay-agent.timer");
      try {
        fs.writeFileSync(service, serviceUnit(configFile), { mode: 0o644 });
        fs.writeFileSync(timer, timerUnit(interval), { mode: 0o644 });
      } catch (err) {
        throw new CliError(
          `Cannot write the units to ${dir}: ${(err as Error).message}${(err as NodeJS.ErrnoException).code === "EACCES" ? " (run as root, or choose --unit-dir)" : ""}`,
        );
      }
      process.stdout.write(`Wrote ${service}\nWrote ${timer} (every ${interval})\n`);
      if (!fs.existsSync(configFile))
        process.stdout.write(`Note: ${configFile} does not exist yet; enroll before enabling the timer.\n`);
      const verify = await run("systemd-analyze", ["verify", service, timer]);
      if (verify.missing) process.stdout.write("systemd-analyze is not installed: the units were not verified.\n");
      else if (verify.code !== 0)
        throw new CliError(`systemd-analyze verify found problems in the units:\n${verify.out}`, EXIT.failure);
      else process.stdout.write("systemd-analyze verify: the units are valid.\n");
      process.stdout.write(
        `Enable it with:\n  systemctl daemon-reload\n  systemctl enable --now assay-agent.timer\nCheck it with:\n  systemctl list-timers assay-agent.timer\n  journalctl -u assay-agent.service\n`,
      );
    });
}
