/**
 * Collects this machine's facts. Pure Node (no server code): every command runs through `execFile` with a time
 * limit, every file read can be replaced, so the decisions are tested with sample outputs and the collector
 * itself runs for real in the CLI test.
 */
import fs from "node:fs";
import os from "node:os";
import { diskEncryptionFrom, parseLsblk, parseProcMounts } from "./disk.ts";
import {
  createRunner,
  type DirLister,
  type FileReader,
  listDir,
  type Runner,
  readFile,
  whyUnreadable,
} from "./exec.ts";
import {
  type AgentFacts,
  type AutomaticUpdates,
  type Detected,
  type DiskEncryption,
  detected,
  FACTS_SCHEMA_VERSION,
  type OsInfo,
  type ScreenLock,
  type SshPosture,
  unknown,
} from "./facts.ts";
import { firewallFrom } from "./firewall.ts";
import { isDebianLike, isRedHatLike, parseOsRelease } from "./os-release.ts";
import {
  IDLE_DELAY_KEY,
  LOCK_ENABLED_KEY,
  parseDconfKeyfile,
  parseGsettingsBool,
  parseGsettingsUint,
} from "./screen-lock.ts";
import { type ConfigFile, effectiveSshdConfig, matchGlob, parseSshdT } from "./ssh.ts";
import { dnfAutomaticApplies, dpkgInstalled, parseAptConfig, parseIsEnabled, periodicEnabled } from "./updates.ts";

export const AGENT_VERSION = (
  JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export interface Probe {
  run: Runner;
  read: FileReader;
  list: DirLister;
  isRoot: boolean;
  /** The user the probe runs as (named in the screen lock's method). */
  user?: string;
}

export const systemProbe = (): Probe => ({
  run: createRunner(),
  read: readFile,
  list: listDir,
  isRoot: process.getuid?.() === 0,
});

/** Reads a file for a fact: its text, null when absent, or an unknown fact saying why it could not be read. */
function tryRead(p: Probe, path: string): { text: string | null } | { error: string } {
  try {
    return { text: p.read(path) };
  } catch (err) {
    return { error: whyUnreadable(path, err) };
  }
}

/** /etc/machine-id identifies the machine across re-enrollments (the D-Bus copy on older systems). */
export function machineId(p: Probe): string {
  for (const path of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) {
    const r = tryRead(p, path);
    if ("text" in r && r.text && /^[0-9a-f]{32}$/.test(r.text.trim())) return r.text.trim();
  }
  throw new Error(
    "This machine has no usable /etc/machine-id, which identifies it to Assay. Create one with `systemd-machine-id-setup` (as root) and try again.",
  );
}

export function detectOs(p: Probe): Detected<OsInfo> {
  for (const path of ["/etc/os-release", "/usr/lib/os-release"]) {
    const r = tryRead(p, path);
    if ("error" in r) return unknown(r.error, path);
    if (r.text === null) continue;
    const info = parseOsRelease(r.text);
    return info ? detected(info, path) : unknown(`${path} has no ID= line.`, path);
  }
  return unknown("Neither /etc/os-release nor /usr/lib/os-release exists.", "/etc/os-release");
}

export async function detectDiskEncryption(p: Probe): Promise<Detected<DiskEncryption>> {
  const how = "lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT and /proc/mounts";
  const mounts = tryRead(p, "/proc/mounts");
  if ("error" in mounts) return unknown(mounts.error, how);
  if (mounts.text === null) return unknown("/proc/mounts does not exist (is /proc mounted?).", how);
  const lsblk = await p.run("lsblk", ["-J", "-o", "NAME,TYPE,FSTYPE,MOUNTPOINT"]);
  if (!lsblk.ok) return unknown(lsblk.message, how);
  try {
    return diskEncryptionFrom(parseProcMounts(mounts.text), parseLsblk(lsblk.stdout));
  } catch (err) {
    return unknown(`lsblk's answer could not be read: ${(err as Error).message}`, how);
  }
}

export async function detectFirewall(p: Probe) {
  const [ufw, firewalld, nft, iptables] = await Promise.all([
    p.run("ufw", ["status"]),
    p.run("firewall-cmd", ["--state"]),
    p.run("nft", ["list", "ruleset"]),
    p.run("iptables", ["-S", "INPUT"]),
  ]);
  return firewallFrom({ ufw, firewalld, nft, iptables });
}

export async function detectAutomaticUpdates(p: Probe, osInfo: Detected<OsInfo>): Promise<Detected<AutomaticUpdates>> {
  if (osInfo.state !== "detected")
    return unknown(`The distribution is unknown (${osInfo.reason}), so its update mechanism is too.`);
  const info = osInfo.value;
  if (isDebianLike(info)) {
    const how = "dpkg-query unattended-upgrades and apt-config dump (APT::Periodic::Unattended-Upgrade)";
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template
    const pkg = await p.run("dpkg-query", ["-W", "-f=${Status}", "unattended-upgrades"]);
    if (!pkg.ok && pkg.kind !== "failed") return unknown(pkg.message, how);
    if (!pkg.ok || !dpkgInstalled(pkg.stdout))
      return detected(
        {
          enabled: false,
          mechanism: "unattended-upgrades",
          detail: "The unattended-upgrades package is not installed.",
        },
        how,
      );
    let value: string | undefined;
    let source = "apt-config dump";
    const dump = await p.run("apt-config", ["dump"]);
    if (dump.ok) value = parseAptConfig(dump.stdout).get("apt::periodic::unattended-upgrade");
    else {
      // Without apt-config, read the files in APT's order: apt.conf.d in lexical order, then apt.conf.
      const files = [
        ...(p.list("/etc/apt/apt.conf.d") ?? []).map((n) => `/etc/apt/apt.conf.d/${n}`),
        "/etc/apt/apt.conf",
      ];
      for (const f of files) {
        const r = tryRead(p, f);
        if ("error" in r) return unknown(r.error, how);
        const v = r.text === null ? undefined : parseAptConfig(r.text).get("apt::periodic::unattended-upgrade");
        if (v !== undefined) value = v;
      }
      source = "/etc/apt/apt.conf.d";
    }
    const enabled = periodicEnabled(value);
    return detected(
      {
        enabled,
        mechanism: "unattended-upgrades",
        detail: `unattended-upgrades is installed; APT::Periodic::Unattended-Upgrade is ${value === undefined ? "not set" : `"${value}"`} (${source}).`,
      },
      how,
    );
  }
  if (isRedHatLike(info)) {
    const how = "systemctl is-enabled dnf-automatic timers and /etc/dnf/automatic.conf";
    const timers = ["dnf-automatic-install.timer", "dnf5-automatic.timer", "dnf-automatic.timer"];
    const states: Record<string, string | null> = {};
    for (const t of timers) {
      const r = await p.run("systemctl", ["is-enabled", t]);
      if (!r.ok && (r.kind === "missing" || r.kind === "timeout")) return unknown(r.message, how);
      // is-enabled exits non-zero for disabled or unknown units and still prints the state.
      states[t] = parseIsEnabled(r.stdout);
      if (!r.ok && states[t] === null && /not been booted with systemd|Failed to connect/i.test(r.stderr))
        return unknown(`systemd is not running here: ${r.message}`, how);
    }
    const on = (t: string) => states[t] === "enabled";
    const conf = tryRead(p, "/etc/dnf/automatic.conf");
    if ("error" in conf) return unknown(conf.error, how);
    const applies = dnfAutomaticApplies(conf.text);
    const list = timers.map((t) => `${t}: ${states[t] ?? "not installed"}`).join(", ");
    if (on("dnf-automatic-install.timer"))
      return detected({ enabled: true, mechanism: "dnf-automatic", detail: `${list}.` }, how);
    if (on("dnf5-automatic.timer") || on("dnf-automatic.timer"))
      return detected(
        {
          enabled: applies,
          mechanism: "dnf-automatic",
          detail: `${list}; apply_updates is ${applies ? "yes" : "no (updates are only downloaded or reported)"} in /etc/dnf/automatic.conf.`,
        },
        how,
      );
    return detected(
      { enabled: false, mechanism: "dnf-automatic", detail: `No dnf-automatic timer is enabled (${list}).` },
      how,
    );
  }
  return unknown(
    `This agent knows unattended-upgrades (Debian, Ubuntu) and dnf-automatic (Fedora, RHEL); ${info.pretty_name} uses neither.`,
  );
}

function sshdFiles(p: Probe) {
  return (pattern: string): ConfigFile[] => {
    const paths = /[*?]/.test(pattern)
      ? matchGlob(pattern, p.list(pattern.slice(0, pattern.lastIndexOf("/")) || "/") ?? [])
      : [pattern];
    const out: ConfigFile[] = [];
    for (const path of paths) {
      const text = p.read(path); // throws on permission problems: the caller turns it into "unknown"
      if (text !== null) out.push({ path, text });
    }
    return out;
  };
}

export async function detectSsh(p: Probe): Promise<Detected<SshPosture>> {
  const t = await p.run("sshd", ["-T"]);
  if (t.ok) {
    const s = parseSshdT(t.stdout);
    if (s)
      return detected(
        {
          installed: true,
          permit_root_login: s.permit_root_login,
          password_authentication: s.password_authentication,
          source: "sshd -T",
        },
        "sshd -T",
      );
  }
  if (!t.ok && t.kind === "missing")
    return detected(
      { installed: false, permit_root_login: null, password_authentication: null, source: "none" },
      "sshd is not installed (not found in PATH or /usr/sbin)",
    );
  // sshd -T needs root and readable host keys; the files give the same answer for settings outside Match blocks.
  const why = t.ok ? "sshd -T printed no settings" : t.message;
  const how = `/etc/ssh/sshd_config and its Include files (sshd -T unavailable: ${why})`;
  try {
    const files = sshdFiles(p)("/etc/ssh/sshd_config");
    if (!files.length) return unknown("sshd is installed but /etc/ssh/sshd_config does not exist.", how);
    const s = effectiveSshdConfig("/etc/ssh/sshd_config", sshdFiles(p));
    return detected(
      {
        installed: true,
        permit_root_login: s.permit_root_login,
        password_authentication: s.password_authentication,
        source: "config files",
      },
      `${how}; PermitRootLogin from ${s.origins.permit_root_login}, PasswordAuthentication from ${s.origins.password_authentication}`,
    );
  } catch (err) {
    return unknown(`${whyUnreadable("/etc/ssh/sshd_config", err)}. Run the agent as root.`, how);
  }
}

export async function detectScreenLock(p: Probe): Promise<Detected<ScreenLock>> {
  const sessions = ["/usr/share/xsessions", "/usr/share/wayland-sessions"].flatMap((d) =>
    (p.list(d) ?? []).filter((n) => n.endsWith(".desktop")),
  );
  if (!sessions.length)
    return detected(
      { desktop: false, lock_enabled: null, idle_delay_seconds: null },
      "no desktop session types in /usr/share/xsessions or /usr/share/wayland-sessions",
    );
  // System-wide dconf defaults apply to every user (and are what an administrator sets for a fleet).
  const policy = new Map<string, { value: string; file: string }>();
  for (const dir of (p.list("/etc/dconf/db") ?? []).filter((d) => d.endsWith(".d"))) {
    for (const name of p.list(`/etc/dconf/db/${dir}`) ?? []) {
      const file = `/etc/dconf/db/${dir}/${name}`;
      const r = tryRead(p, file);
      if ("text" in r && r.text) for (const [k, v] of parseDconfKeyfile(r.text)) policy.set(k, { value: v, file });
    }
  }
  const lock = policy.get(LOCK_ENABLED_KEY);
  const idle = policy.get(IDLE_DELAY_KEY);
  if (lock && idle)
    return detected(
      {
        desktop: true,
        lock_enabled: parseGsettingsBool(lock.value),
        idle_delay_seconds: parseGsettingsUint(idle.value),
      },
      `dconf system defaults (${[...new Set([lock.file, idle.file])].join(", ")})`,
    );
  if (p.isRoot)
    return unknown(
      `A desktop is installed (${sessions.slice(0, 3).join(", ")}) but screen lock is a per-user setting: set org/gnome/desktop/screensaver/lock-enabled and org/gnome/desktop/session/idle-delay as dconf system defaults (docs/agent.md), or run the report as the desktop user.`,
      "dconf system defaults",
    );
  const [l, i] = await Promise.all([
    p.run("gsettings", ["get", "org.gnome.desktop.screensaver", "lock-enabled"]),
    p.run("gsettings", ["get", "org.gnome.desktop.session", "idle-delay"]),
  ]);
  if (!l.ok || !i.ok)
    return unknown(
      `Only GNOME's screen lock is read, through gsettings: ${(!l.ok ? l : (i as Extract<typeof i, { ok: false }>)).message}.`,
      "gsettings",
    );
  return detected(
    { desktop: true, lock_enabled: parseGsettingsBool(l.stdout), idle_delay_seconds: parseGsettingsUint(i.stdout) },
    `gsettings of user ${p.user ?? os.userInfo().username}`,
  );
}

/** Who the machine is: read from the OS by the Node agent, sent by the native collectors. */
export interface MachineIdentity {
  hostname: string;
  machineId: string;
  kernel: string;
  agentVersion: string;
}

/** The facts from a probe: the live machine (Node agent) or a native collector's recorded outputs (server). */
export async function factsFrom(p: Probe, who: MachineIdentity, now = new Date()): Promise<AgentFacts> {
  const osInfo = detectOs(p);
  const [disk, firewall, updates, ssh, screen] = await Promise.all([
    detectDiskEncryption(p),
    detectFirewall(p),
    detectAutomaticUpdates(p, osInfo),
    detectSsh(p),
    detectScreenLock(p),
  ]);
  return {
    schema: FACTS_SCHEMA_VERSION,
    collected_at: now.toISOString(),
    agent_version: who.agentVersion.slice(0, 64),
    hostname: who.hostname.slice(0, 253),
    machine_id: who.machineId,
    kernel: who.kernel.slice(0, 200),
    os: osInfo,
    disk_encryption: disk,
    firewall,
    automatic_updates: updates,
    ssh,
    screen_lock: screen,
  };
}

/** Everything the agent reports, collected on this machine now. */
export async function collectFacts(p: Probe = systemProbe(), now = new Date()): Promise<AgentFacts> {
  return factsFrom(
    p,
    { hostname: os.hostname(), machineId: machineId(p), kernel: os.release(), agentVersion: AGENT_VERSION },
    now,
  );
}
