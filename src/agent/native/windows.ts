/**
 * Windows facts from the raw outputs the PowerShell collector sends: cmdlets' objects as JSON
 * (`ConvertTo-Json`, enums sent as their names by the script; numbers are accepted too) and `manage-bde`'s text
 * when Get-BitLockerVolume is unavailable. Pure, tested on recorded outputs
 * (src/integrations/linux-agent/fixtures/windows).
 */
import { type Detected, detected, unknown } from "../facts.ts";
import { outputsByName, type RecordedOutput } from "./recorded.ts";

export const WINDOWS_COMMANDS = {
  os: "Get-CimInstance Win32_OperatingSystem",
  bitlocker: "Get-BitLockerVolume -MountPoint C:",
  manageBde: "manage-bde -status C:",
  defender: "Get-MpComputerStatus",
  firewall: "Get-NetFirewallProfile",
  updatePolicy: "Get-ItemProperty HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU",
  inactivity: "Get-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System",
  screenSaverPolicy: "Get-ItemProperty 'HKCU:\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop'",
  screenSaver: "Get-ItemProperty 'HKCU:\\Control Panel\\Desktop'",
} as const;

export interface WindowsOs {
  caption: string;
  version: string;
  build: number;
  /** 1 workstation, 2 domain controller, 3 server. */
  product_type: number;
}
export interface WindowsDisk {
  encrypted: boolean;
  protection: string;
  conversion: string;
  percent: number | null;
  detail: string;
}
export interface WindowsAntivirus {
  realtime: boolean;
  signature_age_days: number | null;
  detail: string;
}
export interface WindowsFirewall {
  active: boolean;
  profiles: { name: string; enabled: boolean }[];
  detail: string;
}
export interface WindowsToggle {
  enabled: boolean;
  detail: string;
}
export interface WindowsScreenLock {
  lock_enabled: boolean;
  idle_seconds: number | null;
  detail: string;
}
export interface WindowsFacts {
  os: Detected<WindowsOs>;
  disk_encryption: Detected<WindowsDisk>;
  antivirus: Detected<WindowsAntivirus>;
  firewall: Detected<WindowsFirewall>;
  automatic_updates: Detected<WindowsToggle>;
  screen_lock: Detected<WindowsScreenLock>;
}

type Json = Record<string, unknown>;

/** The JSON object (or the first of an array) a cmdlet printed; null when it printed none. */
export function jsonOf(text: string): Json | Json[] | null {
  const t = text.replace(/^\uFEFF/, "").trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return null;
  try {
    const v = JSON.parse(t) as unknown;
    return v && typeof v === "object" ? (v as Json | Json[]) : null;
  } catch {
    return null;
  }
}
const first = (v: Json | Json[] | null): Json | null => (Array.isArray(v) ? (v[0] ?? null) : v);
const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));
/** PowerShell booleans and GpoBoolean: true/false, "True"/"False", 1/0. */
const bool = (v: unknown): boolean | null => {
  if (typeof v === "boolean") return v;
  if (v === 1 || /^(true|1)$/i.test(str(v))) return true;
  if (v === 0 || /^(false|0)$/i.test(str(v))) return false;
  return null;
};
const int = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : /^\s*-?\d+\s*$/.test(str(v)) ? Number(str(v)) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};

const PROTECTION = ["Off", "On", "Unknown"];
const VOLUME = [
  "FullyDecrypted",
  "FullyEncrypted",
  "EncryptionInProgress",
  "DecryptionInProgress",
  "EncryptionPaused",
  "DecryptionPaused",
];
const enumName = (v: unknown, names: string[]) => (typeof v === "number" ? (names[v] ?? String(v)) : str(v));

/** Get-BitLockerVolume's C: volume: protected (On) and fully encrypted. */
export function bitlockerFromCmdlet(v: Json): WindowsDisk {
  const protection = enumName(v.ProtectionStatus, PROTECTION);
  const conversion = enumName(v.VolumeStatus, VOLUME);
  const percent = typeof v.EncryptionPercentage === "number" ? v.EncryptionPercentage : null;
  const encrypted = protection === "On" && conversion === "FullyEncrypted";
  return {
    encrypted,
    protection,
    conversion,
    percent,
    detail: `C: protection ${protection}, ${conversion}${percent === null ? "" : ` (${percent}%)`}.`,
  };
}

/**
 * manage-bde -status C: (its text is localized: English and German are read; another language is unknown and the
 * collector prefers Get-BitLockerVolume anyway).
 */
export function bitlockerFromManageBde(text: string): WindowsDisk | null {
  const en = {
    protection: text.match(/Protection Status:\s*Protection (On|Off|Unknown)/i)?.[1],
    conversion: text.match(/Conversion Status:\s*([^\r\n]+)/i)?.[1]?.trim(),
    percent: text.match(/Percentage Encrypted:\s*([\d.,]+)\s*%/i)?.[1],
  };
  const de = {
    protection: text.match(/Schutzstatus:\s*Der Schutz ist (aktiviert|deaktiviert)/i)?.[1],
    conversion: text.match(/Konvertierungsstatus:\s*([^\r\n]+)/i)?.[1]?.trim(),
    percent: text.match(/Verschl\u00fcsselt \(Prozent\):\s*([\d.,]+)\s*%/i)?.[1],
  };
  const protection = en.protection
    ? en.protection[0]!.toUpperCase() + en.protection.slice(1).toLowerCase()
    : de.protection
      ? de.protection.toLowerCase() === "aktiviert"
        ? "On"
        : "Off"
      : null;
  if (!protection) return null;
  const conversion = en.conversion ?? de.conversion ?? "unknown";
  const rawPercent = en.percent ?? de.percent;
  const percent = rawPercent ? Number(rawPercent.replace(",", ".")) : null;
  const full =
    percent !== null
      ? percent >= 100
      : /fully encrypted|used space only encrypted|vollst\u00e4ndig verschl\u00fcsselt|nur verwendeter speicherplatz ist verschl\u00fcsselt/i.test(
          conversion,
        );
  return {
    encrypted: protection === "On" && full,
    protection,
    conversion,
    percent,
    detail: `C: protection ${protection}, ${conversion}${percent === null ? "" : ` (${percent}%)`} (manage-bde).`,
  };
}

/** Defender: real-time protection on and signatures at most a week old (the test decides the age). */
export function defenderFrom(v: Json): WindowsAntivirus {
  const realtime = bool(v.RealTimeProtectionEnabled) === true && bool(v.AntivirusEnabled) !== false;
  const age = int(v.AntivirusSignatureAge);
  const service = bool(v.AMServiceEnabled);
  return {
    realtime,
    signature_age_days: age !== null && age >= 0 && age < 65535 ? age : null,
    detail: `Real-time protection ${bool(v.RealTimeProtectionEnabled) ? "on" : "off"}${service === false ? " (the antimalware service is off)" : ""}; signatures ${age === null ? "of unknown age" : `${age} day(s) old`}.`,
  };
}

export function firewallFrom(v: Json | Json[]): WindowsFirewall | null {
  const list = (Array.isArray(v) ? v : [v]).filter((p) => p && typeof p === "object" && "Name" in p);
  if (!list.length) return null;
  const profiles = list.map((p) => ({ name: str(p.Name), enabled: bool(p.Enabled) === true }));
  const off = profiles.filter((p) => !p.enabled).map((p) => p.name);
  return {
    active: off.length === 0,
    profiles,
    detail: off.length
      ? `Turned off for the ${off.join(", ")} profile(s).`
      : `On for every profile (${profiles.map((p) => p.name).join(", ")}).`,
  };
}

/** The Windows Update policy (AU key): absent means Windows' own default, which installs automatically on clients. */
export function updatesFrom(policy: Json | null, productType: number | null): WindowsToggle {
  if (!policy || (policy.NoAutoUpdate == null && policy.AUOptions == null)) {
    if (productType !== null && productType !== 1)
      return {
        enabled: false,
        detail: "No Windows Update policy: Windows Server only downloads updates unless a policy installs them.",
      };
    return {
      enabled: true,
      detail: "No Windows Update policy: Windows' default downloads and installs updates automatically.",
    };
  }
  if (int(policy.NoAutoUpdate) === 1)
    return { enabled: false, detail: "The Windows Update policy turns automatic updates off (NoAutoUpdate = 1)." };
  const options = int(policy.AUOptions);
  const meaning: Record<number, string> = {
    2: "notify before download",
    3: "download automatically, ask before installing",
    4: "download and install automatically on a schedule",
    5: "local administrators choose",
    7: "download automatically, ask before installing and restarting",
  };
  return {
    enabled: options === 4,
    detail: `The Windows Update policy sets AUOptions = ${options ?? "?"}${options !== null && meaning[options] ? ` (${meaning[options]})` : ""}.`,
  };
}

/**
 * Screen lock: the machine inactivity limit (InactivityTimeoutSecs) when set, else the screen saver (policy over
 * the user's own setting) must be on, password protected, with a timeout.
 */
export function screenLockFrom(inactivity: Json | null, policy: Json | null, user: Json | null): WindowsScreenLock {
  const limit = int(inactivity?.InactivityTimeoutSecs);
  if (limit !== null && limit > 0)
    return {
      lock_enabled: true,
      idle_seconds: limit,
      detail: `The machine inactivity limit locks after ${limit} s (InactivityTimeoutSecs policy).`,
    };
  const pick = (k: string) =>
    policy?.[k] !== undefined ? { v: policy[k], from: "policy" } : { v: user?.[k], from: "user" };
  const active = pick("ScreenSaveActive");
  const secure = pick("ScreenSaverIsSecure");
  const timeout = pick("ScreenSaveTimeOut");
  const on = bool(active.v) === true;
  const isSecure = bool(secure.v) === true;
  const seconds = int(timeout.v);
  return {
    lock_enabled: on && isSecure,
    idle_seconds: on && seconds ? seconds : null,
    detail: `Screen saver ${on ? "on" : "off"} (${active.from}), ${isSecure ? "asks for the password" : "does not ask for the password"} (${secure.from}), after ${seconds ?? "?"} s (${timeout.from}).`,
  };
}

export function windowsFacts(outputs: readonly RecordedOutput[]): WindowsFacts {
  const by = outputsByName(outputs);
  const json = (cmd: string) => {
    const o = by.get(cmd);
    return o && o.exit === 0 ? jsonOf(o.stdout) : null;
  };
  const why = (cmd: string) => {
    const o = by.get(cmd);
    if (!o) return `The collector did not run ${cmd}.`;
    if (o.exit === 0) return `${cmd} printed nothing readable.`;
    return `${cmd} failed: ${(o.stderr.trim().split("\n")[0] ?? "").slice(0, 300) || `exit code ${o.exit}`}`;
  };
  const osJson = first(json(WINDOWS_COMMANDS.os));
  const build = int(osJson?.BuildNumber);
  const productType = int(osJson?.ProductType);
  const os: Detected<WindowsOs> =
    osJson && build !== null
      ? detected(
          { caption: str(osJson.Caption), version: str(osJson.Version), build, product_type: productType ?? 1 },
          WINDOWS_COMMANDS.os,
        )
      : unknown(why(WINDOWS_COMMANDS.os), WINDOWS_COMMANDS.os);

  let disk: Detected<WindowsDisk>;
  const bl = first(json(WINDOWS_COMMANDS.bitlocker));
  if (bl) disk = detected(bitlockerFromCmdlet(bl), WINDOWS_COMMANDS.bitlocker);
  else {
    const bde = by.get(WINDOWS_COMMANDS.manageBde);
    const parsed = bde && bde.exit === 0 ? bitlockerFromManageBde(bde.stdout) : null;
    disk = parsed
      ? detected(parsed, WINDOWS_COMMANDS.manageBde)
      : unknown(
          `${why(WINDOWS_COMMANDS.bitlocker)} ${bde && bde.exit === 0 ? "manage-bde answered in a language Assay does not read." : why(WINDOWS_COMMANDS.manageBde)} Run the collector as an administrator (the scheduled task runs as SYSTEM).`,
          `${WINDOWS_COMMANDS.bitlocker} or ${WINDOWS_COMMANDS.manageBde}`,
        );
  }

  const mp = first(json(WINDOWS_COMMANDS.defender));
  const fw = json(WINDOWS_COMMANDS.firewall);
  const fwValue = fw ? firewallFrom(fw) : null;
  const policyOut = by.get(WINDOWS_COMMANDS.updatePolicy);
  const updates: Detected<WindowsToggle> =
    policyOut === undefined
      ? unknown(why(WINDOWS_COMMANDS.updatePolicy), WINDOWS_COMMANDS.updatePolicy)
      : detected(updatesFrom(first(json(WINDOWS_COMMANDS.updatePolicy)), productType), WINDOWS_COMMANDS.updatePolicy);
  const lockHow = "InactivityTimeoutSecs policy, then the screen saver settings (policy, then the user's)";
  const user = first(json(WINDOWS_COMMANDS.screenSaver));
  const inactivity = first(json(WINDOWS_COMMANDS.inactivity));
  const lockPolicy = first(json(WINDOWS_COMMANDS.screenSaverPolicy));
  return {
    os,
    disk_encryption: disk,
    antivirus: mp
      ? detected(defenderFrom(mp), WINDOWS_COMMANDS.defender)
      : unknown(
          `${why(WINDOWS_COMMANDS.defender)} (Microsoft Defender is off or another antivirus product replaced it).`,
          WINDOWS_COMMANDS.defender,
        ),
    firewall: fwValue
      ? detected(fwValue, WINDOWS_COMMANDS.firewall)
      : unknown(why(WINDOWS_COMMANDS.firewall), WINDOWS_COMMANDS.firewall),
    automatic_updates: updates,
    screen_lock:
      user || inactivity || lockPolicy
        ? detected(screenLockFrom(inactivity, lockPolicy, user), lockHow)
        : unknown(why(WINDOWS_COMMANDS.screenSaver), lockHow),
  };
}
