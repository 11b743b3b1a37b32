/**
 * macOS facts from the raw outputs of the OS's own commands (sent by the sh collector). Each parser is pure and
 * tested on recorded outputs (src/integrations/linux-agent/fixtures/macos). A fact is detected or unknown with the
 * reason; nothing is guessed.
 */
import { type Detected, detected, unknown } from "../facts.ts";
import { outputsByName, type RecordedOutput } from "./recorded.ts";

export const MACOS_COMMANDS = {
  os: "sw_vers",
  filevault: "fdesetup status",
  firewall: "/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate",
  gatekeeper: "spctl --status",
  schedule: "softwareupdate --schedule",
  updatePrefs: "defaults read /Library/Preferences/com.apple.SoftwareUpdate",
  screenLock: "sysadminctl -screenLock status",
  askForPasswordDelay: "defaults read com.apple.screensaver askForPasswordDelay",
  idleTime: "defaults -currentHost read com.apple.screensaver idleTime",
  power: "pmset -g",
} as const;

export interface MacOsVersion {
  name: string;
  version: string;
  build: string | null;
}
export interface Toggle {
  enabled: boolean;
  detail: string;
}
export interface MacScreenLock {
  /** Whether a password is asked after sleep or the screen saver. */
  lock_enabled: boolean;
  /** Seconds between the screen saver (or display sleep) starting and the password being asked. */
  lock_delay_seconds: number | null;
  /** Seconds idle before the screen saver or display sleep starts, whichever comes first (null: never). */
  idle_seconds: number | null;
  detail: string;
}

export interface MacFacts {
  os: Detected<MacOsVersion>;
  disk_encryption: Detected<Toggle>;
  firewall: Detected<Toggle>;
  gatekeeper: Detected<Toggle>;
  automatic_updates: Detected<Toggle>;
  screen_lock: Detected<MacScreenLock>;
}

type Out = RecordedOutput | undefined;
/** The text of a command that ran, or why it gives no answer. */
function textOf(o: Out, what: string): { text: string } | { why: string } {
  if (!o) return { why: `The collector did not run ${what}.` };
  if (o.exit === 127) return { why: `${what} is not available on this Mac.` };
  const text = `${o.stdout}\n${o.stderr}`.trim();
  if (o.exit !== 0 && !text) return { why: `${what} exited with code ${o.exit}.` };
  return { text };
}

export function parseSwVers(text: string): MacOsVersion | null {
  const field = (k: string) => text.match(new RegExp(`^${k}:\\s*(.+)$`, "m"))?.[1]?.trim() ?? null;
  const version = field("ProductVersion");
  if (!version || !/^\d+(\.\d+)*$/.test(version)) return null;
  return { name: field("ProductName") ?? "macOS", version, build: field("BuildVersion") };
}

/** `fdesetup status`: On, Off, or a conversion under way (encrypting counts as not yet encrypted). */
export function parseFdesetup(text: string): Toggle | null {
  const line = text.split("\n")[0]!.trim();
  const progress = text.match(/(Encryption|Decryption) in progress[^\n]*/i)?.[0]?.trim();
  if (/FileVault is On\b/i.test(text) && !progress) return { enabled: true, detail: line };
  if (/FileVault is Off\b/i.test(text) || progress)
    return { enabled: false, detail: progress ? `${line} ${progress}.`.replace(/\.\./, ".") : line };
  return null;
}

/** socketfilterfw --getglobalstate: "(State = 1)" on, 2 block all; 0 off. */
export function parseSocketFilter(text: string): Toggle | null {
  const state = text.match(/State\s*=\s*(\d)/)?.[1];
  const line = text.trim().split("\n")[0]!;
  if (state !== undefined) return { enabled: state !== "0", detail: line };
  if (/firewall is (enabled|blocking)/i.test(text)) return { enabled: true, detail: line };
  if (/firewall is disabled/i.test(text)) return { enabled: false, detail: line };
  return null;
}

/** spctl --status: "assessments enabled" or "assessments disabled". */
export function parseSpctl(text: string): Toggle | null {
  const m = text.match(/assessments (enabled|disabled)/i);
  return m ? { enabled: m[1]!.toLowerCase() === "enabled", detail: m[0] } : null;
}

/** softwareupdate --schedule: "Automatic check is on" (older) or "Automatic checking for updates is turned on". */
export function parseSchedule(text: string): boolean | null {
  const m = text.match(/Automatic (?:check(?:ing for updates)? is|checking for updates is turned) (on|off)/i);
  return m ? m[1]!.toLowerCase() === "on" : null;
}

/** The `key = value;` pairs of `defaults read` (old-style plist text), top level only. */
export function parseDefaults(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^\s{4}"?([A-Za-z0-9_.-]+)"?\s*=\s*"?([^";\n]*)"?;\s*$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

/**
 * Automatic updates: macOS checks, downloads and installs security responses and system files unless turned off.
 * A key that is not set has macOS's default (on), and the detail says so.
 */
export function automaticUpdatesFrom(schedule: boolean | null, prefs: Map<string, string> | null): Toggle {
  const keys = ["AutomaticCheckEnabled", "AutomaticDownload", "CriticalUpdateInstall"] as const;
  const values = keys.map((k) => {
    const v = prefs?.get(k);
    return { k, v, on: v === undefined ? null : v !== "0" && v.toLowerCase() !== "false" };
  });
  const check = schedule ?? values[0]!.on;
  const off = values.filter((x) => x.on === false).map((x) => x.k);
  if (check === false && !off.includes("AutomaticCheckEnabled")) off.unshift("AutomaticCheckEnabled");
  const defaults = values.filter((x) => x.on === null).map((x) => x.k);
  const note = defaults.length ? ` Not set (macOS's default, on): ${defaults.join(", ")}.` : "";
  return off.length
    ? { enabled: false, detail: `Turned off: ${off.join(", ")}.${note}` }
    : {
        enabled: true,
        detail: `Updates are checked for, downloaded and security responses installed automatically.${note}`,
      };
}

/**
 * sysadminctl -screenLock status (on stderr): "screenLock delay is immediate", "screenLock delay is 300 seconds",
 * "screenLock is off". Null when the answer is something else.
 */
export function parseScreenLockStatus(text: string): { lock: boolean; delay: number | null } | null {
  if (/screenLock is off/i.test(text)) return { lock: false, delay: null };
  if (/screenLock delay is immediate/i.test(text)) return { lock: true, delay: 0 };
  const m = text.match(/screenLock delay is (\d+) seconds?/i);
  return m ? { lock: true, delay: Number(m[1]) } : null;
}

/** A `defaults read` of one integer ("300"), null when the key is not set. */
export function parseDefaultsInt(o: Out): number | null {
  if (o === undefined) return null;
  const v = o.exit === 0 ? o.stdout.trim() : "";
  return /^\d+$/.test(v) ? Number(v) : null;
}

/** pmset -g: the display sleep in minutes (0: never). */
export function parseDisplaySleep(text: string): number | null {
  const m = text.match(/^\s*displaysleep\s+(\d+)/m);
  return m ? Number(m[1]) : null;
}

function macScreenLock(by: Map<string, RecordedOutput>): Detected<MacScreenLock> {
  const how = `${MACOS_COMMANDS.screenLock}, ${MACOS_COMMANDS.idleTime} and ${MACOS_COMMANDS.power}`;
  const status = textOf(by.get(MACOS_COMMANDS.screenLock), MACOS_COMMANDS.screenLock);
  let lock = "text" in status ? parseScreenLockStatus(status.text) : null;
  if (!lock) {
    // Before macOS 10.13 (and where sysadminctl cannot answer): the screen saver's own settings.
    const delay = parseDefaultsInt(by.get(MACOS_COMMANDS.askForPasswordDelay));
    if (delay !== null) lock = { lock: true, delay };
    else
      return unknown(
        "text" in status
          ? `sysadminctl answered something unexpected: ${status.text.split("\n")[0]!.slice(0, 200)}`
          : status.why,
        how,
      );
  }
  const idleTime = parseDefaultsInt(by.get(MACOS_COMMANDS.idleTime));
  const pm = textOf(by.get(MACOS_COMMANDS.power), MACOS_COMMANDS.power);
  const sleepMinutes = "text" in pm ? parseDisplaySleep(pm.text) : null;
  // The screen saver starts after idleTime (not set: 20 minutes); the display sleeps after displaysleep.
  const saver = idleTime ?? 1200;
  const candidates = [saver, sleepMinutes === null ? 0 : sleepMinutes * 60].filter((n) => n > 0);
  const idle = candidates.length ? Math.min(...candidates) : null;
  const parts = [
    lock.lock
      ? `password asked ${lock.delay ? `${lock.delay} s after` : "immediately at"} sleep or screen saver`
      : "no password after sleep or screen saver",
    `screen saver after ${idleTime === null ? "20 min (not set: macOS's default)" : idleTime ? `${Math.round(idleTime / 60)} min` : "never"}`,
    `display sleep after ${sleepMinutes === null ? "unknown" : sleepMinutes ? `${sleepMinutes} min` : "never"}`,
  ];
  return detected(
    { lock_enabled: lock.lock, lock_delay_seconds: lock.delay, idle_seconds: idle, detail: `${parts.join("; ")}.` },
    how,
  );
}

function toggle(by: Map<string, RecordedOutput>, cmd: string, parse: (t: string) => Toggle | null): Detected<Toggle> {
  const t = textOf(by.get(cmd), cmd);
  if ("why" in t) return unknown(t.why, cmd);
  const v = parse(t.text);
  return v ? detected(v, cmd) : unknown(`${cmd} answered something unexpected: ${t.text.slice(0, 200)}`, cmd);
}

export function macFacts(outputs: readonly RecordedOutput[]): MacFacts {
  const by = outputsByName(outputs);
  const sw = textOf(by.get(MACOS_COMMANDS.os), "sw_vers");
  const version = "text" in sw ? parseSwVers(sw.text) : null;
  const schedule = textOf(by.get(MACOS_COMMANDS.schedule), MACOS_COMMANDS.schedule);
  const prefs = by.get(MACOS_COMMANDS.updatePrefs);
  const scheduleOn = "text" in schedule ? parseSchedule(schedule.text) : null;
  const prefMap = prefs && prefs.exit === 0 ? parseDefaults(prefs.stdout) : null;
  const updatesHow = `${MACOS_COMMANDS.schedule} and ${MACOS_COMMANDS.updatePrefs}`;
  return {
    os: version
      ? detected(version, "sw_vers")
      : unknown("text" in sw ? `sw_vers printed no ProductVersion.` : sw.why, "sw_vers"),
    disk_encryption: toggle(by, MACOS_COMMANDS.filevault, parseFdesetup),
    firewall: toggle(by, MACOS_COMMANDS.firewall, parseSocketFilter),
    gatekeeper: toggle(by, MACOS_COMMANDS.gatekeeper, parseSpctl),
    automatic_updates:
      scheduleOn === null && !prefMap
        ? unknown("Neither softwareupdate --schedule nor the SoftwareUpdate preferences could be read.", updatesHow)
        : detected(automaticUpdatesFrom(scheduleOn, prefMap), updatesHow),
    screen_lock: macScreenLock(by),
  };
}
