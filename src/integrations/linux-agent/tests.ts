/** The catalogue tests of the Linux agent: each reads one fact of the `device` resource the agent reported. */
import type { CatalogueTest, Evaluation, ResourceInput } from "../types.ts";
import { releaseOf } from "./os-support.ts";

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
const RUN_AS_ROOT = "Run the agent as root (the systemd timer from `assay agent install-timer` does).";
/** Screen lock after at most this long idle (AST-05 guidance: 5–15 minutes). */
export const MAX_IDLE_SECONDS = 15 * 60;

export const LINUX_AGENT_TESTS: readonly CatalogueTest[] = [
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
      const end = Date.parse(`${release.endOfSupport}T23:59:59Z`);
      const now = Date.now();
      if (end < now)
        return { status: "fail", reason: `${release.label} reached its end of support on ${release.endOfSupport}.` };
      const days = Math.floor((end - now) / DAY);
      return {
        status: "pass",
        reason: `${release.label} is supported until ${release.endOfSupport}${days <= 90 ? ` — only ${days} day(s) left: plan the upgrade` : ""}.`,
      };
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
