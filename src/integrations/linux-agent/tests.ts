/**
 * The catalogue tests of the endpoint agent: each reads one fact of the `device` resource a device reported. The
 * Linux tests keep their ids; macOS and Windows devices have their own (`linux_agent.macos_…`,
 * `linux_agent.windows_…`), and each platform's tests are not applicable to the others.
 */
import type { CatalogueTest, Evaluation, ResourceInput } from "../types.ts";
import { macosReleaseOf, releaseOf, windowsReleaseOf } from "./os-support.ts";

export const PLATFORMS = ["linux", "macos", "windows"] as const;
export type Platform = (typeof PLATFORMS)[number];
export const PLATFORM_LABELS: Record<Platform, string> = { linux: "Linux", macos: "macOS", windows: "Windows" };

/** The platform a test is for, from its id. */
export function platformOfTest(testId: string): Platform {
  if (testId.startsWith("linux_agent.macos_")) return "macos";
  if (testId.startsWith("linux_agent.windows_")) return "windows";
  return "linux";
}

/** The device's platform: reports from before the native collectors have none and are Linux. */
export const platformOfDevice = (r: ResourceInput): Platform =>
  (PLATFORMS as readonly unknown[]).includes(r.attributes.platform) ? (r.attributes.platform as Platform) : "linux";

type Fact =
  | { state: "detected"; method: string; value: Record<string, unknown> }
  | { state: "unknown"; reason: string };

function fact(r: ResourceInput, key: string): Fact | null {
  const f = r.attributes[key] as Fact | undefined;
  return f && typeof f === "object" && (f.state === "detected" || f.state === "unknown") ? f : null;
}

/** An unknown fact is a failure to verify, never a pass: the remediation says how to make it checkable. */
function unverified(f: Fact | null, what: string, howToFix: string): Evaluation | null {
  if (!f) return { status: "fail", reason: `The agent did not report ${what}.`, remediation: "Update the agent." };
  if (f.state === "unknown")
    return { status: "fail", reason: `Could not verify ${what}: ${f.reason}`, remediation: howToFix };
  return null;
}

const DAY = 86_400_000;

/** Pass until the end of support (warning in the last 90 days), fail after it. */
function supportVerdict(label: string, endOfSupport: string): Evaluation {
  const end = Date.parse(`${endOfSupport}T23:59:59Z`);
  const now = Date.now();
  if (end < now) return { status: "fail", reason: `${label} reached its end of support on ${endOfSupport}.` };
  const days = Math.floor((end - now) / DAY);
  return {
    status: "pass",
    reason: `${label} is supported until ${endOfSupport}${days <= 90 ? ` — only ${days} day(s) left: plan the upgrade` : ""}.`,
  };
}
const RUN_AS_ROOT = "Run the agent as root (the systemd timer from `assay agent install-timer` does).";
/** Screen lock after at most this long idle (AST-05 guidance: 5–15 minutes). */
export const MAX_IDLE_SECONDS = 15 * 60;

const LINUX_TESTS: readonly CatalogueTest[] = [
  {
    id: "linux_agent.disk_encryption",
    title: "Disks are encrypted",
    description: "The root filesystem, and /home when it is separate, sit on a dm-crypt/LUKS encrypted volume.",
    resourceType: "device",
    severity: "high",
    controls: ["AST-03", "CNF-02"],
    remediation:
      "Reinstall with full-disk encryption (LUKS) enabled in the installer, or migrate the data onto a LUKS volume; an existing unencrypted root cannot be encrypted in place safely.",
    evaluate(r) {
      const f = fact(r, "disk_encryption");
      const bad = unverified(f, "disk encryption", RUN_AS_ROOT);
      if (bad || f?.state !== "detected") return bad!;
      const volumes = (f.value.volumes ?? []) as { mountpoint: string; device: string; encrypted: boolean }[];
      const plain = volumes.filter((v) => !v.encrypted);
      return plain.length
        ? {
            status: "fail",
            reason: `Not encrypted: ${plain.map((v) => `${v.mountpoint} (${v.device})`).join(", ")}.`,
          }
        : { status: "pass", reason: `Encrypted with dm-crypt/LUKS: ${volumes.map((v) => v.mountpoint).join(", ")}.` };
    },
  },
  {
    id: "linux_agent.firewall_active",
    title: "A host firewall is active",
    description:
      "ufw is active, firewalld is running, or nftables/iptables filter incoming traffic (a drop policy or drop/reject rules on input).",
    resourceType: "device",
    severity: "medium",
    controls: ["AST-05", "NET-01"],
    remediation:
      "Turn on a host firewall that denies incoming connections by default: `ufw default deny incoming && ufw enable` (Debian, Ubuntu) or `systemctl enable --now firewalld` (Fedora, RHEL).",
    evaluate(r) {
      const f = fact(r, "firewall");
      const bad = unverified(
        f,
        "the firewall",
        "Install and enable a firewall (ufw, firewalld or nftables) and run the agent as root so it can read the rules.",
      );
      if (bad || f?.state !== "detected") return bad!;
      return f.value.active
        ? { status: "pass", reason: `${String(f.value.detail)}.` }
        : { status: "fail", reason: `No firewall filters incoming traffic: ${String(f.value.detail)}.` };
    },
  },
  {
    id: "linux_agent.automatic_security_updates",
    title: "Security updates install automatically",
    description:
      "Debian and Ubuntu: unattended-upgrades is installed and APT::Periodic::Unattended-Upgrade is on. Fedora and RHEL: a dnf-automatic timer that applies updates is enabled.",
    resourceType: "device",
    severity: "high",
    controls: ["AST-05", "OPS-09"],
    remediation:
      "Debian/Ubuntu: `apt install unattended-upgrades && dpkg-reconfigure -plow unattended-upgrades`. Fedora/RHEL: `dnf install dnf-automatic && systemctl enable --now dnf-automatic-install.timer`.",
    evaluate(r) {
      const f = fact(r, "automatic_updates");
      const bad = unverified(
        f,
        "automatic updates",
        "Use a distribution the agent knows (Debian, Ubuntu, Fedora, RHEL and rebuilds) or record how this machine is patched and ask for an exception.",
      );
      if (bad || f?.state !== "detected") return bad!;
      return f.value.enabled
        ? {
            status: "pass",
            reason: `${String(f.value.mechanism)} applies updates automatically. ${String(f.value.detail)}`,
          }
        : { status: "fail", reason: `Updates are not applied automatically. ${String(f.value.detail)}` };
    },
  },
  {
    id: "linux_agent.ssh_root_login_disabled",
    title: "SSH does not allow root to log in",
    description: "When an SSH server is installed, its effective PermitRootLogin is `no`.",
    resourceType: "device",
    severity: "high",
    controls: ["AST-09", "ACC-09", "NET-04"],
    remediation:
      "Set `PermitRootLogin no` in /etc/ssh/sshd_config (before any Include that sets it, or in the first file of sshd_config.d), then `systemctl reload ssh` (or sshd). Administrators log in as themselves and use sudo.",
    evaluate(r) {
      const f = fact(r, "ssh");
      const bad = unverified(f, "the SSH server's settings", RUN_AS_ROOT);
      if (bad || f?.state !== "detected") return bad!;
      if (!f.value.installed) return { status: "not_applicable", reason: "No SSH server is installed." };
      const v = String(f.value.permit_root_login);
      return v === "no"
        ? { status: "pass", reason: `PermitRootLogin is no (${String(f.value.source)}).` }
        : {
            status: "fail",
            reason: `PermitRootLogin is ${v} (${String(f.value.source)})${v === "yes" ? "" : ": root can still log in with a key"}.`,
          };
    },
  },
  {
    id: "linux_agent.ssh_password_auth_disabled",
    title: "SSH does not accept passwords",
    description:
      "When an SSH server is installed, its effective PasswordAuthentication is `no` (keys or certificates only).",
    resourceType: "device",
    severity: "medium",
    controls: ["AST-09", "ACC-05"],
    remediation:
      "Set `PasswordAuthentication no` in /etc/ssh/sshd_config (cloud images often set it in sshd_config.d/50-cloud-init.conf: change it there too), make sure your key works, then reload sshd.",
    evaluate(r) {
      const f = fact(r, "ssh");
      const bad = unverified(f, "the SSH server's settings", RUN_AS_ROOT);
      if (bad || f?.state !== "detected") return bad!;
      if (!f.value.installed) return { status: "not_applicable", reason: "No SSH server is installed." };
      const v = String(f.value.password_authentication);
      return v === "no"
        ? { status: "pass", reason: `PasswordAuthentication is no (${String(f.value.source)}).` }
        : { status: "fail", reason: `PasswordAuthentication is ${v} (${String(f.value.source)}).` };
    },
  },
  {
    id: "linux_agent.supported_os",
    title: "The operating system still gets security updates",
    description:
      "The distribution and version (from /etc/os-release) are in Assay's table of supported releases and before their end of support.",
    resourceType: "device",
    severity: "high",
    controls: ["OPS-09"],
    remediation: "Upgrade to a supported release of the distribution (e.g. the current Debian stable or Ubuntu LTS).",
    evaluate(r) {
      const f = fact(r, "os");
      const bad = unverified(f, "the operating system", "Make sure /etc/os-release exists and is readable.");
      if (bad || f?.state !== "detected") return bad!;
      const id = String(f.value.id);
      const version = f.value.version_id === null ? null : String(f.value.version_id);
      const name = String(f.value.pretty_name ?? id);
      const release = releaseOf(id, version);
      if (!release)
        return {
          status: "fail",
          reason: `${name} (${id} ${version ?? "without a version"}) is not in Assay's table of supported releases${id === "ubuntu" ? " (only LTS releases are listed)" : ""}.`,
          remediation:
            "Move to a listed release, or, if this release is supported by its vendor, ask for an exception with the vendor's end-of-life date.",
        };
      return supportVerdict(release.label, release.endOfSupport);
    },
  },
  {
    id: "linux_agent.screen_lock",
    title: "The screen locks when idle",
    description: `On machines with a desktop, GNOME's screen lock is on and the screen blanks after at most ${MAX_IDLE_SECONDS / 60} minutes idle.`,
    resourceType: "device",
    severity: "medium",
    controls: ["AST-05", "PHY-06"],
    remediation:
      "Set the dconf system defaults org/gnome/desktop/screensaver/lock-enabled=true and org/gnome/desktop/session/idle-delay=uint32 300 (see docs/agent.md), then `dconf update`.",
    evaluate(r) {
      const f = fact(r, "screen_lock");
      const bad = unverified(
        f,
        "the screen lock",
        "Set the screen lock as dconf system defaults (docs/agent.md) so the agent can read it, or run the report as the desktop user.",
      );
      if (bad || f?.state !== "detected") return bad!;
      if (!f.value.desktop) return { status: "not_applicable", reason: "No desktop is installed (a server)." };
      const lock = f.value.lock_enabled;
      const idle = typeof f.value.idle_delay_seconds === "number" ? f.value.idle_delay_seconds : null;
      if (lock !== true) return { status: "fail", reason: "The screen lock is turned off (lock-enabled is false)." };
      if (idle === null || idle === 0 || idle > MAX_IDLE_SECONDS)
        return {
          status: "fail",
          reason: `The screen ${idle ? `blanks only after ${Math.round(idle / 60)} minutes` : "never blanks when idle"} (at most ${MAX_IDLE_SECONDS / 60} allowed).`,
        };
      return { status: "pass", reason: `The screen locks after ${Math.round(idle / 60)} minute(s) idle.` };
    },
  },
];

const MAC_ADMIN = "Install the collector as the Mac's user (the launchd agent does) so it can read this.";
const WIN_ADMIN = "Run the collector as an administrator (the scheduled task runs as SYSTEM).";

/** A check on one detected fact: unknown is a failure to verify; `judge` decides on the detected value. */
function factTest(
  t: Omit<CatalogueTest, "evaluate" | "resourceType"> & {
    fact: string;
    what: string;
    howToVerify: string;
    judge: (v: Record<string, unknown>) => Evaluation;
  },
): CatalogueTest {
  const { fact: key, what, howToVerify, judge, ...rest } = t;
  return {
    ...rest,
    resourceType: "device",
    evaluate(r) {
      const f = fact(r, key);
      const bad = unverified(f, what, howToVerify);
      if (bad || f?.state !== "detected") return bad!;
      return judge(f.value);
    },
  };
}
const detail = (v: Record<string, unknown>) => String(v.detail ?? "");
const toggle = (v: Record<string, unknown>, on: string, off: string): Evaluation =>
  v.enabled
    ? { status: "pass", reason: `${on} ${detail(v)}`.trim() }
    : { status: "fail", reason: `${off} ${detail(v)}`.trim() };

const MACOS_TESTS: readonly CatalogueTest[] = [
  factTest({
    id: "linux_agent.macos_filevault",
    title: "FileVault encrypts the disk",
    description: "`fdesetup status` says FileVault is On, with no encryption or decryption under way.",
    severity: "high",
    controls: ["AST-03", "CNF-02"],
    remediation:
      "Turn on FileVault: System Settings → Privacy & Security → FileVault → Turn On, and keep the recovery key with IT.",
    fact: "disk_encryption",
    what: "FileVault",
    howToVerify: MAC_ADMIN,
    judge: (v) => toggle(v, "FileVault is on.", "FileVault is not fully on:"),
  }),
  factTest({
    id: "linux_agent.macos_firewall",
    title: "The macOS firewall is on",
    description: "The application firewall's global state (socketfilterfw --getglobalstate) is enabled.",
    severity: "medium",
    controls: ["AST-05", "NET-01"],
    remediation: "System Settings → Network → Firewall → turn it on (or `socketfilterfw --setglobalstate on` as root).",
    fact: "firewall",
    what: "the firewall",
    howToVerify: MAC_ADMIN,
    judge: (v) => toggle(v, "", "The firewall is off:"),
  }),
  factTest({
    id: "linux_agent.macos_gatekeeper",
    title: "Gatekeeper checks apps",
    description:
      "`spctl --status` says assessments are enabled: only signed and notarized apps open without a warning.",
    severity: "medium",
    controls: ["AST-05"],
    remediation:
      "Turn Gatekeeper back on: `sudo spctl --global-enable`, and allow apps from the App Store and identified developers.",
    fact: "gatekeeper",
    what: "Gatekeeper",
    howToVerify: MAC_ADMIN,
    judge: (v) => toggle(v, "Gatekeeper is on:", "Gatekeeper is off:"),
  }),
  factTest({
    id: "linux_agent.macos_automatic_updates",
    title: "macOS installs security updates automatically",
    description: "Software Update checks and downloads automatically and installs security responses and system files.",
    severity: "high",
    controls: ["AST-05", "OPS-09"],
    remediation:
      "System Settings → General → Software Update → Automatic updates: turn on checking, downloading and installing security responses and system files.",
    fact: "automatic_updates",
    what: "automatic updates",
    howToVerify: MAC_ADMIN,
    judge: (v) => toggle(v, "", "Updates are not installed automatically."),
  }),
  factTest({
    id: "linux_agent.macos_screen_lock",
    title: "The Mac locks when idle",
    description: `A password is asked after sleep or the screen saver, and the screen locks within ${MAX_IDLE_SECONDS / 60} minutes idle.`,
    severity: "medium",
    controls: ["AST-05", "PHY-06"],
    remediation:
      "System Settings → Lock Screen: start the screen saver or turn the display off after at most 10 minutes, and require the password immediately.",
    fact: "screen_lock",
    what: "the screen lock",
    howToVerify: MAC_ADMIN,
    judge: (v) => {
      if (!v.lock_enabled) return { status: "fail", reason: `No password is asked after sleep: ${detail(v)}` };
      const idle = typeof v.idle_seconds === "number" ? v.idle_seconds : null;
      const total = idle === null ? null : idle + (typeof v.lock_delay_seconds === "number" ? v.lock_delay_seconds : 0);
      if (total === null || total > MAX_IDLE_SECONDS)
        return {
          status: "fail",
          reason: `The screen ${total === null ? "never locks when idle" : `locks only after ${Math.round(total / 60)} minutes`} (at most ${MAX_IDLE_SECONDS / 60} allowed): ${detail(v)}`,
        };
      return {
        status: "pass",
        reason: `The screen locks after ${Math.round(total / 60)} minute(s) idle: ${detail(v)}`,
      };
    },
  }),
  factTest({
    id: "linux_agent.macos_supported_os",
    title: "macOS still gets security updates",
    description: "The macOS major version (sw_vers) is one Apple still patches: the current one or the two before it.",
    severity: "high",
    controls: ["OPS-09"],
    remediation: "Upgrade to a current macOS (System Settings → General → Software Update).",
    fact: "os",
    what: "the macOS version",
    howToVerify: "Make sure sw_vers runs for the collector.",
    judge: (v) => {
      const release = macosReleaseOf(String(v.version));
      if (!release)
        return {
          status: "fail",
          reason: `macOS ${String(v.version)} is not in Assay's table of supported releases.`,
          remediation: "Upgrade to a listed release, or ask for an exception with Apple's support statement.",
        };
      return supportVerdict(release.label, release.endOfSupport);
    },
  }),
];

/** Defender's signatures older than this fail: Microsoft publishes several a day. */
export const MAX_SIGNATURE_AGE_DAYS = 7;

const WINDOWS_TESTS: readonly CatalogueTest[] = [
  factTest({
    id: "linux_agent.windows_bitlocker",
    title: "BitLocker encrypts the system drive",
    description: "Drive C: is fully encrypted and its protection is on (suspended protection fails).",
    severity: "high",
    controls: ["AST-03", "CNF-02"],
    remediation:
      "Turn on BitLocker for C: (Settings → Privacy & security → Device encryption, or Control Panel → BitLocker) and resume protection if it is suspended: `manage-bde -protectors -enable C:`.",
    fact: "disk_encryption",
    what: "BitLocker",
    howToVerify: WIN_ADMIN,
    judge: (v) => toggle({ ...v, enabled: v.encrypted }, "BitLocker protects C:.", "C: is not protected by BitLocker:"),
  }),
  factTest({
    id: "linux_agent.windows_defender",
    title: "Microsoft Defender protects in real time with current signatures",
    description: `Real-time protection is on and the antivirus signatures are at most ${MAX_SIGNATURE_AGE_DAYS} days old.`,
    severity: "high",
    controls: ["AST-05"],
    remediation:
      "Turn on real-time protection (Windows Security → Virus & threat protection) and update signatures (`Update-MpSignature`). If another antivirus replaces Defender, ask for an exception naming it.",
    fact: "antivirus",
    what: "Microsoft Defender",
    howToVerify:
      "Run the collector as an administrator; if another antivirus product replaces Defender, ask for an exception naming it.",
    judge: (v) => {
      if (!v.realtime) return { status: "fail", reason: `Real-time protection is off. ${detail(v)}` };
      const age = typeof v.signature_age_days === "number" ? v.signature_age_days : null;
      if (age === null || age > MAX_SIGNATURE_AGE_DAYS)
        return { status: "fail", reason: `The signatures are out of date. ${detail(v)}` };
      return { status: "pass", reason: detail(v) };
    },
  }),
  factTest({
    id: "linux_agent.windows_firewall",
    title: "Windows Firewall is on for every profile",
    description: "Get-NetFirewallProfile: the Domain, Private and Public profiles are enabled.",
    severity: "medium",
    controls: ["AST-05", "NET-01"],
    remediation:
      "Turn the firewall on for every profile: `Set-NetFirewallProfile -All -Enabled True` (as administrator).",
    fact: "firewall",
    what: "Windows Firewall",
    howToVerify: WIN_ADMIN,
    judge: (v) => toggle({ ...v, enabled: v.active }, "", "Windows Firewall is off:"),
  }),
  factTest({
    id: "linux_agent.windows_automatic_updates",
    title: "Windows installs updates automatically",
    description:
      "No Windows Update policy turns automatic installation off (policy AUOptions 4, or Windows' default on clients).",
    severity: "high",
    controls: ["AST-05", "OPS-09"],
    remediation:
      'Set the Windows Update policy "Configure Automatic Updates" to 4 (auto download and schedule the install), or remove the policy that turns it off.',
    fact: "automatic_updates",
    what: "automatic updates",
    howToVerify: WIN_ADMIN,
    judge: (v) => toggle(v, "", "Updates are not installed automatically."),
  }),
  factTest({
    id: "linux_agent.windows_screen_lock",
    title: "Windows locks when idle",
    description: `The machine inactivity limit, or a password-protected screen saver, locks within ${MAX_IDLE_SECONDS / 60} minutes idle.`,
    severity: "medium",
    controls: ["AST-05", "PHY-06"],
    remediation:
      'Set the policy "Interactive logon: Machine inactivity limit" to 900 seconds or less, or turn on a screen saver with "On resume, display logon screen" after at most 15 minutes.',
    fact: "screen_lock",
    what: "the screen lock",
    howToVerify: WIN_ADMIN,
    judge: (v) => {
      const idle = typeof v.idle_seconds === "number" ? v.idle_seconds : null;
      if (!v.lock_enabled || idle === null || idle <= 0 || idle > MAX_IDLE_SECONDS)
        return {
          status: "fail",
          reason: `The screen does not lock within ${MAX_IDLE_SECONDS / 60} minutes idle: ${detail(v)}`,
        };
      return { status: "pass", reason: detail(v) };
    },
  }),
  factTest({
    id: "linux_agent.windows_supported_os",
    title: "Windows still gets security updates",
    description: "The Windows build (Win32_OperatingSystem) is a release Microsoft still services for its edition.",
    severity: "high",
    controls: ["OPS-09"],
    remediation: "Upgrade to a serviced Windows 11 release (Settings → Windows Update).",
    fact: "os",
    what: "the Windows version",
    howToVerify: WIN_ADMIN,
    judge: (v) => {
      const release = windowsReleaseOf(Number(v.build), Number(v.product_type ?? 1), String(v.caption ?? ""));
      if (!release)
        return {
          status: "fail",
          reason: `${String(v.caption)} (build ${String(v.build)}) is not in Assay's table of serviced releases.`,
          remediation: "Upgrade to a listed release, or ask for an exception with Microsoft's lifecycle date.",
        };
      return supportVerdict(release.label, release.endOfSupport);
    },
  }),
];

/** Each test applies to devices of its own platform only. */
const forPlatform = (t: CatalogueTest): CatalogueTest => {
  const platform = platformOfTest(t.id);
  return {
    ...t,
    evaluate(r, ctx) {
      const device = platformOfDevice(r);
      if (device !== platform)
        return {
          status: "not_applicable",
          reason: `This check is for ${PLATFORM_LABELS[platform]}; this device runs ${PLATFORM_LABELS[device]}.`,
        };
      return t.evaluate(r, ctx);
    },
  };
};

export const LINUX_AGENT_TESTS: readonly CatalogueTest[] = [...LINUX_TESTS, ...MACOS_TESTS, ...WINDOWS_TESTS].map(
  forPlatform,
);
